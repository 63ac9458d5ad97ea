/* Process-wide twiddle tables, built on first use. Readers take a published
 * table with an acquire load and no lock; builders serialise on a mutex and
 * publish with a release store. Tables are never freed: they are bounded
 * (64 MiB in total) and remain reachable, so leak checkers stay quiet. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "poly/ntt_impl.h"
#include "ff/fp_impl.h"

static _Atomic(zkfl_fr *) tables[NTT_TABLE_MAX_LOG + 1];
static _Atomic(zkfl_fr *) late_tables[NTT_TABLE_MAX_LOG + 1];
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

const zkfl_fr *ntt_twiddles(unsigned s)
{
    if (s > NTT_TABLE_MAX_LOG)
        return NULL;
    zkfl_fr *t = atomic_load_explicit(&tables[s], memory_order_acquire);
    if (t != NULL)
        return t;
    pthread_mutex_lock(&tables_lock);
    t = atomic_load_explicit(&tables[s], memory_order_relaxed);
    if (t == NULL) {
        size_t m = (size_t)1 << s;
        t = malloc(m * sizeof *t);
        if (t != NULL) {
            zkfl_fr w;
            zkfl_fr_root_of_unity(&w, s + 1);
            zkfl_fr_set_one(&t[0]);
            for (size_t j = 1; j < m; j++)
                ff_fr_mul(&t[j], &t[j - 1], &w);
            atomic_store_explicit(&tables[s], t, memory_order_release);
        }
    }
    pthread_mutex_unlock(&tables_lock);
    return t;
}

const zkfl_fr *ntt_late_twiddles(unsigned s)
{
    if (s < NTT_BLOCK_LOG || s > NTT_TABLE_MAX_LOG)
        return NULL;
    zkfl_fr *t = atomic_load_explicit(&late_tables[s], memory_order_acquire);
    if (t != NULL)
        return t;
    const zkfl_fr *tw = ntt_twiddles(s);   /* takes the lock itself */
    if (tw == NULL)
        return NULL;
    pthread_mutex_lock(&tables_lock);
    t = atomic_load_explicit(&late_tables[s], memory_order_relaxed);
    if (t == NULL) {
        const size_t B = (size_t)1 << NTT_BLOCK_LOG, h = (size_t)1 << (s - NTT_BLOCK_LOG);
        t = malloc(B * h * sizeof *t);
        if (t != NULL) {
            for (size_t cb = 0; cb < B / NTT_COLS; cb++)
                for (size_t r = 0; r < h; r++)
                    for (size_t k = 0; k < NTT_COLS; k++)
                        t[(cb * h + r) * NTT_COLS + k] = tw[r * B + cb * NTT_COLS + k];
            atomic_store_explicit(&late_tables[s], t, memory_order_release);
        }
    }
    pthread_mutex_unlock(&tables_lock);
    return t;
}
