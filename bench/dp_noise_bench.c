/* Microbenchmark of the exact discrete Gaussian sampler (src/dp): N draws
 * (default 10^6) at the lattice variance `zkfl simulate` uses for DP-SGD
 * (sigma^2 = 703079196097/2, sigma ~ 592890: the default record-level run's
 * noise at the 2^-20 grid), drawn the way zkfl_dp_add_gaussian_noise draws
 * them (4096 values per call, one generator). Prints, per value: wall time,
 * CPU time split into user and system (getrusage; system time is the
 * kernel producing random bytes), and the random bytes and getrandom calls
 * consumed (counted by wrapping zkfl_randombytes at link time).
 *
 * The machine is shared and its speed drifts, so compare two builds in the
 * same run, alternating: build this file against each build's libraries
 * (B a release build directory; cmake --build B --target zkfl_dp):
 *
 *   gcc -O3 -march=native -std=c11 -Isrc -Iinclude bench/dp_noise_bench.c \
 *       B/libzkfl_dp.a B/libzkfl_util.a -lm -Wl,--wrap=zkfl_randombytes \
 *       -o /tmp/dp_noise_bench
 *   /tmp/dp_noise_bench [N [SIGMA2_NUM SIGMA2_DEN]]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include "zkfl/dp.h"

static uint64_t random_bytes, random_calls;

int __real_zkfl_randombytes(uint8_t *buf, size_t n);
int __wrap_zkfl_randombytes(uint8_t *buf, size_t n);
int __wrap_zkfl_randombytes(uint8_t *buf, size_t n)
{
    random_bytes += n;
    random_calls++;
    return __real_zkfl_randombytes(buf, n);
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    struct zkfl_dp_rational s2 = {UINT64_C(703079196097), 2};
    if (argc > 3) {
        s2.num = strtoull(argv[2], NULL, 10);
        s2.den = strtoull(argv[3], NULL, 10);
    }
    enum { CHUNK = 4096 };
    int64_t *out = malloc(CHUNK * sizeof *out);
    zkfl_dp_rng *rng;
    if (out == NULL || zkfl_dp_rng_new(&rng) != 0)
        return 3;
    struct rusage r0, r1;
    struct timespec w0, w1;
    getrusage(RUSAGE_SELF, &r0);
    clock_gettime(CLOCK_MONOTONIC, &w0);
    double sum2 = 0;
    for (size_t done = 0; done < n; done += CHUNK) {
        size_t m = n - done < CHUNK ? n - done : CHUNK;
        int rc = zkfl_dp_sample_discrete_gaussian_vec_vartime(out, m, rng, s2);
        if (rc != 0) {
            fprintf(stderr, "sampler failed: %d\n", rc);
            return 3;
        }
        for (size_t i = 0; i < m; i++)
            sum2 += (double)out[i] * (double)out[i];
    }
    clock_gettime(CLOCK_MONOTONIC, &w1);
    getrusage(RUSAGE_SELF, &r1);
    zkfl_dp_rng_free(rng);
    zkfl_memzero(out, CHUNK * sizeof *out);
    free(out);
    double wall = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) * 1e-9;
    double user = seconds(r1.ru_utime) - seconds(r0.ru_utime);
    double sys = seconds(r1.ru_stime) - seconds(r0.ru_stime);
    printf("n %zu sigma2 %llu/%llu  per value: wall %.1f ns  user %.1f ns  sys %.1f ns  "
           "bytes %.2f  getrandom calls %llu  (sample variance / sigma2 %.4f)\n",
           n, (unsigned long long)s2.num, (unsigned long long)s2.den, wall / n * 1e9,
           user / n * 1e9, sys / n * 1e9, (double)random_bytes / n,
           (unsigned long long)random_calls, sum2 / n / ((double)s2.num / s2.den));
    return 0;
}
