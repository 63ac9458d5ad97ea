/* RDP of the Poisson-subsampled Gaussian mechanism, following Mironov,
 * Talwar & Zhang 2019 ("Renyi differential privacy of the sampled Gaussian
 * mechanism") term by term as Opacus and TensorFlow Privacy implement it, so
 * that published epsilons are reproduced to double precision. */
#include <math.h>
#include "zkfl/dp.h"
#include "dp/dp_logmath.h"

/* A_alpha for integer alpha: sum_i C(alpha, i) q^i (1-q)^(alpha-i) exp((i^2 - i) / (2 sigma^2)). */
static double log_a_int(double q, double sigma, unsigned alpha)
{
    double log_a = -INFINITY;
    double lq = log(q), l1q = log1p(-q);
    for (unsigned i = 0; i <= alpha; i++) {
        double log_binom = lgamma(alpha + 1.0) - lgamma(i + 1.0) - lgamma(alpha - i + 1.0);
        double log_coef = log_binom + i * lq + (alpha - i) * l1q;
        double s = log_coef + ((double)i * i - i) / (2.0 * sigma * sigma);
        log_a = zkfl_dp_log_add(log_a, s);
    }
    return log_a;
}

/* A_alpha for fractional alpha: the two one-sided series of Mironov et al.
 * (Section 3.3), each term weighted by a Gaussian tail split at z0; the
 * binomial coefficients of a non-integer alpha alternate in sign, so
 * negative terms are subtracted in log space. Stops once both terms are
 * below e^-30, as the reference implementations do. */
static double log_a_frac(double q, double sigma, double alpha)
{
    double log_a0 = -INFINITY, log_a1 = -INFINITY;
    double z0 = sigma * sigma * log(1.0 / q - 1.0) + 0.5;
    double lq = log(q), l1q = log1p(-q);
    double coef = 1.0; /* C(alpha, i), by the recurrence C(a, i+1) = C(a, i)(a - i)/(i + 1) */
    const double ln_half = -0.69314718055994530942;
    const double sqrt2 = 1.41421356237309504880;
    for (unsigned i = 0; i < 100000; i++) {
        double log_coef = log(fabs(coef));
        double j = alpha - i;
        double log_t0 = log_coef + i * lq + j * l1q;
        double log_t1 = log_coef + j * lq + i * l1q;
        double log_e0 = ln_half + zkfl_dp_log_erfc((i - z0) / (sqrt2 * sigma));
        double log_e1 = ln_half + zkfl_dp_log_erfc((z0 - j) / (sqrt2 * sigma));
        double log_s0 = log_t0 + ((double)i * i - i) / (2.0 * sigma * sigma) + log_e0;
        double log_s1 = log_t1 + (j * j - j) / (2.0 * sigma * sigma) + log_e1;
        if (coef > 0) {
            log_a0 = zkfl_dp_log_add(log_a0, log_s0);
            log_a1 = zkfl_dp_log_add(log_a1, log_s1);
        } else {
            log_a0 = zkfl_dp_log_sub(log_a0, log_s0);
            log_a1 = zkfl_dp_log_sub(log_a1, log_s1);
        }
        if (fmax(log_s0, log_s1) < -30.0)
            break;
        coef = coef * (alpha - i) / (i + 1.0);
    }
    return zkfl_dp_log_add(log_a0, log_a1);
}

int zkfl_dp_rdp_subsampled_gaussian(double *rdp, double q, double z, double alpha)
{
    if (rdp == NULL || !(q >= 0.0 && q <= 1.0) || !(z >= 0.0) || isnan(alpha) || !(alpha > 1.0))
        return ZKFL_ERR_INVALID_ARG;
    if (q == 0.0) {
        *rdp = 0.0;
    } else if (z == 0.0 || isinf(alpha)) {
        *rdp = INFINITY;
    } else if (q == 1.0) {
        *rdp = alpha / (2.0 * z * z);
    } else if (isinf(z)) {
        *rdp = 0.0;
    } else {
        double log_a;
        if (alpha == floor(alpha) && alpha <= 1e6)
            log_a = log_a_int(q, z, (unsigned)alpha);
        else
            log_a = log_a_frac(q, z, alpha);
        *rdp = log_a / (alpha - 1.0);
    }
    return ZKFL_OK;
}

int zkfl_dp_rdp_compute(double *rdp, double q, double z, uint64_t steps,
                        const struct zkfl_dp_orders *orders)
{
    if (rdp == NULL || orders == NULL || orders->n == 0 || orders->n > ZKFL_DP_MAX_ORDERS)
        return ZKFL_ERR_INVALID_ARG;
    for (size_t i = 0; i < orders->n; i++) {
        double r;
        int rc = zkfl_dp_rdp_subsampled_gaussian(&r, q, z, orders->alpha[i]);
        if (rc != 0)
            return rc;
        rdp[i] = r * (double)steps;
    }
    return ZKFL_OK;
}

int zkfl_dp_rdp_to_epsilon(double *epsilon, double *best_order, const double *rdp,
                           const struct zkfl_dp_orders *orders, double delta,
                           enum zkfl_dp_conversion conversion)
{
    if (epsilon == NULL || rdp == NULL || orders == NULL || orders->n == 0 ||
        orders->n > ZKFL_DP_MAX_ORDERS || !(delta > 0.0 && delta < 1.0) ||
        (conversion != ZKFL_DP_CONVERSION_IMPROVED && conversion != ZKFL_DP_CONVERSION_CLASSIC))
        return ZKFL_ERR_INVALID_ARG;
    double best = INFINITY, order = NAN;
    for (size_t i = 0; i < orders->n; i++) {
        double a = orders->alpha[i], r = rdp[i], eps;
        if (!(a > 1.0) || isnan(r) || r < 0.0)
            return ZKFL_ERR_INVALID_ARG;
        if (conversion == ZKFL_DP_CONVERSION_IMPROVED)
            eps = r - (log(delta) + log(a)) / (a - 1.0) + log((a - 1.0) / a);
        else
            eps = r + log(1.0 / delta) / (a - 1.0);
        /* First minimum wins, as numpy's nanargmin does. */
        if (eps < best) {
            best = eps;
            order = a;
        }
    }
    /* epsilon >= 0 always holds; a negative bound (possible for delta close
     * to 1) is clamped as TF Privacy does. Opacus's published values are
     * all positive, so this never changes them. */
    *epsilon = best < 0.0 ? 0.0 : best;
    if (best_order != NULL)
        *best_order = order;
    return ZKFL_OK;
}

int zkfl_dp_epsilon(double *epsilon, double *best_order, double q, double z, uint64_t steps,
                    double delta, const struct zkfl_dp_orders *orders,
                    enum zkfl_dp_conversion conversion)
{
    struct zkfl_dp_orders std;
    if (orders == NULL) {
        zkfl_dp_orders_standard(&std, ZKFL_DP_ORDERS_OPACUS);
        orders = &std;
    }
    double rdp[ZKFL_DP_MAX_ORDERS];
    int rc = zkfl_dp_rdp_compute(rdp, q, z, steps, orders);
    if (rc != 0)
        return rc;
    return zkfl_dp_rdp_to_epsilon(epsilon, best_order, rdp, orders, delta, conversion);
}
