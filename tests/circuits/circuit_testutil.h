/* Helpers for circuit tests: satisfied / violated checks that name the
 * failing constraint, and witness edits undone after each probe. */
#ifndef ZKFL_CIRCUIT_TESTUTIL_H
#define ZKFL_CIRCUIT_TESTUTIL_H

#include <stdio.h>
#include "testlib.h"
#include "zkfl/circuits.h"

/* 1 when the circuit's witness satisfies its R1CS. */
static inline int circuit_ok(const zkfl_circuit *c)
{
    size_t bad;
    int rc = zkfl_circuit_check(c, &bad);
    if (rc != 0) fprintf(stderr, "  unexpected: %s\n", zkfl_circuits_last_error());
    return rc == 0;
}

/* Sets wire to value, checks that the R1CS now fails (printing the failing
 * constraint's name when verbose), restores the old value. 1 if it failed. */
static inline int edit_fails(zkfl_circuit *c, uint32_t wire, const zkfl_fr *value, int verbose)
{
    const zkfl_fr *w = zkfl_circuit_witness(c);
    zkfl_fr old = w[wire];
    zkfl_circuit_set_value(c, wire, value);
    size_t bad;
    int rc = zkfl_circuit_check(c, &bad);
    if (verbose && rc != 0) fprintf(stderr, "  forced wire %u: %s\n", wire, zkfl_circuits_last_error());
    zkfl_circuit_set_value(c, wire, &old);
    return rc == ZKFL_ERR_UNSATISFIED;
}

static inline int edit_fails_i64(zkfl_circuit *c, uint32_t wire, int64_t v, int verbose)
{
    zkfl_fr f;
    zkfl_fr_set_i64(&f, v);
    return edit_fails(c, wire, &f, verbose);
}

/* Adds delta to one wire and expects failure. */
static inline int bump_fails(zkfl_circuit *c, uint32_t wire, int verbose)
{
    zkfl_fr v = zkfl_circuit_witness(c)[wire], one;
    zkfl_fr_set_one(&one);
    zkfl_fr_add(&v, &v, &one);
    return edit_fails(c, wire, &v, verbose);
}

#endif
