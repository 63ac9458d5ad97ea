/* G2 properties: group laws, infinity everywhere, the constant-time and
 * GLS (psi) scalar multiplications against each other and against plain
 * double-and-add, the psi-based subgroup check against [r] P = 0 on points
 * inside and outside G2, batch normalisation. */
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/ec_impl.h"
#include "ec_test_util.h"

static zkfl_test_rng rng;

static const uint64_t R_RAW[4] = {0x43e1f593f0000001ull, 0x2833e84879b97091ull,
                                  0xb85045b68181585dull, 0x30644e72e131a029ull};

static int on_curve(const zkfl_g2 *p)
{
    zkfl_g2_affine a;
    zkfl_g2_to_affine(&a, p);
    return zkfl_g2_affine_is_on_curve(&a);
}

static void test_basics(void)
{
    zkfl_g2 g, inf, t, u;
    zkfl_g2_affine ga, ia;
    zkfl_g2_generator(&g);
    zkfl_g2_set_infinity(&inf);
    CHECK(on_curve(&g));
    CHECK(zkfl_g2_is_infinity(&inf));
    CHECK(!zkfl_g2_is_infinity(&g));
    zkfl_g2_to_affine(&ga, &g);
    CHECK(zkfl_fp2_eq(&ga.x, &zkfl_ec_g2_gen_x) && zkfl_fp2_eq(&ga.y, &zkfl_ec_g2_gen_y));
    zkfl_g2_to_affine(&ia, &inf);
    CHECK(zkfl_g2_affine_is_infinity(&ia));
    CHECK(zkfl_g2_affine_is_on_curve(&ia));
    zkfl_g2_from_affine(&t, &ia);
    CHECK(zkfl_g2_is_infinity(&t));
    /* (1, 3) is not on the curve */
    zkfl_g2_affine bad = ga;
    zkfl_fp_set_u64(&bad.y.c0, 3);
    CHECK(!zkfl_g2_affine_is_on_curve(&bad));
    /* infinity rules for add, add_affine, dbl, neg */
    zkfl_g2_add(&t, &g, &inf);  CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add(&t, &inf, &g);  CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add(&t, &inf, &inf); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_add_vartime(&t, &g, &inf);  CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add_vartime(&t, &inf, &g);  CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add_affine(&t, &inf, &ga); CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add_affine(&t, &g, &ia);   CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add_affine(&t, &inf, &ia); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_add_affine_vartime(&t, &inf, &ga); CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_add_affine_vartime(&t, &g, &ia);   CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_dbl(&t, &inf); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_neg(&t, &inf); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_neg(&u, &g);
    zkfl_g2_add(&t, &g, &u); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_add_vartime(&t, &g, &u); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_affine na;
    zkfl_g2_to_affine(&na, &u);
    zkfl_g2_add_affine(&t, &g, &na); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_add_affine_vartime(&t, &g, &na); CHECK(zkfl_g2_is_infinity(&t));
    /* add(P, P) and add_affine(P, P) double */
    zkfl_g2 d;
    zkfl_g2_dbl(&d, &g);
    zkfl_g2_add(&t, &g, &g); CHECK(zkfl_g2_eq(&t, &d));
    zkfl_g2_add_vartime(&t, &g, &g); CHECK(zkfl_g2_eq(&t, &d));
    zkfl_g2_add_affine(&t, &g, &ga); CHECK(zkfl_g2_eq(&t, &d));
    zkfl_g2_add_affine_vartime(&t, &g, &ga); CHECK(zkfl_g2_eq(&t, &d));
    CHECK(!zkfl_g2_eq(&d, &g));
    CHECK(!zkfl_g2_eq(&g, &inf) && !zkfl_g2_eq(&inf, &g) && zkfl_g2_eq(&inf, &inf));
    /* [r] G = 0 and [r-1] G = -G, [0] G = 0, [1] G = G */
    zkfl_ec_g2_mul_plain_vartime(&t, &g, R_RAW, 4);
    CHECK(zkfl_g2_is_infinity(&t));
    zkfl_fr k;
    zkfl_fr_set_one(&k);
    zkfl_fr_neg(&k, &k);
    zkfl_g2_mul(&t, &g, &k); CHECK(zkfl_g2_eq(&t, &u));
    zkfl_g2_mul_vartime(&t, &g, &k); CHECK(zkfl_g2_eq(&t, &u));
    zkfl_fr_set_zero(&k);
    zkfl_g2_mul(&t, &g, &k); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_mul_vartime(&t, &g, &k); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_fr_set_one(&k);
    zkfl_g2_mul(&t, &g, &k); CHECK(zkfl_g2_eq(&t, &g));
    zkfl_g2_mul_vartime(&t, &g, &k); CHECK(zkfl_g2_eq(&t, &g));
    /* scalar times infinity */
    ec_test_rand_fr(&rng, &k);
    zkfl_g2_mul(&t, &inf, &k); CHECK(zkfl_g2_is_infinity(&t));
    zkfl_g2_mul_vartime(&t, &inf, &k); CHECK(zkfl_g2_is_infinity(&t));
    /* small multiples agree with repeated addition */
    zkfl_g2 acc;
    zkfl_g2_set_infinity(&acc);
    for (uint64_t i = 0; i < 40; i++) {
        zkfl_fr_set_u64(&k, i);
        zkfl_g2_mul(&t, &g, &k);
        CHECK(zkfl_g2_eq(&t, &acc));
        zkfl_g2_mul_vartime(&t, &g, &k);
        CHECK(zkfl_g2_eq(&t, &acc));
        zkfl_g2_add(&acc, &acc, &g);
    }
}

static void test_laws(int n)
{
    for (int i = 0; i < n; i++) {
        zkfl_g2 a, b, c, t1, t2, t3;
        ec_test_g2_rand_point(&rng, &a); ec_test_g2_rand_point(&rng, &b); ec_test_g2_rand_point(&rng, &c);
        CHECK(on_curve(&a));
        zkfl_g2_add(&t1, &a, &b);
        zkfl_g2_add(&t2, &b, &a);
        CHECK(zkfl_g2_eq(&t1, &t2));
        zkfl_g2_add_vartime(&t3, &a, &b);
        CHECK(zkfl_g2_eq(&t1, &t3));
        zkfl_g2_add(&t1, &t1, &c);
        zkfl_g2_add(&t2, &b, &c);
        zkfl_g2_add(&t2, &a, &t2);
        CHECK(zkfl_g2_eq(&t1, &t2));
        CHECK(on_curve(&t1));
        zkfl_g2_affine ba;
        zkfl_g2_to_affine(&ba, &b);
        zkfl_g2_add_affine(&t3, &a, &ba);
        zkfl_g2_add(&t1, &a, &b);
        CHECK(zkfl_g2_eq(&t1, &t3));
        zkfl_g2_add_affine_vartime(&t3, &a, &ba);
        CHECK(zkfl_g2_eq(&t1, &t3));
        /* (x + y) P = x P + y P, (x y) P = x (y P), ct == vartime */
        zkfl_fr x, y, s;
        ec_test_rand_fr(&rng, &x); ec_test_rand_fr(&rng, &y);
        zkfl_fr_add(&s, &x, &y);
        zkfl_g2_mul(&t1, &a, &s);
        zkfl_g2_mul_vartime(&t2, &a, &s);
        CHECK(zkfl_g2_eq(&t1, &t2));
        zkfl_g2_mul(&t2, &a, &x);
        zkfl_g2_mul_vartime(&t3, &a, &y);
        zkfl_g2_add(&t2, &t2, &t3);
        CHECK(zkfl_g2_eq(&t1, &t2));
        zkfl_fr_mul(&s, &x, &y);
        zkfl_g2_mul_vartime(&t1, &a, &s);
        zkfl_g2_mul(&t2, &a, &y);
        zkfl_g2_mul_vartime(&t2, &t2, &x);
        CHECK(zkfl_g2_eq(&t1, &t2));
        /* against plain double-and-add */
        uint64_t raw[4];
        zkfl_fr_to_raw(raw, &x);
        zkfl_ec_g2_mul_plain_vartime(&t1, &a, raw, 4);
        zkfl_g2_mul_vartime(&t2, &a, &x);
        CHECK(zkfl_g2_eq(&t1, &t2));
        /* [r] P = 0 */
        zkfl_ec_g2_mul_plain_vartime(&t1, &a, R_RAW, 4);
        CHECK(zkfl_g2_is_infinity(&t1));
    }
}

/* sum k_i (6x^2)^i == k (mod r) with every part below 2^70. */
static void test_gls(int n)
{
    zkfl_fr l;
    uint64_t w[4] = {zkfl_ec_six_x2[0], zkfl_ec_six_x2[1], 0, 0};
    CHECK_OK(zkfl_fr_from_raw(&l, w));
    for (int i = 0; i < n; i++) {
        zkfl_fr k, sum, pw, part;
        if (i == 0) zkfl_fr_set_zero(&k);
        else if (i == 1) { zkfl_fr_set_one(&k); zkfl_fr_neg(&k, &k); }
        else if (i == 2) k = l;
        else if (i == 3) { zkfl_fr_mul(&k, &l, &l); zkfl_fr_mul(&k, &k, &l); }
        else ec_test_rand_fr(&rng, &k);
        uint64_t parts[4][2];
        int neg[4];
        zkfl_ec_gls_decompose(parts, neg, &k);
        zkfl_fr_set_zero(&sum);
        zkfl_fr_set_one(&pw);
        for (int j = 0; j < 4; j++) {
            CHECK(parts[j][1] < 64);
            uint64_t v[4] = {parts[j][0], parts[j][1], 0, 0};
            CHECK_OK(zkfl_fr_from_raw(&part, v));
            if (neg[j]) zkfl_fr_neg(&part, &part);
            zkfl_fr_mul(&part, &part, &pw);
            zkfl_fr_add(&sum, &sum, &part);
            zkfl_fr_mul(&pw, &pw, &l);
        }
        CHECK(zkfl_fr_eq(&sum, &k));
    }
}

/* h2 = 2p - r, the cofactor of G2 in E'(Fp2). */
static const uint64_t H2_RAW[4] = {0x345f2299c0f9fa8dull, 0x06ceecda572a2489ull,
                                   0xb85045b68181585eull, 0x30644e72e131a029ull};

static void test_subgroup(int n)
{
    for (int i = 0; i < n; i++) {
        zkfl_g2 p, t;
        zkfl_g2_affine a;
        ec_test_g2_rand_point(&rng, &p);
        zkfl_g2_to_affine(&a, &p);
        CHECK(zkfl_g2_affine_is_on_curve(&a));
        CHECK(zkfl_g2_affine_is_in_subgroup(&a));
        zkfl_ec_g2_mul_plain_vartime(&t, &p, R_RAW, 4);
        CHECK(zkfl_g2_is_infinity(&t));

        ec_test_twist_point(&rng, &a);
        CHECK(zkfl_g2_affine_is_on_curve(&a));
        zkfl_g2_from_affine(&p, &a);
        zkfl_ec_g2_mul_plain_vartime(&t, &p, R_RAW, 4);
        int slow = zkfl_g2_is_infinity(&t);
        CHECK(!slow);
        CHECK_EQ_INT(zkfl_g2_affine_is_in_subgroup(&a), slow);
        /* the constant-time ladder needs no endomorphism: [r] P via
         * [r-1] P + P agrees with the plain one off the subgroup too */
        zkfl_fr k;
        zkfl_fr_set_one(&k);
        zkfl_fr_neg(&k, &k);
        zkfl_g2 u;
        zkfl_g2_mul(&u, &p, &k);
        zkfl_g2_add(&u, &u, &p);
        CHECK(zkfl_g2_eq(&u, &t));
        /* clearing the cofactor lands in G2 */
        zkfl_ec_g2_mul_plain_vartime(&t, &p, H2_RAW, 4);
        zkfl_g2_affine c;
        zkfl_g2_to_affine(&c, &t);
        CHECK(zkfl_g2_affine_is_in_subgroup(&c));
        zkfl_ec_g2_mul_plain_vartime(&t, &t, R_RAW, 4);
        CHECK(zkfl_g2_is_infinity(&t));
    }
    zkfl_g2_affine inf;
    memset(&inf, 0, sizeof inf);
    CHECK(zkfl_g2_affine_is_in_subgroup(&inf));
}

static void test_batch(void)
{
    enum { N = 9 };
    zkfl_g2 p[N];
    zkfl_g2_affine a[N], b;
    for (int i = 0; i < N; i++) {
        ec_test_g2_rand_point(&rng, &p[i]);
        zkfl_g2_dbl(&p[i], &p[i]);     /* Z != 1 */
    }
    zkfl_g2_set_infinity(&p[3]);
    CHECK_OK(zkfl_g2_batch_to_affine(a, p, N));
    for (int i = 0; i < N; i++) {
        zkfl_g2_to_affine(&b, &p[i]);
        CHECK(zkfl_fp2_eq(&a[i].x, &b.x) && zkfl_fp2_eq(&a[i].y, &b.y));
    }
    CHECK(zkfl_g2_affine_is_infinity(&a[3]));
    CHECK_OK(zkfl_g2_batch_to_affine(a, p, 0));
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6731);
    test_basics();
    test_laws(30);
    test_gls(300);
    test_subgroup(20);
    test_batch();
    return zkfl_test_done("ec_g2");
}
