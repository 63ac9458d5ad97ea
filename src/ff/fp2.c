/* Fp2 = Fp[u]/(u^2 + 1). */
#include <string.h>
#include "ff/fp2_impl.h"
#include "ff/fp_field.h"

void zkfl_fp2_set_zero(zkfl_fp2 *r) { memset(r, 0, sizeof *r); }
void zkfl_fp2_set_one(zkfl_fp2 *r)
{
    zkfl_fp_set_one(&r->c0);
    zkfl_fp_set_zero(&r->c1);
}
int zkfl_fp2_is_zero(const zkfl_fp2 *a) { return (int)(ff_is_zero4(a->c0.v) & ff_is_zero4(a->c1.v)); }
int zkfl_fp2_eq(const zkfl_fp2 *a, const zkfl_fp2 *b)
{
    return (int)(ff_eq4(a->c0.v, b->c0.v) & ff_eq4(a->c1.v, b->c1.v));
}
void zkfl_fp2_add(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b) { ff_fp2_add(r, a, b); }
void zkfl_fp2_sub(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b) { ff_fp2_sub(r, a, b); }
void zkfl_fp2_neg(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_neg(r, a); }
void zkfl_fp2_dbl(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_dbl(r, a); }
void zkfl_fp2_conj(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    r->c0 = a->c0;
    ff_fp_neg(&r->c1, &a->c1);
}
void zkfl_fp2_mul(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b) { ff_fp2_mul(r, a, b); }
void zkfl_fp2_sqr(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_sqr(r, a); }
void zkfl_fp2_mul_fp(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp *b)
{
    ff_fp_mul(&r->c0, &a->c0, b);
    ff_fp_mul(&r->c1, &a->c1, b);
}
void zkfl_fp2_mul_by_xi(zkfl_fp2 *r, const zkfl_fp2 *a) { ff_fp2_mul_by_xi(r, a); }
void zkfl_fp2_frobenius(zkfl_fp2 *r, const zkfl_fp2 *a) { zkfl_fp2_conj(r, a); }
void zkfl_fp2_cmov(zkfl_fp2 *r, const zkfl_fp2 *a, int flag)
{
    ff_cmov4(r->c0.v, a->c0.v, (uint64_t)(flag & 1));
    ff_cmov4(r->c1.v, a->c1.v, (uint64_t)(flag & 1));
}

/* |a|^2 = a0^2 + a1^2, the norm to Fp */
static void fp2_norm(zkfl_fp *n, const zkfl_fp2 *a)
{
    zkfl_fp t;
    ff_fp_sqr(n, &a->c0);
    ff_fp_sqr(&t, &a->c1);
    ff_fp_add(n, n, &t);
}

static void fp2_inv_with(zkfl_fp2 *r, const zkfl_fp2 *a, void (*fp_inv)(zkfl_fp *, const zkfl_fp *))
{
    /* 1/(a0 + a1 u) = (a0 - a1 u) / (a0^2 + a1^2) */
    zkfl_fp n;
    fp2_norm(&n, a);
    fp_inv(&n, &n);
    ff_fp_mul(&r->c0, &a->c0, &n);
    ff_fp_mul(&r->c1, &a->c1, &n);
    ff_fp_neg(&r->c1, &r->c1);
}

void zkfl_fp2_inv(zkfl_fp2 *r, const zkfl_fp2 *a) { fp2_inv_with(r, a, zkfl_fp_inv); }
void zkfl_fp2_inv_vartime(zkfl_fp2 *r, const zkfl_fp2 *a) { fp2_inv_with(r, a, zkfl_fp_inv_vartime); }

int zkfl_fp2_legendre(const zkfl_fp2 *a)
{
    /* a is a square in Fp2 iff its norm is a square in Fp */
    zkfl_fp n;
    fp2_norm(&n, a);
    return zkfl_fp_legendre(&n);
}

int zkfl_fp2_sqrt(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    /* The complex method: with alpha = sqrt(a0^2 + a1^2) and
     * delta = (a0 +- alpha)/2, x0 = sqrt(delta), x1 = a1/(2 x0).
     * For a1 != 0 exactly one sign gives a non-zero square delta (their
     * product is -a1^2/4, a non-square). For a1 == 0 the root is sqrt(a0)
     * or sqrt(-a0)*u. Every branch is computed and selected with cmov, and
     * the result is verified by squaring. */
    zkfl_fp n, alpha, d1, d2, s1, s2, x0, x1, t;
    fp2_norm(&n, a);
    ff_fp_sqrt_ct(&alpha, &n);
    ff_fp_add(&d1, &a->c0, &alpha);
    ff_half_mod(d1.v, d1.v, ff_fp_modulus.m);
    ff_fp_sub(&d2, &a->c0, &alpha);
    ff_half_mod(d2.v, d2.v, ff_fp_modulus.m);
    uint64_t ok1 = ff_fp_sqrt_ct(&s1, &d1) & (ff_is_zero4(d1.v) ^ 1);
    ff_fp_sqrt_ct(&s2, &d2);
    x0 = s2;
    ff_cmov4(x0.v, s1.v, ok1);
    ff_fp_dbl(&t, &x0);
    zkfl_fp_inv(&t, &t);
    ff_fp_mul(&x1, &a->c1, &t);

    /* a1 == 0 */
    zkfl_fp r0, r1, neg_a0;
    uint64_t a0_square = ff_fp_sqrt_ct(&r0, &a->c0);
    ff_fp_neg(&neg_a0, &a->c0);
    ff_fp_sqrt_ct(&r1, &neg_a0);
    zkfl_fp zero;
    zkfl_fp_set_zero(&zero);
    ff_cmov4(r1.v, zero.v, a0_square);       /* (r0, 0) or (0, sqrt(-a0)) */
    ff_cmov4(r0.v, zero.v, a0_square ^ 1);
    uint64_t real = ff_is_zero4(a->c1.v);
    ff_cmov4(x0.v, r0.v, real);
    ff_cmov4(x1.v, r1.v, real);

    zkfl_fp2 x = { x0, x1 }, chk;
    ff_fp2_sqr(&chk, &x);
    uint64_t ok = (uint64_t)zkfl_fp2_eq(&chk, a);
    zkfl_fp2_cmov(r, &x, (int)ok);
    return ok ? ZKFL_OK : ZKFL_ERR_NO_SQRT;
}
