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

/* snarkjs hashPubKey: deltaAfter, g1_s, g1_sx (uncompressed G1), g2_spx
 * (uncompressed G2), transcript. `h` is a zkfl_blake2b. */
void zkfl_zkey_hash_pubkey(void *h, const zkfl_zkey_contribution *c);

#endif
