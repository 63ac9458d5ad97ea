/* Poisson batches of DP-SGD (dp.h's zkfl_dp_poisson, fl.h's
 * zkfl_fl_dp_batch_sampler): the rate never exceeds the accounted q and is
 * within 1e-9 of it; every batch is a strictly increasing subset of
 * [0, n); over many batches the sizes have mean q n and variance
 * q (1 - q) n, each index is included with frequency q (chi-square over all
 * indices, and each one alone), neighbours are included independently,
 * and the first included position follows the exact geometric law; q = 1
 * takes everything; bad arguments are refused. Bounds are 6-7 standard
 * deviations computed from the sample size, so the test does not flake. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "dp/dp_stats.h"
#include "zkfl/dp.h"
#include "zkfl/fl.h"

static int is_subset(const uint32_t *pos, size_t count, size_t n)
{
    if (count > n)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (pos[i] >= n || (i > 0 && pos[i] <= pos[i - 1]))
            return 0;
    return 1;
}

static void test_rate_and_arguments(void)
{
    const double qs[] = {1e-6, 1.0 / 15000, 256.0 / 15000, 0.05, 0.3, 0.5, 0.9, 0.999999};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        zkfl_dp_poisson *p = NULL;
        CHECK_OK(zkfl_dp_poisson_new(&p, qs[i]));
        double r = zkfl_dp_poisson_rate(p);
        CHECK(r <= qs[i]);
        /* dp.h's bound, plus a few ulps for expm1's own rounding. */
        CHECK(qs[i] - r <= -log1p(-qs[i]) * 0x1p-39 + 0x1p-56 + 4e-16 * qs[i]);
        CHECK(r >= qs[i] * (1 - 1e-9));
        /* Accounting with q covers the sampler's rate: epsilon grows with
         * the rate (here a 1% smaller rate for a visible gap). */
        double e_q = 0, e_r = 0, e_lo = 0;
        CHECK_OK(zkfl_dp_epsilon(&e_q, NULL, qs[i], 1.0, 100, 1e-5, NULL,
                                 ZKFL_DP_CONVERSION_IMPROVED));
        CHECK_OK(zkfl_dp_epsilon(&e_r, NULL, r, 1.0, 100, 1e-5, NULL,
                                 ZKFL_DP_CONVERSION_IMPROVED));
        CHECK_OK(zkfl_dp_epsilon(&e_lo, NULL, qs[i] * 0.99, 1.0, 100, 1e-5, NULL,
                                 ZKFL_DP_CONVERSION_IMPROVED));
        CHECK(e_r <= e_q && e_lo < e_q);
        zkfl_dp_poisson_free(p);
    }
    zkfl_dp_poisson *p = NULL;
    CHECK_OK(zkfl_dp_poisson_new(&p, 1.0));
    CHECK(zkfl_dp_poisson_rate(p) == 1.0);
    uint32_t pos[37];
    size_t count = 0;
    CHECK_OK(zkfl_dp_poisson_sample_vartime(pos, &count, p, 37));
    CHECK_EQ_INT(count, 37);
    for (size_t i = 0; i < 37; i++)
        CHECK_EQ_INT(pos[i], i);
    /* n = 0: an empty batch, no error. */
    CHECK_OK(zkfl_dp_poisson_sample_vartime(pos, &count, p, 0));
    CHECK_EQ_INT(count, 0);
    CHECK_EQ_INT(zkfl_dp_poisson_sample_vartime(NULL, &count, p, 3), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_poisson_sample_vartime(pos, NULL, p, 3), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_poisson_sample_vartime(pos, &count, NULL, 3), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_dp_batch_sampler(NULL, pos, &count, 3), ZKFL_ERR_INVALID_ARG);
    zkfl_dp_poisson_free(p);
    zkfl_dp_poisson_free(NULL);

    CHECK_EQ_INT(zkfl_dp_poisson_new(&p, 0.0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_poisson_new(&p, -0.5), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_poisson_new(&p, 1.0000001), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_poisson_new(&p, NAN), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_dp_poisson_new(&p, 1e-20), ZKFL_ERR_RANGE);
    CHECK_EQ_INT(zkfl_dp_poisson_new(NULL, 0.5), ZKFL_ERR_INVALID_ARG);
}

/* S batches of [0, n) at rate q through the fl adapter. */
static void test_distribution(size_t n, double q, size_t S)
{
    zkfl_dp_poisson *p = NULL;
    CHECK_OK(zkfl_dp_poisson_new(&p, q));
    if (p == NULL)
        return;
    const double qs = zkfl_dp_poisson_rate(p);
    uint32_t *pos = malloc(n * sizeof *pos);
    uint64_t *hits = calloc(n, sizeof *hits);
    uint64_t *first = calloc(n + 1, sizeof *first); /* first[n]: empty batch */
    uint8_t *in = calloc(n, 1);
    CHECK(pos && hits && first && in);
    if (!pos || !hits || !first || !in)
        return;
    double sum = 0, sum2 = 0;
    uint64_t adjacent = 0, bad = 0;
    for (size_t s = 0; s < S; s++) {
        size_t count = n + 1;
        CHECK_OK(zkfl_fl_dp_batch_sampler(p, pos, &count, n));
        if (!is_subset(pos, count, n)) {
            bad++;
            continue;
        }
        sum += (double)count;
        sum2 += (double)count * (double)count;
        first[count ? pos[0] : n]++;
        memset(in, 0, n);
        for (size_t i = 0; i < count; i++) {
            hits[pos[i]]++;
            in[pos[i]] = 1;
        }
        for (size_t i = 0; i + 1 < n; i++)
            adjacent += in[i] & in[i + 1];
    }
    CHECK_EQ_INT(bad, 0);

    /* Batch sizes: Binomial(n, qs). */
    const double mu = qs * (double)n, var = qs * (1 - qs) * (double)n;
    double mean = sum / (double)S;
    double svar = (sum2 - (double)S * mean * mean) / (double)(S - 1);
    CHECK(fabs(mean - mu) <= 6 * sqrt(var / (double)S));
    /* Var(sample variance) ~ var^2 (2 / (S - 1) + kurtosis excess / S). */
    double kurt = fabs(1 - 6 * qs * (1 - qs)) / var;
    CHECK(fabs(svar - var) <= 7 * var * sqrt((2 + kurt) / (double)S));
    printf("n %zu q %.4f: batch size mean %.3f (q n %.3f), variance %.3f (q(1-q)n %.3f)\n", n,
           q, mean, mu, svar, var);

    /* Inclusion of each index: independent Binomial(S, qs) counts. */
    const double e = (double)S * qs, sd = sqrt((double)S * qs * (1 - qs));
    double chi = 0, worst = 0;
    for (size_t i = 0; i < n; i++) {
        double z = ((double)hits[i] - e) / sd;
        chi += z * z;
        if (fabs(z) > worst)
            worst = fabs(z);
    }
    double pv = (double)dp_gamma_q((long double)n / 2, (long double)chi / 2);
    printf("  inclusion counts: chi2 %.1f on %zu indices, p = %.3g, worst |z| %.2f "
           "(index 0: %llu, index n-1: %llu, expected %.1f)\n", chi, n, pv, worst,
           (unsigned long long)hits[0], (unsigned long long)hits[n - 1], e);
    CHECK(pv > 1e-6 && pv < 1 - 1e-6);
    /* One index alone, where the normal approximation holds in the tails. */
    if (e >= 100)
        CHECK(worst < 6.5);

    /* Neighbours in together with probability qs^2. Overlapping pairs share
     * an index: var = P q^2 (1 - q^2) + 2 (P - 1) (q^3 - q^4) per batch. */
    double pairs = (double)(n - 1), ea = (double)S * pairs * qs * qs;
    double va = (double)S * (pairs * qs * qs * (1 - qs * qs) +
                             2 * (pairs - 1) * (qs * qs * qs - qs * qs * qs * qs));
    CHECK(fabs((double)adjacent - ea) <= 6 * sqrt(va));

    /* First position: P(k) = (1 - qs)^k qs, P(empty) = (1 - qs)^n. */
    long double *expect = malloc((n + 1) * sizeof *expect);
    CHECK(expect != NULL);
    if (expect) {
        for (size_t k = 0; k < n; k++)
            expect[k] = (long double)S * powl(1 - (long double)qs, (long double)k) * qs;
        expect[n] = (long double)S * powl(1 - (long double)qs, (long double)n);
        double pf = dp_chi2_pvalue(first, expect, n + 1);
        printf("  first included position: chi-square p = %.3g\n", pf);
        CHECK(pf > 1e-6);
    }
    free(expect);
    free(pos);
    free(hits);
    free(first);
    free(in);
    zkfl_dp_poisson_free(p);
}

/* Two samplers draw different batches (kernel randomness, no seed). */
static void test_unpredictable(void)
{
    zkfl_dp_poisson *a = NULL, *b = NULL;
    CHECK_OK(zkfl_dp_poisson_new(&a, 0.1));
    CHECK_OK(zkfl_dp_poisson_new(&b, 0.1));
    uint32_t pa[1000], pb[1000];
    size_t ca = 0, cb = 0;
    CHECK_OK(zkfl_dp_poisson_sample_vartime(pa, &ca, a, 1000));
    CHECK_OK(zkfl_dp_poisson_sample_vartime(pb, &cb, b, 1000));
    CHECK(ca != cb || memcmp(pa, pb, ca * sizeof pa[0]) != 0);
    zkfl_dp_poisson_free(a);
    zkfl_dp_poisson_free(b);
}

int main(void)
{
    test_rate_and_arguments();
    test_distribution(1000, 0.05, 4000);
    test_distribution(15000, 256.0 / 15000, 300);   /* the default run's rate */
    test_distribution(200, 0.9, 3000);              /* gamma > 1 */
    test_distribution(50, 0.01, 20000);             /* mostly empty batches */
    test_unpredictable();
    return zkfl_test_done("fl_dp_poisson_batches");
}
