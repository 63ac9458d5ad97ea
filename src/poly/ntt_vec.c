/* The NTT's butterfly stages on 8 lanes of AVX-512F (ntt_vec_kernels.h),
 * for 2^NTT_VEC_MIN_LOG <= n <= 2^NTT_VEC_MAX_LOG. Called by ntt.c after
 * the bit reversal, in place of its scalar stages; the scalar code is the
 * fallback everywhere else (other sizes, builds without AVX-512, the
 * portable sanitizer build).
 *
 * With n = rows x C, C = 2^NTT_VEC_COL_LOG columns, element i = row C + col:
 * decimation-in-time stage s < log C pairs elements inside one row (twiddle
 * index i mod 2^s, the same for every row), stage s >= log C pairs rows of
 * one column (twiddle index (row mod h) C + col, h = 2^(s - log C)).
 *   Phase A: 8 consecutive rows at a time, one row per lane, go through
 *   stages 0 .. log C - 1 (2^13 elements, 576 KiB as limbs, in L2); every
 *   lane needs the same twiddle, a broadcast. A coset's factors shift^i
 *   are applied here (on load, and per lane after the stages).
 *   Phase B: 8 adjacent columns at a time, one column per lane, go through
 *   the stages up to log_inner (at most 20: each block of 2^20 elements
 *   is a transform of its own up to there); the lanes' twiddles come from
 *   a table in the order the task reads them (ntt_vec_tables.c), or past
 *   the tables' sizes are the vector product of a broadcast row factor
 *   w^(row C) and a per-column vector w^col, formed once per row pair.
 *   Phase C (n > 2^20 only): the last 1 .. 4 stages across the blocks.
 * Each phase converts to limbs on the way in and back to 4 x 64-bit limbs
 * on the way out (in-register transposes), reducing below 3r first (or
 * multiplying by a factor, which does the same); the last phase applies
 * the inverse transform's 1/n when asked and maps to canonical residues. */
#include <stdlib.h>
#include <string.h>
#include "poly/ntt_impl.h"

int zkfl_ntt_use_vec = 1;
unsigned zkfl_ntt_vec_inner_log = 20;

#if defined(__AVX512F__) && defined(__AVX512DQ__) && !defined(ZKFL_PORTABLE)
#include "poly/ntt_vec_impl.h"
#include "poly/ntt_butterfly.h"
#include "ff/ff_generic.h"

/* Phases A and B run on blocks of at most 2^zkfl_ntt_vec_inner_log (20)
 * elements: phase B's column blocks (1024 rows x 8 columns, 576 KiB as
 * limbs) then fit in L2; 2^21 measured 1.5x slower per butterfly with its
 * 1.15 MiB blocks. Phase C takes at most 2^NTT_VEC_C_LOG rows. */
#define NTT_VEC_C_LOG (NTT_VEC_MAX_LOG - 20u)

int ntt_vec_available(void) { return 1; }

static void load_bcast(v8fr *v, const uint64_t limbs[V8_LIMBS])
{
    for (int i = 0; i < V8_LIMBS; i++)
        v->l[i] = v8_bcast(limbs[i]);
}

static void load_lanes(v8fr *v, const uint64_t *limbs)
{
    for (int i = 0; i < V8_LIMBS; i++)
        v->l[i] = _mm512_loadu_si512((const void *)(limbs + 8 * i));
}

static void load_lanes32(v8fr *v, const uint32_t *limbs)
{
    for (int i = 0; i < V8_LIMBS; i++)
        v->l[i] = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)(limbs + 8 * i)));
}

/* Below 3r before the conversion back to 64-bit words; with a factor (the
 * inverse transform's 1/n, w 2^261 form), x scale / 2^261 below 2r for
 * x < 2^261 instead, saving the scalar pass its multiplication. */
static void final_reduce(v8fr *x, const v8fr *scale)
{
    if (scale != NULL)
        v8_mul(x, x, scale);
    else
        v8_reduce(x);
}

struct vec_ctx {
    uint64_t *a;            /* the data as 64-bit words, 4 per element */
    unsigned log_n;
    unsigned log_inner;     /* phases A and B work inside blocks of this size */
    int scaled;             /* the last phase multiplies by scale_limbs */
    uint64_t scale_limbs[V8_LIMBS];
    /* coset input: position j (original index rev(j)) times shift^rev(j),
     * split as shift^(rev(g) 2^(n-10)) for row offset g (coset_g, applied
     * on load) times shift^(rev(k) 2^(n-13) + rev(q)) for lane k of chunk
     * q (constant along a lane, so applied after phase A's stages: they
     * only combine elements of one lane) */
    const zkfl_fr *coset;
    uint64_t *coset_g;      /* 2^log C entries of V8_LIMBS limbs */
    zkfl_fr coset_lane[8];  /* shift^(rev(k) 2^(n-13)) */
    const uint64_t *rows[NTT_VEC_ROW_TABLES];
    const uint64_t *cols[NTT_VEC_MAX_LOG];
    const uint32_t *stages[NTT_VEC_MAX_LOG];   /* NULL: row x column products */
    int err;
};

static v8fr *alloc_buf(size_t count)
{
    return aligned_alloc(64, count * sizeof(v8fr));
}

static void free_buf(v8fr *buf, size_t count)
{
    zkfl_memzero(buf, count * sizeof *buf);   /* witness data */
    free(buf);
}

/* Bit reversal of the low bits of x. */
static size_t rev_bits(size_t x, unsigned bits)
{
    size_t r = 0;
    for (unsigned i = 0; i < bits; i++)
        r |= ((x >> i) & 1) << (bits - 1 - i);
    return r;
}

/* f *= x^e (public e). */
static void mul_pow(zkfl_fr *f, const zkfl_fr *x, uint64_t e)
{
    zkfl_fr t;
    uint64_t ee[4] = { e, 0, 0, 0 };
    ff_pow_vartime(t.v, x->v, ee, &ff_fr_modulus);
    ff_fr_mul(f, f, &t);
}

/* Lane k of chunk q: shift^(rev(k) 2^(n-13) + rev(q)). */
static void coset_lanes(v8fr *v, const struct vec_ctx *c, size_t q)
{
    uint64_t lanes[V8_LIMBS][8];
    zkfl_fr base;
    zkfl_fr_set_one(&base);
    mul_pow(&base, c->coset, rev_bits(q, c->log_n - NTT_VEC_COL_LOG - 3));
    for (int k = 0; k < 8; k++) {
        zkfl_fr f;
        uint64_t limbs[V8_LIMBS];
        ff_fr_mul(&f, &base, &c->coset_lane[k]);
        ntt_vec_form(limbs, &f);
        for (int i = 0; i < V8_LIMBS; i++)
            lanes[i][k] = limbs[i];
    }
    for (int i = 0; i < V8_LIMBS; i++)
        v->l[i] = _mm512_loadu_si512((const void *)lanes[i]);
}

/* Phase A on chunks [begin, end) of 8 rows (8 C elements) each. */
static void phase_a_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct vec_ctx *c = vctx;
    const size_t C = NTT_VEC_COLS;
    v8fr *buf = alloc_buf(C);
    if (buf == NULL) {
        c->err = ZKFL_ERR_NOMEM;
        return;
    }
    /* lane k holds row k of the chunk, 4 C words further on */
    const ptrdiff_t stride = (ptrdiff_t)(4 * C);
    for (size_t q = begin; q < end; q++) {
        uint64_t *base = c->a + q * 8 * C * 4;
        for (size_t g = 0; g < C; g++)
            v8_load_strided(&buf[g], base + 4 * g, stride);
        v8fr lane_factor;
        memset(&lane_factor, 0, sizeof lane_factor);
        if (c->coset != NULL) {
            for (size_t g = 0; g < C; g++) {
                v8fr f;
                load_bcast(&f, c->coset_g + g * V8_LIMBS);
                v8_mul(&buf[g], &buf[g], &f);      /* below 2r */
            }
            coset_lanes(&lane_factor, c, q);
        }
        for (size_t g = 0; g < C; g += 2)
            v8_bfly_one(&buf[g], &buf[g + 1]);
        for (unsigned s = 1; s < NTT_VEC_COL_LOG; s++) {
            const size_t m = (size_t)1 << s;
            const uint64_t *tw = c->rows[s];
            /* j = 0, twiddle 1: a reduction below 3r instead of a product
             * (bfly_one needs its y below 4r) */
            for (size_t g = 0; g < C; g += 2 * m) {
                v8_reduce(&buf[g + m]);
                v8_bfly_one(&buf[g], &buf[g + m]);
            }
            size_t j = 1;
            for (; j + 1 < m; j += 2) {
                v8fr w0, w1;
                load_bcast(&w0, tw + j * V8_LIMBS);
                load_bcast(&w1, tw + (j + 1) * V8_LIMBS);
                for (size_t g = j; g < C; g += 2 * m)
                    v8_bfly2(&buf[g], &buf[g + m], &w0, &buf[g + 1], &buf[g + 1 + m], &w1);
            }
            v8fr w;   /* j = m - 1 */
            load_bcast(&w, tw + j * V8_LIMBS);
            for (size_t g = j; g < C; g += 2 * m)
                v8_bfly(&buf[g], &buf[g + m], &w);
        }
        for (size_t g = 0; g < C; g++) {
            if (c->coset != NULL)
                v8_mul(&buf[g], &buf[g], &lane_factor);   /* below 2r */
            else
                v8_reduce(&buf[g]);
            v8_store_strided(base + 4 * g, stride, &buf[g]);
        }
    }
    free_buf(buf, C);
}

#define NTT_VEC_PREFETCH_ROWS 8

/* The 256 bytes of 8 elements (4 cache lines). */
static void prefetch_row(const uint64_t *p)
{
    for (int i = 0; i < 4; i++)
        _mm_prefetch((const char *)(p + 8 * i), _MM_HINT_T0);
}

/* Phase B on column blocks [begin, end) of 8 adjacent columns each. */
static void phase_b_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct vec_ctx *c = vctx;
    const size_t C = NTT_VEC_COLS;
    const unsigned L = c->log_inner - NTT_VEC_COL_LOG;
    const size_t R = (size_t)1 << L;
    const int last = c->log_inner == c->log_n;
    v8fr *buf = alloc_buf(R);
    if (buf == NULL) {
        c->err = ZKFL_ERR_NOMEM;
        return;
    }
    /* lane k holds column k of the block: 8 adjacent elements; task t is
     * column block cb of inner block t / (C / 8) */
    for (size_t task = begin; task < end; task++) {
        const size_t cb = task % (C / 8);
        uint64_t *base = c->a + (task / (C / 8)) * (R * C * 4) + cb * 8 * 4;
        /* rows are 32 KiB apart, a stride the hardware prefetchers do not
         * follow: fetch the 4 cache lines of a row a few rows ahead */
        for (size_t r = 0; r < R; r++) {
            if (r + NTT_VEC_PREFETCH_ROWS < R)
                prefetch_row(base + (r + NTT_VEC_PREFETCH_ROWS) * C * 4);
            v8_load_contig(&buf[r], base + r * C * 4);
        }
        for (unsigned s = NTT_VEC_COL_LOG; s < c->log_inner; s++) {
            const size_t h = (size_t)1 << (s - NTT_VEC_COL_LOG);
            if (c->stages[s] != NULL) {
                const uint32_t *tb = c->stages[s] + cb * h * V8_LIMBS * 8;
                v8fr w0, w1;
                if (h == 1) {
                    load_lanes32(&w0, tb);
                    for (size_t g = 0; g < R; g += 4)
                        v8_bfly2(&buf[g], &buf[g + 1], &w0, &buf[g + 2], &buf[g + 3], &w0);
                    continue;
                }
                for (size_t r = 0; r < h; r += 2) {
                    load_lanes32(&w0, tb + r * V8_LIMBS * 8);
                    load_lanes32(&w1, tb + (r + 1) * V8_LIMBS * 8);
                    for (size_t g = r; g < R; g += 2 * h)
                        v8_bfly2(&buf[g], &buf[g + h], &w0, &buf[g + 1], &buf[g + 1 + h], &w1);
                }
                continue;
            }
            v8fr wc;
            load_lanes(&wc, c->cols[s] + cb * V8_LIMBS * 8);
            if (h == 1) {
                for (size_t g = 0; g < R; g += 4)
                    v8_bfly2(&buf[g], &buf[g + 1], &wc, &buf[g + 2], &buf[g + 3], &wc);
                continue;
            }
            const uint64_t *tr = c->rows[s - NTT_VEC_COL_LOG];
            for (size_t r = 0; r < h; r += 2) {
                v8fr w0, w1;
                load_bcast(&w0, tr + r * V8_LIMBS);
                load_bcast(&w1, tr + (r + 1) * V8_LIMBS);
                v8_mul(&w0, &w0, &wc);
                v8_mul(&w1, &w1, &wc);
                for (size_t g = r; g < R; g += 2 * h)
                    v8_bfly2(&buf[g], &buf[g + h], &w0, &buf[g + 1], &buf[g + 1 + h], &w1);
            }
        }
        v8fr scale;
        load_bcast(&scale, c->scale_limbs);
        for (size_t r = 0; r < R; r++) {
            if (r + NTT_VEC_PREFETCH_ROWS < R)
                prefetch_row(base + (r + NTT_VEC_PREFETCH_ROWS) * C * 4);
            final_reduce(&buf[r], last && c->scaled ? &scale : NULL);
            uint64_t *row = base + r * C * 4;
            v8_store_contig(row, &buf[r]);
            if (last)
                for (unsigned k = 0; k < 8; k++)
                    ntt_normalize(row + 4 * k);
        }
    }
    free_buf(buf, R);
}

/* Phase C, past 2^log_inner (so that phase B's column blocks stay
 * in L2): the stages s >= log_inner, with the array viewed as R rows of
 * C2 = 2^log_inner columns; a task takes 8 adjacent columns (R <= 16 rows).
 * Twiddle of row r, column col: w_s^((r mod h) C2 + col), h = 2^(s -
 * log_inner), as w_(s - log_inner)^(r mod h) times w_s^col, and w_s^col =
 * w_(s-10)^(col / C) w_s^(col mod C) from the tables of phase B (or the
 * stage table where it exists: stage log_inner with h = 1). */
static void phase_c_range(void *vctx, size_t begin, size_t end, int worker)
{
    struct vec_ctx *c = vctx;
    const size_t C = NTT_VEC_COLS, C2 = (size_t)1 << c->log_inner;
    const size_t R = (size_t)1 << (c->log_n - c->log_inner);
    v8fr buf[(size_t)1 << NTT_VEC_C_LOG];
    for (size_t task = begin; task < end; task++) {
        uint64_t *base = c->a + task * 8 * 4;
        const size_t cb = task % (C / 8), q = task / (C / 8);   /* col = q C + 8 cb + lane */
        for (size_t r = 0; r < R; r++)
            v8_load_contig(&buf[r], base + r * C2 * 4);
        for (unsigned s = c->log_inner; s < c->log_n; s++) {
            const size_t h = (size_t)1 << (s - c->log_inner);
            v8fr wc, w;
            if (h == 1 && c->stages[s] != NULL) {
                /* the stage table's entry (cb, row q) is w_s^(q C + 8 cb + lane) */
                load_lanes32(&wc, c->stages[s] + (cb * ((size_t)1 << (s - NTT_VEC_COL_LOG)) + q) * V8_LIMBS * 8);
            } else {
                load_bcast(&w, c->rows[s - NTT_VEC_COL_LOG] + q * V8_LIMBS);
                load_lanes(&wc, c->cols[s] + cb * V8_LIMBS * 8);
                v8_mul(&wc, &w, &wc);
            }
            for (size_t r = 0; r < h; r++) {
                if (r == 0) {
                    w = wc;
                } else {
                    load_bcast(&w, c->rows[s - c->log_inner] + r * V8_LIMBS);
                    v8_mul(&w, &w, &wc);
                }
                for (size_t g = r; g < R; g += 2 * h)
                    v8_bfly(&buf[g], &buf[g + h], &w);
            }
        }
        v8fr scale;
        load_bcast(&scale, c->scale_limbs);
        for (size_t r = 0; r < R; r++) {
            uint64_t *row = base + r * C2 * 4;
            final_reduce(&buf[r], c->scaled ? &scale : NULL);
            v8_store_contig(row, &buf[r]);
            for (unsigned k = 0; k < 8; k++)
                ntt_normalize(row + 4 * k);
        }
    }
    zkfl_memzero(buf, sizeof buf);
}

/* The coset factors' tables (struct vec_ctx); the shift is public. */
static int coset_tables(struct vec_ctx *c, const zkfl_fr *shift)
{
    const size_t C = NTT_VEC_COLS;
    zkfl_fr step, p, *pw = malloc(C * sizeof *pw);
    c->coset_g = malloc(C * V8_LIMBS * sizeof *c->coset_g);
    if (pw == NULL || c->coset_g == NULL) {
        free(pw);
        free(c->coset_g);
        c->coset_g = NULL;
        return ZKFL_ERR_NOMEM;
    }
    step = *shift;   /* shift^(2^(n-10)) */
    for (unsigned i = 0; i < c->log_n - NTT_VEC_COL_LOG; i++)
        ff_fr_sqr(&step, &step);
    zkfl_fr_set_one(&p);
    for (size_t i = 0; i < C; i++) {
        pw[i] = p;
        ff_fr_mul(&p, &p, &step);
    }
    for (size_t g = 0; g < C; g++)
        ntt_vec_form(c->coset_g + g * V8_LIMBS, &pw[rev_bits(g, NTT_VEC_COL_LOG)]);
    free(pw);
    step = *shift;   /* shift^(2^(n-13)) */
    for (unsigned i = 0; i + NTT_VEC_COL_LOG + 3 < c->log_n; i++)
        ff_fr_sqr(&step, &step);
    for (size_t k = 0; k < 8; k++) {
        zkfl_fr_set_one(&c->coset_lane[k]);
        mul_pow(&c->coset_lane[k], &step, rev_bits(k, 3));
    }
    c->coset = shift;
    return ZKFL_OK;
}

int ntt_vec_stages(zkfl_fr *a, unsigned log_n, const zkfl_fr *scale, const zkfl_fr *coset, int threads)
{
    if (log_n < NTT_VEC_MIN_LOG || log_n > NTT_VEC_MAX_LOG)
        return ZKFL_ERR_RANGE;
    struct vec_ctx c;
    memset(&c, 0, sizeof c);
    c.a = a[0].v;
    c.log_n = log_n;
    if (scale != NULL) {
        c.scaled = 1;
        ntt_vec_form(c.scale_limbs, scale);
    }
    c.log_inner = log_n < zkfl_ntt_vec_inner_log ? log_n : zkfl_ntt_vec_inner_log;
    if (c.log_inner < NTT_VEC_MIN_LOG)
        c.log_inner = NTT_VEC_MIN_LOG;
    if (log_n - c.log_inner > NTT_VEC_C_LOG)
        c.log_inner = log_n - NTT_VEC_C_LOG;
    for (unsigned k = 1; k < NTT_VEC_COL_LOG || k + NTT_VEC_COL_LOG < log_n; k++)
        if ((c.rows[k] = ntt_vec_row_table(k)) == NULL)
            return ZKFL_ERR_NOMEM;
    for (unsigned s = NTT_VEC_COL_LOG; s < log_n; s++) {
        if (s <= NTT_TABLE_MAX_LOG && s <= zkfl_ntt_table_limit) {
            if ((c.stages[s] = ntt_vec_stage_table(s)) == NULL)
                return ZKFL_ERR_NOMEM;
        }
        if ((c.stages[s] == NULL || s >= c.log_inner) && (c.cols[s] = ntt_vec_col_table(s)) == NULL)
            return ZKFL_ERR_NOMEM;
    }
    if (coset != NULL && coset_tables(&c, coset) != ZKFL_OK)
        return ZKFL_ERR_NOMEM;
    c.err = ZKFL_OK;
    int rc = zkfl_parallel_for((size_t)1 << (log_n - NTT_VEC_COL_LOG - 3), threads, phase_a_range, &c);
    free(c.coset_g);
    if (rc == ZKFL_OK)
        rc = c.err;
    if (rc == ZKFL_OK)
        rc = zkfl_parallel_for((NTT_VEC_COLS / 8) << (log_n - c.log_inner), threads, phase_b_range, &c);
    if (rc == ZKFL_OK)
        rc = c.err;
    if (rc == ZKFL_OK && c.log_inner < log_n)
        rc = zkfl_parallel_for(((size_t)1 << c.log_inner) / 8, threads, phase_c_range, &c);
    return rc == ZKFL_OK ? c.err : rc;
}

#else

int ntt_vec_available(void) { return 0; }

int ntt_vec_stages(zkfl_fr *a, unsigned log_n, const zkfl_fr *scale, const zkfl_fr *coset, int threads)
{
    (void)a;
    (void)log_n;
    (void)scale;
    (void)coset;
    (void)threads;
    return ZKFL_ERR_UNSUPPORTED;
}

#endif
