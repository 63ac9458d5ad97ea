/* Chi-square goodness of fit for the sampler tests: the p-value comes from
 * the regularised upper incomplete gamma function, in long double. */
#ifndef ZKFL_TEST_DP_STATS_H
#define ZKFL_TEST_DP_STATS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* Q(a, x) = Gamma(a, x) / Gamma(a) (Numerical Recipes 6.2). */
static inline long double dp_gamma_q(long double a, long double x)
{
    if (x <= 0)
        return 1.0L;
    long double gln = lgammal(a);
    if (x < a + 1) {
        long double ap = a, sum = 1.0L / a, del = sum;
        for (int n = 0; n < 100000; n++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (fabsl(del) < fabsl(sum) * 1e-18L)
                break;
        }
        return 1.0L - sum * expl(-x + a * logl(x) - gln);
    }
    long double b = x + 1 - a, c = 1.0L / 1e-4000L, d = 1.0L / b, h = d;
    for (int i = 1; i < 100000; i++) {
        long double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabsl(d) < 1e-4000L) d = 1e-4000L;
        c = b + an / c;
        if (fabsl(c) < 1e-4000L) c = 1e-4000L;
        d = 1 / d;
        long double del = d * c;
        h *= del;
        if (fabsl(del - 1) < 1e-18L)
            break;
    }
    return expl(-x + a * logl(x) - gln) * h;
}

/* Chi-square p-value of binned counts against expected counts. Adjacent
 * bins are merged left to right until each group expects >= 5; a short
 * last group is merged into the one before it. */
static inline double dp_chi2_pvalue(const uint64_t *counts, const long double *expect, size_t bins)
{
    long double ge[1024], go[1024];
    size_t groups = 0;
    long double e_acc = 0, o_acc = 0;
    for (size_t i = 0; i < bins; i++) {
        e_acc += expect[i];
        o_acc += (long double)counts[i];
        if (e_acc >= 5 && groups < 1024) {
            ge[groups] = e_acc;
            go[groups] = o_acc;
            groups++;
            e_acc = 0;
            o_acc = 0;
        }
    }
    if (groups == 0)
        return 0.0;
    ge[groups - 1] += e_acc;
    go[groups - 1] += o_acc;
    if (groups < 2)
        return 0.0;
    long double chi = 0;
    for (size_t g = 0; g < groups; g++)
        chi += (go[g] - ge[g]) * (go[g] - ge[g]) / ge[g];
    return (double)dp_gamma_q((long double)(groups - 1) / 2, chi / 2);
}

#endif
