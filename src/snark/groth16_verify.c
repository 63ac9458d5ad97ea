/* Single-proof Groth16 verification: three Miller loops and one final
 * exponentiation, compared against the key's precomputed e(alpha, beta). */
#include "snark/groth16_internal.h"

int zkfl_groth16_check_points(const zkfl_groth16_proof *p)
{
    if (!zkfl_g1_affine_is_on_curve(&p->a) || !zkfl_g1_affine_is_on_curve(&p->c) ||
        !zkfl_g2_affine_is_on_curve(&p->b))
        return ZKFL_ERR_NOT_ON_CURVE;
    if (!zkfl_g2_affine_is_in_subgroup(&p->b))
        return ZKFL_ERR_NOT_IN_SUBGROUP;
    return 0;
}

void zkfl_groth16_g1_neg_affine(zkfl_g1_affine *r, const zkfl_g1_affine *a)
{
    r->x = a->x;
    zkfl_fp_neg(&r->y, &a->y);   /* -0 = 0 keeps infinity (0, 0) */
}

int zkfl_groth16_public_combination(zkfl_g1 *out, const zkfl_groth16_vk *vk, const zkfl_fr *coef0,
                                    const zkfl_fr *coef)
{
    zkfl_g1 head;
    zkfl_g1_set_infinity(out);
    if (vk->n_public <= 4) {
        /* A handful of inputs: plain multiplications beat Pippenger's setup. */
        for (size_t j = 0; j < vk->n_public; j++) {
            zkfl_g1 t;
            zkfl_g1_from_affine(&t, &vk->ic[j + 1]);
            zkfl_g1_mul_vartime(&t, &t, &coef[j]);
            zkfl_g1_add(out, out, &t);
        }
    } else {
        /* One thread: the fork-join overhead outweighs the small MSM. */
        int rc = zkfl_g1_msm_vartime(out, vk->ic + 1, coef, vk->n_public, 1);
        if (rc != 0)
            return rc;
    }
    zkfl_g1_from_affine(&head, &vk->ic[0]);
    if (coef0 != NULL)
        zkfl_g1_mul_vartime(&head, &head, coef0);
    zkfl_g1_add(out, out, &head);
    return 0;
}

int zkfl_groth16_verify_vartime(const zkfl_groth16_vk *vk, const zkfl_fr *publics, size_t n_public,
                                const zkfl_groth16_proof *proof)
{
    if (vk == NULL || vk->ic == NULL || proof == NULL || (n_public > 0 && publics == NULL))
        return ZKFL_ERR_INVALID_ARG;
    if (n_public != vk->n_public)
        return ZKFL_ERR_INVALID_ARG;
    int rc = zkfl_groth16_check_points(proof);
    if (rc != 0)
        return rc;
    zkfl_g1 x;
    if ((rc = zkfl_groth16_public_combination(&x, vk, NULL, publics)) != 0)
        return rc;
    /* e(A, B) e(-vk_x, gamma) e(-C, delta) == e(alpha, beta) */
    zkfl_g1_affine p[3];
    zkfl_g2_affine q[3];
    p[0] = proof->a;
    q[0] = proof->b;
    zkfl_g1_neg(&x, &x);
    zkfl_g1_to_affine(&p[1], &x);
    q[1] = vk->gamma;
    zkfl_groth16_g1_neg_affine(&p[2], &proof->c);
    q[2] = vk->delta;
    zkfl_fp12 f;
    zkfl_miller_loop(&f, p, q, 3);
    zkfl_final_exponentiation(&f, &f);
    return zkfl_fp12_eq(&f, &vk->alphabeta) ? 0 : ZKFL_ERR_VERIFY;
}
