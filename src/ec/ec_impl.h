/* Internal to the ec layer: curve constants (generated, see g1_constants.c),
 * inline Fp2 arithmetic for the G2 hot paths, and the helpers shared by the
 * G1/G2 files (endomorphisms, scalar decompositions, variable-time adds). */
#ifndef ZKFL_EC_EC_IMPL_H
#define ZKFL_EC_EC_IMPL_H

#include <stdint.h>
#include "zkfl/ec.h"
#include "ff/fp_impl.h"
#include "ff/fp2_impl.h"

/* ---- constants (Montgomery form, written by tests/ec/gen_ec_constants.mjs) ---- */
extern const zkfl_fp zkfl_ec_fp_b;             /* 3 */
extern const zkfl_fp zkfl_ec_g1_gen_x, zkfl_ec_g1_gen_y;
extern const zkfl_fp zkfl_ec_glv_beta;         /* cube root of unity: (beta x, y) = [lambda](x, y) */
extern const uint64_t zkfl_ec_glv_lambda_raw[4];
extern const uint64_t zkfl_ec_glv_g1[4], zkfl_ec_glv_g2[4];   /* round(2^256 |b2| / r), round(2^256 |b1| / r) */
extern const zkfl_fr zkfl_ec_glv_m11, zkfl_ec_glv_m12, zkfl_ec_glv_m21, zkfl_ec_glv_m22;
extern const zkfl_fp zkfl_ec_svdw_c1, zkfl_ec_svdw_c2, zkfl_ec_svdw_c3, zkfl_ec_svdw_c4;
extern const zkfl_fp2 zkfl_ec_fp2_b;           /* 3 / (9 + u) */
extern const zkfl_fp2 zkfl_ec_g2_gen_x, zkfl_ec_g2_gen_y;
extern const zkfl_fp2 zkfl_ec_psi_cx, zkfl_ec_psi_cy;   /* xi^((p-1)/3), xi^((p-1)/2) */
extern const uint64_t zkfl_ec_gls_g0[4], zkfl_ec_gls_g1[4], zkfl_ec_gls_g2[4], zkfl_ec_gls_g3[4];
extern const zkfl_fr zkfl_ec_gls_m00, zkfl_ec_gls_m01, zkfl_ec_gls_m02, zkfl_ec_gls_m03;
extern const zkfl_fr zkfl_ec_gls_m10, zkfl_ec_gls_m11, zkfl_ec_gls_m12, zkfl_ec_gls_m13;
extern const zkfl_fr zkfl_ec_gls_m20, zkfl_ec_gls_m21, zkfl_ec_gls_m22, zkfl_ec_gls_m23;
extern const zkfl_fr zkfl_ec_gls_m30, zkfl_ec_gls_m31, zkfl_ec_gls_m32, zkfl_ec_gls_m33;

/* The BN parameter x and 6x^2 = p mod r (the eigenvalue of psi on G2). */
#define ZKFL_EC_BN_X 4965661367192848881ull
extern const uint64_t zkfl_ec_six_x2[2];       /* 6 x^2, 128-bit little-endian */

/* ---- inline Fp2 (u^2 = -1) on top of the inline Fp engine ----
 * fp2_impl.h's C code; the products stay the portable Karatsuba ones (not
 * ff_fp2_mul's x86 kernels), which the G2 paths were tuned and measured
 * with. */
static inline void ec_fp2_add(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b) { ff_fp2_add(r, a, b); }
static inline void ec_fp2_sub(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b) { ff_fp2_sub(r, a, b); }
static inline void ec_fp2_dbl(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_dbl(r, a); }
static inline void ec_fp2_neg(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_neg(r, a); }
static inline void ec_fp2_mul(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b) { ff_fp2_mul_portable(r, a, b); }
static inline void ec_fp2_sqr(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_sqr_portable(r, a); }
static inline void ec_fp2_conj(zkfl_fp2 *r, const zkfl_fp2 *a)
{ r->c0 = a->c0; ff_fp_neg(&r->c1, &a->c1); }
static inline uint64_t ec_fp_is_zero(const zkfl_fp *a) { return ff_is_zero4(a->v); }
static inline uint64_t ec_fp2_is_zero(const zkfl_fp2 *a)
{ return ff_is_zero4(a->c0.v) & ff_is_zero4(a->c1.v); }
static inline uint64_t ec_fp_eq(const zkfl_fp *a, const zkfl_fp *b) { return ff_eq4(a->v, b->v); }
static inline uint64_t ec_fp2_eq(const zkfl_fp2 *a, const zkfl_fp2 *b)
{ return ff_eq4(a->c0.v, b->c0.v) & ff_eq4(a->c1.v, b->c1.v); }

/* ---- scalar decompositions ---- */
/* out = round(e g / 2^256) mod 2^(64 nout), e of 4 limbs and g of ng
 * (nout <= ng): the Babai rounding coefficients of the GLV and GLS splits
 * (glv.c in constant time; msm_endo.c, msm_g2_subgroup.c with the fewer
 * limbs their bounds allow). Constant time. */
static inline void ec_mul_shift_round(uint64_t *out, size_t nout, const uint64_t e[4], const uint64_t *g,
                                      size_t ng)
{
    uint64_t prod[8] = {0};
    for (size_t i = 0; i < 4; i++) {
        ff_u128 carry = 0;
        for (size_t j = 0; j < ng; j++) {
            carry += (ff_u128)e[i] * g[j] + prod[i + j];
            prod[i + j] = (uint64_t)carry;
            carry >>= 64;
        }
        prod[i + ng] = (uint64_t)carry;
    }
    ff_u128 c = prod[3] >> 63;
    for (size_t i = 0; i < nout; i++) {
        c += prod[4 + i];
        out[i] = (uint64_t)c;
        c >>= 64;
    }
}

/* ---- point helpers shared across files ---- */
/* r = cond ? a : r for whole points, constant time; cond is 0 or 1. */
void zkfl_ec_g1_cmov(zkfl_g1 *r, const zkfl_g1 *a, uint64_t cond);
void zkfl_ec_g2_cmov(zkfl_g2 *r, const zkfl_g2 *a, uint64_t cond);

/* psi(P) = twist^-1(Frobenius(twist(P))) on the twist curve; on G2 it acts
 * as multiplication by 6x^2 = p mod r. Works on Jacobian coordinates. */
void zkfl_ec_g2_psi(zkfl_g2 *r, const zkfl_g2 *a);

/* Plain double-and-add by a public little-endian integer of `limbs` limbs,
 * valid for any point of the curve/twist (no endomorphism assumption). */
void zkfl_ec_g1_mul_plain_vartime(zkfl_g1 *r, const zkfl_g1 *p, const uint64_t *k, size_t limbs);
void zkfl_ec_g2_mul_plain_vartime(zkfl_g2 *r, const zkfl_g2 *p, const uint64_t *k, size_t limbs);

/* GLV decomposition on G1: k = k1 + k2 * lambda (mod r) with |k1|, |k2|
 * below 2^129; magnitudes as 3 little-endian limbs, negative flags 0/1. */
void zkfl_ec_glv_decompose(uint64_t k1[3], int *k1_neg, uint64_t k2[3], int *k2_neg,
                           const zkfl_fr *k);
/* 4-dimensional GLS decomposition on G2 with psi (eigenvalue 6x^2 = l):
 * k = k0 + k1 l + k2 l^2 + k3 l^3 (mod r) with |ki| below 2^70; magnitudes
 * as 2 little-endian limbs, negative flags 0/1. */
void zkfl_ec_gls_decompose(uint64_t k[4][2], int neg[4], const zkfl_fr *k_in);

/* RFC 9380 map_to_curve_svdw for G1 (one field element to one point). */
void zkfl_ec_g1_map_svdw(zkfl_g1_affine *r, const zkfl_fp *u);

/* ffjavascript's Fp sign: 1 when the canonical value exceeds (p-1)/2. */
int zkfl_ec_fp_is_negative(const zkfl_fp *a);

/* Width-w non-adjacent form of a little-endian integer of `limbs` limbs:
 * digits[i] odd in (-2^(w-1), 2^(w-1)) or 0; returns the digit count. The
 * digits array must hold 64*limbs + 1 entries. */
size_t zkfl_ec_wnaf(int8_t *digits, const uint64_t *k, size_t limbs, unsigned w);

#endif
