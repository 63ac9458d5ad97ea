/* snarkjs zkey new / groth16 setup: the initial Groth16 key of a circuit
 * from a prepared powers-of-tau file. With L_c the Lagrange basis of the
 * circuit's domain evaluated at tau (sections 12..15):
 *   A[s]  = sum_A coef L_c G1          (+ L_(nC+s) for public s)
 *   B1[s] = sum_B coef L_c G1,  B2[s] = sum_B coef L_c G2
 *   IC/C[s] = sum_A coef beta L_c + sum_B coef alpha L_c + sum_C coef L_c
 *   H[i]  = the odd points of the 2n-point Lagrange basis (tau^n - 1 on
 *           the coset), delta = gamma = 1,
 * plus snarkjs's circuit hash over all of it. */
#include <stdlib.h>
#include <string.h>
#include "snark/r1cs_internal.h"
#include "snark/setup_common.h"
#include "snark/zkey_internal.h"

enum { T_A, T_B, T_C, T_EXTRA };

/* One contribution to a wire's point: coef * base[row]. */
typedef struct {
    uint32_t row;
    uint8_t kind;     /* T_A, T_B, T_C, or T_EXTRA (coefficient one) */
    const zkfl_fr *coef;
} wire_term;

typedef struct {
    zkfl_zkey *zk;
    const wire_term *terms;
    const size_t *start;      /* per wire, n_vars + 1 */
    const zkfl_g1_affine *l1, *la, *lb;
    const zkfl_g2_affine *l2;
} compose_job;

static void add_scaled_g1(zkfl_g1 *acc, const zkfl_g1_affine *p, const zkfl_fr *k)
{
    if (k == NULL || zkfl_fr_is_one(k)) {
        zkfl_g1_add_affine(acc, acc, p);
        return;
    }
    zkfl_g1 t;
    zkfl_g1_from_affine(&t, p);
    zkfl_g1_mul_vartime(&t, &t, k);
    zkfl_g1_add(acc, acc, &t);
}

static void add_scaled_g2(zkfl_g2 *acc, const zkfl_g2_affine *p, const zkfl_fr *k)
{
    if (k == NULL || zkfl_fr_is_one(k)) {
        zkfl_g2_add_affine(acc, acc, p);
        return;
    }
    zkfl_g2 t;
    zkfl_g2_from_affine(&t, p);
    zkfl_g2_mul_vartime(&t, &t, k);
    zkfl_g2_add(acc, acc, &t);
}

static void compose_range(void *ctx, size_t b, size_t e, int worker)
{
    compose_job *j = ctx;
    zkfl_zkey *zk = j->zk;
    for (size_t s = b; s < e; s++) {
        zkfl_g1 a, b1, k;
        zkfl_g2 b2;
        zkfl_g1_set_infinity(&a);
        zkfl_g1_set_infinity(&b1);
        zkfl_g1_set_infinity(&k);
        zkfl_g2_set_infinity(&b2);
        for (size_t t = j->start[s]; t < j->start[s + 1]; t++) {
            const wire_term *w = &j->terms[t];
            switch (w->kind) {
            case T_A:
                add_scaled_g1(&a, &j->l1[w->row], w->coef);
                add_scaled_g1(&k, &j->lb[w->row], w->coef);
                break;
            case T_B:
                add_scaled_g1(&b1, &j->l1[w->row], w->coef);
                add_scaled_g2(&b2, &j->l2[w->row], w->coef);
                add_scaled_g1(&k, &j->la[w->row], w->coef);
                break;
            case T_C:
                add_scaled_g1(&k, &j->l1[w->row], w->coef);
                break;
            default:
                add_scaled_g1(&a, &j->l1[w->row], NULL);
                add_scaled_g1(&k, &j->lb[w->row], NULL);
                break;
            }
        }
        zkfl_g1_to_affine(&zk->a[s], &a);
        zkfl_g1_to_affine(&zk->b1[s], &b1);
        zkfl_g2_to_affine(&zk->b2[s], &b2);
        if (s <= zk->n_public) zkfl_g1_to_affine(&zk->ic[s], &k);
        else zkfl_g1_to_affine(&zk->c[s - zk->n_public - 1], &k);
    }
}

static void hash_u32be(zkfl_blake2b *h, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    zkfl_blake2b_update(h, b, 4);
}

/* snarkjs's circuit hash (zkey_new.js csHasher). */
static int circuit_hash(zkfl_zkey *zk, const zkfl_ptau *pt)
{
    zkfl_blake2b h;
    int err;
    zkfl_blake2b_init(&h);
    zkfl_setup_hash_g1_one(&h, &zk->alpha1);
    zkfl_setup_hash_g1_one(&h, &zk->beta1);
    zkfl_setup_hash_g2_one(&h, &zk->beta2);
    zkfl_setup_hash_g2_one(&h, &zk->gamma2);
    zkfl_setup_hash_g1_one(&h, &zk->delta1);
    zkfl_setup_hash_g2_one(&h, &zk->delta2);
    hash_u32be(&h, zk->n_public + 1);
    if ((err = zkfl_setup_hash_g1(&h, zk->ic, zk->n_public + 1, 0)) != 0) return err;
    /* The H part hashes (tau^(i+n) - tau^i) G1 for i < n-1, from the powers. */
    size_t n = zk->domain_size;
    hash_u32be(&h, (uint32_t)(n - 1));
    zkfl_g1_affine *d = malloc((n > 1 ? n - 1 : 1) * sizeof *d);
    zkfl_g1 *dp = malloc((n > 1 ? n - 1 : 1) * sizeof *dp);
    if (d == NULL || dp == NULL) { free(d); free(dp); return ZKFL_ERR_NOMEM; }
    for (size_t i = 0; i + 1 < n; i++) {
        zkfl_g1 a, b;
        zkfl_g1_from_affine(&a, &pt->tau_g1[i + n]);
        zkfl_g1_from_affine(&b, &pt->tau_g1[i]);
        zkfl_g1_neg(&b, &b);
        zkfl_g1_add(&dp[i], &a, &b);
    }
    err = n > 1 ? zkfl_g1_batch_to_affine(d, dp, n - 1) : 0;
    if (!err) err = zkfl_setup_hash_g1(&h, d, n - 1, 0);
    free(d);
    free(dp);
    if (err) return err;
    uint32_t nc = zk->n_vars - zk->n_public - 1;
    hash_u32be(&h, nc);
    if ((err = zkfl_setup_hash_g1(&h, zk->c, nc, 0)) != 0) return err;
    hash_u32be(&h, zk->n_vars);
    if ((err = zkfl_setup_hash_g1(&h, zk->a, zk->n_vars, 0)) != 0) return err;
    hash_u32be(&h, zk->n_vars);
    if ((err = zkfl_setup_hash_g1(&h, zk->b1, zk->n_vars, 0)) != 0) return err;
    hash_u32be(&h, zk->n_vars);
    if ((err = zkfl_setup_hash_g2(&h, zk->b2, zk->n_vars, 0)) != 0) return err;
    zkfl_blake2b_final(zk->cs_hash, &h);
    return 0;
}

static int build(zkfl_zkey *zk, const zkfl_r1cs *cs, const zkfl_ptau *pt, int threads)
{
    uint32_t np = zk->n_public, nv = zk->n_vars;
    size_t nc = cs->n_constraints, n = zk->domain_size, off = n - 1;
    int err;
    /* Group all terms by wire (counting sort) so each wire's points are
     * composed by one thread without locks. */
    size_t total = cs->n_terms + np + 1;
    size_t *start = calloc((size_t)nv + 2, sizeof *start);
    wire_term *terms = malloc(total * sizeof *terms);
    if (start == NULL || terms == NULL) { free(start); free(terms); return ZKFL_ERR_NOMEM; }
    for (size_t t = 0; t < cs->n_terms; t++) start[cs->terms[t].wire + 2]++;
    for (uint32_t s = 0; s <= np; s++) start[s + 2]++;
    for (size_t s = 2; s < (size_t)nv + 2; s++) start[s] += start[s - 1];
    for (size_t i = 0; i < nc; i++)
        for (int m = 0; m < 3; m++)
            for (size_t t = cs->offs[3 * i + m]; t < cs->offs[3 * i + m + 1]; t++) {
                wire_term *w = &terms[start[cs->terms[t].wire + 1]++];
                w->row = (uint32_t)i;
                w->kind = (uint8_t)m;
                w->coef = &cs->terms[t].coeff;
            }
    for (uint32_t s = 0; s <= np; s++) {
        wire_term *w = &terms[start[s + 1]++];
        w->row = (uint32_t)(nc + s);
        w->kind = T_EXTRA;
        w->coef = NULL;
    }
    compose_job j = {zk, terms, start, pt->lagrange_g1 + off, pt->lagrange_alpha_g1 + off,
                     pt->lagrange_beta_g1 + off, pt->lagrange_g2 + off};
    err = zkfl_parallel_for(nv, nv < 64 ? 1 : threads, compose_range, &j);
    free(start);
    free(terms);
    if (err) return err;
    /* H: odd entries of the Lagrange basis on the 2n-point domain. */
    const zkfl_g1_affine *l2n = pt->lagrange_g1 + (2 * n - 1);
    for (size_t i = 0; i < n; i++) zk->h[i] = l2n[2 * i + 1];
    return circuit_hash(zk, pt);
}

int zkfl_zkey_setup(zkfl_zkey **out, const zkfl_r1cs *cs, const zkfl_ptau *pt, int threads)
{
    if (out == NULL || cs == NULL || pt == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    if (pt->lagrange_g1 == NULL)
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "zkey setup: the powers of tau are not prepared for phase 2 (run ptau prepare)");
    unsigned power = zkfl_zkey_domain_power(cs);
    if (power == 0)
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "zkey setup: the circuit has no constraints and no public signals");
    if (power > pt->power || power >= 28)
        return zkfl_snark_fail(ZKFL_ERR_RANGE, "zkey setup: the circuit needs a domain of 2^%u, the powers of tau hold 2^%u",
                               power, pt->power);
    zkfl_zkey *zk;
    int err = zkfl_zkey_new_for_r1cs(&zk, cs, power);
    if (err) return err;
    zk->alpha1 = pt->alpha_tau_g1[0];
    zk->beta1 = pt->beta_tau_g1[0];
    zk->beta2 = pt->beta_g2;
    zkfl_g1 g1;
    zkfl_g2 g2;
    zkfl_g1_generator(&g1);
    zkfl_g2_generator(&g2);
    zkfl_g1_to_affine(&zk->delta1, &g1);
    zkfl_g2_to_affine(&zk->gamma2, &g2);
    zk->delta2 = zk->gamma2;
    zk->has_mpc = 1;
    err = build(zk, cs, pt, threads);
    if (err) {
        zkfl_zkey_free(zk);
        return err;
    }
    *out = zk;
    return 0;
}

int zkfl_zkey_new(const char *zkey_path, const char *r1cs_path, const char *ptau_path, int threads)
{
    if (zkey_path == NULL || r1cs_path == NULL || ptau_path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_r1cs *cs = NULL;
    zkfl_ptau *pt = NULL;
    zkfl_zkey *zk = NULL;
    int err = zkfl_r1cs_read(&cs, r1cs_path);
    if (!err) err = zkfl_ptau_read(&pt, ptau_path);
    if (!err) err = zkfl_zkey_setup(&zk, cs, pt, threads);
    if (!err) err = zkfl_zkey_write(zkey_path, zk);
    zkfl_zkey_free(zk);
    zkfl_ptau_free(pt);
    zkfl_r1cs_free(cs);
    return err;
}
