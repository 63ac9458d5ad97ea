/* dp: the economical randomness primitives under the exact samplers
 * (src/dp/dp_rng.c, dp_rng.h): fair bits taken from a 64-bit pool, k-bit draws that
 * straddle word boundaries, uniform integers below a bound (both the masked
 * and the Lemire path), and the lazy Bernoulli(num/den) coin (the general
 * one and the inlined 64-bit one), alone and inside Bernoulli(exp(-x)).
 *
 * Samples come from the OS's randomness, so as in test_samplers.c each
 * statistical check (chi-square at significance 1e-4, or a 5-sigma bound
 * on a frequency) gets a second, independent sample when the first one
 * fails: a correct primitive then fails with probability ~1e-8, a wrong
 * one still fails both. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "dp_stats.h"
#include "zkfl/dp.h"
#include "dp/dp_rng.h"

#define N_BITS 262144

/* Bits drawn in chunks of k (cycling through widths that do and do not
 * divide 64, so draws straddle pool refills): every bit position within a
 * chunk is fair, and consecutive bits of the stream are independent
 * (chi-square of the 4 pairs, and of the 8 triples). */
static int bits_fair_and_independent(zkfl_dp_rng *rng)
{
    static const int widths[] = {1, 7, 64, 13, 1, 1, 33, 5, 64, 2, 63};
    const size_t nw = sizeof widths / sizeof widths[0];
    uint8_t *stream = malloc(N_BITS + 64);
    uint64_t ones_at[64] = {0}, draws_of[65] = {0};
    size_t n = 0;
    for (size_t d = 0; n < N_BITS; d++) {
        int k = widths[d % nw];
        uint64_t x;
        if (zkfl_dp_rng_bits(rng, &x, k) != 0) {
            free(stream);
            return 0;
        }
        if (k < 64 && (x >> k) != 0) {
            free(stream);
            return 0; /* bits above the k requested must be zero */
        }
        draws_of[k]++;
        for (int i = 0; i < k; i++) {
            int b = (int)(x >> i & 1);
            stream[n++] = (uint8_t)b;
            ones_at[i] += (uint64_t)b;
        }
    }
    int ok = 1;
    /* Position i of a chunk is drawn by every width above i. */
    for (int i = 0; i < 64; i++) {
        uint64_t trials = 0;
        for (int k = i + 1; k <= 64; k++)
            trials += draws_of[k];
        double dev = fabs((double)ones_at[i] - trials / 2.0);
        ok &= dev <= 5 * sqrt(trials / 4.0) + 1;
    }
    uint64_t pairs[4] = {0}, triples[8] = {0};
    for (size_t i = 0; i + 1 < N_BITS; i += 2)
        pairs[stream[i] << 1 | stream[i + 1]]++;
    for (size_t i = 0; i + 2 < N_BITS; i += 3)
        triples[stream[i] << 2 | stream[i + 1] << 1 | stream[i + 2]]++;
    long double e4[4], e8[8];
    for (int c = 0; c < 4; c++) e4[c] = (N_BITS / 2) / 4.0L;
    for (int c = 0; c < 8; c++) e8[c] = (long double)((N_BITS - 1) / 3) / 8.0L;
    ok &= dp_chi2_pvalue(pairs, e4, 4) > 1e-4;
    ok &= dp_chi2_pvalue(triples, e8, 8) > 1e-4;
    free(stream);
    return ok;
}

/* Exact uniformity below small bounds: chi-square over every value. 5, 9,
 * 17 and 40 take the Lemire path (bound < 3/4 of the next power of two),
 * 2, 3, 7, 12 and 16 the masked one. */
static int uniform_fits(zkfl_dp_rng *rng, uint64_t bound)
{
    const size_t per_value = 4000;
    uint64_t counts[64] = {0};
    long double e[64];
    int in_range = 1;
    for (size_t i = 0; i < per_value * bound; i++) {
        uint64_t x;
        if (zkfl_dp_rng_below_u64(rng, &x, bound) != 0)
            return 0;
        in_range &= x < bound;
        counts[x < bound ? x : 0]++;
    }
    for (uint64_t v = 0; v < bound; v++)
        e[v] = (long double)per_value;
    double p = dp_chi2_pvalue(counts, e, bound);
    if (!(p > 1e-4))
        fprintf(stderr, "uniform below %llu: p = %g\n", (unsigned long long)bound, p);
    return in_range && p > 1e-4;
}

/* Large bounds (Lemire's path on up to 63-bit words): 16 buckets of equal
 * probability. bound is a multiple of 16. */
static int uniform_large_fits(zkfl_dp_rng *rng, uint64_t bound)
{
    uint64_t counts[16] = {0};
    long double e[16];
    int in_range = 1;
    for (int i = 0; i < 32000; i++) {
        uint64_t x;
        if (zkfl_dp_rng_below_u64(rng, &x, bound) != 0)
            return 0;
        in_range &= x < bound;
        counts[x < bound ? x / (bound / 16) : 0]++;
    }
    for (int k = 0; k < 16; k++) e[k] = 2000;
    return in_range && dp_chi2_pvalue(counts, e, 16) > 1e-4;
}

/* |hits - n p| within 5 standard deviations (plus one count). */
static int frequency_ok(uint64_t hits, uint64_t n, long double p)
{
    long double dev = fabsl((long double)hits - n * p);
    return dev <= 5 * sqrtl(n * p * (1 - p)) + 1;
}

/* The frequency of Bernoulli(num/den) matches p (num/den when p < 0). */
static int frac_matches(zkfl_dp_rng *rng, zkfl_u128 num, zkfl_u128 den, long double p)
{
    const uint64_t n = 100000;
    uint64_t hits = 0;
    for (uint64_t i = 0; i < n; i++) {
        int b;
        /* Alternate the general coin and the inlined 64-bit one. */
        int rc = (i & 1) && num < den && den <= ZKFL_DP_COIN64_MAX_DEN
                     ? zkfl_dp_rng_coin64(rng, &b, (uint64_t)num, (uint64_t)den)
                     : zkfl_dp_rng_bernoulli_frac(rng, &b, num, den);
        if (rc != 0)
            return 0;
        hits += (uint64_t)b;
    }
    return frequency_ok(hits, n, p < 0 ? (long double)num / (long double)den : p);
}

static int frac_fits(zkfl_dp_rng *rng, zkfl_u128 num, zkfl_u128 den)
{
    return frac_matches(rng, num, den, -1);
}

static int exp_fits(zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    const uint64_t n = 100000;
    uint64_t hits = 0;
    for (uint64_t i = 0; i < n; i++) {
        int b;
        if (zkfl_dp_sample_bernoulli_exp_vartime(&b, rng, (struct zkfl_dp_rational){num, den}) != 0)
            return 0;
        hits += (uint64_t)b;
    }
    long double p = expl(-(long double)num / (long double)den);
    if (!frequency_ok(hits, n, p))
        fprintf(stderr, "Bernoulli(exp(-%llu/%llu)): %llu of %llu, expected %.1Lf\n",
                (unsigned long long)num, (unsigned long long)den, (unsigned long long)hits,
                (unsigned long long)n, n * p);
    return frequency_ok(hits, n, p);
}

#define TWICE(expr) CHECK((expr) || (expr))

int main(void)
{
    zkfl_dp_rng *rng;
    CHECK_OK(zkfl_dp_rng_new(&rng));

    TWICE(bits_fair_and_independent(rng));
    uint64_t x;
    CHECK(zkfl_dp_rng_bits(rng, &x, 0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_rng_bits(rng, &x, 65) == ZKFL_ERR_INVALID_ARG);

    static const uint64_t small[] = {2, 3, 5, 7, 9, 12, 16, 17, 40};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        TWICE(uniform_fits(rng, small[i]));
    /* 2^33 + 2^31 - 16: Lemire on 42-bit words; 2^63 + 16: masked, 64 bits,
     * accepted about half the time. */
    TWICE(uniform_large_fits(rng, (UINT64_C(1) << 33) + (UINT64_C(1) << 31) - 16));
    TWICE(uniform_large_fits(rng, (UINT64_C(1) << 63) + 16));

    /* Lazy Bernoulli(num/den): expansions that end (1/2, 3/4, 5/8), that
     * repeat (1/3, 2/7), tiny and near-one probabilities, and 127-bit
     * denominators (the limit). */
    TWICE(frac_fits(rng, 1, 2));
    TWICE(frac_fits(rng, 3, 4));
    TWICE(frac_fits(rng, 5, 8));
    TWICE(frac_fits(rng, 1, 3));
    TWICE(frac_fits(rng, 2, 7));
    TWICE(frac_fits(rng, 1, 1000));
    TWICE(frac_fits(rng, (UINT64_C(1) << 63) / 7 * 3, UINT64_C(1) << 63));
    TWICE(frac_fits(rng, 999, 1000));
    const zkfl_u128 d127 = ZKFL_DP_FRAC_MAX_DEN;
    TWICE(frac_fits(rng, d127 / 3, d127));
    TWICE(frac_fits(rng, (d127 - 1) / 5 * 3, d127 - 1));
    int b;
    for (int i = 0; i < 1000; i++) {
        CHECK_OK(zkfl_dp_rng_bernoulli_frac(rng, &b, 0, 7));
        CHECK(b == 0);
        CHECK_OK(zkfl_dp_rng_bernoulli_frac(rng, &b, 7, 7));
        CHECK(b == 1);
    }
    CHECK(zkfl_dp_rng_bernoulli_frac(rng, &b, 1, 0) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_dp_rng_bernoulli_frac(rng, &b, 1, d127 + 1) == ZKFL_ERR_INVALID_ARG);
    /* A deliberately wrong p is rejected by the same bound, so it can fail. */
    CHECK(!frac_matches(rng, 1, 3, 0.345L));

    /* Bernoulli(exp(-x)) through the lazy coins: x below 1 (the K loop),
     * exactly 1, above 1 (the integer-part loop), a Poisson-sampler gamma
     * (denominator 2^56) and a 63-bit fraction. */
    TWICE(exp_fits(rng, 3, 10));
    TWICE(exp_fits(rng, 1, 1));
    TWICE(exp_fits(rng, 7, 3));
    TWICE(exp_fits(rng, 4, 1));
    TWICE(exp_fits(rng, UINT64_C(1239190467023063), UINT64_C(1) << 56));
    TWICE(exp_fits(rng, (UINT64_C(1) << 62) + 12345, UINT64_C(0x5555555555555555)));

    zkfl_dp_rng_free(rng);
    return zkfl_test_done("dp_rng_bits");
}
