/* Fp6 and Fp12: the Frobenius constants re-derived from xi, Frobenius
 * against plain exponentiation by p, frob^12 = identity, ring axioms,
 * inverses, cyclotomic squaring against plain squaring, byte layout. */
#include <string.h>
#include "testlib.h"
#include "zkfl/ff.h"
#include "ff/frob_consts.h"

static zkfl_test_rng rng;
static const uint64_t P[4] = { 0x3c208c16d87cfd47ull, 0x97816a916871ca8dull,
                               0xb85045b68181585dull, 0x30644e72e131a029ull };

static void fp_rand(zkfl_fp *a)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(&rng, b, sizeof b);
    zkfl_fp_from_bytes_be_wide(a, b);
}
static void fp2_rand(zkfl_fp2 *a) { fp_rand(&a->c0); fp_rand(&a->c1); }
static void fp6_rand(zkfl_fp6 *a) { fp2_rand(&a->c0); fp2_rand(&a->c1); fp2_rand(&a->c2); }
static void fp12_rand(zkfl_fp12 *a) { fp6_rand(&a->c0); fp6_rand(&a->c1); }

static void fp2_pow(zkfl_fp2 *r, const zkfl_fp2 *a, const uint64_t *e, int limbs)
{
    zkfl_fp2 acc;
    zkfl_fp2_set_one(&acc);
    for (int i = 64 * limbs - 1; i >= 0; i--) {
        zkfl_fp2_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1)
            zkfl_fp2_mul(&acc, &acc, a);
    }
    *r = acc;
}

static void test_frobenius_constants(void)
{
    /* g = xi^((p-1)/6); xi^((p^k-1)/6) = prod_{i<k} g^(p^i) = prod conj^i(g) */
    uint64_t e[4];
    /* (p - 1) / 6 by long division */
    unsigned __int128 rem = 0;
    for (int i = 3; i >= 0; i--) {
        unsigned __int128 cur = (rem << 64) | (i == 0 ? P[0] - 1 : P[i]);
        e[i] = (uint64_t)(cur / 6);
        rem = cur % 6;
    }
    CHECK(rem == 0);
    zkfl_fp2 xi, g, gk, t;
    zkfl_fp_set_u64(&xi.c0, 9);
    zkfl_fp_set_one(&xi.c1);
    fp2_pow(&g, &xi, e, 4);
    zkfl_fp2_set_one(&gk);
    for (int k = 0; k < 12; k++) {
        /* gk = xi^((p^k - 1)/6) */
        zkfl_fp2 pw;
        zkfl_fp2_set_one(&pw);
        for (int m = 0; m < 6; m++) {
            CHECK(zkfl_fp2_eq(&ff_frob_gamma[k][m], &pw));
            zkfl_fp2_mul(&pw, &pw, &gk);
        }
        /* next: gk * g^(p^k) = gk * conj^k(g) */
        t = g;
        if (k & 1) zkfl_fp2_conj(&t, &g);
        zkfl_fp2_mul(&gk, &gk, &t);
    }
    /* xi^((p^12 - 1)/6) = 1: the table wraps around after 12 powers */
    zkfl_fp2 one;
    zkfl_fp2_set_one(&one);
    CHECK(zkfl_fp2_eq(&gk, &one));
    CHECK(!zkfl_fp2_eq(&g, &one));
}

static void test_fp6(void)
{
    for (int it = 0; it < 40; it++) {
        zkfl_fp6 a, b, c, x, y, z, one, v;
        fp6_rand(&a); fp6_rand(&b); fp6_rand(&c);
        zkfl_fp6_set_one(&one);
        zkfl_fp6_mul(&x, &a, &b); zkfl_fp6_mul(&y, &b, &a); CHECK(zkfl_fp6_eq(&x, &y));
        zkfl_fp6_mul(&x, &x, &c); zkfl_fp6_mul(&y, &b, &c); zkfl_fp6_mul(&y, &a, &y); CHECK(zkfl_fp6_eq(&x, &y));
        zkfl_fp6_add(&x, &b, &c); zkfl_fp6_mul(&x, &a, &x);
        zkfl_fp6_mul(&y, &a, &b); zkfl_fp6_mul(&z, &a, &c); zkfl_fp6_add(&y, &y, &z); CHECK(zkfl_fp6_eq(&x, &y));
        zkfl_fp6_sub(&x, &a, &b); zkfl_fp6_add(&x, &x, &b); CHECK(zkfl_fp6_eq(&x, &a));
        zkfl_fp6_neg(&x, &a); zkfl_fp6_add(&x, &x, &a); CHECK(zkfl_fp6_is_zero(&x));
        zkfl_fp6_sqr(&x, &a); zkfl_fp6_mul(&y, &a, &a); CHECK(zkfl_fp6_eq(&x, &y));
        zkfl_fp6_mul(&x, &a, &one); CHECK(zkfl_fp6_eq(&x, &a));
        zkfl_fp6_inv(&x, &a); zkfl_fp6_mul(&x, &x, &a); CHECK(zkfl_fp6_eq(&x, &one));
        zkfl_fp6_set_zero(&v); zkfl_fp_set_one(&v.c1.c0);
        zkfl_fp6_mul(&x, &a, &v); zkfl_fp6_mul_by_v(&y, &a); CHECK(zkfl_fp6_eq(&x, &y));
        /* v^3 = xi */
        zkfl_fp6_mul(&x, &v, &v); zkfl_fp6_mul(&x, &x, &v);
        CHECK(zkfl_fp_is_zero(&x.c1.c0) && zkfl_fp_is_zero(&x.c2.c1));
        zkfl_fp xi0; zkfl_fp_set_u64(&xi0, 9);
        CHECK(zkfl_fp_eq(&x.c0.c0, &xi0) && zkfl_fp_is_one(&x.c0.c1));
        /* Frobenius is a ring homomorphism, frob^6 = identity on Fp6 */
        for (unsigned k = 0; k < 6; k++) {
            zkfl_fp6_mul(&x, &a, &b); zkfl_fp6_frobenius(&x, &x, k);
            zkfl_fp6_frobenius(&y, &a, k); zkfl_fp6_frobenius(&z, &b, k); zkfl_fp6_mul(&y, &y, &z);
            CHECK(zkfl_fp6_eq(&x, &y));
        }
        x = a;
        for (int k = 0; k < 6; k++) zkfl_fp6_frobenius(&x, &x, 1);
        CHECK(zkfl_fp6_eq(&x, &a));
        zkfl_fp6_frobenius(&x, &a, 1); zkfl_fp6_frobenius(&x, &x, 2); zkfl_fp6_frobenius(&y, &a, 3);
        CHECK(zkfl_fp6_eq(&x, &y));
    }
    zkfl_fp6 z0, x;
    zkfl_fp6_set_zero(&z0);
    zkfl_fp6_inv(&x, &z0);
    CHECK(zkfl_fp6_is_zero(&x));
}

static void fp12_pow_p(zkfl_fp12 *r, const zkfl_fp12 *a)
{
    zkfl_fp12_pow_vartime(r, a, P, 4);
}

static void test_fp12(void)
{
    zkfl_fp12 one;
    zkfl_fp12_set_one(&one);
    CHECK(zkfl_fp12_is_one(&one));
    for (int it = 0; it < 20; it++) {
        zkfl_fp12 a, b, c, x, y, z;
        fp12_rand(&a); fp12_rand(&b); fp12_rand(&c);
        CHECK(!zkfl_fp12_is_one(&a));
        zkfl_fp12_mul(&x, &a, &b); zkfl_fp12_mul(&y, &b, &a); CHECK(zkfl_fp12_eq(&x, &y));
        zkfl_fp12_mul(&x, &x, &c); zkfl_fp12_mul(&y, &b, &c); zkfl_fp12_mul(&y, &a, &y); CHECK(zkfl_fp12_eq(&x, &y));
        zkfl_fp12_sqr(&x, &a); zkfl_fp12_mul(&y, &a, &a); CHECK(zkfl_fp12_eq(&x, &y));
        zkfl_fp12_mul(&x, &a, &one); CHECK(zkfl_fp12_eq(&x, &a));
        zkfl_fp12_inv(&x, &a); zkfl_fp12_mul(&x, &x, &a); CHECK(zkfl_fp12_is_one(&x));
        zkfl_fp12_frobenius(&x, &a, 6); zkfl_fp12_conj(&y, &a); CHECK(zkfl_fp12_eq(&x, &y));
        if (it < 3) { fp12_pow_p(&y, &a); zkfl_fp12_frobenius(&x, &a, 1); CHECK(zkfl_fp12_eq(&x, &y)); }
        x = a;
        for (int k = 0; k < 12; k++) zkfl_fp12_frobenius(&x, &x, 1);
        CHECK(zkfl_fp12_eq(&x, &a));
        zkfl_fp12_frobenius(&x, &a, 12); CHECK(zkfl_fp12_eq(&x, &a));
        for (unsigned k = 1; k < 12; k++) {
            zkfl_fp12_frobenius(&x, &a, k); zkfl_fp12_frobenius(&x, &x, 12 - k); CHECK(zkfl_fp12_eq(&x, &a));
            zkfl_fp12_mul(&x, &a, &b); zkfl_fp12_frobenius(&x, &x, k);
            zkfl_fp12_frobenius(&y, &a, k); zkfl_fp12_frobenius(&z, &b, k); zkfl_fp12_mul(&y, &y, &z);
            CHECK(zkfl_fp12_eq(&x, &y));
        }
        /* into the cyclotomic subgroup: g = f^((p^6-1)(p^2+1)) */
        zkfl_fp12 t, g, s1, s2;
        zkfl_fp12_inv(&t, &a); zkfl_fp12_conj(&x, &a); zkfl_fp12_mul(&t, &x, &t);
        zkfl_fp12_frobenius(&g, &t, 2); zkfl_fp12_mul(&g, &g, &t);
        /* in the subgroup the inverse is the conjugate */
        zkfl_fp12_conj(&x, &g); zkfl_fp12_mul(&x, &x, &g); CHECK(zkfl_fp12_is_one(&x));
        s1 = g; s2 = g;
        for (int k = 0; k < 5; k++) {
            zkfl_fp12 s3;
            zkfl_fp12_cyclotomic_sqr(&s3, &s1);   /* out of place */
            zkfl_fp12_cyclotomic_sqr(&s1, &s1);   /* in place */
            zkfl_fp12_sqr(&s2, &s2);
            CHECK(zkfl_fp12_eq(&s1, &s2));
            CHECK(zkfl_fp12_eq(&s3, &s2));
        }
        /* the Fp6 product in place on either operand */
        zkfl_fp6 p6, q6, r6;
        zkfl_fp6_mul(&r6, &a.c0, &b.c1);
        p6 = a.c0;
        zkfl_fp6_mul(&p6, &p6, &b.c1);
        CHECK(zkfl_fp6_eq(&p6, &r6));
        q6 = b.c1;
        zkfl_fp6_mul(&q6, &a.c0, &q6);
        CHECK(zkfl_fp6_eq(&q6, &r6));
        p6 = a.c0;
        zkfl_fp6_mul(&p6, &p6, &p6);
        zkfl_fp6_mul(&r6, &a.c0, &a.c0);
        CHECK(zkfl_fp6_eq(&p6, &r6));
        /* pow: a^(e1) a^(e2) = a^(e1+e2), multi-limb exponents */
        uint64_t e1[3] = { zkfl_test_rng_next(&rng), zkfl_test_rng_next(&rng), zkfl_test_rng_next(&rng) >> 1 };
        uint64_t e2[3] = { 1, 0, 0 }, e3[3];
        unsigned __int128 cr = 0;
        for (int k = 0; k < 3; k++) { cr += (unsigned __int128)e1[k] + e2[k]; e3[k] = (uint64_t)cr; cr >>= 64; }
        zkfl_fp12_pow_vartime(&x, &a, e1, 3); zkfl_fp12_mul(&x, &x, &a);
        zkfl_fp12_pow_vartime(&y, &a, e3, 3); CHECK(zkfl_fp12_eq(&x, &y));
        uint64_t zero_e[2] = { 0, 0 };
        zkfl_fp12_pow_vartime(&x, &a, zero_e, 2); CHECK(zkfl_fp12_is_one(&x));
        zkfl_fp12_pow_vartime(&x, &a, e2, 1); CHECK(zkfl_fp12_eq(&x, &a));
        /* byte layout: coefficient i at offset 32 i, big-endian */
        uint8_t bytes[384], be[32];
        zkfl_fp12_to_bytes_be(bytes, &a);
        const zkfl_fp *coef[12] = { &a.c0.c0.c0, &a.c0.c0.c1, &a.c0.c1.c0, &a.c0.c1.c1, &a.c0.c2.c0, &a.c0.c2.c1,
                                    &a.c1.c0.c0, &a.c1.c0.c1, &a.c1.c1.c0, &a.c1.c1.c1, &a.c1.c2.c0, &a.c1.c2.c1 };
        for (int k = 0; k < 12; k++) {
            zkfl_fp_to_bytes_be(be, coef[k]);
            CHECK(memcmp(bytes + 32 * k, be, 32) == 0);
        }
    }
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0003);
    test_frobenius_constants();
    test_fp6();
    test_fp12();
    return zkfl_test_done("ff_tower");
}
