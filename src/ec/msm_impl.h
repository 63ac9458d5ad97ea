/* Internal to the MSM files: the curve-independent half of Pippenger's
 * method. msm_plan.c turns the scalars into signed c-bit digits and decides
 * how to split the work; msm_template.h (instantiated for G1 and G2) does the
 * bucket accumulation with that plan. */
#ifndef ZKFL_EC_MSM_IMPL_H
#define ZKFL_EC_MSM_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/ff.h"

/* Digits are stored as int16_t, so a window is at most 16 bits wide:
 * digits lie in [-2^(c-1), 2^(c-1) - 1]. */
#define MSM_MAX_C 16u

/* One Pippenger run over a subset of the points: the scalars of this subset
 * recoded with window width c into nw signed digits each. Scalars are split
 * into groups by size (see msm_plan_build) so that a few big scalars among
 * many small ones (Groth16 witnesses) do not force every point through
 * every window. */
typedef struct {
    uint32_t *idx;     /* indices into the caller's points, m of them */
    size_t m;
    unsigned c, nw;
    int16_t *digits;   /* window-major: digits[w * m + i] */
} msm_group;

typedef struct {
    msm_group g[2];
    int ngroups;
} msm_plan;

/* Builds the plan for sum scalars[i] * points[i]. A point is treated as
 * infinity (and skipped) when its point_size bytes are all zero, which is the
 * affine infinity encoding of zkfl/ec.h (Montgomery zero is all-zero limbs).
 * forced_c != 0 forces one group with that window width (tests, tuning).
 * Returns 0 or ZKFL_ERR_NOMEM / ZKFL_ERR_THREAD. */
int msm_plan_build(msm_plan *plan, const void *points, size_t point_size, const zkfl_fr *scalars,
                   size_t n, int threads, unsigned forced_c);
void msm_plan_free(msm_plan *plan);

/* Estimated cost (in field multiplications) of a Pippenger run over m
 * points with window c and nw windows; exposed for the tuning benchmark. */
double msm_cost_estimate(size_t m, unsigned c, unsigned nw);
/* The window width minimizing msm_cost_estimate for m scalars of maxbits bits. */
unsigned msm_best_window(size_t m, unsigned maxbits);

/* Test and benchmark hook: when nonzero, every MSM uses this window width
 * (one group). Not thread-safe to change while MSMs run. */
extern unsigned zkfl_msm_forced_window;

#endif
