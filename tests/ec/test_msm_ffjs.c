/* Differential test against ffjavascript's multiExpAffine (the MSM under
 * snarkjs) on G1 and G2 with random bases and scalars, including zero
 * scalars and infinity bases. Driven through tests/ec/msm_ref.mjs; the
 * affine coordinates must match exactly. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zkfl/ec.h"

static zkfl_test_rng rng;

static void random_fr(zkfl_fr *x)
{
    uint8_t buf[64];
    zkfl_test_rng_bytes(&rng, buf, sizeof buf);
    zkfl_fr_from_bytes_be_wide(x, buf);
}

/* Writes the terms file (base multiplier k, scalar s) and returns its
 * output, or NULL. */
static char *run_ref(const char *group, const zkfl_fr *k, const zkfl_fr *s, size_t n)
{
    char path[] = "/tmp/zkfl_msm_ffjs_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    char a[ZKFL_DEC_MAX], b[ZKFL_DEC_MAX];
    for (size_t i = 0; i < n; i++) {
        zkfl_fr_to_dec(a, &k[i]);
        zkfl_fr_to_dec(b, &s[i]);
        fprintf(f, "%s %s\n", a, b);
    }
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "node '%s/tests/ec/msm_ref.mjs' %s '%s' 2>/dev/null",
             zkfl_test_source_dir(), group, path);
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    unlink(path);
    CHECK(out != NULL && status == 0);
    if (status != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void fill_terms(zkfl_fr *k, zkfl_fr *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        random_fr(&k[i]);
        random_fr(&s[i]);
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
    char *out = run_ref("g1", k, s, n);
    if (out != NULL) {
        char x[100], y[100];
        CHECK(sscanf(out, "%99s %99s", x, y) == 2);
        zkfl_fp wx, wy;
        CHECK_OK(zkfl_fp_from_dec(&wx, x));
        CHECK_OK(zkfl_fp_from_dec(&wy, y));
        CHECK(zkfl_fp_eq(&wx, &ra.x) && zkfl_fp_eq(&wy, &ra.y));
        free(out);
    }
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
    char *out = run_ref("g2", k, s, n);
    if (out != NULL) {
        char v[4][100];
        CHECK(sscanf(out, "%99s %99s %99s %99s", v[0], v[1], v[2], v[3]) == 4);
        zkfl_fp w[4];
        for (int i = 0; i < 4; i++)
            CHECK_OK(zkfl_fp_from_dec(&w[i], v[i]));
        CHECK(zkfl_fp_eq(&w[0], &ra.x.c0) && zkfl_fp_eq(&w[1], &ra.x.c1));
        CHECK(zkfl_fp_eq(&w[2], &ra.y.c0) && zkfl_fp_eq(&w[3], &ra.y.c1));
        free(out);
    }
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
