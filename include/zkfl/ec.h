/* zkfl/ec.h - BN254 groups G1 (y^2 = x^3 + 3 over Fp), G2 (the D-type
 * sextic twist y^2 = x^3 + 3/(9+u) over Fp2), the optimal ate pairing into
 * Fp12, and multi-scalar multiplication.
 *
 * Affine points encode the point at infinity as x = y = 0 (not on either
 * curve, since b != 0). Projective points are Jacobian: (X/Z^2, Y/Z^3), with
 * Z = 0 for infinity. */
#ifndef ZKFL_EC_H
#define ZKFL_EC_H

#include "zkfl/ff.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct { zkfl_fp x, y; } zkfl_g1_affine;
typedef struct { zkfl_fp x, y, z; } zkfl_g1;
typedef struct { zkfl_fp2 x, y; } zkfl_g2_affine;
typedef struct { zkfl_fp2 x, y, z; } zkfl_g2;

/* ---- G1 (cofactor 1: on the curve means in the group) ---- */
void zkfl_g1_generator(zkfl_g1 *r);                      /* (1, 2) */
void zkfl_g1_set_infinity(zkfl_g1 *r);
int  zkfl_g1_is_infinity(const zkfl_g1 *a);
int  zkfl_g1_eq(const zkfl_g1 *a, const zkfl_g1 *b);    /* projective equality */
void zkfl_g1_add(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1 *b);   /* complete */
void zkfl_g1_add_affine(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1_affine *b);
void zkfl_g1_dbl(zkfl_g1 *r, const zkfl_g1 *a);
/* Same results as add / add_affine, branching on infinity and doubling
 * (faster; for public points: MSM buckets, verification). */
void zkfl_g1_add_vartime(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1 *b);
void zkfl_g1_add_affine_vartime(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1_affine *b);
void zkfl_g1_neg(zkfl_g1 *r, const zkfl_g1 *a);
void zkfl_g1_from_affine(zkfl_g1 *r, const zkfl_g1_affine *a);
void zkfl_g1_to_affine(zkfl_g1_affine *r, const zkfl_g1 *a);
int  zkfl_g1_batch_to_affine(zkfl_g1_affine *r, const zkfl_g1 *a, size_t n);
int  zkfl_g1_affine_is_infinity(const zkfl_g1_affine *a);
int  zkfl_g1_affine_is_on_curve(const zkfl_g1_affine *a);  /* infinity counts as on */
/* Constant-time scalar multiplication, for secret scalars. */
void zkfl_g1_mul(zkfl_g1 *r, const zkfl_g1 *p, const zkfl_fr *k);
/* GLV + wNAF, for public scalars (any point: G1 has cofactor 1). */
void zkfl_g1_mul_vartime(zkfl_g1 *r, const zkfl_g1 *p, const zkfl_fr *k);

/* Encodings. Decoders check canonical coordinates, the curve equation, and
 * (G2) the subgroup, returning ZKFL_ERR_NOT_CANONICAL / _NOT_ON_CURVE /
 * _NOT_IN_SUBGROUP / _FORMAT. Encoders write what they are given (callers
 * pass valid points); every accepted input re-encodes to the same bytes.
 * eth: EIP-196 big-endian x||y, infinity = 64 zero bytes.
 * compressed: ffjavascript's toRprCompressed (wasmcurves LEMtoC): 32-byte
 *   big-endian x; in byte 0, 0x80 is set when y is "negative" (its canonical
 *   value exceeds (p-1)/2) and 0x40 alone, followed by zeros, is infinity.
 *   The decoder rejects 0x40 together with any other bit (NOT_CANONICAL),
 *   x >= p (NOT_CANONICAL) and x^3 + 3 non-square (NOT_ON_CURVE).
 * lem: snarkjs .zkey/.ptau layout: x||y, each the Montgomery representation
 *   (x * 2^256 mod p) little-endian (toRprLEM), infinity = 64 zero bytes;
 *   a representation >= p is NOT_CANONICAL. */
int  zkfl_g1_from_bytes_eth(zkfl_g1_affine *r, const uint8_t in[64]);
void zkfl_g1_to_bytes_eth(uint8_t out[64], const zkfl_g1_affine *a);
int  zkfl_g1_from_bytes_compressed(zkfl_g1_affine *r, const uint8_t in[32]);
void zkfl_g1_to_bytes_compressed(uint8_t out[32], const zkfl_g1_affine *a);
int  zkfl_g1_from_bytes_lem(zkfl_g1_affine *r, const uint8_t in[64]);
void zkfl_g1_to_bytes_lem(uint8_t out[64], const zkfl_g1_affine *a);

/* Hash to G1 (RFC 9380 expand_message_xmd with SHA-256, Shallue-van de
 * Woestijne map, random-oracle variant), for nothing-up-my-sleeve bases. */
int  zkfl_g1_hash_to_curve(zkfl_g1_affine *r, const uint8_t *msg, size_t msg_len,
                           const uint8_t *dst, size_t dst_len);
/* RFC 9380 expand_message_xmd with SHA-256: out_len <= 8160 bytes, dst
 * non-empty (tags over 255 bytes are hashed as the RFC prescribes). */
int  zkfl_expand_message_xmd_sha256(uint8_t *out, size_t out_len, const uint8_t *msg,
                                    size_t msg_len, const uint8_t *dst, size_t dst_len);
/* RFC 9380 hash_to_field for Fp with count outputs. */
int  zkfl_fp_hash_to_field(zkfl_fp *out, size_t count, const uint8_t *msg, size_t msg_len,
                           const uint8_t *dst, size_t dst_len);

/* ---- G2 ---- */
void zkfl_g2_generator(zkfl_g2 *r);
void zkfl_g2_set_infinity(zkfl_g2 *r);
int  zkfl_g2_is_infinity(const zkfl_g2 *a);
int  zkfl_g2_eq(const zkfl_g2 *a, const zkfl_g2 *b);
void zkfl_g2_add(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2 *b);
void zkfl_g2_add_affine(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2_affine *b);
void zkfl_g2_dbl(zkfl_g2 *r, const zkfl_g2 *a);
void zkfl_g2_add_vartime(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2 *b);
void zkfl_g2_add_affine_vartime(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2_affine *b);
void zkfl_g2_neg(zkfl_g2 *r, const zkfl_g2 *a);
void zkfl_g2_from_affine(zkfl_g2 *r, const zkfl_g2_affine *a);
void zkfl_g2_to_affine(zkfl_g2_affine *r, const zkfl_g2 *a);
int  zkfl_g2_batch_to_affine(zkfl_g2_affine *r, const zkfl_g2 *a, size_t n);
int  zkfl_g2_affine_is_infinity(const zkfl_g2_affine *a);
int  zkfl_g2_affine_is_on_curve(const zkfl_g2_affine *a);
/* r * P == 0, checked with the endomorphism psi (fast), not a full scalar
 * mul: psi(P) == [6x^2] P (El Housni-Guillevic-Piellard 2022). P must be on
 * the twist; infinity is in the subgroup. */
int  zkfl_g2_affine_is_in_subgroup(const zkfl_g2_affine *a);
void zkfl_g2_mul(zkfl_g2 *r, const zkfl_g2 *p, const zkfl_fr *k);
/* 4-dimensional GLS with psi (k = sum k_i (6x^2)^i, ~64-bit parts) + wNAF,
 * for public scalars. Correct only
 * for P in G2 (psi acts as [6x^2] there); every decoder guarantees that.
 * For a twist point outside G2 use zkfl_g2_mul. */
void zkfl_g2_mul_vartime(zkfl_g2 *r, const zkfl_g2 *p, const zkfl_fr *k);
/* eth: EIP-197 x.c1||x.c0||y.c1||y.c0 big-endian (128 bytes), zeros = infinity.
 * compressed: ffjavascript's 64-byte form: x.c1||x.c0 big-endian (the whole
 *   little-endian Fp2 reversed), flags in byte 0 as for G1; the sign of y is
 *   that of y.c1, or of y.c0 when y.c1 = 0. Same rejections as G1, plus
 *   NOT_IN_SUBGROUP.
 * lem: x.c0||x.c1||y.c0||y.c1, each Montgomery little-endian (128 bytes). */
int  zkfl_g2_from_bytes_eth(zkfl_g2_affine *r, const uint8_t in[128]);
void zkfl_g2_to_bytes_eth(uint8_t out[128], const zkfl_g2_affine *a);
int  zkfl_g2_from_bytes_compressed(zkfl_g2_affine *r, const uint8_t in[64]);
void zkfl_g2_to_bytes_compressed(uint8_t out[64], const zkfl_g2_affine *a);
int  zkfl_g2_from_bytes_lem(zkfl_g2_affine *r, const uint8_t in[128]);
void zkfl_g2_to_bytes_lem(uint8_t out[128], const zkfl_g2_affine *a);

/* ---- Pairing ---- */
/* out = e(P, Q), the reduced optimal ate pairing (same value as snarkjs /
 * ffjavascript / noble and the EIP-197 precompile). */
void zkfl_pairing(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q);
/* out = prod e(P_i, Q_i) with one shared final exponentiation. */
int  zkfl_multi_pairing(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n);
/* 1 if prod e(P_i, Q_i) == 1, else 0; negative zkfl_err on bad arguments. */
int  zkfl_pairing_check(const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n);
void zkfl_miller_loop(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n);
void zkfl_final_exponentiation(zkfl_fp12 *out, const zkfl_fp12 *f);
/* Fixed G2 points (a verifying key's gamma, delta): the Miller loop's line
 * coefficients of Q computed once, so loops over it skip all G2 arithmetic.
 * Q = infinity is allowed (factor 1). Free with zkfl_g2_prepared_free. */
typedef struct zkfl_g2_prepared zkfl_g2_prepared;
int  zkfl_g2_prepare(zkfl_g2_prepared **out, const zkfl_g2_affine *q);
void zkfl_g2_prepared_free(zkfl_g2_prepared *prep);
/* out = Miller loop of prod_i e(p_i, q_i) * prod_j e(pp_j, qp_j) in one
 * shared loop (n plain pairs, np prepared ones); finish with
 * zkfl_final_exponentiation. Same value as zkfl_miller_loop on all pairs. */
int  zkfl_miller_loop_prepared(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q,
                               size_t n, const zkfl_g1_affine *pp,
                               const zkfl_g2_prepared *const *qp, size_t np);

/* ---- Multi-scalar multiplication (Pippenger, signed digits) ----
 * out = sum scalars[i] * points[i]. Variable time in the scalars' values;
 * threads <= 0 uses zkfl_default_threads(). Infinity points are allowed.
 * G1 splits big scalars with the GLV endomorphism when its cost model
 * expects a gain (any G1 point: the cofactor is 1); zkfl_g2_msm_vartime
 * does not use psi, so its result is exact for any twist points (use it on
 * untrusted points). */
int  zkfl_g1_msm_vartime(zkfl_g1 *out, const zkfl_g1_affine *points, const zkfl_fr *scalars,
                         size_t n, int threads);
int  zkfl_g2_msm_vartime(zkfl_g2 *out, const zkfl_g2_affine *points, const zkfl_fr *scalars,
                         size_t n, int threads);
/* The same sum for points in the order-r subgroup G2: big scalars are
 * split into four ~64-bit parts with psi (GLS), which acts as [6x^2] only
 * on G2, when that pays (up to 2^13 big scalars, when the cost model
 * expects a gain: 2^12 random scalars ~10% faster; above 2^13 big scalars
 * it is zkfl_g2_msm_vartime). The caller guarantees every point is in G2
 * (or checks the result, e.g. with zkfl_g2_affine_is_in_subgroup): for a
 * twist point with a cofactor component the result can differ from
 * zkfl_g2_msm_vartime. Errors and edge cases (n = 0, infinity points,
 * threads) as zkfl_g2_msm_vartime. */
int  zkfl_g2_msm_subgroup_vartime(zkfl_g2 *out, const zkfl_g2_affine *points,
                                  const zkfl_fr *scalars, size_t n, int threads);

#ifdef __cplusplus
}
#endif
#endif
