/* zkfl/cgroth16.h - commit-carrying Groth16 over BN254: LegoGroth16
 * (Campanelli-Fiore-Querol, LegoSNARK, CCS 2019) in the form of gnark's
 * BSB22 commitment extension with its 2024 fixes. See docs/PROTOCOL.md.
 *
 * A circuit declares commitment groups (lists of private wires, each
 * ending with a random mask wire so the commitment hides) and challenge
 * wires (public inputs whose value is a hash of the commitments of some
 * groups). For group j the proof carries
 *   D_j = sum_{i in G_j} w_i P_i,  P_i = [(beta A_i + alpha B_i + C_i)(tau) / gamma]_1,
 * the committed wires are removed from the delta-part of the key, and the
 * verifier checks
 *   e(A, B) = e(alpha, beta) e(vk_x + sum_j D_j, gamma) e(C, delta)
 *   e(Pok, g2) = prod_j e(rho^j D_j, [sigma_j]_2)     (folded knowledge proofs)
 * with rho = H(key, D_0..D_{m-1}) and one secret sigma_j per group.
 *
 * Keys are zkfl-only (snarkjs has no commitments); the binary formats are
 * documented in docs/PROTOCOL.md. Failures leave a message in
 * zkfl_snark_last_error(). */
#ifndef ZKFL_CGROTH16_H
#define ZKFL_CGROTH16_H

#include "zkfl/ec.h"
#include "zkfl/snark.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ZKFL_CGROTH16_MAX_GROUPS 8
#define ZKFL_CGROTH16_MAX_CHALLENGES 8

/* A commitment group: private wires (> n_public), each in one group only. */
typedef struct {
    const uint32_t *wires;
    size_t n;
} zkfl_cgroth16_group;

/* A challenge: public wire `wire` (1..n_public) holds
 * H(key digest, k, D_g for g in groups, in this order). */
typedef struct {
    uint32_t wire;
    const uint32_t *groups;
    size_t n_groups;
} zkfl_cgroth16_challenge;

typedef struct zkfl_cgroth16_pk zkfl_cgroth16_pk;  /* proving key (holds the vk) */
typedef struct zkfl_cgroth16_vk zkfl_cgroth16_vk;  /* verification + commitment key */

/* A proof: A, B, C, one commitment per group, one folded knowledge proof. */
typedef struct {
    zkfl_g1_affine a;
    zkfl_g2_affine b;
    zkfl_g1_affine c;
    uint32_t n_commitments;
    zkfl_g1_affine d[ZKFL_CGROTH16_MAX_GROUPS];
    zkfl_g1_affine pok;
} zkfl_cgroth16_proof;

/* ---- setup ----
 * pt = a prepared .ptau: a ceremony key: the phase-2 initial key of the
 * circuit (derived deterministically from the circuit and the ptau) and
 * its first contribution (fresh delta and sigma_j from zkfl_randombytes,
 * wiped), named "zkfl setup"; more contributors follow with
 * zkfl_cgroth16_contribute, and zkfl_cgroth16_verify_setup checks the
 * chain (docs/PROTOCOL.md section 3).
 * pt = NULL: the local one-party setup: all the toxic waste (tau, alpha,
 * beta, gamma, delta, sigma_j) is drawn here from zkfl_randombytes, every
 * key point computed as a polynomial evaluation at tau times a generator
 * (fixed-base, constant time), and the waste wiped. Same key structure,
 * prover and verifier as the ptau path, much faster (no powers of tau, no
 * group FFT), but trusted only by whoever ran it: for simulations where one
 * process plays every party, and for tests; production uses a ceremony.
 * Such a key has no transcript and cannot be extended.
 * Both paths reject (ZKFL_ERR_INVALID_ARG, naming the wires) groups
 * whose bases are zero or not pairwise distinct (a committed wire must
 * occur in a constraint column of its own), wires in two groups, public
 * wires in groups, and challenge wires that are not public. */
int zkfl_cgroth16_setup(zkfl_cgroth16_pk **pk, const zkfl_r1cs *cs,
                        const zkfl_cgroth16_group *groups, size_t n_groups,
                        const zkfl_cgroth16_challenge *challenges, size_t n_challenges,
                        const zkfl_ptau *pt, int threads);
void zkfl_cgroth16_pk_free(zkfl_cgroth16_pk *pk);
/* The verification key inside pk (owned by pk). */
const zkfl_cgroth16_vk *zkfl_cgroth16_pk_vk(const zkfl_cgroth16_pk *pk);
/* The number of wires (with the one) and the domain size the key was made
 * for: a key of another circuit is recognised before proving. */
size_t zkfl_cgroth16_pk_n_wires(const zkfl_cgroth16_pk *pk);
size_t zkfl_cgroth16_pk_domain_size(const zkfl_cgroth16_pk *pk);
void zkfl_cgroth16_vk_free(zkfl_cgroth16_vk *vk);

size_t zkfl_cgroth16_vk_n_public(const zkfl_cgroth16_vk *vk);
size_t zkfl_cgroth16_vk_n_groups(const zkfl_cgroth16_vk *vk);
/* Number of values group g commits to (mask included); 0 if no such group. */
size_t zkfl_cgroth16_vk_group_size(const zkfl_cgroth16_vk *vk, size_t g);
/* 32-byte digest of the serialized verification key (binds challenges). */
const uint8_t *zkfl_cgroth16_vk_digest(const zkfl_cgroth16_vk *vk);

/* ---- multi-party phase 2 ----
 * The ceremony transcript of a key: the hash of the initial key and one
 * record per contribution (name, new [delta]_1 and -[sigma_j]_2, a proof
 * of knowledge of each factor, the record's hash, which is the next
 * contribution's challenge). */
typedef struct zkfl_cgroth16_ceremony zkfl_cgroth16_ceremony;

/* Multiplies delta (C and H queries over the factor) and every sigma_j
 * (sigma bases and [sigma_j]_2) by fresh factors from zkfl_randombytes
 * mixed with entropy (may be NULL), appends the record (name: at most 64
 * bytes kept) and wipes the factors. hash_out (may be NULL) receives the
 * record's hash, for the contributor to find in the published transcript.
 * Refuses keys without a transcript or whose transcript does not end at
 * the key. */
int zkfl_cgroth16_contribute(zkfl_cgroth16_pk *pk, uint8_t hash_out[64], const char *name,
                             const char *entropy, int threads);
/* Recomputes the initial key from the circuit (with its groups and
 * challenges) and the ptau, checks every record (its proofs of knowledge
 * and that it follows from the previous values, by pairings), and that the
 * key equals the initial key with delta and sigma_j replaced by the last
 * record's (C, H, sigma bases by random linear combinations and one
 * pairing check each). 0 when valid (so one honest contributor makes the
 * key sound); ZKFL_ERR_VERIFY with the failing part named in
 * zkfl_snark_last_error(); other negative codes for bad input. */
int zkfl_cgroth16_verify_setup(const zkfl_cgroth16_pk *pk, const zkfl_r1cs *cs,
                               const zkfl_cgroth16_group *groups, size_t n_groups,
                               const zkfl_cgroth16_challenge *challenges, size_t n_challenges,
                               const zkfl_ptau *pt, int threads);
/* The key's transcript, NULL for a local one-party setup (owned by pk). */
const zkfl_cgroth16_ceremony *zkfl_cgroth16_pk_ceremony(const zkfl_cgroth16_pk *pk);
size_t zkfl_cgroth16_ceremony_n(const zkfl_cgroth16_ceremony *c);
/* Record i's name (NUL-terminated) and 64-byte hash. */
int zkfl_cgroth16_ceremony_entry(const char **name, const uint8_t **hash, const zkfl_cgroth16_ceremony *c,
                                 size_t i);
/* Format in docs/PROTOCOL.md ("ZCGC"); the reader checks sizes and points. */
int zkfl_cgroth16_ceremony_write_mem(uint8_t **out, size_t *out_len, const zkfl_cgroth16_ceremony *c);
int zkfl_cgroth16_ceremony_read_mem(zkfl_cgroth16_ceremony **out, const uint8_t *buf, size_t len,
                                    const char *name);
void zkfl_cgroth16_ceremony_free(zkfl_cgroth16_ceremony *c);
/* Gives c to pk (replacing its transcript; pk frees it). The pairing with
 * the key is checked by zkfl_cgroth16_contribute and _verify_setup. */
int zkfl_cgroth16_pk_set_ceremony(zkfl_cgroth16_pk *pk, zkfl_cgroth16_ceremony *c);

/* ---- commitments (published bases: anyone can commit under them) ----
 * out = sum_i values[i] P_{g,i} + mask P_{g,last}; values has
 * group_size - 1 entries. Constant time in values and mask (secrets). */
int zkfl_cgroth16_commit(zkfl_g1_affine *out, const zkfl_cgroth16_vk *vk, size_t group,
                         const zkfl_fr *values, const zkfl_fr *mask);
/* The challenge values (n_challenges of the key) for these commitments. */
int zkfl_cgroth16_challenges(zkfl_fr *out, const zkfl_cgroth16_vk *vk, const zkfl_g1_affine *d,
                             size_t n_d);

/* ---- proving ----
 * witness (n_wires values) is complete except for challenge wires and what
 * depends on them. The prover commits to every group, derives the
 * challenges and, when the key has any, calls phase2(ctx, challenges, n,
 * &full) which must return the completed witness (e.g. the circuit
 * builder's zkfl_circuit_finish_witness + zkfl_circuit_witness). phase2 may
 * be NULL when there are no challenges. The finished proof is verified
 * before it is returned; a witness that does not satisfy the circuit gives
 * ZKFL_ERR_UNSATISFIED and no proof. r, s and intermediate values wiped. */
typedef int (*zkfl_cgroth16_phase2_fn)(void *ctx, const zkfl_fr *challenges, size_t n,
                                       const zkfl_fr **full_witness);
int zkfl_cgroth16_prove(zkfl_cgroth16_proof *proof, const zkfl_cgroth16_pk *pk,
                        const zkfl_fr *witness, size_t n_witness,
                        zkfl_cgroth16_phase2_fn phase2, void *ctx, int threads);

/* ---- verification ----
 * publics: n_public values in wire order; the challenge wires' entries are
 * ignored (recomputed from the proof's commitments). Checks every point (on
 * the curve, in the subgroup, commitments and PoK not infinity), the
 * Groth16 equation with D added to vk_x and the folded knowledge proof,
 * combined with a random 128-bit weight into one final exponentiation.
 * 0 valid, ZKFL_ERR_VERIFY invalid, other negative codes for bad input. */
int zkfl_cgroth16_verify_vartime(const zkfl_cgroth16_vk *vk, const zkfl_fr *publics,
                                 size_t n_public, const zkfl_cgroth16_proof *proof);
/* n proofs under one key: random linear combination, n + 4 + groups Miller
 * loops, one final exponentiation; on failure every proof is checked alone
 * and valid[i] (n bytes, may be NULL) names the invalid ones. publics holds
 * n * n_public values. */
int zkfl_cgroth16_verify_batch_vartime(uint8_t *valid, const zkfl_cgroth16_vk *vk,
                                       const zkfl_fr *publics,
                                       const zkfl_cgroth16_proof *proofs, size_t n);

/* ---- serialization (formats in docs/PROTOCOL.md) ----
 * Proof: "ZCGP" u8 version=1, u8 m, then A (32, compressed), B (64), C (32),
 * D_0..D_{m-1} (32 each), Pok (32): 166 + 32 m bytes. */
size_t zkfl_cgroth16_proof_size(size_t n_commitments);
int zkfl_cgroth16_proof_to_bytes(uint8_t *out, size_t out_len, const zkfl_cgroth16_proof *p);
int zkfl_cgroth16_proof_from_bytes(zkfl_cgroth16_proof *p, const uint8_t *in, size_t len);

/* Keys: malloc'd buffers (free()). Readers check everything (sizes, points
 * on the curve and in the subgroup, wire indices, consistency of the
 * embedded proving key with the verification key). `name` for messages. */
int zkfl_cgroth16_vk_write_mem(uint8_t **out, size_t *out_len, const zkfl_cgroth16_vk *vk);
int zkfl_cgroth16_vk_read_mem(zkfl_cgroth16_vk **out, const uint8_t *buf, size_t len,
                              const char *name);
int zkfl_cgroth16_pk_write_mem(uint8_t **out, size_t *out_len, const zkfl_cgroth16_pk *pk);
int zkfl_cgroth16_pk_read_mem(zkfl_cgroth16_pk **out, const uint8_t *buf, size_t len,
                              const char *name);

#ifdef __cplusplus
}
#endif
#endif
