/* Update-proof benchmark helper, driven by bench/compliance.sh:
 *   compliance_bench setup RULES.json DIM PTAU|local KEYDIR
 *       compiles the rules for DIM values, runs the setup (from PTAU, or the
 *       local one-party setup when the library has it) and saves the keys
 *   compliance_bench prove KEYDIR REPEAT
 *       REPEAT proofs of one update that obeys the rules (seeded, so every
 *       run proves the same update); the fastest library call, its CPU
 *       time, the witness build alone, and a verification of the last proof
 * Every line printed is "key=value ..." for the script to parse; peak_rss_kib
 * is the process's maximum resident set at the end. ZKFL_PROVE_PROFILE=1
 * adds the prover's phase times on stderr. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "zkfl/compliance.h"

static double ms_since(uint64_t t0) { return (double)(zkfl_now_ns() - t0) / 1e6; }

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int die(const char *what, int rc, const char *detail)
{
    fprintf(stderr, "compliance_bench: %s: %s (%s)\n", what, zkfl_strerror(rc), detail);
    return 1;
}

static int cmd_setup(const char *rules_path, const char *dim, const char *ptau_path, const char *dir)
{
    zkfl_rules *rules = NULL;
    int rc = zkfl_rules_read(&rules, rules_path);
    if (rc) return die("rules", rc, zkfl_circuits_last_error());
    if ((rc = zkfl_rules_set_dim(rules, (uint32_t)strtoul(dim, NULL, 10))) != 0)
        return die("dim", rc, zkfl_circuits_last_error());
    zkfl_ptau *pt = NULL;
    if (strcmp(ptau_path, "local") != 0 && (rc = zkfl_ptau_read(&pt, ptau_path)) != 0)
        return die("ptau", rc, zkfl_snark_last_error());
    zkfl_compliance_key *key = NULL;
    uint64_t t0 = zkfl_now_ns();
    double c0 = cpu_ms();
    rc = zkfl_compliance_setup(&key, rules, pt, 0);
    double wall = ms_since(t0), cpu = cpu_ms() - c0;
    if (rc) return die("setup", rc, zkfl_compliance_last_error());
    printf("constraints=%zu setup_ms=%.1f setup_cpu_ms=%.1f peak_rss_kib=%ld\n",
           zkfl_compliance_key_n_constraints(key), wall, cpu, peak_rss_kib());
    if ((rc = zkfl_compliance_key_save(key, dir)) != 0) return die("save", rc, zkfl_compliance_last_error());
    zkfl_compliance_key_free(key);
    zkfl_ptau_free(pt);
    zkfl_rules_free(rules);
    return 0;
}

/* A reproducible update inside the rules: |u_i| <= linf (or the bit
 * width), every coordinate non-zero, scaled down when the l2 bound needs it. */
static int64_t *make_update(const zkfl_rules_params *p)
{
    int64_t *u = malloc((p->dim ? p->dim : 1) * sizeof *u);
    if (u == NULL) return NULL;
    int64_t lim = p->has_linf ? (int64_t)p->linf_max : ((int64_t)1 << (p->bits - 1)) - 1;
    if (p->has_l2) {
        /* Keep sum u^2 <= l2_max with |u| <= lim. */
        while (lim > 1 && (double)lim * lim * p->dim > (double)p->l2_max) lim /= 2;
    }
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (uint32_t i = 0; i < p->dim; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        int64_t v = (int64_t)(s % (uint64_t)(2 * lim + 1)) - lim;
        u[i] = v != 0 ? v : 1;
    }
    return u;
}

static int cmd_prove(const char *dir, const char *repeat)
{
    zkfl_compliance_key *key = NULL;
    uint64_t t0 = zkfl_now_ns();
    int rc = zkfl_compliance_key_load(&key, dir, 1);
    if (rc) return die("load", rc, zkfl_compliance_last_error());
    double load_ms = ms_since(t0);
    const zkfl_rules_params *p = zkfl_rules_get(zkfl_compliance_key_rules(key));
    int64_t *u = make_update(p);
    if (u == NULL) return die("update", ZKFL_ERR_NOMEM, "malloc");
    zkfl_round_binding b = {7, 3, {0}};
    memset(b.model_hash, 0x5a, sizeof b.model_hash);
    uint64_t samples = p->has_samples_min ? p->samples_min + 5 : 100;
    if (p->has_samples_max && samples > p->samples_max) samples = p->samples_max;

    /* The witness build alone (what zkfl_update_prove does first). */
    zkfl_compliance_witness w = {u, samples, b};
    zkfl_circuit *c = NULL;
    t0 = zkfl_now_ns();
    double c0 = cpu_ms();
    if ((rc = zkfl_rules_circuit(&c, zkfl_compliance_key_rules(key), &w)) != 0)
        return die("witness", rc, zkfl_circuits_last_error());
    double wit_ms = ms_since(t0), wit_cpu = cpu_ms() - c0;
    zkfl_circuit_free(c);

    int n = atoi(repeat);
    if (n < 1) n = 1;
    double best = 1e300, best_cpu = 0;
    zkfl_cgroth16_proof proof;
    for (int i = 0; i < n; i++) {
        t0 = zkfl_now_ns();
        c0 = cpu_ms();
        rc = zkfl_update_prove(&proof, NULL, key, u, p->dim, samples, &b, 0);
        double ms = ms_since(t0), cpu = cpu_ms() - c0;
        if (rc) return die("prove", rc, zkfl_compliance_last_error());
        if (ms < best) {
            best = ms;
            best_cpu = cpu;
        }
    }
    t0 = zkfl_now_ns();
    rc = zkfl_update_verify(key, &proof, &b, samples);
    double verify_ms = ms_since(t0);
    if (rc) return die("verify", rc, zkfl_compliance_last_error());
    printf("dim=%u constraints=%zu load_ms=%.1f witness_ms=%.1f witness_cpu_ms=%.1f prove_ms=%.1f "
           "prove_cpu_ms=%.1f verify_ms=%.2f proof_bytes=%zu peak_rss_kib=%ld\n",
           p->dim, zkfl_compliance_key_n_constraints(key), load_ms, wit_ms, wit_cpu, best, best_cpu, verify_ms,
           zkfl_cgroth16_proof_size(proof.n_commitments), peak_rss_kib());
    free(u);
    zkfl_compliance_key_free(key);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "setup") == 0) return cmd_setup(argv[2], argv[3], argv[4], argv[5]);
    if (argc == 4 && strcmp(argv[1], "prove") == 0) return cmd_prove(argv[2], argv[3]);
    fprintf(stderr, "usage: compliance_bench setup RULES.json DIM PTAU|local KEYDIR\n"
                    "       compliance_bench prove KEYDIR REPEAT\n");
    return 2;
}
