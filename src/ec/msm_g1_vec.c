/* 8-lane AVX-512F Fp arithmetic for the G1 MSM's batched affine bucket
 * additions (msm_g1_vec.h). The technique is that of the NTT's kernels
 * (src/poly/ntt_vec_kernels.h, 8-lane arithmetic mod r): an element is 9
 * limbs of 29 bits, limb j of 8 elements in one zmm register, products
 * by vpmuludq (29 x 29 bits, sums of up to 18 of them below 2^63), and
 * in-register transposes between 4 x 64-bit words and limbs. Adapted for
 * Fp:
 *  - one representation with the scalar code: v8_mul(a, b) = a b / 2^256
 *    mod p, Montgomery's product with R = 2^261 applied to a and b 2^5
 *    (b shifted left by 5 bits, not reduced: b < 2p < 2^255 keeps b 2^5
 *    below 2^261), so values move between the two codes by transposes
 *    only, with no scaling products;
 *  - -p^-1 mod 2^29 has no special form: the quotient takes one product;
 *  - bounds: every vector value is normalized (limbs below 2^29) and
 *    below 2p. With a, b < 2p the product is below a b / 2^256 + p <
 *    (4 p / 2^256 + 1) p < 1.76 p (also for an operand equal to 2p);
 *    general differences are brought back into [0, 2p) by adding 2p to
 *    negative lanes; values leaving for the buckets are reduced below p;
 *  - differences of bucket and point coordinates, which are below p, add
 *    p (2p for x3 = lambda^2 - xa - xp) in a representation whose low
 *    limbs are large enough that no limb goes negative: one carry pass
 *    and no sign test (v8_sub_lt_p, v8_signed_sub_lt_p, v8_sub2_reduce),
 *    and equal x coordinates are found by comparing limbs;
 *  - the forward pass keeps each group's prefix products as 9 narrowed
 *    limb vectors (v8_save), not transposed back to elements.
 * The batch kernels are msm_vec_template.h's (pair j in lane j mod 8 of
 * group j / 8, 8 prefix-product chains, one scalar inversion of the lane
 * totals, a backward pass), instantiated here over v8fp. Measured and
 * not kept (same-run best-of-40 timings of the flush, 2048 pairs): two
 * chains of groups with interleaved products, and a software-pipelined
 * backward pass (group g's first products next to group g + 1's last),
 * both slower (about 130 vs 121 ns per pair); a product-scanning v8_mul
 * (127 ns). Kept (same-process alternating best-of-400 kernel timings,
 * 2048 pairs, against the previous kernels): the differences of
 * coordinates below p (flush 3.5% faster), the saved prefix products
 * (4% more), products ordered so that acc and lambda are the operand
 * whose shifted limbs two products share (2% more): flush 118 -> 108-110
 * ns per pair, batch_add 123 -> 110-116; the G1 MSM 2^16 on one thread
 * 224.6 -> 209.0 ms CPU (best of 10 alternating runs of
 * bench/msm_ntt_bench.c). A non-inlined v8_mul (the flush is 36 KB of
 * code) was not faster. */
#include "ec/msm_g1_vec.h"

#ifdef MSM_G1_VEC
#include <immintrin.h>
#include "ec/ec_impl.h"
#include "ff/ff_generic.h"
#include "ec/msm_vec_fp.h"

static inline void msm_g1_vec_set_one(v8fp *v) { v8_bcast_fp(v, ff_fp_modulus.one); }
static inline void msm_g1_vec_sqr(v8fp *r, const v8fp *a) { v8_mul(r, a, a); }
static inline void msm_g1_vec_fp_inv(zkfl_fp *r, const zkfl_fp *a) { ff_inv_vartime(r->v, a->v, &ff_fp_modulus); }

#define VEC_FE zkfl_fp
#define VEC_AFF zkfl_g1_affine
#define VEC_V v8fp
#define VEC_LOAD v8_load
#define VEC_STORE v8_store
#define VEC_MUL v8_mul
#define VEC_SQR msm_g1_vec_sqr
#define VEC_ADD v8_add
#define VEC_SUB v8_sub
#define VEC_REDUCE v8_reduce
#define VEC_BLEND v8_blend
#define VEC_SET_ONE msm_g1_vec_set_one
#define VEC_SUB_LT_P v8_sub_lt_p
#define VEC_SIGNED_SUB_LT_P v8_signed_sub_lt_p
#define VEC_SUB2_REDUCE v8_sub2_reduce
#define VEC_DIFFER v8_differ
#define VEC_SAVE v8_save
#define VEC_RESTORE v8_restore
#define VEC_SAVED_WORDS V8_SAVED_WORDS
#define FE_MUL ff_fp_mul
#define FE_INV msm_g1_vec_fp_inv
#define FE_EQ(a, b) ff_eq4((a)->v, (b)->v)
#define AFF_IS_INF(a) (ff_is_zero4((a)->x.v) && ff_is_zero4((a)->y.v))
#define VEC_FN(name) msm_g1_vec_##name
#include "ec/msm_vec_template.h"
#endif
