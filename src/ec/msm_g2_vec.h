/* Internal to the ec layer: the G2 MSM's batched affine bucket additions
 * on 8 lanes of AVX-512F, Fp2 elements as two 8-lane Fp values: the
 * kernels of msm_g1_vec.h over zkfl_g2_affine / zkfl_fp2 (both are
 * msm_vec_template.h), with the same contracts and the same conditions
 * (release builds with AVX-512F; MSM_G2_VEC defined when compiled in). */
#ifndef ZKFL_EC_MSM_G2_VEC_H
#define ZKFL_EC_MSM_G2_VEC_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/ec.h"
#include "ec/msm_g1_vec.h"   /* MSM_VEC_TMP, the kernels' scratch size */

#if defined(__AVX512F__) && !defined(ZKFL_PORTABLE)
#define MSM_G2_VEC 1
#define MSM_G2_VEC_FLUSH_MIN 16

size_t msm_g2_vec_flush_vartime(zkfl_g2_affine *bucket, const zkfl_g2_affine *points, uint32_t *ent,
                                uint32_t *pid, size_t k, zkfl_fp2 *tmp);
void msm_g2_vec_batch_add_vartime(zkfl_g2_affine *const *pa, const zkfl_g2_affine *const *pb, size_t k,
                                  zkfl_fp2 *tmp);
void msm_g2_vec_mul8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
void msm_g2_vec_sqr8(zkfl_fp2 r[8], const zkfl_fp2 a[8]);
void msm_g2_vec_sub8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
/* The differences of coordinates below p, as the kernels use them: r = a - b,
 * r = (-a in the odd lanes, a in the even ones) - b, r = a b - a - b. */
void msm_g2_vec_sub_lt_p8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
void msm_g2_vec_signed_sub8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
void msm_g2_vec_mul_sub2_8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
#endif

#endif
