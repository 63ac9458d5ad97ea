/* Fp2: ring axioms, inverse, square roots (including the a1 = 0 branches
 * of the complex method), Legendre symbol, multiplication by xi and the
 * Frobenius map, on random and edge-case elements. */
#include <string.h>
#include "testlib.h"
#include "zkfl/ff.h"

static zkfl_test_rng rng;

static void fp_rand(zkfl_fp *a)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(&rng, b, sizeof b);
    zkfl_fp_from_bytes_be_wide(a, b);
}

static void fp2_rand(zkfl_fp2 *a)
{
    fp_rand(&a->c0);
    fp_rand(&a->c1);
}

/* a^p by square-and-multiply, to check the Frobenius shortcut */
static void fp2_pow_p(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    static const uint64_t p[4] = { 0x3c208c16d87cfd47ull, 0x97816a916871ca8dull,
                                   0xb85045b68181585dull, 0x30644e72e131a029ull };
    zkfl_fp2 acc;
    zkfl_fp2_set_one(&acc);
    for (int i = 255; i >= 0; i--) {
        zkfl_fp2_sqr(&acc, &acc);
        if ((p[i / 64] >> (i % 64)) & 1)
            zkfl_fp2_mul(&acc, &acc, a);
    }
    *r = acc;
}

static void test_random(void)
{
    for (int it = 0; it < 200; it++) {
        zkfl_fp2 a, b, c, x, y, z, one;
        fp2_rand(&a); fp2_rand(&b); fp2_rand(&c);
        zkfl_fp2_set_one(&one);
        zkfl_fp2_mul(&x, &a, &b); zkfl_fp2_mul(&y, &b, &a); CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_mul(&x, &x, &c); zkfl_fp2_mul(&y, &b, &c); zkfl_fp2_mul(&y, &a, &y);
        CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_add(&x, &b, &c); zkfl_fp2_mul(&x, &a, &x);
        zkfl_fp2_mul(&y, &a, &b); zkfl_fp2_mul(&z, &a, &c); zkfl_fp2_add(&y, &y, &z);
        CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_sub(&x, &a, &b); zkfl_fp2_add(&x, &x, &b); CHECK(zkfl_fp2_eq(&x, &a));
        zkfl_fp2_neg(&x, &a); zkfl_fp2_add(&x, &x, &a); CHECK(zkfl_fp2_is_zero(&x));
        zkfl_fp2_dbl(&x, &a); zkfl_fp2_add(&y, &a, &a); CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_sqr(&x, &a); zkfl_fp2_mul(&y, &a, &a); CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_mul(&x, &a, &one); CHECK(zkfl_fp2_eq(&x, &a));
        /* u^2 = -1 by the schoolbook formula */
        zkfl_fp t0, t1;
        zkfl_fp_mul(&t0, &a.c0, &b.c0); zkfl_fp_mul(&t1, &a.c1, &b.c1); zkfl_fp_sub(&t0, &t0, &t1);
        zkfl_fp2_mul(&x, &a, &b); CHECK(zkfl_fp_eq(&x.c0, &t0));
        zkfl_fp2_inv(&x, &a); zkfl_fp2_mul(&y, &x, &a);
        CHECK(zkfl_fp2_eq(&y, &one));
        zkfl_fp2_inv_vartime(&y, &a); CHECK(zkfl_fp2_eq(&x, &y));
        /* mul_by_xi == mul by 9 + u */
        zkfl_fp2 xi; zkfl_fp_set_u64(&xi.c0, 9); zkfl_fp_set_one(&xi.c1);
        zkfl_fp2_mul(&x, &a, &xi); zkfl_fp2_mul_by_xi(&y, &a); CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_mul_fp(&x, &a, &b.c0);
        zkfl_fp2 bb = { b.c0, { { 0, 0, 0, 0 } } };
        zkfl_fp2_mul(&y, &a, &bb); CHECK(zkfl_fp2_eq(&x, &y));
        zkfl_fp2_conj(&x, &a); zkfl_fp2_mul(&x, &x, &a); CHECK(zkfl_fp_is_zero(&x.c1));
        /* square roots of squares; non-squares rejected */
        zkfl_fp2_sqr(&x, &a);
        CHECK_EQ_INT(zkfl_fp2_legendre(&x), 1);
        CHECK_OK(zkfl_fp2_sqrt(&y, &x)); zkfl_fp2_sqr(&z, &y); CHECK(zkfl_fp2_eq(&z, &x));
        int l = zkfl_fp2_legendre(&a);
        CHECK(l == 1 || l == -1);
        CHECK_EQ_INT(zkfl_fp2_sqrt(&y, &a) == 0, l == 1);
        if (l == 1) { zkfl_fp2_sqr(&z, &y); CHECK(zkfl_fp2_eq(&z, &a)); }
        /* cmov */
        x = a; zkfl_fp2_cmov(&x, &b, 0); CHECK(zkfl_fp2_eq(&x, &a));
        zkfl_fp2_cmov(&x, &b, 1); CHECK(zkfl_fp2_eq(&x, &b));
        if (it < 10) {
            zkfl_fp2_frobenius(&x, &a); fp2_pow_p(&y, &a); CHECK(zkfl_fp2_eq(&x, &y));
        }
    }
}

static void test_edges(void)
{
    zkfl_fp2 zero, one, x, y, z;
    zkfl_fp2_set_zero(&zero); zkfl_fp2_set_one(&one);
    CHECK(zkfl_fp2_is_zero(&zero)); CHECK(!zkfl_fp2_is_zero(&one));
    zkfl_fp2_inv(&x, &zero); CHECK(zkfl_fp2_is_zero(&x));
    CHECK_OK(zkfl_fp2_sqrt(&x, &zero)); CHECK(zkfl_fp2_is_zero(&x));
    CHECK_EQ_INT(zkfl_fp2_legendre(&zero), 0);
    /* u^2 = -1 */
    zkfl_fp2 u; zkfl_fp_set_zero(&u.c0); zkfl_fp_set_one(&u.c1);
    zkfl_fp2_sqr(&x, &u); zkfl_fp2_neg(&y, &one); CHECK(zkfl_fp2_eq(&x, &y));
    /* every element of Fp is a square in Fp2: real squares and real
     * non-squares (root on the u axis), plus purely imaginary values */
    for (uint64_t k = 1; k < 40; k++) {
        zkfl_fp2 a; zkfl_fp_set_u64(&a.c0, k); zkfl_fp_set_zero(&a.c1);
        CHECK_OK(zkfl_fp2_sqrt(&x, &a)); zkfl_fp2_sqr(&z, &x); CHECK(zkfl_fp2_eq(&z, &a));
        zkfl_fp2_neg(&a, &a);
        CHECK_OK(zkfl_fp2_sqrt(&x, &a)); zkfl_fp2_sqr(&z, &x); CHECK(zkfl_fp2_eq(&z, &a));
        zkfl_fp2 b; zkfl_fp_set_zero(&b.c0); zkfl_fp_set_u64(&b.c1, k);
        int l = zkfl_fp2_legendre(&b);
        CHECK_EQ_INT(zkfl_fp2_sqrt(&x, &b) == 0, l == 1);
        if (l == 1) { zkfl_fp2_sqr(&z, &x); CHECK(zkfl_fp2_eq(&z, &b)); }
    }
    /* a non-square stays untouched in the output */
    zkfl_fp2 ns;
    for (uint64_t k = 1;; k++) {
        zkfl_fp_set_u64(&ns.c0, k); zkfl_fp_set_one(&ns.c1);
        if (zkfl_fp2_legendre(&ns) == -1) break;
    }
    x = one;
    CHECK_EQ_INT(zkfl_fp2_sqrt(&x, &ns), ZKFL_ERR_NO_SQRT);
    CHECK(zkfl_fp2_eq(&x, &one));
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0002);
    test_random();
    test_edges();
    return zkfl_test_done("ff_fp2");
}
