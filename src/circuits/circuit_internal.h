/* Internals shared by the circuit builder, the gadgets and the rules
 * compiler. */
#ifndef ZKFL_CIRCUIT_INTERNAL_H
#define ZKFL_CIRCUIT_INTERNAL_H

#include "zkfl/circuits.h"

/* printf-style message for zkfl_circuits_last_error; returns err so call
 * sites can `return circ_fail(ZKFL_ERR_RANGE, "...")`. */
int circ_fail(int err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void circ_clear_error(void);

/* n terms of arena storage owned by the circuit (NULL when out of memory). */
zkfl_lc_term *circ_arena_alloc(zkfl_circuit *c, size_t n);
/* A one-term variable 1 * wire with the given value. */
int circ_var_wire(zkfl_var *out, zkfl_circuit *c, uint32_t wire, const zkfl_fr *value);
/* Integer value of a field element when it is < 2^64 (returns 1), else 0. */
int circ_fr_to_u64(uint64_t *out, const zkfl_fr *a);
/* Number of bits of x (0 for 0). */
unsigned circ_bitlen(uint64_t x);

/* ---- direct lookup table (rangecheck.c) ----
 * Besides its 8-bit limb table, a range checker can hold one table
 * [0, size) whose keys are looked up whole: 0 <= v < size for any size (not
 * only powers of two) at one constraint per value, plus one per table
 * entry. The multiplicity m_j of entry j is the exact number of keys equal
 * to j (the log-derivative identity forces it), which the rules compiler
 * uses to count zero coordinates without a gadget per coordinate.
 * Same soundness condition on the keys as zkfl_rangecheck_add. */
#define CIRC_DIRECT_TABLE_MAX (1u << 20)
/* Creates the table's committed multiplicity wires (once per checker). */
int circ_rangecheck_direct_table(zkfl_rangecheck *rc, uint32_t size);
/* Registers 0 <= v < size (checked now in witness mode). */
int circ_rangecheck_add_direct(zkfl_rangecheck *rc, const zkfl_var *v, const char *tag, uint32_t index);
/* The multiplicity wire of entry j, valued with the keys added so far:
 * call it after the last circ_rangecheck_add_direct. */
int circ_rangecheck_direct_count(zkfl_var *out, zkfl_rangecheck *rc, uint32_t j);

/* ---- direct lookup table (rangecheck.c) ----
 * Besides its 8-bit limb table, a range checker can hold one table
 * [0, size) whose keys are looked up whole: 0 <= v < size for any size (not
 * only powers of two) at one constraint per value, plus one per table
 * entry. The multiplicity m_j of entry j is the exact number of keys equal
 * to j (the log-derivative identity forces it), which the rules compiler
 * uses to count zero coordinates without a gadget per coordinate.
 * Same soundness condition on the keys as zkfl_rangecheck_add. */
#define CIRC_DIRECT_TABLE_MAX (1u << 20)
/* Creates the table's committed multiplicity wires (once per checker). */
int circ_rangecheck_direct_table(zkfl_rangecheck *rc, uint32_t size);
/* Registers 0 <= v < size (checked now in witness mode). */
int circ_rangecheck_add_direct(zkfl_rangecheck *rc, const zkfl_var *v, const char *tag, uint32_t index);
/* The multiplicity wire of entry j, valued with the keys added so far:
 * call it after the last circ_rangecheck_add_direct. */
int circ_rangecheck_direct_count(zkfl_var *out, zkfl_rangecheck *rc, uint32_t j);

#endif
