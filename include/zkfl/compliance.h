/* zkfl/compliance.h - update proofs: a client proves that its hidden model
 * update u (d signed integers) and its metadata obey the federation's
 * rules (docs/RULES.md), in commit-carrying Groth16 (zkfl/cgroth16.h): the
 * proof carries the hiding commitment D = commit(u, mask) against which the
 * aggregation servers check the client's shares. See docs/PROTOCOL.md.
 *
 * Failures leave a message in zkfl_compliance_last_error(). */
#ifndef ZKFL_COMPLIANCE_H
#define ZKFL_COMPLIANCE_H

#include "zkfl/cgroth16.h"
#include "zkfl/circuits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The message of the last failure on this thread, or "". */
const char *zkfl_compliance_last_error(void);

/* The keys of one rules file (with its dim): the rules, the proving key
 * (absent when loaded for verification only) and the verification key. */
typedef struct zkfl_compliance_key zkfl_compliance_key;

/* Compiles the rules (dim must be set) and runs the setup.
 * pt = a prepared ptau: the phase-2 initial key from it and a first
 * contribution (a ceremony key, extendable by more contributors).
 * pt = NULL: the local one-party setup (zkfl_cgroth16_setup): this process
 * draws all the toxic waste (tau, alpha, beta, gamma, delta, sigma_j) from
 * zkfl_randombytes, uses it and wipes it. No ptau and no group FFT, so it
 * is fast (seconds for d = 25,000), but the keys are trusted only by
 * whoever ran it: for simulations where one process plays every party, and
 * for tests. A production federation uses a ceremony (a public ptau and a
 * multi-party phase 2). */
int zkfl_compliance_setup(zkfl_compliance_key **out, const zkfl_rules *rules, const zkfl_ptau *pt,
                          int threads);
/* Multi-party phase 2 (docs/PROTOCOL.md section 3): keys set up from a ptau
 * carry a ceremony transcript (DIR/compliance.ceremony); each contributor
 * re-randomizes delta and every sigma_j with zkfl_compliance_contribute
 * (zkfl_cgroth16_contribute: hash_out may be NULL, name at most 64 bytes,
 * entropy may be NULL), and anyone checks the whole chain against the
 * rules and the ptau with zkfl_compliance_verify_setup (0 valid,
 * ZKFL_ERR_VERIFY with the failing part in zkfl_compliance_last_error()).
 * Both need the proving key (key_load with_pk = 1). */
int zkfl_compliance_contribute(zkfl_compliance_key *key, uint8_t hash_out[64], const char *name,
                               const char *entropy, int threads);
int zkfl_compliance_verify_setup(const zkfl_compliance_key *key, const zkfl_ptau *pt, int threads);
/* The proving key (NULL when loaded for verification only), e.g. for
 * zkfl_cgroth16_pk_ceremony. */
const zkfl_cgroth16_pk *zkfl_compliance_key_pk(const zkfl_compliance_key *key);
/* The smallest ptau power the rules' circuit needs. */
int zkfl_compliance_ptau_power(unsigned *power, const zkfl_rules *rules);
/* DIR/rules.json (canonical), DIR/compliance.pk, DIR/compliance.vk, and
 * DIR/compliance.ceremony when the key has a transcript (removed when it
 * has none). Loading with the proving key reads the transcript when the
 * file exists. */
int zkfl_compliance_key_save(const zkfl_compliance_key *key, const char *dir);
/* with_pk = 0 reads only rules.json and compliance.vk (verifiers). The
 * verification key must match the rules (public input count). */
int zkfl_compliance_key_load(zkfl_compliance_key **out, const char *dir, int with_pk);
void zkfl_compliance_key_free(zkfl_compliance_key *key);
/* The key cache: keys live in CACHE/<hex SHA-256 of the canonical rules>/.
 * Loads them when present (and matching), else runs zkfl_compliance_setup
 * with pt (NULL: the local one-party setup) and saves them there (creating
 * the directories). *created tells which happened (may be NULL). */
int zkfl_compliance_key_cached(zkfl_compliance_key **out, int *created, const char *cache_dir,
                               const zkfl_rules *rules, const zkfl_ptau *pt, int threads);

const zkfl_rules *zkfl_compliance_key_rules(const zkfl_compliance_key *key);
const zkfl_cgroth16_vk *zkfl_compliance_key_vk(const zkfl_compliance_key *key);
/* SHA-256 of the canonical rules (the key cache's name for these keys). */
const uint8_t *zkfl_compliance_key_rules_hash(const zkfl_compliance_key *key);
size_t zkfl_compliance_key_n_constraints(const zkfl_compliance_key *key);  /* 0 without pk */

/* Proves that update (d = the rules' dim entries) and num_samples obey the
 * rules, bound to `binding`. mask (may be NULL) receives the commitment's
 * mask: D = zkfl_cgroth16_commit(vk, 0, u, mask), which the client needs to
 * secret-share (u, mask). A broken rule gives ZKFL_ERR_RANGE (or
 * ZKFL_ERR_UNSATISFIED) with the rule named in the message. */
int zkfl_update_prove(zkfl_cgroth16_proof *proof, zkfl_fr *mask, const zkfl_compliance_key *key,
                      const int64_t *update, size_t d, uint64_t num_samples,
                      const zkfl_round_binding *binding, int threads);
/* 0 valid; ZKFL_ERR_VERIFY invalid; other negative codes for bad input.
 * public_samples is used only when the rules make num_samples public. */
int zkfl_update_verify(const zkfl_compliance_key *key, const zkfl_cgroth16_proof *proof,
                       const zkfl_round_binding *binding, uint64_t public_samples);
/* n proofs with their bindings (and public sample counts, may be NULL):
 * one random linear combination, one final exponentiation; valid[i]
 * (may be NULL) names the invalid ones. */
int zkfl_update_verify_batch(uint8_t *valid, const zkfl_compliance_key *key,
                             const zkfl_cgroth16_proof *proofs, const zkfl_round_binding *bindings,
                             const uint64_t *public_samples, size_t n);

/* The update file (docs/PROTOCOL.md): "ZKUP", u32 version = 1, u32 d,
 * d int32 values, all little-endian. *update is malloc'd (free()). */
int zkfl_update_file_read(int64_t **update, size_t *d, const uint8_t *buf, size_t len, const char *name);
int zkfl_update_file_write(uint8_t **out, size_t *out_len, const int64_t *update, size_t d);

#ifdef __cplusplus
}
#endif
#endif
