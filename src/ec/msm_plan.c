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

/* Cost model in field multiplications: a
 * batch-affine bucket addition costs about 6 multiplications, sorting a
 * digit into its bucket about 1.5, and the running-sum reduction about 27
 * per bucket (one mixed and one full Jacobian addition). The choices it
 * makes were checked with forced windows (bench/msm_ntt_bench.c): at 2^16
 * points c = 12..13 measured best, as predicted. */
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
    return (double)nw * (6.0 * adds + per_point * pts + 27.0 * buckets);
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
    uint64_t (*raw)[4];
    uint8_t *bits;
};

static int all_zero(const uint8_t *p, size_t len)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= p[i];
    return acc == 0;
}

static void prep_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct prep_ctx *ctx = vctx;
    for (size_t i = begin; i < end; i++) {
        if (all_zero(ctx->points + i * ctx->point_size, ctx->point_size)) {
            ctx->bits[i] = 0;
            continue;
        }
        ff_from_mont(ctx->raw[i], ctx->scalars[i].v, &ff_fr_modulus);
        unsigned b = bit_length(ctx->raw[i]);
        ctx->bits[i] = (uint8_t)(b > 255 ? 255 : b);
    }
}

struct recode_ctx {
    msm_group *g;
    const uint64_t (*raw)[4];
};

static void recode_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct recode_ctx *ctx = vctx;
    msm_group *g = ctx->g;
    const uint32_t half = 1u << (g->c - 1);
    const int32_t full = (int32_t)1 << g->c;
    for (size_t i = begin; i < end; i++) {
        const uint64_t *k = ctx->raw[g->idx[i]];
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

static int group_init(msm_group *g, size_t m, unsigned c, unsigned maxbits)
{
    g->m = m;
    g->c = c;
    g->nw = windows_for(maxbits, c);
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
    plan->ngroups = 0;
}

int msm_plan_build(msm_plan *plan, const void *points, size_t point_size, const zkfl_fr *scalars,
                   size_t n, int threads, unsigned forced_c)
{
    memset(plan, 0, sizeof *plan);
    if (forced_c == 0)
        forced_c = zkfl_msm_forced_window;
    if (forced_c > MSM_MAX_C)
        forced_c = MSM_MAX_C;
    if (forced_c == 1)
        forced_c = 2;   /* c = 1 would carry forever: 1 >= 2^(c-1) */
    int rc = ZKFL_OK;
    struct prep_ctx prep = { points, point_size, scalars, malloc(n * sizeof(uint64_t[4])), malloc(n) };
    if (prep.raw == NULL || prep.bits == NULL) {
        rc = ZKFL_ERR_NOMEM;
        goto done;
    }
    rc = zkfl_parallel_for(n, threads, prep_range, &prep);
    if (rc != ZKFL_OK)
        goto done;

    size_t n_small = 0, n_big = 0;
    unsigned max_small = 0, max_big = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned b = prep.bits[i];
        if (b == 0)
            continue;
        if (b <= MSM_SMALL_BITS) {
            n_small++;
            if (b > max_small) max_small = b;
        } else {
            n_big++;
            if (b > max_big) max_big = b;
        }
    }
    if (n_small + n_big == 0)
        goto done;

    /* Either one run over everything, or big scalars with their own window
     * plus small ones in a single window of width max_small + 2. */
    unsigned maxbits = max_big > max_small ? max_big : max_small;
    int split = 0;
    unsigned c_all = forced_c ? forced_c : msm_best_window(n_small + n_big, maxbits);
    unsigned c_big = 0, c_small = max_small + 2;
    if (!forced_c && n_big > 0 && n_small > 0) {
        unsigned nw_all = windows_for(maxbits, c_all);
        /* jointly, small scalars only add sorting and bucket additions in
         * their few low windows; the buckets are paid for by the big ones */
        double joint = msm_cost_estimate(n_big, c_all, nw_all) +
                       7.5 * (double)n_small * windows_for(max_small, c_all);
        c_big = msm_best_window(n_big, max_big);
        double separate = msm_cost_estimate(n_big, c_big, windows_for(max_big, c_big)) +
                          msm_cost_estimate(n_small, c_small, 1);
        split = separate < joint;
    }

    if (split) {
        rc = group_init(&plan->g[0], n_big, c_big, max_big);
        if (rc == ZKFL_OK)
            rc = group_init(&plan->g[1], n_small, c_small, max_small);
        plan->ngroups = 2;
        size_t jb = 0, js = 0;
        if (rc == ZKFL_OK)
            for (size_t i = 0; i < n; i++) {
                if (prep.bits[i] > MSM_SMALL_BITS)
                    plan->g[0].idx[jb++] = (uint32_t)i;
                else if (prep.bits[i] > 0)
                    plan->g[1].idx[js++] = (uint32_t)i;
            }
    } else {
        rc = group_init(&plan->g[0], n_small + n_big, c_all, maxbits);
        plan->ngroups = 1;
        size_t j = 0;
        if (rc == ZKFL_OK)
            for (size_t i = 0; i < n; i++)
                if (prep.bits[i] > 0)
                    plan->g[0].idx[j++] = (uint32_t)i;
    }
    for (int gi = 0; gi < plan->ngroups && rc == ZKFL_OK; gi++) {
        struct recode_ctx rctx = { &plan->g[gi], (const uint64_t (*)[4])prep.raw };
        rc = zkfl_parallel_for(plan->g[gi].m, threads, recode_range, &rctx);
    }

done:
    if (prep.raw != NULL)
        zkfl_memzero(prep.raw, n * sizeof(uint64_t[4]));   /* witness values */
    free(prep.raw);
    free(prep.bits);
    if (rc != ZKFL_OK)
        msm_plan_free(plan);
    return rc;
}
