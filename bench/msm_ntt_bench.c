/* Timing of MSM (G1, G2) and NTT, outside the test suite.
 * Build: see bench/msm_ntt_bench.sh. Usage:
 *   msm_ntt_bench g1 LOGMIN LOGMAX THREADS [WINDOW]
 *   msm_ntt_bench g2 LOG THREADS
 *   msm_ntt_bench ntt LOGMIN LOGMAX THREADS
 *   msm_ntt_bench witness LOG THREADS   (G1, Groth16-like small scalars)
 * ZKFL_MSM_NOENDO=1 turns the GLV split off (old-vs-new in one binary);
 * ZKFL_MSM_STREAM_MIN=B streams windows with at least B buckets (1: every
 * window, a huge value: none), for tuning the default; ZKFL_BENCH_REPS=N
 * runs each G1 size N times (1 under callgrind).
 * Every line gives the best wall time and the best CPU time (all threads)
 * of a few runs: the machine is shared, and CPU time suffers less from
 * other processes than wall time does. */
#define _GNU_SOURCE
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/ec.h"
#include "zkfl/poly.h"
#include "ec/msm_impl.h"

static uint64_t state = 88172645463325252ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static void rnd_fr(zkfl_fr *s)
{
    uint8_t b[64];
    for (int i = 0; i < 64; i++) b[i] = (uint8_t)next();
    zkfl_fr_from_bytes_be_wide(s, b);
}

static zkfl_g1_affine *g1_points(size_t n)
{
    zkfl_g1 *j = malloc(n * sizeof *j);
    zkfl_g1_affine *a = malloc(n * sizeof *a);
    zkfl_g1 g, p;
    zkfl_g1_generator(&g);
    zkfl_fr k;
    rnd_fr(&k);
    zkfl_g1_mul_vartime(&p, &g, &k);
    for (size_t i = 0; i < n; i++) {
        j[i] = p;
        zkfl_g1_add(&p, &p, &g);
    }
    zkfl_g1_batch_to_affine(a, j, n);
    free(j);
    return a;
}

static double ms(uint64_t t0) { return (double)(zkfl_now_ns() - t0) / 1e6; }
static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The machine is shared: report each time also in units of one Fp
 * multiplication measured just before, which is stable under load. */
#include "ff/fp_impl.h"
static double mul_ns(void)
{
    zkfl_fp a = { { 1, 2, 3, 4 } }, b = { { 5, 6, 7, 8 } };
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        uint64_t t0 = zkfl_now_ns();
        for (int i = 0; i < 200000; i++)
            ff_fp_mul(&a, &a, &b);
        double t = (double)(zkfl_now_ns() - t0) / 200000.0;
        if (t < best) best = t;
    }
    if (a.v[0] == 42) printf(" ");
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "see the comment at the top\n"); return 2; }
    if (getenv("ZKFL_MSM_NOENDO") != NULL && atoi(getenv("ZKFL_MSM_NOENDO")) != 0)
        zkfl_msm_use_endo = 0;
#ifdef MSM_HAS_STREAM_HOOK   /* absent in revisions before the streaming path */
    if (getenv("ZKFL_MSM_STREAM_MIN") != NULL)
        zkfl_msm_stream_min_buckets = (size_t)strtoull(getenv("ZKFL_MSM_STREAM_MIN"), NULL, 10);
#endif
    if (strcmp(argv[1], "g1") == 0 || strcmp(argv[1], "witness") == 0) {
        int witness = strcmp(argv[1], "witness") == 0;
        int lo = atoi(argv[2]), hi = witness ? lo : atoi(argv[3]);
        int threads = atoi(argv[witness ? 3 : 4]);
        if (!witness && argc > 5) zkfl_msm_forced_window = (unsigned)atoi(argv[5]);
        size_t n = (size_t)1 << hi;
        zkfl_g1_affine *pts = g1_points(n);
        zkfl_fr *sc = malloc(n * sizeof *sc);
        for (size_t i = 0; i < n; i++) {
            if (witness) {
                uint64_t r = next() % 10;
                if (r < 3) zkfl_fr_set_zero(&sc[i]);
                else if (r < 6) zkfl_fr_set_one(&sc[i]);
                else if (r < 9) zkfl_fr_set_u64(&sc[i], next() & 0xff);
                else rnd_fr(&sc[i]);
            } else rnd_fr(&sc[i]);
        }
        for (int lg = lo; lg <= hi; lg++) {
            zkfl_g1 out;
            double best = 1e30, bestc = 1e30;
            int reps = getenv("ZKFL_BENCH_REPS") ? atoi(getenv("ZKFL_BENCH_REPS")) : (lg <= 16 ? 3 : 2);
            for (int rep = 0; rep < reps; rep++) {
                double c0 = cpu_ms();
                uint64_t t0 = zkfl_now_ns();
                zkfl_g1_msm_vartime(&out, pts, sc, (size_t)1 << lg, threads);
                double t = ms(t0), c = cpu_ms() - c0;
                if (t < best) best = t;
                if (c < bestc) bestc = c;
            }
            double mn = mul_ns();
            printf("%s 2^%d threads=%d window=%u endo=%d: %.1f ms wall, %.1f ms cpu (%.2f M mul-equivalents, mul %.1f ns)\n",
                   witness ? "g1-witness" : "g1", lg, threads, zkfl_msm_forced_window, zkfl_msm_use_endo, best, bestc, best * 1e6 / mn / 1e6, mn);
            fflush(stdout);
        }
        return 0;
    }
    if (strcmp(argv[1], "g2") == 0) {
        int lg = atoi(argv[2]), threads = atoi(argv[3]);
        size_t n = (size_t)1 << lg;
        zkfl_g2 *j = malloc(n * sizeof *j);
        zkfl_g2_affine *a = malloc(n * sizeof *a);
        zkfl_fr *sc = malloc(n * sizeof *sc);
        zkfl_g2 g, p;
        zkfl_g2_generator(&g);
        p = g;
        for (size_t i = 0; i < n; i++) { j[i] = p; zkfl_g2_add(&p, &p, &g); rnd_fr(&sc[i]); }
        zkfl_g2_batch_to_affine(a, j, n);
        zkfl_g2 out;
        double best = 1e30, bestc = 1e30;
        for (int rep = 0; rep < 2; rep++) {
            double c0 = cpu_ms();
            uint64_t t0 = zkfl_now_ns();
            zkfl_g2_msm_vartime(&out, a, sc, n, threads);
            double t = ms(t0), c = cpu_ms() - c0;
            if (t < best) best = t;
            if (c < bestc) bestc = c;
        }
        printf("g2 2^%d threads=%d endo=%d: %.1f ms wall, %.1f ms cpu\n", lg, threads, zkfl_msm_use_endo, best, bestc);
        return 0;
    }
    if (strcmp(argv[1], "ntt") == 0) {
        int lo = atoi(argv[2]), hi = atoi(argv[3]), threads = atoi(argv[4]);
        size_t n = (size_t)1 << hi;
        zkfl_fr *a = malloc(n * sizeof *a);
        for (size_t i = 0; i < n; i++) rnd_fr(&a[i]);
        for (int lg = lo; lg <= hi; lg++) {
            size_t m = (size_t)1 << lg;
            zkfl_ntt(a, m, threads);   /* warm the twiddle cache */
            double best = 1e30, besti = 1e30, bestc = 1e30, bestci = 1e30;
            for (int rep = 0; rep < 3; rep++) {
                double c0 = cpu_ms();
                uint64_t t0 = zkfl_now_ns();
                zkfl_ntt(a, m, threads);
                double t = ms(t0), c = cpu_ms() - c0;
                if (t < best) best = t;
                if (c < bestc) bestc = c;
                c0 = cpu_ms();
                t0 = zkfl_now_ns();
                zkfl_intt(a, m, threads);
                t = ms(t0);
                c = cpu_ms() - c0;
                if (t < besti) besti = t;
                if (c < bestci) bestci = c;
            }
            double mn = mul_ns();
            printf("ntt 2^%d threads=%d: forward %.1f ms wall %.1f ms cpu, inverse %.1f ms wall %.1f ms cpu (forward %.2f M mul-equivalents, mul %.1f ns)\n",
                   lg, threads, best, bestc, besti, bestci, best * 1e6 / mn / 1e6, mn);
            fflush(stdout);
        }
        return 0;
    }
    return 2;
}
