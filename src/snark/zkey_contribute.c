/* snarkjs zkey contribute: a fresh secret delta factor d. delta1/delta2
 * are multiplied by d, the C and H points by 1/d, and the contribution
 * record proves knowledge of d: g1_sx = d g1_s and g2_spx = d H(transcript)
 * where the transcript hashes the circuit hash, every earlier contribution
 * and (g1_s, g1_sx). A beacon (snarkjs zkey beacon) draws d and g1_s from
 * the beacon's ChaCha stream instead, so anyone can recompute them. */
#include <stdlib.h>
#include <string.h>
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"
#include "snark/zkey_internal.h"

void zkfl_zkey_hash_pubkey(void *state, const zkfl_zkey_contribution *c)
{
    zkfl_blake2b *h = state;
    zkfl_setup_hash_g1_one(h, &c->delta_after);
    zkfl_setup_hash_g1_one(h, &c->g1_s);
    zkfl_setup_hash_g1_one(h, &c->g1_sx);
    zkfl_setup_hash_g2_one(h, &c->g2_spx);
    zkfl_blake2b_update(h, c->transcript, 64);
}

int zkfl_zkey_apply_contribution(zkfl_zkey *zk, const zkfl_zkey_contribution *key, const zkfl_fr *d,
                                 const zkfl_g1_affine *g1_s, uint8_t hash_out[64])
{
    zkfl_zkey_contribution *list = realloc(zk->contributions, (zk->n_contributions + 1) * sizeof *list);
    if (list == NULL) return ZKFL_ERR_NOMEM;
    zk->contributions = list;
    zkfl_zkey_contribution *c = &list[zk->n_contributions];
    *c = *key;
    zkfl_g1 t;
    c->g1_s = *g1_s;
    zkfl_g1_from_affine(&t, g1_s);
    zkfl_g1_mul(&t, &t, d);
    zkfl_g1_to_affine(&c->g1_sx, &t);

    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, zk->cs_hash, 64);
    for (uint32_t i = 0; i < zk->n_contributions; i++) zkfl_zkey_hash_pubkey(&h, &zk->contributions[i]);
    zkfl_setup_hash_g1_one(&h, &c->g1_s);
    zkfl_setup_hash_g1_one(&h, &c->g1_sx);
    zkfl_blake2b_final(c->transcript, &h);
    zkfl_g2_affine sp;
    zkfl_hash_to_g2_snarkjs(&sp, c->transcript);
    zkfl_g2 u;
    zkfl_g2_from_affine(&u, &sp);
    zkfl_g2_mul(&u, &u, d);
    zkfl_g2_to_affine(&c->g2_spx, &u);

    zkfl_g1_from_affine(&t, &zk->delta1);
    zkfl_g1_mul(&t, &t, d);
    zkfl_g1_to_affine(&zk->delta1, &t);
    zkfl_g2_from_affine(&u, &zk->delta2);
    zkfl_g2_mul(&u, &u, d);
    zkfl_g2_to_affine(&zk->delta2, &u);
    c->delta_after = zk->delta1;

    zkfl_fr one, inv;
    zkfl_fr_set_one(&one);
    zkfl_fr_inv(&inv, d);
    int err = zkfl_g1_apply_powers(zk->c, zk->n_vars - zk->n_public - 1, &inv, &one, 0);
    if (!err) err = zkfl_g1_apply_powers(zk->h, zk->domain_size, &inv, &one, 0);
    zkfl_memzero(&inv, sizeof inv);
    if (err) return err;
    zk->n_contributions++;
    if (hash_out != NULL) {
        zkfl_blake2b_init(&h);
        zkfl_zkey_hash_pubkey(&h, c);
        zkfl_blake2b_final(hash_out, &h);
    }
    return 0;
}

static void set_name(zkfl_zkey_contribution *c, const char *name)
{
    memset(c, 0, sizeof *c);
    zkfl_setup_contribution_name(c->name, name);
}

static int contribute(zkfl_zkey *zk, const char *name, const char *entropy, uint8_t hash_out[64])
{
    zkfl_zkey_contribution key;
    set_name(&key, name);
    zkfl_fr d, s;
    int err = zkfl_setup_secret(&d, entropy, "zkfl zkey delta");
    if (!err) err = zkfl_setup_secret(&s, NULL, "zkfl zkey key s");
    if (err) return err;
    zkfl_g1 g;
    zkfl_g1_affine g1_s;
    zkfl_g1_generator(&g);
    zkfl_g1_mul(&g, &g, &s);
    zkfl_g1_to_affine(&g1_s, &g);
    zkfl_memzero(&s, sizeof s);
    err = zkfl_zkey_apply_contribution(zk, &key, &d, &g1_s, hash_out);
    zkfl_memzero(&d, sizeof d);
    return err;
}

int zkfl_zkey_beacon_key(zkfl_fr *d, zkfl_g1_affine *g1_s, const uint8_t *beacon_hash, size_t beacon_hash_len,
                         unsigned num_iterations_exp)
{
    zkfl_chacha rng;
    int err = zkfl_chacha_from_beacon(&rng, beacon_hash, beacon_hash_len, num_iterations_exp);
    if (err) return err;
    zkfl_chacha_fr(d, &rng);
    zkfl_chacha_g1(g1_s, &rng);
    zkfl_memzero(&rng, sizeof rng);
    return 0;
}

static int read_for_contribution(zkfl_zkey **out, const char *in_path)
{
    int err = zkfl_zkey_read(out, in_path);
    if (err) return err;
    if ((*out)->has_mpc) return 0;
    zkfl_zkey_free(*out);
    *out = NULL;
    return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: no contributions section (10): not a phase-2 ceremony key", in_path);
}

int zkfl_zkey_contribute(const char *out_path, const char *in_path, const char *name,
                         const char *entropy, uint8_t hash_out[64])
{
    if (out_path == NULL || in_path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_zkey *zk;
    int err = read_for_contribution(&zk, in_path);
    if (err) return err;
    err = contribute(zk, name, entropy, hash_out);
    if (!err) err = zkfl_zkey_write(out_path, zk);
    zkfl_zkey_free(zk);
    return err;
}

int zkfl_zkey_beacon(const char *out_path, const char *in_path, const char *name,
                     const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp,
                     uint8_t hash_out[64])
{
    if (out_path == NULL || in_path == NULL ||
        !zkfl_beacon_params_valid(beacon_hash, beacon_hash_len, num_iterations_exp))
        return ZKFL_ERR_INVALID_ARG;
    zkfl_zkey *zk;
    int err = read_for_contribution(&zk, in_path);
    if (err) return err;
    zkfl_zkey_contribution key;
    set_name(&key, name);
    key.type = 1;
    key.num_iterations_exp = (uint8_t)num_iterations_exp;
    key.beacon_hash_len = (uint8_t)beacon_hash_len;
    memcpy(key.beacon_hash, beacon_hash, beacon_hash_len);
    zkfl_fr d;
    zkfl_g1_affine g1_s;
    err = zkfl_zkey_beacon_key(&d, &g1_s, beacon_hash, beacon_hash_len, num_iterations_exp);
    if (!err) err = zkfl_zkey_apply_contribution(zk, &key, &d, &g1_s, hash_out);
    zkfl_memzero(&d, sizeof d);
    if (!err) err = zkfl_zkey_write(out_path, zk);
    zkfl_zkey_free(zk);
    return err;
}
