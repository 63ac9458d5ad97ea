/* Log-space arithmetic for the RDP series: the terms span hundreds of
 * orders of magnitude, so sums are kept as logarithms. */
#include <math.h>
#include "dp/dp_logmath.h"

double zkfl_dp_log_add(double a, double b)
{
    double lo = a < b ? a : b, hi = a < b ? b : a;
    if (lo == -INFINITY)
        return hi;
    return log1p(exp(lo - hi)) + hi;
}

double zkfl_dp_log_sub(double a, double b)
{
    if (b == -INFINITY)
        return a;
    if (a <= b)
        return -INFINITY;
    double d = a - b;
    /* expm1 overflows past ~709; then exp(a) - exp(b) is exp(a) to double precision. */
    if (d > 700.0)
        return a;
    return log(expm1(d)) + b;
}

double zkfl_dp_log_erfc(double x)
{
    /* erfc(x) underflows near x = 26.5; well before that switch to the
     * asymptotic series erfc(x) = exp(-x^2)/(x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4) - ...),
     * whose truncation error at x >= 20 is below 1e-17 relative with 6 terms. */
    if (x < 20.0)
        return log(erfc(x));
    double inv2 = 1.0 / (2.0 * x * x), term = 1.0, sum = 1.0;
    for (int k = 1; k <= 6; k++) {
        term *= -(2.0 * k - 1.0) * inv2;
        sum += term;
    }
    return -x * x - log(x) - 0.57236494292470008707 /* ln(pi)/2 */ + log(sum);
}

double zkfl_dp_norm_cdf(double x)
{
    return 0.5 * erfc(-x * 0.70710678118654752440);
}

double zkfl_dp_log_norm_cdf(double x)
{
    return log(0.5) + zkfl_dp_log_erfc(-x * 0.70710678118654752440);
}
