/* Inverse accounting: the noise multiplier that reaches a target epsilon,
 * and the planner built on it. */
#include <math.h>
#include "zkfl/dp.h"

int zkfl_dp_noise_multiplier(double *z, double q, uint64_t steps, double target_epsilon,
                             double delta, const struct zkfl_dp_orders *orders,
                             enum zkfl_dp_conversion conversion)
{
    if (z == NULL || !(q > 0.0 && q <= 1.0) || steps == 0 || !(target_epsilon > 0.0) ||
        !isfinite(target_epsilon) || !(delta > 0.0 && delta < 1.0))
        return ZKFL_ERR_INVALID_ARG;
    /* epsilon(z) is non-increasing in z: bracket by doubling, then bisect
     * (geometrically, since z spans orders of magnitude). hi always meets
     * the target, so the answer is never optimistic. */
    double lo = 0.0, hi = 1.0, eps;
    int rc;
    for (;;) {
        rc = zkfl_dp_epsilon(&eps, NULL, q, hi, steps, delta, orders, conversion);
        if (rc != 0)
            return rc;
        if (eps <= target_epsilon)
            break;
        lo = hi;
        hi *= 2.0;
        if (hi > 1e6)
            return ZKFL_ERR_RANGE;
    }
    if (lo == 0.0) {
        lo = hi / 2.0;
        for (;;) {
            rc = zkfl_dp_epsilon(&eps, NULL, q, lo, steps, delta, orders, conversion);
            if (rc != 0)
                return rc;
            if (eps > target_epsilon)
                break;
            hi = lo;
            lo /= 2.0;
            if (lo < 1e-6)
                break; /* target met by (almost) no noise: return a tiny hi */
        }
    }
    while (hi - lo > hi * 1e-10) {
        double mid = lo + (hi - lo) / 2.0;
        rc = zkfl_dp_epsilon(&eps, NULL, q, mid, steps, delta, orders, conversion);
        if (rc != 0)
            return rc;
        if (eps <= target_epsilon)
            hi = mid;
        else
            lo = mid;
    }
    *z = hi;
    return ZKFL_OK;
}

int zkfl_dp_plan_rounds(struct zkfl_dp_plan *plan, double epsilon, double delta,
                        uint64_t rounds, double sampling_rate)
{
    if (plan == NULL)
        return ZKFL_ERR_INVALID_ARG;
    double z, eps, order;
    int rc = zkfl_dp_noise_multiplier(&z, sampling_rate, rounds, epsilon, delta, NULL,
                                      ZKFL_DP_CONVERSION_IMPROVED);
    if (rc != 0)
        return rc;
    rc = zkfl_dp_epsilon(&eps, &order, sampling_rate, z, rounds, delta, NULL,
                         ZKFL_DP_CONVERSION_IMPROVED);
    if (rc != 0)
        return rc;
    plan->noise_multiplier = z;
    plan->epsilon = eps;
    plan->best_order = order;
    plan->rounds = rounds;
    plan->sampling_rate = sampling_rate;
    return ZKFL_OK;
}
