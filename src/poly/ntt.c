/* Radix-2 NTT over Fr, natural order in and out.
 *
 * Forward: bit-reversal permutation (ntt_bitrev.c), then
 * decimation-in-time stages. The
 * early stages work inside blocks of NTT_BLOCK elements that stay in the
 * L2 cache, all of them done block by block (one pass over memory instead
 * of one per stage); the later stages sweep the array split across threads.
 * Inverse: the forward transform followed by a[i] <-> a[n-i] and 1/n, since
 * sum_j a_j w^(-ij) = sum_j a_j w^((n-i)j); this reuses the forward tables.
 * Between the first and the last stage the values are only kept in [0, 4r)
 * (lazy butterflies, ntt_butterfly.h); the last pass over each element maps
 * it back to [0, r) while it is in cache.
 * With AVX-512F and 2^13 <= n <= 2^24 the stages after the bit reversal run
 * on 8 lanes instead (ntt_vec.c), which also take over the forward coset's
 * shift^i and the inverse's 1/n; everything else here is their fallback.
 * All arithmetic is constant time (the inputs are witness polynomials). */
#include <stdlib.h>
#include <string.h>
#include "poly/ntt_impl.h"
#include "ff/ff_generic.h"
#include "poly/ntt_butterfly.h"


unsigned zkfl_ntt_table_limit = NTT_TABLE_MAX_LOG;
int zkfl_ntt_column_tables = 1;

static unsigned log2_exact(size_t n)
{
    unsigned k = 0;
    while (((size_t)1 << k) < n)
        k++;
    return k;
}

static int check_size(const zkfl_fr *a, size_t n, unsigned *log_n)
{
    if (a == NULL || n == 0 || (n & (n - 1)) != 0)
        return ZKFL_ERR_INVALID_ARG;
    *log_n = log2_exact(n);
    if (*log_n > ZKFL_NTT_MAX_LOG)
        return ZKFL_ERR_RANGE;
    return ZKFL_OK;
}

/* ---- the butterfly stage kernels ---- */

/* Stage s over a[0..len): butterflies span 2m = 2^(s+1) elements, twiddle
 * tw[j] for the pair (j, j + m) of each group. Values in and out in [0, 4r)
 * (ntt_butterfly.h). */
static void stage_table(zkfl_fr *a, size_t len, size_t m, const zkfl_fr *tw)
{
    for (size_t g = 0; g < len; g += 2 * m) {
        zkfl_fr *lo = a + g, *hi = a + g + m;
        for (size_t j = 0; j < m; j++)
            ntt_bfly(lo[j].v, hi[j].v, tw[j].v);
    }
}

static void normalize_range(zkfl_fr *a, size_t len)
{
    for (size_t i = 0; i < len; i++)
        ntt_normalize(a[i].v);
}

/* All stages s < log_b of one block of 2^log_b elements (canonical in,
 * [0, 4r) out). */
static int block_stages(zkfl_fr *a, unsigned log_b)
{
    size_t len = (size_t)1 << log_b;
    /* stage 0: all twiddles are 1 */
    for (size_t g = 0; g < len; g += 2)
        ntt_bfly_one(a[g].v, a[g + 1].v);
    for (unsigned s = 1; s < log_b; s++) {
        const zkfl_fr *tw = ntt_twiddles(s);
        if (tw == NULL)
            return ZKFL_ERR_NOMEM;
        stage_table(a, len, (size_t)1 << s, tw);
    }
    return ZKFL_OK;
}

/* ---- parallel passes ---- */

struct ntt_ctx {
    zkfl_fr *a;
    size_t n;
    unsigned log_n;
    unsigned log_b;             /* block size of the in-cache phase */
    const zkfl_fr *late_tw[ZKFL_NTT_MAX_LOG];   /* late stage tables, NULL: on the fly */
    const zkfl_fr *late_cols[ZKFL_NTT_MAX_LOG]; /* the same in column order, or NULL */
    zkfl_fr scale;              /* inverse: 1/n */
    zkfl_fr shift;              /* coset: the shift (or its inverse) */
    int err;
};

static void blocks_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct ntt_ctx *c = vctx;
    for (size_t b = begin; b < end; b++) {
        zkfl_fr *blk = c->a + (b << c->log_b);
        if (block_stages(blk, c->log_b) != ZKFL_OK)
            c->err = ZKFL_ERR_NOMEM;
        else if (c->log_b == c->log_n)   /* the last stage: back to canonical while in cache */
            normalize_range(blk, (size_t)1 << c->log_b);
    }
}

/* Late phase: stages log_b .. log_n-1. Viewing element i as (row, col) with
 * i = row * B + col, B = 2^log_b, stage s pairs rows r and r + h
 * (h = 2^(s - log_b)) inside groups of 2h rows, with twiddle index
 * (r mod h) * B + col. So a set of adjacent columns goes through all late
 * stages on its own: each task copies NTT_COLS columns (all rows) into a
 * small contiguous buffer, runs the stages there in L1/L2, and copies back,
 * one pass over memory instead of one per stage (and no power-of-two
 * strides inside the hot loop, which would thrash cache sets). */
static void butterfly(zkfl_fr *lo, zkfl_fr *hi, const zkfl_fr *w)
{
    ntt_bfly(lo->v, hi->v, w->v);
}

static void columns_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct ntt_ctx *c = vctx;
    const size_t B = (size_t)1 << c->log_b;
    const unsigned L = c->log_n - c->log_b;
    const size_t rows = (size_t)1 << L;
    zkfl_fr *buf = malloc(rows * NTT_COLS * sizeof *buf);
    if (buf == NULL) {
        c->err = ZKFL_ERR_NOMEM;
        return;
    }
    for (size_t blk = begin; blk < end; blk++) {
        const size_t c0 = blk * NTT_COLS;
        for (size_t r = 0; r < rows; r++)
            memcpy(buf + r * NTT_COLS, c->a + r * B + c0, NTT_COLS * sizeof *buf);
        for (unsigned s = c->log_b; s < c->log_n; s++) {
            const size_t h = (size_t)1 << (s - c->log_b);
            const zkfl_fr *tw = c->late_tw[s];
            zkfl_fr wcol[NTT_COLS], wrow, wstep, t;
            if (tw == NULL) {
                /* no table at this size: w^((r mod h) B + col) as
                 * w^(rB) * w^col, with running products */
                zkfl_fr w;
                zkfl_fr_root_of_unity(&w, s + 1);
                uint64_t e[4] = { (uint64_t)c0, 0, 0, 0 };
                ff_pow_vartime(wcol[0].v, w.v, e, &ff_fr_modulus);   /* public exponent */
                for (unsigned k = 1; k < NTT_COLS; k++)
                    ff_fr_mul(&wcol[k], &wcol[k - 1], &w);
                e[0] = (uint64_t)B;
                ff_pow_vartime(wstep.v, w.v, e, &ff_fr_modulus);
            }
            const zkfl_fr *cols = c->late_cols[s] != NULL ? c->late_cols[s] + blk * h * NTT_COLS : NULL;
            for (size_t g = 0; g < rows; g += 2 * h) {
                zkfl_fr_set_one(&wrow);
                for (size_t r = 0; r < h; r++) {
                    zkfl_fr *lo = buf + (g + r) * NTT_COLS, *hi = lo + h * NTT_COLS;
                    if (cols != NULL) {
                        const zkfl_fr *tr = cols + r * NTT_COLS;
                        for (unsigned k = 0; k < NTT_COLS; k++)
                            butterfly(&lo[k], &hi[k], &tr[k]);
                    } else if (tw != NULL) {
                        const zkfl_fr *tr = tw + r * B + c0;
                        for (unsigned k = 0; k < NTT_COLS; k++)
                            butterfly(&lo[k], &hi[k], &tr[k]);
                    } else {
                        for (unsigned k = 0; k < NTT_COLS; k++) {
                            ff_fr_mul(&t, &wrow, &wcol[k]);
                            butterfly(&lo[k], &hi[k], &t);
                        }
                        ff_fr_mul(&wrow, &wrow, &wstep);
                    }
                }
            }
        }
        normalize_range(buf, rows * NTT_COLS);
        for (size_t r = 0; r < rows; r++)
            memcpy(c->a + r * B + c0, buf + r * NTT_COLS, NTT_COLS * sizeof *buf);
    }
    zkfl_memzero(buf, rows * NTT_COLS * sizeof *buf);
    free(buf);
}

/* Inverse fix-up when the stages applied 1/n already: a[i] <-> a[n-i]. */
static void reverse_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct ntt_ctx *c = vctx;
    size_t n = c->n;
    for (size_t i = begin; i < end; i++) {
        if (i != 0 && 2 * i != n) {
            zkfl_fr x = c->a[i];
            c->a[i] = c->a[n - i];
            c->a[n - i] = x;
        }
    }
}

/* Inverse fix-up: a[i] <-> a[n-i], everything times scale. */
static void reverse_scale_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct ntt_ctx *c = vctx;
    size_t n = c->n;
    for (size_t i = begin; i < end; i++) {
        if (i == 0 || 2 * i == n) {
            ff_fr_mul(&c->a[i], &c->a[i], &c->scale);
        } else {
            zkfl_fr x, y;
            ff_fr_mul(&x, &c->a[i], &c->scale);
            ff_fr_mul(&y, &c->a[n - i], &c->scale);
            c->a[i] = y;
            c->a[n - i] = x;
        }
    }
}

/* Inverse coset fix-up in one pass: a[i] <- y[n-i] * (1/n) shift^-i, with
 * y the forward transform, scale = 1/n and shift = shift^-1. For the pair
 * (i, n-i) the two factors are f_i = scale shift^-i and
 * f_(n-i) = scale shift^-n shift^i, both advanced by one multiplication. */
static void reverse_coset_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct ntt_ctx *c = vctx;
    const size_t n = c->n;
    zkfl_fr f, g, shift_inv_inv;
    uint64_t e[4] = { (uint64_t)begin, 0, 0, 0 };
    ff_pow_vartime(f.v, c->shift.v, e, &ff_fr_modulus);       /* public exponents */
    ff_fr_mul(&f, &f, &c->scale);
    e[0] = (uint64_t)(n - begin);
    ff_pow_vartime(g.v, c->shift.v, e, &ff_fr_modulus);
    ff_fr_mul(&g, &g, &c->scale);
    ff_inv_vartime(shift_inv_inv.v, c->shift.v, &ff_fr_modulus);   /* the original shift */
    for (size_t i = begin; i < end; i++) {
        if (i == 0 || 2 * i == n) {
            ff_fr_mul(&c->a[i], &c->a[i], &f);
        } else {
            zkfl_fr x, y;
            ff_fr_mul(&x, &c->a[n - i], &f);
            ff_fr_mul(&y, &c->a[i], &g);
            c->a[i] = x;
            c->a[n - i] = y;
        }
        ff_fr_mul(&f, &f, &c->shift);
        ff_fr_mul(&g, &g, &shift_inv_inv);
    }
}

/* a[i] *= scale * shift^i. */
static void coset_scale_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct ntt_ctx *c = vctx;
    zkfl_fr p;
    uint64_t e[4] = { (uint64_t)begin, 0, 0, 0 };
    ff_pow_vartime(p.v, c->shift.v, e, &ff_fr_modulus);   /* public exponent */
    ff_fr_mul(&p, &p, &c->scale);
    for (size_t i = begin; i < end; i++) {
        ff_fr_mul(&c->a[i], &c->a[i], &p);
        ff_fr_mul(&p, &p, &c->shift);
    }
}

/* Small transforms are not worth thread start-up. */
static int threads_for(size_t n, int threads)
{
    if (threads <= 0)
        threads = zkfl_default_threads();
    if (n < ((size_t)1 << 12))
        return 1;
    return threads;
}

/* Whether forward() takes the vector stages at this size. */
static int vec_applies(unsigned log_n)
{
    return zkfl_ntt_use_vec && ntt_vec_available() && log_n >= NTT_VEC_MIN_LOG && log_n <= NTT_VEC_MAX_LOG;
}

/* The forward transform of c->a; with scaled != NULL, the vector stages
 * may also multiply every output by c->scale, and *scaled says whether
 * they did. coset != NULL (only when vec_applies): the input's a_i times
 * coset^i first. */
static int forward(struct ntt_ctx *c, int threads, int *scaled, const zkfl_fr *coset)
{
    int rc;
    if (c->n == 1)
        return ZKFL_OK;
    rc = ntt_bit_reverse(c->a, c->log_n, threads);
    if (rc != ZKFL_OK)
        return rc;
    if (vec_applies(c->log_n)) {
        if (scaled != NULL)
            *scaled = 1;
        return ntt_vec_stages(c->a, c->log_n, scaled != NULL ? &c->scale : NULL, coset, threads);
    }
    /* in-cache blocks of 2^log_b, then at most 2^10 rows per column task */
    c->log_b = c->log_n < NTT_BLOCK_LOG ? c->log_n : NTT_BLOCK_LOG;
    if (c->log_n > c->log_b + 10)
        c->log_b = c->log_n - 10;
    c->err = ZKFL_OK;
    rc = zkfl_parallel_for(c->n >> c->log_b, threads, blocks_range, c);
    if (rc == ZKFL_OK)
        rc = c->err;
    if (rc != ZKFL_OK || c->log_b == c->log_n)
        return rc;
    for (unsigned s = c->log_b; s < c->log_n; s++) {
        c->late_tw[s] = NULL;
        c->late_cols[s] = NULL;
        if (s <= zkfl_ntt_table_limit && s <= NTT_TABLE_MAX_LOG) {
            c->late_tw[s] = ntt_twiddles(s);
            if (c->late_tw[s] == NULL)
                return ZKFL_ERR_NOMEM;
            if (c->log_b == NTT_BLOCK_LOG && zkfl_ntt_column_tables) {
                c->late_cols[s] = ntt_late_twiddles(s);
                if (c->late_cols[s] == NULL)
                    return ZKFL_ERR_NOMEM;
            }
        }
    }
    rc = zkfl_parallel_for(((size_t)1 << c->log_b) / NTT_COLS, threads, columns_range, c);
    return rc == ZKFL_OK ? c->err : rc;
}

static int transform(zkfl_fr *a, size_t n, const zkfl_fr *shift, int inverse, int threads)
{
    struct ntt_ctx c;
    memset(&c, 0, sizeof c);
    int rc = check_size(a, n, &c.log_n);
    if (rc != ZKFL_OK)
        return rc;
    c.a = a;
    c.n = n;
    threads = threads_for(n, threads);
    zkfl_fr_set_one(&c.scale);
    if (!inverse) {
        if (shift != NULL && vec_applies(c.log_n))
            return forward(&c, threads, NULL, shift);   /* the vector stages scale on load */
        if (shift != NULL) {
            c.shift = *shift;
            rc = zkfl_parallel_for(n, threads, coset_scale_range, &c);
            if (rc != ZKFL_OK)
                return rc;
        }
        return forward(&c, threads, NULL, NULL);
    }
    zkfl_fr nn;
    zkfl_fr_set_u64(&nn, (uint64_t)n);
    ff_inv_vartime(c.scale.v, nn.v, &ff_fr_modulus);   /* n is public */
    int scaled = 0;
    rc = forward(&c, threads, &scaled, NULL);
    if (rc != ZKFL_OK)
        return rc;
    if (scaled)
        zkfl_fr_set_one(&c.scale);
    if (shift == NULL)
        return zkfl_parallel_for(n / 2 + 1, threads, scaled ? reverse_range : reverse_scale_range, &c);
    /* coset: undo the order and multiply by (1/n) shift^-i in one pass */
    ff_inv_vartime(c.shift.v, shift->v, &ff_fr_modulus);
    return zkfl_parallel_for(n / 2 + 1, threads, reverse_coset_range, &c);
}

int zkfl_ntt(zkfl_fr *a, size_t n, int threads)
{
    return transform(a, n, NULL, 0, threads);
}

int zkfl_intt(zkfl_fr *a, size_t n, int threads)
{
    return transform(a, n, NULL, 1, threads);
}

int zkfl_ntt_coset(zkfl_fr *a, size_t n, const zkfl_fr *shift, int threads)
{
    if (shift == NULL || zkfl_fr_is_zero(shift))
        return ZKFL_ERR_INVALID_ARG;
    return transform(a, n, shift, 0, threads);
}

int zkfl_intt_coset(zkfl_fr *a, size_t n, const zkfl_fr *shift, int threads)
{
    if (shift == NULL || zkfl_fr_is_zero(shift))
        return ZKFL_ERR_INVALID_ARG;
    return transform(a, n, shift, 1, threads);
}
