/* Gaussian noise for real-valued vectors without floating-point sampling:
 * the vector is rounded to the lattice 2^-k Z, an exact discrete Gaussian
 * integer is added to each coordinate in integer arithmetic, and the
 * result is converted back exactly. See zkfl/dp.h for why this resists the
 * floating-point attack of Mironov 2012. */
#include <math.h>
#include <stdlib.h>
#include "zkfl/dp.h"

#define NOISE_CHUNK 4096
/* Keep sigma 2^k <= 2^20 so sigma^2 in lattice units fits the sampler's
 * 2^40 numerator; a grid of sigma/2^19 or finer is far below any noise
 * level that matters. */
#define MAX_LATTICE_SIGMA 1048576.0

struct noise_setup {
    int k;
    double scale;    /* 2^k */
    struct zkfl_dp_rational sigma2;
};

static int setup(struct noise_setup *s, size_t n, double sigma, double sensitivity,
                 int grid_bits)
{
    if (!(sigma > 0.0) || !isfinite(sigma) || !(sensitivity > 0.0) || !isfinite(sensitivity) ||
        grid_bits < 0 || grid_bits > 40)
        return ZKFL_ERR_INVALID_ARG;
    int k = grid_bits;
    /* Coarsen the grid until the lattice sigma fits; stop at k = -30 (a grid
     * of 2^30) which only an absurd sigma would reach. */
    for (;;) {
        double scale = ldexp(1.0, k);
        double sigma_eff = sigma * (sensitivity + sqrt((double)n) / scale) / sensitivity;
        double lat = sigma_eff * scale;
        if (lat <= MAX_LATTICE_SIGMA) {
            s->k = k;
            s->scale = scale;
            return zkfl_dp_sigma2_to_rational(&s->sigma2, lat * lat);
        }
        if (--k < -30)
            return ZKFL_ERR_RANGE;
    }
}

/* v[i] <- (round(v[i] 2^k) + noise[i]) 2^-k, all in integers; the final
 * conversion is exact because |sum| <= 2^53. */
static int apply(double *v, size_t n, const struct noise_setup *s, zkfl_dp_rng *rng,
                 int64_t *noise)
{
    const double lim = 9007199254740992.0; /* 2^53 */
    for (size_t off = 0; off < n; off += NOISE_CHUNK) {
        size_t m = n - off < NOISE_CHUNK ? n - off : NOISE_CHUNK;
        int rc = zkfl_dp_sample_discrete_gaussian_vec_vartime(noise, m, rng, s->sigma2);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < m; i++) {
            double x = v[off + i] * s->scale; /* |x| < 2^52, checked by the caller */
            int64_t r = (int64_t)llround(x) + noise[i];
            if (r > (int64_t)lim || r < -(int64_t)lim)
                return ZKFL_ERR_RANGE;
            v[off + i] = (double)r / s->scale;
        }
    }
    return ZKFL_OK;
}

int zkfl_dp_add_gaussian_noise(double *v, size_t n, double sigma, double sensitivity,
                               int grid_bits)
{
    if (v == NULL && n != 0)
        return ZKFL_ERR_INVALID_ARG;
    struct noise_setup s;
    int rc = setup(&s, n, sigma, sensitivity, grid_bits);
    if (rc != 0)
        return rc;
    /* Validate every coordinate before touching any, so a failure never
     * leaves a half-noised vector behind. */
    for (size_t i = 0; i < n; i++) {
        double x = v[i] * s.scale;
        if (!isfinite(x))
            return ZKFL_ERR_INVALID_ARG;
        if (!(fabs(x) < 4503599627370496.0)) /* 2^52 */
            return ZKFL_ERR_RANGE;
    }
    zkfl_dp_rng *rng;
    rc = zkfl_dp_rng_new(&rng);
    if (rc != 0)
        return rc;
    int64_t *noise = malloc(NOISE_CHUNK * sizeof *noise);
    if (noise == NULL) {
        zkfl_dp_rng_free(rng);
        return ZKFL_ERR_NOMEM;
    }
    rc = apply(v, n, &s, rng, noise);
    zkfl_memzero(noise, NOISE_CHUNK * sizeof *noise);
    free(noise);
    zkfl_dp_rng_free(rng);
    return rc;
}

int zkfl_dp_add_gaussian_noise_f32(float *v, size_t n, double sigma, double sensitivity,
                                   int grid_bits)
{
    if (v == NULL && n != 0)
        return ZKFL_ERR_INVALID_ARG;
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (tmp == NULL)
        return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        tmp[i] = v[i];
    int rc = zkfl_dp_add_gaussian_noise(tmp, n, sigma, sensitivity, grid_bits);
    if (rc == 0)
        for (size_t i = 0; i < n; i++)
            v[i] = (float)tmp[i];
    /* tmp holds the noised values: as private as the output, but wipe the
     * pre-rounding copy on failure paths too. */
    zkfl_memzero(tmp, (n ? n : 1) * sizeof *tmp);
    free(tmp);
    return rc;
}
