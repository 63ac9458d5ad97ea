/* Internal to the ec layer: 8-lane AVX-512F Fp arithmetic shared by the
 * G1 and G2 MSMs' vector batch additions (msm_g1_vec.c, msm_g2_vec.c).
 * Representation and bounds are described at the top of msm_g1_vec.c:
 * src/ff/ff_vec8.h's 9 limbs of 29 bits, limb j of 8 elements in one zmm
 * register, values normalized and below 2p, v8_mul(a, b) = a b / 2^256
 * mod p (the scalar code's Montgomery product), so elements move between
 * the scalar and vector codes by transposes only. Compiled only where AVX-512F is
 * available and the build is not portable. */
#ifndef ZKFL_EC_MSM_VEC_FP_H
#define ZKFL_EC_MSM_VEC_FP_H

#if defined(__AVX512F__) && !defined(ZKFL_PORTABLE)
#include <immintrin.h>
#include <stdint.h>
#include <string.h>
#include "zkfl/ec.h"
#include "ff/ff_vec8.h"

typedef v8_limbs v8fp;

/* p, 2p in 29-bit limbs; -p^-1 mod 2^29; 2^256 mod p (one) comes from
 * ff_fp_modulus. */
static const uint64_t v8_p_limbs[V8_LIMBS] = {
    0x187cfd47, 0x010460b6, 0x1c72a34f, 0x02d522d0, 0x1585d978,
    0x02db40c0, 0x00a6e141, 0x0e5c2634, 0x0030644e
};
static const uint64_t v8_2p_limbs[V8_LIMBS] = {
    0x10f9fa8e, 0x0208c16d, 0x18e5469e, 0x05aa45a1, 0x0b0bb2f0,
    0x05b68181, 0x014dc282, 0x1cb84c68, 0x0060c89c
};
#define V8_P_INV29 0x04866389ull

V8_INLINE __m512i v8_p_quotient(__m512i t0)
{
    return _mm512_and_si512(_mm512_mul_epu32(t0, v8_bcast(V8_P_INV29)), v8_bcast(V8_MASK));
}

/* res = a b / 2^256 mod p, normalized; a, b normalized and below 2p,
 * result below 1.76 p: ff_vec8.h's product (R = 2^261) of a and b 2^5. */
static inline void v8_mul(v8fp *res, const v8fp *a, const v8fp *b)
{
    const __m512i mask = v8_bcast(V8_MASK);
    __m512i bs[V8_LIMBS];
    /* b 2^5, limb by limb */
    bs[0] = _mm512_and_si512(_mm512_slli_epi64(b->l[0], 5), mask);
    V8_UNROLL
    for (int j = 1; j < V8_LIMBS; j++)
        bs[j] = _mm512_or_si512(_mm512_and_si512(_mm512_slli_epi64(b->l[j], 5), mask),
                                _mm512_srli_epi64(b->l[j - 1], 24));
    v8_mont_mul_raw(res, a, bs, v8_p_limbs, v8_p_quotient);
    v8_carry(res);
}

/* res = a - b in [0, 2p), a, b normalized and below 2p. */
static inline void v8_sub(v8fp *res, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_sub_epi64(a->l[j], b->l[j]);
    v8_carry(res);
    __mmask8 neg = _mm512_cmplt_epi64_mask(res->l[V8_LIMBS - 1], _mm512_setzero_si512());
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_mask_add_epi64(res->l[j], neg, res->l[j], v8_bcast(v8_2p_limbs[j]));
    v8_carry(res);
}

/* Limb j of p and of 2p with borrowed limbs: limbs 0..7 are at least
 * 2^29 - 1 (2^30 - 2 for 2p) above p's own, the top limb lower, the
 * value unchanged. Adding them to a difference of normalized limbs
 * leaves no limb below the top one negative, so a difference of values
 * below p needs one carry pass and no sign test. */
static inline uint64_t v8_p_borrowed(int j)
{
    return v8_p_limbs[j] + (j == 0 ? (1ull << 29) : j < V8_LIMBS - 1 ? V8_MASK : (uint64_t)-1);
}

/* res = a - b + p in (0, 2p), a, b normalized and below p (the bucket
 * and point coordinates). Two thirds of v8_sub's work. */
static inline void v8_sub_lt_p(v8fp *res, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_add_epi64(_mm512_sub_epi64(a->l[j], b->l[j]), v8_bcast(v8_p_borrowed(j)));
    v8_carry(res);
}

/* res = (neg ? -a : a) - b, lane by lane, in (0, 2p]: a - b + p, or
 * 2p - a - b in the lanes of neg; a, b normalized and below p. */
static inline void v8_signed_sub_lt_p(v8fp *res, __mmask8 neg, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++) {
        __m512i pj = v8_bcast(v8_p_borrowed(j)), p2j = v8_bcast(2 * v8_p_borrowed(j));
        __m512i s = _mm512_mask_sub_epi64(_mm512_add_epi64(a->l[j], pj), neg, p2j, a->l[j]);
        res->l[j] = _mm512_sub_epi64(s, b->l[j]);
    }
    v8_carry(res);
}

/* Lanes where a and b differ; a, b normalized and below p, so equal
 * values have equal limbs. */
static inline __mmask8 v8_differ(const v8fp *a, const v8fp *b)
{
    __m512i o = _mm512_xor_si512(a->l[0], b->l[0]);
    V8_UNROLL
    for (int j = 1; j < V8_LIMBS; j++)
        o = _mm512_or_si512(o, _mm512_xor_si512(a->l[j], b->l[j]));
    return _mm512_test_epi64_mask(o, o);
}

/* a in [0, 4p) to [0, 2p). */
static inline void v8_reduce_2p(v8fp *a)
{
    v8fp d;
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        d.l[j] = _mm512_sub_epi64(a->l[j], v8_bcast(v8_2p_limbs[j]));
    v8_carry(&d);
    __mmask8 ge = _mm512_cmpge_epi64_mask(d.l[V8_LIMBS - 1], _mm512_setzero_si512());
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        a->l[j] = _mm512_mask_blend_epi64(ge, a->l[j], d.l[j]);
}

/* res = a + b in [0, 2p), a, b normalized and below 2p. */
static inline void v8_add(v8fp *res, const v8fp *a, const v8fp *b)
{
    v8fp d;
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_add_epi64(a->l[j], b->l[j]);
    v8_carry(res);
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        d.l[j] = _mm512_sub_epi64(res->l[j], v8_bcast(v8_2p_limbs[j]));
    v8_carry(&d);
    __mmask8 ge = _mm512_cmpge_epi64_mask(d.l[V8_LIMBS - 1], _mm512_setzero_si512());
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_mask_blend_epi64(ge, res->l[j], d.l[j]);
}

/* a in [0, 2p) to [0, p). */
static inline void v8_reduce(v8fp *a)
{
    v8fp d;
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        d.l[j] = _mm512_sub_epi64(a->l[j], v8_bcast(v8_p_limbs[j]));
    v8_carry(&d);
    __mmask8 ge = _mm512_cmpge_epi64_mask(d.l[V8_LIMBS - 1], _mm512_setzero_si512());
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        a->l[j] = _mm512_mask_blend_epi64(ge, a->l[j], d.l[j]);
}

/* r = m ? b : a, lane by lane */
static inline void v8_blend(v8fp *r, __mmask8 m, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        r->l[j] = _mm512_mask_blend_epi64(m, a->l[j], b->l[j]);
}

/* 8 elements (4 x 64-bit words, < 2^256), element i at e[i], to limbs:
 * two elements per vector, then ff_vec8.h's transpose. */
static inline void v8_load(v8fp *v, const zkfl_fp *const e[8])
{
    __m512i z[4];
    for (int i = 0; i < 4; i++)
        z[i] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)e[2 * i]->v)),
                                  _mm256_loadu_si256((const __m256i *)e[2 * i + 1]->v), 1);
    v8_from_pairs(v, z);
}

/* The reverse transpose; v normalized and below 2^256. Only lanes set in
 * m are written. */
static inline void v8_store(zkfl_fp *const e[8], __mmask8 m, const v8fp *v)
{
    __m512i z[4];
    v8_to_pairs(z, v);
    for (int i = 0; i < 4; i++) {
        if (m & (1u << (2 * i)))
            _mm256_storeu_si256((__m256i *)e[2 * i]->v, _mm512_castsi512_si256(z[i]));
        if (m & (2u << (2 * i)))
            _mm256_storeu_si256((__m256i *)e[2 * i + 1]->v, _mm512_extracti64x4_epi64(z[i], 1));
    }
}

/* res = c - a - b fully reduced (below p): c normalized and below 2p, a,
 * b normalized and below p. c - a - b + 2p is in (0, 4p) with one carry
 * pass; two conditional subtractions finish it (v8_sub twice and a
 * v8_reduce did three passes more). */
static inline void v8_sub2_reduce(v8fp *res, const v8fp *c, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_add_epi64(_mm512_sub_epi64(c->l[j], _mm512_add_epi64(a->l[j], b->l[j])),
                                     v8_bcast(2 * v8_p_borrowed(j)));
    v8_carry(res);
    v8_reduce_2p(res);
    v8_reduce(res);
}

/* The forward passes keep each group's prefix products for the backward
 * pass: saved as they are, 9 limbs of 8 lanes narrowed to 32 bits (288
 * bytes per group, where 8 elements take 256), which costs a narrowing
 * store and a widening load per limb instead of the two transposes. */
#define V8_SAVED_WORDS (8 * V8_LIMBS)

static inline void v8_save(void *dst, const v8fp *v)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        _mm256_storeu_si256((__m256i *)dst + j, _mm512_cvtepi64_epi32(v->l[j]));
}

static inline void v8_restore(v8fp *v, const void *src)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        v->l[j] = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)src + j));
}

static inline void v8_bcast_fp(v8fp *v, const uint64_t w[4])
{
    const zkfl_fp *e[8];
    zkfl_fp x;
    memcpy(x.v, w, sizeof x.v);
    for (int i = 0; i < 8; i++)
        e[i] = &x;
    v8_load(v, e);
}

#endif
#endif
