/* Multiplication of a full Fp12 element by a Miller-loop line.
 *
 * On the D-type twist a line through points of the twist, evaluated at a G1
 * point and scaled by Fp2 factors (which the final exponentiation removes),
 * has the shape c0 + (c3 + c4 v) w: three of the six Fp2 coefficients of
 * Fp12 = Fp2[v,w]. Exploiting the zeros costs 13 Fp2 multiplications
 * instead of the 18 of a general Karatsuba product. */
#include "ec/pairing_internal.h"
#include "ff/tower_impl.h"

/* (a0 + a1 v + a2 v^2)(b0 + b1 v) with v^3 = xi, Karatsuba on the (0,1) part:
 * 5 Fp2 multiplications. */
static void fp6_mul_by_01(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp2 *b0, const zkfl_fp2 *b1)
{
    zkfl_fp2 t0, t1, s, u, r0, r1, r2;
    ff_fp2_mul(&t0, &a->c0, b0);
    ff_fp2_mul(&t1, &a->c1, b1);
    /* r0 = a0 b0 + xi a2 b1 */
    ff_fp2_mul(&r0, &a->c2, b1);
    ff_fp2_mul_by_xi(&r0, &r0);
    ff_fp2_add(&r0, &r0, &t0);
    /* r1 = (a0 + a1)(b0 + b1) - t0 - t1 */
    ff_fp2_add(&s, &a->c0, &a->c1);
    ff_fp2_add(&u, b0, b1);
    ff_fp2_mul(&r1, &s, &u);
    ff_fp2_sub(&r1, &r1, &t0);
    ff_fp2_sub(&r1, &r1, &t1);
    /* r2 = a2 b0 + a1 b1 */
    ff_fp2_mul(&r2, &a->c2, b0);
    ff_fp2_add(&r2, &r2, &t1);
    r->c0 = r0;
    r->c1 = r1;
    r->c2 = r2;
}

void pairing_fp12_mul_by_034(zkfl_fp12 *f, const zkfl_fp2 *c0, const zkfl_fp2 *c3,
                             const zkfl_fp2 *c4)
{
    zkfl_fp6 a, b, e;
    zkfl_fp2 s;
    /* a = f.c0 * c0 (a scalar of Fp6) */
    ff_fp2_mul(&a.c0, &f->c0.c0, c0);
    ff_fp2_mul(&a.c1, &f->c0.c1, c0);
    ff_fp2_mul(&a.c2, &f->c0.c2, c0);
    /* b = f.c1 * (c3 + c4 v) */
    fp6_mul_by_01(&b, &f->c1, c3, c4);
    /* e = (f.c0 + f.c1) * ((c0 + c3) + c4 v); new c1 = e - a - b */
    ff_fp2_add(&s, c0, c3);
    ff_fp6_add(&e, &f->c0, &f->c1);
    fp6_mul_by_01(&e, &e, &s, c4);
    ff_fp6_sub(&e, &e, &a);
    ff_fp6_sub(&f->c1, &e, &b);
    /* new c0 = a + b v (w^2 = v) */
    ff_fp6_mul_by_v(&b, &b);
    ff_fp6_add(&f->c0, &a, &b);
}
