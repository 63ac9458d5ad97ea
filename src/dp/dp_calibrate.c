/* Gaussian noise calibration for a single release: the analytic Gaussian
 * mechanism of Balle & Wang 2018 (tight for every epsilon) and the classic
 * textbook bound (only valid for epsilon < 1). */
#include <math.h>
#include "zkfl/dp.h"
#include "dp/dp_logmath.h"

static int valid_params(double epsilon, double delta, double sensitivity)
{
    return isfinite(epsilon) && epsilon > 0.0 && delta > 0.0 && delta < 1.0 &&
           isfinite(sensitivity) && sensitivity > 0.0;
}

/* Balle & Wang 2018, Theorem 8: the Gaussian mechanism with std sigma and
 * L2 sensitivity S is (eps, delta)-DP iff
 *   Phi(S/(2 sigma) - eps sigma/S) - e^eps Phi(-S/(2 sigma) - eps sigma/S) <= delta.
 * The second term is formed as exp(eps + log Phi(.)) so it neither
 * overflows for large eps nor underflows before the first term does. */
static double analytic_delta(double sigma, double epsilon, double s)
{
    double a = s / (2.0 * sigma), b = epsilon * sigma / s;
    double first = zkfl_dp_norm_cdf(a - b);
    double second = exp(epsilon + zkfl_dp_log_norm_cdf(-a - b));
    return first - second;
}

int zkfl_dp_analytic_delta(double *delta, double sigma, double epsilon, double sensitivity)
{
    if (delta == NULL || !(sigma > 0.0) || !isfinite(sigma) || !(epsilon >= 0.0) ||
        !isfinite(epsilon) || !(sensitivity > 0.0) || !isfinite(sensitivity))
        return ZKFL_ERR_INVALID_ARG;
    double d = analytic_delta(sigma, epsilon, sensitivity);
    *delta = d < 0.0 ? 0.0 : d;
    return ZKFL_OK;
}

int zkfl_dp_sigma_analytic(double *sigma, double epsilon, double delta, double sensitivity)
{
    if (sigma == NULL || !valid_params(epsilon, delta, sensitivity))
        return ZKFL_ERR_INVALID_ARG;
    /* delta(sigma) decreases in sigma: bracket the crossing by doubling,
     * then bisect. The returned value is the upper end of the final bracket,
     * so it always satisfies the guarantee. */
    double lo = sensitivity * 1e-6, hi = sensitivity;
    if (analytic_delta(lo, epsilon, sensitivity) <= delta) {
        /* The guarantee holds with almost no noise (huge epsilon): keep halving. */
        while (lo > sensitivity * 1e-300 && analytic_delta(lo, epsilon, sensitivity) <= delta)
            lo /= 2.0;
        hi = lo * 2.0;
    } else {
        int guard = 0;
        while (analytic_delta(hi, epsilon, sensitivity) > delta) {
            lo = hi;
            hi *= 2.0;
            if (++guard > 2000)
                return ZKFL_ERR_RANGE;
        }
    }
    for (int it = 0; it < 200 && hi - lo > hi * 1e-15; it++) {
        double mid = lo + (hi - lo) / 2.0;
        if (analytic_delta(mid, epsilon, sensitivity) <= delta)
            hi = mid;
        else
            lo = mid;
    }
    *sigma = hi;
    return ZKFL_OK;
}

int zkfl_dp_sigma_classic(double *sigma, double epsilon, double delta, double sensitivity)
{
    if (sigma == NULL || !valid_params(epsilon, delta, sensitivity))
        return ZKFL_ERR_INVALID_ARG;
    if (epsilon >= 1.0) {
        /* Dwork & Roth Theorem A.1 assumes epsilon < 1; past it the bound is
         * not a proof of privacy. Use the analytic mechanism instead. */
        return ZKFL_ERR_RANGE;
    }
    *sigma = sqrt(2.0 * log(1.25 / delta)) * sensitivity / epsilon;
    return ZKFL_OK;
}
