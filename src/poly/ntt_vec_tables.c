/* Process-wide twiddle tables of the vector NTT (ntt_vec_impl.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "poly/ntt_impl.h"

#if defined(__AVX512F__) && defined(__AVX512DQ__) && !defined(ZKFL_PORTABLE)
#include "poly/ntt_vec_impl.h"
#include "ff/fp_impl.h"

/* Process-wide tables in the vector representation (w 2^261 mod r, 9
 * limbs of 29 bits), built on first use and never freed, like those of
 * ntt_twiddles.c:
 *   row_tables[k][j][limb] = w_k^j, j < 2^k, w_k the 2^(k+1)-th root
 *     (broadcast twiddles of phase A, k < log C, and row factors of
 *     phase B, k = s - log C);
 *   col_tables[s][cb][limb][lane] = w_s^(8 cb + lane) for the 2^log C
 *     columns (per-column factors of phase B stage s, laid out to load as
 *     one vector per limb);
 *   stage_tables[s][cb][row][limb][lane] = w_s^(row C + 8 cb + lane),
 *     row < h = 2^(s - log C), every twiddle of phase B stage s in the
 *     order a column task reads them, as 32-bit limbs (36 bytes per
 *     twiddle: 36 MiB for s = 19), for s <= NTT_TABLE_MAX_LOG. Without it
 *     the late stages, where a row factor serves only one or two groups,
 *     would spend a product (and its latency) on nearly every twiddle. */
static _Atomic(uint64_t *) row_tables[NTT_VEC_ROW_TABLES];
static _Atomic(uint64_t *) col_tables[NTT_VEC_MAX_LOG];
static _Atomic(uint32_t *) stage_tables[NTT_TABLE_MAX_LOG + 1];
static pthread_mutex_t vec_tables_lock = PTHREAD_MUTEX_INITIALIZER;

/* w 2^261 mod r from the Montgomery form w 2^256: five doublings mod r. */
void ntt_vec_form(uint64_t out[V8_LIMBS], const zkfl_fr *w)
{
    zkfl_fr t = *w;
    for (int i = 0; i < 5; i++)
        ff_fr_add(&t, &t, &t);
    v8_split_scalar(out, t.v);
}

const uint64_t *ntt_vec_row_table(unsigned k)
{
    if (k >= NTT_VEC_ROW_TABLES)
        return NULL;
    uint64_t *t = atomic_load_explicit(&row_tables[k], memory_order_acquire);
    if (t != NULL)
        return t;
    const zkfl_fr *tw = ntt_twiddles(k);   /* takes its own lock */
    if (tw == NULL)
        return NULL;
    pthread_mutex_lock(&vec_tables_lock);
    t = atomic_load_explicit(&row_tables[k], memory_order_relaxed);
    if (t == NULL) {
        size_t m = (size_t)1 << k;
        t = malloc(m * V8_LIMBS * sizeof *t);
        if (t != NULL) {
            for (size_t j = 0; j < m; j++)
                ntt_vec_form(t + j * V8_LIMBS, &tw[j]);
            atomic_store_explicit(&row_tables[k], t, memory_order_release);
        }
    }
    pthread_mutex_unlock(&vec_tables_lock);
    return t;
}

const uint64_t *ntt_vec_col_table(unsigned s)
{
    if (s < NTT_VEC_COL_LOG || s >= NTT_VEC_MAX_LOG)
        return NULL;
    uint64_t *t = atomic_load_explicit(&col_tables[s], memory_order_acquire);
    if (t != NULL)
        return t;
    pthread_mutex_lock(&vec_tables_lock);
    t = atomic_load_explicit(&col_tables[s], memory_order_relaxed);
    if (t == NULL) {
        t = malloc(NTT_VEC_COLS * V8_LIMBS * sizeof *t);
        if (t != NULL) {
            zkfl_fr w, p;
            zkfl_fr_root_of_unity(&w, s + 1);
            zkfl_fr_set_one(&p);
            for (size_t c = 0; c < NTT_VEC_COLS; c++) {
                uint64_t limbs[V8_LIMBS];
                ntt_vec_form(limbs, &p);
                size_t cb = c / 8, lane = c % 8;
                for (unsigned i = 0; i < V8_LIMBS; i++)
                    t[(cb * V8_LIMBS + i) * 8 + lane] = limbs[i];
                ff_fr_mul(&p, &p, &w);
            }
            atomic_store_explicit(&col_tables[s], t, memory_order_release);
        }
    }
    pthread_mutex_unlock(&vec_tables_lock);
    return t;
}

const uint32_t *ntt_vec_stage_table(unsigned s)
{
    if (s < NTT_VEC_COL_LOG || s > NTT_TABLE_MAX_LOG)
        return NULL;
    uint32_t *t = atomic_load_explicit(&stage_tables[s], memory_order_acquire);
    if (t != NULL)
        return t;
    const zkfl_fr *tw = ntt_twiddles(s);   /* takes its own lock */
    if (tw == NULL)
        return NULL;
    pthread_mutex_lock(&vec_tables_lock);
    t = atomic_load_explicit(&stage_tables[s], memory_order_relaxed);
    if (t == NULL) {
        const size_t h = (size_t)1 << (s - NTT_VEC_COL_LOG);
        t = malloc(h * NTT_VEC_COLS * V8_LIMBS * sizeof *t);
        if (t != NULL) {
            for (size_t cb = 0; cb < NTT_VEC_COLS / 8; cb++)
                for (size_t r = 0; r < h; r++)
                    for (size_t lane = 0; lane < 8; lane++) {
                        uint64_t limbs[V8_LIMBS];
                        ntt_vec_form(limbs, &tw[r * NTT_VEC_COLS + cb * 8 + lane]);
                        for (unsigned i = 0; i < V8_LIMBS; i++)
                            t[((cb * h + r) * V8_LIMBS + i) * 8 + lane] = (uint32_t)limbs[i];
                    }
            atomic_store_explicit(&stage_tables[s], t, memory_order_release);
        }
    }
    pthread_mutex_unlock(&vec_tables_lock);
    return t;
}

#endif
