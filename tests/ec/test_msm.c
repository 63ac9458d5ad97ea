/* Pippenger MSM on G1 and G2 against the naive sum of independent
 * scalar multiplications (zkfl_g1_mul_vartime / zkfl_g2_mul_vartime, GLV
 * and GLS code written separately), over sizes, thread counts, forced window
 * widths, and the degenerate inputs a bucket method can get wrong: zero
 * scalars, infinity points, repeated points (doubling inside a bucket),
 * P and -P in one bucket (cancellation), scalar -1, and mixes of small and
 * full-size scalars (the split plan). */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/msm_impl.h"
#include "ec_test_util.h"

static zkfl_test_rng rng;

static void small_scalar(zkfl_fr *s, unsigned bits)
{
    uint64_t v = zkfl_test_rng_next(&rng) & ((bits >= 64 ? 0 : (1ull << bits)) - 1);
    zkfl_fr_set_u64(s, v);
}

/* Scalar profiles exercised for each size. */
enum profile { P_RANDOM, P_SPECIAL, P_SMALL_MIX, P_ALL_SMALL, P_COUNT };

static void fill_scalars(zkfl_fr *s, size_t n, enum profile prof)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = zkfl_test_rng_next(&rng) % 10;
        switch (prof) {
        case P_RANDOM:
            ec_test_rand_fr(&rng, &s[i]);
            break;
        case P_SPECIAL:
            if (r == 0) zkfl_fr_set_zero(&s[i]);
            else if (r == 1) zkfl_fr_set_one(&s[i]);
            else if (r == 2) zkfl_fr_set_i64(&s[i], -1);
            else if (r == 3) zkfl_fr_set_u64(&s[i], 1ull << 15);
            else ec_test_rand_fr(&rng, &s[i]);
            break;
        case P_SMALL_MIX:   /* witness-like: mostly 0/1/small, some full */
            if (r < 3) zkfl_fr_set_zero(&s[i]);
            else if (r < 5) zkfl_fr_set_one(&s[i]);
            else if (r < 9) small_scalar(&s[i], 1 + (unsigned)(zkfl_test_rng_next(&rng) % 14));
            else ec_test_rand_fr(&rng, &s[i]);
            break;
        default:
            small_scalar(&s[i], 1 + (unsigned)(zkfl_test_rng_next(&rng) % 12));
            break;
        }
    }
}

/* ---------------- G1 ---------------- */

static void test_g1(void)
{
#ifdef ZKFL_SANITIZE
    static const size_t sizes[] = { 0, 1, 2, 3, 7, 64, 1000 };
#else
    static const size_t sizes[] = { 0, 1, 2, 3, 7, 64, 1000, 5000 };
#endif
    static const int threads[] = { 1, 2, 3, 7 };
    size_t maxn = 5000;
    zkfl_g1_affine *pts;
    zkfl_fr *sc;
    if (!ec_test_g1_alloc_terms(&pts, &sc, maxn))
        return;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        for (int prof = 0; prof < P_COUNT; prof++) {
            if (n >= 5000 && prof != P_SPECIAL && prof != P_SMALL_MIX)
                continue;
            int degenerate = prof != P_RANDOM;
            ec_test_g1_random_points(&rng, pts, n, degenerate);
            fill_scalars(sc, n, (enum profile)prof);
            zkfl_g1 want, got;
            ec_test_g1_naive_msm(&want, pts, sc, n);
            for (size_t ti = 0; ti < sizeof threads / sizeof threads[0]; ti++) {
                if (n >= 5000 && threads[ti] == 3)
                    continue;
                CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, threads[ti]));
                if (!zkfl_g1_eq(&got, &want))
                    fprintf(stderr, "G1 MSM mismatch n=%zu profile=%d threads=%d\n", n, prof,
                            threads[ti]);
                CHECK(zkfl_g1_eq(&got, &want));
            }
        }
    }

    /* Window widths from the smallest (c = 1 is clamped to 2) to 13. */
    size_t n = 700;
    ec_test_g1_random_points(&rng, pts, n, 1);
    fill_scalars(sc, n, P_SPECIAL);
    zkfl_g1 want, got;
    ec_test_g1_naive_msm(&want, pts, sc, n);
    for (unsigned c = 1; c <= 13; c += (c < 4 ? 1 : 3)) {
        zkfl_msm_forced_window = c;
        CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, 2));
        if (!zkfl_g1_eq(&got, &want))
            fprintf(stderr, "G1 MSM mismatch with window %u\n", c);
        CHECK(zkfl_g1_eq(&got, &want));
    }
    /* c = 16, the int16 digit limit: 32-bit scalars keep the 2^15 buckets
     * affordable; 0x8000 and 0x18000 produce the digit -2^15. */
    fill_scalars(sc, n, P_ALL_SMALL);
    for (size_t i = 0; i < n; i += 3)
        zkfl_fr_set_u64(&sc[i], (zkfl_test_rng_next(&rng) & 0xffffffffull) | (i % 2 ? 0x8000 : 0));
    zkfl_fr_set_u64(&sc[1], 0x8000);
    zkfl_fr_set_u64(&sc[2], 0x18000);
    ec_test_g1_naive_msm(&want, pts, sc, n);
    zkfl_msm_forced_window = MSM_MAX_C;
    CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, 2));
    CHECK(zkfl_g1_eq(&got, &want));
    zkfl_msm_forced_window = 0;

    /* One point repeated with the same scalar: every pair is a doubling. */
    n = 300;
    zkfl_g1 g;
    zkfl_g1_generator(&g);
    zkfl_g1_to_affine(&pts[0], &g);
    ec_test_rand_fr(&rng, &sc[0]);
    for (size_t i = 1; i < n; i++) {
        pts[i] = pts[0];
        sc[i] = sc[0];
    }
    ec_test_g1_naive_msm(&want, pts, sc, n);
    CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, 1));
    CHECK(zkfl_g1_eq(&got, &want));
    /* P and -P with the same scalar everywhere: the result is infinity. */
    for (size_t i = 1; i < n; i += 2)
        zkfl_fp_neg(&pts[i].y, &pts[i - 1].y);
    CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n - (n % 2), 2));
    CHECK(zkfl_g1_is_infinity(&got));
    /* All scalars zero, and all points infinity. */
    for (size_t i = 0; i < n; i++)
        zkfl_fr_set_zero(&sc[i]);
    CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, 2));
    CHECK(zkfl_g1_is_infinity(&got));
    memset(pts, 0, n * sizeof *pts);
    fill_scalars(sc, n, P_RANDOM);
    CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, 2));
    CHECK(zkfl_g1_is_infinity(&got));

    /* Argument checks. */
    CHECK_EQ_INT(zkfl_g1_msm_vartime(NULL, pts, sc, 1, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g1_msm_vartime(&got, NULL, sc, 1, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g1_msm_vartime(&got, pts, NULL, 1, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_OK(zkfl_g1_msm_vartime(&got, NULL, NULL, 0, 1));
    CHECK(zkfl_g1_is_infinity(&got));
    free(pts);
    free(sc);
}

/* ---------------- G2 ---------------- */

static void test_g2(void)
{
#ifdef ZKFL_SANITIZE
    static const size_t sizes[] = { 0, 1, 2, 3, 7, 64, 250 };
#else
    static const size_t sizes[] = { 0, 1, 2, 3, 7, 64, 600 };
#endif
    static const int threads[] = { 1, 2, 7 };
    size_t maxn = 600;
    zkfl_g2_affine *pts;
    zkfl_fr *sc;
    if (!ec_test_g2_alloc_terms(&pts, &sc, maxn))
        return;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        for (int prof = 0; prof < P_COUNT; prof++) {
            ec_test_g2_random_points(&rng, pts, n, prof != P_RANDOM);
            fill_scalars(sc, n, (enum profile)prof);
            zkfl_g2 want, got;
            ec_test_g2_naive_msm(&want, pts, sc, n);
            for (size_t ti = 0; ti < sizeof threads / sizeof threads[0]; ti++) {
                CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, n, threads[ti]));
                if (!zkfl_g2_eq(&got, &want))
                    fprintf(stderr, "G2 MSM mismatch n=%zu profile=%d threads=%d\n", n, prof,
                            threads[ti]);
                CHECK(zkfl_g2_eq(&got, &want));
            }
        }
    }
    size_t n = 200;
    ec_test_g2_random_points(&rng, pts, n, 1);
    fill_scalars(sc, n, P_SPECIAL);
    zkfl_g2 want, got;
    ec_test_g2_naive_msm(&want, pts, sc, n);
    for (unsigned c = 1; c <= 11; c += 5) {
        zkfl_msm_forced_window = c;
        CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, n, 2));
        CHECK(zkfl_g2_eq(&got, &want));
    }
    zkfl_msm_forced_window = 0;
    /* repeated point, then P/-P cancellation */
    for (size_t i = 1; i < n; i++) {
        pts[i] = pts[0];
        sc[i] = sc[0];
    }
    ec_test_g2_naive_msm(&want, pts, sc, n);
    CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, n, 1));
    CHECK(zkfl_g2_eq(&got, &want));
    for (size_t i = 1; i < n; i += 2)
        zkfl_fp2_neg(&pts[i].y, &pts[i - 1].y);
    CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, n, 2));
    CHECK(zkfl_g2_is_infinity(&got));
    CHECK_EQ_INT(zkfl_g2_msm_vartime(&got, NULL, sc, 1, 1), ZKFL_ERR_INVALID_ARG);
    free(pts);
    free(sc);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6d736d);
    test_g1();
    test_g2();
    return zkfl_test_done("ec_test_msm");
}
