/* zkfl bench curve: timings of the arithmetic under the prover and verifier
 * (field multiplication, group addition, pairing, MSM, NTT). One line per
 * measurement; with --json one object per line:
 *   {"op": "pairing", "size": 1, "threads": 1, "ns": 512000.0}
 * ns is the median wall-clock time of one operation (for size > 1: of the
 * whole operation on `size` inputs) and cpu_ns the median process CPU time
 * of the same runs (all threads together), which on a shared, overloaded
 * machine is the better estimate of the single-thread cost.
 * bench/curve.sh runs this next to the same operations in ffjavascript and
 * @noble/curves. */
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
    int threads;
};

/* Runs fn(ctx) repeatedly and returns the median duration of one call in
 * ns (wall clock and process CPU time): at least `min_runs` runs, then more
 * until `budget_ns` has been spent (at most 31 runs). One very slow call
 * (over 3 budgets) is enough. */
typedef void (*bench_fn)(void *ctx);

struct timing { double ns, cpu_ns; };

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
    struct timing r = {median_of(t, n), median_of(c, n)};
    return r;
}

/* The per-element time of a chain of `count` operations. */
static struct timing per(struct timing t, double count)
{
    t.ns /= count;
    t.cpu_ns /= count;
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
        printf("{\"op\": \"%s\", \"size\": %zu, \"threads\": %d, \"ns\": %.1f, \"cpu_ns\": %.1f}\n",
               op, size, threads, t.ns, t.cpu_ns);
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

static int bench_fields(const struct bench_opts *o, uint64_t budget)
{
    struct fp_ctx fp;
    struct fr_ctx fr;
    struct fp_tput_ctx fpt;
    struct fr_tput_ctx frt;
    if (random_fp(&fp.x) || random_fp(&fp.y) || random_frs(&fr.x, 1) || random_frs(&fr.y, 1))
        return ZKFL_ERR_RANDOM;
    fpt.x = fp.x;
    fpt.y = fp.y;
    frt.x = fr.x;
    frt.y = fr.y;
    report(o, "fp_mul", 1, 1, per(measure(run_fp_mul, &fp, 5, budget), CHAIN));
    report(o, "fr_mul", 1, 1, per(measure(run_fr_mul, &fr, 5, budget), CHAIN));
    report(o, "fp_mul_throughput", 1, 1, per(measure(run_fp_mul_throughput, &fpt, 5, budget), CHAIN));
    report(o, "fr_mul_throughput", 1, 1, per(measure(run_fr_mul_throughput, &frt, 5, budget), CHAIN));
    return 0;
}

static int bench_groups(const struct bench_opts *o, uint64_t budget)
{
    zkfl_fr k[2];
    int err = random_frs(k, 2);
    if (err != 0)
        return err;
    struct g1_ctx g1;
    struct g2_ctx g2;
    zkfl_g1 gen1;
    zkfl_g2 gen2;
    zkfl_g1_generator(&gen1);
    zkfl_g2_generator(&gen2);
    /* Projective operands with Z != 1, as inside real computations. */
    zkfl_g1_mul_vartime(&g1.acc, &gen1, &k[0]);
    zkfl_g1_mul_vartime(&g1.b, &gen1, &k[1]);
    zkfl_g2_mul_vartime(&g2.acc, &gen2, &k[0]);
    zkfl_g2_mul_vartime(&g2.b, &gen2, &k[1]);
    report(o, "g1_add", 1, 1, per(measure(run_g1_add, &g1, 5, budget), ADD_CHAIN));
    report(o, "g2_add", 1, 1, per(measure(run_g2_add, &g2, 5, budget), ADD_CHAIN));
    return 0;
}

static int bench_pairings(const struct bench_opts *o, uint64_t budget)
{
    struct pairing_ctx pc;
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
    pc.n = 4;
    pc.err = 0;
    report(o, "pairing", 1, 1, measure(run_pairing, &pc, 5, budget));
    struct timing ns = measure(run_multi_pairing, &pc, 5, budget);
    if (pc.err)
        return ZKFL_ERR_INTERNAL;
    report(o, "multi_pairing", 4, 1, ns);
    return 0;
}

static int bench_msm(const struct bench_opts *o, uint64_t budget)
{
    const unsigned full_logs[] = {12, 14, 16, 18, 20}, quick_logs[] = {10};
    const unsigned *logs = o->quick ? quick_logs : full_logs;
    size_t nlogs = o->quick ? 1 : sizeof full_logs / sizeof full_logs[0];
    size_t g1_max = (size_t)1 << logs[nlogs - 1];
    size_t g2_n = (size_t)1 << (o->quick ? 8 : 16);
    size_t max = g1_max > g2_n ? g1_max : g2_n;
    int thread_counts[2] = {1, o->threads};
    int nthreads = o->threads > 1 ? 2 : 1;
    int err = ZKFL_ERR_NOMEM;

    zkfl_g1_affine *g1 = malloc(g1_max * sizeof *g1);
    zkfl_g2_affine *g2 = malloc(g2_n * sizeof *g2);
    zkfl_fr *sc = malloc(max * sizeof *sc);
    if (g1 == NULL || g2 == NULL || sc == NULL)
        goto done;
    if ((err = make_g1_bases(g1, g1_max)) != 0 || (err = make_g2_bases(g2, g2_n)) != 0 ||
        (err = random_frs(sc, max)) != 0)
        goto done;

    for (size_t i = 0; i < nlogs; i++) {
        for (int t = 0; t < nthreads; t++) {
            struct msm_ctx m = {g1, NULL, sc, (size_t)1 << logs[i], thread_counts[t], 0};
            struct timing ns = measure(run_g1_msm, &m, 3, budget);
            if (m.err) { err = ZKFL_ERR_INTERNAL; goto done; }
            report(o, "g1_msm", m.n, m.threads, ns);
        }
    }
    for (int t = 0; t < nthreads; t++) {
        struct msm_ctx m = {NULL, g2, sc, g2_n, thread_counts[t], 0};
        struct timing ns = measure(run_g2_msm, &m, 3, budget);
        if (m.err) { err = ZKFL_ERR_INTERNAL; goto done; }
        report(o, "g2_msm", m.n, m.threads, ns);
    }
    err = 0;
done:
    free(g1);
    free(g2);
    free(sc);
    return err;
}

static int bench_ntt(const struct bench_opts *o, uint64_t budget)
{
    const unsigned full_logs[] = {16, 18, 20, 22}, quick_logs[] = {12};
    const unsigned *logs = o->quick ? quick_logs : full_logs;
    size_t nlogs = o->quick ? 1 : sizeof full_logs / sizeof full_logs[0];
    size_t max = (size_t)1 << logs[nlogs - 1];
    int thread_counts[2] = {1, o->threads};
    int nthreads = o->threads > 1 ? 2 : 1;
    zkfl_fr *a = malloc(max * sizeof *a);
    if (a == NULL)
        return ZKFL_ERR_NOMEM;
    int err = random_frs(a, max);
    for (size_t i = 0; i < nlogs && err == 0; i++) {
        for (int t = 0; t < nthreads && err == 0; t++) {
            struct ntt_ctx c = {a, (size_t)1 << logs[i], thread_counts[t], 0};
            struct timing ns = measure(run_ntt, &c, 3, budget);
            if (c.err)
                err = ZKFL_ERR_INTERNAL;
            else
                report(o, "ntt", c.n, c.threads, ns);
        }
    }
    free(a);
    return err;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zkfl bench curve [--json] [--quick] [--threads N]\n\n"
            "Times BN254 arithmetic: fp_mul, fr_mul, fp_mul_throughput,\n"
            "fr_mul_throughput, g1_add, g2_add, pairing, multi_pairing (4 pairs),\n"
            "g1_msm (2^12..2^20, 1 and N threads), g2_msm (2^16; points of G2, so\n"
            "zkfl_g2_msm_subgroup_vartime, the psi-split MSM of the Groth16 provers),\n"
            "ntt (2^16..2^22).\n"
            "Each value is the median of several runs: wall-clock ns and process\n"
            "CPU ns per operation. Inputs are random.\n\n"
            "fp_mul and fr_mul are the latency of one Montgomery multiplication (a\n"
            "chain where each product is the next input); fp_mul_throughput and\n"
            "fr_mul_throughput are the cost per product when independent products\n"
            "of fixed inputs follow each other (how constantine and gnark-crypto\n"
            "time \"mul\").\n\n"
            "  --json       one JSON object per line: {\"op\", \"size\", \"threads\", \"ns\", \"cpu_ns\"}\n"
            "  --quick      small sizes and short runs (a smoke test, not a measurement)\n"
            "  --threads N  the multi-threaded runs use N threads (default: all cores)\n");
}

int cli_bench_curve(int argc, char **argv)
{
    struct bench_opts o = {0, 0, zkfl_default_threads()};
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return CLI_OK;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            o.json = 1;
        } else if (strcmp(argv[i], "--quick") == 0) {
            o.quick = 1;
        } else if (strcmp(argv[i], "--threads") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("bench curve", "--threads needs a number");
            char *end = NULL;
            long t = strtol(argv[++i], &end, 10);
            if (end == argv[i] || *end != 0 || t < 1 || t > 1024)
                return cli_usage_error("bench curve", "--threads must be 1..1024, got '%s'", argv[i]);
            o.threads = (int)t;
        } else {
            return cli_usage_error("bench curve", "unknown option '%s'", argv[i]);
        }
    }
    uint64_t budget = o.quick ? 20000000ULL : 1000000000ULL; /* per measurement */
    int err = bench_fields(&o, budget);
    if (err == 0) err = bench_groups(&o, budget);
    if (err == 0) err = bench_pairings(&o, budget);
    if (err == 0) err = bench_msm(&o, budget);
    if (err == 0) err = bench_ntt(&o, budget);
    if (err != 0) {
        fprintf(stderr, "zkfl bench curve: %s\n", zkfl_strerror(err));
        return CLI_FAIL;
    }
    return CLI_OK;
}
