/* Internal to the poly layer: 8-lane AVX-512F arithmetic mod r for the NTT
 * (ntt_vec.c), for machines without AVX-512 IFMA.
 *
 * An element is 9 limbs of 29 bits (261 bits), limb j of 8 elements in one
 * zmm register (limb-sliced, "structure of arrays"); vpmuludq multiplies
 * the low 32 bits of each 64-bit lane, so a 29 x 29-bit product and the
 * sums of up to 18 of them (plus carries) stay below 2^63.
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

#define V8_LIMBS 9
#define V8_MASK 0x1fffffffull

/* The limb loops must be unrolled for the accumulators to live in
 * registers (GCC otherwise keeps the outer row loop of v8_mul rolled, with
 * the accumulator in memory, in the larger callers). */
#define V8_UNROLL _Pragma("GCC unroll 16")

typedef struct {
    __m512i l[V8_LIMBS];
} v8fr;

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

static inline __m512i v8_bcast(uint64_t x) { return _mm512_set1_epi64((long long)x); }

/* res = a b / 2^261 mod r, below a b / 2^261 + r, with unnormalized
 * limbs (each below 2^62.2: at most 18 products below 2^58 plus carries,
 * so x + t and x + 4r - t stay inside signed 64-bit lanes);
 * a, b normalized (limbs below 2^29, values below 2^261). */
static inline void v8_mul_raw(v8fr *res, const v8fr *a, const v8fr *b)
{
    const __m512i mask = v8_bcast(V8_MASK);
    __m512i t[V8_LIMBS + 1];
    V8_UNROLL
    for (int j = 0; j <= V8_LIMBS; j++)
        t[j] = _mm512_setzero_si512();
    V8_UNROLL
    for (int i = 0; i < V8_LIMBS; i++) {
        __m512i bi = b->l[i];
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = _mm512_add_epi64(t[j], _mm512_mul_epu32(a->l[j], bi));
        __m512i q = _mm512_and_si512(_mm512_sub_epi64(_mm512_slli_epi64(t[0], 28), t[0]), mask);
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = _mm512_add_epi64(t[j], _mm512_mul_epu32(q, v8_bcast(v8_r_limbs[j])));
        /* t[0] is now 0 mod 2^29: shift the accumulator down one limb */
        t[1] = _mm512_add_epi64(t[1], _mm512_srli_epi64(t[0], 29));
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = t[j + 1];
        t[V8_LIMBS] = _mm512_setzero_si512();
    }
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = t[j];
}

/* Carry propagation of signed limbs (value >= 0 overall). */
static inline void v8_carry(v8fr *a)
{
    const __m512i mask = v8_bcast(V8_MASK);
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS - 1; j++) {
        a->l[j + 1] = _mm512_add_epi64(a->l[j + 1], _mm512_srai_epi64(a->l[j], 29));
        a->l[j] = _mm512_and_si512(a->l[j], mask);
    }
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

/* 8 elements of 4 x 64-bit words (value < 2^256) to 29-bit limbs, and
 * back. The elements come as 4 vectors z_i = [e_2i | e_2i+1] (two elements
 * each) and are transposed in registers (unpack, then a two-source
 * permutation: 8 shuffles for 8 elements; gathers and scatters of the same
 * data measured several times slower). */
static inline void v8_from_pairs(v8fr *v, const __m512i z[4])
{
    const __m512i mask = v8_bcast(V8_MASK);
    const __m512i even = _mm512_setr_epi64(0, 4, 1, 5, 8, 12, 9, 13);
    const __m512i odd = _mm512_setr_epi64(2, 6, 3, 7, 10, 14, 11, 15);
    /* u0 = (e0w0 e2w0 e0w2 e2w2 e1w0 e3w0 e1w2 e3w2), u1 likewise for
     * words 1 and 3, u2, u3 the same for e4..e7 */
    __m512i u0 = _mm512_unpacklo_epi64(z[0], z[1]), u1 = _mm512_unpackhi_epi64(z[0], z[1]);
    __m512i u2 = _mm512_unpacklo_epi64(z[2], z[3]), u3 = _mm512_unpackhi_epi64(z[2], z[3]);
    __m512i w0 = _mm512_permutex2var_epi64(u0, even, u2);
    __m512i w2 = _mm512_permutex2var_epi64(u0, odd, u2);
    __m512i w1 = _mm512_permutex2var_epi64(u1, even, u3);
    __m512i w3 = _mm512_permutex2var_epi64(u1, odd, u3);
    v->l[0] = _mm512_and_si512(w0, mask);
    v->l[1] = _mm512_and_si512(_mm512_srli_epi64(w0, 29), mask);
    v->l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w0, 58), _mm512_slli_epi64(w1, 6)), mask);
    v->l[3] = _mm512_and_si512(_mm512_srli_epi64(w1, 23), mask);
    v->l[4] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w1, 52), _mm512_slli_epi64(w2, 12)), mask);
    v->l[5] = _mm512_and_si512(_mm512_srli_epi64(w2, 17), mask);
    v->l[6] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w2, 46), _mm512_slli_epi64(w3, 18)), mask);
    v->l[7] = _mm512_and_si512(_mm512_srli_epi64(w3, 11), mask);
    v->l[8] = _mm512_srli_epi64(w3, 40);
}

/* v normalized and below 2^256. */
static inline void v8_to_pairs(__m512i z[4], const v8fr *v)
{
    const __m512i *l = v->l;
    const __m512i lo = _mm512_setr_epi64(0, 2, 8, 10, 1, 3, 9, 11);
    const __m512i hi = _mm512_setr_epi64(4, 6, 12, 14, 5, 7, 13, 15);
    __m512i w0 = _mm512_or_si512(_mm512_or_si512(l[0], _mm512_slli_epi64(l[1], 29)), _mm512_slli_epi64(l[2], 58));
    __m512i w1 = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(l[2], 6), _mm512_slli_epi64(l[3], 23)),
                                 _mm512_slli_epi64(l[4], 52));
    __m512i w2 = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(l[4], 12), _mm512_slli_epi64(l[5], 17)),
                                 _mm512_slli_epi64(l[6], 46));
    __m512i w3 = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(l[6], 18), _mm512_slli_epi64(l[7], 11)),
                                 _mm512_slli_epi64(l[8], 40));
    __m512i u0 = _mm512_permutex2var_epi64(w0, lo, w2), u2 = _mm512_permutex2var_epi64(w0, hi, w2);
    __m512i u1 = _mm512_permutex2var_epi64(w1, lo, w3), u3 = _mm512_permutex2var_epi64(w1, hi, w3);
    z[0] = _mm512_unpacklo_epi64(u0, u1);
    z[1] = _mm512_unpackhi_epi64(u0, u1);
    z[2] = _mm512_unpacklo_epi64(u2, u3);
    z[3] = _mm512_unpackhi_epi64(u2, u3);
}

/* 8 contiguous elements at p. */
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

/* One value (4 x 64-bit limbs, < 2^256) as 9 limbs of 29 bits. */
static inline void v8_split_scalar(uint64_t out[V8_LIMBS], const uint64_t w[4])
{
    out[0] = w[0] & V8_MASK;
    out[1] = (w[0] >> 29) & V8_MASK;
    out[2] = ((w[0] >> 58) | (w[1] << 6)) & V8_MASK;
    out[3] = (w[1] >> 23) & V8_MASK;
    out[4] = ((w[1] >> 52) | (w[2] << 12)) & V8_MASK;
    out[5] = (w[2] >> 17) & V8_MASK;
    out[6] = ((w[2] >> 46) | (w[3] << 18)) & V8_MASK;
    out[7] = (w[3] >> 11) & V8_MASK;
    out[8] = w[3] >> 40;
}

#endif
