/* Internal to the layers above ff: what the two 8-lane AVX-512F fields
 * have in common, the MSM's Fp (src/ec/msm_vec_fp.h) and the NTT's Fr
 * (src/poly/ntt_vec_kernels.h); neither modulus appears here.
 *
 * An element is 9 limbs of 29 bits (261 bits), limb j of 8 elements in
 * one zmm register (limb-sliced, "structure of arrays"); vpmuludq
 * multiplies the low 32 bits of each 64-bit lane, so a 29 x 29-bit
 * product and the sums of up to 18 of them (plus carries) stay below
 * 2^63. Elements move in and out as 4 x 64-bit words (< 2^256) through
 * in-register transposes.
 *
 * The includer checks for AVX-512F (and that the build is not portable)
 * before including this header. */
#ifndef ZKFL_FF_VEC8_H
#define ZKFL_FF_VEC8_H

#include <immintrin.h>
#include <stdint.h>

#define V8_LIMBS 9
#define V8_MASK 0x1fffffffull

/* The limb loops must be unrolled for the accumulators to live in
 * registers (GCC otherwise keeps the outer row loop of the product
 * rolled, with the accumulator in memory, in the larger callers). */
#define V8_UNROLL _Pragma("GCC unroll 16")

/* For v8_mont_mul_raw and the quotient functions passed to it: the
 * product takes its quotient as a function so that each field keeps its
 * own (a product, or a shift for r), and only inlining turns the call
 * into the same instructions as a quotient written in the loop. */
#define V8_INLINE static inline __attribute__((always_inline))

typedef struct {
    __m512i l[V8_LIMBS];
} v8_limbs;

static inline __m512i v8_bcast(uint64_t x) { return _mm512_set1_epi64((long long)x); }

/* Carry pass over signed limbs (the value >= 0 overall): limbs 0..7 end
 * in [0, 2^29), limb 8 keeps the sign and the rest. */
static inline void v8_carry(v8_limbs *a)
{
    const __m512i mask = v8_bcast(V8_MASK);
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS - 1; j++) {
        a->l[j + 1] = _mm512_add_epi64(a->l[j + 1], _mm512_srai_epi64(a->l[j], 29));
        a->l[j] = _mm512_and_si512(a->l[j], mask);
    }
}

/* Montgomery's product with R = 2^261, operand scanning: res = a b /
 * 2^261 mod m, below a b / 2^261 + m, with unnormalized limbs (each below
 * 2^62.2: at most 18 products below 2^58 plus carries); a, b normalized
 * (limbs below 2^29). quotient(t0) is -t0 m^-1 mod 2^29, one per row;
 * m_limbs the modulus in 29-bit limbs. res may alias a or b. */
V8_INLINE void v8_mont_mul_raw(v8_limbs *res, const v8_limbs *a, const __m512i b[V8_LIMBS],
                               const uint64_t m_limbs[V8_LIMBS], __m512i (*quotient)(__m512i t0))
{
    __m512i t[V8_LIMBS + 1];
    V8_UNROLL
    for (int j = 0; j <= V8_LIMBS; j++)
        t[j] = _mm512_setzero_si512();
    V8_UNROLL
    for (int i = 0; i < V8_LIMBS; i++) {
        __m512i bi = b[i];
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = _mm512_add_epi64(t[j], _mm512_mul_epu32(a->l[j], bi));
        __m512i q = quotient(t[0]);
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = _mm512_add_epi64(t[j], _mm512_mul_epu32(q, v8_bcast(m_limbs[j])));
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

/* 8 elements of 4 x 64-bit words (value < 2^256) to 29-bit limbs, and
 * back. The elements come as 4 vectors z_i = [e_2i | e_2i+1] (two elements
 * each) and are transposed in registers (unpack, then a two-source
 * permutation: 8 shuffles for 8 elements; gathers and scatters of the same
 * data measured several times slower). */
static inline void v8_from_pairs(v8_limbs *v, const __m512i z[4])
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
static inline void v8_to_pairs(__m512i z[4], const v8_limbs *v)
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

/* One value (4 x 64-bit words, < 2^256) as 9 limbs of 29 bits. */
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
