/* Groth16 benchmark helper, driven by bench/groth16.sh:
 *   groth16_bench circuit LOG_N OUT_PREFIX   synthetic circuit of 2^LOG_N - 8
 *       constraints (a chain w[i+1] = (w[i] + i) * (w[i] + 3 w[i-1]) with
 *       one public output): OUT_PREFIX.r1cs and a satisfying OUT_PREFIX.wtns
 *   groth16_bench keygen R1CS ZKEY           a key from random toxic waste
 *       (no ceremony; fast at 2^18-2^20, see cmd_keygen)
 *   groth16_bench verify ZKEY WTNS REPEAT    mean single-verify time
 *   groth16_bench batch ZKEY WTNS N          N proofs, one batch verify
 * Every line printed is "key=value ..." for the script to parse. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "zkfl/groth16.h"
#include "zkfl/poly.h"

static double ms_since(uint64_t t0) { return (double)(zkfl_now_ns() - t0) / 1e6; }

/* CPU time of the whole process (all threads): on a shared, overloaded
 * machine it shows the work done where wall time shows the queueing. */
static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int die(const char *what, int rc)
{
    fprintf(stderr, "groth16_bench: %s: %s %s\n", what, zkfl_strerror(rc), zkfl_snark_last_error());
    return 1;
}

static int cmd_circuit(unsigned log_n, const char *prefix)
{
    uint32_t n = ((uint32_t)1 << log_n) - 8;
    zkfl_r1cs *cs = NULL;
    int rc = zkfl_r1cs_new(&cs, 1, 0, 1);        /* wire 1: public output, 2: private input */
    if (rc != 0)
        return die("r1cs_new", rc);
    uint32_t first;
    if ((rc = zkfl_r1cs_add_wires(&first, cs, n - 1)) != 0)
        return die("add_wires", rc);
    zkfl_fr *w = malloc(((size_t)n + 3) * sizeof *w);
    if (w == NULL)
        return die("malloc", ZKFL_ERR_NOMEM);
    zkfl_fr_set_one(&w[0]);
    zkfl_fr_set_u64(&w[2], 7);
    /* wire first + i holds the i-th chain value; the last one is copied to
     * the public output by the final constraint. */
    uint32_t prev2 = 2, prev = 2;
    for (uint32_t i = 0; i + 1 < n; i++) {
        uint32_t out = first + i;
        zkfl_fr ci, three;
        zkfl_fr_set_u64(&ci, i + 1);
        zkfl_fr_set_u64(&three, 3);
        zkfl_lc_term ta[2] = {{prev, {{0}}}, {0, ci}};
        zkfl_fr_set_one(&ta[0].coeff);
        zkfl_lc_term tb[2] = {{prev, {{0}}}, {prev2, three}};
        zkfl_fr_set_one(&tb[0].coeff);
        zkfl_lc_term tc[1] = {{out, {{0}}}};
        zkfl_fr_set_one(&tc[0].coeff);
        /* On the first step prev2 == prev: the builder merges the terms. */
        zkfl_lc a = {ta, 2}, b = {tb, 2}, c = {tc, 1};
        if ((rc = zkfl_r1cs_add_constraint(cs, &a, &b, &c)) != 0)
            return die("add_constraint", rc);
        zkfl_fr av, bv, t;
        zkfl_fr_add(&av, &w[prev], &ci);
        zkfl_fr_mul(&t, &w[prev2], &three);
        zkfl_fr_add(&bv, &w[prev], &t);
        zkfl_fr_mul(&w[out], &av, &bv);
        prev2 = prev;
        prev = out;
    }
    /* public output = last chain value (times one) */
    zkfl_lc_term ta[1] = {{prev, {{0}}}}, tb[1] = {{0, {{0}}}}, tc[1] = {{1, {{0}}}};
    zkfl_fr_set_one(&ta[0].coeff);
    zkfl_fr_set_one(&tb[0].coeff);
    zkfl_fr_set_one(&tc[0].coeff);
    zkfl_lc a = {ta, 1}, b = {tb, 1}, c = {tc, 1};
    if ((rc = zkfl_r1cs_add_constraint(cs, &a, &b, &c)) != 0)
        return die("add_constraint", rc);
    w[1] = w[prev];
    size_t nw = zkfl_r1cs_n_wires(cs);
    if ((rc = zkfl_r1cs_check(cs, w, NULL)) != 0)
        return die("r1cs_check", rc);
    char path[4096];
    snprintf(path, sizeof path, "%s.r1cs", prefix);
    if ((rc = zkfl_r1cs_write(path, cs)) != 0)
        return die(path, rc);
    snprintf(path, sizeof path, "%s.wtns", prefix);
    if ((rc = zkfl_wtns_write(path, w, nw)) != 0)
        return die(path, rc);
    printf("constraints=%zu wires=%zu\n", zkfl_r1cs_n_constraints(cs), nw);
    free(w);
    zkfl_r1cs_free(cs);
    return 0;
}

/* ---- keygen: a circuit-specific Groth16 key straight from random toxic
 * waste (as arkworks' generate_random_parameters does), written as a
 * snarkjs .zkey. Only for benchmarks: a ceremony (zkfl_ptau_* and
 * zkfl_zkey_*) is the way to make real keys, but its group FFTs take hours
 * at 2^18 on two cores. The secrets are wiped, the fixed-base tables are
 * variable time: acceptable for throwaway benchmark keys only. ---- */

#define FB_WINDOWS 32
typedef struct { zkfl_g1_affine t[FB_WINDOWS][256]; } fb_g1;
typedef struct { zkfl_g2_affine t[FB_WINDOWS][256]; } fb_g2;

static int fb_g1_init(fb_g1 *fb)
{
    zkfl_g1 base, acc, *row = malloc(256 * sizeof *row);
    if (row == NULL) return ZKFL_ERR_NOMEM;
    zkfl_g1_generator(&base);
    for (int w = 0; w < FB_WINDOWS; w++) {
        zkfl_g1_set_infinity(&acc);
        for (int d = 0; d < 256; d++) {
            row[d] = acc;
            zkfl_g1_add(&acc, &acc, &base);
        }
        zkfl_g1_batch_to_affine(fb->t[w], row, 256);
        for (int i = 0; i < 8; i++) zkfl_g1_dbl(&base, &base);
    }
    free(row);
    return 0;
}

static int fb_g2_init(fb_g2 *fb)
{
    zkfl_g2 base, acc, *row = malloc(256 * sizeof *row);
    if (row == NULL) return ZKFL_ERR_NOMEM;
    zkfl_g2_generator(&base);
    for (int w = 0; w < FB_WINDOWS; w++) {
        zkfl_g2_set_infinity(&acc);
        for (int d = 0; d < 256; d++) {
            row[d] = acc;
            zkfl_g2_add(&acc, &acc, &base);
        }
        zkfl_g2_batch_to_affine(fb->t[w], row, 256);
        for (int i = 0; i < 8; i++) zkfl_g2_dbl(&base, &base);
    }
    free(row);
    return 0;
}

struct fb_job {
    const fb_g1 *f1;
    const fb_g2 *f2;
    const zkfl_fr *k;
    zkfl_g1 *o1;
    zkfl_g2 *o2;
};

static void fb_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct fb_job *j = ctx;
    uint8_t b[32];
    for (size_t i = begin; i < end; i++) {
        zkfl_fr_to_bytes_le(b, &j->k[i]);
        if (j->o1) {
            zkfl_g1_set_infinity(&j->o1[i]);
            for (int w = 0; w < FB_WINDOWS; w++)
                if (b[w]) zkfl_g1_add_affine(&j->o1[i], &j->o1[i], &j->f1->t[w][b[w]]);
        } else {
            zkfl_g2_set_infinity(&j->o2[i]);
            for (int w = 0; w < FB_WINDOWS; w++)
                if (b[w]) zkfl_g2_add_affine(&j->o2[i], &j->o2[i], &j->f2->t[w][b[w]]);
        }
    }
}

/* out[i] = k[i] * G1 (or G2), in parallel, affine. */
static int fb_mul_g1(zkfl_g1_affine *out, const fb_g1 *f, const zkfl_fr *k, size_t n)
{
    zkfl_g1 *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (tmp == NULL) return ZKFL_ERR_NOMEM;
    struct fb_job j = {f, NULL, k, tmp, NULL};
    int rc = zkfl_parallel_for(n, 0, fb_range, &j);
    if (rc == 0) rc = zkfl_g1_batch_to_affine(out, tmp, n);
    free(tmp);
    return rc;
}

static int fb_mul_g2(zkfl_g2_affine *out, const fb_g2 *f, const zkfl_fr *k, size_t n)
{
    zkfl_g2 *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (tmp == NULL) return ZKFL_ERR_NOMEM;
    struct fb_job j = {NULL, f, k, NULL, tmp};
    int rc = zkfl_parallel_for(n, 0, fb_range, &j);
    if (rc == 0) rc = zkfl_g2_batch_to_affine(out, tmp, n);
    free(tmp);
    return rc;
}

/* L_j(x) for j < N on the domain of the N-th roots of unity (power log_n):
 * L_j(x) = w^j (x^N - 1) / (N (x - w^j)). */
static int lagrange_at(zkfl_fr *out, const zkfl_fr *x, unsigned log_n)
{
    size_t N = (size_t)1 << log_n;
    zkfl_fr w, wj, xn, t, ninv;
    int rc = zkfl_fr_root_of_unity(&w, log_n);
    if (rc != 0) return rc;
    zkfl_fr *den = malloc(N * sizeof *den);
    if (den == NULL) return ZKFL_ERR_NOMEM;
    zkfl_fr_set_one(&wj);
    for (size_t j = 0; j < N; j++) {
        zkfl_fr_sub(&den[j], x, &wj);
        out[j] = wj;
        zkfl_fr_mul(&wj, &wj, &w);
    }
    zkfl_fr_batch_inv_vartime(den, den, N);
    xn = *x;
    for (unsigned i = 0; i < log_n; i++) zkfl_fr_sqr(&xn, &xn);
    zkfl_fr_set_one(&t);
    zkfl_fr_sub(&xn, &xn, &t);                     /* x^N - 1 */
    zkfl_fr_set_u64(&ninv, (uint64_t)N);
    zkfl_fr_inv(&ninv, &ninv);
    zkfl_fr_mul(&xn, &xn, &ninv);
    for (size_t j = 0; j < N; j++) {
        zkfl_fr_mul(&out[j], &out[j], &den[j]);
        zkfl_fr_mul(&out[j], &out[j], &xn);
    }
    free(den);
    return 0;
}

static int cmd_keygen(const char *r1cs_path, const char *zkey_path)
{
    zkfl_r1cs *cs = NULL;
    int rc = zkfl_r1cs_read(&cs, r1cs_path);
    if (rc != 0) return die(r1cs_path, rc);
    uint64_t t0 = zkfl_now_ns();
    size_t nv = zkfl_r1cs_n_wires(cs), np = zkfl_r1cs_n_public(cs), m = zkfl_r1cs_n_constraints(cs);
    unsigned power = 1;
    while (((size_t)1 << power) < m + np + 1) power++;
    size_t n = (size_t)1 << power;
    zkfl_fr tw[5];                                 /* tau, alpha, beta, gamma, delta */
    for (int i = 0; i < 5; i++)
        if ((rc = zkfl_fr_random(&tw[i])) != 0) return die("random", rc);
    zkfl_fr *lag = malloc(2 * n * sizeof *lag), *u = calloc(nv, sizeof *u), *v = calloc(nv, sizeof *v),
            *wv = calloc(nv, sizeof *wv), *k = malloc((2 * n > nv ? 2 * n : nv) * sizeof *k);
    zkfl_zkey zk;
    memset(&zk, 0, sizeof zk);
    size_t cap = 16;
    zk.coefs = malloc(cap * sizeof *zk.coefs);
    if (!lag || !u || !v || !wv || !k || !zk.coefs) return die("malloc", ZKFL_ERR_NOMEM);
    if ((rc = lagrange_at(lag, &tw[0], power)) != 0) return die("lagrange", rc);
    for (size_t c = 0; c < m + np + 1; c++) {
        zkfl_lc lc[3];
        zkfl_lc_term one_term;
        if (c < m) {
            zkfl_r1cs_constraint(&lc[0], &lc[1], &lc[2], cs, c);
        } else {                                   /* snarkjs's extra A row per public wire */
            one_term.wire = (uint32_t)(c - m);
            zkfl_fr_set_one(&one_term.coeff);
            lc[0] = (zkfl_lc){&one_term, 1};
            lc[1] = lc[2] = (zkfl_lc){NULL, 0};
        }
        zkfl_fr *acc[3] = {u, v, wv};
        for (int mat = 0; mat < 3; mat++)
            for (size_t t = 0; t < lc[mat].n; t++) {
                const zkfl_lc_term *term = &lc[mat].terms[t];
                zkfl_fr p;
                zkfl_fr_mul(&p, &term->coeff, &lag[c]);
                zkfl_fr_add(&acc[mat][term->wire], &acc[mat][term->wire], &p);
                if (mat == 2) continue;
                if (zk.n_coefs == cap) {
                    cap *= 2;
                    zkfl_zkey_coef *nc = realloc(zk.coefs, cap * sizeof *nc);
                    if (nc == NULL) return die("malloc", ZKFL_ERR_NOMEM);
                    zk.coefs = nc;
                }
                zk.coefs[zk.n_coefs++] = (zkfl_zkey_coef){(uint32_t)mat, (uint32_t)c, term->wire, term->coeff};
            }
    }
    fb_g1 *f1 = malloc(sizeof *f1);
    fb_g2 *f2 = malloc(sizeof *f2);
    zk.n_vars = (uint32_t)nv; zk.n_public = (uint32_t)np; zk.domain_size = (uint32_t)n; zk.power = power;
    zk.ic = malloc((np + 1) * sizeof *zk.ic);
    zk.a = malloc(nv * sizeof *zk.a); zk.b1 = malloc(nv * sizeof *zk.b1); zk.b2 = malloc(nv * sizeof *zk.b2);
    zk.c = malloc((nv - np) * sizeof *zk.c); zk.h = malloc(n * sizeof *zk.h);
    if (!f1 || !f2 || !zk.ic || !zk.a || !zk.b1 || !zk.b2 || !zk.c || !zk.h) return die("malloc", ZKFL_ERR_NOMEM);
    if ((rc = fb_g1_init(f1)) != 0 || (rc = fb_g2_init(f2)) != 0) return die("tables", rc);
    zkfl_fr one, gi, di, ab[2];
    zkfl_fr_set_one(&one);
    zkfl_fr_inv(&gi, &tw[3]);
    zkfl_fr_inv(&di, &tw[4]);
    if ((rc = fb_mul_g1(zk.a, f1, u, nv)) != 0 || (rc = fb_mul_g1(zk.b1, f1, v, nv)) != 0 ||
        (rc = fb_mul_g2(zk.b2, f2, v, nv)) != 0)
        return die("points", rc);
    /* beta u_i + alpha v_i + w_i, over gamma (public) or delta (private). */
    for (size_t i = 0; i < nv; i++) {
        zkfl_fr t;
        zkfl_fr_mul(&k[i], &tw[2], &u[i]);
        zkfl_fr_mul(&t, &tw[1], &v[i]);
        zkfl_fr_add(&k[i], &k[i], &t);
        zkfl_fr_add(&k[i], &k[i], &wv[i]);
        zkfl_fr_mul(&k[i], &k[i], i <= np ? &gi : &di);
    }
    if ((rc = fb_mul_g1(zk.ic, f1, k, np + 1)) != 0 || (rc = fb_mul_g1(zk.c, f1, k + np + 1, nv - np - 1)) != 0)
        return die("points", rc);
    /* H_i = L^{2n}_{2i+1}(tau) / delta: the prover's quotient values live on
     * the odd points of the doubled domain. */
    if ((rc = lagrange_at(lag, &tw[0], power + 1)) != 0) return die("lagrange", rc);
    for (size_t i = 0; i < n; i++)
        zkfl_fr_mul(&k[i], &lag[2 * i + 1], &di);
    if ((rc = fb_mul_g1(zk.h, f1, k, n)) != 0) return die("points", rc);
    zkfl_g1_affine g1s[3];
    zkfl_g2_affine g2s[3];
    zkfl_fr s1[3] = {tw[1], tw[2], tw[4]}, s2[3] = {tw[2], tw[3], tw[4]};
    if ((rc = fb_mul_g1(g1s, f1, s1, 3)) != 0 || (rc = fb_mul_g2(g2s, f2, s2, 3)) != 0) return die("points", rc);
    zk.alpha1 = g1s[0]; zk.beta1 = g1s[1]; zk.delta1 = g1s[2];
    zk.beta2 = g2s[0]; zk.gamma2 = g2s[1]; zk.delta2 = g2s[2];
    (void)ab; (void)one;
    zkfl_memzero(tw, sizeof tw);
    zkfl_memzero(s1, sizeof s1);
    zkfl_memzero(s2, sizeof s2);
    zkfl_memzero(&gi, sizeof gi);
    zkfl_memzero(&di, sizeof di);
    if ((rc = zkfl_zkey_write(zkey_path, &zk)) != 0) return die(zkey_path, rc);
    printf("keygen_ms=%.0f power=%u coefs=%zu\n", ms_since(t0), power, zk.n_coefs);
    free(zk.coefs); free(zk.ic); free(zk.a); free(zk.b1); free(zk.b2); free(zk.c); free(zk.h);
    free(f1); free(f2); free(lag); free(u); free(v); free(wv); free(k);
    zkfl_r1cs_free(cs);
    return 0;
}

static int load(zkfl_zkey **zk, zkfl_fr **w, size_t *nw, zkfl_groth16_vk *vk, const char *zkey, const char *wtns)
{
    int rc;
    if ((rc = zkfl_zkey_read(zk, zkey)) != 0) return die(zkey, rc);
    if ((rc = zkfl_wtns_read(w, nw, wtns)) != 0) return die(wtns, rc);
    if ((rc = zkfl_groth16_vk_from_zkey(vk, *zk)) != 0) return die("vk_from_zkey", rc);
    return 0;
}

static int cmd_verify(const char *zkey, const char *wtns, int repeat)
{
    zkfl_zkey *zk; zkfl_fr *w; size_t nw; zkfl_groth16_vk vk; zkfl_groth16_proof p;
    if (load(&zk, &w, &nw, &vk, zkey, wtns) != 0) return 1;
    int rc = zkfl_groth16_prove(&p, NULL, zk, w, nw, 0);
    if (rc != 0) return die("prove", rc);
    if ((rc = zkfl_groth16_verify_vartime(&vk, w + 1, vk.n_public, &p)) != 0) return die("verify", rc);
    uint64_t t0 = zkfl_now_ns();
    double c0 = cpu_ms();
    for (int i = 0; i < repeat; i++)
        if (zkfl_groth16_verify_vartime(&vk, w + 1, vk.n_public, &p) != 0) return die("verify", rc);
    printf("verify_ms=%.3f verify_cpu_ms=%.3f repeat=%d\n", ms_since(t0) / repeat, (cpu_ms() - c0) / repeat, repeat);
    return 0;
}

static int cmd_batch(const char *zkey, const char *wtns, size_t n)
{
    zkfl_zkey *zk; zkfl_fr *w; size_t nw; zkfl_groth16_vk vk;
    if (load(&zk, &w, &nw, &vk, zkey, wtns) != 0) return 1;
    zkfl_groth16_proof *p = malloc(n * sizeof *p);
    zkfl_fr *pub = malloc(n * (vk.n_public + 1) * sizeof *pub);
    uint8_t *ok = malloc(n);
    if (!p || !pub || !ok) return die("malloc", ZKFL_ERR_NOMEM);
    int rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = zkfl_groth16_prove(&p[i], NULL, zk, w, nw, 0)) != 0) return die("prove", rc);
        memcpy(pub + i * vk.n_public, w + 1, vk.n_public * sizeof *w);
    }
    uint64_t t0 = zkfl_now_ns();
    double c0 = cpu_ms();
    if ((rc = zkfl_groth16_verify_batch_vartime(ok, &vk, pub, p, n)) != 0) return die("batch", rc);
    double batch_ms = ms_since(t0), batch_cpu = cpu_ms() - c0;
    t0 = zkfl_now_ns();
    for (size_t i = 0; i < n; i++)
        if ((rc = zkfl_groth16_verify_vartime(&vk, pub + i * vk.n_public, vk.n_public, &p[i])) != 0)
            return die("verify", rc);
    double single_ms = ms_since(t0);
    printf("proofs=%zu batch_ms=%.3f batch_per_proof_ms=%.4f batch_cpu_per_proof_ms=%.4f"
           " individual_per_proof_ms=%.4f\n",
           n, batch_ms, batch_ms / (double)n, batch_cpu / (double)n, single_ms / (double)n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "circuit") == 0)
        return cmd_circuit((unsigned)atoi(argv[2]), argv[3]);
    if (argc == 4 && strcmp(argv[1], "keygen") == 0)
        return cmd_keygen(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "verify") == 0)
        return cmd_verify(argv[2], argv[3], atoi(argv[4]));
    if (argc == 5 && strcmp(argv[1], "batch") == 0)
        return cmd_batch(argv[2], argv[3], (size_t)atol(argv[4]));
    fprintf(stderr, "usage: groth16_bench circuit LOG_N PREFIX |"
                    " keygen R1CS ZKEY | verify ZKEY WTNS REPEAT | batch ZKEY WTNS N\n");
    return 2;
}
