/* The BLAS routines the ml layer uses, from OpenBLAS loaded at run time
 * (blas_loader.c). Nothing links libopenblas: its library constructor starts
 * a thread pool whose extra thread spins for ~0.1 s of CPU, which every zkfl
 * process (a 2 ms proof verification, `zkfl --help`) would otherwise pay.
 * The library is loaded the first time a model needs a matrix product.
 * Internal to the ml layer; this header needs no <cblas.h>. */
#ifndef ZKFL_ML_BLAS_H
#define ZKFL_ML_BLAS_H

#include <stddef.h>

/* Whether a GEMM operand is transposed; the values are CBLAS's
 * (CblasNoTrans, CblasTrans), checked against <cblas.h> in the loader. */
enum ml_trans { ML_NO_TRANS = 111, ML_TRANS = 112 };

/* Loads OpenBLAS once per process (later calls return the first outcome).
 * Returns 0, or ZKFL_ERR_UNSUPPORTED with a zkfl_ml_last_error() message
 * naming the library and its Debian package when it cannot be loaded. */
int ml_blas_load(void);

/* Row-major C = alpha * op(A) * op(B) + beta * C (cblas_sgemm). Only after
 * ml_blas_load() returned 0: ml_workspace_new() loads it, so every pass that
 * has a workspace may call this. */
void ml_sgemm(enum ml_trans ta, enum ml_trans tb, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/* Sets OpenBLAS' process-wide thread count, loading it first if needed;
 * does nothing when it cannot be loaded (ml_blas_load() reports that). */
void ml_blas_set_threads(int threads);

/* The library names tried by ml_blas_load(), in order, NULL-terminated. */
extern const char *const ml_blas_library_names[];

/* One load attempt over names[0..n) that leaves the process-wide state
 * alone: the first library that opens and has every routine wins, and its
 * dlopen handle goes to *handle (never closed: OpenBLAS is loaded for the
 * life of the process). Returns 0, or ZKFL_ERR_UNSUPPORTED with the reason
 * in why (why_len bytes). Exposed for the loader's tests. */
int ml_blas_try_open(void **handle, char *why, size_t why_len, const char *const *names, size_t n);

#endif
