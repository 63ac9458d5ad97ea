/* The mechanisms training calls: per-example clipping + Gaussian noise for
 * DP-SGD, per-client clipping + noise for user-level DP-FedAvg, and
 * discrete Gaussian shares for secure aggregation. */
#include <math.h>
#include <stdlib.h>
#include "zkfl/dp.h"

double zkfl_dp_l2_norm(const float *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)v[i] * (double)v[i];
    return sqrt(s);
}

int zkfl_dp_clip_l2(float *v, size_t n, double clip, int *scaled)
{
    if ((v == NULL && n != 0) || !(clip > 0.0) || !isfinite(clip))
        return ZKFL_ERR_INVALID_ARG;
    double norm = zkfl_dp_l2_norm(v, n);
    if (!isfinite(norm))
        return ZKFL_ERR_INVALID_ARG;
    if (scaled != NULL)
        *scaled = 0;
    if (norm <= clip)
        return ZKFL_OK;
    /* Rounding each scaled coordinate to float can push the norm a few ulps
     * over the bound, and the bound is a hard promise (the compliance proofs
     * check it), so shrink the factor until the stored vector satisfies it. */
    double factor = clip / norm;
    float *orig = malloc(n * sizeof *orig);
    if (orig == NULL)
        return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        orig[i] = v[i];
    for (int tries = 0;; tries++) {
        for (size_t i = 0; i < n; i++)
            v[i] = (float)(orig[i] * factor);
        if (zkfl_dp_l2_norm(v, n) <= clip || tries > 64)
            break;
        factor *= 1.0 - 1.0 / (1 << 20);
    }
    free(orig);
    if (zkfl_dp_l2_norm(v, n) > clip)
        return ZKFL_ERR_INTERNAL;
    if (scaled != NULL)
        *scaled = 1;
    return ZKFL_OK;
}

/* Clips every row into a scratch copy and accumulates the sum in double. */
static int clipped_sum(double *acc, const float *rows, size_t n_rows, size_t dim, double clip)
{
    float *row = malloc((dim ? dim : 1) * sizeof *row);
    if (row == NULL)
        return ZKFL_ERR_NOMEM;
    int rc = ZKFL_OK;
    for (size_t i = 0; i < dim; i++)
        acc[i] = 0.0;
    for (size_t r = 0; r < n_rows && rc == 0; r++) {
        for (size_t i = 0; i < dim; i++)
            row[i] = rows[r * dim + i];
        rc = zkfl_dp_clip_l2(row, dim, clip, NULL);
        for (size_t i = 0; rc == 0 && i < dim; i++)
            acc[i] += row[i];
    }
    free(row);
    return rc;
}

int zkfl_dp_sgd_noisy_sum(float *sum_out, const float *rows, size_t n_rows, size_t dim,
                          double clip, double z)
{
    if (sum_out == NULL || (rows == NULL && n_rows != 0) || dim == 0 || !(clip > 0.0) ||
        !isfinite(clip) || !(z >= 0.0) || !isfinite(z))
        return ZKFL_ERR_INVALID_ARG;
    if (n_rows != 0 && dim > SIZE_MAX / n_rows)
        return ZKFL_ERR_OVERFLOW;
    double *acc = malloc(dim * sizeof *acc);
    if (acc == NULL)
        return ZKFL_ERR_NOMEM;
    int rc = clipped_sum(acc, rows, n_rows, dim, clip);
    /* Adding or removing one row moves the clipped sum by at most clip in
     * L2: noise std z * clip gives noise multiplier z. */
    if (rc == 0 && z > 0.0)
        rc = zkfl_dp_add_gaussian_noise(acc, dim, z * clip, clip, ZKFL_DP_DEFAULT_GRID_BITS);
    if (rc == 0)
        for (size_t i = 0; i < dim; i++)
            sum_out[i] = (float)acc[i];
    zkfl_memzero(acc, dim * sizeof *acc);
    free(acc);
    return rc;
}

int zkfl_dp_fedavg_noisy_sum(float *sum_out, const float *updates, size_t n_clients,
                             size_t dim, double clip, double z)
{
    /* User-level DP-FedAvg is the same clip-sum-noise with a client's whole
     * update as the unit of privacy. */
    return zkfl_dp_sgd_noisy_sum(sum_out, updates, n_clients, dim, clip, z);
}

int zkfl_dp_ddg_add_share(int64_t *v, size_t n, double share_sigma2)
{
    if ((v == NULL && n != 0) || !(share_sigma2 > 0.0))
        return ZKFL_ERR_INVALID_ARG;
    struct zkfl_dp_rational s2;
    int rc = zkfl_dp_sigma2_to_rational(&s2, share_sigma2);
    if (rc != 0)
        return rc;
    zkfl_dp_rng *rng;
    rc = zkfl_dp_rng_new(&rng);
    if (rc != 0)
        return rc;
    int64_t noise[256];
    for (size_t off = 0; off < n && rc == 0; off += 256) {
        size_t m = n - off < 256 ? n - off : 256;
        rc = zkfl_dp_sample_discrete_gaussian_vec_vartime(noise, m, rng, s2);
        for (size_t i = 0; rc == 0 && i < m; i++) {
            int64_t x = v[off + i];
            if ((noise[i] > 0 && x > INT64_MAX - noise[i]) ||
                (noise[i] < 0 && x < INT64_MIN - noise[i]))
                rc = ZKFL_ERR_OVERFLOW;
            else
                v[off + i] = x + noise[i];
        }
    }
    zkfl_memzero(noise, sizeof noise);
    zkfl_dp_rng_free(rng);
    return rc;
}

int zkfl_dp_sgd_hook(void *ctx, float *batch_grad, float *grads, size_t b, size_t p)
{
    const struct zkfl_dp_sgd_hook_ctx *c = ctx;
    if (c == NULL || batch_grad == NULL || (grads == NULL && b != 0) || p == 0 ||
        !(c->clip > 0.0) || !isfinite(c->clip) || !(c->noise_multiplier >= 0.0) ||
        !isfinite(c->noise_multiplier) || !(c->expected_batch >= 0.0) ||
        !isfinite(c->expected_batch))
        return ZKFL_ERR_INVALID_ARG;
    if (b != 0 && p > SIZE_MAX / b)
        return ZKFL_ERR_OVERFLOW;
    double *acc = calloc(p, sizeof *acc);
    if (acc == NULL)
        return ZKFL_ERR_NOMEM;
    int rc = ZKFL_OK;
    for (size_t r = 0; r < b && rc == 0; r++) {
        float *row = grads + r * p;
        rc = zkfl_dp_clip_l2(row, p, c->clip, NULL);
        for (size_t i = 0; rc == 0 && i < p; i++)
            acc[i] += row[i];
    }
    if (rc == 0 && c->noise_multiplier > 0.0)
        rc = zkfl_dp_add_gaussian_noise(acc, p, c->noise_multiplier * c->clip, c->clip,
                                        ZKFL_DP_DEFAULT_GRID_BITS);
    double denom = c->expected_batch > 0.0 ? c->expected_batch : (double)(b ? b : 1);
    if (rc == 0)
        for (size_t i = 0; i < p; i++)
            batch_grad[i] = (float)(acc[i] / denom);
    zkfl_memzero(acc, p * sizeof *acc);
    free(acc);
    return rc;
}
