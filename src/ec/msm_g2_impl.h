/* Internal to the two G2 MSM instantiations (msm_g2.c: any twist point;
 * msm_g2_subgroup.c: psi split for points of G2): the Fp2 operations
 * msm_template.h needs, and the variable-time GLS split. Include after
 * ec/ec_impl.h and ff/ff_generic.h. */
#ifndef ZKFL_EC_MSM_G2_IMPL_H
#define ZKFL_EC_MSM_G2_IMPL_H

#include <stdint.h>
#include <string.h>

/* k = sum_e (-1)^neg[e] part[e] l^e mod r (l = 6x^2, the eigenvalue of psi
 * on G2), in msm_decompose_fn's form: the same parts and signs as glv.c's
 * constant-time zkfl_ec_gls_decompose (below 2^70; 65 bits measured), in
 * variable time. */
void msm_decompose_gls_vartime(uint64_t part[][4], uint8_t neg[], const uint64_t k[4]);

static inline void msm_fp2_set_one(zkfl_fp2 *r)
{
    memcpy(r->c0.v, ff_fp_modulus.one, sizeof r->c0.v);
    memset(r->c1.v, 0, sizeof r->c1.v);
}

/* (a0 + a1 u)^-1 = (a0 - a1 u) / (a0^2 + a1^2), since u^2 = -1. */
static inline void msm_fp2_inv(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    zkfl_fp n, t;
    ff_fp_sqr(&n, &a->c0);
    ff_fp_sqr(&t, &a->c1);
    ff_fp_add(&n, &n, &t);
    ff_inv_vartime(n.v, n.v, &ff_fp_modulus);
    ff_fp_mul(&r->c0, &a->c0, &n);
    ff_fp_mul(&t, &a->c1, &n);
    ff_fp_neg(&r->c1, &t);
}

#define MSM_FE zkfl_fp2
#define MSM_AFF zkfl_g2_affine
#define MSM_JAC zkfl_g2
#define FE_ADD ec_fp2_add
#define FE_SUB ec_fp2_sub
#define FE_DBL ec_fp2_dbl
#define FE_NEG ec_fp2_neg
#define FE_MUL ec_fp2_mul
#define FE_SQR ec_fp2_sqr
#define FE_IS_ZERO(a) ec_fp2_is_zero(a)
#define FE_EQ(a, b) ec_fp2_eq((a), (b))
#define FE_SET_ONE msm_fp2_set_one
#define FE_INV msm_fp2_inv
#include "ec/msm_g2_vec.h"
#ifdef MSM_G2_VEC   /* batched affine additions on 8 lanes (msm_g2_vec.c) */
#define MSM_VEC_FLUSH msm_g2_vec_flush_vartime
#define MSM_VEC_FLUSH_MIN MSM_G2_VEC_FLUSH_MIN
#define MSM_VEC_BATCH_ADD msm_g2_vec_batch_add_vartime
#endif

#endif
