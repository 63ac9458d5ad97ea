/* zkfl_g2_msm_subgroup_vartime (G2 MSM with the psi/GLS split) against
 * references that use no endomorphism in the MSM: zkfl_g2_msm_vartime and
 * the plain sum of zkfl_g2_mul_vartime terms, and against ffjavascript's
 * multiExpAffine (tests/ec/msm_ref.mjs) for one random instance. Cases:
 * n = 0..3, 17, 1000, 5000, 2^13 + 40; scalars 0, 1, r - 1, small ones, edge scalars
 * of the split whose parts take both signs (checked); repeated points; P
 * with psi(P), psi^2(P) and -P (split points meeting in buckets: doubling
 * and cancellation); infinity points; thread counts 1/2/3/7; the split
 * forced, chosen by the cost model, and off; forced windows. The variable-
 * time split equals glv.c's constant-time one. And the contract: on a twist
 * point outside G2 the result differs from zkfl_g2_msm_vartime, which is why
 * untrusted points must go through the latter. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ff/ff_generic.h"
#include "ec/msm_g2_impl.h"
#include "ec_test_util.h"
#include "msm_ref_util.h"

static zkfl_test_rng rng;

/* psi(P) through the Jacobian psi of g2_psi.c (not the MSM's affine one). */
static void psi_affine(zkfl_g2_affine *r, const zkfl_g2_affine *a)
{
    zkfl_g2 p, q;
    zkfl_g2_from_affine(&p, a);
    zkfl_ec_g2_psi(&q, &p);
    zkfl_g2_to_affine(r, &q);
}

/* sum k_i P_i as single scalar multiplications. */
static void naive_sum(zkfl_g2 *out, const zkfl_g2_affine *pts, const zkfl_fr *s, size_t n)
{
    zkfl_g2 acc, p, t;
    zkfl_g2_set_infinity(&acc);
    for (size_t i = 0; i < n; i++) {
        zkfl_g2_from_affine(&p, &pts[i]);
        zkfl_g2_mul_vartime(&t, &p, &s[i]);
        zkfl_g2_add(&acc, &acc, &t);
    }
    *out = acc;
}

/* The subgroup MSM with thread counts 1/2/3/7 and the split always / by the
 * cost model / never, against want. */
static void check_msm(const zkfl_g2 *want, const zkfl_g2_affine *pts, const zkfl_fr *s,
                      size_t n, const char *what)
{
    static const int threads[] = { 1, 2, 3, 7 };
    zkfl_g2 got;
    for (int endo = 2; endo >= 0; endo--) {
        zkfl_msm_use_endo = endo;
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            if (endo == 0 && t > 0)
                continue;   /* without the split it is msm_g2.c's path */
            CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, s, n, threads[t]));
            if (!zkfl_g2_eq(&got, want))
                fprintf(stderr, "G2 subgroup MSM mismatch: %s n=%zu threads=%d endo=%d\n", what, n,
                        threads[t], endo);
            CHECK(zkfl_g2_eq(&got, want));
        }
    }
    zkfl_msm_use_endo = 1;
}

/* Both references agree, then the subgroup MSM matches them. */
static void check_against_refs(const zkfl_g2_affine *pts, const zkfl_fr *s, size_t n, int naive,
                               const char *what)
{
    zkfl_g2 want, plain;
    CHECK_OK(zkfl_g2_msm_vartime(&plain, pts, s, n, 2));
    if (naive) {
        naive_sum(&want, pts, s, n);
        CHECK(zkfl_g2_eq(&plain, &want));
    }
    check_msm(&plain, pts, s, n, what);
}

static void gls_lambda(zkfl_fr *l)
{
    uint64_t raw[4] = { zkfl_ec_six_x2[0], zkfl_ec_six_x2[1], 0, 0 };
    CHECK_OK(zkfl_fr_from_raw(l, raw));
}

/* Scalars at the edges: 0, 1, r - 1, r - small, small, powers of two,
 * (r-1)/2 and neighbours, l^e times small values (parts (0,..,a,..,0)) and
 * their negations, random ones. */
static void edge_scalar(zkfl_fr *s, unsigned which)
{
    zkfl_fr l, t;
    gls_lambda(&l);
    switch (which % 12) {
    case 0: zkfl_fr_set_zero(s); break;
    case 1: zkfl_fr_set_one(s); break;
    case 2: zkfl_fr_set_i64(s, -1 - (int64_t)(zkfl_test_rng_next(&rng) % 3)); break;   /* r-1.. */
    case 3: zkfl_fr_set_i64(s, -(int64_t)(zkfl_test_rng_next(&rng) >> 2)); break;      /* r - 62 bits */
    case 4: zkfl_fr_set_u64(s, zkfl_test_rng_next(&rng) % 20000); break;               /* small */
    case 5: zkfl_fr_set_u64(s, 1ull << (zkfl_test_rng_next(&rng) % 64)); break;
    case 6: {   /* (r - 1) / 2 + {0, 1, 2} */
        zkfl_fr two, half;
        zkfl_fr_set_u64(&two, 2);
        zkfl_fr_inv(&half, &two);
        zkfl_fr_neg(s, &half);
        zkfl_fr_set_u64(&t, zkfl_test_rng_next(&rng) % 3);
        zkfl_fr_add(s, s, &t);
        break;
    }
    case 7: case 8: {   /* +-(a l^e + b) */
        unsigned e = (unsigned)(zkfl_test_rng_next(&rng) % 4);
        zkfl_fr_set_u64(s, 1 + zkfl_test_rng_next(&rng) % 100000);
        for (unsigned i = 0; i < e; i++)
            zkfl_fr_mul(s, s, &l);
        zkfl_fr_set_u64(&t, zkfl_test_rng_next(&rng) % 50);
        zkfl_fr_add(s, s, &t);
        if (which % 12 == 8)
            zkfl_fr_neg(s, s);
        break;
    }
    default: ec_test_rand_fr(&rng, s); break;
    }
}

/* The variable-time split equals glv.c's constant-time one, parts recombine
 * to k, stay below 2^70, and every part takes both signs on these scalars. */
static void test_decompose(const zkfl_fr *s, size_t n)
{
    int seen[4][2] = { { 0 } };
    zkfl_fr l;
    gls_lambda(&l);
    for (size_t i = 0; i < n; i++) {
        uint64_t raw[4], part[4][4], ct[4][2];
        uint8_t neg[4];
        int ctneg[4];
        zkfl_fr_to_raw(raw, &s[i]);
        msm_decompose_gls_vartime(part, neg, raw);
        zkfl_ec_gls_decompose(ct, ctneg, &s[i]);
        zkfl_fr back, pow, t;
        zkfl_fr_set_zero(&back);
        zkfl_fr_set_one(&pow);
        for (int e = 0; e < 4; e++) {
            CHECK(part[e][0] == ct[e][0] && part[e][1] == ct[e][1]);
            CHECK(part[e][1] < (1ull << 6) && part[e][2] == 0 && part[e][3] == 0);
            if (part[e][0] | part[e][1]) {
                CHECK_EQ_INT(neg[e], ctneg[e]);
                seen[e][neg[e]] = 1;
            }
            CHECK_OK(zkfl_fr_from_raw(&t, part[e]));
            if (neg[e])
                zkfl_fr_neg(&t, &t);
            zkfl_fr_mul(&t, &t, &pow);
            zkfl_fr_add(&back, &back, &t);
            zkfl_fr_mul(&pow, &pow, &l);
        }
        CHECK(zkfl_fr_eq(&back, &s[i]));
    }
    for (int e = 0; e < 4; e++)
        CHECK(seen[e][0] && seen[e][1]);
}

static void test_sizes(void)
{
#ifdef ZKFL_SANITIZE
    static const size_t sizes[] = { 0, 1, 2, 3, 17, 300, 1500 };
    const size_t naive_max = 300;
#else
    static const size_t sizes[] = { 0, 1, 2, 3, 17, 1000, 5000 };
    const size_t naive_max = 1000;
#endif
    const size_t nmax = sizes[sizeof sizes / sizeof sizes[0] - 1];
    zkfl_g2_affine *pts;
    zkfl_fr *s;
    if (!ec_test_g2_alloc_progression(&rng, &pts, &s, nmax))
        goto out;
    for (size_t i = 0; i < nmax; i++)
        edge_scalar(&s[i], (unsigned)(zkfl_test_rng_next(&rng) % 1000));
    test_decompose(s, nmax);
    /* n = 0: infinity, and NULL arrays are fine */
    zkfl_g2 got;
    CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, NULL, NULL, 0, 1));
    CHECK(zkfl_g2_is_infinity(&got));
    CHECK_EQ_INT(zkfl_g2_msm_subgroup_vartime(NULL, pts, s, 1, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g2_msm_subgroup_vartime(&got, NULL, s, 1, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g2_msm_subgroup_vartime(&got, pts, NULL, 1, 1), ZKFL_ERR_INVALID_ARG);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        check_against_refs(pts, s, sizes[k], sizes[k] <= naive_max, "edge scalars");

    /* full-size random scalars, some infinity points and repeated points */
    const size_t n = sizes[5];
    for (size_t i = 0; i < n; i++) {
        ec_test_rand_fr(&rng, &s[i]);
        if (i % 37 == 5)
            memset(&pts[i], 0, sizeof pts[i]);
        if (i % 29 == 3 && i > 0)
            pts[i] = pts[i - 1];
        if (i % 31 == 7)
            pts[i] = pts[3];
    }
    check_against_refs(pts, s, n, 1, "random scalars, infinity and repeated points");
    /* every scalar the same: equal digits everywhere */
    for (size_t i = 1; i < n; i++)
        s[i] = s[0];
    check_against_refs(pts, s, n, 0, "one scalar for all points");

    /* forced windows with the split forced on (one group over every part) */
    zkfl_g2 want;
    for (size_t i = 0; i < n; i++)
        edge_scalar(&s[i], (unsigned)i);
    CHECK_OK(zkfl_g2_msm_vartime(&want, pts, s, n, 2));
    zkfl_msm_use_endo = 2;
    static const unsigned windows[] = { 2, 5, 9, 13, 16 };
    for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
        zkfl_msm_forced_window = windows[w];
        CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, s, n, 3));
        CHECK(zkfl_g2_eq(&got, &want));
    }
    zkfl_msm_forced_window = 0;
    zkfl_msm_use_endo = 1;
out:
    free(pts);
    free(s);
}

/* Input points P, psi(P), psi^2(P), -P: with a l on P and a on psi(P) the
 * split points of both land on psi(P) with the same digits (pairwise
 * doubling); -a on psi(P) cancels them; a on P and on -P cancels at the
 * level of the inputs; a l^2 on P and a on psi^2(P) again coincide. */
static void test_psi_collisions(void)
{
    enum { GROUPS = 24 };
    zkfl_g2_affine base[GROUPS], pts[4 * GROUPS];
    zkfl_fr s[4 * GROUPS], l, l2;
    gls_lambda(&l);
    zkfl_fr_mul(&l2, &l, &l);
    ec_test_g2_progression(&rng, base, GROUPS);
    for (int mode = 0; mode < 4; mode++) {
        size_t n = 0;
        for (size_t g = 0; g < GROUPS; g++) {
            zkfl_g2_affine p = base[g], p1, p2, pn = base[g];
            psi_affine(&p1, &p);
            psi_affine(&p2, &p1);
            zkfl_fp2_neg(&pn.y, &pn.y);
            CHECK(zkfl_g2_affine_is_in_subgroup(&p1) && zkfl_g2_affine_is_in_subgroup(&p2));
            zkfl_fr a;
            /* above the small-scalar bound, so the split applies */
            zkfl_fr_set_u64(&a, (zkfl_test_rng_next(&rng) | (1ull << 40)) & ((1ull << 60) - 1));
            if (g % 6 == 0)
                zkfl_fr_set_u64(&a, 1ull << 20);   /* the same digits across groups */
            if (mode == 0) {          /* a l P + a psi(P) = 2a psi(P) */
                pts[n] = p; zkfl_fr_mul(&s[n++], &a, &l);
                pts[n] = p1; s[n++] = a;
            } else if (mode == 1) {   /* a l P - a psi(P) = 0 */
                pts[n] = p; zkfl_fr_mul(&s[n++], &a, &l);
                pts[n] = p1; zkfl_fr_neg(&s[n++], &a);
            } else if (mode == 2) {   /* a P + a (-P) = 0, and a l^2 P - a psi^2(P) = 0 */
                pts[n] = p; s[n++] = a;
                pts[n] = pn; s[n++] = a;
                pts[n] = p; zkfl_fr_mul(&s[n++], &a, &l2);
                pts[n] = p2; zkfl_fr_neg(&s[n++], &a);
            } else {                  /* a l^2 P + a psi^2(P) + random on -P */
                pts[n] = p; zkfl_fr_mul(&s[n++], &a, &l2);
                pts[n] = p2; s[n++] = a;
                pts[n] = pn; ec_test_rand_fr(&rng, &s[n++]);
            }
        }
        zkfl_g2 want;
        naive_sum(&want, pts, s, n);
        if (mode == 1 || mode == 2)
            CHECK(zkfl_g2_is_infinity(&want));
        check_against_refs(pts, s, n, 1, "psi collisions");
        zkfl_msm_use_endo = 2;
        zkfl_msm_forced_window = 5;
        zkfl_g2 got;
        CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, s, n, 1));
        CHECK(zkfl_g2_eq(&got, &want));
        zkfl_msm_forced_window = 0;
        zkfl_msm_use_endo = 1;
    }
}

/* Witness-like mix (zeros, ones, small values, some full-size scalars,
 * infinity points): the small/big group split next to the GLS group. */
static void test_witness_mix(void)
{
    const size_t n = EC_TEST_SIZE(600, 4000);
    zkfl_g2_affine *pts;
    zkfl_fr *s;
    if (!ec_test_g2_alloc_progression(&rng, &pts, &s, n))
        goto out;
    for (int prof = 0; prof < 2; prof++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t r = zkfl_test_rng_next(&rng) % 20;
            if (r < 5) zkfl_fr_set_zero(&s[i]);
            else if (r < 9) zkfl_fr_set_one(&s[i]);
            else if (r < 17u - 6u * (unsigned)prof) zkfl_fr_set_u64(&s[i], zkfl_test_rng_next(&rng) & 0x3fff);
            else if (r < 18) edge_scalar(&s[i], (unsigned)zkfl_test_rng_next(&rng));
            else ec_test_rand_fr(&rng, &s[i]);
            if (zkfl_test_rng_next(&rng) % 50 == 0)
                memset(&pts[i], 0, sizeof pts[i]);
        }
        check_against_refs(pts, s, n, 0, "witness mix");
    }
out:
    free(pts);
    free(s);
}

/* Past 2^13 big scalars the subgroup MSM runs unsplit
 * (msm_g2_subgroup.c); below that bound with many more terms (mostly small
 * scalars) it still takes the split path, and the test hook
 * zkfl_msm_use_endo = 2 forces the split at any size. All three agree with
 * zkfl_g2_msm_vartime. */
static void test_large(void)
{
    const size_t n = ((size_t)1 << 13) + 40;
    zkfl_g2_affine *pts;
    zkfl_fr *s;
    if (!ec_test_g2_alloc_progression(&rng, &pts, &s, n))
        goto out;
    for (int mix = 0; mix < 2; mix++) {
        for (size_t i = 0; i < n; i++) {
            if (mix == 0 || i % 4 == 0)
                ec_test_rand_fr(&rng, &s[i]);
            else
                zkfl_fr_set_u64(&s[i], zkfl_test_rng_next(&rng) & 0xffff);
        }
        zkfl_g2 want, got;
        CHECK_OK(zkfl_g2_msm_vartime(&want, pts, s, n, 2));
        CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, s, n, 2));
        CHECK(zkfl_g2_eq(&got, &want));
        if (mix == 0) {
            zkfl_msm_use_endo = 2;
            CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, s, n, 3));
            CHECK(zkfl_g2_eq(&got, &want));
            zkfl_msm_use_endo = 1;
        }
    }
out:
    free(pts);
    free(s);
}

/* ffjavascript's multiExpAffine on bases k_i G (tests/ec/msm_ref.mjs). */
static void test_ffjs(void)
{
    enum { N = 150 };
    if (!zkfl_test_have_node_package("ffjavascript")) {
        CHECK(!"node with ffjavascript is required (tools/deps.sh)");
        return;
    }
    zkfl_fr k[N], s[N];
    zkfl_g2_affine pts[N];
    zkfl_g2 g, p;
    zkfl_g2_generator(&g);
    for (size_t i = 0; i < N; i++) {
        ec_test_rand_fr(&rng, &k[i]);
        edge_scalar(&s[i], (unsigned)i);
        if (i % 19 == 4)
            zkfl_fr_set_zero(&k[i]);   /* infinity base */
        zkfl_g2_mul_vartime(&p, &g, &k[i]);
        zkfl_g2_to_affine(&pts[i], &p);
    }
    zkfl_g2 r;
    zkfl_g2_affine ra;
    zkfl_msm_use_endo = 2;
    CHECK_OK(zkfl_g2_msm_subgroup_vartime(&r, pts, s, N, 2));
    zkfl_msm_use_endo = 1;
    zkfl_g2_to_affine(&ra, &r);
    char *out = msm_ref_run("g2", k, s, N);
    if (out != NULL)
        msm_ref_check_g2(out, &ra);
    free(out);
}

/* The contract: psi is [l] only on G2. With one twist point outside G2 among
 * subgroup points, zkfl_g2_msm_vartime still gives the exact sum (checked
 * with the plain double-and-add, which needs no endomorphism), while the
 * subgroup MSM splitting that point's scalar gives another point. */
static void test_contract(void)
{
    enum { N = 40 };
    zkfl_g2_affine pts[N];
    zkfl_fr s[N];
    ec_test_g2_progression(&rng, pts, N);
    for (size_t i = 0; i < N; i++)
        ec_test_rand_fr(&rng, &s[i]);
    ec_test_twist_point_outside_g2(&rng, &pts[7]);
    CHECK(zkfl_g2_affine_is_on_curve(&pts[7]) && !zkfl_g2_affine_is_in_subgroup(&pts[7]));
    zkfl_g2 exact, acc, p, t, plain, sub;
    zkfl_g2_set_infinity(&acc);
    for (size_t i = 0; i < N; i++) {
        uint64_t raw[4];
        zkfl_fr_to_raw(raw, &s[i]);
        zkfl_g2_from_affine(&p, &pts[i]);
        zkfl_ec_g2_mul_plain_vartime(&t, &p, raw, 4);
        zkfl_g2_add(&acc, &acc, &t);
    }
    exact = acc;
    CHECK_OK(zkfl_g2_msm_vartime(&plain, pts, s, N, 2));
    CHECK(zkfl_g2_eq(&plain, &exact));
    zkfl_msm_use_endo = 2;
    CHECK_OK(zkfl_g2_msm_subgroup_vartime(&sub, pts, s, N, 2));
    CHECK(!zkfl_g2_eq(&sub, &exact));
    /* the difference is the cofactor part: outside G2 as well */
    zkfl_g2_affine d;
    zkfl_g2_neg(&t, &exact);
    zkfl_g2_add(&t, &t, &sub);
    zkfl_g2_to_affine(&d, &t);
    CHECK(!zkfl_g2_affine_is_in_subgroup(&d));
    /* without the split the two functions agree again */
    zkfl_msm_use_endo = 0;
    CHECK_OK(zkfl_g2_msm_subgroup_vartime(&sub, pts, s, N, 2));
    CHECK(zkfl_g2_eq(&sub, &exact));
    zkfl_msm_use_endo = 1;
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x67327073);
    test_sizes();
    test_psi_collisions();
    test_witness_mix();
    test_large();
    test_ffjs();
    test_contract();
    return zkfl_test_done("ec_test_msm_g2_subgroup");
}
