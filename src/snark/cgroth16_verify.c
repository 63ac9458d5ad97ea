/* Commit-carrying Groth16 verification, single and batched, as one
 * random linear combination of all equations (one final exponentiation):
 *   for proof i with weights r_i (1 when alone) and t_i (random):
 *     e(r_i A_i, B_i) e(-r_i alpha, beta) e(-r_i (vk_x_i + sum_j D_ij), gamma) e(-r_i C_i, delta)
 *     * e(t_i Pok_i, g2) * prod_j e(t_i rho_i^j D_ij, -sigma_j g2)
 *   multiplied over i must be 1. Each factor group is combined in G1 first,
 *   so the product has n + 4 + m Miller loops. A failing equation survives
 *   the combination except with probability 2^-128 over the weights. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"

static int check_proof_points(const zkfl_cgroth16_vk *vk, const zkfl_cgroth16_proof *p)
{
    if (p->n_commitments != vk->n_groups)
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "cgroth16 verify: proof has %u commitments, key has %u groups",
                               p->n_commitments, vk->n_groups);
    if (!zkfl_g1_affine_is_on_curve(&p->a) || !zkfl_g1_affine_is_on_curve(&p->c) ||
        !zkfl_g2_affine_is_on_curve(&p->b) || !zkfl_g1_affine_is_on_curve(&p->pok))
        return zkfl_snark_fail(ZKFL_ERR_NOT_ON_CURVE, "cgroth16 verify: a proof point is not on the curve");
    if (!zkfl_g2_affine_is_in_subgroup(&p->b))
        return zkfl_snark_fail(ZKFL_ERR_NOT_IN_SUBGROUP, "cgroth16 verify: B is not in the G2 subgroup");
    for (uint32_t j = 0; j < vk->n_groups; j++) {
        if (!zkfl_g1_affine_is_on_curve(&p->d[j]))
            return zkfl_snark_fail(ZKFL_ERR_NOT_ON_CURVE, "cgroth16 verify: commitment %u is not on the curve", j);
        /* With its mask a commitment is infinity with probability 2^-254. */
        if (zkfl_g1_affine_is_infinity(&p->d[j]))
            return zkfl_snark_fail(ZKFL_ERR_VERIFY, "cgroth16 verify: commitment %u is the point at infinity", j);
    }
    if (vk->n_groups > 0 && zkfl_g1_affine_is_infinity(&p->pok))
        return zkfl_snark_fail(ZKFL_ERR_VERIFY, "cgroth16 verify: the knowledge proof is the point at infinity");
    return 0;
}

static int random_weight(zkfl_fr *w)
{
    uint8_t b[32] = {0};
    int rc = zkfl_randombytes(b + 16, 16);
    if (rc) return rc;
    b[16] |= 0x80;   /* never zero */
    return zkfl_fr_from_bytes_be(w, b);
}

/* The combined check over proofs[0..n); unit = 1 fixes r_0 = 1 (single). */
static int combined(const zkfl_cgroth16_vk *vk, const zkfl_fr *publics, const zkfl_cgroth16_proof *proofs,
                    size_t n, int unit)
{
    size_t np = vk->n_public, m = vk->n_groups;
    size_t n_pairs = n + 4 + m;
    zkfl_g1_affine *p = malloc(n_pairs * sizeof *p);
    zkfl_g2_affine *q = malloc(n_pairs * sizeof *q);
    zkfl_fr *coef = calloc(np + 1, sizeof *coef);
    zkfl_fr *pub = malloc((np ? np : 1) * sizeof *pub);
    int rc = ZKFL_ERR_NOMEM;
    if (!p || !q || !coef || !pub) goto out;
    zkfl_g1 s_alpha, s_d, s_c, s_pok, s_dj[ZKFL_CGROTH16_MAX_GROUPS], t;
    zkfl_g1_set_infinity(&s_d);
    zkfl_g1_set_infinity(&s_c);
    zkfl_g1_set_infinity(&s_pok);
    for (size_t j = 0; j < m; j++) zkfl_g1_set_infinity(&s_dj[j]);
    zkfl_fr rsum;
    zkfl_fr_set_zero(&rsum);
    for (size_t i = 0; i < n; i++) {
        const zkfl_cgroth16_proof *pr = &proofs[i];
        if ((rc = check_proof_points(vk, pr)) != 0) goto out;
        zkfl_fr r, tw, rho, rpow;
        if (unit && i == 0) zkfl_fr_set_one(&r);
        else if ((rc = random_weight(&r)) != 0) goto out;
        if ((rc = random_weight(&tw)) != 0) goto out;
        zkfl_fr_add(&rsum, &rsum, &r);
        /* Public inputs with the challenge slots recomputed. */
        if (np) memcpy(pub, publics + i * np, np * sizeof *pub);
        zkfl_fr chal[ZKFL_CGROTH16_MAX_CHALLENGES];
        if ((rc = zkfl_cgroth16_challenges(chal, vk, pr->d, m)) != 0) goto out;
        for (uint32_t k = 0; k < vk->n_challenges; k++) pub[vk->ch_wire[k] - 1] = chal[k];
        for (size_t s = 0; s < np; s++) {
            zkfl_fr x;
            zkfl_fr_mul(&x, &r, &pub[s]);
            zkfl_fr_add(&coef[s + 1], &coef[s + 1], &x);
        }
        /* r A_i paired with B_i. */
        zkfl_g1_from_affine(&t, &pr->a);
        zkfl_g1_mul_vartime(&t, &t, &r);
        zkfl_g1_to_affine(&p[i], &t);
        q[i] = pr->b;
        zkfl_g1_from_affine(&t, &pr->c);
        zkfl_g1_mul_vartime(&t, &t, &r);
        zkfl_g1_add_vartime(&s_c, &s_c, &t);
        zkfl_g1_from_affine(&t, &pr->pok);
        zkfl_g1_mul_vartime(&t, &t, &tw);
        zkfl_g1_add_vartime(&s_pok, &s_pok, &t);
        if ((rc = zkfl_cg_fold_challenge(&rho, vk, pr->d, m)) != 0) goto out;
        zkfl_fr_set_one(&rpow);
        for (size_t j = 0; j < m; j++) {
            zkfl_g1 dj;
            zkfl_g1_from_affine(&dj, &pr->d[j]);
            zkfl_g1_mul_vartime(&t, &dj, &r);
            zkfl_g1_add_vartime(&s_d, &s_d, &t);
            zkfl_fr x;
            zkfl_fr_mul(&x, &tw, &rpow);
            zkfl_g1_mul_vartime(&t, &dj, &x);
            zkfl_g1_add_vartime(&s_dj[j], &s_dj[j], &t);
            zkfl_fr_mul(&rpow, &rpow, &rho);
        }
    }
    /* sum_i r_i vk_x_i = (sum r_i) IC_0 + sum_s coef_s IC_s */
    coef[0] = rsum;
    zkfl_g1 vkx;
    if ((rc = zkfl_g1_msm_vartime(&vkx, vk->ic, coef, np + 1, 1)) != 0) goto out;
    zkfl_g1_add_vartime(&vkx, &vkx, &s_d);
    zkfl_g1_from_affine(&s_alpha, &vk->alpha1);
    zkfl_g1_mul_vartime(&s_alpha, &s_alpha, &rsum);
    zkfl_g1_neg(&s_alpha, &s_alpha);
    zkfl_g1_neg(&vkx, &vkx);
    zkfl_g1_neg(&s_c, &s_c);
    zkfl_g1_to_affine(&p[n], &s_alpha);
    q[n] = vk->beta2;
    zkfl_g1_to_affine(&p[n + 1], &vkx);
    q[n + 1] = vk->gamma2;
    zkfl_g1_to_affine(&p[n + 2], &s_c);
    q[n + 2] = vk->delta2;
    zkfl_g1_to_affine(&p[n + 3], &s_pok);
    zkfl_g2 g2;
    zkfl_g2_generator(&g2);
    zkfl_g2_to_affine(&q[n + 3], &g2);
    for (size_t j = 0; j < m; j++) {
        zkfl_g1_to_affine(&p[n + 4 + j], &s_dj[j]);
        q[n + 4 + j] = vk->sigma_neg[j];
    }
    rc = zkfl_pairing_check(p, q, n_pairs);
    if (rc >= 0) rc = rc == 1 ? 0 : zkfl_snark_fail(ZKFL_ERR_VERIFY, "cgroth16 verify: the pairing check failed");
out:
    free(p);
    free(q);
    free(coef);
    free(pub);
    return rc;
}

int zkfl_cgroth16_verify_vartime(const zkfl_cgroth16_vk *vk, const zkfl_fr *publics,
                                 size_t n_public, const zkfl_cgroth16_proof *proof)
{
    if (vk == NULL || proof == NULL || (vk->n_public > 0 && publics == NULL))
        return ZKFL_ERR_INVALID_ARG;
    if (n_public != vk->n_public)
        return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "cgroth16 verify: %zu public inputs, the key has %u",
                               n_public, vk->n_public);
    return combined(vk, publics, proof, 1, 1);
}

int zkfl_cgroth16_verify_batch_vartime(uint8_t *valid, const zkfl_cgroth16_vk *vk,
                                       const zkfl_fr *publics,
                                       const zkfl_cgroth16_proof *proofs, size_t n)
{
    if (vk == NULL || (n > 0 && proofs == NULL) || (n > 0 && vk->n_public > 0 && publics == NULL))
        return ZKFL_ERR_INVALID_ARG;
    if (n == 0) return 0;
    if (valid) memset(valid, 1, n);
    int rc = combined(vk, publics, proofs, n, 0);
    if (rc == 0) return 0;
    if (rc == ZKFL_ERR_NOMEM || rc == ZKFL_ERR_RANDOM || rc == ZKFL_ERR_INVALID_ARG) return rc;
    /* Name the invalid proofs: each alone. */
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        int r = combined(vk, vk->n_public ? publics + i * vk->n_public : NULL, &proofs[i], 1, 1);
        if (r == ZKFL_ERR_NOMEM || r == ZKFL_ERR_RANDOM) return r;
        if (r != 0) {
            any = 1;
            if (valid) valid[i] = 0;
        }
    }
    if (any) return zkfl_snark_fail(ZKFL_ERR_VERIFY, "cgroth16 batch verify: at least one proof is invalid");
    return 0;
}
