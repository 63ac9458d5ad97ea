/* Update encoding: clip to L2 <= C, scale, stochastic rounding to k-bit
 * signed integers; bound checks for the aggregate; decoding. */
#include <math.h>
#include "zkfl/dp.h"
#include "zkfl/fl.h"

int zkfl_fl_codec_init(zkfl_fl_codec *out, uint32_t bits, double clip)
{
    if (out == NULL || bits < 2 || bits > 31 || !(clip > 0) || !isfinite(clip))
        return ZKFL_ERR_INVALID_ARG;
    out->bits = bits;
    out->clip = clip;
    out->scale = (double)((1LL << (bits - 1)) - 1) / clip;
    return 0;
}

int64_t zkfl_fl_codec_max_value(const zkfl_fl_codec *c)
{
    return (1LL << (c->bits - 1)) - 1;
}

int zkfl_fl_encode(int32_t *q, int *clipped, float *delta, size_t n,
                   const zkfl_fl_codec *c, zkfl_ml_rng *rng)
{
    if (q == NULL || delta == NULL || c == NULL || rng == NULL)
        return ZKFL_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(delta[i]))
            return ZKFL_ERR_RANGE;
    int rc = zkfl_dp_clip_l2(delta, n, c->clip, clipped);
    if (rc != 0)
        return rc;
    const double max = (double)zkfl_fl_codec_max_value(c);
    /* The clipped norm is computed in double from floats, so a coordinate
     * can exceed clip by float rounding only (relative 2^-23 or so); more
     * than that means clipping did not hold. */
    const double slack = max * 1e-6 + 1e-9;
    for (size_t i = 0; i < n; i++) {
        double v = (double)delta[i] * c->scale;
        if (fabs(v) > max + slack)
            return ZKFL_ERR_INTERNAL;
        double fl = floor(v);
        double r = fl + (zkfl_ml_rng_uniform(rng) < v - fl ? 1.0 : 0.0);
        /* Only the float-rounding slack above can reach max + 1. */
        if (r > max)
            r = max;
        if (r < -max)
            r = -max;
        q[i] = (int32_t)r;
    }
    return 0;
}

int zkfl_fl_check_aggregation_bound(const zkfl_fl_codec *c, const uint64_t *weights,
                                    size_t n_clients)
{
    if (c == NULL)
        return ZKFL_ERR_INVALID_ARG;
    unsigned __int128 total = 0;
    const unsigned __int128 limit = (unsigned __int128)INT64_MAX;
    if (weights == NULL)
        return (unsigned __int128)n_clients * (unsigned __int128)zkfl_fl_codec_max_value(c) > limit
                   ? ZKFL_ERR_OVERFLOW : 0;
    for (size_t i = 0; i < n_clients; i++) {
        total += (unsigned __int128)weights[i] *
                 (unsigned __int128)zkfl_fl_codec_max_value(c);
        if (total > limit)
            return ZKFL_ERR_OVERFLOW;
    }
    return 0;
}

void zkfl_fl_accumulate(int64_t *acc, const int32_t *q, size_t n, uint64_t w)
{
    const int64_t wi = (int64_t)w;
    for (size_t i = 0; i < n; i++)
        acc[i] += wi * (int64_t)q[i];
}

int zkfl_fl_decode_mean(float *out, const int64_t *acc, size_t n, const zkfl_fl_codec *c,
                        double total_weight)
{
    if (out == NULL || acc == NULL || c == NULL || !(total_weight > 0))
        return ZKFL_ERR_INVALID_ARG;
    const double inv = 1.0 / (c->scale * total_weight);
    for (size_t i = 0; i < n; i++)
        out[i] = (float)((double)acc[i] * inv);
    return 0;
}
