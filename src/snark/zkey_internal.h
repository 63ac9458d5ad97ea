/* Internal: pieces shared by the .zkey reader, writer and the phase-2
 * setup code. */
#ifndef ZKFL_SNARK_ZKEY_INTERNAL_H
#define ZKFL_SNARK_ZKEY_INTERNAL_H

#include "snark/binfile.h"

enum {
    ZKEY_SEC_HEADER = 1, ZKEY_SEC_GROTH = 2, ZKEY_SEC_IC = 3, ZKEY_SEC_COEFS = 4,
    ZKEY_SEC_A = 5, ZKEY_SEC_B1 = 6, ZKEY_SEC_B2 = 7, ZKEY_SEC_C = 8, ZKEY_SEC_H = 9,
    ZKEY_SEC_MPC = 10
};

/* Section 4 stores value * R^2 (R = 2^256 mod r) as a canonical integer. */
void zkfl_zkey_coef_from_file(zkfl_fr *value, const zkfl_fr *stored);
void zkfl_zkey_coef_to_file(zkfl_fr *stored, const zkfl_fr *value);

/* Allocates every array of zk for its counts (zero-filled). */
int zkfl_zkey_alloc_arrays(zkfl_zkey *zk);

/* The domain snarkjs's setup picks for cs: 2^power with power =
 * floor(log2(constraints + public signals)) + 1; 0 for a circuit with no
 * constraints and no public signals. */
unsigned zkfl_zkey_domain_power(const zkfl_r1cs *cs);
/* A fresh key for cs on a 2^power domain: counts set, every array
 * allocated (points zero) and the coefficient section filled. */
int zkfl_zkey_new_for_r1cs(zkfl_zkey **out, const zkfl_r1cs *cs, unsigned power);

/* snarkjs hashPubKey: deltaAfter, g1_s, g1_sx (uncompressed G1), g2_spx
 * (uncompressed G2), transcript. `h` is a zkfl_blake2b. */
void zkfl_zkey_hash_pubkey(void *h, const zkfl_zkey_contribution *c);

/* Appends a contribution with factor d and random point g1_s: fills
 * g1_sx, the transcript, g2_spx and deltaAfter into a copy of *key (which
 * carries name, type and beacon parameters), scales delta by d and C, H
 * by 1/d. hash_out (may be NULL) gets the contribution hash. */
int zkfl_zkey_apply_contribution(zkfl_zkey *zk, const zkfl_zkey_contribution *key, const zkfl_fr *d,
                                 const zkfl_g1_affine *g1_s, uint8_t hash_out[64]);
/* A beacon's d and g1_s in snarkjs's drawing order (zkey_beacon.js). */
int zkfl_zkey_beacon_key(zkfl_fr *d, zkfl_g1_affine *g1_s, const uint8_t *beacon_hash, size_t beacon_hash_len,
                         unsigned num_iterations_exp);

#endif
