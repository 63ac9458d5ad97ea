/* Loads OpenBLAS with dlopen the first time a model needs it (see blas.h for
 * why nothing links it) and forwards the ml layer's BLAS calls to it.
 *
 * Names tried, in order (Debian 12; the first that opens and has every
 * routine wins):
 *   1. libopenblas.so.0: the soname, found through the ld.so cache. On
 *      Debian it is the alternatives link libopenblas.so.0-<triplet>, pointing
 *      at the pthread, openmp or serial build (libopenblas0-pthread /
 *      -openmp / -serial, one of which the package libopenblas0 pulls in).
 *   2. The three builds' own files, /usr/lib/<triplet>/openblas-<variant>/
 *      libopenblas.so.0 (pthread first: the one Debian prefers), for a system
 *      whose alternatives link is missing; these directories are not in the
 *      ld.so cache, so they need full paths.
 *   3. libopenblas.so: the development link (libopenblas-dev), for systems
 *      that ship only that name. */
#define _POSIX_C_SOURCE 200809L
#include <cblas.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "ml/blas.h"
#include "ml/ml_internal.h"

typedef void (*sgemm_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE,
                         const enum CBLAS_TRANSPOSE, const blasint, const blasint, const blasint,
                         const float, const float *, const blasint, const float *, const blasint,
                         const float, float *, const blasint);
typedef void (*set_threads_fn)(int);

/* The pointer types must be those of <cblas.h>'s prototypes (checked without
 * referencing the symbols, which would need linking the library), and the
 * ml_trans values CBLAS's. */
_Static_assert(_Generic(&cblas_sgemm, sgemm_fn: 1, default: 0),
               "sgemm_fn differs from cblas_sgemm's prototype");
_Static_assert(_Generic(&openblas_set_num_threads, set_threads_fn: 1, default: 0),
               "set_threads_fn differs from openblas_set_num_threads' prototype");
_Static_assert((int)ML_NO_TRANS == (int)CblasNoTrans && (int)ML_TRANS == (int)CblasTrans,
               "ml_trans values differ from CBLAS_TRANSPOSE");
_Static_assert(sizeof(blasint) == sizeof(int), "ml needs the 32-bit-index (LP64) OpenBLAS");

#ifdef ZKFL_LIBRARY_ARCHITECTURE
#define ML_VARIANT(v) "/usr/lib/" ZKFL_LIBRARY_ARCHITECTURE "/openblas-" v "/libopenblas.so.0",
#else
#define ML_VARIANT(v)
#endif
const char *const ml_blas_library_names[] = {
    "libopenblas.so.0",
    ML_VARIANT("pthread") ML_VARIANT("openmp") ML_VARIANT("serial")
    "libopenblas.so",
    NULL,
};

struct blas_fns {
    sgemm_fn sgemm;
    set_threads_fn set_num_threads;
};

static const char package_hint[] = "install the Debian package libopenblas0";

static int open_library(struct blas_fns *out, void **handle, char *why, size_t why_len,
                        const char *const *names, size_t n)
{
    /* The first name's failure is the one to report: it is the soname every
     * working install has; the fallbacks' errors would only hide it. */
    char first[256] = "";
    for (size_t i = 0; i < n; i++) {
        void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (h == NULL) {
            const char *err = dlerror();
            if (first[0] == '\0')
                snprintf(first, sizeof first, "%s", err ? err : names[i]);
            continue;
        }
        /* POSIX guarantees a data pointer from dlsym converts to a function
         * pointer. */
        struct blas_fns f = {
            .sgemm = (sgemm_fn)dlsym(h, "cblas_sgemm"),
            .set_num_threads = (set_threads_fn)dlsym(h, "openblas_set_num_threads"),
        };
        if (f.sgemm == NULL || f.set_num_threads == NULL) {
            if (first[0] == '\0')
                snprintf(first, sizeof first, "%s has no %s", names[i],
                         f.sgemm == NULL ? "cblas_sgemm" : "openblas_set_num_threads");
            dlclose(h);
            continue;
        }
        *out = f;
        *handle = h;
        return ZKFL_OK;
    }
    snprintf(why, why_len, "ml: cannot load OpenBLAS (%s; %zu name%s tried); %s",
             first[0] ? first : "no library names", n, n == 1 ? "" : "s", package_hint);
    return ZKFL_ERR_UNSUPPORTED;
}

int ml_blas_try_open(void **handle, char *why, size_t why_len, const char *const *names, size_t n)
{
    struct blas_fns f;
    return open_library(&f, handle, why, why_len, names, n);
}

/* Written once under pthread_once, read-only afterwards (pthread_once makes
 * the writes visible to every thread that returns from it). */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static struct blas_fns blas;
static int load_rc;
static char load_error[400];

static void load_default(void)
{
    size_t n = 0;
    while (ml_blas_library_names[n] != NULL)
        n++;
    void *handle;
    load_rc = open_library(&blas, &handle, load_error, sizeof load_error,
                           ml_blas_library_names, n);
}

int ml_blas_load(void)
{
    if (pthread_once(&load_once, load_default) != 0)
        return ml_fail(ZKFL_ERR_INTERNAL, "ml: pthread_once failed loading OpenBLAS");
    if (load_rc != 0)
        return ml_fail(load_rc, "%s", load_error);
    return ZKFL_OK;
}

void ml_sgemm(enum ml_trans ta, enum ml_trans tb, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    blas.sgemm(CblasRowMajor, (enum CBLAS_TRANSPOSE)ta, (enum CBLAS_TRANSPOSE)tb, m, n, k, alpha,
               a, lda, b, ldb, beta, c, ldc);
}

void ml_blas_set_threads(int threads)
{
    if (ml_blas_load() == 0)
        blas.set_num_threads(threads);
}
