/* Microbenchmark of the scalar Fp Montgomery multiplication: the production
 * kernel (ff_mont_mul_asm, src/ff/fp_asm.h) against the candidates of
 * bench/fp_mul_variants.py, all in one process, alternating, best of many
 * runs (the machine is shared and its speed drifts: only a same-run
 * comparison means anything). Build and run from the repository root,
 * with B a release build directory holding libzkfl_ff.a and libzkfl_util.a
 * (cmake --build B --target zkfl_ff):
 *
 *   python3 bench/fp_mul_variants.py > /tmp/fp_mul_variants.h
 *   gcc -O3 -march=native -falign-functions=64 -std=c11 -Isrc -Iinclude -I/tmp \
 *       bench/fp_mul_bench.c B/libzkfl_ff.a B/libzkfl_util.a \
 *       -o /tmp/fp_mul_bench && /tmp/fp_mul_bench [RUNS]
 *
 * Columns, per multiplication (cycles = wall ns * the core clock, which a
 * chain of dependent adds measures at the start):
 *   lat      out-of-line calls x = x * y (what zkfl_fp_mul and `zkfl bench
 *            curve` fp_mul see: the result goes through memory)
 *   tput     out-of-line calls out[i & 7] = x * y (fp_mul_throughput)
 *   cpu      the same two as CPU time of the thread, in ns
 *   in-lat / in-tput   the kernel inlined into the loop
 * -falign-functions=64 keeps the functions' placement from adding its own
 * +-2 cycles to the comparison. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ff/fp_impl.h"
#include "fp_mul_variants.h"

#ifndef FF_USE_ASM
#error "build with -march=native (or -mbmi2 -madx): this compares x86-64 assembly kernels"
#endif

enum { ITERS = 4096 };

#define NOINLINE __attribute__((noinline))
typedef void (*call_fn)(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
typedef void (*loop_fn)(uint64_t out[8][4], uint64_t x[4], const uint64_t y[4]);

/* For each kernel: the out-of-line call and the two inlined loops. */
#define KERNEL_FUNCS(name, kernel)                                                         \
    static NOINLINE void call_##name(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) \
    { kernel(r, a, b, ff_fp_modulus.m, ff_fp_modulus.n0); }                                 \
    static NOINLINE void chain_##name(uint64_t out[8][4], uint64_t x[4], const uint64_t y[4]) \
    { (void)out; for (int i = 0; i < ITERS; i++) kernel(x, x, y, ff_fp_modulus.m, ff_fp_modulus.n0); } \
    static NOINLINE void indep_##name(uint64_t out[8][4], uint64_t x[4], const uint64_t y[4]) \
    { for (int i = 0; i < ITERS; i++) kernel(out[i & 7], x, y, ff_fp_modulus.m, ff_fp_modulus.n0); }

KERNEL_FUNCS(production, ff_mont_mul_asm)
#define VARIANT_FUNCS(name, lazy, what) KERNEL_FUNCS(name, fpv_##name)
FPV_LIST(VARIANT_FUNCS)

static const struct kernel {
    const char *name, *what;
    int lazy;
    call_fn call;
    loop_fn chain, indep;
} kernels[] = {
    { "production", "src/ff/fp_asm.h", 0, call_production, chain_production, indep_production },
#define VARIANT_ENTRY(name, lazy, what) { #name, what, lazy, call_##name, chain_##name, indep_##name },
    FPV_LIST(VARIANT_ENTRY)
};
enum { NK = sizeof kernels / sizeof kernels[0] };

static double wall_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* ns per add of a long chain of dependent adds (1 cycle each) */
static double ns_per_cycle(void)
{
    double best = 1e30;
    uint64_t x = 1;
    for (int r = 0; r < 100; r++) {
        double t = wall_ns();
        for (int i = 0; i < 1000; i++)
            __asm__ volatile(".rept 100\n\taddq $1, %0\n\t.endr" : "+r"(x));
        t = wall_ns() - t;
        if (t < best)
            best = t;
    }
    return best / 1e5;
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void random_fp(uint64_t v[4], uint64_t *s)
{
    for (int i = 0; i < 4; i++)
        v[i] = xorshift(s);
    v[3] &= 0x0fffffffffffffffull;   /* below p: p's top word is 0x3064... */
}

/* Every kernel against the portable CIOS on a chain of 100000 products;
 * a lazy kernel's output (< 2p) is reduced once before the comparison. */
static int check(const struct kernel *k, uint64_t seed)
{
    const uint64_t *m = ff_fp_modulus.m;
    uint64_t x[4], y[4], want[4], got[4];
    random_fp(x, &seed);
    random_fp(y, &seed);
    memcpy(got, x, sizeof got);
    memcpy(want, x, sizeof want);
    for (int i = 0; i < 100000; i++) {
        ff_mont_mul_portable(want, want, y, m, ff_fp_modulus.n0);
        k->call(got, got, y);
        if (k->lazy)
            ff_reduce_once(got, got, 0, m);
        if (memcmp(want, got, sizeof got)) {
            printf("%s: wrong product at step %d\n", k->name, i);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 300;
    static uint64_t out[8][4];
    uint64_t seed = 0x9e3779b97f4a7c15ull, x0[4], y[4], x[4];
    double best[NK][6];
    random_fp(x0, &seed);
    random_fp(y, &seed);
    for (int k = 0; k < NK; k++) {
        if (check(&kernels[k], seed + (uint64_t)k))
            return 1;
        for (int c = 0; c < 6; c++)
            best[k][c] = 1e30;
    }
    double cyc = ns_per_cycle();
    for (int r = 0; r < runs; r++) {
        for (int k = 0; k < NK; k++) {
            const struct kernel *K = &kernels[k];
            double w, c, v[6];
            memcpy(x, x0, sizeof x);
            w = wall_ns(), c = cpu_ns();
            for (int i = 0; i < ITERS; i++)
                K->call(x, x, y);
            v[0] = wall_ns() - w, v[1] = cpu_ns() - c;
            w = wall_ns(), c = cpu_ns();
            for (int i = 0; i < ITERS; i++)
                K->call(out[i & 7], x0, y);
            v[2] = wall_ns() - w, v[3] = cpu_ns() - c;
            memcpy(x, x0, sizeof x);
            w = wall_ns();
            K->chain(out, x, y);
            v[4] = wall_ns() - w;
            w = wall_ns();
            K->indep(out, x0, y);
            v[5] = wall_ns() - w;
            for (int i = 0; i < 6; i++)
                if (v[i] < best[k][i])
                    best[k][i] = v[i];
        }
    }
    printf("core clock %.2f GHz; best of %d runs x %d products; cycles per product (ns in cpu columns)\n",
           1 / cyc, runs, ITERS);
    printf("%-11s %7s %7s %8s %8s %7s %8s\n", "kernel", "lat", "tput", "lat cpu", "tput cpu", "in-lat", "in-tput");
    for (int k = 0; k < NK; k++) {
        double *b = best[k];
        printf("%-11s %7.1f %7.1f %8.2f %8.2f %7.1f %8.1f   %s\n", kernels[k].name,
               b[0] / ITERS / cyc, b[2] / ITERS / cyc, b[1] / ITERS, b[3] / ITERS,
               b[4] / ITERS / cyc, b[5] / ITERS / cyc, kernels[k].what);
    }
    return out[1][0] == 42;   /* keeps the products alive */
}
