/* Concentrated-DP accounting for discrete Gaussian noise (Canonne, Kamath &
 * Steinke 2020) and for sums of discrete Gaussian shares (Kairouz, Liu &
 * Steinke 2021). */
#include <math.h>
#include "zkfl/dp.h"

/* epsilon(alpha) of CKS Proposition 12 applied to (alpha, alpha rho)-RDP. */
static double zcdp_eps_at(double alpha, double rho, double log_delta)
{
    return alpha * rho + log1p(-1.0 / alpha) - (log(alpha) + log_delta) / (alpha - 1.0);
}

int zkfl_dp_zcdp_to_epsilon(double *epsilon, double rho, double delta)
{
    if (epsilon == NULL || !(rho >= 0.0) || !isfinite(rho) || !(delta > 0.0 && delta < 1.0))
        return ZKFL_ERR_INVALID_ARG;
    if (rho == 0.0) {
        *epsilon = 0.0;
        return ZKFL_OK;
    }
    double ld = log(delta);
    /* Coarse log-spaced scan of alpha - 1 over [1e-6, 1e9] to find the basin,
     * then golden-section refinement inside the neighbouring grid cells. */
    const int grid = 1500;
    double best = INFINITY;
    int best_i = 0;
    for (int i = 0; i <= grid; i++) {
        double a = 1.0 + pow(10.0, -6.0 + 15.0 * i / grid);
        double e = zcdp_eps_at(a, rho, ld);
        if (e < best) {
            best = e;
            best_i = i;
        }
    }
    double lo = -6.0 + 15.0 * (best_i > 0 ? best_i - 1 : 0) / grid;
    double hi = -6.0 + 15.0 * (best_i < grid ? best_i + 1 : grid) / grid;
    const double g = 0.61803398874989484820;
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    double f1 = zcdp_eps_at(1.0 + pow(10.0, x1), rho, ld);
    double f2 = zcdp_eps_at(1.0 + pow(10.0, x2), rho, ld);
    for (int it = 0; it < 200 && hi - lo > 1e-13; it++) {
        if (f1 < f2) {
            hi = x2; x2 = x1; f2 = f1;
            x1 = hi - g * (hi - lo);
            f1 = zcdp_eps_at(1.0 + pow(10.0, x1), rho, ld);
        } else {
            lo = x1; x1 = x2; f1 = f2;
            x2 = lo + g * (hi - lo);
            f2 = zcdp_eps_at(1.0 + pow(10.0, x2), rho, ld);
        }
    }
    double e = fmin(best, fmin(f1, f2));
    *epsilon = e < 0.0 ? 0.0 : e;
    return ZKFL_OK;
}

int zkfl_dp_discrete_gaussian_delta(double *delta, double epsilon, double sigma2,
                                    uint64_t sensitivity)
{
    if (delta == NULL || !(epsilon >= 0.0) || !isfinite(epsilon) || !(sigma2 > 0.0) ||
        sigma2 > 1e10 || sensitivity == 0 || sensitivity > 1000000)
        return ZKFL_ERR_INVALID_ARG;
    /* Mass beyond 40 sigma is below e^-800: negligible in long double. */
    double sigma = sqrt(sigma2);
    long long k_max = (long long)ceil(40.0 * sigma) + 2;
    long double norm = 0.0L;
    for (long long k = -k_max; k <= k_max; k++)
        norm += expl(-(long double)k * k / (2.0L * sigma2));
    double d = (double)sensitivity;
    double y1 = epsilon * sigma2 / d - d / 2.0, y2 = epsilon * sigma2 / d + d / 2.0;
    /* P[X > y] = sum over integers k >= floor(y) + 1. */
    long double t1 = 0.0L, t2 = 0.0L;
    for (long long k = (long long)floor(y1) + 1; k <= k_max; k++)
        t1 += expl(-(long double)k * k / (2.0L * sigma2));
    for (long long k = (long long)floor(y2) + 1; k <= k_max; k++)
        t2 += expl(-(long double)k * k / (2.0L * sigma2));
    if (floor(y1) + 1 < (double)-k_max)
        return ZKFL_ERR_RANGE;
    long double r = t1 / norm - expl((long double)epsilon) * (t2 / norm);
    *delta = r < 0.0L ? 0.0 : (double)r;
    return ZKFL_OK;
}

static int ddg_args_ok(double sigma2, uint64_t n, uint64_t d, double l2, double l1)
{
    return sigma2 >= 0.25 && isfinite(sigma2) && n >= 1 && n <= (1u << 24) && d >= 1 &&
           l2 > 0.0 && isfinite(l2) && l1 > 0.0 && isfinite(l1);
}

/* tau of Kairouz et al.: how far the sum of n discrete Gaussians is from a
 * single discrete Gaussian (requires sigma >= 1/2). */
static double ddg_tau(double sigma2, uint64_t n)
{
    const double pi2 = 9.86960440108935861883;
    double tau = 0.0;
    for (uint64_t k = 1; k < n; k++) {
        double term = exp(-2.0 * pi2 * sigma2 * (double)k / (double)(k + 1));
        if (term == 0.0)
            break; /* k/(k+1) grows with k, so later terms are smaller still */
        tau += term;
    }
    return 10.0 * tau;
}

static double ddg_rdp_at(double alpha, double tau, double a, double b, double d)
{
    double t1 = alpha / 2.0 * a * a + tau * d;
    double t2 = alpha / 2.0 * (a * a + 2.0 * b * tau + tau * tau * d);
    double s = a + sqrt(d) * tau;
    double t3 = alpha / 2.0 * s * s;
    return fmin(t1, fmin(t2, t3));
}

int zkfl_dp_ddg_rdp(double *rdp, double alpha, double sigma2, uint64_t n, uint64_t d,
                    double l2, double l1)
{
    if (rdp == NULL || !(alpha > 1.0) || !isfinite(alpha) || !ddg_args_ok(sigma2, n, d, l2, l1))
        return ZKFL_ERR_INVALID_ARG;
    double sd = sqrt((double)n * sigma2);
    *rdp = ddg_rdp_at(alpha, ddg_tau(sigma2, n), l2 / sd, l1 / sd, (double)d);
    return ZKFL_OK;
}

int zkfl_dp_ddg_epsilon(double *epsilon, double *best_order, double sigma2, uint64_t n,
                        uint64_t d, double l2, double l1, uint64_t rounds, double delta)
{
    if (epsilon == NULL || rounds == 0 || !(delta > 0.0 && delta < 1.0) ||
        !ddg_args_ok(sigma2, n, d, l2, l1))
        return ZKFL_ERR_INVALID_ARG;
    struct zkfl_dp_orders orders;
    orders.n = 0;
    for (int a = 2; a <= 128; a++)
        orders.alpha[orders.n++] = a;
    orders.alpha[orders.n++] = 256;
    double rdp[ZKFL_DP_MAX_ORDERS];
    double tau = ddg_tau(sigma2, n), sd = sqrt((double)n * sigma2);
    for (size_t i = 0; i < orders.n; i++)
        rdp[i] = (double)rounds * ddg_rdp_at(orders.alpha[i], tau, l2 / sd, l1 / sd, (double)d);
    return zkfl_dp_rdp_to_epsilon(epsilon, best_order, rdp, &orders, delta,
                                  ZKFL_DP_CONVERSION_IMPROVED);
}

int zkfl_dp_ddg_share_sigma2(double *share_sigma2, double target_sigma2, uint64_t parties,
                             uint64_t colluding)
{
    if (share_sigma2 == NULL || !(target_sigma2 > 0.0) || !isfinite(target_sigma2) ||
        parties == 0 || colluding >= parties)
        return ZKFL_ERR_INVALID_ARG;
    /* The colluders know (and can subtract) their own shares, so only the
     * parties - colluding honest shares protect the sum. */
    *share_sigma2 = target_sigma2 / (double)(parties - colluding);
    return ZKFL_OK;
}

int zkfl_dp_ddg_calibrate(double *share_sigma2, double epsilon, double delta, uint64_t parties,
                          uint64_t colluding, uint64_t d, double l2, double l1, uint64_t rounds)
{
    if (share_sigma2 == NULL || !(epsilon > 0.0) || !isfinite(epsilon) ||
        !(delta > 0.0 && delta < 1.0) || parties == 0 || colluding >= parties || rounds == 0)
        return ZKFL_ERR_INVALID_ARG;
    uint64_t honest = parties - colluding;
    /* epsilon falls as the variance grows (a, b and tau all shrink):
     * bracket from the theorem's minimum sigma = 1/2, then bisect. */
    double lo = 0.25, hi = 0.25, eps;
    int rc = zkfl_dp_ddg_epsilon(&eps, NULL, hi, honest, d, l2, l1, rounds, delta);
    if (rc != 0)
        return rc;
    if (eps <= epsilon) {
        *share_sigma2 = hi;
        return ZKFL_OK;
    }
    while (eps > epsilon) {
        lo = hi;
        hi *= 2.0;
        if (hi > 1099511627776.0)
            return ZKFL_ERR_RANGE;
        rc = zkfl_dp_ddg_epsilon(&eps, NULL, hi, honest, d, l2, l1, rounds, delta);
        if (rc != 0)
            return rc;
    }
    while (hi - lo > hi * 1e-10) {
        double mid = lo + (hi - lo) / 2.0;
        rc = zkfl_dp_ddg_epsilon(&eps, NULL, mid, honest, d, l2, l1, rounds, delta);
        if (rc != 0)
            return rc;
        if (eps <= epsilon)
            hi = mid;
        else
            lo = mid;
    }
    *share_sigma2 = hi;
    return ZKFL_OK;
}
