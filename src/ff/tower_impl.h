/* Internal: Fp6 = Fp2[v]/(v^3 - xi) arithmetic shared by fp6.c, fp12.c
 * (and available to the pairing code). */
#ifndef ZKFL_FF_TOWER_IMPL_H
#define ZKFL_FF_TOWER_IMPL_H

#include "ff/fp2_impl.h"

static inline void ff_fp6_add(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp6 *b)
{
    ff_fp2_add(&r->c0, &a->c0, &b->c0);
    ff_fp2_add(&r->c1, &a->c1, &b->c1);
    ff_fp2_add(&r->c2, &a->c2, &b->c2);
}

static inline void ff_fp6_sub(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp6 *b)
{
    ff_fp2_sub(&r->c0, &a->c0, &b->c0);
    ff_fp2_sub(&r->c1, &a->c1, &b->c1);
    ff_fp2_sub(&r->c2, &a->c2, &b->c2);
}

static inline void ff_fp6_neg(zkfl_fp6 *r, const zkfl_fp6 *a)
{
    ff_fp2_neg(&r->c0, &a->c0);
    ff_fp2_neg(&r->c1, &a->c1);
    ff_fp2_neg(&r->c2, &a->c2);
}

/* (a0, a1, a2) * v = (xi a2, a0, a1) */
static inline void ff_fp6_mul_by_v(zkfl_fp6 *r, const zkfl_fp6 *a)
{
    zkfl_fp2 t;
    ff_fp2_mul_by_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

void ff_fp6_mul(zkfl_fp6 *r, const zkfl_fp6 *a, const zkfl_fp6 *b);
void ff_fp6_sqr(zkfl_fp6 *r, const zkfl_fp6 *a);
/* a^(p^power) in Fp2: conjugation for odd powers. */
void ff_fp2_frob_pow(zkfl_fp2 *r, const zkfl_fp2 *a, unsigned power);

#endif
