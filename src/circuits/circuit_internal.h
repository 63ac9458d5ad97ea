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

#endif
