/* Internal helpers shared by the Groth16 provers (plain and commit-carrying)
 * and verifiers. */
#ifndef ZKFL_SNARK_GROTH16_INTERNAL_H
#define ZKFL_SNARK_GROTH16_INTERNAL_H

#include "zkfl/groth16.h"

/* 0, or why the proof's points are unusable (off the curve, B outside the
 * subgroup). Hand-built proofs reach the verifiers without a decoder. */
int zkfl_groth16_check_points(const zkfl_groth16_proof *p);

/* r = -a for affine points (infinity stays infinity). */
void zkfl_groth16_g1_neg_affine(zkfl_g1_affine *r, const zkfl_g1_affine *a);

/* out = IC[0] + sum_j coef[j] IC[j+1], j < vk->n_public, with coef0 times
 * IC[0] when coef0 != NULL (the batch verifier's sum of weights). */
int zkfl_groth16_public_combination(zkfl_g1 *out, const zkfl_groth16_vk *vk, const zkfl_fr *coef0,
                                    const zkfl_fr *coef);

/* 0 when the proving key's arrays and coefficients are usable by the
 * prover (sizes, indices in range), else why not. */
int zkfl_groth16_check_key(const zkfl_zkey *zk);

/* snarkjs's quotient: A, B on the domain from the key's coefficients and the
 * witness, C = A o B, all three moved to the odd coset, h = A B - C there
 * (Z = -2 is folded into the key's H points). *h_out gets domain_size
 * scalars (caller wipes and frees); st (may be NULL) gets the timings. */
int zkfl_groth16_quotient(zkfl_fr **h_out, zkfl_groth16_prove_stats *st, const zkfl_zkey *zk,
                          const zkfl_fr *w, int threads);

#endif
