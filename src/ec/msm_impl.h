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
/* Most parts an endomorphism splits a scalar into (G2's psi: 4). */
#define MSM_MAX_DIM 4u

/* One Pippenger run over a subset of the points: the scalars of this subset
 * recoded with window width c into nw signed digits each. Scalars are split
 * into groups by size (see msm_plan_build) so that a few big scalars among
 * many small ones (Groth16 witnesses) do not force every point through
 * every window. */
typedef struct {
    uint32_t *idx;     /* indices into the group's points, m of them */
    size_t m;
    unsigned c, nw;
    unsigned bits;     /* every value of the group is below 2^bits */
    int16_t *digits;   /* window-major: digits[w * m + i] */
    int on_split;      /* 1: idx indexes the plan's split points (below),
                          0: the caller's points */
} msm_group;

/* With an endomorphism phi acting as [lambda] (G1: (beta x, y), G2: psi),
 * a big scalar k = sum_e k_e lambda^e with dim parts of about 254/dim bits
 * each: the Pippenger pass then runs over dim * n points with 1/dim of the
 * windows, which halves (G1) the bucket reductions and doublings. The
 * "split points" are built by the template: split point dim*j + e is
 * sign_e * phi^e(P_src[j]), so digits never need the part's sign. */
typedef struct {
    msm_group g[2];
    int ngroups;
    unsigned dim;        /* parts per split scalar (0: no endomorphism used) */
    size_t nsplit;       /* scalars split */
    uint32_t *split_src; /* nsplit: the caller's index of each */
    uint8_t *split_neg;  /* dim * nsplit: 1 when that part is negative */
} msm_plan;

/* Splits k (a plain integer < r, little-endian) into dim parts:
 * k = sum_e (-1)^neg[e] part[e] lambda^e mod r, each part little-endian
 * (4 limbs, high ones zero). Variable time. */
typedef void (*msm_decompose_fn)(uint64_t part[][4], uint8_t neg[], const uint64_t k[4]);

/* Builds the plan for sum scalars[i] * points[i]. A point is treated as
 * infinity (and skipped) when its point_size bytes are all zero, which is the
 * affine infinity encoding of zkfl/ec.h (Montgomery zero is all-zero limbs).
 * forced_c != 0 forces one group with that window width (tests, tuning).
 * decompose (may be NULL) splits scalars into dim parts; it is used for the
 * scalars above MSM_SMALL_BITS bits unless zkfl_msm_use_endo is 0.
 * Returns 0 or ZKFL_ERR_NOMEM / ZKFL_ERR_THREAD. */
int msm_plan_build(msm_plan *plan, const void *points, size_t point_size, const zkfl_fr *scalars,
                   size_t n, int threads, unsigned forced_c, msm_decompose_fn decompose,
                   unsigned dim);
void msm_plan_free(msm_plan *plan);

/* The GLV (G1, dim 2) and GLS (G2, dim 4) decompositions in that form. */
void msm_decompose_glv(uint64_t part[][4], uint8_t neg[], const uint64_t k[4]);
void msm_decompose_gls(uint64_t part[][4], uint8_t neg[], const uint64_t k[4]);

/* Estimated cost (in field multiplications) of a Pippenger run over m
 * points with window c and nw windows; exposed for the tuning benchmark. */
double msm_cost_estimate(size_t m, unsigned c, unsigned nw);
/* The window width minimizing msm_cost_estimate for m scalars of maxbits bits. */
unsigned msm_best_window(size_t m, unsigned maxbits);

/* Test and benchmark hooks: when nonzero, every MSM uses this window width
 * (one group). zkfl_msm_use_endo: 1 (default) splits big scalars when the
 * cost model (or a forced window) says so, 0 never, 2 always. Not
 * thread-safe to change while MSMs run. */
extern unsigned zkfl_msm_forced_window;
extern int zkfl_msm_use_endo;
/* Windows with at least this many buckets stream their points into the
 * buckets; smaller ones sort each batch (msm_template.h). Default 1024;
 * tests set 1 or SIZE_MAX to force one path. Same thread-safety caveat. */
extern size_t zkfl_msm_stream_min_buckets;
#define MSM_HAS_STREAM_HOOK 1

#endif
