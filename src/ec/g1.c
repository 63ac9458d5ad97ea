/* G1: y^2 = x^3 + 3 over Fp, Jacobian coordinates (x = X/Z^2, y = Y/Z^3),
 * Z = 0 is the point at infinity. Formulas for a = 0 from the Explicit-Formulas
 * Database (dbl-2009-l, add-2007-bl, madd-2007-bl).
 *
 * zkfl_g1_add / zkfl_g1_add_affine are constant time: they always compute
 * both the generic sum and the doubling and select the right one with cmov,
 * because the constant-time scalar multiplication feeds them secret-dependent
 * points. The _vartime twin branches instead. */
#include <stdlib.h>
#include "ec/ec_impl.h"

void zkfl_g1_generator(zkfl_g1 *r)
{
    r->x = zkfl_ec_g1_gen_x;
    r->y = zkfl_ec_g1_gen_y;
    zkfl_fp_set_one(&r->z);
}

void zkfl_g1_set_infinity(zkfl_g1 *r)
{
    zkfl_fp_set_one(&r->x);
    zkfl_fp_set_one(&r->y);
    zkfl_fp_set_zero(&r->z);
}

int zkfl_g1_is_infinity(const zkfl_g1 *a)
{
    return (int)ec_fp_is_zero(&a->z);
}

void zkfl_ec_g1_cmov(zkfl_g1 *r, const zkfl_g1 *a, uint64_t cond)
{
    ff_cmov4(r->x.v, a->x.v, cond);
    ff_cmov4(r->y.v, a->y.v, cond);
    ff_cmov4(r->z.v, a->z.v, cond);
}

int zkfl_g1_eq(const zkfl_g1 *a, const zkfl_g1 *b)
{
    /* X1 Z2^2 == X2 Z1^2 and Y1 Z2^3 == Y2 Z1^3, or both at infinity */
    zkfl_fp z1z1, z2z2, u1, u2, s1, s2;
    ff_fp_sqr(&z1z1, &a->z);
    ff_fp_sqr(&z2z2, &b->z);
    ff_fp_mul(&u1, &a->x, &z2z2);
    ff_fp_mul(&u2, &b->x, &z1z1);
    ff_fp_mul(&s1, &a->y, &z2z2);
    ff_fp_mul(&s1, &s1, &b->z);
    ff_fp_mul(&s2, &b->y, &z1z1);
    ff_fp_mul(&s2, &s2, &a->z);
    uint64_t ia = ec_fp_is_zero(&a->z), ib = ec_fp_is_zero(&b->z);
    uint64_t same = ec_fp_eq(&u1, &u2) & ec_fp_eq(&s1, &s2);
    return (int)((ia & ib) | (((ia | ib) ^ 1) & same));
}

void zkfl_g1_dbl(zkfl_g1 *r, const zkfl_g1 *a)
{
    /* dbl-2009-l; Z = 0 stays 0 */
    zkfl_fp A, B, C, D, E, F, t;
    ff_fp_sqr(&A, &a->x);
    ff_fp_sqr(&B, &a->y);
    ff_fp_sqr(&C, &B);
    ff_fp_add(&t, &a->x, &B);
    ff_fp_sqr(&t, &t);
    ff_fp_sub(&t, &t, &A);
    ff_fp_sub(&t, &t, &C);
    ff_fp_dbl(&D, &t);
    ff_fp_dbl(&E, &A);
    ff_fp_add(&E, &E, &A);
    ff_fp_sqr(&F, &E);
    zkfl_fp z3;
    ff_fp_mul(&z3, &a->y, &a->z);
    ff_fp_dbl(&r->z, &z3);
    ff_fp_dbl(&t, &D);
    ff_fp_sub(&r->x, &F, &t);
    ff_fp_sub(&t, &D, &r->x);
    ff_fp_mul(&t, &E, &t);
    ff_fp_dbl(&C, &C);
    ff_fp_dbl(&C, &C);
    ff_fp_dbl(&C, &C);
    ff_fp_sub(&r->y, &t, &C);
}

/* Generic add-2007-bl; also reports H == 0 and R == 0 (same x; same y). */
static void g1_add_generic(zkfl_g1 *r, uint64_t *h_zero, uint64_t *r_zero,
                           const zkfl_g1 *a, const zkfl_g1 *b)
{
    zkfl_fp z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    ff_fp_sqr(&z1z1, &a->z);
    ff_fp_sqr(&z2z2, &b->z);
    ff_fp_mul(&u1, &a->x, &z2z2);
    ff_fp_mul(&u2, &b->x, &z1z1);
    ff_fp_mul(&s1, &a->y, &b->z);
    ff_fp_mul(&s1, &s1, &z2z2);
    ff_fp_mul(&s2, &b->y, &a->z);
    ff_fp_mul(&s2, &s2, &z1z1);
    ff_fp_sub(&h, &u2, &u1);
    ff_fp_sub(&rr, &s2, &s1);
    *h_zero = ec_fp_is_zero(&h);
    *r_zero = ec_fp_is_zero(&rr);
    ff_fp_dbl(&i, &h);
    ff_fp_sqr(&i, &i);
    ff_fp_mul(&j, &h, &i);
    ff_fp_dbl(&rr, &rr);
    ff_fp_mul(&v, &u1, &i);
    zkfl_fp x3, y3, z3;
    ff_fp_sqr(&x3, &rr);
    ff_fp_sub(&x3, &x3, &j);
    ff_fp_dbl(&t, &v);
    ff_fp_sub(&x3, &x3, &t);
    ff_fp_sub(&t, &v, &x3);
    ff_fp_mul(&y3, &rr, &t);
    ff_fp_mul(&t, &s1, &j);
    ff_fp_dbl(&t, &t);
    ff_fp_sub(&y3, &y3, &t);
    ff_fp_add(&z3, &a->z, &b->z);
    ff_fp_sqr(&z3, &z3);
    ff_fp_sub(&z3, &z3, &z1z1);
    ff_fp_sub(&z3, &z3, &z2z2);
    ff_fp_mul(&r->z, &z3, &h);
    r->x = x3;
    r->y = y3;
}

void zkfl_g1_add(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1 *b)
{
    zkfl_g1 sum, twice;
    uint64_t hz, rz;
    uint64_t ia = ec_fp_is_zero(&a->z), ib = ec_fp_is_zero(&b->z);
    g1_add_generic(&sum, &hz, &rz, a, b);
    zkfl_g1_dbl(&twice, a);
    /* H = 0, R != 0 (P + (-P)) already gives Z3 = 0: infinity */
    zkfl_ec_g1_cmov(&sum, &twice, hz & rz & (ia ^ 1) & (ib ^ 1));
    zkfl_ec_g1_cmov(&sum, b, ia);
    zkfl_ec_g1_cmov(&sum, a, ib);
    *r = sum;
}

void zkfl_g1_add_vartime(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1 *b)
{
    if (ec_fp_is_zero(&a->z)) { *r = *b; return; }
    if (ec_fp_is_zero(&b->z)) { *r = *a; return; }
    zkfl_g1 sum;
    uint64_t hz, rz;
    g1_add_generic(&sum, &hz, &rz, a, b);
    if (hz && rz) { zkfl_g1_dbl(r, a); return; }
    *r = sum;
}

/* madd-2007-bl: b affine with Z2 = 1 (and not infinity). */
static void g1_madd_generic(zkfl_g1 *r, uint64_t *h_zero, uint64_t *r_zero,
                            const zkfl_g1 *a, const zkfl_g1_affine *b)
{
    zkfl_fp z1z1, u2, s2, h, hh, i, j, rr, v, t;
    ff_fp_sqr(&z1z1, &a->z);
    ff_fp_mul(&u2, &b->x, &z1z1);
    ff_fp_mul(&s2, &b->y, &a->z);
    ff_fp_mul(&s2, &s2, &z1z1);
    ff_fp_sub(&h, &u2, &a->x);
    ff_fp_sub(&rr, &s2, &a->y);
    *h_zero = ec_fp_is_zero(&h);
    *r_zero = ec_fp_is_zero(&rr);
    ff_fp_sqr(&hh, &h);
    ff_fp_dbl(&i, &hh);
    ff_fp_dbl(&i, &i);
    ff_fp_mul(&j, &h, &i);
    ff_fp_dbl(&rr, &rr);
    ff_fp_mul(&v, &a->x, &i);
    zkfl_fp x3, y3, z3;
    ff_fp_sqr(&x3, &rr);
    ff_fp_sub(&x3, &x3, &j);
    ff_fp_dbl(&t, &v);
    ff_fp_sub(&x3, &x3, &t);
    ff_fp_sub(&t, &v, &x3);
    ff_fp_mul(&y3, &rr, &t);
    ff_fp_mul(&t, &a->y, &j);
    ff_fp_dbl(&t, &t);
    ff_fp_sub(&y3, &y3, &t);
    ff_fp_add(&z3, &a->z, &h);
    ff_fp_sqr(&z3, &z3);
    ff_fp_sub(&z3, &z3, &z1z1);
    ff_fp_sub(&r->z, &z3, &hh);
    r->x = x3;
    r->y = y3;
}

void zkfl_g1_add_affine(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1_affine *b)
{
    zkfl_g1 sum, twice, bj;
    uint64_t hz, rz;
    uint64_t ia = ec_fp_is_zero(&a->z);
    uint64_t ib = ec_fp_is_zero(&b->x) & ec_fp_is_zero(&b->y);
    g1_madd_generic(&sum, &hz, &rz, a, b);
    zkfl_g1_dbl(&twice, a);
    zkfl_g1_from_affine(&bj, b);
    zkfl_ec_g1_cmov(&sum, &twice, hz & rz & (ia ^ 1) & (ib ^ 1));
    zkfl_ec_g1_cmov(&sum, &bj, ia);
    zkfl_ec_g1_cmov(&sum, a, ib);
    *r = sum;
}

void zkfl_g1_add_affine_vartime(zkfl_g1 *r, const zkfl_g1 *a, const zkfl_g1_affine *b)
{
    if (ec_fp_is_zero(&b->x) && ec_fp_is_zero(&b->y)) { *r = *a; return; }
    if (ec_fp_is_zero(&a->z)) { zkfl_g1_from_affine(r, b); return; }
    zkfl_g1 sum;
    uint64_t hz, rz;
    g1_madd_generic(&sum, &hz, &rz, a, b);
    if (hz && rz) { zkfl_g1_dbl(r, a); return; }
    *r = sum;
}

void zkfl_g1_neg(zkfl_g1 *r, const zkfl_g1 *a)
{
    r->x = a->x;
    ff_fp_neg(&r->y, &a->y);
    r->z = a->z;
}

void zkfl_g1_from_affine(zkfl_g1 *r, const zkfl_g1_affine *a)
{
    uint64_t inf = ec_fp_is_zero(&a->x) & ec_fp_is_zero(&a->y);
    zkfl_g1 t;
    t.x = a->x;
    t.y = a->y;
    zkfl_fp_set_one(&t.z);
    zkfl_g1 i;
    zkfl_g1_set_infinity(&i);
    zkfl_ec_g1_cmov(&t, &i, inf);
    *r = t;
}

void zkfl_g1_to_affine(zkfl_g1_affine *r, const zkfl_g1 *a)
{
    /* inv(0) = 0 makes infinity come out as (0, 0) without a branch */
    zkfl_fp zi, zi2, zi3;
    zkfl_fp_inv(&zi, &a->z);
    ff_fp_sqr(&zi2, &zi);
    ff_fp_mul(&zi3, &zi2, &zi);
    ff_fp_mul(&r->x, &a->x, &zi2);
    ff_fp_mul(&r->y, &a->y, &zi3);
}

int zkfl_g1_batch_to_affine(zkfl_g1_affine *r, const zkfl_g1 *a, size_t n)
{
    if (n == 0) return 0;
    if (r == NULL || a == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_fp *zi = malloc(n * sizeof *zi);
    if (zi == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) zi[i] = a[i].z;
    int rc = zkfl_fp_batch_inv_vartime(zi, zi, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {
            zkfl_fp zi2, zi3;
            ff_fp_sqr(&zi2, &zi[i]);
            ff_fp_mul(&zi3, &zi2, &zi[i]);
            zkfl_fp x = a[i].x, y = a[i].y;    /* r may alias nothing, a is const */
            ff_fp_mul(&r[i].x, &x, &zi2);
            ff_fp_mul(&r[i].y, &y, &zi3);
        }
    }
    free(zi);
    return rc;
}

int zkfl_g1_affine_is_infinity(const zkfl_g1_affine *a)
{
    return (int)(ec_fp_is_zero(&a->x) & ec_fp_is_zero(&a->y));
}

int zkfl_g1_affine_is_on_curve(const zkfl_g1_affine *a)
{
    zkfl_fp y2, x3;
    ff_fp_sqr(&y2, &a->y);
    ff_fp_sqr(&x3, &a->x);
    ff_fp_mul(&x3, &x3, &a->x);
    ff_fp_add(&x3, &x3, &zkfl_ec_fp_b);
    return (int)(ec_fp_eq(&y2, &x3) | (ec_fp_is_zero(&a->x) & ec_fp_is_zero(&a->y)));
}
