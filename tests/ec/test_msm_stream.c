/* The two bucket-accumulation paths of msm_template.h, each forced on for
 * every window (zkfl_msm_stream_min_buckets = 1 or SIZE_MAX) and compared
 * with the naive sum of scalar multiplications:
 *  - streaming (stream_slice/stream_flush): points go straight into their
 *    buckets, kmax additions per inversion, a bucket busy in the current
 *    batch sends its point to a waiting list;
 *  - sorting (batch_into_buckets), which also sums the waiting list when it
 *    overflows.
 * Cases: n = 1..9 and tiny windows (batches of k = 1..5 additions, kmax
 * down to 1), a repeated point (doubling inside a batch, with positive and
 * negative digits), P and -P (a bucket emptied inside a batch and refilled
 * by a copy), infinity points, every scalar equal (all points in one
 * bucket per window: the waiting list overflows into the sorting path),
 * small top windows, thread counts, G1 with and without GLV, and G2. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/msm_impl.h"
#include "ec_test_util.h"

static zkfl_test_rng rng;

static const size_t paths[2] = { 1, SIZE_MAX };

/* The MSM of (pts, sc) through both paths, windows, threads and GLV
 * settings, each against want. */
static void g1_all_paths(const zkfl_g1 *want, const zkfl_g1_affine *pts, const zkfl_fr *sc,
                         size_t n, const unsigned *windows, size_t nwindows, const char *what)
{
    for (int p = 0; p < 2; p++) {
        zkfl_msm_stream_min_buckets = paths[p];
        for (size_t wi = 0; wi < nwindows; wi++) {
            zkfl_msm_forced_window = windows[wi];
            for (int endo = 0; endo <= 2; endo += 2) {
                zkfl_msm_use_endo = endo;
                for (int threads = 1; threads <= 2; threads++) {
                    zkfl_g1 got;
                    CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, n, threads));
                    if (!zkfl_g1_eq(&got, want))
                        fprintf(stderr, "%s: mismatch n=%zu path=%d window=%u endo=%d threads=%d\n",
                                what, n, p, windows[wi], endo, threads);
                    CHECK(zkfl_g1_eq(&got, want));
                }
            }
        }
    }
    zkfl_msm_stream_min_buckets = 1024;
    zkfl_msm_forced_window = 0;
    zkfl_msm_use_endo = 1;
}

static void test_small_batches(void)
{
    /* c = 2..5: 2..16 buckets, kmax = 1..4; n = 1..9 gives batches of 1..5 */
    static const unsigned windows[] = { 2, 3, 4, 5, 0 };
    zkfl_g1_affine pts[9];
    zkfl_fr sc[9];
    for (size_t n = 1; n <= 9; n++) {
        ec_test_g1_random_points(&rng, pts, n, n > 3);
        for (size_t i = 0; i < n; i++)
            ec_test_rand_fr(&rng, &sc[i]);
        zkfl_g1 want;
        ec_test_g1_naive_msm(&want, pts, sc, n);
        g1_all_paths(&want, pts, sc, n, windows, sizeof windows / sizeof windows[0], "small");
    }
}

static void test_degenerate(void)
{
    static const unsigned windows[] = { 3, 6, 9, 12, 0 };
    enum { N = 400 };
    zkfl_g1_affine *pts;
    zkfl_fr *sc;
    if (!ec_test_g1_alloc_terms(&pts, &sc, N))
        goto out;
    zkfl_g1 want;

    /* repeats, negations and infinity points with random scalars */
    ec_test_g1_random_points(&rng, pts, N, 1);
    for (size_t i = 0; i < N; i++)
        ec_test_rand_fr(&rng, &sc[i]);
    ec_test_g1_naive_msm(&want, pts, sc, N);
    g1_all_paths(&want, pts, sc, N, windows, sizeof windows / sizeof windows[0], "degenerate");

    /* pairs (P, s), (P, s): doublings; (P, s), (-P, -s): doublings through
     * negative digits; (P, s), (-P, s): a bucket emptied, then refilled */
    ec_test_g1_random_points(&rng, pts, N, 0);
    for (size_t i = 0; i + 1 < N; i += 2) {
        ec_test_rand_fr(&rng, &sc[i]);
        pts[i + 1] = pts[i];
        sc[i + 1] = sc[i];
        if (i % 6 == 2) {
            zkfl_fp_neg(&pts[i + 1].y, &pts[i].y);
            zkfl_fr_neg(&sc[i + 1], &sc[i]);
        } else if (i % 6 == 4) {
            zkfl_fp_neg(&pts[i + 1].y, &pts[i].y);
        }
    }
    ec_test_g1_naive_msm(&want, pts, sc, N);
    g1_all_paths(&want, pts, sc, N, windows, sizeof windows / sizeof windows[0], "pairs");
out:
    free(pts);
    free(sc);
}

/* Every scalar equal: each window sends every point to one bucket, so all
 * but one point per batch wait; with more points than the waiting list
 * holds (8192), it overflows into the sorting path mid-stream. The result
 * is s * (sum of the points). 20-bit scalars keep the run short. */
static void test_one_bucket(void)
{
    static const unsigned windows[] = { 4, 11 };
    enum { N = EC_TEST_SIZE(8300, 20000) };
    zkfl_g1_affine *pts;
    zkfl_fr *sc;
    if (!ec_test_g1_alloc_terms(&pts, &sc, N))
        goto out;
    ec_test_g1_random_points(&rng, pts, N, 1);
    zkfl_g1 sum, p, want;
    zkfl_g1_set_infinity(&sum);
    for (size_t i = 0; i < N; i++) {
        zkfl_g1_from_affine(&p, &pts[i]);
        zkfl_g1_add(&sum, &sum, &p);
    }
    zkfl_fr s;
    zkfl_fr_set_u64(&s, 0xabcde);
    for (size_t i = 0; i < N; i++)
        sc[i] = s;
    zkfl_g1_mul_vartime(&want, &sum, &s);
    for (int path = 0; path < 2; path++) {
        zkfl_msm_stream_min_buckets = paths[path];
        for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++) {
            zkfl_msm_forced_window = windows[wi];
            zkfl_g1 got;
            CHECK_OK(zkfl_g1_msm_vartime(&got, pts, sc, N, 1 + (int)wi));
            if (!zkfl_g1_eq(&got, &want))
                fprintf(stderr, "one bucket: mismatch path=%d window=%u\n", path, windows[wi]);
            CHECK(zkfl_g1_eq(&got, &want));
        }
    }
    zkfl_msm_stream_min_buckets = 1024;
    zkfl_msm_forced_window = 0;
out:
    free(pts);
    free(sc);
}

/* The default path choice at a size where both run (c = 11..13 windows
 * with small top windows), random and witness-like scalars. */
static void test_default(void)
{
    enum { N = EC_TEST_SIZE(1500, 6000) };
    static const unsigned windows[] = { 11, 13, 0 };
    zkfl_g1_affine *pts;
    zkfl_fr *sc;
    if (!ec_test_g1_alloc_terms(&pts, &sc, N))
        goto out;
    ec_test_g1_random_points(&rng, pts, N, 1);
    for (size_t i = 0; i < N; i++) {
        if (i % 3 == 0)
            zkfl_fr_set_u64(&sc[i], zkfl_test_rng_next(&rng) % 5);
        else
            ec_test_rand_fr(&rng, &sc[i]);
    }
    zkfl_g1 want;
    ec_test_g1_naive_msm(&want, pts, sc, N);
    g1_all_paths(&want, pts, sc, N, windows, sizeof windows / sizeof windows[0], "default");
out:
    free(pts);
    free(sc);
}

/* G2 shares the template: the streaming path with doublings and
 * cancellations there too. */
static void test_g2(void)
{
    enum { N = 60 };
    zkfl_g2_affine pts[N];
    zkfl_fr sc[N];
    zkfl_g2 g, jac[N], want;
    zkfl_g2_generator(&g);
    zkfl_fr k;
    ec_test_rand_fr(&rng, &k);
    zkfl_g2_mul_vartime(&jac[0], &g, &k);
    for (size_t i = 1; i < N; i++)
        zkfl_g2_add(&jac[i], &jac[i - 1], &g);
    CHECK_OK(zkfl_g2_batch_to_affine(pts, jac, N));
    for (size_t i = 0; i < N; i++)
        ec_test_rand_fr(&rng, &sc[i]);
    for (size_t i = 0; i + 1 < N; i += 4) {
        pts[i + 1] = pts[i];
        sc[i + 1] = sc[i];
        if (i % 8 == 4)
            zkfl_fp2_neg(&pts[i + 1].y, &pts[i].y);
    }
    ec_test_g2_naive_msm(&want, pts, sc, N);
    static const unsigned windows[] = { 3, 7, 0 };
    for (int path = 0; path < 2; path++) {
        zkfl_msm_stream_min_buckets = paths[path];
        for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++) {
            zkfl_msm_forced_window = windows[wi];
            zkfl_g2 got;
            CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, N, 2));
            CHECK(zkfl_g2_eq(&got, &want));
        }
    }
    zkfl_msm_stream_min_buckets = 1024;
    zkfl_msm_forced_window = 0;
}

/* The bucket reduction adds R_q to T_q and the next bucket to R_q in one
 * batch: with B_3 = P and B_2 = -P in one segment (window 6: 32 buckets,
 * 4 segments of 8), R_q becomes zero in the same batch that adds its old
 * value P to T_q. A third point with a wide scalar but a zero low digit
 * keeps all 32 buckets in play. */
static void test_reduce_cancel(void)
{
    zkfl_g1_affine pts[3];
    zkfl_fr sc[3];
    ec_test_g1_random_points(&rng, pts, 3, 0);
    pts[1] = pts[0];
    zkfl_fp_neg(&pts[1].y, &pts[0].y);
    zkfl_fr_set_u64(&sc[0], 4);
    zkfl_fr_set_u64(&sc[1], 3);
    zkfl_fr_set_u64(&sc[2], 0x3abcdeull << 6);
    zkfl_g1 want;
    ec_test_g1_naive_msm(&want, pts, sc, 3);
    static const unsigned windows[] = { 6, 7 };
    g1_all_paths(&want, pts, sc, 3, windows, 2, "reduce cancel");
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x737472);
    test_small_batches();
    test_degenerate();
    test_one_bucket();
    test_default();
    test_reduce_cancel();
    test_g2();
    return zkfl_test_done("ec_test_msm_stream");
}
