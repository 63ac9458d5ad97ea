/* The local one-party setup: the toxic waste is known to this process, so
 * every key point is a polynomial evaluation at tau computed in Fr, times a
 * generator - no powers of tau, no group FFT.
 *
 * On the domain of size n with root w, L_c(tau) = (tau^n - 1) w^c /
 * (n (tau - w^c)), all n denominators inverted together (one inversion).
 * Every wire's A_s(tau), B_s(tau), C_s(tau) is accumulated from the
 * constraint system (plus snarkjs's extra A entry L_(nc+s) per public wire),
 * K_s = beta A_s + alpha B_s + C_s, and the H query holds the odd points of
 * the 2n-point Lagrange basis, L'_(2i+1)(tau) / delta - exactly the layout
 * zkfl_zkey_setup derives from a prepared .ptau, so the same prover and
 * verifier work on both keys. All points come from one fixed-base table
 * per group (cgroth16_fixedbase.c). Every secret-derived array is wiped. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"
#include "snark/r1cs_internal.h"
#include "snark/zkey_internal.h"
#include "zkfl/poly.h"

/* Secret scalars of one setup, wiped together. */
typedef struct {
    zkfl_fr *lag;     /* L_c(tau), c < rows */
    zkfl_fr *hq;      /* L'_(2i+1)(tau) / delta, i < n (the H query scalars) */
    zkfl_fr *u, *v, *k;   /* per wire: A_s(tau), B_s(tau), K_s scaled for its query */
    zkfl_fr *tmp;     /* scratch: denominators and prefix products */
    size_t rows, n, nv;
} secrets;

static void secrets_free(secrets *s)
{
    if (s->lag) zkfl_memzero(s->lag, s->rows * sizeof *s->lag);
    if (s->hq) zkfl_memzero(s->hq, s->n * sizeof *s->hq);
    if (s->u) zkfl_memzero(s->u, s->nv * sizeof *s->u);
    if (s->v) zkfl_memzero(s->v, s->nv * sizeof *s->v);
    if (s->k) zkfl_memzero(s->k, s->nv * sizeof *s->k);
    if (s->tmp) zkfl_memzero(s->tmp, (s->rows + s->n) * 2 * sizeof *s->tmp);
    free(s->lag);
    free(s->hq);
    free(s->u);
    free(s->v);
    free(s->k);
    free(s->tmp);
}

/* x[i] <- 1/x[i] for i < m (all non-zero): Montgomery's trick with one
 * constant-time inversion; pre is scratch of m entries. */
static void batch_inverse(zkfl_fr *x, zkfl_fr *pre, size_t m)
{
    zkfl_fr acc, inv, t;
    zkfl_fr_set_one(&acc);
    for (size_t i = 0; i < m; i++) {
        pre[i] = acc;
        zkfl_fr_mul(&acc, &acc, &x[i]);
    }
    zkfl_fr_inv(&inv, &acc);
    for (size_t i = m; i-- > 0;) {
        zkfl_fr_mul(&t, &inv, &pre[i]);
        zkfl_fr_mul(&inv, &inv, &x[i]);
        x[i] = t;
    }
    zkfl_memzero(&acc, sizeof acc);
    zkfl_memzero(&inv, sizeof inv);
    zkfl_memzero(&t, sizeof t);
}

static void pow2k(zkfl_fr *r, const zkfl_fr *x, unsigned k)
{
    *r = *x;
    for (unsigned i = 0; i < k; i++) zkfl_fr_sqr(r, r);
}

/* lag[c] = L_c(tau) on the n-domain for c < rows; hq[i] = L'_(2i+1)(tau)
 * on the 2n-domain, times dinv. */
static int lagrange(secrets *s, const zkfl_fr *tau, const zkfl_fr *dinv, unsigned power)
{
    size_t n = s->n, rows = s->rows, m = rows + n;
    zkfl_fr w, w2, x, zn, z2n, scale, t, ninv;
    zkfl_fr *den = s->tmp, *pre = s->tmp + m;
    int rc = zkfl_fr_root_of_unity(&w, power);
    if (!rc) rc = zkfl_fr_root_of_unity(&w2, power + 1);
    if (rc) return zkfl_snark_fail(rc, "cgroth16 local setup: no root of unity of order 2^%u", power + 1);
    /* Denominators tau - w^c and tau - w2^(2i+1). */
    zkfl_fr_set_one(&x);
    for (size_t c = 0; c < rows; c++) {
        zkfl_fr_sub(&den[c], tau, &x);
        zkfl_fr_mul(&x, &x, &w);
    }
    x = w2;
    zkfl_fr_sqr(&t, &w2);   /* step between odd powers: w2^2 */
    for (size_t i = 0; i < n; i++) {
        zkfl_fr_sub(&den[rows + i], tau, &x);
        zkfl_fr_mul(&x, &x, &t);
    }
    pow2k(&zn, tau, power);
    zkfl_fr_sqr(&z2n, &zn);
    zkfl_fr one;
    zkfl_fr_set_one(&one);
    zkfl_fr_sub(&zn, &zn, &one);
    zkfl_fr_sub(&z2n, &z2n, &one);
    if (zkfl_fr_is_zero(&z2n))   /* tau^(2n) = 1: tau is on one of the domains */
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 local setup: tau is a 2n-th root of unity");
    batch_inverse(den, pre, m);
    /* L_c = (tau^n - 1)/n * w^c / (tau - w^c) */
    zkfl_fr_set_u64(&ninv, (uint64_t)n);
    zkfl_fr_inv(&ninv, &ninv);
    zkfl_fr_mul(&scale, &zn, &ninv);
    zkfl_fr_set_one(&x);
    for (size_t c = 0; c < rows; c++) {
        zkfl_fr_mul(&s->lag[c], &scale, &x);
        zkfl_fr_mul(&s->lag[c], &s->lag[c], &den[c]);
        zkfl_fr_mul(&x, &x, &w);
    }
    /* L'_j = (tau^2n - 1)/(2n) * w2^j / (tau - w2^j), j = 2i+1, then / delta */
    zkfl_fr_set_u64(&ninv, 2 * (uint64_t)n);
    zkfl_fr_inv(&ninv, &ninv);
    zkfl_fr_mul(&scale, &z2n, &ninv);
    zkfl_fr_mul(&scale, &scale, dinv);
    zkfl_fr_sqr(&t, &w2);
    x = w2;
    for (size_t i = 0; i < n; i++) {
        zkfl_fr_mul(&s->hq[i], &scale, &x);
        zkfl_fr_mul(&s->hq[i], &s->hq[i], &den[rows + i]);
        zkfl_fr_mul(&x, &x, &t);
    }
    zkfl_memzero(&zn, sizeof zn);
    zkfl_memzero(&z2n, sizeof z2n);
    zkfl_memzero(&scale, sizeof scale);
    return 0;
}

/* Which wires occur in A, in B, in any matrix: public structure, used
 * only to skip multiplications by a scalar that is zero anyway. */
enum { IN_A = 1, IN_B = 2, IN_ANY = 4 };

static int build(zkfl_cgroth16_pk *pk, const zkfl_r1cs *cs, const zkfl_cg_toxic *t, secrets *s,
                 uint8_t *flags, uint8_t *skip, int threads)
{
    zkfl_zkey *zk = pk->zk;
    zkfl_cgroth16_vk *vk = &pk->vk;
    size_t nc = cs->n_constraints, nv = zk->n_vars, np = zk->n_public;
    zkfl_fr ginv, dinv, acc;
    zkfl_fr_inv(&ginv, &t->gamma);
    zkfl_fr_inv(&dinv, &t->delta);
    int rc = lagrange(s, &t->tau, &dinv, zk->power);
    if (rc) goto out;

    /* A_s(tau), B_s(tau) into u, v; C_s(tau) straight into k. */
    for (size_t i = 0; i < nc; i++)
        for (int m = 0; m < 3; m++)
            for (size_t q = cs->offs[3 * i + m]; q < cs->offs[3 * i + m + 1]; q++) {
                uint32_t w = cs->terms[q].wire;
                zkfl_fr *dst = m == 0 ? &s->u[w] : m == 1 ? &s->v[w] : &s->k[w];
                zkfl_fr_mul(&acc, &cs->terms[q].coeff, &s->lag[i]);
                zkfl_fr_add(dst, dst, &acc);
                flags[w] |= (uint8_t)(m == 0 ? IN_A | IN_ANY : m == 1 ? IN_B | IN_ANY : IN_ANY);
            }
    for (size_t p = 0; p <= np; p++) {
        zkfl_fr_add(&s->u[p], &s->u[p], &s->lag[nc + p]);
        flags[p] |= IN_A | IN_ANY;
    }

    zkfl_cg_fixed_base *fb = NULL;
    if ((rc = zkfl_cg_fixed_base_new(&fb))) goto out;
    for (size_t w = 0; w < nv; w++) skip[w] = !(flags[w] & IN_A);
    rc = zkfl_cg_fixed_base_g1(zk->a, s->u, skip, nv, fb, threads);
    for (size_t w = 0; w < nv && !rc; w++) skip[w] = !(flags[w] & IN_B);
    if (!rc) rc = zkfl_cg_fixed_base_g1(zk->b1, s->v, skip, nv, fb, threads);
    if (!rc) rc = zkfl_cg_fixed_base_g2(zk->b2, s->v, skip, nv, fb, threads);

    /* K_s = beta A_s + alpha B_s + C_s, over gamma (public and committed
     * wires) or delta (the rest); committed wires leave the C query. */
    for (size_t w = 0; w < nv && !rc; w++) {
        zkfl_fr_mul(&acc, &t->beta, &s->u[w]);
        zkfl_fr_add(&s->k[w], &s->k[w], &acc);
        zkfl_fr_mul(&acc, &t->alpha, &s->v[w]);
        zkfl_fr_add(&s->k[w], &s->k[w], &acc);
        zkfl_fr_mul(&s->k[w], &s->k[w], w <= np ? &ginv : &dinv);
        skip[w] = !(flags[w] & IN_ANY);
    }
    size_t total = vk->group_start[vk->n_groups];
    /* Bases: K_i / gamma and sigma_j K_i / gamma, reusing u as scratch. */
    for (uint32_t g = 0; g < vk->n_groups && !rc; g++)
        for (size_t i = vk->group_start[g]; i < vk->group_start[g + 1]; i++) {
            uint32_t w = vk->wires[i];
            zkfl_fr_mul(&s->u[i], &s->k[w], &t->delta);   /* undo / delta */
            zkfl_fr_mul(&s->u[i], &s->u[i], &ginv);
            zkfl_fr_mul(&s->v[i], &s->u[i], &t->sigma[g]);
            zkfl_fr_set_zero(&s->k[w]);
            skip[w] = 1;
        }
    if (!rc) rc = zkfl_cg_fixed_base_g1(zk->ic, s->k, skip, np + 1, fb, threads);
    if (!rc) rc = zkfl_cg_fixed_base_g1(zk->c, s->k + np + 1, skip + np + 1, nv - np - 1, fb, threads);
    if (!rc) rc = zkfl_cg_fixed_base_g1(vk->bases, s->u, NULL, total, fb, threads);
    if (!rc) rc = zkfl_cg_fixed_base_g1(pk->sigma_bases, s->v, NULL, total, fb, threads);
    if (!rc) rc = zkfl_cg_fixed_base_g1(zk->h, s->hq, NULL, s->n, fb, threads);

    /* The few single points. */
    if (!rc) {
        zkfl_fr k1[3] = {t->alpha, t->beta, t->delta};
        zkfl_g1_affine p1[3];
        zkfl_fr k2[3 + ZKFL_CGROTH16_MAX_GROUPS];
        zkfl_g2_affine p2[3 + ZKFL_CGROTH16_MAX_GROUPS];
        k2[0] = t->beta;
        k2[1] = t->gamma;
        k2[2] = t->delta;
        for (uint32_t g = 0; g < vk->n_groups; g++) zkfl_fr_neg(&k2[3 + g], &t->sigma[g]);
        rc = zkfl_cg_fixed_base_g1(p1, k1, NULL, 3, fb, 1);
        if (!rc) rc = zkfl_cg_fixed_base_g2(p2, k2, NULL, 3 + vk->n_groups, fb, 1);
        if (!rc) {
            zk->alpha1 = p1[0];
            zk->beta1 = p1[1];
            zk->delta1 = p1[2];
            zk->beta2 = p2[0];
            zk->gamma2 = p2[1];
            zk->delta2 = p2[2];
            for (uint32_t g = 0; g < vk->n_groups; g++) vk->sigma_neg[g] = p2[3 + g];
        }
        zkfl_memzero(k1, sizeof k1);
        zkfl_memzero(k2, sizeof k2);
    }
    zkfl_cg_fixed_base_free(fb);
out:
    zkfl_memzero(&ginv, sizeof ginv);
    zkfl_memzero(&dinv, sizeof dinv);
    zkfl_memzero(&acc, sizeof acc);
    return rc;
}

int zkfl_cg_setup_local(zkfl_cgroth16_pk **out, const zkfl_r1cs *cs, const zkfl_cgroth16_group *groups,
                        size_t n_groups, const zkfl_cgroth16_challenge *ch, size_t n_ch,
                        const zkfl_cg_toxic *t, int threads)
{
    if (out == NULL || cs == NULL || t == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    unsigned power = zkfl_zkey_domain_power(cs);
    if (power == 0)
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 local setup: the circuit has no constraints and no public signals");
    if (power >= 28)
        return zkfl_snark_fail(ZKFL_ERR_RANGE, "cgroth16 local setup: the circuit needs a domain of 2^%u (at most 2^27)", power);
    zkfl_cgroth16_pk *pk = calloc(1, sizeof *pk);
    if (pk == NULL) return ZKFL_ERR_NOMEM;
    secrets s = {0};
    uint8_t *flags = NULL, *skip = NULL;
    int rc = zkfl_cg_layout(pk, cs, groups, n_groups, ch, n_ch);
    if (rc) goto fail;
    if ((rc = zkfl_zkey_new_for_r1cs(&pk->zk, cs, power))) goto fail;
    zkfl_zkey *zk = pk->zk;
    /* The snarkjs circuit hash and contribution chain belong to ceremonies. */
    zk->has_mpc = 0;

    rc = ZKFL_ERR_NOMEM;
    s.n = zk->domain_size;
    s.rows = cs->n_constraints + zk->n_public + 1;
    s.nv = zk->n_vars;
    s.lag = calloc(s.rows, sizeof *s.lag);
    s.hq = calloc(s.n, sizeof *s.hq);
    s.u = calloc(s.nv, sizeof *s.u);
    s.v = calloc(s.nv, sizeof *s.v);
    s.k = calloc(s.nv, sizeof *s.k);
    s.tmp = calloc((s.rows + s.n) * 2, sizeof *s.tmp);
    flags = calloc(s.nv, 1);
    skip = calloc(s.nv, 1);
    if (!s.lag || !s.hq || !s.u || !s.v || !s.k || !s.tmp || !flags || !skip) goto fail;
    if ((rc = build(pk, cs, t, &s, flags, skip, threads))) goto fail;
    if ((rc = zkfl_cg_finish(pk))) goto fail;
    secrets_free(&s);
    free(flags);
    free(skip);
    *out = pk;
    return 0;
fail:
    secrets_free(&s);
    free(flags);
    free(skip);
    zkfl_cgroth16_pk_free(pk);
    return rc;
}
