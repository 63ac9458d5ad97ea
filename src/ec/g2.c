/* G2: the D-type sextic twist y^2 = x^3 + 3/(9+u) over Fp2, Jacobian
 * coordinates (x = X/Z^2, y = Y/Z^3),
 * Z = 0 is the point at infinity. Formulas for a = 0 from the Explicit-Formulas
 * Database (dbl-2009-l, add-2007-bl, madd-2007-bl).
 *
 * zkfl_g2_add / zkfl_g2_add_affine are constant time: they always compute
 * both the generic sum and the doubling and select the right one with cmov,
 * because the constant-time scalar multiplication feeds them secret-dependent
 * points. The _vartime twin branches instead. */
#include <stdlib.h>
#include "ec/ec_impl.h"

void zkfl_g2_generator(zkfl_g2 *r)
{
    r->x = zkfl_ec_g2_gen_x;
    r->y = zkfl_ec_g2_gen_y;
    zkfl_fp2_set_one(&r->z);
}

void zkfl_g2_set_infinity(zkfl_g2 *r)
{
    zkfl_fp2_set_one(&r->x);
    zkfl_fp2_set_one(&r->y);
    zkfl_fp2_set_zero(&r->z);
}

int zkfl_g2_is_infinity(const zkfl_g2 *a)
{
    return (int)ec_fp2_is_zero(&a->z);
}

void zkfl_ec_g2_cmov(zkfl_g2 *r, const zkfl_g2 *a, uint64_t cond)
{
    ff_cmov4(r->x.c0.v, a->x.c0.v, cond);
    ff_cmov4(r->x.c1.v, a->x.c1.v, cond);
    ff_cmov4(r->y.c0.v, a->y.c0.v, cond);
    ff_cmov4(r->y.c1.v, a->y.c1.v, cond);
    ff_cmov4(r->z.c0.v, a->z.c0.v, cond);
    ff_cmov4(r->z.c1.v, a->z.c1.v, cond);
}

int zkfl_g2_eq(const zkfl_g2 *a, const zkfl_g2 *b)
{
    /* X1 Z2^2 == X2 Z1^2 and Y1 Z2^3 == Y2 Z1^3, or both at infinity */
    zkfl_fp2 z1z1, z2z2, u1, u2, s1, s2;
    ec_fp2_sqr(&z1z1, &a->z);
    ec_fp2_sqr(&z2z2, &b->z);
    ec_fp2_mul(&u1, &a->x, &z2z2);
    ec_fp2_mul(&u2, &b->x, &z1z1);
    ec_fp2_mul(&s1, &a->y, &z2z2);
    ec_fp2_mul(&s1, &s1, &b->z);
    ec_fp2_mul(&s2, &b->y, &z1z1);
    ec_fp2_mul(&s2, &s2, &a->z);
    uint64_t ia = ec_fp2_is_zero(&a->z), ib = ec_fp2_is_zero(&b->z);
    uint64_t same = ec_fp2_eq(&u1, &u2) & ec_fp2_eq(&s1, &s2);
    return (int)((ia & ib) | (((ia | ib) ^ 1) & same));
}

void zkfl_g2_dbl(zkfl_g2 *r, const zkfl_g2 *a)
{
    /* dbl-2009-l; Z = 0 stays 0 */
    zkfl_fp2 A, B, C, D, E, F, t;
    ec_fp2_sqr(&A, &a->x);
    ec_fp2_sqr(&B, &a->y);
    ec_fp2_sqr(&C, &B);
    ec_fp2_add(&t, &a->x, &B);
    ec_fp2_sqr(&t, &t);
    ec_fp2_sub(&t, &t, &A);
    ec_fp2_sub(&t, &t, &C);
    ec_fp2_dbl(&D, &t);
    ec_fp2_dbl(&E, &A);
    ec_fp2_add(&E, &E, &A);
    ec_fp2_sqr(&F, &E);
    zkfl_fp2 z3;
    ec_fp2_mul(&z3, &a->y, &a->z);
    ec_fp2_dbl(&r->z, &z3);
    ec_fp2_dbl(&t, &D);
    ec_fp2_sub(&r->x, &F, &t);
    ec_fp2_sub(&t, &D, &r->x);
    ec_fp2_mul(&t, &E, &t);
    ec_fp2_dbl(&C, &C);
    ec_fp2_dbl(&C, &C);
    ec_fp2_dbl(&C, &C);
    ec_fp2_sub(&r->y, &t, &C);
}

/* Generic add-2007-bl; also reports H == 0 and R == 0 (same x; same y). */
static void g2_add_generic(zkfl_g2 *r, uint64_t *h_zero, uint64_t *r_zero,
                           const zkfl_g2 *a, const zkfl_g2 *b)
{
    zkfl_fp2 z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    ec_fp2_sqr(&z1z1, &a->z);
    ec_fp2_sqr(&z2z2, &b->z);
    ec_fp2_mul(&u1, &a->x, &z2z2);
    ec_fp2_mul(&u2, &b->x, &z1z1);
    ec_fp2_mul(&s1, &a->y, &b->z);
    ec_fp2_mul(&s1, &s1, &z2z2);
    ec_fp2_mul(&s2, &b->y, &a->z);
    ec_fp2_mul(&s2, &s2, &z1z1);
    ec_fp2_sub(&h, &u2, &u1);
    ec_fp2_sub(&rr, &s2, &s1);
    *h_zero = ec_fp2_is_zero(&h);
    *r_zero = ec_fp2_is_zero(&rr);
    ec_fp2_dbl(&i, &h);
    ec_fp2_sqr(&i, &i);
    ec_fp2_mul(&j, &h, &i);
    ec_fp2_dbl(&rr, &rr);
    ec_fp2_mul(&v, &u1, &i);
    zkfl_fp2 x3, y3, z3;
    ec_fp2_sqr(&x3, &rr);
    ec_fp2_sub(&x3, &x3, &j);
    ec_fp2_dbl(&t, &v);
    ec_fp2_sub(&x3, &x3, &t);
    ec_fp2_sub(&t, &v, &x3);
    ec_fp2_mul(&y3, &rr, &t);
    ec_fp2_mul(&t, &s1, &j);
    ec_fp2_dbl(&t, &t);
    ec_fp2_sub(&y3, &y3, &t);
    ec_fp2_add(&z3, &a->z, &b->z);
    ec_fp2_sqr(&z3, &z3);
    ec_fp2_sub(&z3, &z3, &z1z1);
    ec_fp2_sub(&z3, &z3, &z2z2);
    ec_fp2_mul(&r->z, &z3, &h);
    r->x = x3;
    r->y = y3;
}

void zkfl_g2_add(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2 *b)
{
    zkfl_g2 sum, twice;
    uint64_t hz, rz;
    uint64_t ia = ec_fp2_is_zero(&a->z), ib = ec_fp2_is_zero(&b->z);
    g2_add_generic(&sum, &hz, &rz, a, b);
    zkfl_g2_dbl(&twice, a);
    /* H = 0, R != 0 (P + (-P)) already gives Z3 = 0: infinity */
    zkfl_ec_g2_cmov(&sum, &twice, hz & rz & (ia ^ 1) & (ib ^ 1));
    zkfl_ec_g2_cmov(&sum, b, ia);
    zkfl_ec_g2_cmov(&sum, a, ib);
    *r = sum;
}

void zkfl_g2_add_vartime(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2 *b)
{
    if (ec_fp2_is_zero(&a->z)) { *r = *b; return; }
    if (ec_fp2_is_zero(&b->z)) { *r = *a; return; }
    zkfl_g2 sum;
    uint64_t hz, rz;
    g2_add_generic(&sum, &hz, &rz, a, b);
    if (hz && rz) { zkfl_g2_dbl(r, a); return; }
    *r = sum;
}

/* madd-2007-bl: b affine with Z2 = 1 (and not infinity). */
static void g2_madd_generic(zkfl_g2 *r, uint64_t *h_zero, uint64_t *r_zero,
                            const zkfl_g2 *a, const zkfl_g2_affine *b)
{
    zkfl_fp2 z1z1, u2, s2, h, hh, i, j, rr, v, t;
    ec_fp2_sqr(&z1z1, &a->z);
    ec_fp2_mul(&u2, &b->x, &z1z1);
    ec_fp2_mul(&s2, &b->y, &a->z);
    ec_fp2_mul(&s2, &s2, &z1z1);
    ec_fp2_sub(&h, &u2, &a->x);
    ec_fp2_sub(&rr, &s2, &a->y);
    *h_zero = ec_fp2_is_zero(&h);
    *r_zero = ec_fp2_is_zero(&rr);
    ec_fp2_sqr(&hh, &h);
    ec_fp2_dbl(&i, &hh);
    ec_fp2_dbl(&i, &i);
    ec_fp2_mul(&j, &h, &i);
    ec_fp2_dbl(&rr, &rr);
    ec_fp2_mul(&v, &a->x, &i);
    zkfl_fp2 x3, y3, z3;
    ec_fp2_sqr(&x3, &rr);
    ec_fp2_sub(&x3, &x3, &j);
    ec_fp2_dbl(&t, &v);
    ec_fp2_sub(&x3, &x3, &t);
    ec_fp2_sub(&t, &v, &x3);
    ec_fp2_mul(&y3, &rr, &t);
    ec_fp2_mul(&t, &a->y, &j);
    ec_fp2_dbl(&t, &t);
    ec_fp2_sub(&y3, &y3, &t);
    ec_fp2_add(&z3, &a->z, &h);
    ec_fp2_sqr(&z3, &z3);
    ec_fp2_sub(&z3, &z3, &z1z1);
    ec_fp2_sub(&r->z, &z3, &hh);
    r->x = x3;
    r->y = y3;
}

void zkfl_g2_add_affine(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2_affine *b)
{
    zkfl_g2 sum, twice, bj;
    uint64_t hz, rz;
    uint64_t ia = ec_fp2_is_zero(&a->z);
    uint64_t ib = ec_fp2_is_zero(&b->x) & ec_fp2_is_zero(&b->y);
    g2_madd_generic(&sum, &hz, &rz, a, b);
    zkfl_g2_dbl(&twice, a);
    zkfl_g2_from_affine(&bj, b);
    zkfl_ec_g2_cmov(&sum, &twice, hz & rz & (ia ^ 1) & (ib ^ 1));
    zkfl_ec_g2_cmov(&sum, &bj, ia);
    zkfl_ec_g2_cmov(&sum, a, ib);
    *r = sum;
}

void zkfl_g2_add_affine_vartime(zkfl_g2 *r, const zkfl_g2 *a, const zkfl_g2_affine *b)
{
    if (ec_fp2_is_zero(&b->x) && ec_fp2_is_zero(&b->y)) { *r = *a; return; }
    if (ec_fp2_is_zero(&a->z)) { zkfl_g2_from_affine(r, b); return; }
    zkfl_g2 sum;
    uint64_t hz, rz;
    g2_madd_generic(&sum, &hz, &rz, a, b);
    if (hz && rz) { zkfl_g2_dbl(r, a); return; }
    *r = sum;
}

void zkfl_g2_neg(zkfl_g2 *r, const zkfl_g2 *a)
{
    r->x = a->x;
    ec_fp2_neg(&r->y, &a->y);
    r->z = a->z;
}

void zkfl_g2_from_affine(zkfl_g2 *r, const zkfl_g2_affine *a)
{
    uint64_t inf = ec_fp2_is_zero(&a->x) & ec_fp2_is_zero(&a->y);
    zkfl_g2 t;
    t.x = a->x;
    t.y = a->y;
    zkfl_fp2_set_one(&t.z);
    zkfl_g2 i;
    zkfl_g2_set_infinity(&i);
    zkfl_ec_g2_cmov(&t, &i, inf);
    *r = t;
}

void zkfl_g2_to_affine(zkfl_g2_affine *r, const zkfl_g2 *a)
{
    /* inv(0) = 0 makes infinity come out as (0, 0) without a branch */
    zkfl_fp2 zi, zi2, zi3;
    zkfl_fp2_inv(&zi, &a->z);
    ec_fp2_sqr(&zi2, &zi);
    ec_fp2_mul(&zi3, &zi2, &zi);
    ec_fp2_mul(&r->x, &a->x, &zi2);
    ec_fp2_mul(&r->y, &a->y, &zi3);
}

/* Montgomery's trick over Fp2: one inversion for all n (zeros stay zero). */
static int g2_batch_inv_vartime(zkfl_fp2 *v, size_t n)
{
    zkfl_fp2 *pre = malloc(n * sizeof *pre);
    if (pre == NULL) return ZKFL_ERR_NOMEM;
    zkfl_fp2 acc;
    zkfl_fp2_set_one(&acc);
    for (size_t i = 0; i < n; i++) {
        pre[i] = acc;
        if (!ec_fp2_is_zero(&v[i])) ec_fp2_mul(&acc, &acc, &v[i]);
    }
    zkfl_fp2_inv_vartime(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (ec_fp2_is_zero(&v[i])) continue;
        zkfl_fp2 inv;
        ec_fp2_mul(&inv, &acc, &pre[i]);
        ec_fp2_mul(&acc, &acc, &v[i]);
        v[i] = inv;
    }
    free(pre);
    return 0;
}

int zkfl_g2_batch_to_affine(zkfl_g2_affine *r, const zkfl_g2 *a, size_t n)
{
    if (n == 0) return 0;
    if (r == NULL || a == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_fp2 *zi = malloc(n * sizeof *zi);
    if (zi == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) zi[i] = a[i].z;
    int rc = g2_batch_inv_vartime(zi, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {
            zkfl_fp2 zi2, zi3;
            ec_fp2_sqr(&zi2, &zi[i]);
            ec_fp2_mul(&zi3, &zi2, &zi[i]);
            zkfl_fp2 x = a[i].x, y = a[i].y;    /* r may alias nothing, a is const */
            ec_fp2_mul(&r[i].x, &x, &zi2);
            ec_fp2_mul(&r[i].y, &y, &zi3);
        }
    }
    free(zi);
    return rc;
}

int zkfl_g2_affine_is_infinity(const zkfl_g2_affine *a)
{
    return (int)(ec_fp2_is_zero(&a->x) & ec_fp2_is_zero(&a->y));
}

int zkfl_g2_affine_is_on_curve(const zkfl_g2_affine *a)
{
    zkfl_fp2 y2, x3;
    ec_fp2_sqr(&y2, &a->y);
    ec_fp2_sqr(&x3, &a->x);
    ec_fp2_mul(&x3, &x3, &a->x);
    ec_fp2_add(&x3, &x3, &zkfl_ec_fp2_b);
    return (int)(ec_fp2_eq(&y2, &x3) | (ec_fp2_is_zero(&a->x) & ec_fp2_is_zero(&a->y)));
}
