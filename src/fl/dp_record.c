/* Record-level DP for federated clients: each client's local training is
 * DP-SGD (per-example clipping, exact Gaussian noise, Poisson batches),
 * calibrated by the RDP accountant for all the steps of all the planned
 * rounds. */
#include <math.h>
#include <stdlib.h>
#include "zkfl/dp.h"
#include "zkfl/fl.h"

/* Most threads a DP-SGD step splits its work over. */
#define ZKFL_FL_DP_MAX_SLICES 64

int zkfl_fl_dp_record_plan_make(zkfl_fl_dp_record_plan *out, size_t n_examples, uint32_t batch,
                                uint32_t epochs, uint32_t planned_rounds, double epsilon,
                                double delta)
{
    if (out == NULL || n_examples == 0 || batch == 0 || epochs == 0 || planned_rounds == 0 ||
        !(epsilon > 0) || !isfinite(epsilon) || !(delta > 0 && delta < 1))
        return ZKFL_ERR_INVALID_ARG;
    uint64_t batches = ((uint64_t)n_examples + batch - 1) / batch;
    uint64_t per_round = batches * epochs;
    if (per_round > UINT64_MAX / planned_rounds)
        return ZKFL_ERR_OVERFLOW;
    double q = batch >= n_examples ? 1.0 : (double)batch / (double)n_examples;
    struct zkfl_dp_plan plan;
    int rc = zkfl_dp_plan_rounds(&plan, epsilon, delta, per_round * planned_rounds, q);
    if (rc != 0)
        return rc;
    out->sampling_rate = q;
    out->steps_per_round = per_round;
    out->planned_steps = per_round * planned_rounds;
    out->noise_multiplier = plan.noise_multiplier;
    out->epsilon = plan.epsilon;
    return 0;
}

/* One DP-SGD step's work, split over coordinate slices: each slice sums
 * its part of the clipped rows and adds its own noise. */
struct step_job {
    const float *grads;
    const double *factor;   /* per row: 1 or the clipping factor */
    size_t b, p;
    double *acc;
    double sigma, sensitivity;
    int rc[ZKFL_FL_DP_MAX_SLICES];
};

/* Squared L2 norm in double with independent partial sums (so the loop
 * vectorizes; the summation order does not matter at this precision). */
static double norm2(const float *v, size_t n)
{
    double a[8] = {0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++)
            a[k] += (double)v[i + k] * (double)v[i + k];
    for (; i < n; i++)
        a[0] += (double)v[i] * (double)v[i];
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

struct norm_job {
    const float *grads;
    size_t p;
    double clip;
    double *factor;
};

/* The factor that brings a row to L2 <= clip. The norm is computed with a
 * relative error below p 2^-53 and the scaled row is summed in double
 * (relative error 2^-53 per product), so shrinking by 2^-20 more keeps the
 * contribution strictly inside the clip for any p below 2^30. A non-finite
 * gradient gets factor NaN, which the caller rejects. */
static void norm_rows(void *vctx, size_t begin, size_t end, int worker)
{
    struct norm_job *j = vctx;
    (void)worker;
    for (size_t r = begin; r < end; r++) {
        double n = sqrt(norm2(j->grads + r * j->p, j->p));
        j->factor[r] = !isfinite(n) ? NAN : n <= j->clip ? 1.0 : j->clip / n * (1.0 - 0x1p-20);
    }
}

static void sum_and_noise(void *vctx, size_t begin, size_t end, int worker)
{
    struct step_job *j = vctx;
    double *acc = j->acc;
    for (size_t i = begin; i < end; i++)
        acc[i] = 0;
    for (size_t r = 0; r < j->b; r++) {
        const float *row = j->grads + r * j->p;
        const double f = j->factor[r];
        for (size_t i = begin; i < end; i++)
            acc[i] += (double)row[i] * f;
    }
    j->rc[worker] = j->sigma > 0 ? zkfl_dp_add_gaussian_noise(acc + begin, end - begin, j->sigma,
                                                              j->sensitivity,
                                                              ZKFL_DP_DEFAULT_GRID_BITS)
                                 : 0;
}

int zkfl_fl_dp_sgd_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p)
{
    const zkfl_fl_dp_sgd_ctx *c = ctx;
    if (c == NULL || batch_grad == NULL || (grads == NULL && b != 0) || p == 0 ||
        !(c->clip > 0) || !isfinite(c->clip) || !(c->noise_multiplier >= 0) ||
        !isfinite(c->noise_multiplier) || !(c->expected_batch >= 0) || !isfinite(c->expected_batch))
        return ZKFL_ERR_INVALID_ARG;
    if (b != 0 && p > SIZE_MAX / b)
        return ZKFL_ERR_OVERFLOW;
    double *acc = malloc(p * sizeof *acc), *factor = malloc((b ? b : 1) * sizeof *factor);
    int rc = acc && factor ? 0 : ZKFL_ERR_NOMEM;
    int threads = c->threads > 0 ? c->threads : zkfl_default_threads();
    if (threads > ZKFL_FL_DP_MAX_SLICES)
        threads = ZKFL_FL_DP_MAX_SLICES;
    struct norm_job nj = {grads, p, c->clip, factor};
    if (rc == 0)
        rc = zkfl_parallel_for(b, threads, norm_rows, &nj);
    for (size_t r = 0; rc == 0 && r < b; r++)
        if (isnan(factor[r]))
            rc = ZKFL_ERR_RANGE;
    /* zkfl_dp_add_gaussian_noise covers the rounding of the slice it is
     * given to its grid (sqrt(slice) 2^-grid in L2); rounding all p
     * coordinates moves the sum by up to sqrt(p) 2^-grid, so the std is
     * raised by that factor first (over-covering by the slice's own, ~1e-4
     * relative, inflation). */
    double g = ldexp(1.0, -ZKFL_DP_DEFAULT_GRID_BITS);
    struct step_job job = {grads, factor, b, p, acc,
                           c->noise_multiplier * (c->clip + sqrt((double)p) * g), c->clip, {0}};
    /* Slices below ~4k coordinates are not worth a thread. */
    if ((size_t)threads > p / 4096 + 1)
        threads = (int)(p / 4096 + 1);
    if (rc == 0)
        rc = zkfl_parallel_for(p, threads, sum_and_noise, &job);
    for (int w = 0; rc == 0 && w < ZKFL_FL_DP_MAX_SLICES; w++)
        rc = job.rc[w];
    double denom = c->expected_batch > 0 ? c->expected_batch : (double)(b ? b : 1);
    for (size_t i = 0; rc == 0 && i < p; i++)
        batch_grad[i] = (float)(acc[i] / denom);
    if (acc)
        zkfl_memzero(acc, p * sizeof *acc);
    free(acc);
    free(factor);
    return rc;
}

int zkfl_fl_dp_batch_sampler(void *ctx, uint32_t *pos, size_t *count, size_t n)
{
    if (ctx == NULL)
        return ZKFL_ERR_INVALID_ARG;
    return zkfl_dp_poisson_sample_vartime(pos, count, ctx, n);
}
