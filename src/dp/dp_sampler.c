/* Exact samplers of Canonne, Kamath & Steinke 2020 ("The discrete Gaussian
 * for differential privacy"), Algorithms 1-3. Every probability is a ratio
 * of integers and every coin is a uniform integer compared with a
 * numerator, so the output distribution is exactly the stated one: no
 * floating point and no libm anywhere in this file. Coins are lazy
 * (dp_rng.c compares a uniform with num/den bit by bit), so a discrete
 * Gaussian costs about 10 bytes of kernel randomness, not 125. Products are formed in
 * unsigned __int128 with explicit bounds so nothing can wrap. */
#include "dp/dp_rng.h"

/* Bernoulli(num/den), 0 <= num <= den <= 2^127: compared bit by bit with
 * a uniform, so a coin costs 2 random bits on average; 64-bit arithmetic
 * (inlined) whenever den allows, and no bits at all for a certain coin. */
static int bernoulli_frac(int *out, zkfl_dp_rng *rng, zkfl_u128 num, zkfl_u128 den)
{
    if (num >= den) {
        *out = 1;
        return ZKFL_OK;
    }
    if (den <= ZKFL_DP_COIN64_MAX_DEN)
        return zkfl_dp_rng_coin64(rng, out, (uint64_t)num, (uint64_t)den);
    return zkfl_dp_rng_bernoulli_frac(rng, out, num, den);
}

/* Bernoulli(exp(-num/den)) for num <= den: count K = 1, 2, ... while
 * Bernoulli(gamma/K) succeeds; the first failure at an odd K has
 * probability exactly exp(-gamma) (the alternating series of exp). Starts
 * at K = k with den_k = den * k. */
static int bernoulli_exp_le1_from(int *out, zkfl_dp_rng *rng, zkfl_u128 num, zkfl_u128 den,
                                  uint64_t k, zkfl_u128 den_k)
{
    for (;;) {
        int a;
        int rc = bernoulli_frac(&a, rng, num, den_k);
        if (rc != 0)
            return rc;
        if (!a)
            break;
        k++;
        if (den_k > ZKFL_DP_FRAC_MAX_DEN - den)
            return ZKFL_ERR_OVERFLOW; /* needs K ~ 2^40: probability below 1/K! */
        den_k += den; /* den * k by addition: no multiplication or division per step */
    }
    *out = (int)(k & 1);
    return ZKFL_OK;
}

static int bernoulli_exp_le1(int *out, zkfl_dp_rng *rng, zkfl_u128 num, zkfl_u128 den)
{
    return bernoulli_exp_le1_from(out, rng, num, den, 1, den);
}

/* The same loop in 64-bit arithmetic for num <= den <= 2^63 (the Laplace
 * stage's coins: den = t or 1), handing over to the general loop in the
 * astronomically unlikely case that den * K outgrows 2^63. */
static int bernoulli_exp_le1_u64(int *out, zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    uint64_t k = 1, den_k = den;
    for (;;) {
        int a = 1;
        if (num < den_k) {
            int rc = zkfl_dp_rng_coin64(rng, &a, num, den_k);
            if (rc != 0)
                return rc;
        }
        if (!a)
            break;
        k++;
        if (den_k > ZKFL_DP_COIN64_MAX_DEN - den)
            return bernoulli_exp_le1_from(out, rng, num, den, k, (zkfl_u128)den_k + den);
        den_k += den;
    }
    *out = (int)(k & 1);
    return ZKFL_OK;
}

/* Bernoulli(exp(-num/den)) for any num/den >= 0 (Algorithm 1): exp(-gamma) =
 * exp(-1)^floor(gamma) exp(-(gamma - floor(gamma))). */
static int bernoulli_exp(int *out, zkfl_dp_rng *rng, zkfl_u128 num, zkfl_u128 den)
{
    if (num <= den)
        return bernoulli_exp_le1(out, rng, num, den);
    zkfl_u128 whole = num / den;
    for (zkfl_u128 i = 0; i < whole; i++) {
        int b;
        int rc = bernoulli_exp_le1_u64(&b, rng, 1, 1);
        if (rc != 0)
            return rc;
        if (!b) {
            *out = 0;
            return ZKFL_OK;
        }
    }
    return bernoulli_exp_le1(out, rng, num - whole * den, den);
}

int zkfl_dp_sample_bernoulli_exp_vartime(int *out, zkfl_dp_rng *rng, struct zkfl_dp_rational gamma)
{
    if (out == NULL || rng == NULL || gamma.den == 0)
        return ZKFL_ERR_INVALID_ARG;
    return bernoulli_exp(out, rng, gamma.num, gamma.den);
}

/* Algorithm 2 with scale t/s: X = U + tV is geometric with ratio
 * exp(-1/t) (U uniform accepted with prob exp(-U/t), V geometric with
 * ratio exp(-1)); Y = floor(X/s) is geometric with ratio exp(-s/t); a random
 * sign with the double-counted zero rejected gives the two-sided law. */
static int discrete_laplace(int64_t *out, zkfl_dp_rng *rng, uint64_t s, uint64_t t,
                            const struct zkfl_dp_uniform *below_t)
{
    for (;;) {
        uint64_t u;
        int d, rc = zkfl_dp_rng_uniform(rng, &u, below_t);
        if (rc != 0)
            return rc;
        rc = bernoulli_exp_le1_u64(&d, rng, u, t); /* u < t */
        if (rc != 0)
            return rc;
        if (!d)
            continue;
        uint64_t v = 0;
        for (;;) {
            int a;
            rc = bernoulli_exp_le1_u64(&a, rng, 1, 1);
            if (rc != 0)
                return rc;
            if (!a)
                break;
            v++;
        }
        /* t < 2^32 and v < 2^31 (probability e^-2^31 otherwise) keep x < 2^63. */
        if (v >= (UINT64_C(1) << 31))
            return ZKFL_ERR_OVERFLOW;
        uint64_t x = u + t * v;
        uint64_t y = s == 1 ? x : x / s; /* s = 1 for the Gaussian: no division */
        int b;
        rc = zkfl_dp_rng_bit(rng, &b);
        if (rc != 0)
            return rc;
        if (b && y == 0)
            continue;
        *out = b ? -(int64_t)y : (int64_t)y;
        return ZKFL_OK;
    }
}

int zkfl_dp_sample_discrete_laplace_vartime(int64_t *out, zkfl_dp_rng *rng,
                                    struct zkfl_dp_rational scale)
{
    if (out == NULL || rng == NULL || scale.num == 0 || scale.den == 0)
        return ZKFL_ERR_INVALID_ARG;
    if (scale.num >= (UINT64_C(1) << 32) || scale.den >= (UINT64_C(1) << 32))
        return ZKFL_ERR_RANGE;
    struct zkfl_dp_uniform below_t;
    zkfl_dp_uniform_init(&below_t, scale.num);
    return discrete_laplace(out, rng, scale.den, scale.num, &below_t);
}

static uint64_t isqrt_u64(uint64_t n)
{
    /* Newton from above; converges to floor(sqrt(n)). */
    if (n < 2)
        return n;
    uint64_t x = n, y = (x + 1) / 2;
    while (y < x) {
        x = y;
        y = (x + n / x) / 2;
    }
    return x;
}

#define DG_MAX_NUM (UINT64_C(1) << 40)
#define DG_MAX_DEN (UINT64_C(1) << 20)

static int check_sigma2(struct zkfl_dp_rational sigma2)
{
    if (sigma2.num == 0 || sigma2.den == 0)
        return ZKFL_ERR_INVALID_ARG;
    if (sigma2.num > DG_MAX_NUM || sigma2.den > DG_MAX_DEN)
        return ZKFL_ERR_RANGE;
    return ZKFL_OK;
}

/* Algorithm 3: propose Y from the discrete Laplace with scale
 * t = floor(sigma) + 1 and accept with probability
 * exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)). With sigma^2 = sn/sd that exponent is
 *   (|Y| t sd - sn)^2 / (2 sn sd t^2);
 * with sn <= 2^40, sd <= 2^20 and |Y| < 2^32 the numerator is below 2^126
 * and the denominator below 2^84. */
static int discrete_gaussian(int64_t *out, zkfl_dp_rng *rng, uint64_t sn, uint64_t sd,
                             uint64_t t, const struct zkfl_dp_uniform *below_t)
{
    for (;;) {
        int64_t y;
        int rc = discrete_laplace(&y, rng, 1, t, below_t);
        if (rc != 0)
            return rc;
        uint64_t ay = y < 0 ? (uint64_t)0 - (uint64_t)y : (uint64_t)y;
        if (ay >= (UINT64_C(1) << 32))
            return ZKFL_ERR_OVERFLOW; /* 2^32 / t >= 2^12 Laplace scales out */
        zkfl_u128 lhs = (zkfl_u128)ay * t * sd;
        zkfl_u128 diff = lhs >= sn ? lhs - sn : (zkfl_u128)sn - lhs;
        zkfl_u128 num = diff * diff;
        zkfl_u128 den = (zkfl_u128)2 * sn * sd * t * t;
        int c;
        rc = bernoulli_exp(&c, rng, num, den);
        if (rc != 0)
            return rc;
        if (c) {
            *out = y;
            return ZKFL_OK;
        }
    }
}

int zkfl_dp_sample_discrete_gaussian_vec_vartime(int64_t *out, size_t n, zkfl_dp_rng *rng,
                                         struct zkfl_dp_rational sigma2)
{
    if ((out == NULL && n != 0) || rng == NULL)
        return ZKFL_ERR_INVALID_ARG;
    int rc = check_sigma2(sigma2);
    if (rc != 0)
        return rc;
    /* floor(sqrt(sn/sd)) = floor(sqrt(floor(sn/sd))). */
    uint64_t t = isqrt_u64(sigma2.num / sigma2.den) + 1;
    struct zkfl_dp_uniform below_t;
    zkfl_dp_uniform_init(&below_t, t);
    for (size_t i = 0; i < n; i++) {
        rc = discrete_gaussian(&out[i], rng, sigma2.num, sigma2.den, t, &below_t);
        if (rc != 0)
            return rc;
    }
    return ZKFL_OK;
}

int zkfl_dp_sample_discrete_gaussian_vartime(int64_t *out, zkfl_dp_rng *rng,
                                     struct zkfl_dp_rational sigma2)
{
    if (out == NULL)
        return ZKFL_ERR_INVALID_ARG;
    return zkfl_dp_sample_discrete_gaussian_vec_vartime(out, 1, rng, sigma2);
}

int zkfl_dp_sigma2_to_rational(struct zkfl_dp_rational *out, double sigma2)
{
    if (out == NULL || !(sigma2 > 0.0))
        return ZKFL_ERR_INVALID_ARG;
    if (sigma2 > (double)DG_MAX_NUM)
        return ZKFL_ERR_RANGE;
    /* Largest power-of-two denominator (<= 2^20) keeping the numerator
     * <= 2^40; scaling a double by 2 is exact, then round up. */
    uint64_t den = 1;
    double scaled = sigma2;
    while (den < DG_MAX_DEN && scaled * 2.0 <= (double)DG_MAX_NUM) {
        den <<= 1;
        scaled *= 2.0;
    }
    uint64_t num = (uint64_t)scaled; /* truncation, scaled < 2^41 */
    if ((double)num < scaled)
        num++;
    if (num == 0)
        num = 1;
    if (num > DG_MAX_NUM)
        return ZKFL_ERR_RANGE;
    out->num = num;
    out->den = den;
    return ZKFL_OK;
}
