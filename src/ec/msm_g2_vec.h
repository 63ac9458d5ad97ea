/* Internal to the ec layer: the G2 MSM's batched affine bucket additions
 * (msm_template.h: stream_flush, batch_add) on 8 lanes of AVX-512F, Fp2
 * elements as two 8-lane Fp values (msm_vec_fp.h), for release builds on
 * x86-64 with AVX-512F; the scalar code stays the fallback (portable
 * builds, small batches). MSM_G2_VEC is defined when the vector path is
 * compiled in. Same contracts as msm_g1_vec.h, over zkfl_g2_affine. */
#ifndef ZKFL_EC_MSM_G2_VEC_H
#define ZKFL_EC_MSM_G2_VEC_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/ec.h"

#if defined(__AVX512F__) && !defined(ZKFL_PORTABLE)
#define MSM_G2_VEC 1

/* Below this many additions the scalar code is used: a batch that does
 * not fill the lanes gains little. */
#define MSM_G2_VEC_FLUSH_MIN 16

/* bucket[ent[j] & 0x7fffffff] += (ent[j] bit 31 ? -1 : 1) points[pid[j]]
 * for j < k, in affine coordinates with one shared inversion. As in
 * stream_flush: the buckets are distinct, not empty and the points not
 * infinity; all coordinates fully reduced (Montgomery form, < p). Pairs
 * with equal x (doubling, or the bucket cancelling) are left untouched
 * and moved, in order, to the front of ent and pid: the return value is
 * their number, for the caller's scalar code. tmp: k elements of
 * scratch. Variable time (the MSM's inputs are public). */
size_t msm_g2_vec_flush_vartime(zkfl_g2_affine *bucket, const zkfl_g2_affine *points, uint32_t *ent,
                                uint32_t *pid, size_t k, zkfl_fp2 *tmp);

/* a[j] <- a[j] + b[j] for j < k, exactly as msm_template.h's batch_add:
 * the a[j] distinct, the zero encoding for infinity, equal points doubled,
 * P + (-P) the zero encoding, and a b[j] that is an a[i] with i < j read
 * before a[i] changes. tmp: k elements of scratch. Variable time. */
void msm_g2_vec_batch_add_vartime(zkfl_g2_affine *const *pa, const zkfl_g2_affine *const *pb, size_t k,
                                  zkfl_fp2 *tmp);

/* For tests: the 8-lane Fp2 operations on 8 elements at a time (inputs
 * < p per coordinate, outputs reduced below p): r = a b, r = a^2,
 * r = a - b. */
void msm_g2_vec_mul8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
void msm_g2_vec_sqr8(zkfl_fp2 r[8], const zkfl_fp2 a[8]);
void msm_g2_vec_sub8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8]);
#endif

#endif
