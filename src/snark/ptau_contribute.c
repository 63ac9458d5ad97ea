/* snarkjs powersoftau contribute: multiplies the accumulated powers by
 * fresh secrets tau, alpha, beta and records the contributor's public key
 * (proof of knowledge of each secret, bound to the previous challenge) and
 * the transcript hashes that chain the contributions together. */
#include <stdlib.h>
#include <string.h>
#include "snark/ptau_internal.h"
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"

/* Public-key component j (0 tau, 1 alpha, 2 beta) for secret x, given the
 * random point g1_s: g1_sx = x g1_s, g2_spx = x hashToG2(j, challenge,
 * g1_s, g1_sx) (snarkjs keypair.js calculatePubKey). */
void zkfl_ptau_key_component(zkfl_ptau_contribution *c, int j, const zkfl_fr *x,
                             const zkfl_g1_affine *g1_s, const uint8_t challenge[64])
{
    zkfl_g1 t;
    c->key_g1_s[j] = *g1_s;
    zkfl_g1_from_affine(&t, g1_s);
    zkfl_g1_mul(&t, &t, x);
    zkfl_g1_to_affine(&c->key_g1_sx[j], &t);
    uint8_t personalization = (uint8_t)j, digest[64];
    zkfl_blake2b h;
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, &personalization, 1);
    zkfl_blake2b_update(&h, challenge, 64);
    zkfl_setup_hash_g1_one(&h, &c->key_g1_s[j]);
    zkfl_setup_hash_g1_one(&h, &c->key_g1_sx[j]);
    zkfl_blake2b_final(digest, &h);
    zkfl_g2_affine sp;
    zkfl_hash_to_g2_snarkjs(&sp, digest);
    zkfl_g2 u;
    zkfl_g2_from_affine(&u, &sp);
    zkfl_g2_mul(&u, &u, x);
    zkfl_g2_to_affine(&c->key_g2_spx[j], &u);
}

void zkfl_ptau_last_challenge(uint8_t out[64], const zkfl_ptau *pt)
{
    if (pt->n_contributions > 0)
        memcpy(out, pt->contributions[pt->n_contributions - 1].next_challenge, 64);
    else
        zkfl_ptau_first_challenge(out, pt->power);
}

int zkfl_ptau_apply_contribution(zkfl_ptau *pt, const zkfl_ptau_contribution *key, const zkfl_fr secrets[3],
                                 uint8_t hash_out[64])
{
    size_t n = (size_t)1 << pt->power;
    uint8_t challenge[64];
    zkfl_ptau_last_challenge(challenge, pt);
    zkfl_ptau_contribution *list = realloc(pt->contributions, (pt->n_contributions + 1) * sizeof *list);
    if (list == NULL) return ZKFL_ERR_NOMEM;
    pt->contributions = list;
    zkfl_ptau_contribution *c = &list[pt->n_contributions];
    *c = *key;

    zkfl_fr one;
    int err = 0;
    zkfl_fr_set_one(&one);
    if (!err) err = zkfl_g1_apply_powers(pt->tau_g1, 2 * n - 1, &one, &secrets[0], 0);
    if (!err) err = zkfl_g2_apply_powers(pt->tau_g2, n, &one, &secrets[0], 0);
    if (!err) err = zkfl_g1_apply_powers(pt->alpha_tau_g1, n, &secrets[1], &secrets[0], 0);
    if (!err) err = zkfl_g1_apply_powers(pt->beta_tau_g1, n, &secrets[2], &secrets[0], 0);
    if (!err) err = zkfl_g2_apply_powers(&pt->beta_g2, 1, &secrets[2], &secrets[0], 0);
    if (err) return err;

    c->tau_g1 = pt->tau_g1[1];
    c->tau_g2 = pt->tau_g2[1];
    c->alpha_g1 = pt->alpha_tau_g1[0];
    c->beta_g1 = pt->beta_tau_g1[0];
    c->beta_g2 = pt->beta_g2;

    /* Response hash: challenge, compressed new points, then the key; the
     * state before the key is kept as the partial hash. */
    zkfl_blake2b h;
    uint8_t response[64];
    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, challenge, 64);
    if ((err = zkfl_ptau_hash_sections(&h, pt, 1)) != 0) return err;
    zkfl_blake2b_export(c->partial_hash, &h);
    if ((err = zkfl_ptau_response_hash(response, c)) != 0) return err;

    zkfl_blake2b_init(&h);
    zkfl_blake2b_update(&h, response, 64);
    if ((err = zkfl_ptau_hash_sections(&h, pt, 0)) != 0) return err;
    zkfl_blake2b_final(c->next_challenge, &h);
    pt->n_contributions++;
    if (hash_out != NULL) memcpy(hash_out, response, 64);
    return 0;
}

static int contribute(zkfl_ptau *pt, const char *name, const char *entropy, uint8_t hash_out[64])
{
    uint8_t challenge[64];
    zkfl_ptau_last_challenge(challenge, pt);
    zkfl_ptau_contribution key;
    memset(&key, 0, sizeof key);
    zkfl_setup_contribution_name(key.name, name);
    /* secrets[0..2] = tau, alpha, beta. */
    zkfl_fr secrets[3], s;
    int err = 0;
    const char *labels[3] = {"zkfl ptau tau", "zkfl ptau alpha", "zkfl ptau beta"};
    for (int j = 0; j < 3 && !err; j++) err = zkfl_setup_secret(&secrets[j], entropy, labels[j]);
    for (int j = 0; j < 3 && !err; j++) {
        err = zkfl_setup_secret(&s, NULL, "zkfl ptau key s");
        if (err) break;
        zkfl_g1 g;
        zkfl_g1_affine g1_s;
        zkfl_g1_generator(&g);
        zkfl_g1_mul(&g, &g, &s);
        zkfl_g1_to_affine(&g1_s, &g);
        zkfl_ptau_key_component(&key, j, &secrets[j], &g1_s, challenge);
    }
    zkfl_memzero(&s, sizeof s);
    if (!err) err = zkfl_ptau_apply_contribution(pt, &key, secrets, hash_out);
    zkfl_memzero(secrets, sizeof secrets);
    return err;
}

int zkfl_ptau_read_for_contribution(zkfl_ptau **out, const char *in_path)
{
    zkfl_ptau *pt;
    int err = zkfl_ptau_read(&pt, in_path);
    if (err) return err;
    if (pt->power != pt->ceremony_power) {
        zkfl_ptau_free(pt);
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: reduced file (power %u of %u): contributions need the full ceremony size",
                               in_path, pt->power, pt->ceremony_power);
    }
    /* Phase-2 sections describe the old powers; they must be prepared again. */
    free(pt->lagrange_g1); free(pt->lagrange_g2);
    free(pt->lagrange_alpha_g1); free(pt->lagrange_beta_g1);
    pt->lagrange_g1 = NULL; pt->lagrange_g2 = NULL;
    pt->lagrange_alpha_g1 = NULL; pt->lagrange_beta_g1 = NULL;
    *out = pt;
    return 0;
}

int zkfl_ptau_contribute(const char *out_path, const char *in_path, const char *name,
                         const char *entropy, uint8_t hash_out[64])
{
    if (out_path == NULL || in_path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_ptau *pt = NULL;
    int err = zkfl_ptau_read_for_contribution(&pt, in_path);
    if (err) return err;
    err = contribute(pt, name, entropy, hash_out);
    if (!err) err = zkfl_ptau_write(out_path, pt);
    zkfl_ptau_free(pt);
    return err;
}
