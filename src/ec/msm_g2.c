/* Pippenger MSM on G2: msm_template.h instantiated over the inline Fp2,
 * without the endomorphism, so the result is exact for any twist point
 * (msm_g2_subgroup.c has the psi split for points known to lie in G2). */
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ff/ff_generic.h"
#include "ec/msm_g2_impl.h"

#define MSM_FN(name) msm_g2_##name
#include "ec/msm_template.h"

int zkfl_g2_msm_vartime(zkfl_g2 *out, const zkfl_g2_affine *points, const zkfl_fr *scalars,
                        size_t n, int threads)
{
    return msm_g2_msm(out, points, scalars, n, threads);
}
