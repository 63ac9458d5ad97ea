/* Scalar recoding and work planning for Pippenger MSM (shared by G1/G2).
 *
 * Scalars leave Montgomery form, get their bit length measured, and are
 * split into "small" (at most MSM_SMALL_BITS bits) and "big" when that is
 * cheaper by the cost model: small scalars then need a single window. Each
 * group is recoded into signed digits in [-2^(c-1), 2^(c-1) - 1], which
 * halves the number of buckets (a negative digit adds -P to bucket |d|). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ec/msm_impl.h"
#include "ff/ff_generic.h"

#define MSM_SMALL_BITS 14u

unsigned zkfl_msm_forced_window = 0;
int zkfl_msm_use_endo = 1;
size_t zkfl_msm_stream_min_buckets = 1024;

/* Cost model in field multiplications: a batch-affine bucket addition
 * costs about 6 multiplications, placing a digit's point (recoding,
 * queueing or sorting) about 1.5, and the bucket reduction about 15 per
 * bucket (two affine additions in reduce_buckets of msm_template.h; 27
 * with Jacobian running sums). With those weights the model's optimum
 * matched instruction counts (valgrind) at 2^14 and 2^16 points to within
 * 1-2%; re-checked after the streaming path (msm_template.h) with forced
 * windows at 2^12, 2^14 and 2^16: the chosen window and split were the
 * cheapest or within 0.3% of it. */
double msm_cost_estimate(size_t m, unsigned c, unsigned nw)
{
    double buckets = (double)(1u << (c - 1));
    double pts = (double)m;
    double nonempty = buckets * (1.0 - exp(-pts / buckets));
    double adds = pts - nonempty;
    /* past 2^13 buckets the bucket array (>= 1 MiB for G1) leaves L2 and
     * every sorted point costs cache misses: measured at 2^20 points,
     * c = 14 beat c = 16 by 5% although the plain count favours 16 */
    double per_point = 1.5 + (c > 14 ? 2.0 : 0.0);
    return (double)nw * (6.0 * adds + per_point * pts + 15.0 * buckets);
}

static unsigned windows_for(unsigned maxbits, unsigned c)
{
    /* nw * c >= maxbits + 2 guarantees the top digit never carries out:
     * the top window then holds at most 2^(c-2) including the carry. */
    return (maxbits + 2 + c - 1) / c;
}

unsigned msm_best_window(size_t m, unsigned maxbits)
{
    unsigned best = 2;
    double best_cost = INFINITY;
    for (unsigned c = 2; c <= MSM_MAX_C; c++) {
        double cost = msm_cost_estimate(m, c, windows_for(maxbits, c));
        if (cost < best_cost) {
            best_cost = cost;
            best = c;
        }
    }
    return best;
}

static double best_cost(size_t m, unsigned maxbits)
{
    unsigned c = msm_best_window(m, maxbits);
    return msm_cost_estimate(m, c, windows_for(maxbits, c));
}

static unsigned bit_length(const uint64_t k[4])
{
    for (int i = 3; i >= 0; i--)
        if (k[i] != 0)
            return (unsigned)(64 * i + 64 - __builtin_clzll(k[i]));
    return 0;
}

/* c bits of k starting at bit pos (bits past 255 are zero). */
static uint32_t bits_at(const uint64_t k[4], unsigned pos, unsigned c)
{
    unsigned limb = pos / 64, off = pos % 64;
    if (limb >= 4)
        return 0;
    uint64_t v = k[limb] >> off;
    if (off + c > 64 && limb + 1 < 4)
        v |= k[limb + 1] << (64 - off);
    return (uint32_t)(v & ((1ull << c) - 1));
}

struct prep_ctx {
    const uint8_t *points;
    size_t point_size;
    const zkfl_fr *scalars;
    unsigned stride;             /* entries per scalar: dim when splitting, else 1 */
    msm_decompose_fn decompose;  /* NULL: no splitting */
    uint64_t (*raw)[4];          /* n * stride: the scalar, or its parts */
    uint8_t *bits;               /* n * stride: bit length of each entry */
    uint8_t *neg;                /* n * stride: sign of each part */
    uint8_t *scalar_bits;        /* n: bit length of the whole scalar */
};

static int all_zero(const uint8_t *p, size_t len)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= p[i];
    return acc == 0;
}

/* Phase 1: which points count, and each scalar's value and size. */
static void prep_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct prep_ctx *ctx = vctx;
    const unsigned st = ctx->stride;
    for (size_t i = begin; i < end; i++) {
        memset(ctx->bits + i * st, 0, st);
        memset(ctx->neg + i * st, 0, st);
        ctx->scalar_bits[i] = 0;
        if (all_zero(ctx->points + i * ctx->point_size, ctx->point_size))
            continue;
        uint64_t *raw = ctx->raw[i * st];
        ff_from_mont(raw, ctx->scalars[i].v, &ff_fr_modulus);
        for (unsigned e = 1; e < st; e++)
            memset(ctx->raw[i * st + e], 0, sizeof ctx->raw[0]);
        unsigned b = bit_length(raw);
        ctx->scalar_bits[i] = (uint8_t)(b > 255 ? 255 : b);
        ctx->bits[i * st] = ctx->scalar_bits[i];
    }
}

/* Phase 2, when the endomorphism pays: big scalars become their parts. */
static void decompose_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct prep_ctx *ctx = vctx;
    const unsigned st = ctx->stride;
    for (size_t i = begin; i < end; i++) {
        if (ctx->scalar_bits[i] <= MSM_SMALL_BITS)
            continue;
        uint64_t k[4];
        memcpy(k, ctx->raw[i * st], sizeof k);
        ctx->decompose(ctx->raw + i * st, ctx->neg + i * st, k);
        zkfl_memzero(k, sizeof k);
        for (unsigned e = 0; e < st; e++)
            ctx->bits[i * st + e] = (uint8_t)bit_length(ctx->raw[i * st + e]);
    }
}

struct recode_ctx {
    msm_group *g;
    const uint64_t (*raw)[4];
    const uint32_t *rawpos;      /* m: where each entry's value is in raw */
};

static void recode_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct recode_ctx *ctx = vctx;
    msm_group *g = ctx->g;
    const uint32_t half = 1u << (g->c - 1);
    const int32_t full = (int32_t)1 << g->c;
    for (size_t i = begin; i < end; i++) {
        const uint64_t *k = ctx->raw[ctx->rawpos[i]];
        uint32_t carry = 0;
        for (unsigned w = 0; w < g->nw; w++) {
            uint32_t v = bits_at(k, w * g->c, g->c) + carry;
            int32_t d;
            if (v >= half) {
                d = (int32_t)v - full;
                carry = 1;
            } else {
                d = (int32_t)v;
                carry = 0;
            }
            g->digits[(size_t)w * g->m + i] = (int16_t)d;
        }
    }
}

static int group_init(msm_group *g, size_t m, unsigned c, unsigned maxbits, int on_split)
{
    g->m = m;
    g->c = c;
    g->nw = windows_for(maxbits, c);
    g->bits = maxbits;
    g->on_split = on_split;
    g->idx = malloc((m ? m : 1) * sizeof *g->idx);
    g->digits = malloc((m ? m : 1) * g->nw * sizeof *g->digits);
    if (g->idx == NULL || g->digits == NULL)
        return ZKFL_ERR_NOMEM;
    return ZKFL_OK;
}

void msm_plan_free(msm_plan *plan)
{
    for (int i = 0; i < 2; i++) {
        /* digits and the small/big split are functions of witness values */
        if (plan->g[i].digits != NULL)
            zkfl_memzero(plan->g[i].digits, plan->g[i].m * plan->g[i].nw * sizeof *plan->g[i].digits);
        if (plan->g[i].idx != NULL)
            zkfl_memzero(plan->g[i].idx, plan->g[i].m * sizeof *plan->g[i].idx);
        free(plan->g[i].idx);
        free(plan->g[i].digits);
        plan->g[i].idx = NULL;
        plan->g[i].digits = NULL;
    }
    if (plan->split_src != NULL)
        zkfl_memzero(plan->split_src, plan->nsplit * sizeof *plan->split_src);
    if (plan->split_neg != NULL)
        zkfl_memzero(plan->split_neg, plan->nsplit * plan->dim);
    free(plan->split_src);
    free(plan->split_neg);
    plan->split_src = NULL;
    plan->split_neg = NULL;
    plan->nsplit = 0;
    plan->ngroups = 0;
}

enum which { ONLY_SMALL, ONLY_BIG, ALL };

/* Fills a group's indices and value positions, then recodes it. A group on
 * the split points takes every nonzero part of the plan's split scalars;
 * one on the caller's points the scalars of the given kind. */
static int group_fill(msm_group *g, uint32_t *rawpos, const struct prep_ctx *prep, size_t n,
                      enum which which, const msm_plan *plan, int threads)
{
    size_t j = 0;
    if (g->on_split) {
        const unsigned dim = plan->dim;
        for (size_t s = 0; s < plan->nsplit; s++)
            for (unsigned e = 0; e < dim; e++) {
                size_t at = (size_t)plan->split_src[s] * prep->stride + e;
                if (prep->bits[at] == 0)
                    continue;
                g->idx[j] = (uint32_t)(s * dim + e);
                rawpos[j++] = (uint32_t)at;
            }
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned b = prep->scalar_bits[i];
            if (b == 0 || (which == ONLY_BIG && b <= MSM_SMALL_BITS) ||
                (which == ONLY_SMALL && b > MSM_SMALL_BITS))
                continue;
            g->idx[j] = (uint32_t)i;
            rawpos[j++] = (uint32_t)(i * prep->stride);
        }
    }
    struct recode_ctx rctx = { g, (const uint64_t (*)[4])prep->raw, rawpos };
    return zkfl_parallel_for(g->m, threads, recode_range, &rctx);
}

int msm_plan_build(msm_plan *plan, const void *points, size_t point_size, const zkfl_fr *scalars,
                   size_t n, int threads, unsigned forced_c, msm_decompose_fn decompose,
                   unsigned dim)
{
    memset(plan, 0, sizeof *plan);
    if (forced_c == 0)
        forced_c = zkfl_msm_forced_window;
    if (forced_c > MSM_MAX_C)
        forced_c = MSM_MAX_C;
    if (forced_c == 1)
        forced_c = 2;   /* c = 1 would carry forever: 1 >= 2^(c-1) */
    if (!zkfl_msm_use_endo || dim < 2 || dim > MSM_MAX_DIM)
        decompose = NULL;
    const unsigned stride = decompose != NULL ? dim : 1;
    int rc = ZKFL_OK;
    uint32_t *rawpos = NULL;
    size_t rawpos_len = 0;
    struct prep_ctx prep = { points, point_size, scalars, stride, decompose,
                             malloc(n * stride * sizeof(uint64_t[4])), malloc(n * stride),
                             malloc(n * stride), malloc(n) };
    if (prep.raw == NULL || prep.bits == NULL || prep.neg == NULL || prep.scalar_bits == NULL) {
        rc = ZKFL_ERR_NOMEM;
        goto done;
    }
    rc = zkfl_parallel_for(n, threads, prep_range, &prep);
    if (rc != ZKFL_OK)
        goto done;
    if (decompose != NULL) {
        /* Split when the model says so: dim times the points with 1/dim of
         * the bits (parts stay below (254 / dim) + 2 bits), against the
         * cost of decomposing and of building the split points: about 8
         * multiplications of the curve's field per split scalar (G1: one
         * phi and the GLV split; G2: three psi, 6 Fp2 multiplications, and
         * the GLS split), whatever dim is. */
        size_t n_big = 0;
        unsigned max_big = 0;
        for (size_t i = 0; i < n; i++)
            if (prep.scalar_bits[i] > MSM_SMALL_BITS) {
                n_big++;
                if (prep.scalar_bits[i] > max_big) max_big = prep.scalar_bits[i];
            }
        unsigned part_bits = 254 / dim + 2;
        int worth = n_big > 0 && (max_big > part_bits || zkfl_msm_use_endo == 2);
        if (worth && !forced_c && zkfl_msm_use_endo != 2)
            worth = best_cost(n_big * dim, part_bits) + 8.0 * (double)n_big <
                    best_cost(n_big, max_big);
        if (worth)
            rc = zkfl_parallel_for(n, threads, decompose_range, &prep);
        else
            decompose = NULL;
        if (rc != ZKFL_OK)
            goto done;
    }

    /* small: whole scalars of at most MSM_SMALL_BITS bits; big: the rest,
     * counted as their nonzero parts when they were split */
    size_t n_small = 0, n_big = 0, big_entries = 0;
    unsigned max_small = 0, max_big = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned b = prep.scalar_bits[i];
        if (b == 0)
            continue;
        if (b <= MSM_SMALL_BITS) {
            n_small++;
            if (b > max_small) max_small = b;
            continue;
        }
        n_big++;
        for (unsigned e = 0; e < stride; e++) {
            unsigned be = prep.bits[i * stride + e];
            big_entries += be > 0;
            if (be > max_big) max_big = be;
        }
    }
    if (n_small + n_big == 0)
        goto done;

    /* Either one run over everything, or big scalars with their own window
     * plus small ones in a single window of width max_small + 2. */
    unsigned maxbits = max_big > max_small ? max_big : max_small;
    int split = 0;
    size_t all_entries = big_entries + n_small;
    unsigned c_all = forced_c ? forced_c : msm_best_window(all_entries, maxbits);
    unsigned c_big = 0, c_small = max_small + 2;
    if (!forced_c && n_big > 0 && n_small > 0) {
        unsigned nw_all = windows_for(maxbits, c_all);
        /* jointly, small scalars only add sorting and bucket additions in
         * their few low windows (the buckets are paid for by the big ones),
         * but every window still scans their zero digits */
        double joint = msm_cost_estimate(big_entries, c_all, nw_all) +
                       7.5 * (double)n_small * windows_for(max_small, c_all) +
                       0.5 * (double)n_small * nw_all;
        c_big = msm_best_window(big_entries, max_big);
        double separate = msm_cost_estimate(big_entries, c_big, windows_for(max_big, c_big)) +
                          msm_cost_estimate(n_small, c_small, 1);
        split = separate < joint;
    }

    /* With an endomorphism, the big scalars (all scalars when run jointly)
     * become split scalars over the template's split points. */
    int use_split = decompose != NULL && n_big > 0;
    if (use_split) {
        plan->dim = dim;
        plan->nsplit = split ? n_big : n_big + n_small;
        plan->split_src = malloc(plan->nsplit * sizeof *plan->split_src);
        plan->split_neg = malloc(plan->nsplit * dim);
        if (plan->split_src == NULL || plan->split_neg == NULL) {
            rc = ZKFL_ERR_NOMEM;
            goto done;
        }
        size_t s = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned b = prep.scalar_bits[i];
            if (b == 0 || (split && b <= MSM_SMALL_BITS))
                continue;
            plan->split_src[s] = (uint32_t)i;
            memcpy(plan->split_neg + s * dim, prep.neg + i * dim, dim);
            s++;
        }
    }
    rawpos_len = all_entries;
    rawpos = malloc((rawpos_len ? rawpos_len : 1) * sizeof *rawpos);
    if (rawpos == NULL) {
        rc = ZKFL_ERR_NOMEM;
        goto done;
    }
    if (split) {
        rc = group_init(&plan->g[0], big_entries, c_big, max_big, use_split);
        if (rc == ZKFL_OK)
            rc = group_init(&plan->g[1], n_small, c_small, max_small, 0);
        plan->ngroups = 2;
        if (rc == ZKFL_OK)
            rc = group_fill(&plan->g[0], rawpos, &prep, n, ONLY_BIG, plan, threads);
        if (rc == ZKFL_OK)
            rc = group_fill(&plan->g[1], rawpos, &prep, n, ONLY_SMALL, plan, threads);
    } else {
        rc = group_init(&plan->g[0], all_entries, c_all, maxbits, use_split);
        plan->ngroups = 1;
        if (rc == ZKFL_OK)
            rc = group_fill(&plan->g[0], rawpos, &prep, n, ALL, plan, threads);
    }

done:
    if (prep.raw != NULL)
        zkfl_memzero(prep.raw, n * stride * sizeof(uint64_t[4]));   /* witness values */
    if (prep.neg != NULL)
        zkfl_memzero(prep.neg, n * stride);
    if (rawpos != NULL)
        zkfl_memzero(rawpos, rawpos_len * sizeof *rawpos);
    free(prep.raw);
    free(prep.bits);
    free(prep.neg);
    free(prep.scalar_bits);
    free(rawpos);
    if (rc != ZKFL_OK)
        msm_plan_free(plan);
    return rc;
}
