/* Scalar decompositions for the endomorphism-accelerated _vartime scalar
 * multiplications, and the width-w NAF recoding they use.
 *
 * G1 (GLV, Gallant-Lambert-Vanstone 2001): phi(x, y) = (beta x, y) acts as
 * [lambda] with lambda^2 + lambda + 1 = 0 mod r. With the short basis
 * v1 = (a1, b1), v2 = (a2, b2) of the lattice {(a, b) : a + b lambda = 0 mod r}
 * (tests/ec/gen_ec_constants.mjs derives it), c1 = round(b2 k / r),
 * c2 = round(-b1 k / r) and k1 = k - c1 a1 - c2 a2, k2 = -c1 b1 - c2 b2
 * give k = k1 + k2 lambda with |k1|, |k2| about sqrt(r). The divisions by r
 * are multiplications by precomputed round(2^256 |b| / r) and a shift; the
 * rounding error moves k1, k2 by at most a few basis lengths, which the
 * 129-bit bound leaves room for. Everything after c1, c2 is done mod r and
 * the halves are then read as signed integers. The whole decomposition runs
 * in constant time (fixed loops, cmov), so zkfl_g1_mul uses it too.
 *
 * G2 (GLS with psi, Galbraith-Lin-Scott): psi acts on G2 as [l], l = 6x^2
 * = p mod r, so k = k0 + k1 l + k2 l^2 + k3 l^3 with four ~64-bit signed
 * parts, by Babai rounding against four short vectors of the lattice
 * {a : sum a_i l^i = 0 mod r} (Galbraith-Scott 2008; gen_ec_constants.mjs
 * checks them and precomputes the rounding constants the same way as for
 * G1). Rounding errors add a few vector lengths: the parts stay below 2^70. */
#include <string.h>
#include "ec/ec_impl.h"

/* Reads x mod r as a signed integer in (-r/2, r/2]: magnitude and sign.
 * Constant time, since the constant-time scalar multiplication uses it. */
static void to_signed(uint64_t mag[3], int *neg, const zkfl_fr *x)
{
    /* (r-1)/2 */
    static const uint64_t half[4] = {0xa1f0fac9f8000000ull, 0x9419f4243cdcb848ull,
                                     0xdc2822db40c0ac2eull, 0x183227397098d014ull};
    uint64_t v[4], w[4], t[4];
    zkfl_fr n;
    zkfl_fr_to_raw(v, x);
    zkfl_fr_neg(&n, x);
    zkfl_fr_to_raw(w, &n);
    uint64_t gt = ff_sub4_borrow(t, half, v);    /* 1 when v > (r-1)/2 */
    ff_cmov4(v, w, gt);
    *neg = (int)gt;
    mag[0] = v[0];
    mag[1] = v[1];
    mag[2] = v[2];
    zkfl_memzero(w, sizeof w);
    zkfl_memzero(t, sizeof t);
    zkfl_memzero(&n, sizeof n);
}

void zkfl_ec_glv_decompose(uint64_t k1[3], int *k1_neg, uint64_t k2[3], int *k2_neg,
                           const zkfl_fr *k)
{
    uint64_t e[4], c[4];
    zkfl_fr c1, c2, t, a, b;
    zkfl_fr_to_raw(e, k);
    ec_mul_shift_round(c, 4, e, zkfl_ec_glv_g1, 4);
    zkfl_fr_from_raw(&c1, c);       /* c < 2^131 < r: cannot fail */
    ec_mul_shift_round(c, 4, e, zkfl_ec_glv_g2, 4);
    zkfl_fr_from_raw(&c2, c);
    ff_fr_mul(&t, &c1, &zkfl_ec_glv_m11);
    ff_fr_add(&a, k, &t);
    ff_fr_mul(&t, &c2, &zkfl_ec_glv_m12);
    ff_fr_add(&a, &a, &t);
    ff_fr_mul(&b, &c1, &zkfl_ec_glv_m21);
    ff_fr_mul(&t, &c2, &zkfl_ec_glv_m22);
    ff_fr_add(&b, &b, &t);
    to_signed(k1, k1_neg, &a);
    to_signed(k2, k2_neg, &b);
    zkfl_memzero(e, sizeof e);
    zkfl_memzero(c, sizeof c);
    zkfl_memzero(&c1, sizeof c1);
    zkfl_memzero(&c2, sizeof c2);
    zkfl_memzero(&a, sizeof a);
    zkfl_memzero(&b, sizeof b);
}

void zkfl_ec_gls_decompose(uint64_t k[4][2], int neg[4], const zkfl_fr *k_in)
{
    const uint64_t *g[4] = {zkfl_ec_gls_g0, zkfl_ec_gls_g1, zkfl_ec_gls_g2, zkfl_ec_gls_g3};
    const zkfl_fr *m[4][4] = {
        {&zkfl_ec_gls_m00, &zkfl_ec_gls_m01, &zkfl_ec_gls_m02, &zkfl_ec_gls_m03},
        {&zkfl_ec_gls_m10, &zkfl_ec_gls_m11, &zkfl_ec_gls_m12, &zkfl_ec_gls_m13},
        {&zkfl_ec_gls_m20, &zkfl_ec_gls_m21, &zkfl_ec_gls_m22, &zkfl_ec_gls_m23},
        {&zkfl_ec_gls_m30, &zkfl_ec_gls_m31, &zkfl_ec_gls_m32, &zkfl_ec_gls_m33}};
    uint64_t e[4], c[4];
    zkfl_fr cj[4], part[4], t;
    zkfl_fr_to_raw(e, k_in);
    for (int j = 0; j < 4; j++) {
        ec_mul_shift_round(c, 4, e, g[j], 4);
        zkfl_fr_from_raw(&cj[j], c);    /* c < 2^192 < r */
    }
    for (int i = 0; i < 4; i++) {
        if (i == 0) part[i] = *k_in;
        else zkfl_fr_set_zero(&part[i]);
        for (int j = 0; j < 4; j++) {
            ff_fr_mul(&t, &cj[j], m[j][i]);
            ff_fr_add(&part[i], &part[i], &t);
        }
        uint64_t mag[3];
        to_signed(mag, &neg[i], &part[i]);
        k[i][0] = mag[0];
        k[i][1] = mag[1];
    }
}

size_t zkfl_ec_wnaf(int8_t *digits, const uint64_t *k, size_t limbs, unsigned w)
{
    uint64_t t[9] = {0};
    if (limbs > 8 || w < 2 || w > 7) return 0;
    memcpy(t, k, limbs * sizeof *t);
    const int64_t full = (int64_t)1 << w, half = full >> 1;
    size_t len = 0;
    for (;;) {
        uint64_t any = 0;
        for (size_t i = 0; i <= limbs; i++) any |= t[i];
        if (any == 0) break;
        int64_t d = 0;
        if (t[0] & 1) {
            d = (int64_t)(t[0] & (uint64_t)(full - 1));
            if (d >= half) d -= full;
            /* t -= d: makes the low w bits zero */
            if (d > 0) {
                uint64_t borrow = (uint64_t)d;
                for (size_t i = 0; i <= limbs && borrow; i++) {
                    uint64_t old = t[i];
                    t[i] = old - borrow;
                    borrow = old < borrow;
                }
            } else {
                uint64_t carry = (uint64_t)(-d);
                for (size_t i = 0; i <= limbs && carry; i++) {
                    t[i] += carry;
                    carry = t[i] < carry;
                }
            }
        }
        digits[len++] = (int8_t)d;
        for (size_t i = 0; i < limbs; i++) t[i] = (t[i] >> 1) | (t[i + 1] << 63);
        t[limbs] >>= 1;
    }
    return len;
}
