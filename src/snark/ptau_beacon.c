/* snarkjs powersoftau beacon: a contribution whose secrets everyone can
 * recompute from a public random beacon (a future block hash, say), so
 * that the last contribution to a ceremony is known not to be chosen by
 * its author. The secrets come from the beacon's ChaCha stream exactly as
 * snarkjs draws them, so zkfl's output is byte for byte snarkjs's. */
#include <stdlib.h>
#include <string.h>
#include "snark/ptau_internal.h"
#include "snark/setup_common.h"
#include "snark/transcript_chacha.h"

int zkfl_ptau_beacon_key(zkfl_ptau_contribution *c, zkfl_fr secrets[3], const uint8_t challenge[64],
                         const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp)
{
    zkfl_chacha rng;
    int err = zkfl_chacha_from_beacon(&rng, beacon_hash, beacon_hash_len, num_iterations_exp);
    if (err) return err;
    zkfl_fr x[3];
    for (int j = 0; j < 3; j++) zkfl_chacha_fr(&x[j], &rng);
    for (int j = 0; j < 3; j++) {
        zkfl_g1_affine g1_s;
        zkfl_chacha_g1(&g1_s, &rng);
        zkfl_ptau_key_component(c, j, &x[j], &g1_s, challenge);
    }
    c->type = 1;
    c->num_iterations_exp = (uint8_t)num_iterations_exp;
    c->beacon_hash_len = (uint8_t)beacon_hash_len;
    memcpy(c->beacon_hash, beacon_hash, beacon_hash_len);
    if (secrets != NULL) memcpy(secrets, x, sizeof x);
    zkfl_memzero(x, sizeof x);
    zkfl_memzero(&rng, sizeof rng);
    return 0;
}

int zkfl_ptau_beacon(const char *out_path, const char *in_path, const char *name,
                     const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp,
                     uint8_t hash_out[64])
{
    if (out_path == NULL || in_path == NULL ||
        !zkfl_beacon_params_valid(beacon_hash, beacon_hash_len, num_iterations_exp))
        return ZKFL_ERR_INVALID_ARG;
    zkfl_ptau *pt = NULL;
    int err = zkfl_ptau_read_for_contribution(&pt, in_path);
    if (err) return err;
    zkfl_ptau_contribution key;
    memset(&key, 0, sizeof key);
    zkfl_setup_contribution_name(key.name, name);
    uint8_t challenge[64];
    zkfl_fr secrets[3];
    zkfl_ptau_last_challenge(challenge, pt);
    err = zkfl_ptau_beacon_key(&key, secrets, challenge, beacon_hash, beacon_hash_len, num_iterations_exp);
    if (!err) err = zkfl_ptau_apply_contribution(pt, &key, secrets, hash_out);
    zkfl_memzero(secrets, sizeof secrets);
    if (!err) err = zkfl_ptau_write(out_path, pt);
    zkfl_ptau_free(pt);
    return err;
}
