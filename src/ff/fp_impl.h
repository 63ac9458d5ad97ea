/* Internal: the 4 x 64-bit Montgomery engine shared by Fp and Fr, as
 * static inline functions so hot loops in other layers (ec, poly) inline
 * them. Both BN254 moduli are below 2^254, so a sum of two reduced values
 * never carries out of 256 bits and the "no-carry" CIOS variant applies.
 *
 * Everything here runs in time independent of the limb values. */
#ifndef ZKFL_FF_FP_IMPL_H
#define ZKFL_FF_FP_IMPL_H

#include <stdint.h>
#include "zkfl/ff.h"

typedef unsigned __int128 ff_u128;

/* Constants of one prime field (all limbs little-endian). */
typedef struct {
    uint64_t m[4];          /* the modulus */
    uint64_t n0;            /* -m^-1 mod 2^64 */
    uint64_t one[4];        /* R mod m, R = 2^256 (Montgomery form of 1) */
    uint64_t r2[4];         /* R^2 mod m: converts into Montgomery form */
    uint64_t r3[4];         /* R^3 mod m: fixes up a plain inverse of a Montgomery value */
    uint64_t m_minus_2[4];  /* Fermat inverse exponent */
    uint64_t half[4];       /* (m-1)/2: Euler's criterion exponent */
} ff_modulus;

extern const ff_modulus ff_fp_modulus;
extern const ff_modulus ff_fr_modulus;

#define FF_FP_M0 0x3c208c16d87cfd47ull
#define FF_FP_M1 0x97816a916871ca8dull
#define FF_FP_M2 0xb85045b68181585dull
#define FF_FP_M3 0x30644e72e131a029ull
#define FF_FP_N0 0x87d20782e4866389ull
#define FF_FR_M0 0x43e1f593f0000001ull
#define FF_FR_M1 0x2833e84879b97091ull
#define FF_FR_M2 0xb85045b68181585dull
#define FF_FR_M3 0x30644e72e131a029ull
#define FF_FR_N0 0xc2e1f593efffffffull

/* x86-64 mulx/adcx/adox kernels (ff/fp_asm.h) unless the build asks for
 * portable C (the sanitizer flavour does, so both paths are tested). */
#if defined(__x86_64__) && !defined(ZKFL_PORTABLE) && defined(__ADX__) && defined(__BMI2__)
#define FF_USE_ASM 1
#endif

/* ---- limb helpers ---- */

/* 0 - (x != 0) as a mask, without a branch. */
static inline uint64_t ff_mask_nonzero(uint64_t x)
{
    return (uint64_t)0 - ((x | ((uint64_t)0 - x)) >> 63);
}

static inline uint64_t ff_is_zero4(const uint64_t a[4])
{
    uint64_t t = a[0] | a[1] | a[2] | a[3];
    return 1 ^ ((t | ((uint64_t)0 - t)) >> 63);
}

static inline uint64_t ff_eq4(const uint64_t a[4], const uint64_t b[4])
{
    uint64_t t = (a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]);
    return 1 ^ ((t | ((uint64_t)0 - t)) >> 63);
}

/* r = flag ? a : r, flag in {0,1}. */
static inline void ff_cmov4(uint64_t r[4], const uint64_t a[4], uint64_t flag)
{
    uint64_t mask = (uint64_t)0 - flag;
    for (int i = 0; i < 4; i++)
        r[i] ^= mask & (r[i] ^ a[i]);
}

/* Carry/borrow steps on plain 64-bit words: compilers turn these into
 * add-with-carry chains, unlike 128-bit temporaries. */
static inline uint64_t ff_addc(uint64_t a, uint64_t b, uint64_t *carry)
{
    uint64_t s = a + b;
    uint64_t c1 = s < a;
    uint64_t t = s + *carry;
    *carry = c1 | (t < s);
    return t;
}

static inline uint64_t ff_subb(uint64_t a, uint64_t b, uint64_t *borrow)
{
    uint64_t d = a - b;
    uint64_t b1 = a < b;
    uint64_t t = d - *borrow;
    *borrow = b1 | (d < *borrow);
    return t;
}

/* r = a - b, returns the borrow (0 or 1). */
static inline uint64_t ff_sub4_borrow(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++)
        r[i] = ff_subb(a[i], b[i], &borrow);
    return borrow;
}

/* r = t mod m for t < 2m (t given as 4 limbs plus a carry limb). Written
 * with scalars: array temporaries invite vectorised selects that stall on
 * store forwarding. */
static inline void ff_reduce_once(uint64_t r[4], const uint64_t t[4], uint64_t carry, const uint64_t m[4])
{
    uint64_t t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], br = 0;
    uint64_t s0 = ff_subb(t0, m[0], &br);
    uint64_t s1 = ff_subb(t1, m[1], &br);
    uint64_t s2 = ff_subb(t2, m[2], &br);
    uint64_t s3 = ff_subb(t3, m[3], &br);
    /* keep t when t < m, i.e. the subtraction borrowed and nothing carried */
    uint64_t keep = (uint64_t)0 - (br & (carry ^ 1));
    r[0] = (t0 & keep) | (s0 & ~keep);
    r[1] = (t1 & keep) | (s1 & ~keep);
    r[2] = (t2 & keep) | (s2 & ~keep);
    r[3] = (t3 & keep) | (s3 & ~keep);
}

static inline void ff_add_mod_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4])
{
    uint64_t t[4], carry = 0;
    t[0] = ff_addc(a[0], b[0], &carry);
    t[1] = ff_addc(a[1], b[1], &carry);
    t[2] = ff_addc(a[2], b[2], &carry);
    t[3] = ff_addc(a[3], b[3], &carry);
    ff_reduce_once(r, t, carry, m);
}

static inline void ff_sub_mod_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4])
{
    uint64_t t[4];
    uint64_t mask = (uint64_t)0 - ff_sub4_borrow(t, a, b);
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++)
        r[i] = ff_addc(t[i], m[i] & mask, &carry);
}

#ifdef FF_USE_ASM
#include "ff/fp_asm.h"
#endif

static inline void ff_add_mod(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4])
{
#ifdef FF_USE_ASM
    ff_add_mod_asm(r, a, b, m);
#else
    ff_add_mod_portable(r, a, b, m);
#endif
}

static inline void ff_sub_mod(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4])
{
#ifdef FF_USE_ASM
    ff_sub_mod_asm(r, a, b, m);
#else
    ff_sub_mod_portable(r, a, b, m);
#endif
}

static inline void ff_neg_mod(uint64_t r[4], const uint64_t a[4], const uint64_t m[4])
{
    /* m - a, but 0 stays 0 (m - 0 = m is not reduced) */
    uint64_t mask = ff_mask_nonzero(a[0] | a[1] | a[2] | a[3]);
    uint64_t t[4];
    ff_sub4_borrow(t, m, a);
    for (int i = 0; i < 4; i++)
        r[i] = t[i] & mask;
}

/* r = a / 2 mod m: add m when a is odd (a + m < 2^255, no overflow), shift. */
static inline void ff_half_mod(uint64_t r[4], const uint64_t a[4], const uint64_t m[4])
{
    uint64_t mask = (uint64_t)0 - (a[0] & 1);
    uint64_t t[4], carry = 0;
    for (int i = 0; i < 4; i++)
        t[i] = ff_addc(a[i], m[i] & mask, &carry);
    r[0] = (t[0] >> 1) | (t[1] << 63);
    r[1] = (t[1] >> 1) | (t[2] << 63);
    r[2] = (t[2] >> 1) | (t[3] << 63);
    r[3] = (t[3] >> 1) | (carry << 63);
}

/* ---- Montgomery multiplication: r = a*b/R mod m (a, b < m) ---- */

/* Portable CIOS with 128-bit products, without the final reduction:
 * t + 2^256 * (return value) = a*b/R mod m plus at most m (below 2m for
 * a, b < m; the NTT's lazy butterfly uses it with a < 4m, where the result
 * stays below 2m and the returned word is 0). Always compiled, so the tests
 * can compare it with the assembly kernels (ff_mont_mul_lazy_asm). */
static inline uint64_t ff_mont_mul_lazy_portable(uint64_t t[4], const uint64_t a[4], const uint64_t b[4],
                                                 const uint64_t m[4], uint64_t n0)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
    for (int i = 0; i < 4; i++) {
        ff_u128 c;
        uint64_t bi = b[i];
        c = (ff_u128)a[0] * bi + t0; t0 = (uint64_t)c;
        c = (ff_u128)a[1] * bi + t1 + (uint64_t)(c >> 64); t1 = (uint64_t)c;
        c = (ff_u128)a[2] * bi + t2 + (uint64_t)(c >> 64); t2 = (uint64_t)c;
        c = (ff_u128)a[3] * bi + t3 + (uint64_t)(c >> 64); t3 = (uint64_t)c;
        t4 += (uint64_t)(c >> 64);
        uint64_t q = t0 * n0;
        c = (ff_u128)q * m[0] + t0;
        c = (ff_u128)q * m[1] + t1 + (uint64_t)(c >> 64); t0 = (uint64_t)c;
        c = (ff_u128)q * m[2] + t2 + (uint64_t)(c >> 64); t1 = (uint64_t)c;
        c = (ff_u128)q * m[3] + t3 + (uint64_t)(c >> 64); t2 = (uint64_t)c;
        c = (ff_u128)t4 + (uint64_t)(c >> 64); t3 = (uint64_t)c;
        t4 = (uint64_t)(c >> 64);
    }
    t[0] = t0;
    t[1] = t1;
    t[2] = t2;
    t[3] = t3;
    return t4;
}

/* Portable CIOS with 128-bit products: r = a*b/R mod m, fully reduced. */
static inline void ff_mont_mul_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                                        const uint64_t m[4], uint64_t n0)
{
    uint64_t t[4];
    uint64_t t4 = ff_mont_mul_lazy_portable(t, a, b, m, n0);
    ff_reduce_once(r, t, t4, m);
}

static inline void ff_mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                               const uint64_t m[4], uint64_t n0)
{
#ifdef FF_USE_ASM
    ff_mont_mul_asm(r, a, b, m, n0);
#else
    ff_mont_mul_portable(r, a, b, m, n0);
#endif
}

static inline void ff_mont_sqr(uint64_t r[4], const uint64_t a[4], const uint64_t m[4], uint64_t n0)
{
#ifdef FF_USE_ASM
    ff_mont_sqr_asm(r, a, m, n0);
#else
    ff_mont_mul_portable(r, a, a, m, n0);
#endif
}

/* ---- typed shortcuts for other layers' hot loops ---- */

#define FF_DEFINE_FAST_OPS(F, T, MOD)                                                  \
    static inline void ff_##F##_add(T *r, const T *a, const T *b)                     \
    { ff_add_mod(r->v, a->v, b->v, MOD.m); }                                          \
    static inline void ff_##F##_sub(T *r, const T *a, const T *b)                     \
    { ff_sub_mod(r->v, a->v, b->v, MOD.m); }                                          \
    static inline void ff_##F##_neg(T *r, const T *a)                                  \
    { ff_neg_mod(r->v, a->v, MOD.m); }                                                 \
    static inline void ff_##F##_dbl(T *r, const T *a)                                  \
    { ff_add_mod(r->v, a->v, a->v, MOD.m); }                                          \
    static inline void ff_##F##_mul(T *r, const T *a, const T *b)                     \
    { ff_mont_mul(r->v, a->v, b->v, MOD.m, MOD.n0); }                                 \
    static inline void ff_##F##_sqr(T *r, const T *a)                                  \
    { ff_mont_sqr(r->v, a->v, MOD.m, MOD.n0); }

FF_DEFINE_FAST_OPS(fp, zkfl_fp, ff_fp_modulus)
FF_DEFINE_FAST_OPS(fr, zkfl_fr, ff_fr_modulus)

#endif
