/* Helpers shared by the ec tests: random scalars and points drawn from the
 * seeded test generator, the naive MSM references (a sum of independent
 * scalar multiplications), and twist points outside G2. Header-only, so a
 * test includes it and needs no registration. */
#ifndef ZKFL_TESTS_EC_TEST_UTIL_H
#define ZKFL_TESTS_EC_TEST_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/ec_impl.h"

/* A test size: smaller under the sanitizers, which run several times
 * slower and repeat what the release build covers at full size. */
#ifdef ZKFL_SANITIZE
#define EC_TEST_SIZE(sanitizer, release) (sanitizer)
#else
#define EC_TEST_SIZE(sanitizer, release) (release)
#endif

/* A uniformly random scalar (64 random bytes reduced mod r). */
static inline void ec_test_rand_fr(zkfl_test_rng *rng, zkfl_fr *k)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(rng, b, sizeof b);
    zkfl_fr_from_bytes_be_wide(k, b);
}

/* Per group: ec_test_g1_rand_point, ec_test_g1_alloc_terms,
 * ec_test_g1_progression, ec_test_g1_alloc_progression, ec_test_g1_random_points, ec_test_g1_naive_msm
 * and the same for g2. */
#define EG(name) zkfl_g1_##name
#define EGT(name) ec_test_g1_##name
#define EG_T zkfl_g1
#define EG_AFF zkfl_g1_affine
#define EG_NEG_Y zkfl_fp_neg
#include "ec_group_test_template.h"
#define EG(name) zkfl_g2_##name
#define EGT(name) ec_test_g2_##name
#define EG_T zkfl_g2
#define EG_AFF zkfl_g2_affine
#define EG_NEG_Y zkfl_fp2_neg
#include "ec_group_test_template.h"

/* A point of the twist E'(Fp2) that is almost surely outside G2: random x
 * with x^3 + b' a square, no cofactor clearing. */
static inline void ec_test_twist_point(zkfl_test_rng *rng, zkfl_g2_affine *a)
{
    for (;;) {
        uint8_t b[128];
        zkfl_test_rng_bytes(rng, b, sizeof b);
        zkfl_fp_from_bytes_be_wide(&a->x.c0, b);
        zkfl_fp_from_bytes_be_wide(&a->x.c1, b + 64);
        zkfl_fp2 rhs;
        zkfl_fp2_sqr(&rhs, &a->x);
        zkfl_fp2_mul(&rhs, &rhs, &a->x);
        zkfl_fp2_add(&rhs, &rhs, &zkfl_ec_fp2_b);
        if (zkfl_fp2_sqrt(&a->y, &rhs) == 0)
            return;
    }
}

/* A twist point outside G2 (checked). */
static inline void ec_test_twist_point_outside_g2(zkfl_test_rng *rng, zkfl_g2_affine *a)
{
    do
        ec_test_twist_point(rng, a);
    while (zkfl_g2_affine_is_in_subgroup(a));
}

#endif
