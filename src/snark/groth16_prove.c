/* The Groth16 prover, the same algorithm as snarkjs's groth16_prove.js and
 * rapidsnark:
 *  1. A(x), B(x) evaluated on the domain from the key's sparse coefficients
 *     and the witness; C = A o B pointwise (the key carries no C matrix: on
 *     the domain a satisfying witness has A*B = C).
 *  2. Each of A, B, C is interpolated (iNTT) and re-evaluated on the odd
 *     coset g*<w> with g a 2n-th root of unity (snarkjs's Fr.w[power+1]);
 *     the inverse transform is a forward one with negated indices, so the
 *     1/n, the coset's g^j and the index reversal are one pass.
 *     There Z(x) = x^n - 1 = g^n - 1 = -2 is constant, and the key's H
 *     points already absorb 1/Z, so h_i = A_i B_i - C_i is the MSM scalar.
 *  3. MSMs of the witness against the A, B (G1 and G2), C points and of h
 *     against the H points, then the blinding with fresh r, s:
 *       pi_A = alpha + sum w_i A_i + r delta
 *       pi_B = beta  + sum w_i B_i + s delta          (in G2; also in G1 as B1)
 *       pi_C = sum_{private} w_i C_i + H + s pi_A + r B1 - r s delta.
 * Finally the proof is checked against the key's own verification key, so
 * a witness that does not satisfy the circuit is reported, never output. */
#include <stdlib.h>
#include <string.h>
#include "snark/groth16_internal.h"
#include "zkfl/poly.h"

struct abc_job {
    const zkfl_zkey *zk;
    const zkfl_fr *w;
    zkfl_fr *a, *b, *c;
    uint32_t domain;
};

/* Each worker owns a contiguous range of constraint rows and scans every
 * coefficient, so no two threads ever add into the same slot and no
 * per-thread copies of the vectors are needed. */
static void abc_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct abc_job *j = ctx;
    const zkfl_zkey_coef *co = j->zk->coefs;
    for (size_t i = begin; i < end; i++) {
        zkfl_fr_set_zero(&j->a[i]);
        zkfl_fr_set_zero(&j->b[i]);
    }
    for (size_t k = 0; k < j->zk->n_coefs; k++) {
        size_t row = co[k].constraint;
        if (row < begin || row >= end)
            continue;
        zkfl_fr t;
        zkfl_fr_mul(&t, &co[k].value, &j->w[co[k].signal]);
        zkfl_fr *dst = co[k].matrix == 0 ? j->a : j->b;
        zkfl_fr_add(&dst[row], &dst[row], &t);
    }
    for (size_t i = begin; i < end; i++)
        zkfl_fr_mul(&j->c[i], &j->a[i], &j->b[i]);
}

/* f_j = shift^j / n: the inverse transform's 1/n and the coset's shift^j
 * as one factor per coefficient (public values: the domain's). */
struct factor_job {
    zkfl_fr *f;
    zkfl_fr shift, inv_n;
};

static void factor_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct factor_job *j = ctx;
    uint64_t e[4] = {(uint64_t)begin, 0, 0, 0};
    zkfl_fr t;
    zkfl_fr_pow_vartime(&t, &j->shift, e);
    zkfl_fr_mul(&t, &t, &j->inv_n);
    for (size_t i = begin; i < end; i++) {
        j->f[i] = t;
        zkfl_fr_mul(&t, &t, &j->shift);
    }
}

/* After a forward NTT of the domain values v, v'_j = v_((n-j) mod n) f_j
 * are the interpolating polynomial's coefficients already scaled for the
 * coset (the inverse NTT is the forward one with indices negated): one
 * pass instead of the inverse transform's scaling and the coset's. Pairs
 * (j, n-j) are swapped in place. */
struct coset_job {
    zkfl_fr *v;
    const zkfl_fr *f;
    size_t n;
};

static void coset_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct coset_job *j = ctx;
    size_t n = j->n;
    for (size_t i = begin; i < end; i++) {
        if (i == 0 || 2 * i == n) {
            zkfl_fr_mul(&j->v[i], &j->v[i], &j->f[i]);
            continue;
        }
        zkfl_fr t = j->v[i];
        zkfl_fr_mul(&j->v[i], &j->v[n - i], &j->f[i]);
        zkfl_fr_mul(&j->v[n - i], &t, &j->f[n - i]);
    }
}

struct join_job {
    zkfl_fr *a;
    const zkfl_fr *b, *c;
};

static void join_range(void *ctx, size_t begin, size_t end, int worker)
{
    struct join_job *j = ctx;
    for (size_t i = begin; i < end; i++) {
        zkfl_fr_mul(&j->a[i], &j->a[i], &j->b[i]);
        zkfl_fr_sub(&j->a[i], &j->a[i], &j->c[i]);
    }
}

int zkfl_groth16_check_key(const zkfl_zkey *zk)
{
    if (zk == NULL || zk->ic == NULL || zk->a == NULL || zk->b1 == NULL || zk->b2 == NULL || zk->h == NULL ||
        (zk->n_coefs > 0 && zk->coefs == NULL) || zk->n_vars < zk->n_public + 1 ||
        (zk->n_vars > zk->n_public + 1 && zk->c == NULL))
        return ZKFL_ERR_INVALID_ARG;
    if (zk->power >= ZKFL_NTT_MAX_LOG || zk->domain_size != (uint32_t)1 << zk->power)
        return ZKFL_ERR_UNSUPPORTED;
    for (size_t k = 0; k < zk->n_coefs; k++)
        if (zk->coefs[k].matrix > 1 || zk->coefs[k].constraint >= zk->domain_size ||
            zk->coefs[k].signal >= zk->n_vars)
            return ZKFL_ERR_FORMAT;
    return 0;
}

/* The quotient's MSM scalars h (domain_size entries, allocated here). */
int zkfl_groth16_quotient(zkfl_fr **h_out, zkfl_groth16_prove_stats *st, const zkfl_zkey *zk,
                          const zkfl_fr *w, int threads)
{
    size_t n = zk->domain_size;
    zkfl_fr *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    int rc = ZKFL_ERR_NOMEM;
    if (a == NULL || b == NULL || c == NULL)
        goto fail;
    uint64_t t0 = zkfl_now_ns();
    struct abc_job aj = {zk, w, a, b, c, zk->domain_size};
    if ((rc = zkfl_parallel_for(n, threads, abc_range, &aj)) != 0)
        goto fail;
    uint64_t t1 = zkfl_now_ns();
    struct factor_job fj;
    if ((rc = zkfl_fr_root_of_unity(&fj.shift, zk->power + 1)) != 0)
        goto fail;
    zkfl_fr_set_u64(&fj.inv_n, n);
    zkfl_fr_inv_vartime(&fj.inv_n, &fj.inv_n);
    if ((fj.f = malloc(n * sizeof *fj.f)) == NULL) {
        rc = ZKFL_ERR_NOMEM;
        goto fail;
    }
    if ((rc = zkfl_parallel_for(n, threads, factor_range, &fj)) != 0) {
        free(fj.f);
        goto fail;
    }
    zkfl_fr *vec[3] = {a, b, c};
    for (int v = 0; v < 3 && rc == 0; v++) {
        struct coset_job cj = {vec[v], fj.f, n};
        if ((rc = zkfl_ntt(vec[v], n, threads)) != 0 ||
            (rc = zkfl_parallel_for(n / 2 + 1, threads, coset_range, &cj)) != 0 ||
            (rc = zkfl_ntt(vec[v], n, threads)) != 0)
            break;
    }
    free(fj.f);
    if (rc != 0)
        goto fail;
    struct join_job jj = {a, b, c};
    if ((rc = zkfl_parallel_for(n, threads, join_range, &jj)) != 0)
        goto fail;
    if (st != NULL) {
        st->witness_ms = (double)(t1 - t0) / 1e6;
        st->ntt_ms = (double)(zkfl_now_ns() - t1) / 1e6;
    }
    /* a, b, c hold functions of the private witness. */
    zkfl_memzero(b, n * sizeof *b);
    zkfl_memzero(c, n * sizeof *c);
    free(b);
    free(c);
    *h_out = a;
    return 0;
fail:
    if (a) zkfl_memzero(a, n * sizeof *a);
    if (b) zkfl_memzero(b, n * sizeof *b);
    if (c) zkfl_memzero(c, n * sizeof *c);
    free(a); free(b); free(c);
    return rc;
}

/* The proof's own check: e(A,B) = e(alpha,beta) e(vk_x,gamma) e(C,delta). */
static int self_check(const zkfl_groth16_proof *proof, const zkfl_zkey *zk, const zkfl_fr *w)
{
    zkfl_g1 x, head;
    zkfl_g1_set_infinity(&x);
    int rc = 0;
    /* The key's B2 points are only curve-checked when loaded; a component
     * outside G2 must not reach a published pi_B. */
    if (!zkfl_g2_affine_is_in_subgroup(&proof->b))
        return ZKFL_ERR_NOT_IN_SUBGROUP;
    if (zk->n_public > 0 && (rc = zkfl_g1_msm_vartime(&x, zk->ic + 1, w + 1, zk->n_public, 1)) != 0)
        return rc;
    zkfl_g1_from_affine(&head, &zk->ic[0]);
    zkfl_g1_add(&x, &x, &head);
    zkfl_g1_neg(&x, &x);
    zkfl_g1_affine p[4];
    zkfl_g2_affine q[4] = {proof->b, zk->beta2, zk->gamma2, zk->delta2};
    p[0] = proof->a;
    p[1] = zk->alpha1;
    zkfl_fp_neg(&p[1].y, &p[1].y);
    zkfl_g1_to_affine(&p[2], &x);
    p[3] = proof->c;
    zkfl_fp_neg(&p[3].y, &p[3].y);
    rc = zkfl_pairing_check(p, q, 4);
    if (rc < 0)
        return rc;
    return rc == 1 ? 0 : ZKFL_ERR_UNSATISFIED;
}

int zkfl_groth16_prove(zkfl_groth16_proof *proof, zkfl_groth16_prove_stats *stats,
                       const zkfl_zkey *zkey, const zkfl_fr *witness, size_t n_witness,
                       int threads)
{
    if (proof == NULL || zkey == NULL || witness == NULL)
        return ZKFL_ERR_INVALID_ARG;
    int rc = zkfl_groth16_check_key(zkey);
    if (rc != 0)
        return rc;
    if (n_witness != zkey->n_vars || !zkfl_fr_is_one(&witness[0]))
        return ZKFL_ERR_INVALID_ARG;
    if (threads <= 0)
        threads = zkfl_default_threads();
    zkfl_groth16_prove_stats st;
    memset(&st, 0, sizeof st);
    uint64_t t0 = zkfl_now_ns();

    zkfl_fr *h = NULL;
    if ((rc = zkfl_groth16_quotient(&h, &st, zkey, witness, threads)) != 0)
        return rc;

    uint64_t t1 = zkfl_now_ns();
    size_t n_priv = zkey->n_vars - zkey->n_public - 1;
    zkfl_g1 a, b1, c, hh;
    zkfl_g2 b2;
    /* B2 with the psi split, although the key's B2 points are only
     * curve-checked: on a point outside G2 the split is exact on its G2
     * component and errs only in the cofactor component, so pi_B is then
     * either outside G2, which self_check rejects before anything leaves,
     * or in G2 and checked by the pairing equation like any other pi_B. */
    if ((rc = zkfl_g1_msm_vartime(&a, zkey->a, witness, zkey->n_vars, threads)) != 0 ||
        (rc = zkfl_g1_msm_vartime(&b1, zkey->b1, witness, zkey->n_vars, threads)) != 0 ||
        (rc = zkfl_g2_msm_subgroup_vartime(&b2, zkey->b2, witness, zkey->n_vars, threads)) != 0 ||
        (rc = zkfl_g1_msm_vartime(&hh, zkey->h, h, zkey->domain_size, threads)) != 0)
        goto done;
    zkfl_g1_set_infinity(&c);
    if (n_priv > 0 &&
        (rc = zkfl_g1_msm_vartime(&c, zkey->c, witness + zkey->n_public + 1, n_priv, threads)) != 0)
        goto done;
    st.msm_ms = (double)(zkfl_now_ns() - t1) / 1e6;

    /* Blinding; r and s are secret, so constant-time multiplications. */
    zkfl_fr rs[3];
    if ((rc = zkfl_fr_random(&rs[0])) != 0 || (rc = zkfl_fr_random(&rs[1])) != 0)
        goto wipe;
    zkfl_fr_mul(&rs[2], &rs[0], &rs[1]);
    zkfl_fr_neg(&rs[2], &rs[2]);
    zkfl_g1 delta1, t;
    zkfl_g2 delta2, t2;
    zkfl_g1_from_affine(&delta1, &zkey->delta1);
    zkfl_g2_from_affine(&delta2, &zkey->delta2);

    zkfl_g1_add_affine(&a, &a, &zkey->alpha1);
    zkfl_g1_mul(&t, &delta1, &rs[0]);
    zkfl_g1_add(&a, &a, &t);                      /* pi_A */

    zkfl_g2_add_affine(&b2, &b2, &zkey->beta2);
    zkfl_g2_mul(&t2, &delta2, &rs[1]);
    zkfl_g2_add(&b2, &b2, &t2);                   /* pi_B */

    zkfl_g1_add_affine(&b1, &b1, &zkey->beta1);
    zkfl_g1_mul(&t, &delta1, &rs[1]);
    zkfl_g1_add(&b1, &b1, &t);                    /* B in G1 */

    zkfl_g1_add(&c, &c, &hh);
    zkfl_g1_mul(&t, &a, &rs[1]);
    zkfl_g1_add(&c, &c, &t);
    zkfl_g1_mul(&t, &b1, &rs[0]);
    zkfl_g1_add(&c, &c, &t);
    zkfl_g1_mul(&t, &delta1, &rs[2]);
    zkfl_g1_add(&c, &c, &t);                      /* pi_C */

    zkfl_g1_to_affine(&proof->a, &a);
    zkfl_g2_to_affine(&proof->b, &b2);
    zkfl_g1_to_affine(&proof->c, &c);
    rc = self_check(proof, zkey, witness);
    if (rc != 0)
        memset(proof, 0, sizeof *proof);
wipe:
    zkfl_memzero(rs, sizeof rs);
    zkfl_memzero(&t, sizeof t);
    zkfl_memzero(&t2, sizeof t2);
done:
    /* Unblinded MSM results reveal witness information. */
    zkfl_memzero(&a, sizeof a);
    zkfl_memzero(&b1, sizeof b1);
    zkfl_memzero(&b2, sizeof b2);
    zkfl_memzero(&c, sizeof c);
    zkfl_memzero(&hh, sizeof hh);
    zkfl_memzero(h, (size_t)zkey->domain_size * sizeof *h);
    free(h);
    st.total_ms = (double)(zkfl_now_ns() - t0) / 1e6;
    if (stats != NULL)
        *stats = st;
    return rc;
}
