/* Internal: the commit-carrying Groth16 key structures (zkfl/cgroth16.h). */
#ifndef ZKFL_SNARK_CGROTH16_INTERNAL_H
#define ZKFL_SNARK_CGROTH16_INTERNAL_H

#include "zkfl/cgroth16.h"

#define CG_VK_MAGIC "ZCGV"
#define CG_PK_MAGIC "ZCGK"
#define CG_PROOF_MAGIC "ZCGP"
#define CG_VERSION 1

struct zkfl_cgroth16_vk {
    uint32_t n_public;
    zkfl_g1_affine alpha1;
    zkfl_g2_affine beta2, gamma2, delta2;
    zkfl_g1_affine *ic;                    /* n_public + 1 */
    uint32_t n_groups;
    uint32_t group_start[ZKFL_CGROTH16_MAX_GROUPS + 1];  /* offsets into wires/bases */
    uint32_t *wires;                       /* group_start[n_groups] */
    zkfl_g1_affine *bases;                 /* P_i, same order */
    zkfl_g2_affine sigma_neg[ZKFL_CGROTH16_MAX_GROUPS];  /* -sigma_j G2 */
    uint32_t n_challenges;
    uint32_t ch_wire[ZKFL_CGROTH16_MAX_CHALLENGES];
    uint32_t ch_n[ZKFL_CGROTH16_MAX_CHALLENGES];
    uint32_t ch_groups[ZKFL_CGROTH16_MAX_CHALLENGES][ZKFL_CGROTH16_MAX_GROUPS];
    uint8_t digest[32];
};

/* A proof of knowledge of a contribution's factor x (snarkjs / BGM17
 * style): a random s, g1_s = s G1, g1_sx = x g1_s, and
 * g2_spx = x H(transcript, g1_s, g1_sx) with H snarkjs's hash to G2. */
typedef struct {
    zkfl_g1_affine g1_s, g1_sx;
    zkfl_g2_affine g2_spx;
} zkfl_cg_pok;

#define CG_NAME_MAX 64

/* One phase-2 contribution: delta and every sigma_j multiplied by fresh
 * factors, with the values after it and a proof of knowledge per factor. */
typedef struct {
    char name[CG_NAME_MAX + 1];
    zkfl_g1_affine delta_after;                             /* [delta]_1 */
    zkfl_cg_pok delta_pok;
    zkfl_g2_affine sigma_after[ZKFL_CGROTH16_MAX_GROUPS];   /* -[sigma_j]_2, as in the vk */
    zkfl_cg_pok sigma_pok[ZKFL_CGROTH16_MAX_GROUPS];
    uint8_t hash[64];   /* H(previous hash, this record): the next challenge */
} zkfl_cg_contribution;

struct zkfl_cgroth16_ceremony {
    uint8_t initial[64];        /* hash of the initial key (circuit + ptau) */
    uint32_t n_groups;
    uint32_t n;
    zkfl_cg_contribution *c;
};

struct zkfl_cgroth16_pk {
    zkfl_zkey *zk;              /* Groth16 key; C points of committed wires are infinity */
    zkfl_g1_affine *sigma_bases;   /* sigma_j P_i, in vk.bases order */
    zkfl_cgroth16_vk vk;
    zkfl_cgroth16_ceremony *ceremony;   /* NULL: not from a ceremony (local setup) */
};

/* The toxic waste of a one-party setup (wiped by whoever holds it). */
typedef struct {
    zkfl_fr tau, alpha, beta, gamma, delta;
    zkfl_fr sigma[ZKFL_CGROTH16_MAX_GROUPS];
} zkfl_cg_toxic;

/* Validates the groups and challenges against the circuit, fills the
 * commitment layout of pk->vk (groups, wires, challenges) and allocates
 * vk.wires, vk.bases, vk.ic and pk->sigma_bases. */
int zkfl_cg_layout(zkfl_cgroth16_pk *pk, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                   size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch);
/* Copies the Groth16 part of pk->zk into pk->vk, checks the bases and
 * computes the digest. */
int zkfl_cg_finish(zkfl_cgroth16_pk *pk);
/* The local one-party setup with the given toxic waste (tau must not be
 * a 2n-th root of unity): every key point is t's polynomial evaluations
 * times a generator (zkfl_cgroth16_setup with pt = NULL draws t). */
int zkfl_cg_setup_local(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                        size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch,
                        const zkfl_cg_toxic *t, int threads);

/* The phase-2 initial key from a ptau: snarkjs's initial key with the
 * committed wires moved to the bases, gamma = delta = sigma_j = 1, and an
 * empty ceremony transcript holding its hash. Deterministic: verifiers
 * recompute it. */
int zkfl_cg_setup_initial(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                          size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch, const zkfl_ptau *pt,
                          int threads);
/* One contribution with the given factors (delta, sigma[n_groups]); the
 * proofs of knowledge use fresh randomness. zkfl_cgroth16_contribute
 * draws the factors. */
int zkfl_cg_contribute_factors(zkfl_cgroth16_pk *pk, uint8_t hash_out[64], const char *name,
                               const zkfl_fr *delta, const zkfl_fr *sigma, int threads);
/* The first challenge: H(label, initial-key hash). */
void zkfl_cg_first_challenge(uint8_t out[64], const uint8_t initial[64]);
/* H(challenge, label, g1_s, g1_sx): the PoK transcript of one factor
 * (label 0 for delta, 1 + j for sigma_j). */
void zkfl_cg_pok_transcript(uint8_t out[64], const uint8_t challenge[64], uint32_t label, const zkfl_g1_affine *g1_s,
                            const zkfl_g1_affine *g1_sx);
/* H(challenge, the record of c without its hash). */
void zkfl_cg_contribution_hash(uint8_t out[64], const uint8_t challenge[64], const zkfl_cg_contribution *c,
                               uint32_t n_groups);

/* Fixed-base batch scalar multiplication of a group generator: one
 * precomputed table of signed-window multiples, then for every scalar one
 * constant-time table sweep and complete addition per window (no
 * doublings), and a batch normalization with one inversion per thread.
 * Constant time in the scalars (setup secrets). skip (may be NULL) marks
 * entries whose scalar is zero by the circuit's structure (public): they
 * become infinity without work. */
typedef struct zkfl_cg_fixed_base zkfl_cg_fixed_base;
int zkfl_cg_fixed_base_new(zkfl_cg_fixed_base **out);
void zkfl_cg_fixed_base_free(zkfl_cg_fixed_base *fb);
int zkfl_cg_fixed_base_g1(zkfl_g1_affine *out, const zkfl_fr *k, const uint8_t *skip, size_t n,
                          const zkfl_cg_fixed_base *fb, int threads);
int zkfl_cg_fixed_base_g2(zkfl_g2_affine *out, const zkfl_fr *k, const uint8_t *skip, size_t n,
                          const zkfl_cg_fixed_base *fb, int threads);

/* Releases the vk's arrays (not the struct). */
void zkfl_cg_vk_clear(zkfl_cgroth16_vk *vk);
/* Recomputes vk->digest from its serialization. */
int zkfl_cg_vk_update_digest(zkfl_cgroth16_vk *vk);
/* 0 when every committed basis is non-zero and distinct from every other
 * committed basis and every IC point; otherwise a message naming wires. */
int zkfl_cg_check_bases(const zkfl_cgroth16_vk *vk);
/* The knowledge-proof folding challenge rho = H(digest, D_0..D_{m-1}). */
int zkfl_cg_fold_challenge(zkfl_fr *rho, const zkfl_cgroth16_vk *vk, const zkfl_g1_affine *d,
                            size_t m);
/* The prover with the final self-verification switched off (check = 0):
 * tests use it to show that the verifier, not only the prover, rejects a
 * proof of a witness that does not satisfy the circuit. */
int zkfl_cg_prove(zkfl_cgroth16_proof *proof, const zkfl_cgroth16_pk *pk, const zkfl_fr *witness,
                  size_t n_witness, zkfl_cgroth16_phase2_fn phase2, void *ctx, int threads,
                  int check);

#endif
