/* Helpers shared by the tests that check an MSM against ffjavascript's
 * multiExpAffine through tests/ec/msm_ref.mjs (test_msm_ffjs.c,
 * test_msm_g2_subgroup.c): the terms are bases k_i G and scalars s_i,
 * written as decimal pairs; the reference prints the affine result. The
 * includer defines _GNU_SOURCE (for mkstemp) before its first include. */
#ifndef ZKFL_TESTS_EC_MSM_REF_UTIL_H
#define ZKFL_TESTS_EC_MSM_REF_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "testlib.h"
#include "zkfl/ec.h"

/* The reference's output for sum s_i (k_i G) on group "g1" or "g2", or
 * NULL (after a failed CHECK) when it could not run. Free the result. */
static inline char *msm_ref_run(const char *group, const zkfl_fr *k, const zkfl_fr *s, size_t n)
{
    char path[] = "/tmp/zkfl_msm_ref_XXXXXX";
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
    if (out == NULL || status != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The reference's G1 result (x y in decimal) equals a. */
static inline void msm_ref_check_g1(const char *out, const zkfl_g1_affine *a)
{
    char x[100], y[100];
    CHECK(sscanf(out, "%99s %99s", x, y) == 2);
    zkfl_fp wx, wy;
    CHECK_OK(zkfl_fp_from_dec(&wx, x));
    CHECK_OK(zkfl_fp_from_dec(&wy, y));
    CHECK(zkfl_fp_eq(&wx, &a->x) && zkfl_fp_eq(&wy, &a->y));
}

/* The reference's G2 result (x.c0 x.c1 y.c0 y.c1 in decimal) equals a. */
static inline void msm_ref_check_g2(const char *out, const zkfl_g2_affine *a)
{
    char v[4][100];
    CHECK(sscanf(out, "%99s %99s %99s %99s", v[0], v[1], v[2], v[3]) == 4);
    zkfl_fp w[4];
    for (int i = 0; i < 4; i++)
        CHECK_OK(zkfl_fp_from_dec(&w[i], v[i]));
    CHECK(zkfl_fp_eq(&w[0], &a->x.c0) && zkfl_fp_eq(&w[1], &a->x.c1));
    CHECK(zkfl_fp_eq(&w[2], &a->y.c0) && zkfl_fp_eq(&w[3], &a->y.c1));
}

#endif
