/* Helpers for circuit tests: satisfied / violated checks that name the
 * failing constraint, and witness edits undone after each probe. */
#ifndef ZKFL_CIRCUIT_TESTUTIL_H
#define ZKFL_CIRCUIT_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/circuits.h"
#include "zkfl/snark.h"

/* x as a field element (r - |x| for negative x). */
static inline zkfl_fr fr(int64_t x)
{
    zkfl_fr f;
    zkfl_fr_set_i64(&f, x);
    return f;
}

/* A uniformly random field element (64 bytes reduced mod r). */
static inline void random_fr(zkfl_fr *x, zkfl_test_rng *rng)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(rng, b, 64);
    zkfl_fr_from_bytes_be_wide(x, b);
}

/* The value of a linear combination under witness w. */
static inline void lc_value(zkfl_fr *out, const zkfl_lc *lc, const zkfl_fr *w)
{
    zkfl_fr t;
    zkfl_fr_set_zero(out);
    for (size_t i = 0; i < lc->n; i++) {
        zkfl_fr_mul(&t, &lc->terms[i].coeff, &w[lc->terms[i].wire]);
        zkfl_fr_add(out, out, &t);
    }
}

/* The two circuits' R1CS encode to the same .r1cs bytes (shape mode and
 * witness mode must build one system). */
static inline int same_r1cs(const zkfl_circuit *a, const zkfl_circuit *b)
{
    uint8_t *b1 = NULL, *b2 = NULL;
    size_t l1 = 0, l2 = 0;
    CHECK_OK(zkfl_r1cs_write_mem(&b1, &l1, zkfl_circuit_r1cs(a)));
    CHECK_OK(zkfl_r1cs_write_mem(&b2, &l2, zkfl_circuit_r1cs(b)));
    int same = b1 != NULL && b2 != NULL && l1 == l2 && memcmp(b1, b2, l1) == 0;
    free(b1);
    free(b2);
    return same;
}

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
