/* zkfl/common.h - error convention, memory wiping, OS randomness, threads.
 *
 * Every public zkfl function that can fail returns int: 0 on success, a
 * negative zkfl_err code otherwise. Outputs come first, then inputs; inputs
 * are const. */
#ifndef ZKFL_COMMON_H
#define ZKFL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum zkfl_err {
    ZKFL_OK = 0,
    ZKFL_ERR_INVALID_ARG = -1,     /* caller passed a bad argument */
    ZKFL_ERR_NOMEM = -2,           /* allocation failed */
    ZKFL_ERR_IO = -3,              /* file or socket I/O failed */
    ZKFL_ERR_FORMAT = -4,          /* malformed encoding or file */
    ZKFL_ERR_NOT_CANONICAL = -5,   /* field element >= modulus, bad flags */
    ZKFL_ERR_NOT_ON_CURVE = -6,    /* point does not satisfy the curve equation */
    ZKFL_ERR_NOT_IN_SUBGROUP = -7, /* point on the curve, outside the prime-order subgroup */
    ZKFL_ERR_RANDOM = -8,          /* the OS randomness source failed */
    ZKFL_ERR_VERIFY = -9,          /* a proof, commitment or share did not verify */
    ZKFL_ERR_UNSATISFIED = -10,    /* a witness does not satisfy the constraints */
    ZKFL_ERR_RANGE = -11,          /* a value is out of the allowed range */
    ZKFL_ERR_UNSUPPORTED = -12,    /* a valid input that this build cannot handle */
    ZKFL_ERR_NO_SQRT = -13,        /* the element is not a square */
    ZKFL_ERR_THREAD = -14,         /* a thread could not be started */
    ZKFL_ERR_INTERNAL = -15,       /* a bug: an invariant did not hold */
    ZKFL_ERR_OVERFLOW = -16,       /* a size or sum would overflow */
    ZKFL_ERR_BUDGET = -17          /* a privacy budget would be exceeded */
};

/* A short English description of an error code; never NULL. */
const char *zkfl_strerror(int err);

/* Wipes n bytes at p in a way the compiler cannot elide. Every secret
 * (scalars, toxic waste, witness values, noise seeds) goes through here. */
void zkfl_memzero(void *p, size_t n);

/* Fills buf with n bytes from the OS CSPRNG (getrandom). The only source
 * of randomness in zkfl. Returns 0 or ZKFL_ERR_RANDOM. */
int zkfl_randombytes(uint8_t *buf, size_t n);

/* A uniform integer in [0, bound) by rejection sampling (no modulo bias).
 * bound must be >= 1. Returns 0 or ZKFL_ERR_RANDOM / ZKFL_ERR_INVALID_ARG. */
int zkfl_random_below(uint64_t *out, uint64_t bound);

/* Thread count used when a function is passed threads <= 0. Defaults to the
 * number of online cores; ZKFL_THREADS in the environment overrides it. */
int zkfl_default_threads(void);
void zkfl_set_default_threads(int threads);

/* Runs fn(ctx, begin, end, worker) over [0, n) split into contiguous chunks,
 * one per worker, on up to `threads` threads (<= 0: the default). The caller's
 * thread does one chunk itself. Returns 0 or ZKFL_ERR_THREAD. */
typedef void (*zkfl_range_fn)(void *ctx, size_t begin, size_t end, int worker);
int zkfl_parallel_for(size_t n, int threads, zkfl_range_fn fn, void *ctx);

/* Monotonic clock in nanoseconds, for progress reports and benchmarks. */
uint64_t zkfl_now_ns(void);

#ifdef __cplusplus
}
#endif
#endif
