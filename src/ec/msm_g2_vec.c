/* 8-lane AVX-512F Fp2 arithmetic for the G2 MSM's batched affine bucket
 * additions (msm_g2_vec.h), on the 8-lane Fp of msm_vec_fp.h (9 limbs of
 * 29 bits, values normalized and below 2p, v8_mul = a b / 2^256, the
 * scalar code's Montgomery product). An Fp2 element c0 + c1 u (u^2 = -1)
 * is two 8-lane Fp values.
 *  - product, Karatsuba: a0 b0, a1 b1, (a0 + a1)(b0 + b1), 3 lane
 *    products. The two sums go through v8_add (back below 2p), since
 *    v8_mul's result bound a b / 2^256 + p stays below 2p only for
 *    operands below 2p (1.76 p); with operands below 4p it would reach
 *    4.02 p. Summing two unreduced products before one reduction (4
 *    products, 2 reductions) does not fit: v8_mul's columns already hold
 *    up to 18 products of 58 bits, and 36 of them overflow 64 bits.
 *  - square: (a0 + a1)(a0 - a1) and 2 a0 a1, 2 lane products;
 *  - differences componentwise (v8_sub, result in [0, 2p); for bucket
 *    and point coordinates, below p, msm_vec_fp.h's cheaper ones); equal
 *    x found by comparing the limbs of the two coordinates (v8_differ).
 *    Measured with the G1 kernels' changes of the same kind (msm_g1_vec.c):
 *    the Fp2 flush 6% and batch_add 5% faster (same-process alternating,
 *    2048 pairs).
 * The batch kernels are msm_vec_template.h's, instantiated here over
 * v8fp2: pair j in lane j mod 8 of group j / 8, 8 prefix-product chains,
 * the 8 lane totals inverted with one scalar Fp2 inversion (7 x 3
 * products around it), and a backward pass recovering each pair's
 * inverse, slope and sum.
 * What it buys (Cascade Lake without IFMA, where one 8-lane product costs
 * about as much per element as the scalar mulx product): per bucket
 * addition 2-20% less CPU than the scalar flush and batch_add (1024
 * pairs, same-run alternating), and 5-10% for a whole G2 MSM at 2^14..2^18
 * on one thread; the rest of the MSM (bucket reduction chains, Jacobian
 * sums, decomposition) stays scalar. */
#include "ec/msm_g2_vec.h"

#ifdef MSM_G2_VEC
#include <immintrin.h>
#include "ec/ec_impl.h"
#include "ff/ff_generic.h"
#include "ec/msm_vec_fp.h"

typedef struct {
    v8fp c0, c1;
} v8fp2;

/* r = a b; a, b below 2p per coordinate, r below 2p. r may alias a or b. */
static inline void v8f2_mul(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8fp t0, t1, sa, sb, t2;
    v8_mul(&t0, &a->c0, &b->c0);
    v8_mul(&t1, &a->c1, &b->c1);
    v8_add(&sa, &a->c0, &a->c1);
    v8_add(&sb, &b->c0, &b->c1);
    v8_mul(&t2, &sa, &sb);
    v8_sub(&r->c0, &t0, &t1);
    v8_sub(&t2, &t2, &t0);
    v8_sub(&r->c1, &t2, &t1);
}

/* r = a^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u. r may alias a. */
static inline void v8f2_sqr(v8fp2 *r, const v8fp2 *a)
{
    v8fp s, d, m;
    v8_add(&s, &a->c0, &a->c1);
    v8_sub(&d, &a->c0, &a->c1);
    v8_mul(&m, &a->c0, &a->c1);
    v8_mul(&r->c0, &s, &d);
    v8_add(&r->c1, &m, &m);
}

static inline void v8f2_sub(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8_sub(&r->c0, &a->c0, &b->c0);
    v8_sub(&r->c1, &a->c1, &b->c1);
}

static inline void v8f2_add(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8_add(&r->c0, &a->c0, &b->c0);
    v8_add(&r->c1, &a->c1, &b->c1);
}

static inline void v8f2_reduce(v8fp2 *a)
{
    v8_reduce(&a->c0);
    v8_reduce(&a->c1);
}


static inline void v8f2_blend(v8fp2 *r, __mmask8 m, const v8fp2 *a, const v8fp2 *b)
{
    v8_blend(&r->c0, m, &a->c0, &b->c0);
    v8_blend(&r->c1, m, &a->c1, &b->c1);
}

static inline void v8f2_load(v8fp2 *v, const zkfl_fp2 *const e[8])
{
    const zkfl_fp *e0[8], *e1[8];
    for (int l = 0; l < 8; l++) {
        e0[l] = &e[l]->c0;
        e1[l] = &e[l]->c1;
    }
    v8_load(&v->c0, e0);
    v8_load(&v->c1, e1);
}

static inline void v8f2_store(zkfl_fp2 *const e[8], __mmask8 m, const v8fp2 *v)
{
    zkfl_fp *e0[8], *e1[8];
    for (int l = 0; l < 8; l++) {
        e0[l] = &e[l]->c0;
        e1[l] = &e[l]->c1;
    }
    v8_store(e0, m, &v->c0);
    v8_store(e1, m, &v->c1);
}

static inline void v8f2_bcast_one(v8fp2 *v)
{
    static const uint64_t zero[4] = {0, 0, 0, 0};
    v8_bcast_fp(&v->c0, ff_fp_modulus.one);
    v8_bcast_fp(&v->c1, zero);
}

/* The differences of coordinates below p (msm_vec_template.h's
 * VEC_SUB_LT_P, VEC_SIGNED_SUB_LT_P, VEC_SUB2_REDUCE, VEC_DIFFER), one Fp
 * coordinate at a time: negation and subtraction in Fp2 are those of the
 * coordinates. */
static inline void v8f2_sub_lt_p(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8_sub_lt_p(&r->c0, &a->c0, &b->c0);
    v8_sub_lt_p(&r->c1, &a->c1, &b->c1);
}

static inline void v8f2_signed_sub_lt_p(v8fp2 *r, __mmask8 neg, const v8fp2 *a, const v8fp2 *b)
{
    v8_signed_sub_lt_p(&r->c0, neg, &a->c0, &b->c0);
    v8_signed_sub_lt_p(&r->c1, neg, &a->c1, &b->c1);
}

static inline void v8f2_sub2_reduce(v8fp2 *r, const v8fp2 *c, const v8fp2 *a, const v8fp2 *b)
{
    v8_sub2_reduce(&r->c0, &c->c0, &a->c0, &b->c0);
    v8_sub2_reduce(&r->c1, &c->c1, &a->c1, &b->c1);
}

static inline void v8f2_save(void *dst, const v8fp2 *v)
{
    v8_save(dst, &v->c0);
    v8_save((char *)dst + 4 * V8_SAVED_WORDS, &v->c1);
}

static inline void v8f2_restore(v8fp2 *v, const void *src)
{
    v8_restore(&v->c0, src);
    v8_restore(&v->c1, (const char *)src + 4 * V8_SAVED_WORDS);
}

static inline __mmask8 v8f2_differ(const v8fp2 *a, const v8fp2 *b)
{
    return v8_differ(&a->c0, &b->c0) | v8_differ(&a->c1, &b->c1);
}

#define VEC_FE zkfl_fp2
#define VEC_AFF zkfl_g2_affine
#define VEC_V v8fp2
#define VEC_LOAD v8f2_load
#define VEC_STORE v8f2_store
#define VEC_MUL v8f2_mul
#define VEC_SQR v8f2_sqr
#define VEC_ADD v8f2_add
#define VEC_SUB v8f2_sub
#define VEC_REDUCE v8f2_reduce
#define VEC_BLEND v8f2_blend
#define VEC_SET_ONE v8f2_bcast_one
#define VEC_SUB_LT_P v8f2_sub_lt_p
#define VEC_SIGNED_SUB_LT_P v8f2_signed_sub_lt_p
#define VEC_SUB2_REDUCE v8f2_sub2_reduce
#define VEC_DIFFER v8f2_differ
#define VEC_SAVE v8f2_save
#define VEC_RESTORE v8f2_restore
#define VEC_SAVED_WORDS (2 * V8_SAVED_WORDS)
#define FE_MUL ec_fp2_mul
#define FE_INV zkfl_fp2_inv_vartime
#define FE_EQ ec_fp2_eq
#define AFF_IS_INF(a) (ec_fp2_is_zero(&(a)->x) && ec_fp2_is_zero(&(a)->y))
#define VEC_FN(name) msm_g2_vec_##name
#include "ec/msm_vec_template.h"
#endif
