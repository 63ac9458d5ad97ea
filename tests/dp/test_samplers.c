/* dp: the exact samplers of Canonne, Kamath & Steinke 2020 follow their
 * target distributions (chi-square against the exact pmf computed here in
 * long double, at significance 1e-4), and the same test rejects a
 * deliberately wrong parameter, so it can fail.
 *
 * The samples come from the OS's randomness, so a correct sampler still
 * fails one such check with probability ~1e-4. Each statistical check
 * therefore gets a second, independent sample when the first one fails:
 * a correct sampler then fails with probability ~1e-8, a wrong one (whose
 * p-values are tiny) still fails both. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "dp_stats.h"
#include "zkfl/dp.h"
#include "dp/dp_rng.h"

#define N_SAMPLES 60000
#define SUPPORT 401 /* values clamped to [-200, 200] */
#define HALF 200

/* Expected counts on the clamped support for an unnormalised symmetric
 * weight w(|x|), with the tails folded into the end bins. */
static void expected_counts(long double *e, long double (*w)(long double, const long double *),
                            const long double *par, long double n)
{
    long double norm = 0;
    for (long x = -20000; x <= 20000; x++)
        norm += w((long double)labs(x), par);
    for (int i = 0; i < SUPPORT; i++)
        e[i] = 0;
    for (long x = -20000; x <= 20000; x++) {
        long c = x < -HALF ? -HALF : x > HALF ? HALF : x;
        e[c + HALF] += n * w((long double)labs(x), par) / norm;
    }
}

static long double gauss_w(long double ax, const long double *sigma2)
{
    return expl(-ax * ax / (2 * sigma2[0]));
}

static long double laplace_w(long double ax, const long double *scale)
{
    return expl(-ax / scale[0]);
}

static void tally(uint64_t *counts, const int64_t *xs, size_t n)
{
    memset(counts, 0, SUPPORT * sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        int64_t c = xs[i] < -HALF ? -HALF : xs[i] > HALF ? HALF : xs[i];
        counts[c + HALF]++;
    }
}

static int gaussian_fits(zkfl_dp_rng *rng, uint64_t num, uint64_t den, double wrong_factor)
{
    int ok = 1;
    int64_t *xs = malloc(N_SAMPLES * sizeof *xs);
    uint64_t counts[SUPPORT];
    long double e[SUPPORT];
    struct zkfl_dp_rational s2 = {num, den};
    CHECK_OK(zkfl_dp_sample_discrete_gaussian_vec_vartime(xs, N_SAMPLES, rng, s2));
    tally(counts, xs, N_SAMPLES);
    long double par = (long double)num / den;
    expected_counts(e, gauss_w, &par, N_SAMPLES);
    double p = dp_chi2_pvalue(counts, e, SUPPORT);
    if (!(p > 1e-4))
        fprintf(stderr, "discrete Gaussian %llu/%llu: p = %g\n", (unsigned long long)num,
                (unsigned long long)den, p);
    ok &= p > 1e-4;
    /* Mean 0 and variance close to sigma^2 (the discrete Gaussian's variance is
     * below sigma^2 only by a negligible amount for sigma >= 1). */
    long double m = 0, v = 0;
    for (size_t i = 0; i < N_SAMPLES; i++) m += xs[i];
    m /= N_SAMPLES;
    for (size_t i = 0; i < N_SAMPLES; i++) v += (xs[i] - m) * (xs[i] - m);
    v /= N_SAMPLES - 1;
    long double var_exact = 0, norm = 0;
    for (long x = -20000; x <= 20000; x++) {
        long double w = gauss_w((long double)labs(x), &par);
        norm += w;
        var_exact += w * x * x;
    }
    var_exact /= norm;
    ok &= fabsl(m) < 5 * sqrtl(var_exact / N_SAMPLES);
    /* Var of the sample variance ~ 2 sigma^4 / n for near-Gaussian data. */
    ok &= fabsl(v - var_exact) < 6 * var_exact * sqrtl(2.0L / N_SAMPLES);
    /* The same samples against a wrong sigma^2 must be rejected. */
    long double wrong = par * wrong_factor;
    expected_counts(e, gauss_w, &wrong, N_SAMPLES);
    double p_wrong = dp_chi2_pvalue(counts, e, SUPPORT);
    if (!(p_wrong < 1e-4))
        fprintf(stderr, "discrete Gaussian %llu/%llu vs wrong sigma^2: p = %g\n",
                (unsigned long long)num, (unsigned long long)den, p_wrong);
    ok &= p_wrong < 1e-4;
    free(xs);
    return ok;
}

static void check_gaussian(zkfl_dp_rng *rng, uint64_t num, uint64_t den, double wrong_factor)
{
    CHECK(gaussian_fits(rng, num, den, wrong_factor) || gaussian_fits(rng, num, den, wrong_factor));
}

static int laplace_fits(zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    int ok = 1;
    int64_t *xs = malloc(N_SAMPLES * sizeof *xs);
    uint64_t counts[SUPPORT];
    long double e[SUPPORT];
    struct zkfl_dp_rational sc = {num, den};
    for (size_t i = 0; i < N_SAMPLES; i++)
        CHECK_OK(zkfl_dp_sample_discrete_laplace_vartime(&xs[i], rng, sc));
    tally(counts, xs, N_SAMPLES);
    long double par = (long double)num / den;
    expected_counts(e, laplace_w, &par, N_SAMPLES);
    double p = dp_chi2_pvalue(counts, e, SUPPORT);
    if (!(p > 1e-4))
        fprintf(stderr, "discrete Laplace %llu/%llu: p = %g\n", (unsigned long long)num,
                (unsigned long long)den, p);
    ok &= p > 1e-4;
    long double wrong = par * 1.1L;
    expected_counts(e, laplace_w, &wrong, N_SAMPLES);
    ok &= dp_chi2_pvalue(counts, e, SUPPORT) < 1e-4;
    free(xs);
    return ok;
}

static void check_laplace(zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    CHECK(laplace_fits(rng, num, den) || laplace_fits(rng, num, den));
}

static int bernoulli_exp_fits(zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    const int n = 60000;
    int ones = 0, b;
    for (int i = 0; i < n; i++) {
        CHECK_OK(zkfl_dp_sample_bernoulli_exp_vartime(&b, rng, (struct zkfl_dp_rational){num, den}));
        CHECK(b == 0 || b == 1);
        ones += b;
    }
    long double p = expl(-(long double)num / den);
    long double sd = sqrtl(n * p * (1 - p));
    long double z = fabsl(ones - n * p) / (sd > 0 ? sd : 1);
    if (z >= 4.5)
        fprintf(stderr, "Bernoulli(exp(-%llu/%llu)): %d ones, expected %.1Lf\n",
                (unsigned long long)num, (unsigned long long)den, ones, n * p);
    return z < 4.5; /* two-sided p ~ 7e-6 */
}

static void check_bernoulli_exp(zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    CHECK(bernoulli_exp_fits(rng, num, den) || bernoulli_exp_fits(rng, num, den));
}

/* Uniform draws below a bound: chi-square over 12 equal-probability
 * buckets, for a 64-bit bound (Lemire's method) and 128-bit bounds (masked
 * rejection), plus the range itself. */
static void check_uniform(zkfl_dp_rng *rng)
{
    const zkfl_u128 bounds[] = {12, 12 * (((zkfl_u128)1 << 62) + 3),
                                ((zkfl_u128)12 << 64) | 12, ((zkfl_u128)3 << 100) * 4};
    for (size_t b = 0; b < 4; b++) {
        uint64_t counts[12] = {0};
        long double e[12];
        int in_range = 1;
        for (int i = 0; i < 24000; i++) {
            zkfl_u128 x;
            CHECK_OK(zkfl_dp_rng_below_u128(rng, &x, bounds[b]));
            in_range &= x < bounds[b];
            counts[(size_t)(x / (bounds[b] / 12))]++;
        }
        CHECK(in_range);
        for (int k = 0; k < 12; k++) e[k] = 2000;
        if (dp_chi2_pvalue(counts, e, 12) > 1e-4)
            continue;
        /* A second, independent sample (see the top of the file). */
        memset(counts, 0, sizeof counts);
        for (int i = 0; i < 24000; i++) {
            zkfl_u128 x;
            CHECK_OK(zkfl_dp_rng_below_u128(rng, &x, bounds[b]));
            counts[(size_t)(x / (bounds[b] / 12))]++;
        }
        CHECK(dp_chi2_pvalue(counts, e, 12) > 1e-4);
    }
    uint64_t x;
    CHECK_OK(zkfl_dp_rng_below_u64(rng, &x, 1));
    CHECK(x == 0);
    CHECK(zkfl_dp_rng_below_u64(rng, &x, 0) == ZKFL_ERR_INVALID_ARG);
    int bits = 0, bit;
    for (int i = 0; i < 20000; i++) { CHECK_OK(zkfl_dp_rng_bit(rng, &bit)); bits += bit; }
    CHECK(abs(bits - 10000) < 4.5 * 70.8);
}

int main(void)
{
    zkfl_dp_rng *rng;
    CHECK_OK(zkfl_dp_rng_new(&rng));
    check_uniform(rng);

    /* Bernoulli(exp(-gamma)): gamma = 0 is certain, then several regimes
     * (below 1, exactly 1, the integer-part loop, a 64-bit fraction). */
    int b;
    for (int i = 0; i < 100; i++) {
        CHECK_OK(zkfl_dp_sample_bernoulli_exp_vartime(&b, rng, (struct zkfl_dp_rational){0, 5}));
        CHECK(b == 1);
    }
    check_bernoulli_exp(rng, 1, 3);
    check_bernoulli_exp(rng, 1, 1);
    check_bernoulli_exp(rng, 5, 2);
    check_bernoulli_exp(rng, 3, 1);
    check_bernoulli_exp(rng, UINT64_C(0x7fffffffffffffff), UINT64_C(0x5555555555555555));
    CHECK(zkfl_dp_sample_bernoulli_exp_vartime(&b, rng, (struct zkfl_dp_rational){1, 0}) == ZKFL_ERR_INVALID_ARG);

    check_laplace(rng, 3, 2);
    check_laplace(rng, 7, 1);
    check_laplace(rng, 1, 3); /* scale < 1: Y = floor(X / s) with s > 1 */
    int64_t x;
    CHECK(zkfl_dp_sample_discrete_laplace_vartime(&x, rng, (struct zkfl_dp_rational){0, 1}) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sample_discrete_laplace_vartime(&x, rng, (struct zkfl_dp_rational){UINT64_C(1) << 40, 1}) == ZKFL_ERR_RANGE);

    check_gaussian(rng, 4, 1, 1.15);
    check_gaussian(rng, 7, 3, 1.15);
    check_gaussian(rng, 1, 4, 1.5); /* sigma = 1/2: t = 1 */
    check_gaussian(rng, 1000, 1, 1.3);
    /* Limits: numerator <= 2^40, denominator <= 2^20. */
    struct zkfl_dp_rational big = {UINT64_C(1) << 40, 1};
    CHECK_OK(zkfl_dp_sample_discrete_gaussian_vartime(&x, rng, big));
    big.num++;
    CHECK(zkfl_dp_sample_discrete_gaussian_vartime(&x, rng, big) == ZKFL_ERR_RANGE);
    CHECK(zkfl_dp_sample_discrete_gaussian_vartime(&x, rng, (struct zkfl_dp_rational){1, (UINT64_C(1) << 20) + 1}) == ZKFL_ERR_RANGE);
    CHECK(zkfl_dp_sample_discrete_gaussian_vartime(&x, rng, (struct zkfl_dp_rational){0, 1}) == ZKFL_ERR_INVALID_ARG);
    CHECK_OK(zkfl_dp_sample_discrete_gaussian_vartime(&x, rng, (struct zkfl_dp_rational){(UINT64_C(1) << 40) - 3, UINT64_C(1) << 20}));

    /* sigma^2 -> rational rounds up, tightly. */
    double vals[] = {1e-9, 0.25, 1.0 / 3.0, 2.0, 12345.678, 1099511627776.0};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        struct zkfl_dp_rational r;
        CHECK_OK(zkfl_dp_sigma2_to_rational(&r, vals[i]));
        long double q = (long double)r.num / r.den;
        CHECK(q >= vals[i]);
        CHECK(q - vals[i] <= 1.0L / r.den);
        CHECK(r.num <= (UINT64_C(1) << 40) && r.den <= (UINT64_C(1) << 20));
    }
    struct zkfl_dp_rational r;
    CHECK(zkfl_dp_sigma2_to_rational(&r, 1099511627777.0) == ZKFL_ERR_RANGE);
    CHECK(zkfl_dp_sigma2_to_rational(&r, 0.0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_sigma2_to_rational(&r, NAN) == ZKFL_ERR_INVALID_ARG);

    zkfl_dp_rng_free(rng);
    return zkfl_test_done("dp_samplers");
}
