/* Pippenger MSM on G2: msm_template.h instantiated over the inline Fp2. */
#include <string.h>
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ff/ff_generic.h"

static inline void msm_fp2_set_one(zkfl_fp2 *r)
{
    memcpy(r->c0.v, ff_fp_modulus.one, sizeof r->c0.v);
    memset(r->c1.v, 0, sizeof r->c1.v);
}

/* (a0 + a1 u)^-1 = (a0 - a1 u) / (a0^2 + a1^2), since u^2 = -1. */
static void msm_fp2_inv(zkfl_fp2 *r, const zkfl_fp2 *a)
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
#define MSM_FN(name) msm_g2_##name
#include "ec/msm_template.h"

int zkfl_g2_msm_vartime(zkfl_g2 *out, const zkfl_g2_affine *points, const zkfl_fr *scalars,
                        size_t n, int threads)
{
    return msm_g2_msm(out, points, scalars, n, threads);
}
