/* The G2 MSM's 8-lane AVX-512F batch additions (src/ec/msm_g2_vec.c):
 *  - the vector Fp2 product, square and difference against the scalar
 *    Fp2 code (zkfl_fp2_*), on random values and every pair of edge
 *    values per coordinate (0, 1, 2, p - 1, p - 2, R mod p, values near
 *    2^253 and p / 2), and chained (outputs fed back as inputs);
 *  - the flush kernel against Jacobian additions of the scalar code, for
 *    k = 1..17, 40, 2048 and 2100 queued pairs with positive and negative
 *    signs and every special case (P = bucket: doubling, P = -bucket:
 *    cancellation, either with a negative sign), which must be left
 *    untouched and reported in order;
 *  - the batch_add kernel against Jacobian additions in batch_add's order,
 *    with infinity on either side, doublings, cancellations and operands
 *    that are earlier pairs' results (read before they change);
 *  - the full G2 MSMs (plain and subgroup), streaming and sorting paths
 *    forced, 1 and 2 threads, against the naive sum, with repeated and
 *    negated points.
 * The first three (the last two are msm_vec_test_template.h, shared with
 * G1) exist only where the vector path is compiled in (release builds on
 * AVX-512F); the MSM checks run in every flavour. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/msm_impl.h"
#include "ec_test_util.h"
#include "ec/msm_g2_vec.h"

static zkfl_test_rng rng;

#ifdef MSM_G2_VEC
#define TV_KERNELS 1
#endif
#define TV_FE zkfl_fp2
#define TV_AFF zkfl_g2_affine
#define TV_JAC zkfl_g2
#define TV_GRP(name) zkfl_g2_##name
#define TV_VEC(name) msm_g2_vec_##name
#define TV_FE_MUL zkfl_fp2_mul
#define TV_FE_SQR zkfl_fp2_sqr
#define TV_FE_SUB zkfl_fp2_sub
#define TV_FE_NEG zkfl_fp2_neg
#define TV_TEST(name) ec_test_g2_##name
#include "msm_vec_test_template.h"

#ifdef MSM_G2_VEC
static void random_fp2(zkfl_fp2 *r)
{
    random_fp(&r->c0);
    random_fp(&r->c1);
}

static void test_field_ops(void)
{
    zkfl_fp2 a[8], b[8];
    /* every combination of edge values in the four coordinates (a0, a1,
     * b0, b1 over a 10^4 grid would be slow: every pair for (a0, b0) and
     * for (a1, b1), with the other coordinates edge values too) */
    int n = 0;
    for (int i = 0; i < NEDGE; i++)
        for (int j = 0; j < NEDGE; j++) {
            edge_value(&a[n % 8].c0, i);
            edge_value(&b[n % 8].c0, j);
            edge_value(&a[n % 8].c1, j);
            edge_value(&b[n % 8].c1, (i + j) % NEDGE);
            if (++n % 8 == 0)
                check_ops8(a, b);
        }
    for (int i = 0; i < NEDGE; i++)
        for (int j = 0; j < NEDGE; j++) {
            edge_value(&a[n % 8].c0, i);
            edge_value(&a[n % 8].c1, i);
            edge_value(&b[n % 8].c0, j);
            edge_value(&b[n % 8].c1, j);
            if (++n % 8 == 0)
                check_ops8(a, b);
        }
    for (int it = 0; it < 1000; it++) {
        for (int l = 0; l < 8; l++) {
            random_fp2(&a[l]);
            random_fp2(&b[l]);
            if (it % 7 == 0)
                edge_value(&a[l].c0, (int)(zkfl_test_rng_next(&rng) % NEDGE));
            if (it % 11 == 0)
                edge_value(&b[l].c1, (int)(zkfl_test_rng_next(&rng) % NEDGE));
            if (it % 5 == 0)
                b[l] = a[l];
            if (it % 13 == 0)
                zkfl_fp2_neg(&b[l], &a[l]);
        }
        check_ops8(a, b);
    }
    /* chains: outputs fed back as inputs */
    for (int l = 0; l < 8; l++) {
        random_fp2(&a[l]);
        random_fp2(&b[l]);
    }
    zkfl_fp2 va[8], want[8];
    memcpy(va, a, sizeof va);
    memcpy(want, a, sizeof want);
    for (int it = 0; it < 200; it++) {
        msm_g2_vec_mul8(va, va, b);
        msm_g2_vec_sqr8(va, va);
        for (int l = 0; l < 8; l++) {
            zkfl_fp2_mul(&want[l], &want[l], &b[l]);
            zkfl_fp2_sqr(&want[l], &want[l]);
        }
    }
    CHECK(memcmp(va, want, sizeof va) == 0);
}

#endif

/* The full G2 MSMs (plain and subgroup) through both paths, against the
 * naive sum. */
static void test_msm(void)
{
    enum { N = 700 };
    zkfl_g2_affine *pts;
    zkfl_fr *sc;
    zkfl_g2 want;
    if (!msm_case(&pts, &sc, &want, N))
        goto out;
    static const unsigned windows[] = { 8, 11, 0 };
    static const size_t min_buckets[] = { 1, SIZE_MAX };
    for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++)
        for (size_t mi = 0; mi < 2; mi++) {
            zkfl_msm_stream_min_buckets = min_buckets[mi];
            zkfl_msm_forced_window = windows[wi];
            for (int threads = 1; threads <= 2; threads++) {
                zkfl_g2 got;
                CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, N, threads));
                CHECK(zkfl_g2_eq(&got, &want));
                CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, sc, N, threads));
                CHECK(zkfl_g2_eq(&got, &want));
            }
        }
    zkfl_msm_stream_min_buckets = 1024;
    zkfl_msm_forced_window = 0;
out:
    free(pts);
    free(sc);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0922);
#ifdef MSM_G2_VEC
    test_field_ops();
    test_flush();
    test_batch_add();
#endif
    test_msm();
    return zkfl_test_done("msm_g2_vec");
}
