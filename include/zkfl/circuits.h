/* zkfl/circuits.h - circuit gadgets on the R1CS builder and the compliance
 * rules compiled from them, plus the native functions the gadgets mirror. */
#ifndef ZKFL_CIRCUITS_H
#define ZKFL_CIRCUITS_H

#include "zkfl/snark.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Poseidon, compatible with circomlib's poseidon.circom / circomlibjs --
 * x^5 S-box, 8 full rounds, circomlib's partial-round counts, round
 * constants and MDS matrices, width t = n + 1 with a zero initial capacity
 * element. n must be 1..16. */
#define ZKFL_POSEIDON_MAX_INPUTS 16

int zkfl_poseidon_hash(zkfl_fr *out, const zkfl_fr *in, size_t n);
/* The full permutation on a state of width t = 2..17 (for sponges). */
int zkfl_poseidon_permute(zkfl_fr *state, size_t t);
/* Partial-round count circomlib uses for width t (0 when t is out of range). */
unsigned zkfl_poseidon_partial_rounds(size_t t);
/* Round constant r*t + i and MDS entry (i, j) for width t, in Montgomery
 * form: what a circuit gadget needs to lay out the same rounds. */
const zkfl_fr *zkfl_poseidon_round_constants(size_t t);
const zkfl_fr *zkfl_poseidon_mds(size_t t);


/* The message describing the last failure of a zkfl_circuit / zkfl_rules
 * function on this thread ("rules.json: update.l2_max: 5000000000000 does
 * not fit ...", "l2: u[17]^2 sum exceeds l2_max"), or "" when there was
 * none. Valid until the next call on the same thread. */
const char *zkfl_circuits_last_error(void);

/* ======================================================================
 * Circuit builder: an R1CS plus its witness, built in one pass.
 *
 * Every gadget adds its constraints and, in witness mode, assigns the
 * values of the wires it creates. In shape-only mode (the setup path) no
 * values exist and the same calls build a bit-identical R1CS.
 *
 * Wire order (circom's): 0 = one, the public inputs (declared first, before
 * any other wire; there are no public outputs), then every private wire in
 * creation order. Building is deterministic: the same calls give the same
 * R1CS bytes.
 *
 * Two-phase witness generation (commit-and-challenge, LegoGroth16 / gnark
 * BSB22 style):
 *   phase 1: building the circuit assigns every wire that does not depend on
 *            a challenge;
 *   the prover commits (Pedersen) to each commitment group's wires and
 *   derives every challenge as a hash of the commitments of its groups;
 *   phase 2: zkfl_circuit_finish_witness(c, challenges) stores the challenge
 *            values in their public wires and runs the continuations the
 *            gadgets registered, which assign the challenge-dependent wires.
 * ====================================================================== */

typedef struct zkfl_circuit zkfl_circuit;

enum zkfl_circuit_mode {
    ZKFL_CIRCUIT_SHAPE = 0,    /* constraints only (setup, verification) */
    ZKFL_CIRCUIT_WITNESS = 1   /* constraints and values (proving) */
};

/* A linear combination of wires with its known value: sum coeff_i w_i.
 * A value type: copy it freely. Terms live in the circuit's arena (never
 * moved, freed with the circuit), sorted by wire, no repeats, no zero
 * coefficients. value is the combination's value in witness mode (zero in
 * shape mode, and for wires assigned only in phase 2). Adding, subtracting,
 * scaling and constants cost no constraint. */
typedef struct {
    const zkfl_lc_term *terms;
    uint32_t n;
    zkfl_fr value;
} zkfl_var;

int  zkfl_circuit_new(zkfl_circuit **out, enum zkfl_circuit_mode mode);
/* Wipes the witness and every stored value before freeing. */
void zkfl_circuit_free(zkfl_circuit *c);
int  zkfl_circuit_has_witness(const zkfl_circuit *c);   /* 1 in witness mode */

/* Declares the next public input wire (only before any private wire or
 * constraint: ZKFL_ERR_INVALID_ARG otherwise). value is ignored in shape
 * mode (may be NULL). */
int zkfl_circuit_public_input(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *value);
/* Declares the next public input wire as a challenge: its value is
 * H(commitments of its groups), computed by the prover and the verifier,
 * so it is unknown while phase 1 runs. *index gets the challenge number k
 * (0, 1, ...). Same ordering restriction as public inputs. The groups are
 * attached later with zkfl_circuit_challenge_add_group. */
int zkfl_circuit_challenge_input(zkfl_var *out, size_t *index, zkfl_circuit *c);

/* A new private wire with the given value (ignored in shape mode). */
int zkfl_circuit_private(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *value);
/* A new private wire whose value a phase-2 continuation assigns. */
int zkfl_circuit_private_deferred(zkfl_var *out, zkfl_circuit *c);
/* Sets the value of a wire (phase 2 continuations; tests forcing a
 * witness). ZKFL_ERR_RANGE for wire 0 or a wire that does not exist. */
int zkfl_circuit_set_value(zkfl_circuit *c, uint32_t wire, const zkfl_fr *value);
/* The value of a linear combination evaluated on the current witness. */
int zkfl_circuit_eval(zkfl_fr *out, const zkfl_circuit *c, const zkfl_var *v);

/* Free linear operations (no constraints). */
int  zkfl_var_const(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *k);
int  zkfl_var_const_i64(zkfl_var *out, zkfl_circuit *c, int64_t k);
int  zkfl_var_add(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b);
int  zkfl_var_sub(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b);
int  zkfl_var_scale(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_fr *k);
/* out = sum_i k_i a_i (k NULL: all ones); one pass, n terms at most. */
int  zkfl_var_sum(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_fr *k, size_t n);
/* The single wire of a one-term combination with coefficient one, or
 * UINT32_MAX when v is anything else. */
uint32_t zkfl_var_wire(const zkfl_var *v);

/* Constraints. `tag` (a static string) and `index` name the constraint for
 * error messages and zkfl_circuit_describe ("l2.square", 17). */
int zkfl_circuit_assert_mul(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                            const zkfl_var *prod, const char *tag, uint32_t index);
int zkfl_circuit_assert_eq(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                           const char *tag, uint32_t index);
/* out = a * b: a new wire and one constraint. */
int zkfl_circuit_mul(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                     const char *tag, uint32_t index);
/* The combination as a single wire: itself if it already is one, else a
 * new wire constrained equal to it (one constraint). */
int zkfl_circuit_to_wire(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a,
                         const char *tag, uint32_t index);

/* Phase-2 continuation: assigns challenge-dependent wires once every
 * challenge wire holds its value. Run in registration order by
 * zkfl_circuit_finish_witness; ctx is owned by the circuit from then on and
 * released with ctx_free (may be NULL) when the circuit is freed. Not run
 * (but still freed) in shape mode. */
typedef int (*zkfl_circuit_phase2_fn)(zkfl_circuit *c, void *ctx);
int zkfl_circuit_defer(zkfl_circuit *c, zkfl_circuit_phase2_fn fn, void *ctx,
                       void (*ctx_free)(void *ctx));

/* ---- commitment groups and challenges: the cgroth16 interface ----------
 * A commitment group is a list of private wires that one Pedersen
 * commitment in the proof covers. By the compliance circuit's convention
 * group 0 is the update vector u_1..u_d followed by its mask wire (a fresh
 * zkfl_fr_random value, so the commitment D hides low-entropy updates);
 * a lookup group, if any, is a separate group that also ends with a mask.
 * Every committed wire
 * appears in at least one constraint in a column no other committed wire
 * shares (so its commitment basis point is non-zero and distinct from every
 * other basis point, and the commitment binds each wire on its own). */
int zkfl_circuit_new_commit_group(size_t *group, zkfl_circuit *c);
/* Adds a private wire (wire > n_public) to the group; a wire belongs to at
 * most one group. */
int zkfl_circuit_commit_add(zkfl_circuit *c, size_t group, uint32_t wire);
/* Makes challenge k depend on the commitment of `group` (in call order). */
int zkfl_circuit_challenge_add_group(zkfl_circuit *c, size_t k, size_t group);

/* Appends a mask wire to the group: a fresh zkfl_fr_random value (witness
 * mode) constrained by mask * mask = mask_sq, the constraint that gives it
 * its own column. Every group the compliance circuit commits to ends with
 * one, so a commitment to low-entropy values (small integers, 8-bit limbs)
 * reveals nothing even if the proof system adds no blinder of its own. */
int zkfl_gadget_commit_mask(zkfl_circuit *c, size_t group);

/* The system built so far, owned by the circuit. */
const zkfl_r1cs *zkfl_circuit_r1cs(const zkfl_circuit *c);
/* The witness (zkfl_circuit_n_wires entries, witness[0] == 1), owned by
 * the circuit; NULL in shape mode. Before zkfl_circuit_finish_witness the
 * challenge and phase-2 wires hold zero. */
const zkfl_fr *zkfl_circuit_witness(const zkfl_circuit *c);
size_t zkfl_circuit_n_wires(const zkfl_circuit *c);
size_t zkfl_circuit_n_public(const zkfl_circuit *c);   /* without the one */

size_t zkfl_circuit_n_commit_groups(const zkfl_circuit *c);
/* Views of group g's wires in order, valid until the circuit is changed or
 * freed. ZKFL_ERR_RANGE when g >= n_commit_groups. */
int zkfl_circuit_commit_group(const uint32_t **wires, size_t *n, const zkfl_circuit *c, size_t g);

size_t zkfl_circuit_n_challenges(const zkfl_circuit *c);
/* Challenge k: its public wire (1..n_public) and the groups whose
 * commitments (in this order) the challenge hash covers. */
int zkfl_circuit_challenge(uint32_t *wire, const size_t **groups, size_t *n_groups,
                           const zkfl_circuit *c, size_t k);

/* Phase 2: stores challenges[k] in challenge k's wire and runs the
 * continuations. Once only; witness mode only. */
int zkfl_circuit_finish_witness(zkfl_circuit *c, const zkfl_fr *challenges);
/* 1 once every wire is assigned (phase 2 done or not needed). */
int zkfl_circuit_witness_complete(const zkfl_circuit *c);

/* zkfl_r1cs_check on the circuit's own witness, with the failing
 * constraint named in zkfl_circuits_last_error ("constraint 41 (l2.square
 * 17) not satisfied"). ZKFL_ERR_UNSATISFIED when it fails. */
int zkfl_circuit_check(const zkfl_circuit *c, size_t *first_failing);
/* "l2.square[17]" for constraint i; out gets at most out_len bytes. */
int zkfl_circuit_describe(char *out, size_t out_len, const zkfl_circuit *c, size_t i);

/* ======================================================================
 * Gadgets. Each adds its constraints and (in witness mode) its values. The
 * value checks a gadget cannot satisfy honestly (a value out of range) make
 * it return ZKFL_ERR_RANGE with a message: the witness generator refuses
 * before proving. In shape mode no values are checked.
 * ====================================================================== */

/* b * (b - 1) = 0. */
int zkfl_gadget_assert_bool(zkfl_circuit *c, const zkfl_var *b, const char *tag, uint32_t index);
/* Bit decomposition: 0 <= v < 2^k (k <= 252), k booleans plus one
 * recomposition constraint. bits (may be NULL) gets the k bit variables,
 * least significant first. */
int zkfl_gadget_range_bits(zkfl_var *bits, zkfl_circuit *c, const zkfl_var *v, unsigned k,
                           const char *tag, uint32_t index);
/* Signed: -2^(k-1) <= v < 2^(k-1) (as v + 2^(k-1) unsigned k bits). */
int zkfl_gadget_range_bits_signed(zkfl_circuit *c, const zkfl_var *v, unsigned k,
                                  const char *tag, uint32_t index);
/* For a, b known to lie in [0, 2^k) (k <= 250): out = 1 if a < b (or
 * a <= b) else 0, from the k+1 bit decomposition of 2^k + b - a (- 1). */
int zkfl_gadget_less_than(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                          unsigned k, const char *tag, uint32_t index);
int zkfl_gadget_less_eq(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                        unsigned k, const char *tag, uint32_t index);
/* Asserts a <= b for a, b in [0, 2^k): b - a is a k-bit value. */
int zkfl_gadget_assert_le(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b, unsigned k,
                          const char *tag, uint32_t index);
/* out = (v == 0): inv * v = 1 - out, out * v = 0 (two constraints). */
int zkfl_gadget_is_zero(zkfl_var *out, zkfl_circuit *c, const zkfl_var *v,
                        const char *tag, uint32_t index);
int zkfl_gadget_is_equal(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                         const char *tag, uint32_t index);
/* out = sel ? b : a for a boolean sel (one constraint; sel not checked). */
int zkfl_gadget_mux(zkfl_var *out, zkfl_circuit *c, const zkfl_var *sel, const zkfl_var *a,
                    const zkfl_var *b, const char *tag, uint32_t index);
/* out = sum v_i^2 (n constraints). */
int zkfl_gadget_sum_squares(zkfl_var *out, zkfl_circuit *c, const zkfl_var *v, size_t n,
                            const char *tag);
/* Poseidon (circomlib parameters) of n = 1..16 inputs; x^5 costs three
 * constraints per S-box. out equals zkfl_poseidon_hash of the values. */
int zkfl_gadget_poseidon(zkfl_var *out, zkfl_circuit *c, const zkfl_var *in, size_t n,
                         const char *tag);

/* ---- log-derivative lookup range checks (Haboeck 2022) -----------------
 * A range checker collects values to prove in [0, 2^k) and, when closed,
 * decomposes each into 8-bit limbs, commits to the limbs but the top one
 * (a combination of the value and the others) and the table
 * multiplicities (a new commitment group, ending with a mask), and proves
 *   sum_i 1/(X - limb_i) = sum_j m_j/(X - j),  j = 0..255,
 * at the challenge X = H(commitment of that group), a public challenge
 * input declared up front. Limbs and multiplicities are phase-1 wires, the
 * inverses phase-2 wires. */
typedef struct zkfl_rangecheck zkfl_rangecheck;
/* challenge: a variable from zkfl_circuit_challenge_input, k_index its
 * number. */
int zkfl_rangecheck_new(zkfl_rangecheck **out, zkfl_circuit *c, const zkfl_var *challenge,
                        size_t k_index);
/* Registers 0 <= v < 2^bits (bits 1..64). Checks the value now in witness
 * mode (ZKFL_ERR_RANGE with the tag and index in the message).
 * Soundness: v must be fixed by committed wires (of groups the challenge
 * covers) and public inputs, possibly through wires the constraints
 * determine uniquely from them (u_i^2, is_zero(u_i)): its top limb is not
 * committed but derived from v. Commit any other wire v depends on with
 * zkfl_rangecheck_commit_wire. */
int zkfl_rangecheck_add(zkfl_rangecheck *rc, const zkfl_var *v, unsigned bits,
                        const char *tag, uint32_t index);
/* Adds a private wire to the lookup's commitment group (at close). */
int zkfl_rangecheck_commit_wire(zkfl_rangecheck *rc, uint32_t wire);
/* Adds the limbs, multiplicities, group and the sum constraint; frees rc
 * (also on failure). */
int zkfl_rangecheck_close(zkfl_rangecheck *rc);
void zkfl_rangecheck_free(zkfl_rangecheck *rc);

/* ======================================================================
 * Compliance rules (docs/RULES.md): a JSON file compiled into a circuit.
 * ====================================================================== */

typedef struct zkfl_rules zkfl_rules;

enum zkfl_range_method {
    ZKFL_RANGE_BITS = 0,      /* bit decomposition */
    ZKFL_RANGE_LOOKUP = 1     /* log-derivative lookup with a challenge */
};

/* Parameters after validation (a present flag per optional rule). */
typedef struct {
    uint32_t dim;                 /* d, from the file or zkfl_rules_set_dim */
    unsigned bits;                /* -2^(bits-1) <= u_i < 2^(bits-1) */
    int has_l2;      uint64_t l2_max;        /* sum u_i^2 <= l2_max */
    int has_linf;    uint64_t linf_max;      /* |u_i| <= linf_max */
    int has_nonzero; uint32_t nonzero_min;   /* #{i : u_i != 0} >= nonzero_min */
    int has_samples_min; uint64_t samples_min;
    int has_samples_max; uint64_t samples_max;
    int samples_public;           /* num_samples is a public input */
    int bind_round, bind_client, bind_model;
    enum zkfl_range_method range;
} zkfl_rules_params;

/* Parses and validates (unknown keys, types, bounds, overflow); `name`
 * names the source in messages. */
int zkfl_rules_parse(zkfl_rules **out, const char *json, size_t len, const char *name);
int zkfl_rules_read(zkfl_rules **out, const char *path);
void zkfl_rules_free(zkfl_rules *r);
/* Sets d when the file has no "dim" (or checks it equals the file's). */
int zkfl_rules_set_dim(zkfl_rules *r, uint32_t dim);
const zkfl_rules_params *zkfl_rules_get(const zkfl_rules *r);
/* SHA-256 of the canonical serialization (docs/RULES.md): equal for rule
 * files that mean the same thing, different otherwise. dim must be set. */
int zkfl_rules_hash(uint8_t out[32], const zkfl_rules *r);
/* The canonical serialization itself (malloc'd, NUL-terminated). */
int zkfl_rules_canonical(char **out, const zkfl_rules *r);

/* What a proof is bound to (public inputs). */
typedef struct {
    uint64_t round;
    uint64_t client_id;
    uint8_t model_hash[32];       /* split into two 128-bit field elements */
} zkfl_round_binding;

/* The prover's private data. */
typedef struct {
    const int64_t *update;        /* dim entries */
    uint64_t num_samples;
    zkfl_round_binding binding;
} zkfl_compliance_witness;

/* Compiles the rules. w == NULL: shape only (setup / verification), else
 * the witness (phase 1) for w; refuses with ZKFL_ERR_RANGE and a message
 * naming the rule and the coordinate when w breaks a rule. */
int zkfl_rules_circuit(zkfl_circuit **out, const zkfl_rules *r, const zkfl_compliance_witness *w);
/* The public inputs the verifier supplies, in wire order (n_public
 * entries, see docs/RULES.md), with the challenge slots set to zero (the
 * cgroth16 verifier fills them from the proof's commitments). */
int zkfl_rules_public_inputs(zkfl_fr *out, size_t n_public, const zkfl_rules *r,
                             const zkfl_round_binding *b, uint64_t public_samples);
size_t zkfl_rules_n_public(const zkfl_rules *r);

#ifdef __cplusplus
}
#endif
#endif
