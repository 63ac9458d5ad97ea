/* Log-space helpers shared by the accounting code (uses libm; the samplers
 * do not include this). */
#ifndef ZKFL_DP_LOGMATH_H
#define ZKFL_DP_LOGMATH_H

/* log(exp(a) + exp(b)), exact for -inf inputs. */
double zkfl_dp_log_add(double a, double b);
/* log(exp(a) - exp(b)) for a >= b; -inf when a == b. */
double zkfl_dp_log_sub(double a, double b);
/* log(erfc(x)) accurate far into the right tail where erfc underflows. */
double zkfl_dp_log_erfc(double x);
/* Standard normal CDF Phi(x) and its log, accurate in both tails. */
double zkfl_dp_norm_cdf(double x);
double zkfl_dp_log_norm_cdf(double x);

#endif
