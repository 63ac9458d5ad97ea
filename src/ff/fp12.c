/* Fp12 = Fp6[w]/(w^2 - v). */
#include <string.h>
#include "ff/tower_impl.h"
#include "ff/frob_consts.h"

void zkfl_fp12_set_one(zkfl_fp12 *r)
{
    memset(r, 0, sizeof *r);
    zkfl_fp_set_one(&r->c0.c0.c0);
}

int zkfl_fp12_is_one(const zkfl_fp12 *a)
{
    zkfl_fp12 one;
    zkfl_fp12_set_one(&one);
    return zkfl_fp12_eq(a, &one);
}

int zkfl_fp12_eq(const zkfl_fp12 *a, const zkfl_fp12 *b)
{
    return zkfl_fp6_eq(&a->c0, &b->c0) & zkfl_fp6_eq(&a->c1, &b->c1);
}

/* Karatsuba: 3 Fp6 multiplications. */
void zkfl_fp12_mul(zkfl_fp12 *r, const zkfl_fp12 *a, const zkfl_fp12 *b)
{
    zkfl_fp6 t0, t1, s, u;
    ff_fp6_mul(&t0, &a->c0, &b->c0);
    ff_fp6_mul(&t1, &a->c1, &b->c1);
    ff_fp6_add(&s, &a->c0, &a->c1);
    ff_fp6_add(&u, &b->c0, &b->c1);
    ff_fp6_mul(&s, &s, &u);
    ff_fp6_sub(&s, &s, &t0);
    ff_fp6_sub(&r->c1, &s, &t1);
    ff_fp6_mul_by_v(&t1, &t1);
    ff_fp6_add(&r->c0, &t0, &t1);
}

/* Complex squaring: 2 Fp6 multiplications. */
void zkfl_fp12_sqr(zkfl_fp12 *r, const zkfl_fp12 *a)
{
    zkfl_fp6 ab, s, t;
    ff_fp6_mul(&ab, &a->c0, &a->c1);
    ff_fp6_add(&s, &a->c0, &a->c1);
    ff_fp6_mul_by_v(&t, &a->c1);
    ff_fp6_add(&t, &t, &a->c0);
    ff_fp6_mul(&s, &s, &t);          /* (a0 + a1)(a0 + v a1) */
    ff_fp6_sub(&s, &s, &ab);
    ff_fp6_mul_by_v(&t, &ab);
    ff_fp6_sub(&r->c0, &s, &t);
    ff_fp6_add(&r->c1, &ab, &ab);
}

void zkfl_fp12_inv(zkfl_fp12 *r, const zkfl_fp12 *a)
{
    /* 1/(a0 + a1 w) = (a0 - a1 w) / (a0^2 - v a1^2) */
    zkfl_fp6 t0, t1;
    ff_fp6_sqr(&t0, &a->c0);
    ff_fp6_sqr(&t1, &a->c1);
    ff_fp6_mul_by_v(&t1, &t1);
    ff_fp6_sub(&t0, &t0, &t1);
    zkfl_fp6_inv(&t0, &t0);
    ff_fp6_mul(&r->c0, &a->c0, &t0);
    ff_fp6_mul(&r->c1, &a->c1, &t0);
    ff_fp6_neg(&r->c1, &r->c1);
}

void zkfl_fp12_conj(zkfl_fp12 *r, const zkfl_fp12 *a)
{
    r->c0 = a->c0;
    ff_fp6_neg(&r->c1, &a->c1);
}

void zkfl_fp12_frobenius(zkfl_fp12 *r, const zkfl_fp12 *a, unsigned power)
{
    /* coefficient a_ij of v^j w^i = w^(2j+i) picks up gamma[k][2j+i] */
    unsigned k = power % 12;
    const zkfl_fp2 *g = ff_frob_gamma[k];
    zkfl_fp2 t;
    const zkfl_fp2 *src0[3] = { &a->c0.c0, &a->c0.c1, &a->c0.c2 };
    const zkfl_fp2 *src1[3] = { &a->c1.c0, &a->c1.c1, &a->c1.c2 };
    zkfl_fp12 out;
    zkfl_fp2 *dst0[3] = { &out.c0.c0, &out.c0.c1, &out.c0.c2 };
    zkfl_fp2 *dst1[3] = { &out.c1.c0, &out.c1.c1, &out.c1.c2 };
    for (int j = 0; j < 3; j++) {
        ff_fp2_frob_pow(&t, src0[j], k);
        ff_fp2_mul(dst0[j], &t, &g[2 * j]);
        ff_fp2_frob_pow(&t, src1[j], k);
        ff_fp2_mul(dst1[j], &t, &g[2 * j + 1]);
    }
    *r = out;
}

/* Granger-Scott (eprint 2009/565, section 3.2): in the cyclotomic subgroup
 * Fp12 splits as three Fp4 = Fp2[w^3]-like pairs (x0,x4), (x3,x2), (x1,x5)
 * whose squares need only Fp2 squarings: 9 Fp2 squarings in total.
 * Coefficients: x0=c0.c0 x1=c0.c1 x2=c0.c2 x3=c1.c0 x4=c1.c1 x5=c1.c2. */
void zkfl_fp12_cyclotomic_sqr(zkfl_fp12 *r, const zkfl_fp12 *a)
{
    zkfl_fp2 t0, t1, t2, t3, t4, t5, t6, t7, t8;
    ff_fp2_sqr(&t0, &a->c1.c1);
    ff_fp2_sqr(&t1, &a->c0.c0);
    ff_fp2_add(&t6, &a->c1.c1, &a->c0.c0);
    ff_fp2_sqr(&t6, &t6);
    ff_fp2_sub(&t6, &t6, &t0);
    ff_fp2_sub(&t6, &t6, &t1);            /* 2 x4 x0 */
    ff_fp2_sqr(&t2, &a->c0.c2);
    ff_fp2_sqr(&t3, &a->c1.c0);
    ff_fp2_add(&t7, &a->c0.c2, &a->c1.c0);
    ff_fp2_sqr(&t7, &t7);
    ff_fp2_sub(&t7, &t7, &t2);
    ff_fp2_sub(&t7, &t7, &t3);            /* 2 x2 x3 */
    ff_fp2_sqr(&t4, &a->c1.c2);
    ff_fp2_sqr(&t5, &a->c0.c1);
    ff_fp2_add(&t8, &a->c1.c2, &a->c0.c1);
    ff_fp2_sqr(&t8, &t8);
    ff_fp2_sub(&t8, &t8, &t4);
    ff_fp2_sub(&t8, &t8, &t5);
    ff_fp2_mul_by_xi(&t8, &t8);           /* 2 x5 x1 xi */
    ff_fp2_mul_by_xi(&t0, &t0);
    ff_fp2_add(&t0, &t0, &t1);            /* x4^2 xi + x0^2 */
    ff_fp2_mul_by_xi(&t2, &t2);
    ff_fp2_add(&t2, &t2, &t3);            /* x2^2 xi + x3^2 */
    ff_fp2_mul_by_xi(&t4, &t4);
    ff_fp2_add(&t4, &t4, &t5);            /* x5^2 xi + x1^2 */
    /* r = 3 t - 2 x for the c0 half, 3 t + 2 x for the c1 half, written
     * in place: a is only read from here on coefficient by coefficient,
     * each just before the same coefficient of r is written (r may be a) */
    ff_fp2_sub(&r->c0.c0, &t0, &a->c0.c0);
    ff_fp2_dbl(&r->c0.c0, &r->c0.c0);
    ff_fp2_add(&r->c0.c0, &r->c0.c0, &t0);
    ff_fp2_sub(&r->c0.c1, &t2, &a->c0.c1);
    ff_fp2_dbl(&r->c0.c1, &r->c0.c1);
    ff_fp2_add(&r->c0.c1, &r->c0.c1, &t2);
    ff_fp2_sub(&r->c0.c2, &t4, &a->c0.c2);
    ff_fp2_dbl(&r->c0.c2, &r->c0.c2);
    ff_fp2_add(&r->c0.c2, &r->c0.c2, &t4);
    ff_fp2_add(&r->c1.c0, &t8, &a->c1.c0);
    ff_fp2_dbl(&r->c1.c0, &r->c1.c0);
    ff_fp2_add(&r->c1.c0, &r->c1.c0, &t8);
    ff_fp2_add(&r->c1.c1, &t6, &a->c1.c1);
    ff_fp2_dbl(&r->c1.c1, &r->c1.c1);
    ff_fp2_add(&r->c1.c1, &r->c1.c1, &t6);
    ff_fp2_add(&r->c1.c2, &t7, &a->c1.c2);
    ff_fp2_dbl(&r->c1.c2, &r->c1.c2);
    ff_fp2_add(&r->c1.c2, &r->c1.c2, &t7);
}

void zkfl_fp12_pow_vartime(zkfl_fp12 *r, const zkfl_fp12 *a, const uint64_t *e, size_t limbs)
{
    /* 4-bit fixed window; leading and zero nibbles cost no multiplication */
    zkfl_fp12 table[16], acc;
    zkfl_fp12_set_one(&table[0]);
    table[1] = *a;
    for (int i = 2; i < 16; i++)
        zkfl_fp12_mul(&table[i], &table[i - 1], a);
    zkfl_fp12_set_one(&acc);
    int started = 0;
    for (size_t w = 16 * limbs; w-- > 0;) {
        unsigned nib = (unsigned)(e[w / 16] >> (4 * (w % 16))) & 15;
        if (started)
            for (int k = 0; k < 4; k++)
                zkfl_fp12_sqr(&acc, &acc);
        if (nib != 0) {
            if (started)
                zkfl_fp12_mul(&acc, &acc, &table[nib]);
            else
                acc = table[nib];
            started = 1;
        }
    }
    *r = acc;
}

void zkfl_fp12_to_bytes_be(uint8_t out[384], const zkfl_fp12 *a)
{
    const zkfl_fp6 *h[2] = { &a->c0, &a->c1 };
    for (int i = 0; i < 2; i++) {
        const zkfl_fp2 *c[3] = { &h[i]->c0, &h[i]->c1, &h[i]->c2 };
        for (int j = 0; j < 3; j++) {
            zkfl_fp_to_bytes_be(out + 192 * i + 64 * j, &c[j]->c0);
            zkfl_fp_to_bytes_be(out + 192 * i + 64 * j + 32, &c[j]->c1);
        }
    }
}
