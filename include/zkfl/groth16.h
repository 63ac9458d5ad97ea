/* zkfl/groth16.h - Groth16 proving and verification over BN254, wire
 * compatible with snarkjs / rapidsnark: the same proving key (.zkey), the
 * same proof.json / public.json / verification_key.json, the same proofs.
 *
 * Verification equation (Groth 2016):
 *   e(A, B) = e(alpha, beta) * e(vk_x, gamma) * e(C, delta),
 *   vk_x = IC[0] + sum_j x_j IC[j+1]  for public inputs x_1..x_nPublic. */
#ifndef ZKFL_GROTH16_H
#define ZKFL_GROTH16_H

#include "zkfl/ec.h"
#include "zkfl/snark.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A proof. Points built by the decoders below are on their curves and (B)
 * in the prime-order subgroup; the verifiers check again, so a proof built
 * by hand cannot slip through. */
typedef struct {
    zkfl_g1_affine a;
    zkfl_g2_affine b;
    zkfl_g1_affine c;
} zkfl_groth16_proof;

/* A verification key. ic has n_public + 1 entries. alphabeta = e(alpha, beta)
 * is computed (never trusted from a file), so a verification costs three
 * Miller loops. Owned: release with zkfl_groth16_vk_free. */
typedef struct {
    size_t n_public;
    zkfl_g1_affine alpha;
    zkfl_g2_affine beta, gamma, delta;
    zkfl_g1_affine *ic;
    zkfl_fp12 alphabeta;
} zkfl_groth16_vk;

#define ZKFL_GROTH16_PROOF_BYTES 128

/* ---- Proving ---- */

/* Statistics of one proof (for the CLI's --json and the benchmarks). */
typedef struct {
    double witness_ms, ntt_ms, msm_ms, total_ms;
} zkfl_groth16_prove_stats;

/* Proves that witness (n_vars = zkey->n_vars values; witness[0] = 1)
 * satisfies the circuit of zkey. r and s come from zkfl_randombytes and are
 * wiped. publics (may be NULL) receives witness[1..n_public] for
 * public.json. threads <= 0: the default. stats may be NULL.
 * The finished proof is verified against the key's own verification key
 * (one pairing check, ~1 ms) before it is returned, so a witness that does
 * not satisfy the circuit gives ZKFL_ERR_UNSATISFIED, never a bad proof.
 * Returns 0, ZKFL_ERR_INVALID_ARG (witness length or witness[0] != 1),
 * ZKFL_ERR_UNSATISFIED (or, with a key from zkfl_zkey_read_prover whose
 * points are corrupt, ZKFL_ERR_NOT_ON_CURVE / ZKFL_ERR_NOT_IN_SUBGROUP), ZKFL_ERR_UNSUPPORTED (domain 2^28), ZKFL_ERR_FORMAT
 * (a coefficient outside the domain or the witness), ZKFL_ERR_NOMEM,
 * ZKFL_ERR_RANDOM. */
int zkfl_groth16_prove(zkfl_groth16_proof *proof, zkfl_groth16_prove_stats *stats,
                       const zkfl_zkey *zkey, const zkfl_fr *witness, size_t n_witness,
                       int threads);

/* ---- Verification ---- */

/* 0 when the proof is valid for these n_public public inputs; ZKFL_ERR_VERIFY
 * when the pairing equation fails; ZKFL_ERR_INVALID_ARG when n_public does not
 * match the key; ZKFL_ERR_NOT_ON_CURVE / ZKFL_ERR_NOT_IN_SUBGROUP for points
 * off the curve or (B) outside the subgroup. Variable time (all public). */
int zkfl_groth16_verify_vartime(const zkfl_groth16_vk *vk, const zkfl_fr *publics, size_t n_public,
                                const zkfl_groth16_proof *proof);

/* Verifies n proofs under one key at once: a random 128-bit linear
 * combination of the n equations (weights from zkfl_randombytes), n + 3
 * Miller loops, one final exponentiation. publics holds n * vk->n_public
 * inputs, proof i's at publics[i * vk->n_public]. When the combined check
 * fails, the invalid proofs are found by bisection. valid (n bytes, may be
 * NULL) gets 1 / 0 per proof. Returns 0 when every proof is valid,
 * ZKFL_ERR_VERIFY when at least one is not, other negative codes for bad
 * arguments or allocation failure. */
int zkfl_groth16_verify_batch_vartime(uint8_t *valid, const zkfl_groth16_vk *vk,
                                      const zkfl_fr *publics, const zkfl_groth16_proof *proofs,
                                      size_t n);

/* ---- Keys ---- */

/* The verification key of a proving key (snarkjs zkey export
 * verificationkey). vk must be released with zkfl_groth16_vk_free. */
int zkfl_groth16_vk_from_zkey(zkfl_groth16_vk *vk, const zkfl_zkey *zkey);
/* Checks the points (on the curve, G2 in the subgroup, IC not empty) and
 * computes alphabeta; used by every constructor. */
int zkfl_groth16_vk_finish(zkfl_groth16_vk *vk);
void zkfl_groth16_vk_free(zkfl_groth16_vk *vk);

/* ---- Binary proof: compressed A (32) || B (64) || C (32), ec.h's
 * compressed encodings (ffjavascript's toRprCompressed). ---- */
void zkfl_groth16_proof_to_bytes(uint8_t out[ZKFL_GROTH16_PROOF_BYTES], const zkfl_groth16_proof *p);
int  zkfl_groth16_proof_from_bytes(zkfl_groth16_proof *p, const uint8_t in[ZKFL_GROTH16_PROOF_BYTES]);

/* ---- snarkjs JSON ----
 * Decoders take the text (len bytes, need not be NUL-terminated), parse it
 * with jansson and check everything: structure and types, decimal strings,
 * coordinates < p, points on the curve and (G2) in the subgroup, scalars < r.
 * On failure they return a negative code and, when err is not NULL, write a
 * one-line reason such as "pi_b: point is not in the G2 subgroup" into
 * err[0..err_len). Encoders return a malloc'd NUL-terminated string
 * (free()), or NULL when out of memory. */
int  zkfl_groth16_proof_from_json(zkfl_groth16_proof *p, const char *text, size_t len,
                                  char *err, size_t err_len);
char *zkfl_groth16_proof_to_json(const zkfl_groth16_proof *p);

/* public.json: an array of decimal strings. *publics is malloc'd (free()). */
int  zkfl_groth16_public_from_json(zkfl_fr **publics, size_t *n_public, const char *text,
                                   size_t len, char *err, size_t err_len);
char *zkfl_groth16_public_to_json(const zkfl_fr *publics, size_t n_public);

/* verification_key.json: protocol "groth16", curve "bn128", nPublic,
 * vk_alpha_1, vk_beta_2, vk_gamma_2, vk_delta_2, IC; vk_alphabeta_12 when
 * present must equal e(vk_alpha_1, vk_beta_2). */
int  zkfl_groth16_vk_from_json(zkfl_groth16_vk *vk, const char *text, size_t len,
                               char *err, size_t err_len);
char *zkfl_groth16_vk_to_json(const zkfl_groth16_vk *vk);

#ifdef __cplusplus
}
#endif
#endif
