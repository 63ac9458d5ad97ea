/* Internal: Fp2 = Fp[u]/(u^2+1) arithmetic as static inline functions for
 * the tower (fp6.c, fp12.c) and the G2 code. */
#ifndef ZKFL_FF_FP2_IMPL_H
#define ZKFL_FF_FP2_IMPL_H

#include "ff/fp_impl.h"

static inline void ff_fp2_add(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b)
{
    ff_fp_add(&r->c0, &a->c0, &b->c0);
    ff_fp_add(&r->c1, &a->c1, &b->c1);
}

static inline void ff_fp2_sub(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b)
{
    ff_fp_sub(&r->c0, &a->c0, &b->c0);
    ff_fp_sub(&r->c1, &a->c1, &b->c1);
}

static inline void ff_fp2_neg(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    ff_fp_neg(&r->c0, &a->c0);
    ff_fp_neg(&r->c1, &a->c1);
}

static inline void ff_fp2_dbl(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    ff_fp_dbl(&r->c0, &a->c0);
    ff_fp_dbl(&r->c1, &a->c1);
}

static inline void ff_fp2_mul(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp2 *b)
{
#ifdef FF_USE_ASM
    /* c0 = a0 b0 + a1 (-b1), c1 = a0 b1 + a1 b0, each sum reduced once */
    uint64_t x[8], y[16], out[8];
    zkfl_fp nb1;
    ff_fp_neg(&nb1, &b->c1);
    for (int i = 0; i < 4; i++) {
        x[i] = a->c0.v[i];
        x[4 + i] = a->c1.v[i];
        y[i] = b->c0.v[i];
        y[4 + i] = nb1.v[i];
        y[8 + i] = b->c1.v[i];
        y[12 + i] = b->c0.v[i];
    }
    ff_x86_fp_sop_x2(out, x, y);
    for (int i = 0; i < 4; i++) {
        r->c0.v[i] = out[i];
        r->c1.v[i] = out[4 + i];
    }
#else
    /* Karatsuba: 3 Fp multiplications */
    zkfl_fp v0, v1, sa, sb;
    ff_fp_mul(&v0, &a->c0, &b->c0);
    ff_fp_mul(&v1, &a->c1, &b->c1);
    ff_fp_add(&sa, &a->c0, &a->c1);
    ff_fp_add(&sb, &b->c0, &b->c1);
    ff_fp_mul(&sa, &sa, &sb);
    ff_fp_sub(&sa, &sa, &v0);
    ff_fp_sub(&r->c1, &sa, &v1);
    ff_fp_sub(&r->c0, &v0, &v1);
#endif
}

/* (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u: 2 multiplications. */
static inline void ff_fp2_sqr(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    zkfl_fp s, d, m;
    ff_fp_add(&s, &a->c0, &a->c1);
    ff_fp_sub(&d, &a->c0, &a->c1);
    ff_fp_mul(&m, &a->c0, &a->c1);
    ff_fp_mul(&r->c0, &s, &d);
    ff_fp_dbl(&r->c1, &m);
}

/* times xi = 9 + u: (9 a0 - a1) + (a0 + 9 a1) u */
static inline void ff_fp2_mul_by_xi(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    zkfl_fp t0, t1;
    ff_fp_dbl(&t0, &a->c0);
    ff_fp_dbl(&t0, &t0);
    ff_fp_dbl(&t0, &t0);
    ff_fp_add(&t0, &t0, &a->c0);  /* 9 a0 */
    ff_fp_dbl(&t1, &a->c1);
    ff_fp_dbl(&t1, &t1);
    ff_fp_dbl(&t1, &t1);
    ff_fp_add(&t1, &t1, &a->c1);  /* 9 a1 */
    ff_fp_sub(&t0, &t0, &a->c1);
    ff_fp_add(&r->c1, &t1, &a->c0);
    r->c0 = t0;
}

#endif
