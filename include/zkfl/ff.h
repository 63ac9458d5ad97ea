/* zkfl/ff.h - the BN254 base field Fp, scalar field Fr, and the tower
 * Fp2 = Fp[u]/(u^2+1), Fp6 = Fp2[v]/(v^3 - (9+u)), Fp12 = Fp6[w]/(w^2 - v).
 *
 * p = 21888242871839275222246405745257275088696311157297823662689037894645226208583
 * r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
 *
 * Elements are kept in Montgomery form (a*2^256 mod m), fully reduced
 * (< modulus) after every operation. Unless the name ends in _vartime,
 * functions run in time independent of the values. */
#ifndef ZKFL_FF_H
#define ZKFL_FF_H

#include "zkfl/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct { uint64_t v[4]; } zkfl_fp;  /* little-endian limbs, Montgomery form */
typedef struct { uint64_t v[4]; } zkfl_fr;
typedef struct { zkfl_fp c0, c1; } zkfl_fp2;          /* c0 + c1*u */
typedef struct { zkfl_fp2 c0, c1, c2; } zkfl_fp6;     /* c0 + c1*v + c2*v^2 */
typedef struct { zkfl_fp6 c0, c1; } zkfl_fp12;        /* c0 + c1*w */

/* ---- Fp (the same set of functions exists for Fr with prefix zkfl_fr_) ---- */
void zkfl_fp_set_zero(zkfl_fp *r);
void zkfl_fp_set_one(zkfl_fp *r);
void zkfl_fp_set_u64(zkfl_fp *r, uint64_t x);
int  zkfl_fp_is_zero(const zkfl_fp *a);                      /* 1 or 0 */
int  zkfl_fp_is_one(const zkfl_fp *a);
int  zkfl_fp_eq(const zkfl_fp *a, const zkfl_fp *b);         /* 1 or 0 */
void zkfl_fp_add(zkfl_fp *r, const zkfl_fp *a, const zkfl_fp *b);
void zkfl_fp_sub(zkfl_fp *r, const zkfl_fp *a, const zkfl_fp *b);
void zkfl_fp_neg(zkfl_fp *r, const zkfl_fp *a);
void zkfl_fp_dbl(zkfl_fp *r, const zkfl_fp *a);
void zkfl_fp_mul(zkfl_fp *r, const zkfl_fp *a, const zkfl_fp *b);
void zkfl_fp_sqr(zkfl_fp *r, const zkfl_fp *a);
/* r = a^e for a 256-bit exponent e (little-endian limbs); constant time in a and e. */
void zkfl_fp_pow(zkfl_fp *r, const zkfl_fp *a, const uint64_t e[4]);
void zkfl_fp_pow_vartime(zkfl_fp *r, const zkfl_fp *a, const uint64_t e[4]);
/* Inverse; inv(0) = 0. The plain form is constant time (for secrets). */
void zkfl_fp_inv(zkfl_fp *r, const zkfl_fp *a);
void zkfl_fp_inv_vartime(zkfl_fp *r, const zkfl_fp *a);
/* Montgomery's trick: out[i] = in[i]^-1 (zeros stay zero); out may alias in. */
int  zkfl_fp_batch_inv_vartime(zkfl_fp *out, const zkfl_fp *in, size_t n);
/* Square root: 0 on success, ZKFL_ERR_NO_SQRT if a is not a square. */
int  zkfl_fp_sqrt(zkfl_fp *r, const zkfl_fp *a);
int  zkfl_fp_legendre(const zkfl_fp *a);                     /* 1, -1, or 0 */
/* Conditional move (r = a if flag) and select, constant time; flag is 0 or 1. */
void zkfl_fp_cmov(zkfl_fp *r, const zkfl_fp *a, int flag);
/* Canonical integer (not Montgomery) limbs in and out. from_raw rejects >= p. */
int  zkfl_fp_from_raw(zkfl_fp *r, const uint64_t in[4]);
void zkfl_fp_to_raw(uint64_t out[4], const zkfl_fp *a);
/* 32-byte big-endian / little-endian canonical integers; decoders reject >= p
 * with ZKFL_ERR_NOT_CANONICAL. */
int  zkfl_fp_from_bytes_be(zkfl_fp *r, const uint8_t in[32]);
void zkfl_fp_to_bytes_be(uint8_t out[32], const zkfl_fp *a);
int  zkfl_fp_from_bytes_le(zkfl_fp *r, const uint8_t in[32]);
void zkfl_fp_to_bytes_le(uint8_t out[32], const zkfl_fp *a);
/* snarkjs's in-file layout: the Montgomery representation, little-endian
 * (ffjavascript's toRprLEM / fromRprLEM). Rejects representations >= p. */
int  zkfl_fp_from_bytes_lem(zkfl_fp *r, const uint8_t in[32]);
void zkfl_fp_to_bytes_lem(uint8_t out[32], const zkfl_fp *a);
/* Reduces an arbitrary 512-bit big-endian integer mod p (for hash-to-field). */
void zkfl_fp_from_bytes_be_wide(zkfl_fp *r, const uint8_t in[64]);
/* Decimal strings as used in snarkjs JSON. from_dec rejects values >= p,
 * signs, empty strings and non-digits; out must hold ZKFL_DEC_MAX bytes. */
#define ZKFL_DEC_MAX 80
int  zkfl_fp_from_dec(zkfl_fp *r, const char *s);
void zkfl_fp_to_dec(char out[ZKFL_DEC_MAX], const zkfl_fp *a);
/* Uniform random element from zkfl_randombytes (rejection sampling). */
int  zkfl_fp_random(zkfl_fp *r);

/* ---- Fr: same contract as Fp ---- */
void zkfl_fr_set_zero(zkfl_fr *r);
void zkfl_fr_set_one(zkfl_fr *r);
void zkfl_fr_set_u64(zkfl_fr *r, uint64_t x);
/* x may be negative: sets r = x mod r. Handy for signed model updates. */
void zkfl_fr_set_i64(zkfl_fr *r, int64_t x);
int  zkfl_fr_is_zero(const zkfl_fr *a);
int  zkfl_fr_is_one(const zkfl_fr *a);
int  zkfl_fr_eq(const zkfl_fr *a, const zkfl_fr *b);
void zkfl_fr_add(zkfl_fr *r, const zkfl_fr *a, const zkfl_fr *b);
void zkfl_fr_sub(zkfl_fr *r, const zkfl_fr *a, const zkfl_fr *b);
void zkfl_fr_neg(zkfl_fr *r, const zkfl_fr *a);
void zkfl_fr_dbl(zkfl_fr *r, const zkfl_fr *a);
void zkfl_fr_mul(zkfl_fr *r, const zkfl_fr *a, const zkfl_fr *b);
void zkfl_fr_sqr(zkfl_fr *r, const zkfl_fr *a);
void zkfl_fr_pow(zkfl_fr *r, const zkfl_fr *a, const uint64_t e[4]);
void zkfl_fr_pow_vartime(zkfl_fr *r, const zkfl_fr *a, const uint64_t e[4]);
void zkfl_fr_inv(zkfl_fr *r, const zkfl_fr *a);
void zkfl_fr_inv_vartime(zkfl_fr *r, const zkfl_fr *a);
int  zkfl_fr_batch_inv_vartime(zkfl_fr *out, const zkfl_fr *in, size_t n);
int  zkfl_fr_sqrt(zkfl_fr *r, const zkfl_fr *a);
int  zkfl_fr_legendre(const zkfl_fr *a);
void zkfl_fr_cmov(zkfl_fr *r, const zkfl_fr *a, int flag);
int  zkfl_fr_from_raw(zkfl_fr *r, const uint64_t in[4]);
void zkfl_fr_to_raw(uint64_t out[4], const zkfl_fr *a);
int  zkfl_fr_from_bytes_be(zkfl_fr *r, const uint8_t in[32]);
void zkfl_fr_to_bytes_be(uint8_t out[32], const zkfl_fr *a);
int  zkfl_fr_from_bytes_le(zkfl_fr *r, const uint8_t in[32]);
void zkfl_fr_to_bytes_le(uint8_t out[32], const zkfl_fr *a);
int  zkfl_fr_from_bytes_lem(zkfl_fr *r, const uint8_t in[32]);
void zkfl_fr_to_bytes_lem(uint8_t out[32], const zkfl_fr *a);
void zkfl_fr_from_bytes_be_wide(zkfl_fr *r, const uint8_t in[64]);
int  zkfl_fr_from_dec(zkfl_fr *r, const char *s);
void zkfl_fr_to_dec(char out[ZKFL_DEC_MAX], const zkfl_fr *a);
int  zkfl_fr_random(zkfl_fr *r);

/* ---- Fp2 ---- */
void zkfl_fp2_set_zero(zkfl_fp2 *r);
void zkfl_fp2_set_one(zkfl_fp2 *r);
int  zkfl_fp2_is_zero(const zkfl_fp2 *a);
int  zkfl_fp2_eq(const zkfl_fp2 *a, const zkfl_fp2 *b);
void zkfl_fp2_add(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b);
void zkfl_fp2_sub(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b);
void zkfl_fp2_neg(zkfl_fp2 *r, const zkfl_fp2 *a);
void zkfl_fp2_dbl(zkfl_fp2 *r, const zkfl_fp2 *a);
void zkfl_fp2_conj(zkfl_fp2 *r, const zkfl_fp2 *a);
void zkfl_fp2_mul(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b);
void zkfl_fp2_sqr(zkfl_fp2 *r, const zkfl_fp2 *a);
void zkfl_fp2_mul_fp(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp *b);
void zkfl_fp2_mul_by_xi(zkfl_fp2 *r, const zkfl_fp2 *a);   /* times 9+u */
void zkfl_fp2_inv(zkfl_fp2 *r, const zkfl_fp2 *a);
void zkfl_fp2_inv_vartime(zkfl_fp2 *r, const zkfl_fp2 *a);
int  zkfl_fp2_sqrt(zkfl_fp2 *r, const zkfl_fp2 *a);          /* 0 or ZKFL_ERR_NO_SQRT */
int  zkfl_fp2_legendre(const zkfl_fp2 *a);
void zkfl_fp2_frobenius(zkfl_fp2 *r, const zkfl_fp2 *a);     /* a^p = conj(a) */
void zkfl_fp2_cmov(zkfl_fp2 *r, const zkfl_fp2 *a, int flag);

/* ---- Fp6 ---- */
void zkfl_fp6_set_zero(zkfl_fp6 *r);
void zkfl_fp6_set_one(zkfl_fp6 *r);
int  zkfl_fp6_is_zero(const zkfl_fp6 *a);
int  zkfl_fp6_eq(const zkfl_fp6 *a, const zkfl_fp6 *b);
void zkfl_fp6_add(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp6 *b);
void zkfl_fp6_sub(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp6 *b);
void zkfl_fp6_neg(zkfl_fp6 *r, const zkfl_fp6 *a);
void zkfl_fp6_mul(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp6 *b);
void zkfl_fp6_sqr(zkfl_fp6 *r, const zkfl_fp6 *a);
void zkfl_fp6_mul_by_v(zkfl_fp6 *r, const zkfl_fp6 *a);     /* times v */
void zkfl_fp6_inv(zkfl_fp6 *r, const zkfl_fp6 *a);
void zkfl_fp6_frobenius(zkfl_fp6 *r, const zkfl_fp6 *a, unsigned power);

/* ---- Fp12 ---- */
void zkfl_fp12_set_one(zkfl_fp12 *r);
int  zkfl_fp12_is_one(const zkfl_fp12 *a);
int  zkfl_fp12_eq(const zkfl_fp12 *a, const zkfl_fp12 *b);
void zkfl_fp12_mul(zkfl_fp12 *r, const zkfl_fp12 *a, const zkfl_fp12 *b);
void zkfl_fp12_sqr(zkfl_fp12 *r, const zkfl_fp12 *a);
void zkfl_fp12_inv(zkfl_fp12 *r, const zkfl_fp12 *a);
void zkfl_fp12_conj(zkfl_fp12 *r, const zkfl_fp12 *a);      /* a^(p^6) */
void zkfl_fp12_frobenius(zkfl_fp12 *r, const zkfl_fp12 *a, unsigned power); /* a^(p^power) */
/* Granger-Scott squaring; valid only in the cyclotomic subgroup (after the
 * easy part of the final exponentiation). */
void zkfl_fp12_cyclotomic_sqr(zkfl_fp12 *r, const zkfl_fp12 *a);
void zkfl_fp12_pow_vartime(zkfl_fp12 *r, const zkfl_fp12 *a, const uint64_t *e, size_t limbs);
/* 384 bytes: the 12 Fp coefficients, big-endian, in the order
 * c0.c0.c0, c0.c0.c1, c0.c1.c0, ... c1.c2.c1 (for tests and transcripts). */
void zkfl_fp12_to_bytes_be(uint8_t out[384], const zkfl_fp12 *a);

#ifdef __cplusplus
}
#endif
#endif
