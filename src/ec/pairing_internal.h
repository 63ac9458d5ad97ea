/* Internal pieces of the BN254 optimal ate pairing shared by miller_loop.c,
 * fp12_sparse.c, final_exp.c and pairing.c (and their tests). */
#ifndef ZKFL_EC_PAIRING_INTERNAL_H
#define ZKFL_EC_PAIRING_INTERNAL_H

#include "zkfl/ec.h"

/* A point on the twist in homogeneous projective coordinates (X/Z, Y/Z):
 * unlike Jacobian coordinates these give line coefficients without extra
 * squarings (Costello-Lange-Naehrig; Aranha et al. 2010). */
typedef struct { zkfl_fp2 x, y, z; } pairing_g2_proj;

/* Line coefficients independent of P: the evaluated line is
 * (a*yP) + (b*xP + c*v)*w. Kept for fixed-G2 precomputation. */
typedef struct { zkfl_fp2 a, b, c; } pairing_line_coeffs;

/* The signed binary (NAF) digits of 6x+2, most significant first. */
#define PAIRING_ATE_NAF_LEN 66
extern const signed char pairing_ate_naf[PAIRING_ATE_NAF_LEN];

/* The BN parameter x (positive for BN254). */
#define PAIRING_BN_X 4965661367192848881ULL

/* f <- f * (c0 + (c3 + c4 v) w), 13 Fp2 multiplications instead of 18. */
void pairing_fp12_mul_by_034(zkfl_fp12 *f, const zkfl_fp2 *c0, const zkfl_fp2 *c3,
                             const zkfl_fp2 *c4);

/* R <- 2R, returning the tangent line's P-independent coefficients. */
void pairing_dbl_step(pairing_line_coeffs *l, pairing_g2_proj *r);
/* R <- R + Q (Q affine, not infinity), returning the chord's coefficients. */
void pairing_add_step(pairing_line_coeffs *l, pairing_g2_proj *r, const zkfl_g2_affine *q);
/* f <- f * line(P); when *f_is_one, f is set to the line (no product) and
 * the flag cleared. */
void pairing_fold_line(zkfl_fp12 *f, int *f_is_one, const pairing_line_coeffs *l,
                       const zkfl_g1_affine *p);

/* Lines of one Miller loop: a doubling per NAF digit after the first, an
 * addition per nonzero digit after the first, and the two Frobenius lines. */
#define PAIRING_LINE_COUNT 88

/* zkfl_g2_prepared (opaque in ec.h): the lines of one G2 point, in the
 * order the Miller loop uses them. */
struct zkfl_g2_prepared {
    int infinity;
    pairing_line_coeffs lines[PAIRING_LINE_COUNT];
};

/* pi(Q) = untwist-Frobenius-twist: (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)). */
void pairing_g2_frobenius(zkfl_g2_affine *r, const zkfl_g2_affine *q);
/* -pi^2(Q) = (x xi^((p^2-1)/3), y): the second Frobenius with the sign folded in. */
void pairing_g2_neg_frobenius2(zkfl_g2_affine *r, const zkfl_g2_affine *q);

/* The final exponentiation's two halves (exposed for tests): the easy part
 * f^((p^6-1)(p^2+1)) and the hard part on cyclotomic-subgroup input. */
void pairing_final_exp_easy(zkfl_fp12 *out, const zkfl_fp12 *f);
void pairing_final_exp_hard(zkfl_fp12 *out, const zkfl_fp12 *f);
/* out = a^x in the cyclotomic subgroup (addition chain for x). */
void pairing_cyclotomic_exp_by_x(zkfl_fp12 *out, const zkfl_fp12 *a);

#endif
