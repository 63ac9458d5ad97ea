/* Internal to the ec layer: the G1 MSM's batches of affine additions
 * (msm_template.h: stream_flush, the streaming path's bucket additions,
 * and batch_add, the sorting path's and the bucket reduction's) on 8
 * lanes of AVX-512F, for release builds on x86-64 with AVX-512F; the
 * scalar code stays the fallback (portable builds, batches below
 * MSM_G1_VEC_FLUSH_MIN). MSM_G1_VEC is defined when the vector path is
 * compiled in. The kernels are msm_vec_template.h's over Fp lanes. */
#ifndef ZKFL_EC_MSM_G1_VEC_H
#define ZKFL_EC_MSM_G1_VEC_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/ec.h"

#if defined(__AVX512F__) && !defined(ZKFL_PORTABLE)
#define MSM_G1_VEC 1

/* Below this many additions the scalar code is used: a batch that does
 * not fill the lanes a few times over gains little. */
#define MSM_G1_VEC_FLUSH_MIN 16

/* The kernels' scratch, in field elements, for k pairs: 9 / 8 of an
 * element per pair (each group of 8 keeps 9 limbs of 8 32-bit words per
 * coordinate, msm_vec_fp.h's v8_save), rounded up to whole groups; batches
 * are handled in pieces of at most 2048 pairs. Also for msm_g2_vec.h. */
#define MSM_VEC_TMP(k) ((k) + (k) / 8 + 8)

/* bucket[ent[j] & 0x7fffffff] += (ent[j] bit 31 ? -1 : 1) points[pid[j]]
 * for j < k, in affine coordinates with one shared inversion. As in
 * stream_flush: the buckets are distinct, not empty and the points not
 * infinity; all coordinates fully reduced (Montgomery form, < p). Pairs
 * with equal x (doubling, or the bucket cancelling) are left untouched
 * and moved, in order, to the front of ent and pid: the return value is
 * their number, for the caller's scalar code. tmp: MSM_VEC_TMP(k)
 * elements of scratch. Variable time (the MSM's inputs are public). */
size_t msm_g1_vec_flush_vartime(zkfl_g1_affine *bucket, const zkfl_g1_affine *points, uint32_t *ent,
                                uint32_t *pid, size_t k, zkfl_fp *tmp);

/* a[j] <- a[j] + b[j] for j < k, exactly as msm_template.h's batch_add:
 * the a[j] distinct, the zero encoding for infinity, equal points doubled,
 * P + (-P) the zero encoding, and a b[j] that is an a[i] with i < j read
 * before a[i] changes. tmp: MSM_VEC_TMP(k) elements of scratch. Variable
 * time. */
void msm_g1_vec_batch_add_vartime(zkfl_g1_affine *const *pa, const zkfl_g1_affine *const *pb, size_t k,
                                  zkfl_fp *tmp);

/* For tests: the 8-lane field operations on 8 elements at a time
 * (inputs < p, outputs < p): r = a b, r = a^2, r = a - b. */
void msm_g1_vec_mul8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8]);
void msm_g1_vec_sqr8(zkfl_fp r[8], const zkfl_fp a[8]);
void msm_g1_vec_sub8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8]);
/* The differences of coordinates below p, as the kernels use them: r = a - b,
 * r = (-a in the odd lanes, a in the even ones) - b, r = a b - a - b. */
void msm_g1_vec_sub_lt_p8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8]);
void msm_g1_vec_signed_sub8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8]);
void msm_g1_vec_mul_sub2_8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8]);
#endif

#endif
