/* Pippenger MSM on G1: msm_template.h instantiated over the inline Fp,
 * with the GLV endomorphism splitting big scalars into two halves. */
#include <string.h>
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ec/msm_g1_vec.h"
#include "ff/ff_generic.h"

static inline void msm_fp_set_one(zkfl_fp *r) { memcpy(r->v, ff_fp_modulus.one, sizeof r->v); }
/* phi(x, y) = (beta x, y) acts as [lambda] on G1 (glv.c); infinity (0, 0)
 * stays (0, 0). */
static inline void msm_g1_phi(zkfl_g1_affine *r, const zkfl_g1_affine *a)
{
    ff_fp_mul(&r->x, &a->x, &zkfl_ec_glv_beta);
    r->y = a->y;
}
static inline void msm_fp_inv(zkfl_fp *r, const zkfl_fp *a) { ff_inv_vartime(r->v, a->v, &ff_fp_modulus); }

#define MSM_FE zkfl_fp
#define MSM_AFF zkfl_g1_affine
#define MSM_JAC zkfl_g1
#define FE_ADD ff_fp_add
#define FE_SUB ff_fp_sub
#define FE_DBL ff_fp_dbl
#define FE_NEG ff_fp_neg
#define FE_MUL ff_fp_mul
#define FE_SQR ff_fp_sqr
#define FE_IS_ZERO(a) ff_is_zero4((a)->v)
#define FE_EQ(a, b) ff_eq4((a)->v, (b)->v)
#define FE_SET_ONE msm_fp_set_one
#define FE_INV msm_fp_inv
#define MSM_FN(name) msm_g1_##name
#define MSM_ENDO msm_g1_phi
#define MSM_DECOMPOSE msm_decompose_glv
#define MSM_DIM 2u
#ifdef MSM_G1_VEC
#define MSM_VEC_FLUSH msm_g1_vec_flush_vartime
#define MSM_VEC_FLUSH_MIN MSM_G1_VEC_FLUSH_MIN
#define MSM_VEC_BATCH_ADD msm_g1_vec_batch_add_vartime
#endif
#include "ec/msm_template.h"

int zkfl_g1_msm_vartime(zkfl_g1 *out, const zkfl_g1_affine *points, const zkfl_fr *scalars,
                        size_t n, int threads)
{
    return msm_g1_msm(out, points, scalars, n, threads);
}
