/* Internal to the poly layer: 8-lane AVX-512F arithmetic mod r for the NTT
 * (ntt_vec.c), for machines without AVX-512 IFMA, on src/ff/ff_vec8.h's
 * limbs (9 limbs of 29 bits, limb j of 8 elements in one zmm register,
 * products by vpmuludq, in-register transposes).
 *
 * Multiplication is Montgomery's with R = 2^261, operand scanning (one
 * 29-bit quotient per limb): v8_mul(a, b) = a b / 2^261 mod r, result
 * below a b / 2^261 + r. The data keep the scalar code's Montgomery
 * representation (x 2^256): twiddles are stored as w 2^261 mod r, so
 * v8_mul(x, w') is x w in that representation. With a < 2^261 and
 * w' < 2r the product is below 3r, so a butterfly x + t, x + 4r - t adds
 * at most 4r to the bound of its inputs: 2^261 > 169 r leaves room for
 * 41 stages from r without any reduction (ntt_vec.c reduces between its
 * two phases and at the end, v8_reduce).
 *
 * Two facts of the modulus make the quotient cheap: -r^-1 mod 2^29 is
 * 2^28 - 1, so q = (t << 28) - t mod 2^29 (a shift and a subtraction
 * instead of a multiplication on the critical path). */
#ifndef ZKFL_POLY_NTT_VEC_KERNELS_H
#define ZKFL_POLY_NTT_VEC_KERNELS_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include "ff/ff_vec8.h"

typedef v8_limbs v8fr;

/* r and 4r in 29-bit limbs (x + 4r - t limb by limb may go negative;
 * v8_carry propagates signed carries). */
static const uint64_t v8_r_limbs[V8_LIMBS] = {
    0x10000001, 0x1f0fac9f, 0x0e5c2450, 0x07d090f3, 0x1585d283,
    0x02db40c0, 0x00a6e141, 0x0e5c2634, 0x0030644e
};
static const uint64_t v8_four_r_limbs[V8_LIMBS] = {
    0x00000004, 0x1c3eb27e, 0x19709143, 0x1f4243cd, 0x16174a0c,
    0x0b6d0302, 0x029b8504, 0x197098d0, 0x00c19139
};

/* -t0 r^-1 mod 2^29 = t0 (2^28 - 1) mod 2^29 */
V8_INLINE __m512i v8_r_quotient(__m512i t0)
{
    return _mm512_and_si512(_mm512_sub_epi64(_mm512_slli_epi64(t0, 28), t0), v8_bcast(V8_MASK));
}

/* res = a b / 2^261 mod r, below a b / 2^261 + r, with unnormalized
 * limbs (each below 2^62.2, so x + t and x + 4r - t stay inside signed
 * 64-bit lanes); a, b normalized (limbs below 2^29, values below 2^261). */
static inline void v8_mul_raw(v8fr *res, const v8fr *a, const v8fr *b)
{
    v8_mont_mul_raw(res, a, b->l, v8_r_limbs, v8_r_quotient);
}

/* res = a b / 2^261 mod r with normalized limbs; res may alias a or b. */
static inline void v8_mul(v8fr *res, const v8fr *a, const v8fr *b)
{
    v8_mul_raw(res, a, b);
    v8_carry(res);
}

/* x <- x + t, y <- x + 4r - t for the product t = y w (t's limbs need not
 * be normalized: one carry pass over each sum does it for both). */
static inline void v8_bfly_finish(v8fr *x, v8fr *y, const v8fr *t)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++) {
        __m512i xj = x->l[j];
        x->l[j] = _mm512_add_epi64(xj, t->l[j]);
        y->l[j] = _mm512_sub_epi64(_mm512_add_epi64(xj, v8_bcast(v8_four_r_limbs[j])), t->l[j]);
    }
    v8_carry(x);
    v8_carry(y);
}

static inline void v8_bfly(v8fr *x, v8fr *y, const v8fr *w)
{
    v8fr t;
    v8_mul_raw(&t, y, w);
    v8_bfly_finish(x, y, &t);
}

/* Two independent butterflies written side by side: one Montgomery
 * product is a long dependent chain (each quotient waits for the previous
 * row), and two in flight roughly double the throughput. */
static inline void v8_bfly2(v8fr *x0, v8fr *y0, const v8fr *w0, v8fr *x1, v8fr *y1, const v8fr *w1)
{
    v8fr t0, t1;
    v8_mul_raw(&t0, y0, w0);
    v8_mul_raw(&t1, y1, w1);
    v8_bfly_finish(x0, y0, &t0);
    v8_bfly_finish(x1, y1, &t1);
}

/* Twiddle 1: x <- x + y, y <- x + 4r - y (y < 4r). */
static inline void v8_bfly_one(v8fr *x, v8fr *y)
{
    v8_bfly_finish(x, y, y);
}

/* a < 2^261, normalized, to a value below 3r with the same residue:
 * subtract q r for q = floor(a_8 / (r_8 + 1)) (top limbs), a lower bound
 * of a / r computed exactly in double precision (a_8 < 2^29; a quotient
 * within 2^-45 of an integer from below cannot occur, the distance is a
 * multiple of 1 / (r_8 + 1)), which leaves less than 2r (3r if the
 * rounding fell just below an integer quotient). */
static inline void v8_reduce(v8fr *a)
{
    const __m512d inv = _mm512_set1_pd(1.0 / (double)(v8_r_limbs[V8_LIMBS - 1] + 1));
    __m512i q = _mm512_cvttpd_epi64(_mm512_mul_pd(_mm512_cvtepi64_pd(a->l[V8_LIMBS - 1]), inv));
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        a->l[j] = _mm512_sub_epi64(a->l[j], _mm512_mul_epu32(q, v8_bcast(v8_r_limbs[j])));
    v8_carry(a);
}

/* The elements come and go as ff_vec8.h's pairs (v8_from_pairs,
 * v8_to_pairs). 8 contiguous elements at p: */
static inline void v8_load_contig(v8fr *v, const uint64_t *p)
{
    __m512i z[4];
    for (int i = 0; i < 4; i++)
        z[i] = _mm512_loadu_si512((const void *)(p + 8 * i));
    v8_from_pairs(v, z);
}

static inline void v8_store_contig(uint64_t *p, const v8fr *v)
{
    __m512i z[4];
    v8_to_pairs(z, v);
    for (int i = 0; i < 4; i++)
        _mm512_storeu_si512((void *)(p + 8 * i), z[i]);
}

/* 8 elements at p + k stride (in words, may be negative), k = 0..7. */
static inline void v8_load_strided(v8fr *v, const uint64_t *p, ptrdiff_t stride)
{
    __m512i z[4];
    for (int i = 0; i < 4; i++) {
        const uint64_t *e = p + 2 * i * stride;
        z[i] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)e)),
                                  _mm256_loadu_si256((const __m256i *)(e + stride)), 1);
    }
    v8_from_pairs(v, z);
}

static inline void v8_store_strided(uint64_t *p, ptrdiff_t stride, const v8fr *v)
{
    __m512i z[4];
    v8_to_pairs(z, v);
    for (int i = 0; i < 4; i++) {
        uint64_t *e = p + 2 * i * stride;
        _mm256_storeu_si256((__m256i *)e, _mm512_castsi512_si256(z[i]));
        _mm256_storeu_si256((__m256i *)(e + stride), _mm512_extracti64x4_epi64(z[i], 1));
    }
}

#endif
