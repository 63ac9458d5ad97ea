/* Differential test against ffjavascript's multiExpAffine (the MSM under
 * snarkjs) on G1 and G2 with random bases and scalars, including zero
 * scalars and infinity bases. Driven through tests/ec/msm_ref.mjs; the
 * affine coordinates must match exactly. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec_test_util.h"
#include "msm_ref_util.h"

static zkfl_test_rng rng;

static void fill_terms(zkfl_fr *k, zkfl_fr *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ec_test_rand_fr(&rng, &k[i]);
        ec_test_rand_fr(&rng, &s[i]);
        if (i % 17 == 3)
            zkfl_fr_set_zero(&k[i]);   /* infinity base */
        if (i % 13 == 5)
            zkfl_fr_set_zero(&s[i]);
        if (i % 11 == 7)
            zkfl_fr_set_u64(&s[i], i);  /* small scalar */
    }
}

static void test_g1(size_t n)
{
    zkfl_fr *k = malloc(n * sizeof *k), *s = malloc(n * sizeof *s);
    zkfl_g1_affine *pts = malloc(n * sizeof *pts);
    CHECK(k && s && pts);
    if (!k || !s || !pts)
        goto out;
    fill_terms(k, s, n);
    zkfl_g1 g, p;
    zkfl_g1_generator(&g);
    for (size_t i = 0; i < n; i++) {
        zkfl_g1_mul_vartime(&p, &g, &k[i]);
        zkfl_g1_to_affine(&pts[i], &p);
    }
    zkfl_g1 r;
    zkfl_g1_affine ra;
    CHECK_OK(zkfl_g1_msm_vartime(&r, pts, s, n, 2));
    zkfl_g1_to_affine(&ra, &r);
    char *out = msm_ref_run("g1", k, s, n);
    if (out != NULL)
        msm_ref_check_g1(out, &ra);
    free(out);
out:
    free(k);
    free(s);
    free(pts);
}

static void test_g2(size_t n)
{
    zkfl_fr *k = malloc(n * sizeof *k), *s = malloc(n * sizeof *s);
    zkfl_g2_affine *pts = malloc(n * sizeof *pts);
    CHECK(k && s && pts);
    if (!k || !s || !pts)
        goto out;
    fill_terms(k, s, n);
    zkfl_g2 g, p;
    zkfl_g2_generator(&g);
    for (size_t i = 0; i < n; i++) {
        zkfl_g2_mul_vartime(&p, &g, &k[i]);
        zkfl_g2_to_affine(&pts[i], &p);
    }
    zkfl_g2 r;
    zkfl_g2_affine ra;
    CHECK_OK(zkfl_g2_msm_vartime(&r, pts, s, n, 2));
    zkfl_g2_to_affine(&ra, &r);
    char *out = msm_ref_run("g2", k, s, n);
    if (out != NULL)
        msm_ref_check_g2(out, &ra);
    free(out);
out:
    free(k);
    free(s);
    free(pts);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6d736d66);
    if (!zkfl_test_have_node_package("ffjavascript")) {
        CHECK(!"node with ffjavascript is required (tools/deps.sh)");
        return zkfl_test_done("ec_test_msm_ffjs");
    }
#ifdef ZKFL_SANITIZE
    test_g1(300);
#else
    test_g1(1000);
#endif
    test_g2(64);
    return zkfl_test_done("ec_test_msm_ffjs");
}
