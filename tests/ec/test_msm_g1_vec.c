/* The G1 MSM's 8-lane AVX-512F batch additions (src/ec/msm_g1_vec.c):
 *  - the vector Fp product, square and difference against the scalar field code,
 *    on random values and edge values (0, 1, 2, p - 1, p - 2, R mod p,
 *    values near 2^253 and p / 2);
 *  - the flush kernel against Jacobian additions of the scalar code, for
 *    k = 1..17, 40 and 2048 queued pairs with positive and negative
 *    signs and every special case (P = bucket: doubling, P = -bucket:
 *    cancellation, either with a negative sign), which must be left
 *    untouched and reported in order;
 *  - the batch_add kernel against Jacobian additions in batch_add's order,
 *    with infinity on either side, doublings, cancellations and operands
 *    that are earlier pairs' results (read before they change);
 *  - the full MSM (streaming path forced, kmax well above the vector
 *    threshold) against the naive sum, with repeated and negated points.
 * The kernel checks (msm_vec_test_template.h, shared with G2) exist only
 * where the vector path is compiled in (release builds on AVX-512F); the
 * MSM check runs in every flavour. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/msm_impl.h"
#include "ec_test_util.h"
#include "ec/msm_g1_vec.h"

static zkfl_test_rng rng;

#ifdef MSM_G1_VEC
#define TV_KERNELS 1
#endif
#define TV_FE zkfl_fp
#define TV_AFF zkfl_g1_affine
#define TV_JAC zkfl_g1
#define TV_GRP(name) zkfl_g1_##name
#define TV_VEC(name) msm_g1_vec_##name
#define TV_FE_MUL zkfl_fp_mul
#define TV_FE_SQR zkfl_fp_sqr
#define TV_FE_SUB zkfl_fp_sub
#define TV_FE_NEG zkfl_fp_neg
#define TV_TEST(name) ec_test_g1_##name
#include "msm_vec_test_template.h"

#ifdef MSM_G1_VEC
static void test_field_ops(void)
{
    zkfl_fp a[8], b[8];
    /* every pair of edge values, spread over the lanes */
    int n = 0;
    for (int i = 0; i < NEDGE; i++)
        for (int j = 0; j < NEDGE; j++) {
            edge_value(&a[n % 8], i);
            edge_value(&b[n % 8], j);
            if (++n % 8 == 0)
                check_ops8(a, b);
        }
    for (int it = 0; it < 2000; it++) {
        for (int l = 0; l < 8; l++) {
            random_fp(&a[l]);
            random_fp(&b[l]);
            if (it % 7 == 0)
                edge_value(&a[l], (int)(zkfl_test_rng_next(&rng) % NEDGE));
            if (it % 5 == 0)
                b[l] = a[l];
        }
        check_ops8(a, b);
    }
    /* chains: outputs fed back as inputs */
    for (int l = 0; l < 8; l++) {
        random_fp(&a[l]);
        random_fp(&b[l]);
    }
    zkfl_fp va[8], want[8];
    memcpy(va, a, sizeof va);
    memcpy(want, a, sizeof want);
    for (int it = 0; it < 200; it++) {
        msm_g1_vec_mul8(va, va, b);
        for (int l = 0; l < 8; l++)
            zkfl_fp_mul(&want[l], &want[l], &b[l]);
    }
    CHECK(memcmp(va, want, sizeof va) == 0);
}

#endif

/* The full MSM through the streaming path, against the naive sum. */
static void test_msm(void)
{
    enum { N = 1500 };
    zkfl_g1_affine *pts;
    zkfl_fr *sc;
    zkfl_g1 want;
    if (!msm_case(&pts, &sc, &want, N))
        goto out;
    static const unsigned windows[] = { 9, 12, 0 };
    for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++) {
        zkfl_msm_stream_min_buckets = 1;
        zkfl_msm_forced_window = windows[wi];
        for (int threads = 1; threads <= 2; threads++) {
            zkfl_g1 got;
            CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, N, threads));
            CHECK(zkfl_g1_eq(&got, &want));
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
    zkfl_test_rng_seed(&rng, 0x5eed0915);
#ifdef MSM_G1_VEC
    test_field_ops();
    test_flush();
    test_batch_add();
#endif
    test_msm();
    return zkfl_test_done("msm_g1_vec");
}
