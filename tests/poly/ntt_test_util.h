/* Shared by the NTT tests (test_ntt.c, test_ntt_ffjs.c, test_ntt_vec.c,
 * ntt_large.c): a seeded generator, random vectors, and an independent
 * evaluation (Horner, and spot checks of a forward transform). */
#ifndef ZKFL_TESTS_POLY_NTT_TEST_UTIL_H
#define ZKFL_TESTS_POLY_NTT_TEST_UTIL_H

#include <stdint.h>
#include "testlib.h"
#include "zkfl/ff.h"

static zkfl_test_rng rng;

static inline void random_vec(zkfl_fr *a, size_t n)
{
    uint8_t buf[64];
    for (size_t i = 0; i < n; i++) {
        zkfl_test_rng_bytes(&rng, buf, sizeof buf);
        zkfl_fr_from_bytes_be_wide(&a[i], buf);
    }
}

/* p(x) for coefficients a (Horner). */
static inline void horner(zkfl_fr *r, const zkfl_fr *a, size_t n, const zkfl_fr *x)
{
    zkfl_fr acc;
    zkfl_fr_set_zero(&acc);
    for (size_t i = n; i-- > 0;) {
        zkfl_fr_mul(&acc, &acc, x);
        zkfl_fr_add(&acc, &acc, &a[i]);
    }
    *r = acc;
}

/* count random positions i of b = NTT(a) (size n = 2^lg) against p(w^i)
 * evaluated by Horner, w the 2^lg-th root of unity. */
static inline void check_ntt_spots(const zkfl_fr *a, const zkfl_fr *b, size_t n, unsigned lg, int count)
{
    zkfl_fr w, x, v;
    CHECK_OK(zkfl_fr_root_of_unity(&w, lg));
    for (int k = 0; k < count; k++) {
        uint64_t i = zkfl_test_rng_next(&rng) % n;
        uint64_t e[4] = { i, 0, 0, 0 };
        zkfl_fr_pow_vartime(&x, &w, e);
        horner(&v, a, n, &x);
        CHECK(zkfl_fr_eq(&v, &b[i]));
    }
}

#endif
