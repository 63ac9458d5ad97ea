/* Internal: pieces shared by the .ptau reader/writer and the phase-1
 * ceremony code. */
#ifndef ZKFL_SNARK_PTAU_INTERNAL_H
#define ZKFL_SNARK_PTAU_INTERNAL_H

#include "snark/binfile.h"

enum {
    PTAU_SEC_HEADER = 1, PTAU_SEC_TAU_G1 = 2, PTAU_SEC_TAU_G2 = 3, PTAU_SEC_ALPHA_TAU_G1 = 4,
    PTAU_SEC_BETA_TAU_G1 = 5, PTAU_SEC_BETA_G2 = 6, PTAU_SEC_CONTRIBUTIONS = 7,
    PTAU_SEC_LAGRANGE_G1 = 12, PTAU_SEC_LAGRANGE_G2 = 13, PTAU_SEC_LAGRANGE_ALPHA_G1 = 14,
    PTAU_SEC_LAGRANGE_BETA_G1 = 15
};

/* Fixed part of a contribution record: 5 points (3 G1, 2 G2), the public
 * key (6 G1 + 3 G2), partial hash, next challenge, type and the params
 * length word. */
#define PTAU_CONTRIBUTION_FIXED (3 * 64 + 2 * 128 + 768 + 216 + 64 + 4 + 4)

/* Allocates a ptau with zero-filled point arrays for 2^power. */
int zkfl_ptau_alloc(zkfl_ptau **out, uint32_t power, int with_lagrange);
int zkfl_ptau_decode_contribution_points(zkfl_ptau_contribution *k, const uint8_t *p,
                                         const zkfl_binfile *bf);
/* The contributor's public key as snarkjs lays it out: tau (s, sx),
 * alpha (s, sx), beta (s, sx) in G1, then tau, alpha, beta spx in G2;
 * lem = 1 for the file layout, 0 for ffjavascript's "uncompressed" layout
 * hashed into transcripts, which is the EIP-196/197 big-endian encoding
 * (wasmcurves LEMtoU: each coordinate byte-reversed, infinity all zeros). */
void zkfl_ptau_encode_pubkey(uint8_t out[768], const zkfl_ptau_contribution *k, int lem);
/* snarkjs calculateFirstChallengeHash: BLAKE2b over the empty digest and
 * the uncompressed generators filling every section of a fresh file. */
void zkfl_ptau_first_challenge(uint8_t out[64], uint32_t power);
/* The response hash of contribution k: its partial hash finished over its
 * public key (uncompressed). ZKFL_ERR_FORMAT on a corrupt partial hash. */
int zkfl_ptau_response_hash(uint8_t out[64], const zkfl_ptau_contribution *k);
/* Hashes sections 2..6 of pt (compressed or uncompressed) into h. */
int zkfl_ptau_hash_sections(void *blake2b_state, const zkfl_ptau *pt, int compressed);

/* The challenge the next contribution answers: the last contribution's
 * next challenge, or the first challenge of a fresh file. */
void zkfl_ptau_last_challenge(uint8_t out[64], const zkfl_ptau *pt);
/* Public-key component j (0 tau, 1 alpha, 2 beta) of secret x with the
 * random point g1_s, bound to the challenge (snarkjs calculatePubKey). */
void zkfl_ptau_key_component(zkfl_ptau_contribution *c, int j, const zkfl_fr *x,
                             const zkfl_g1_affine *g1_s, const uint8_t challenge[64]);
/* A beacon's key: tau, alpha, beta and the three g1_s points drawn from
 * the beacon's ChaCha stream in snarkjs's order (keypair.js
 * createPTauKey). secrets may be NULL (verification needs only the key). */
int zkfl_ptau_beacon_key(zkfl_ptau_contribution *c, zkfl_fr secrets[3], const uint8_t challenge[64],
                         const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp);
/* Appends a contribution whose public key (and name, type, beacon
 * parameters) is in *key: multiplies the powers by secrets (tau, alpha,
 * beta), records the new first points and the transcript hashes.
 * hash_out (may be NULL) gets the response hash. */
int zkfl_ptau_apply_contribution(zkfl_ptau *pt, const zkfl_ptau_contribution *key, const zkfl_fr secrets[3],
                                 uint8_t hash_out[64]);
/* Reads a full-size file for a new contribution (Lagrange sections dropped). */
int zkfl_ptau_read_for_contribution(zkfl_ptau **out, const char *in_path);

#endif
