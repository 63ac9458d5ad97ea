/* G1 properties: group laws, infinity everywhere, the constant-time and
 * GLV scalar multiplications against each other and against plain
 * double-and-add, GLV decomposition bounds, batch normalisation. */
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/ec_impl.h"
#include "ec_test_util.h"

static zkfl_test_rng rng;

static const uint64_t R_RAW[4] = {0x43e1f593f0000001ull, 0x2833e84879b97091ull,
                                  0xb85045b68181585dull, 0x30644e72e131a029ull};

static int on_curve(const zkfl_g1 *p)
{
    zkfl_g1_affine a;
    zkfl_g1_to_affine(&a, p);
    return zkfl_g1_affine_is_on_curve(&a);
}

static void test_basics(void)
{
    zkfl_g1 g, inf, t, u;
    zkfl_g1_affine ga, ia;
    zkfl_g1_generator(&g);
    zkfl_g1_set_infinity(&inf);
    CHECK(on_curve(&g));
    CHECK(zkfl_g1_is_infinity(&inf));
    CHECK(!zkfl_g1_is_infinity(&g));
    zkfl_g1_to_affine(&ga, &g);
    zkfl_fp one, two;
    zkfl_fp_set_one(&one);
    zkfl_fp_set_u64(&two, 2);
    CHECK(zkfl_fp_eq(&ga.x, &one) && zkfl_fp_eq(&ga.y, &two));
    zkfl_g1_to_affine(&ia, &inf);
    CHECK(zkfl_g1_affine_is_infinity(&ia));
    CHECK(zkfl_g1_affine_is_on_curve(&ia));
    zkfl_g1_from_affine(&t, &ia);
    CHECK(zkfl_g1_is_infinity(&t));
    /* (1, 3) is not on the curve */
    zkfl_g1_affine bad = ga;
    zkfl_fp_set_u64(&bad.y, 3);
    CHECK(!zkfl_g1_affine_is_on_curve(&bad));
    /* infinity rules for add, add_affine, dbl, neg */
    zkfl_g1_add(&t, &g, &inf);  CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add(&t, &inf, &g);  CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add(&t, &inf, &inf); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_add_vartime(&t, &g, &inf);  CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add_vartime(&t, &inf, &g);  CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add_affine(&t, &inf, &ga); CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add_affine(&t, &g, &ia);   CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add_affine(&t, &inf, &ia); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_add_affine_vartime(&t, &inf, &ga); CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_add_affine_vartime(&t, &g, &ia);   CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_dbl(&t, &inf); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_neg(&t, &inf); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_neg(&u, &g);
    zkfl_g1_add(&t, &g, &u); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_add_vartime(&t, &g, &u); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_affine na;
    zkfl_g1_to_affine(&na, &u);
    zkfl_g1_add_affine(&t, &g, &na); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_add_affine_vartime(&t, &g, &na); CHECK(zkfl_g1_is_infinity(&t));
    /* add(P, P) and add_affine(P, P) double */
    zkfl_g1 d;
    zkfl_g1_dbl(&d, &g);
    zkfl_g1_add(&t, &g, &g); CHECK(zkfl_g1_eq(&t, &d));
    zkfl_g1_add_vartime(&t, &g, &g); CHECK(zkfl_g1_eq(&t, &d));
    zkfl_g1_add_affine(&t, &g, &ga); CHECK(zkfl_g1_eq(&t, &d));
    zkfl_g1_add_affine_vartime(&t, &g, &ga); CHECK(zkfl_g1_eq(&t, &d));
    CHECK(!zkfl_g1_eq(&d, &g));
    CHECK(!zkfl_g1_eq(&g, &inf) && !zkfl_g1_eq(&inf, &g) && zkfl_g1_eq(&inf, &inf));
    /* [r] G = 0 and [r-1] G = -G, [0] G = 0, [1] G = G */
    zkfl_ec_g1_mul_plain_vartime(&t, &g, R_RAW, 4);
    CHECK(zkfl_g1_is_infinity(&t));
    zkfl_fr k;
    zkfl_fr_set_one(&k);
    zkfl_fr_neg(&k, &k);
    zkfl_g1_mul(&t, &g, &k); CHECK(zkfl_g1_eq(&t, &u));
    zkfl_g1_mul_vartime(&t, &g, &k); CHECK(zkfl_g1_eq(&t, &u));
    zkfl_fr_set_zero(&k);
    zkfl_g1_mul(&t, &g, &k); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_mul_vartime(&t, &g, &k); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_fr_set_one(&k);
    zkfl_g1_mul(&t, &g, &k); CHECK(zkfl_g1_eq(&t, &g));
    zkfl_g1_mul_vartime(&t, &g, &k); CHECK(zkfl_g1_eq(&t, &g));
    /* scalar times infinity */
    ec_test_rand_fr(&rng, &k);
    zkfl_g1_mul(&t, &inf, &k); CHECK(zkfl_g1_is_infinity(&t));
    zkfl_g1_mul_vartime(&t, &inf, &k); CHECK(zkfl_g1_is_infinity(&t));
    /* small multiples agree with repeated addition */
    zkfl_g1 acc;
    zkfl_g1_set_infinity(&acc);
    for (uint64_t i = 0; i < 40; i++) {
        zkfl_fr_set_u64(&k, i);
        zkfl_g1_mul(&t, &g, &k);
        CHECK(zkfl_g1_eq(&t, &acc));
        zkfl_g1_mul_vartime(&t, &g, &k);
        CHECK(zkfl_g1_eq(&t, &acc));
        zkfl_g1_add(&acc, &acc, &g);
    }
}

static void test_laws(int n)
{
    for (int i = 0; i < n; i++) {
        zkfl_g1 a, b, c, t1, t2, t3;
        ec_test_g1_rand_point(&rng, &a); ec_test_g1_rand_point(&rng, &b); ec_test_g1_rand_point(&rng, &c);
        CHECK(on_curve(&a));
        zkfl_g1_add(&t1, &a, &b);
        zkfl_g1_add(&t2, &b, &a);
        CHECK(zkfl_g1_eq(&t1, &t2));
        zkfl_g1_add_vartime(&t3, &a, &b);
        CHECK(zkfl_g1_eq(&t1, &t3));
        zkfl_g1_add(&t1, &t1, &c);
        zkfl_g1_add(&t2, &b, &c);
        zkfl_g1_add(&t2, &a, &t2);
        CHECK(zkfl_g1_eq(&t1, &t2));
        CHECK(on_curve(&t1));
        zkfl_g1_affine ba;
        zkfl_g1_to_affine(&ba, &b);
        zkfl_g1_add_affine(&t3, &a, &ba);
        zkfl_g1_add(&t1, &a, &b);
        CHECK(zkfl_g1_eq(&t1, &t3));
        zkfl_g1_add_affine_vartime(&t3, &a, &ba);
        CHECK(zkfl_g1_eq(&t1, &t3));
        /* (x + y) P = x P + y P, (x y) P = x (y P), ct == vartime */
        zkfl_fr x, y, s;
        ec_test_rand_fr(&rng, &x); ec_test_rand_fr(&rng, &y);
        zkfl_fr_add(&s, &x, &y);
        zkfl_g1_mul(&t1, &a, &s);
        zkfl_g1_mul_vartime(&t2, &a, &s);
        CHECK(zkfl_g1_eq(&t1, &t2));
        zkfl_g1_mul(&t2, &a, &x);
        zkfl_g1_mul_vartime(&t3, &a, &y);
        zkfl_g1_add(&t2, &t2, &t3);
        CHECK(zkfl_g1_eq(&t1, &t2));
        zkfl_fr_mul(&s, &x, &y);
        zkfl_g1_mul_vartime(&t1, &a, &s);
        zkfl_g1_mul(&t2, &a, &y);
        zkfl_g1_mul_vartime(&t2, &t2, &x);
        CHECK(zkfl_g1_eq(&t1, &t2));
        /* against plain double-and-add */
        uint64_t raw[4];
        zkfl_fr_to_raw(raw, &x);
        zkfl_ec_g1_mul_plain_vartime(&t1, &a, raw, 4);
        zkfl_g1_mul_vartime(&t2, &a, &x);
        CHECK(zkfl_g1_eq(&t1, &t2));
        /* [r] P = 0 */
        zkfl_ec_g1_mul_plain_vartime(&t1, &a, R_RAW, 4);
        CHECK(zkfl_g1_is_infinity(&t1));
    }
}

/* k1 + k2 lambda == k (mod r) and both halves below 2^128 + 2^66. */
static void test_glv(int n)
{
    zkfl_fr lambda;
    CHECK_OK(zkfl_fr_from_raw(&lambda, zkfl_ec_glv_lambda_raw));
    /* phi(G) = [lambda] G */
    zkfl_g1 g, t1, t2;
    zkfl_g1_generator(&g);
    uint64_t lraw[4];
    memcpy(lraw, zkfl_ec_glv_lambda_raw, sizeof lraw);
    zkfl_ec_g1_mul_plain_vartime(&t1, &g, lraw, 4);
    t2 = g;
    zkfl_fp_mul(&t2.x, &t2.x, &zkfl_ec_glv_beta);
    CHECK(zkfl_g1_eq(&t1, &t2));
    for (int i = 0; i < n + 4; i++) {
        zkfl_fr k, a, b;
        if (i == 0) zkfl_fr_set_zero(&k);
        else if (i == 1) { zkfl_fr_set_one(&k); zkfl_fr_neg(&k, &k); }
        else if (i == 2) k = lambda;
        else if (i == 3) zkfl_fr_set_one(&k);
        else ec_test_rand_fr(&rng, &k);
        uint64_t k1[3], k2[3], w[4] = {0};
        int n1, n2;
        zkfl_ec_glv_decompose(k1, &n1, k2, &n2, &k);
        CHECK(k1[2] < 4 && k2[2] < 4);
        memcpy(w, k1, sizeof k1);
        CHECK_OK(zkfl_fr_from_raw(&a, w));
        if (n1) zkfl_fr_neg(&a, &a);
        memcpy(w, k2, sizeof k2);
        CHECK_OK(zkfl_fr_from_raw(&b, w));
        if (n2) zkfl_fr_neg(&b, &b);
        zkfl_fr_mul(&b, &b, &lambda);
        zkfl_fr_add(&a, &a, &b);
        CHECK(zkfl_fr_eq(&a, &k));
    }
}

static void test_wnaf(int n)
{
    for (int i = 0; i < n; i++) {
        uint64_t k[3];
        for (int j = 0; j < 3; j++) k[j] = zkfl_test_rng_next(&rng);
        if (i == 0) k[0] = k[1] = k[2] = ~0ull;
        int8_t d[64 * 3 + 1];
        size_t len = zkfl_ec_wnaf(d, k, 3, 5);
        /* recombine in 4 signed limbs via Horner with doubling */
        uint64_t acc[4] = {0};
        for (size_t j = len; j-- > 0;) {
            for (int l = 3; l > 0; l--) acc[l] = (acc[l] << 1) | (acc[l - 1] >> 63);
            acc[0] <<= 1;
            int64_t dd = d[j];
            CHECK(dd == 0 || (dd & 1));
            CHECK(dd > -16 && dd < 16);
            uint64_t add = (uint64_t)dd, ext = dd < 0 ? ~0ull : 0, c = 0;
            for (int l = 0; l < 4; l++) {
                uint64_t x = l == 0 ? add : ext;
                uint64_t s = acc[l] + x;
                uint64_t c1 = s < acc[l];
                uint64_t s2 = s + c;
                uint64_t c2 = s2 < s;
                acc[l] = s2;
                c = c1 | c2;
            }
        }
        CHECK(acc[0] == k[0] && acc[1] == k[1] && acc[2] == k[2] && acc[3] == 0);
    }
}

static void test_batch(void)
{
    enum { N = 9 };
    zkfl_g1 p[N];
    zkfl_g1_affine a[N], b;
    for (int i = 0; i < N; i++) {
        ec_test_g1_rand_point(&rng, &p[i]);
        zkfl_g1_dbl(&p[i], &p[i]);     /* Z != 1 */
    }
    zkfl_g1_set_infinity(&p[3]);
    CHECK_OK(zkfl_g1_batch_to_affine(a, p, N));
    for (int i = 0; i < N; i++) {
        zkfl_g1_to_affine(&b, &p[i]);
        CHECK(zkfl_fp_eq(&a[i].x, &b.x) && zkfl_fp_eq(&a[i].y, &b.y));
    }
    CHECK(zkfl_g1_affine_is_infinity(&a[3]));
    CHECK_OK(zkfl_g1_batch_to_affine(a, p, 0));
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6731);
    test_basics();
    test_laws(30);
    test_glv(500);
    test_wnaf(200);
    test_batch();
    return zkfl_test_done("ec_g1");
}
