/* Update encoding: round trips within the scale resolution, unbiased
 * stochastic rounding, no saturation after clipping, overflow checks. */
#include <math.h>
#include <stdlib.h>
#include "testlib.h"
#include "zkfl/dp.h"
#include "zkfl/fl.h"

static void test_round_trip(void)
{
    enum { N = 4096 };
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, 11);
    float *x = malloc(N * sizeof *x), *orig = malloc(N * sizeof *orig), *back = malloc(N * sizeof *back);
    int32_t *q = malloc(N * sizeof *q);
    int64_t *acc = calloc(N, sizeof *acc);
    uint32_t bits_list[] = {8, 16, 24};
    for (int b = 0; b < 3; b++) {
        zkfl_fl_codec c;
        CHECK_OK(zkfl_fl_codec_init(&c, bits_list[b], 1.0));
        for (int i = 0; i < N; i++)
            orig[i] = x[i] = (float)(zkfl_ml_rng_normal(&rng) * 0.01);  /* norm ~0.64 < 1 */
        int clipped = -1;
        CHECK_OK(zkfl_fl_encode(q, &clipped, x, N, &c, &rng));
        CHECK_EQ_INT(clipped, 0);
        for (int i = 0; i < N; i++) acc[i] = 0;
        zkfl_fl_accumulate(acc, q, N, 1);
        CHECK_OK(zkfl_fl_decode_mean(back, acc, N, &c, 1.0));
        double worst = 0;
        for (int i = 0; i < N; i++) {
            double e = fabs((double)back[i] - (double)orig[i]);
            if (e > worst) worst = e;
        }
        /* stochastic rounding moves each value by < 1 unit = 1/scale */
        CHECK(worst < 1.0 / c.scale * (1 + 1e-6));
    }
    /* A vector far above the clip is clipped first, and then every value
     * fits (no saturation can be needed). */
    zkfl_fl_codec c;
    CHECK_OK(zkfl_fl_codec_init(&c, 16, 0.5));
    for (int i = 0; i < N; i++) x[i] = (float)(zkfl_ml_rng_normal(&rng) * 10);
    x[7] = 1e4f;   /* one dominant coordinate: its clipped value is near clip */
    int clipped = 0;
    CHECK_OK(zkfl_fl_encode(q, &clipped, x, N, &c, &rng));
    CHECK_EQ_INT(clipped, 1);
    CHECK(zkfl_dp_l2_norm(x, N) <= 0.5 * (1 + 1e-6));
    int64_t mx = 0;
    for (int i = 0; i < N; i++) {
        int64_t a = q[i] < 0 ? -(int64_t)q[i] : q[i];
        if (a > mx) mx = a;
    }
    CHECK(mx <= zkfl_fl_codec_max_value(&c));
    CHECK(mx > zkfl_fl_codec_max_value(&c) * 9 / 10);
    /* non-finite input is rejected */
    x[3] = NAN;
    CHECK_EQ_INT(zkfl_fl_encode(q, NULL, x, N, &c, &rng), ZKFL_ERR_RANGE);
    x[3] = INFINITY;
    CHECK_EQ_INT(zkfl_fl_encode(q, NULL, x, N, &c, &rng), ZKFL_ERR_RANGE);
    free(x); free(orig); free(back); free(q); free(acc);
}

/* E[q] = x scale: the mean of many independent roundings of one value
 * converges to it (z-test, 6 sigma), while a deterministic rounding of a
 * value with fractional part 0.3 would be off by 0.3 units. */
static void test_unbiased(void)
{
    /* scale 1 (units = values); the clip is far above the test vectors' norm */
    zkfl_fl_codec c;
    CHECK_OK(zkfl_fl_codec_init(&c, 24, (double)((1 << 23) - 1)));
    CHECK(c.scale == 1.0);
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, 5);
    const float vals[] = {0.3f, -0.3f, 2.75f, -5.5f, 0.01f};
    enum { T = 200000 };
    float *x = malloc(T * sizeof *x);
    int32_t *q = malloc(T * sizeof *q);
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
        for (int t = 0; t < T; t++) x[t] = vals[v];
        int clipped = -1;
        CHECK_OK(zkfl_fl_encode(q, &clipped, x, T, &c, &rng));
        CHECK_EQ_INT(clipped, 0);
        double sum = 0;
        int lo = 0, hi = 0;
        for (int t = 0; t < T; t++) {
            sum += q[t];
            lo += q[t] == (int32_t)floor(vals[v]);
            hi += q[t] == (int32_t)floor(vals[v]) + 1;
        }
        CHECK_EQ_INT(lo + hi, T);  /* only the two neighbours occur */
        double frac = vals[v] - floor(vals[v]);
        double sd = sqrt(frac * (1 - frac) / T);
        double mean = sum / T;
        printf("value %g: mean of %d roundings %.5f (sd %.5f)\n", vals[v], T, mean, sd);
        CHECK(fabs(mean - vals[v]) < 6 * sd + 1e-12);
    }
    free(x);
    free(q);
}

static void test_overflow(void)
{
    zkfl_fl_codec c16, c31;
    CHECK_OK(zkfl_fl_codec_init(&c16, 16, 1.0));
    CHECK_OK(zkfl_fl_codec_init(&c31, 31, 1.0));
    CHECK_EQ_INT(zkfl_fl_codec_max_value(&c16), 32767);
    CHECK_OK(zkfl_fl_check_aggregation_bound(&c16, NULL, 1000000));
    /* 2^32 clients of 31-bit values: sum of |values| reaches 2^62 < 2^63 */
    CHECK_OK(zkfl_fl_check_aggregation_bound(&c31, NULL, (size_t)1 << 32));
    CHECK_EQ_INT(zkfl_fl_check_aggregation_bound(&c31, NULL, (size_t)1 << 34), ZKFL_ERR_OVERFLOW);
    /* weighted by sample counts of 2^40 each, 2 clients reach 2^71: overflow */
    uint64_t w[3] = {(uint64_t)1 << 40, (uint64_t)1 << 40, 1};
    CHECK_EQ_INT(zkfl_fl_check_aggregation_bound(&c31, w, 2), ZKFL_ERR_OVERFLOW);
    /* exactly at the edge: w * (2^15 - 1) summed must stay <= 2^63 - 1 */
    uint64_t big = (uint64_t)INT64_MAX / 32767;
    uint64_t w2[2] = {big, 0};
    CHECK_OK(zkfl_fl_check_aggregation_bound(&c16, w2, 2));
    w2[1] = 1;
    CHECK_EQ_INT(zkfl_fl_check_aggregation_bound(&c16, w2, 2), ZKFL_ERR_OVERFLOW);
    zkfl_fl_codec bad;
    CHECK_EQ_INT(zkfl_fl_codec_init(&bad, 1, 1.0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_codec_init(&bad, 32, 1.0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_codec_init(&bad, 16, 0.0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_codec_init(&bad, 16, NAN), ZKFL_ERR_INVALID_ARG);
}

/* Weighted integer aggregation decodes to the weighted mean of the inputs
 * within the resolution. */
static void test_weighted_decode(void)
{
    zkfl_fl_codec c;
    CHECK_OK(zkfl_fl_codec_init(&c, 16, 1.0));
    zkfl_ml_rng rng;
    zkfl_ml_rng_seed(&rng, 8);
    float u[3][4] = {{0.1f, -0.2f, 0.3f, 0.0f}, {0.5f, 0.5f, -0.5f, 0.25f}, {-0.1f, 0.0f, 0.2f, 0.4f}};
    uint64_t w[3] = {100, 300, 600};
    int32_t q[4];
    int64_t acc[4] = {0};
    CHECK_OK(zkfl_fl_check_aggregation_bound(&c, w, 3));
    for (int i = 0; i < 3; i++) {
        float t[4] = {u[i][0], u[i][1], u[i][2], u[i][3]};
        CHECK_OK(zkfl_fl_encode(q, NULL, t, 4, &c, &rng));
        zkfl_fl_accumulate(acc, q, 4, w[i]);
    }
    float out[4];
    CHECK_OK(zkfl_fl_decode_mean(out, acc, 4, &c, 1000.0));
    for (int j = 0; j < 4; j++) {
        double want = (100 * u[0][j] + 300 * u[1][j] + 600 * u[2][j]) / 1000.0;
        CHECK(fabs(out[j] - want) < 1.0 / c.scale);
    }
}

int main(void)
{
    test_round_trip();
    test_unbiased();
    test_overflow();
    test_weighted_decode();
    return zkfl_test_done("fl_codec");
}
