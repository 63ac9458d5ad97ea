/* zkfl/snark.h - rank-1 constraint systems, the circom/snarkjs file formats
 * (.r1cs v1, .wtns v2, .zkey Groth16, .ptau) and the Groth16 trusted setup
 * (powers of tau phase 1, circuit-specific phase 2), all over BN254.
 *
 * Wire numbering follows circom: wire 0 is the constant one, then the public
 * outputs, then the public inputs, then the private inputs, then every other
 * (internal) wire. A witness is an array of n_wires field elements with
 * witness[0] == 1.
 *
 * Every reader treats its input as untrusted: section sizes and counts are
 * checked against the file size, field elements must be canonical and curve
 * points on the curve (G2 also in the subgroup). On failure a reader returns
 * a negative zkfl_err and leaves a message naming the file and the section
 * in zkfl_snark_last_error(). */
#ifndef ZKFL_SNARK_H
#define ZKFL_SNARK_H

#include "zkfl/ec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The message describing the last failure of a zkfl_snark function on this
 * thread ("circuit.zkey: section 5 (A points): 12 bytes, expected 640"), or
 * "" when there was none. Valid until the next call on the same thread. */
const char *zkfl_snark_last_error(void);

/* ======================================================================
 * R1CS: sum_i A_i w_i * sum_i B_i w_i = sum_i C_i w_i, one per constraint.
 * ====================================================================== */

typedef struct zkfl_r1cs zkfl_r1cs;

/* One term of a linear combination: coeff * witness[wire]. */
typedef struct {
    uint32_t wire;
    zkfl_fr coeff;
} zkfl_lc_term;

/* A linear combination: n terms (the same wire may appear only once; the
 * builder merges repeats and drops zero coefficients). */
typedef struct {
    const zkfl_lc_term *terms;
    size_t n;
} zkfl_lc;

/* An empty system with wire 0 (one) and the given numbers of public outputs,
 * public inputs and private inputs already allocated (wires 1..). */
int zkfl_r1cs_new(zkfl_r1cs **out, uint32_t n_pub_out, uint32_t n_pub_in, uint32_t n_prv_in);
void zkfl_r1cs_free(zkfl_r1cs *cs);

/* Allocates `count` new internal wires; *first gets the index of the first. */
int zkfl_r1cs_add_wires(uint32_t *first, zkfl_r1cs *cs, uint32_t count);
/* Appends the constraint a * b = c. Every wire must already exist
 * (ZKFL_ERR_RANGE otherwise). Coefficients are copied. */
int zkfl_r1cs_add_constraint(zkfl_r1cs *cs, const zkfl_lc *a, const zkfl_lc *b, const zkfl_lc *c);

uint32_t zkfl_r1cs_n_wires(const zkfl_r1cs *cs);
uint32_t zkfl_r1cs_n_pub_out(const zkfl_r1cs *cs);
uint32_t zkfl_r1cs_n_pub_in(const zkfl_r1cs *cs);
uint32_t zkfl_r1cs_n_prv_in(const zkfl_r1cs *cs);
/* Public wires besides the one: n_pub_out + n_pub_in (snarkjs's nPublic). */
uint32_t zkfl_r1cs_n_public(const zkfl_r1cs *cs);
size_t   zkfl_r1cs_n_constraints(const zkfl_r1cs *cs);
/* Views of constraint i's three linear combinations, valid until the system
 * is changed or freed. ZKFL_ERR_RANGE when i >= n_constraints. */
int zkfl_r1cs_constraint(zkfl_lc *a, zkfl_lc *b, zkfl_lc *c, const zkfl_r1cs *cs, size_t i);
/* circom's wire-to-label map (n_wires entries; label i for wire i when the
 * system was built in memory). */
const uint64_t *zkfl_r1cs_labels(const zkfl_r1cs *cs);
/* circom's total label count (>= n_wires; n_wires for in-memory systems). */
uint64_t zkfl_r1cs_n_labels(const zkfl_r1cs *cs);

/* Evaluates every constraint at the witness: a[i] = <A_i, w>, b[i] = <B_i, w>,
 * c[i] = <C_i, w> (each output array has n_constraints entries; any of them
 * may be NULL). witness has n_wires entries. */
int zkfl_r1cs_eval(zkfl_fr *a, zkfl_fr *b, zkfl_fr *c, const zkfl_r1cs *cs,
                   const zkfl_fr *witness, int threads);
/* 0 when witness (n_wires entries) satisfies every constraint and
 * witness[0] == 1; ZKFL_ERR_UNSATISFIED otherwise, with *first_failing (may
 * be NULL) set to the index of the first failing constraint, or SIZE_MAX
 * when witness[0] != 1. */
int zkfl_r1cs_check(const zkfl_r1cs *cs, const zkfl_fr *witness, size_t *first_failing);

/* .r1cs version 1 (iden3 r1csfile): header, constraints and wire-to-label
 * sections; files with custom-gate sections (circom --O2 plonk gates) are
 * rejected with ZKFL_ERR_UNSUPPORTED. `name` is used in error messages. */
int zkfl_r1cs_read(zkfl_r1cs **out, const char *path);
int zkfl_r1cs_read_mem(zkfl_r1cs **out, const uint8_t *buf, size_t len, const char *name);
/* Writes the sections in circom's order (constraints, header, labels), so
 * a file circom produced round-trips byte for byte. */
int zkfl_r1cs_write(const char *path, const zkfl_r1cs *cs);
int zkfl_r1cs_write_mem(uint8_t **out, size_t *out_len, const zkfl_r1cs *cs);

/* ======================================================================
 * .wtns version 2 (circom witness): n values, canonical, little-endian.
 * ====================================================================== */

/* *out is malloc'd (n entries); wipe it with zkfl_memzero before free when
 * it holds a private witness. */
int zkfl_wtns_read(zkfl_fr **out, size_t *n, const char *path);
int zkfl_wtns_read_mem(zkfl_fr **out, size_t *n, const uint8_t *buf, size_t len, const char *name);
int zkfl_wtns_write(const char *path, const zkfl_fr *witness, size_t n);
int zkfl_wtns_write_mem(uint8_t **out, size_t *out_len, const zkfl_fr *witness, size_t n);

/* ======================================================================
 * Groth16 proving key (.zkey), mirroring snarkjs's sections.
 * ====================================================================== */

/* One entry of section 4: value * witness[signal] contributes to the A
 * (matrix 0) or B (matrix 1) polynomial's evaluation at constraint's
 * position of the domain. The value here is the plain coefficient (the file
 * stores it times R^2, which the reader and writer take care of). Besides
 * the circuit's constraints there is one extra A entry (coefficient one) per
 * public wire s at constraint n_constraints + s, as snarkjs adds. */
typedef struct {
    uint32_t matrix;
    uint32_t constraint;
    uint32_t signal;
    zkfl_fr value;
} zkfl_zkey_coef;

/* One phase-2 contribution (section 10): the new delta and the proof of
 * knowledge of the factor. */
typedef struct {
    zkfl_g1_affine delta_after;
    zkfl_g1_affine g1_s, g1_sx;   /* random s*G1 and x*s*G1 */
    zkfl_g2_affine g2_spx;        /* x * hash-to-G2(transcript, g1_s, g1_sx) */
    uint8_t transcript[64];
    uint32_t type;                /* 0 contribution, 1 beacon */
    char name[256];               /* NUL-terminated UTF-8 (snarkjs writes <= 64 chars) */
    uint8_t num_iterations_exp;   /* beacon only */
    uint8_t beacon_hash_len;
    uint8_t beacon_hash[255];
} zkfl_zkey_contribution;

typedef struct {
    uint32_t n_vars;              /* wires of the circuit, with the one */
    uint32_t n_public;            /* public wires without the one */
    uint32_t domain_size;         /* 2^power, >= n_constraints + n_public + 1 */
    uint32_t power;
    zkfl_g1_affine alpha1, beta1, delta1;
    zkfl_g2_affine beta2, gamma2, delta2;
    zkfl_g1_affine *ic;           /* n_public + 1 */
    zkfl_zkey_coef *coefs;        /* n_coefs */
    size_t n_coefs;
    zkfl_g1_affine *a;            /* n_vars */
    zkfl_g1_affine *b1;           /* n_vars */
    zkfl_g2_affine *b2;           /* n_vars */
    zkfl_g1_affine *c;            /* n_vars - n_public - 1, for wires n_public+1.. */
    zkfl_g1_affine *h;            /* domain_size */
    /* Section 10 (absent in some third-party files: has_mpc = 0). */
    int has_mpc;
    uint8_t cs_hash[64];          /* the circuit hash of the initial key */
    zkfl_zkey_contribution *contributions;
    uint32_t n_contributions;
    /* zkfl_zkey_read_prover(_mem) only: the bytes the point arrays may
     * point into (the file's read-only mapping, which zkfl_zkey_free then
     * unmaps when owns_mapping, or the caller's buffer). NULL else. */
    const void *mapping;
    size_t mapping_len;
    int owns_mapping;
} zkfl_zkey;

/* Reads a snarkjs Groth16 .zkey (memory-mapped; points decoded in parallel
 * straight into the arrays). Other protocols (PLONK, FFLONK) are rejected
 * with ZKFL_ERR_UNSUPPORTED. */
int zkfl_zkey_read(zkfl_zkey **out, const char *path);
int zkfl_zkey_read_mem(zkfl_zkey **out, const uint8_t *buf, size_t len, const char *name);
/* The same for proving, which reads most of the key exactly once: the file
 * stays mapped and the A, B1, B2, C and H arrays point straight into it when
 * the host layout allows (little-endian, 8-byte aligned section), else they
 * are copied. Every size, index and coordinate is checked as by
 * zkfl_zkey_read, and the small points (alpha, beta, gamma, delta, IC,
 * contributions) fully; the curve equation of those five arrays is not:
 * the prover checks its proof against the key's verification key, so a
 * corrupt point can only make proving fail (zkfl_zkey_read then names it),
 * never yield a wrong proof. The arrays are read-only. */
int zkfl_zkey_read_prover(zkfl_zkey **out, const char *path);
/* The same from memory: the arrays may point into buf, which must outlive
 * the key. */
int zkfl_zkey_read_prover_mem(zkfl_zkey **out, const uint8_t *buf, size_t len, const char *name);
/* Writes sections 1..10 in numeric order, as snarkjs's zkey contribute
 * does, so a contributed snarkjs key round-trips byte for byte. */
int zkfl_zkey_write(const char *path, const zkfl_zkey *zk);
int zkfl_zkey_write_mem(uint8_t **out, size_t *out_len, const zkfl_zkey *zk);
void zkfl_zkey_free(zkfl_zkey *zk);

/* The verification key of a .zkey: zkfl_groth16_vk_from_zkey (groth16.h). */

/* ======================================================================
 * Powers of tau (.ptau, snarkjs format, BN254 only).
 * ====================================================================== */

#define ZKFL_PTAU_MAX_POWER 28

/* One phase-1 contribution (section 7). */
typedef struct {
    zkfl_g1_affine tau_g1;        /* tau * G1 after this contribution */
    zkfl_g2_affine tau_g2;
    zkfl_g1_affine alpha_g1;
    zkfl_g1_affine beta_g1;
    zkfl_g2_affine beta_g2;
    /* The contributor's public key: (s, s*x) in G1 and x * H(...) in G2 for
     * x in tau, alpha, beta. */
    zkfl_g1_affine key_g1_s[3], key_g1_sx[3];
    zkfl_g2_affine key_g2_spx[3];
    /* snarkjs's serialized BLAKE2b state after hashing the response up to
     * the public key; finishing it over the key gives the response hash. */
    uint8_t partial_hash[216];
    uint8_t next_challenge[64];
    uint32_t type;                /* 0 contribution, 1 beacon */
    char name[256];
    uint8_t num_iterations_exp;
    uint8_t beacon_hash_len;
    uint8_t beacon_hash[255];
} zkfl_ptau_contribution;

typedef struct {
    uint32_t power;               /* the file holds 2^power-sized sections */
    uint32_t ceremony_power;
    zkfl_g1_affine *tau_g1;       /* 2^(power+1) - 1: tau^i G1 */
    zkfl_g2_affine *tau_g2;       /* 2^power: tau^i G2 */
    zkfl_g1_affine *alpha_tau_g1; /* 2^power: alpha tau^i G1 */
    zkfl_g1_affine *beta_tau_g1;  /* 2^power: beta tau^i G1 */
    zkfl_g2_affine beta_g2;
    zkfl_ptau_contribution *contributions;
    uint32_t n_contributions;
    /* Prepared phase 2 (sections 12..15), NULL when absent: for every
     * k = 0..power the 2^k Lagrange-basis points L_i(tau) on the domain of
     * size 2^k, concatenated (2^(power+1) - 1 entries each); lagrange_g1
     * also has the level k = power+1 (2^(power+2) - 1 entries), computed
     * by snarkjs from tau G1 with a zero appended. */
    zkfl_g1_affine *lagrange_g1;
    zkfl_g2_affine *lagrange_g2;
    zkfl_g1_affine *lagrange_alpha_g1;
    zkfl_g1_affine *lagrange_beta_g1;
} zkfl_ptau;

int  zkfl_ptau_read(zkfl_ptau **out, const char *path);
int  zkfl_ptau_read_mem(zkfl_ptau **out, const uint8_t *buf, size_t len, const char *name);
int  zkfl_ptau_write(const char *path, const zkfl_ptau *pt);
int  zkfl_ptau_write_mem(uint8_t **out, size_t *out_len, const zkfl_ptau *pt);
void zkfl_ptau_free(zkfl_ptau *pt);

/* ======================================================================
 * Ceremony operations (file to file, like the snarkjs commands).
 * ====================================================================== */

/* snarkjs powersoftau new: every point the generator, no contributions. */
int zkfl_ptau_new(const char *out_path, unsigned power);
/* snarkjs powersoftau contribute: fresh tau, alpha, beta from
 * zkfl_randombytes mixed with the optional entropy text; hash_out (may be
 * NULL) gets the contribution hash snarkjs prints. */
int zkfl_ptau_contribute(const char *out_path, const char *in_path, const char *name,
                         const char *entropy, uint8_t hash_out[64]);
/* snarkjs powersoftau beacon: a contribution whose secrets are derived
 * from a public beacon (beacon_hash, 1..255 bytes, hashed with SHA-256
 * 2^num_iterations_exp times, exponent 10..63, seeding ChaCha20), so
 * anyone can recompute it; `verify` does. For the same input file, hash
 * and exponent the output is byte for byte snarkjs's. hash_out (may be
 * NULL) gets the response hash. ZKFL_ERR_INVALID_ARG for parameters out
 * of range. */
int zkfl_ptau_beacon(const char *out_path, const char *in_path, const char *name,
                     const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp,
                     uint8_t hash_out[64]);
/* snarkjs powersoftau verify: 0 when the whole chain is consistent,
 * ZKFL_ERR_VERIFY (message in zkfl_snark_last_error) otherwise. */
int zkfl_ptau_verify(const char *path, int threads);
/* snarkjs powersoftau prepare phase2: adds the Lagrange sections 12..15. */
int zkfl_ptau_prepare(const char *out_path, const char *in_path, int threads);

/* The same initial key in memory, from a parsed circuit and a prepared
 * ptau (for in-process setups and for verification). */
int zkfl_zkey_setup(zkfl_zkey **out, const zkfl_r1cs *cs, const zkfl_ptau *pt, int threads);

/* snarkjs groth16 setup / zkey new: the initial key (delta = 1). */
int zkfl_zkey_new(const char *zkey_path, const char *r1cs_path, const char *ptau_path, int threads);
/* snarkjs zkey contribute: a fresh random delta factor. */
int zkfl_zkey_contribute(const char *out_path, const char *in_path, const char *name,
                         const char *entropy, uint8_t hash_out[64]);
/* snarkjs zkey beacon: a delta factor derived from a public beacon (same
 * parameters as zkfl_ptau_beacon); byte for byte snarkjs's output.
 * hash_out (may be NULL) gets the contribution hash. */
int zkfl_zkey_beacon(const char *out_path, const char *in_path, const char *name,
                     const uint8_t *beacon_hash, size_t beacon_hash_len, unsigned num_iterations_exp,
                     uint8_t hash_out[64]);
/* snarkjs zkey verify: recomputes the initial key from the circuit and the
 * ptau, then checks every contribution and the final delta scaling. */
int zkfl_zkey_verify(const char *r1cs_path, const char *ptau_path, const char *zkey_path,
                     int threads);

#ifdef __cplusplus
}
#endif
#endif
