/* dp: clipping, lattice Gaussian noise for real vectors, DP-SGD / DP-FedAvg
 * noisy sums, and distributed discrete Gaussian shares. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "dp_stats.h"
#include "zkfl/dp.h"

static double rnd(zkfl_test_rng *r)
{
    return ((double)(zkfl_test_rng_next(r) >> 11) / 9007199254740992.0) * 2.0 - 1.0;
}

static void test_clip(zkfl_test_rng *r)
{
    float v[1000];
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + zkfl_test_rng_next(r) % 1000;
        double mag = pow(10.0, (double)(zkfl_test_rng_next(r) % 12) - 6.0);
        for (size_t i = 0; i < n; i++)
            v[i] = (float)(rnd(r) * mag);
        double before = zkfl_dp_l2_norm(v, n);
        double clip = 0.37 + (double)(zkfl_test_rng_next(r) % 100) / 50.0;
        float copy[1000];
        memcpy(copy, v, n * sizeof *v);
        int scaled;
        CHECK_OK(zkfl_dp_clip_l2(v, n, clip, &scaled));
        double after = zkfl_dp_l2_norm(v, n);
        CHECK(after <= clip);
        if (before <= clip) {
            CHECK(scaled == 0 && memcmp(v, copy, n * sizeof *v) == 0);
        } else {
            CHECK(scaled == 1);
            CHECK(after > clip * (1 - 1e-5)); /* lands on the ball, not deep inside */
            /* Direction preserved. */
            double dot = 0;
            for (size_t i = 0; i < n; i++) dot += (double)v[i] * copy[i];
            CHECK(dot / (after * before) > 1 - 1e-5);
        }
    }
    float bad[2] = {NAN, 1.0f};
    CHECK(zkfl_dp_clip_l2(bad, 2, 1.0, NULL) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_clip_l2(v, 3, 0.0, NULL) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_clip_l2(v, 3, INFINITY, NULL) == ZKFL_ERR_INVALID_ARG);
}

static void test_lattice_noise(void)
{
    const size_t n = 100000;
    const double sigma = 1.5;
    double *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = 0.3 + (double)i * 1e-6; /* not on the grid */
    uint64_t t0 = zkfl_now_ns();
    CHECK_OK(zkfl_dp_add_gaussian_noise(v, n, sigma, 1.0, ZKFL_DP_DEFAULT_GRID_BITS));
    uint64_t t1 = zkfl_now_ns();
    printf("lattice Gaussian noise: %zu coordinates in %.1f ms\n", n, (t1 - t0) / 1e6);
    /* Every output minus its rounded input is an integer multiple of 2^-20
     * (the grid may be coarser, never finer): the support is a fixed lattice. */
    long double m = 0, var = 0;
    size_t within1 = 0;
    int on_lattice = 1;
    for (size_t i = 0; i < n; i++) {
        double in = 0.3 + (double)i * 1e-6;
        double noise = v[i] - ldexp(nearbyint(ldexp(in, 19)), -19);
        double k = ldexp(noise, 20);
        on_lattice &= k == nearbyint(k);
        m += noise;
        var += noise * noise;
        within1 += fabs(noise) < sigma;
    }
    CHECK(on_lattice);
    m /= n;
    var = var / n - m * m;
    /* sigma_eff = sigma (1 + sqrt(n) 2^-k) for k = 19. */
    double sigma_eff = sigma * (1 + sqrt((double)n) / 524288.0);
    CHECK(fabsl(m) < 5 * sigma_eff / sqrt((double)n));
    CHECK(fabsl(var - sigma_eff * sigma_eff) < 6 * sigma_eff * sigma_eff * sqrt(2.0 / n));
    /* Gaussian shape: P(|X| < sigma) = 0.6827 (within 5 binomial s.d.). */
    double frac = (double)within1 / n, p = 0.682689492137;
    CHECK(fabs(frac - p) < 5 * sqrt(p * (1 - p) / n));

    /* Float vectors. */
    float *f = malloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++) f[i] = 1.0f;
    CHECK_OK(zkfl_dp_add_gaussian_noise_f32(f, n, 0.01, 1.0, 20));
    double fm = 0;
    for (size_t i = 0; i < n; i++) fm += f[i];
    CHECK(fabs(fm / n - 1.0) < 1e-3);
    /* Out-of-range values are refused before anything is changed. */
    v[0] = 1e20;
    v[1] = 5.0;
    CHECK(zkfl_dp_add_gaussian_noise(v, 2, 1.0, 1.0, 20) == ZKFL_ERR_RANGE);
    CHECK(v[1] == 5.0);
    v[0] = NAN;
    CHECK(zkfl_dp_add_gaussian_noise(v, 2, 1.0, 1.0, 20) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_add_gaussian_noise(v, 2, 0.0, 1.0, 20) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_add_gaussian_noise(v, 2, 1.0, 1.0, 41) == ZKFL_ERR_INVALID_ARG);
    /* A huge sigma coarsens the grid instead of failing. */
    v[0] = 0.0;
    CHECK_OK(zkfl_dp_add_gaussian_noise(v, 2, 1e4, 1.0, 20));
    CHECK(v[0] == ldexp(nearbyint(ldexp(v[0], 6)), -6)); /* grid coarsened to 2^-6 */
    free(v);
    free(f);
}

static void test_noisy_sums(zkfl_test_rng *r)
{
    enum { ROWS = 64, DIM = 50 };
    float *rows = malloc(ROWS * DIM * sizeof *rows), sum[DIM], sum2[DIM];
    for (size_t i = 0; i < ROWS * DIM; i++)
        rows[i] = (float)(rnd(r) * 3.0);
    /* z = 0: exactly the sum of the clipped rows. */
    CHECK_OK(zkfl_dp_sgd_noisy_sum(sum, rows, ROWS, DIM, 1.0, 0.0));
    double ref[DIM] = {0};
    for (int k = 0; k < ROWS; k++) {
        float row[DIM];
        memcpy(row, rows + k * DIM, sizeof row);
        CHECK_OK(zkfl_dp_clip_l2(row, DIM, 1.0, NULL));
        CHECK(zkfl_dp_l2_norm(row, DIM) <= 1.0);
        for (int i = 0; i < DIM; i++) ref[i] += row[i];
    }
    int same = 1;
    for (int i = 0; i < DIM; i++) same &= sum[i] == (float)ref[i];
    CHECK(same);
    /* Input rows untouched. */
    CHECK(fabs(zkfl_dp_l2_norm(rows, DIM)) > 1.0);
    /* z > 0: the noise has std z C around the clipped sum. */
    double var = 0;
    const int reps = 40;
    for (int rep = 0; rep < reps; rep++) {
        CHECK_OK(zkfl_dp_fedavg_noisy_sum(sum2, rows, ROWS, DIM, 0.5, 2.0));
        CHECK_OK(zkfl_dp_sgd_noisy_sum(sum, rows, ROWS, DIM, 0.5, 0.0));
        for (int i = 0; i < DIM; i++) var += ((double)sum2[i] - sum[i]) * ((double)sum2[i] - sum[i]);
    }
    var /= reps * DIM;
    CHECK(fabs(var - 1.0) < 6 * sqrt(2.0 / (reps * DIM)));
    /* The training hook: z = 0 gives the clipped mean over expected_batch;
     * rows are clipped in place. */
    struct zkfl_dp_sgd_hook_ctx hc = {0.5, 0.0, 32.0};
    float *grads = malloc(ROWS * DIM * sizeof *grads), bg[DIM];
    memcpy(grads, rows, ROWS * DIM * sizeof *grads);
    CHECK_OK(zkfl_dp_sgd_hook(&hc, bg, grads, ROWS, DIM));
    CHECK_OK(zkfl_dp_sgd_noisy_sum(sum, rows, ROWS, DIM, 0.5, 0.0));
    int hook_ok = 1;
    for (int i = 0; i < DIM; i++) hook_ok &= fabs(bg[i] - sum[i] / 32.0) <= 1e-6 * (1 + fabs(sum[i]));
    CHECK(hook_ok);
    for (int k = 0; k < ROWS; k++) CHECK(zkfl_dp_l2_norm(grads + k * DIM, DIM) <= 0.5);
    hc.noise_multiplier = 1.0;
    CHECK_OK(zkfl_dp_sgd_hook(&hc, bg, grads, ROWS, DIM));
    hc.clip = 0.0;
    CHECK(zkfl_dp_sgd_hook(&hc, bg, grads, ROWS, DIM) == ZKFL_ERR_INVALID_ARG);
    free(grads);
    CHECK(zkfl_dp_sgd_noisy_sum(sum, rows, ROWS, 0, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sgd_noisy_sum(sum, rows, ROWS, DIM, 1.0, -1.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sgd_noisy_sum(sum, NULL, 3, DIM, 1.0, 1.0) == ZKFL_ERR_INVALID_ARG);
    free(rows);
}

static void test_ddg(void)
{
    /* Shares: S = 10 parties, 3 may collude -> each adds target / 7. */
    double share;
    CHECK_OK(zkfl_dp_ddg_share_sigma2(&share, 70.0, 10, 3));
    CHECK(share == 10.0);
    CHECK(zkfl_dp_ddg_share_sigma2(&share, 70.0, 3, 3) == ZKFL_ERR_INVALID_ARG);
    /* Adding the honest shares gives variance target: 7 shares of 10. */
    enum { N = 20000 };
    int64_t *acc = calloc(N, sizeof *acc);
    for (int p = 0; p < 7; p++)
        CHECK_OK(zkfl_dp_ddg_add_share(acc, N, share));
    long double m = 0, v = 0;
    for (int i = 0; i < N; i++) { m += acc[i]; v += (long double)acc[i] * acc[i]; }
    m /= N;
    v = v / N - m * m;
    CHECK(fabsl(v - 70.0) < 6 * 70.0 * sqrtl(2.0L / N));
    int64_t edge[1] = {INT64_MAX};
    int rc = ZKFL_OK;
    for (int i = 0; i < 50 && rc == 0; i++) {
        edge[0] = INT64_MAX;
        rc = zkfl_dp_ddg_add_share(edge, 1, 100.0);
        CHECK(rc == 0 || rc == ZKFL_ERR_OVERFLOW);
    }
    CHECK(rc == ZKFL_ERR_OVERFLOW); /* half the draws are positive */
    free(acc);
}

int main(void)
{
    zkfl_test_rng r;
    zkfl_test_rng_seed(&r, 0xd9);
    /* Sanity of the chi-square helper used by the sampler tests. */
    CHECK(fabsl(dp_gamma_q(1.0L, 2.0L) - expl(-2.0L)) < 1e-15L);
    CHECK(fabsl(dp_gamma_q(2.0L, 7.0L) - 8.0L * expl(-7.0L)) < 1e-15L);
    CHECK(fabsl(dp_gamma_q(0.5L, 0.5L) - erfcl(sqrtl(0.5L))) < 1e-15L);
    test_clip(&r);
    test_lattice_noise();
    test_noisy_sums(&r);
    test_ddg();
    return zkfl_test_done("dp_mechanisms");
}
