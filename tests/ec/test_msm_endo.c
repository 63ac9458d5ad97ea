/* G1 MSM with the GLV split (big scalars k = k1 + k2 lambda over P and
 * phi(P) = (beta x, y)), forced on, chosen by the cost model, and off,
 * against a reference that uses no endomorphism at all
 * (plain double-and-add per term), and against the same MSM with the split
 * turned off. Cases aimed at the split: scalars near r and near multiples
 * of lambda, halves of both signs (checked to occur), input points that are
 * images of each other under phi so that split points coincide in a bucket
 * (doubling) or cancel, n = 1..3, thread counts 1/2/3/7, forced windows,
 * and the small/big group split with and without the endomorphism. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ec_test_util.h"

#define MSM_SMALL_BITS_FOR_TEST 14   /* msm_plan.c's MSM_SMALL_BITS */

static zkfl_test_rng rng;

/* sum k_i P_i by double-and-add on the raw scalars: no GLV anywhere. */
static void reference(zkfl_g1 *out, const zkfl_g1_affine *pts, const zkfl_fr *s, size_t n)
{
    zkfl_g1 acc, p, t;
    zkfl_g1_set_infinity(&acc);
    for (size_t i = 0; i < n; i++) {
        uint64_t raw[4];
        zkfl_fr_to_raw(raw, &s[i]);
        zkfl_g1_from_affine(&p, &pts[i]);
        zkfl_ec_g1_mul_plain_vartime(&t, &p, raw, 4);
        zkfl_g1_add(&acc, &acc, &t);
    }
    *out = acc;
}

/* MSM with every thread count, with and without the split, against want. */
static void check_msm(const zkfl_g1 *want, const zkfl_g1_affine *pts, const zkfl_fr *s, size_t n,
                      const char *what)
{
    static const int threads[] = { 1, 2, 3, 7 };
    zkfl_g1 got;
    for (int endo = 2; endo >= 0; endo--) {   /* always, by the cost model, never */
        zkfl_msm_use_endo = endo;
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            CHECK_OK(zkfl_g1_msm_vartime(&got, pts, s, n, threads[t]));
            if (!zkfl_g1_eq(&got, want))
                fprintf(stderr, "MSM mismatch: %s n=%zu threads=%d endo=%d\n", what, n, threads[t],
                        endo);
            CHECK(zkfl_g1_eq(&got, want));
        }
    }
    zkfl_msm_use_endo = 1;
}

static void fr_from_u64(zkfl_fr *r, uint64_t v) { zkfl_fr_set_u64(r, v); }

static void lambda_fr(zkfl_fr *l)
{
    CHECK_OK(zkfl_fr_from_raw(l, zkfl_ec_glv_lambda_raw));
}

/* Scalars that sit on the edges of the decomposition. */
static void edge_scalar(zkfl_fr *s, unsigned which)
{
    zkfl_fr l, t;
    lambda_fr(&l);
    switch (which % 10) {
    case 0: zkfl_fr_set_i64(s, -1 - (int64_t)(zkfl_test_rng_next(&rng) % 1000)); break;  /* r - small */
    case 1: zkfl_fr_set_i64(s, -(int64_t)(zkfl_test_rng_next(&rng) >> 1)); break;        /* r - 63 bits */
    case 2: *s = l; break;                                                                  /* (0, 1) */
    case 3: zkfl_fr_neg(s, &l); break;                                                      /* (0, -1) */
    case 4:   /* lambda + small */
        fr_from_u64(&t, zkfl_test_rng_next(&rng) % 5000);
        zkfl_fr_add(s, &l, &t);
        break;
    case 5:   /* -(lambda * small) - small */
        fr_from_u64(&t, 1 + zkfl_test_rng_next(&rng) % 5000);
        zkfl_fr_mul(s, &l, &t);
        zkfl_fr_neg(s, s);
        fr_from_u64(&t, zkfl_test_rng_next(&rng) % 77);
        zkfl_fr_sub(s, s, &t);
        break;
    case 6: {  /* (r - 1) / 2 and its neighbours */
        zkfl_fr two, half;
        fr_from_u64(&two, 2);
        zkfl_fr_inv(&half, &two);
        zkfl_fr_neg(s, &half);   /* -1/2 = (r - 1) / 2 */
        fr_from_u64(&t, zkfl_test_rng_next(&rng) % 3);
        zkfl_fr_add(s, s, &t);
        break;
    }
    case 7: fr_from_u64(s, 1ull << (zkfl_test_rng_next(&rng) % 64)); break;
    default: ec_test_rand_fr(&rng, s); break;
    }
}

static void test_edges(void)
{
    const size_t n = EC_TEST_SIZE(120, 600);
    zkfl_g1_affine *pts;
    zkfl_fr *s;
    if (!ec_test_g1_alloc_progression(&rng, &pts, &s, n))
        goto out;
    for (size_t i = 0; i < n; i++)
        edge_scalar(&s[i], (unsigned)i);
    /* both signs of both halves occur among these scalars */
    int seen[2][2] = { { 0, 0 }, { 0, 0 } };
    for (size_t i = 0; i < n; i++) {
        uint64_t part[2][4], raw[4], ct1[3], ct2[3];
        uint8_t neg[2];
        int ctn1, ctn2;
        zkfl_fr_to_raw(raw, &s[i]);
        msm_decompose_glv(part, neg, raw);
        seen[0][neg[0]] = seen[1][neg[1]] = 1;
        /* the same halves as the constant-time decomposition of glv.c */
        zkfl_ec_glv_decompose(ct1, &ctn1, ct2, &ctn2, &s[i]);
        CHECK(memcmp(ct1, part[0], sizeof ct1) == 0 && memcmp(ct2, part[1], sizeof ct2) == 0);
        CHECK(ctn1 == neg[0] && ctn2 == neg[1]);
        /* and the halves recombine to k and stay below 2^129 */
        zkfl_fr k1, k2, l, back;
        CHECK(part[0][2] < 2 && part[1][2] < 2 && part[0][3] == 0 && part[1][3] == 0);
        CHECK_OK(zkfl_fr_from_raw(&k1, part[0]));
        CHECK_OK(zkfl_fr_from_raw(&k2, part[1]));
        if (neg[0]) zkfl_fr_neg(&k1, &k1);
        if (neg[1]) zkfl_fr_neg(&k2, &k2);
        lambda_fr(&l);
        zkfl_fr_mul(&back, &k2, &l);
        zkfl_fr_add(&back, &back, &k1);
        CHECK(zkfl_fr_eq(&back, &s[i]));
    }
    CHECK(seen[0][0] && seen[0][1] && seen[1][0] && seen[1][1]);
    zkfl_g1 want;
    for (size_t m = 1; m <= 3; m++) {
        reference(&want, pts, s, m);
        check_msm(&want, pts, s, m, "edges, tiny n");
    }
    reference(&want, pts, s, n);
    check_msm(&want, pts, s, n, "edge scalars");
    /* forced windows with the split (one group over every entry) */
    for (unsigned c = 2; c <= 14; c += 4) {
        zkfl_g1 got;
        zkfl_msm_forced_window = c;
        CHECK_OK(zkfl_g1_msm_vartime(&got, pts, s, n, 2));
        CHECK(zkfl_g1_eq(&got, &want));
    }
    zkfl_msm_forced_window = 0;
    /* the plan splits exactly the scalars above MSM_SMALL_BITS bits */
    msm_plan plan;
    zkfl_msm_use_endo = 2;
    CHECK_OK(msm_plan_build(&plan, pts, sizeof *pts, s, n, 1, 0, msm_decompose_glv, 2));
    size_t big = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t raw[4];
        zkfl_fr_to_raw(raw, &s[i]);
        big += (raw[0] >> MSM_SMALL_BITS_FOR_TEST) != 0 || raw[1] || raw[2] || raw[3];
    }
    CHECK(plan.dim == 2 && plan.nsplit >= big && plan.ngroups >= 1 && plan.g[0].on_split);
    msm_plan_free(&plan);
    zkfl_msm_use_endo = 1;
out:
    free(pts);
    free(s);
}

/* Input points P, phi(P), phi^2(P) with scalars chosen so the split points
 * meet in buckets: a lambda on P and a on phi(P) both put phi(P) with
 * digit(s) of a in the same buckets (pairwise doubling); -a on phi(P)
 * cancels them; a on each of P, phi(P), phi^2(P) sums to zero
 * (1 + lambda + lambda^2 = 0). */
static void test_collisions(void)
{
    enum { GROUPS = 40 };
    zkfl_g1_affine pts[3 * GROUPS], base[GROUPS];
    zkfl_fr s[3 * GROUPS], l;
    zkfl_g1 want, got;
    lambda_fr(&l);
    ec_test_g1_progression(&rng, base, GROUPS);
    for (int mode = 0; mode < 3; mode++) {
        size_t n = 0;
        for (size_t g = 0; g < GROUPS; g++) {
            zkfl_g1_affine p = base[g], p1, p2;
            ff_fp_mul(&p1.x, &p.x, &zkfl_ec_glv_beta);
            p1.y = p.y;
            ff_fp_mul(&p2.x, &p1.x, &zkfl_ec_glv_beta);
            p2.y = p.y;
            CHECK(zkfl_g1_affine_is_on_curve(&p1) && zkfl_g1_affine_is_on_curve(&p2));
            zkfl_fr a;
            /* a above MSM's small-scalar bound, so the split is used */
            fr_from_u64(&a, (zkfl_test_rng_next(&rng) | (1ull << 40)) & ((1ull << 60) - 1));
            if (g % 8 == 0)
                fr_from_u64(&a, 1ull << 20);   /* identical digits across groups too */
            if (mode == 0) {          /* a lambda on P, a on phi(P): 2a phi(P) */
                pts[n] = p; zkfl_fr_mul(&s[n++], &a, &l);
                pts[n] = p1; s[n++] = a;
            } else if (mode == 1) {   /* a lambda on P, -a on phi(P): zero */
                pts[n] = p; zkfl_fr_mul(&s[n++], &a, &l);
                pts[n] = p1; zkfl_fr_neg(&s[n++], &a);
            } else {                  /* a (P + phi(P) + phi^2(P)) = zero */
                pts[n] = p; s[n++] = a;
                pts[n] = p1; s[n++] = a;
                pts[n] = p2; s[n++] = a;
            }
        }
        /* the premise: a lambda splits into (0, a) */
        uint64_t part[2][4], raw[4];
        uint8_t neg[2];
        zkfl_fr_to_raw(raw, &s[0]);
        msm_decompose_glv(part, neg, raw);
        if (mode < 2) {
            zkfl_fr k2;
            CHECK(part[0][0] == 0 && part[0][1] == 0 && part[0][2] == 0);
            CHECK_OK(zkfl_fr_from_raw(&k2, part[1]));
            if (mode == 1)
                zkfl_fr_neg(&k2, &k2);   /* s[1] = -a */
            CHECK(neg[1] == 0 && zkfl_fr_eq(&k2, &s[1]));
        }
        reference(&want, pts, s, n);
        if (mode >= 1)
            CHECK(zkfl_g1_is_infinity(&want));
        check_msm(&want, pts, s, n, "phi collisions");
        zkfl_msm_forced_window = 5;
        CHECK_OK(zkfl_g1_msm_vartime(&got, pts, s, n, 1));
        CHECK(zkfl_g1_eq(&got, &want));
        zkfl_msm_forced_window = 0;
    }
}

/* Witness-like mixes (zeros, ones, small values, some full-size scalars,
 * infinity points): the small/big group split with the GLV group. */
static void test_mixed(void)
{
    const size_t n = EC_TEST_SIZE(400, 3000);
    zkfl_g1_affine *pts;
    zkfl_fr *s;
    if (!ec_test_g1_alloc_progression(&rng, &pts, &s, n))
        goto out;
    for (int prof = 0; prof < 3; prof++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t r = zkfl_test_rng_next(&rng) % 20;
            if (r < 5) zkfl_fr_set_zero(&s[i]);
            else if (r < 9) zkfl_fr_set_one(&s[i]);
            else if (r < 17u - 6u * (unsigned)prof) fr_from_u64(&s[i], zkfl_test_rng_next(&rng) & 0x3fff);
            else if (r < 18) edge_scalar(&s[i], (unsigned)zkfl_test_rng_next(&rng));
            else ec_test_rand_fr(&rng, &s[i]);
            if (zkfl_test_rng_next(&rng) % 50 == 0)
                memset(&pts[i], 0, sizeof pts[i]);
        }
        zkfl_g1 want;
        reference(&want, pts, s, n);
        check_msm(&want, pts, s, n, "witness mix");
        ec_test_g1_progression(&rng, pts, n);
    }
out:
    free(pts);
    free(s);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x676c76);
    test_edges();
    test_collisions();
    test_mixed();
    return zkfl_test_done("ec_test_msm_endo");
}
