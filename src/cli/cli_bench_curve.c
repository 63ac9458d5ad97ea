/* zkfl bench curve: timings of the arithmetic under the prover and verifier
 * (field multiplication, group addition, pairing, MSM, NTT). One line per
 * measurement; with --json one object per line:
 *   {"op": "pairing", "size": 1, "threads": 1, "ns": 512000.0}
 * ns is the median wall-clock time of one operation (for size > 1: of the
 * whole operation on `size` inputs) and cpu_ns the median process CPU time
 * of the same runs (all threads together), which on a shared, overloaded
 * machine is the better estimate of the single-thread cost.
 * --op / --size / --threads select single rows and --list names the rows
 * without timing them: bench/curve.sh times each row here and in
 * ffjavascript and @noble/curves back to back, alternating, so that a
 * machine whose speed drifts affects both sides of a ratio alike. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/cli.h"
#include "zkfl/ec.h"
#include "zkfl/poly.h"

struct bench_opts {
    int json;
    int quick;
    int list;          /* print the selected rows instead of timing them */
    int threads;       /* the thread count of the multi-threaded rows */
    const char *op;    /* only this operation (NULL: all) */
    size_t size;       /* only this size (0: all) */
    int exact_threads; /* --threads with --op: only rows with that count */
    uint64_t budget_ns;  /* time spent per row, at least */
};

/* Whether the row (op, size, threads) is selected. */
static int selected(const struct bench_opts *o, const char *op, size_t size, int threads)
{
    if (o->op != NULL && strcmp(o->op, op) != 0)
        return 0;
    if (o->size != 0 && size != o->size)
        return 0;
    return !o->exact_threads || threads == o->threads;
}

/* --list: prints a selected row and reports that it is not to be timed. */
static int listed(const struct bench_opts *o, const char *op, size_t size, int threads)
{
    if (!o->list)
        return 0;
    if (o->json)
        printf("{\"op\": \"%s\", \"size\": %zu, \"threads\": %d}\n", op, size, threads);
    else
        printf("%s %zu %d\n", op, size, threads);
    return 1;
}

/* Runs fn(ctx) repeatedly and returns the median duration of one call in
 * ns (wall clock and process CPU time): at least `min_runs` runs, then more
 * until `budget_ns` has been spent (at most 31 runs). One very slow call
 * (over 3 budgets) is enough. */
typedef void (*bench_fn)(void *ctx);

/* Median and fastest run of a row (wall clock and process CPU time). */
struct timing { double ns, cpu_ns, best_ns, best_cpu_ns; };

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double median_of(uint64_t *t, int n)
{
    qsort(t, (size_t)n, sizeof t[0], cmp_u64);
    return n % 2 ? (double)t[n / 2] : ((double)t[n / 2 - 1] + (double)t[n / 2]) / 2.0;
}

/* Process CPU time in ns (C11 clock(); microsecond resolution on glibc). */
static uint64_t cpu_now_ns(void)
{
    return (uint64_t)((double)clock() * (1e9 / CLOCKS_PER_SEC));
}

static struct timing measure(bench_fn fn, void *ctx, int min_runs, uint64_t budget_ns)
{
    enum { MAX_RUNS = 31 };
    uint64_t t[MAX_RUNS], c[MAX_RUNS];
    int n = 0;
    uint64_t spent = 0;
    while (n < MAX_RUNS) {
        uint64_t c0 = cpu_now_ns(), t0 = zkfl_now_ns();
        fn(ctx);
        t[n] = zkfl_now_ns() - t0;
        c[n] = cpu_now_ns() - c0;
        spent += t[n];
        n++;
        if (n >= min_runs && spent >= budget_ns)
            break;
        if (n == 1 && t[0] > 3 * budget_ns)
            break;
    }
    struct timing r = {median_of(t, n), median_of(c, n), 0, 0};
    r.best_ns = (double)t[0];   /* median_of sorted them */
    r.best_cpu_ns = (double)c[0];
    return r;
}

/* The per-element time of a chain of `count` operations. */
static struct timing per(struct timing t, double count)
{
    t.ns /= count;
    t.cpu_ns /= count;
    t.best_ns /= count;
    t.best_cpu_ns /= count;
    return t;
}

static void human(char *out, size_t cap, double ns)
{
    const char *unit = "ns";
    double v = ns;
    if (ns >= 1e9) { v = ns / 1e9; unit = "s"; }
    else if (ns >= 1e6) { v = ns / 1e6; unit = "ms"; }
    else if (ns >= 1e3) { v = ns / 1e3; unit = "us"; }
    snprintf(out, cap, "%.3f %s", v, unit);
}

static void report(const struct bench_opts *o, const char *op, size_t size, int threads,
                   struct timing t)
{
    if (o->json) {
        printf("{\"op\": \"%s\", \"size\": %zu, \"threads\": %d, \"ns\": %.1f, \"cpu_ns\": %.1f, "
               "\"best_ns\": %.1f, \"best_cpu_ns\": %.1f}\n",
               op, size, threads, t.ns, t.cpu_ns, t.best_ns, t.best_cpu_ns);
        return;
    }
    char wall[32], cpu[32];
    human(wall, sizeof wall, t.ns);
    human(cpu, sizeof cpu, t.cpu_ns);
    printf("%-18s size %-8zu threads %-3d %12s   (cpu %s)\n", op, size, threads, wall, cpu);
}

/* ---- random inputs (zkfl_randombytes) ---- */

static int random_frs(zkfl_fr *out, size_t n)
{
    enum { CHUNK = 4096 };
    uint8_t *buf = malloc(CHUNK * 32);
    if (buf == NULL)
        return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i += CHUNK) {
        size_t m = n - i < CHUNK ? n - i : CHUNK;
        if (zkfl_randombytes(buf, m * 32) != 0) {
            free(buf);
            return ZKFL_ERR_RANDOM;
        }
        for (size_t j = 0; j < m; j++) {
            buf[j * 32 + 31] &= 0x1f; /* < 2^253 < r: full-width scalars, no rejection */
            if (zkfl_fr_from_bytes_le(&out[i + j], buf + j * 32) != 0) {
                free(buf);
                return ZKFL_ERR_INTERNAL;
            }
        }
    }
    free(buf);
    return 0;
}

static int random_fp(zkfl_fp *a)
{
    return zkfl_fp_random(a);
}

/* ---- field multiplication ----
 * fp_mul / fr_mul: a dependent chain (each product feeds the next), so the
 * row is the latency of one multiplication.
 * fp_mul_throughput / fr_mul_throughput: independent products of fixed
 * inputs into 8 rotating outputs, so the processor overlaps consecutive
 * calls; this is how constantine's and gnark-crypto's benchmarks time "mul". */

enum { CHAIN = 1 << 16 };

struct fp_ctx { zkfl_fp x, y; };
struct fr_ctx { zkfl_fr x, y; };

static void run_fp_mul(void *c)
{
    struct fp_ctx *f = c;
    for (int i = 0; i < CHAIN; i++)
        zkfl_fp_mul(&f->x, &f->x, &f->y);
}

static void run_fr_mul(void *c)
{
    struct fr_ctx *f = c;
    for (int i = 0; i < CHAIN; i++)
        zkfl_fr_mul(&f->x, &f->x, &f->y);
}

struct fp_tput_ctx { zkfl_fp x, y, out[8]; };
struct fr_tput_ctx { zkfl_fr x, y, out[8]; };

static void run_fp_mul_throughput(void *c)
{
    struct fp_tput_ctx *f = c;
    for (int i = 0; i < CHAIN; i++)
        zkfl_fp_mul(&f->out[i & 7], &f->x, &f->y);
}

static void run_fr_mul_throughput(void *c)
{
    struct fr_tput_ctx *f = c;
    for (int i = 0; i < CHAIN; i++)
        zkfl_fr_mul(&f->out[i & 7], &f->x, &f->y);
}

enum { ADD_CHAIN = 1 << 12 };
struct g1_ctx { zkfl_g1 acc, b; };
struct g2_ctx { zkfl_g2 acc, b; };

static void run_g1_add(void *c)
{
    struct g1_ctx *g = c;
    for (int i = 0; i < ADD_CHAIN; i++)
        zkfl_g1_add(&g->acc, &g->acc, &g->b);
}

static void run_g2_add(void *c)
{
    struct g2_ctx *g = c;
    for (int i = 0; i < ADD_CHAIN; i++)
        zkfl_g2_add(&g->acc, &g->acc, &g->b);
}

/* ---- pairing ---- */

struct pairing_ctx {
    zkfl_g1_affine p[4];
    zkfl_g2_affine q[4];
    zkfl_fp12 out;
    size_t n;
    int err;
};

static void run_pairing(void *c)
{
    struct pairing_ctx *pc = c;
    zkfl_pairing(&pc->out, &pc->p[0], &pc->q[0]);
}

static void run_multi_pairing(void *c)
{
    struct pairing_ctx *pc = c;
    if (zkfl_multi_pairing(&pc->out, pc->p, pc->q, pc->n) != 0)
        pc->err = 1;
}

/* ---- MSM and NTT ---- */

struct msm_ctx {
    const zkfl_g1_affine *g1;
    const zkfl_g2_affine *g2;
    const zkfl_fr *scalars;
    size_t n;
    int threads;
    int err;
};

static void run_g1_msm(void *c)
{
    struct msm_ctx *m = c;
    zkfl_g1 out;
    if (zkfl_g1_msm_vartime(&out, m->g1, m->scalars, m->n, m->threads) != 0)
        m->err = 1;
}

/* The bases are multiples of the generator (make_g2_bases), so this times
 * the subgroup MSM with the psi split, the one the Groth16 provers use. */
static void run_g2_msm(void *c)
{
    struct msm_ctx *m = c;
    zkfl_g2 out;
    if (zkfl_g2_msm_subgroup_vartime(&out, m->g2, m->scalars, m->n, m->threads) != 0)
        m->err = 1;
}

struct ntt_ctx {
    zkfl_fr *a;
    size_t n;
    int threads;
    int err;
};

/* Forward transforms in place, one after the other: the data stays random
 * (a transform of random data), and nothing is copied inside the timing. */
static void run_ntt(void *c)
{
    struct ntt_ctx *t = c;
    if (zkfl_ntt(t->a, t->n, t->threads) != 0)
        t->err = 1;
}

/* Consecutive multiples P_i = (i+1) G: cheap to make (one addition each)
 * and as good as random points for timing. */
static int make_g1_bases(zkfl_g1_affine *out, size_t n)
{
    zkfl_g1 *proj = malloc(n * sizeof *proj);
    if (proj == NULL)
        return ZKFL_ERR_NOMEM;
    zkfl_g1 g;
    zkfl_g1_affine ga;
    zkfl_g1_generator(&g);
    zkfl_g1_to_affine(&ga, &g);
    proj[0] = g;
    for (size_t i = 1; i < n; i++)
        zkfl_g1_add_affine(&proj[i], &proj[i - 1], &ga);
    int err = zkfl_g1_batch_to_affine(out, proj, n);
    free(proj);
    return err;
}

static int make_g2_bases(zkfl_g2_affine *out, size_t n)
{
    zkfl_g2 *proj = malloc(n * sizeof *proj);
    if (proj == NULL)
        return ZKFL_ERR_NOMEM;
    zkfl_g2 g;
    zkfl_g2_affine ga;
    zkfl_g2_generator(&g);
    zkfl_g2_to_affine(&ga, &g);
    proj[0] = g;
    for (size_t i = 1; i < n; i++)
        zkfl_g2_add_affine(&proj[i], &proj[i - 1], &ga);
    int err = zkfl_g2_batch_to_affine(out, proj, n);
    free(proj);
    return err;
}

/* Times one row if it is selected (per_call: operations per call of fn,
 * so the row is the time of one of them). */
static void row(const struct bench_opts *o, const char *op, size_t size, int threads, bench_fn fn, void *ctx,
                int min_runs, double per_call)
{
    if (!selected(o, op, size, threads) || listed(o, op, size, threads))
        return;
    report(o, op, size, threads, per(measure(fn, ctx, min_runs, o->budget_ns), per_call));
}

/* Whether any of the rows (op, size, threads) for the given sizes and
 * thread counts is to be timed: the inputs of a group are made only then. */
static int any_timed(const struct bench_opts *o, const char *op, const size_t *sizes, size_t nsizes,
                     const int *threads, int nthreads)
{
    if (o->list)
        return 0;
    for (size_t i = 0; i < nsizes; i++)
        for (int t = 0; t < nthreads; t++)
            if (selected(o, op, sizes[i], threads[t]))
                return 1;
    return 0;
}

static int bench_fields(const struct bench_opts *o)
{
    static const size_t one[] = {1};
    static const int one_thread[] = {1};
    const char *ops[] = {"fp_mul", "fr_mul", "fp_mul_throughput", "fr_mul_throughput"};
    struct fp_ctx fp;
    struct fr_ctx fr;
    struct fp_tput_ctx fpt;
    struct fr_tput_ctx frt;
    int timed = 0;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        timed |= any_timed(o, ops[i], one, 1, one_thread, 1);
    if (timed && (random_fp(&fp.x) || random_fp(&fp.y) || random_frs(&fr.x, 1) || random_frs(&fr.y, 1)))
        return ZKFL_ERR_RANDOM;
    fpt.x = fp.x;
    fpt.y = fp.y;
    frt.x = fr.x;
    frt.y = fr.y;
    row(o, "fp_mul", 1, 1, run_fp_mul, &fp, 5, CHAIN);
    row(o, "fr_mul", 1, 1, run_fr_mul, &fr, 5, CHAIN);
    row(o, "fp_mul_throughput", 1, 1, run_fp_mul_throughput, &fpt, 5, CHAIN);
    row(o, "fr_mul_throughput", 1, 1, run_fr_mul_throughput, &frt, 5, CHAIN);
    return 0;
}

static int bench_groups(const struct bench_opts *o)
{
    static const size_t one[] = {1};
    static const int one_thread[] = {1};
    struct g1_ctx g1;
    struct g2_ctx g2;
    if (any_timed(o, "g1_add", one, 1, one_thread, 1) || any_timed(o, "g2_add", one, 1, one_thread, 1)) {
        zkfl_fr k[2];
        int err = random_frs(k, 2);
        if (err != 0)
            return err;
        zkfl_g1 gen1;
        zkfl_g2 gen2;
        zkfl_g1_generator(&gen1);
        zkfl_g2_generator(&gen2);
        /* Projective operands with Z != 1, as inside real computations. */
        zkfl_g1_mul_vartime(&g1.acc, &gen1, &k[0]);
        zkfl_g1_mul_vartime(&g1.b, &gen1, &k[1]);
        zkfl_g2_mul_vartime(&g2.acc, &gen2, &k[0]);
        zkfl_g2_mul_vartime(&g2.b, &gen2, &k[1]);
    }
    row(o, "g1_add", 1, 1, run_g1_add, &g1, 5, ADD_CHAIN);
    row(o, "g2_add", 1, 1, run_g2_add, &g2, 5, ADD_CHAIN);
    return 0;
}

static int bench_pairings(const struct bench_opts *o)
{
    static const size_t one[] = {1}, four[] = {4};
    static const int one_thread[] = {1};
    struct pairing_ctx pc;
    pc.n = 4;
    pc.err = 0;
    if (any_timed(o, "pairing", one, 1, one_thread, 1) || any_timed(o, "multi_pairing", four, 1, one_thread, 1)) {
        zkfl_fr k[8];
        int err = random_frs(k, 8);
        if (err != 0)
            return err;
        zkfl_g1 gen1, t1;
        zkfl_g2 gen2, t2;
        zkfl_g1_generator(&gen1);
        zkfl_g2_generator(&gen2);
        for (int i = 0; i < 4; i++) {
            zkfl_g1_mul_vartime(&t1, &gen1, &k[2 * i]);
            zkfl_g2_mul_vartime(&t2, &gen2, &k[2 * i + 1]);
            zkfl_g1_to_affine(&pc.p[i], &t1);
            zkfl_g2_to_affine(&pc.q[i], &t2);
        }
    }
    row(o, "pairing", 1, 1, run_pairing, &pc, 5, 1);
    row(o, "multi_pairing", 4, 1, run_multi_pairing, &pc, 5, 1);
    return pc.err ? ZKFL_ERR_INTERNAL : 0;
}

static int bench_msm(const struct bench_opts *o)
{
    const size_t full_sizes[] = {1u << 12, 1u << 14, 1u << 16, 1u << 18, 1u << 20}, quick_sizes[] = {1u << 10};
    const size_t *sizes = o->quick ? quick_sizes : full_sizes;
    size_t nsizes = o->quick ? 1 : sizeof full_sizes / sizeof full_sizes[0];
    size_t g2_n = (size_t)1 << (o->quick ? 8 : 16);
    const int thread_counts[2] = {1, o->threads};
    int nthreads = o->threads > 1 ? 2 : 1;

    /* inputs only for the sizes to be timed */
    size_t g1_max = 0;
    for (size_t i = 0; i < nsizes; i++)
        if (any_timed(o, "g1_msm", &sizes[i], 1, thread_counts, nthreads))
            g1_max = sizes[i];
    size_t g2_max = any_timed(o, "g2_msm", &g2_n, 1, thread_counts, nthreads) ? g2_n : 0;
    size_t max = g1_max > g2_max ? g1_max : g2_max;
    zkfl_g1_affine *g1 = NULL;
    zkfl_g2_affine *g2 = NULL;
    zkfl_fr *sc = NULL;
    int err = ZKFL_ERR_NOMEM;
    if (max > 0) {
        g1 = malloc((g1_max ? g1_max : 1) * sizeof *g1);
        g2 = malloc((g2_max ? g2_max : 1) * sizeof *g2);
        sc = malloc(max * sizeof *sc);
        if (g1 == NULL || g2 == NULL || sc == NULL)
            goto done;
        if ((g1_max && (err = make_g1_bases(g1, g1_max)) != 0) ||
            (g2_max && (err = make_g2_bases(g2, g2_max)) != 0) || (err = random_frs(sc, max)) != 0)
            goto done;
    }

    err = 0;
    for (size_t i = 0; i < nsizes; i++) {
        for (int t = 0; t < nthreads; t++) {
            struct msm_ctx m = {g1, NULL, sc, sizes[i], thread_counts[t], 0};
            row(o, "g1_msm", m.n, m.threads, run_g1_msm, &m, 3, 1);
            if (m.err) { err = ZKFL_ERR_INTERNAL; goto done; }
        }
    }
    for (int t = 0; t < nthreads; t++) {
        struct msm_ctx m = {NULL, g2, sc, g2_n, thread_counts[t], 0};
        row(o, "g2_msm", m.n, m.threads, run_g2_msm, &m, 3, 1);
        if (m.err) { err = ZKFL_ERR_INTERNAL; goto done; }
    }
done:
    free(g1);
    free(g2);
    free(sc);
    return err;
}

static int bench_ntt(const struct bench_opts *o)
{
    const size_t full_sizes[] = {1u << 16, 1u << 18, 1u << 20, 1u << 22}, quick_sizes[] = {1u << 12};
    const size_t *sizes = o->quick ? quick_sizes : full_sizes;
    size_t nsizes = o->quick ? 1 : sizeof full_sizes / sizeof full_sizes[0];
    const int thread_counts[2] = {1, o->threads};
    int nthreads = o->threads > 1 ? 2 : 1;
    size_t max = 0;
    for (size_t i = 0; i < nsizes; i++)
        if (any_timed(o, "ntt", &sizes[i], 1, thread_counts, nthreads))
            max = sizes[i];
    zkfl_fr *a = NULL;
    int err = 0;
    if (max > 0) {
        a = malloc(max * sizeof *a);
        if (a == NULL)
            return ZKFL_ERR_NOMEM;
        err = random_frs(a, max);
    }
    for (size_t i = 0; i < nsizes && err == 0; i++) {
        for (int t = 0; t < nthreads && err == 0; t++) {
            struct ntt_ctx c = {a, sizes[i], thread_counts[t], 0};
            row(o, "ntt", c.n, c.threads, run_ntt, &c, 3, 1);
            if (c.err)
                err = ZKFL_ERR_INTERNAL;
        }
    }
    free(a);
    return err;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zkfl bench curve [--json] [--quick] [--threads N] [--op NAME] [--size N]\n"
            "                        [--budget-ms MS] [--list]\n\n"
            "Times BN254 arithmetic: fp_mul, fr_mul, fp_mul_throughput,\n"
            "fr_mul_throughput, g1_add, g2_add, pairing, multi_pairing (4 pairs),\n"
            "g1_msm (2^12..2^20, 1 and N threads), g2_msm (2^16; points of G2, so\n"
            "zkfl_g2_msm_subgroup_vartime, the psi-split MSM of the Groth16 provers),\n"
            "ntt (2^16..2^22).\n"
            "Each value is the median of several runs: wall-clock ns and process\n"
            "CPU ns per operation (--json adds the fastest run's, best_ns and\n"
            "best_cpu_ns). Inputs are random.\n\n"
            "fp_mul and fr_mul are the latency of one Montgomery multiplication (a\n"
            "chain where each product is the next input); fp_mul_throughput and\n"
            "fr_mul_throughput are the cost per product when independent products\n"
            "of fixed inputs follow each other (how constantine and gnark-crypto\n"
            "time \"mul\").\n\n"
            "  --json          one JSON object per line: {\"op\", \"size\", \"threads\", \"ns\", \"cpu_ns\",\n"
            "                  \"best_ns\", \"best_cpu_ns\"}\n"
            "  --quick         small sizes and short runs (a smoke test, not a measurement)\n"
            "  --threads N     the multi-threaded runs use N threads (default: all cores);\n"
            "                  with --op, only the rows with exactly N threads are run\n"
            "                  (--threads 1: the single-threaded rows)\n"
            "  --op NAME       only the rows of this operation (one of the names above)\n"
            "  --size N        only the rows of this size: a count (65536) or 2^K (2^16)\n"
            "  --budget-ms MS  time spent per row, at least (default 1000, --quick 20);\n"
            "                  at least 5 runs (3 for MSM and NTT), at most 31, and a\n"
            "                  single run when one takes over three budgets\n"
            "  --list          print the selected rows (op size threads; with --json as\n"
            "                  objects) without timing them\n\n"
            "bench/curve.sh lists the rows, then times each row with --op/--size/--threads\n"
            "alternately with the same row in ffjavascript and @noble/curves.\n");
}

static const char *const op_names[] = {"fp_mul", "fr_mul", "fp_mul_throughput", "fr_mul_throughput",
                                       "g1_add", "g2_add", "pairing", "multi_pairing",
                                       "g1_msm", "g2_msm", "ntt"};

/* "65536" or "2^16" */
static int parse_size(size_t *out, const char *s)
{
    char *end = NULL;
    if (strncmp(s, "2^", 2) == 0) {
        long k = strtol(s + 2, &end, 10);
        if (end == s + 2 || *end != 0 || k < 0 || k > 40)
            return -1;
        *out = (size_t)1 << k;
        return 0;
    }
    long long n = strtoll(s, &end, 10);
    if (end == s || *end != 0 || n < 1)
        return -1;
    *out = (size_t)n;
    return 0;
}

int cli_bench_curve(int argc, char **argv)
{
    struct bench_opts o = {0, 0, 0, zkfl_default_threads(), NULL, 0, 0, 0};
    int threads_given = 0;
    long budget_ms = -1;
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return CLI_OK;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int takes_value = strcmp(a, "--threads") == 0 || strcmp(a, "--op") == 0 || strcmp(a, "--size") == 0 ||
                          strcmp(a, "--budget-ms") == 0;
        if (takes_value && i + 1 >= argc)
            return cli_usage_error("bench curve", "%s needs a value", a);
        if (strcmp(a, "--json") == 0) {
            o.json = 1;
        } else if (strcmp(a, "--quick") == 0) {
            o.quick = 1;
        } else if (strcmp(a, "--list") == 0) {
            o.list = 1;
        } else if (strcmp(a, "--threads") == 0) {
            char *end = NULL;
            long t = strtol(argv[++i], &end, 10);
            if (end == argv[i] || *end != 0 || t < 1 || t > 1024)
                return cli_usage_error("bench curve", "--threads must be 1..1024, got '%s'", argv[i]);
            o.threads = (int)t;
            threads_given = 1;
        } else if (strcmp(a, "--op") == 0) {
            o.op = argv[++i];
            int known = 0;
            for (size_t k = 0; k < sizeof op_names / sizeof op_names[0]; k++)
                known |= strcmp(o.op, op_names[k]) == 0;
            if (!known)
                return cli_usage_error("bench curve", "unknown operation '%s' (see --help)", o.op);
        } else if (strcmp(a, "--size") == 0) {
            if (parse_size(&o.size, argv[++i]) != 0)
                return cli_usage_error("bench curve", "--size must be a count or 2^K, got '%s'", argv[i]);
        } else if (strcmp(a, "--budget-ms") == 0) {
            char *end = NULL;
            budget_ms = strtol(argv[++i], &end, 10);
            if (end == argv[i] || *end != 0 || budget_ms < 0 || budget_ms > 600000)
                return cli_usage_error("bench curve", "--budget-ms must be 0..600000, got '%s'", argv[i]);
        } else {
            return cli_usage_error("bench curve", "unknown option '%s'", a);
        }
    }
    o.exact_threads = o.op != NULL && threads_given;
    /* the time spent per row */
    o.budget_ns = budget_ms >= 0 ? (uint64_t)budget_ms * 1000000ULL : o.quick ? 20000000ULL : 1000000000ULL;
    int err = bench_fields(&o);
    if (err == 0) err = bench_groups(&o);
    if (err == 0) err = bench_pairings(&o);
    if (err == 0) err = bench_msm(&o);
    if (err == 0) err = bench_ntt(&o);
    if (err != 0) {
        fprintf(stderr, "zkfl bench curve: %s\n", zkfl_strerror(err));
        return CLI_FAIL;
    }
    return CLI_OK;
}
