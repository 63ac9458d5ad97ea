/* G1 differential test: add, double, and both scalar multiplications on
 * random and edge-case inputs, checked by @noble/curves through
 * tests/ec/ec_ref.mjs (which recomputes every line and compares bytes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"

static zkfl_test_rng rng;

static void hexs(FILE *f, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

static void put_point(FILE *f, const zkfl_g1 *p)
{
    zkfl_g1_affine a;
    uint8_t b[64];
    zkfl_g1_to_affine(&a, p);
    zkfl_g1_to_bytes_eth(b, &a);
    fputc(' ', f);
    hexs(f, b, sizeof b);
}

static void put_scalar(FILE *f, const zkfl_fr *k)
{
    uint8_t b[32];
    zkfl_fr_to_bytes_be(b, k);
    fputc(' ', f);
    hexs(f, b, sizeof b);
}

static void rand_fr(zkfl_fr *k)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(&rng, b, sizeof b);
    zkfl_fr_from_bytes_be_wide(k, b);
}

static void rand_point(zkfl_g1 *p)
{
    zkfl_fr k;
    zkfl_g1 g;
    rand_fr(&k);
    zkfl_g1_generator(&g);
    zkfl_g1_mul(p, &g, &k);
}

static int run_ref(const char *cases)
{
    const char *src = zkfl_test_source_dir();
    if (src == NULL || !zkfl_test_have_node_package("@noble/curves") ||
        !zkfl_test_have_node_package("ffjavascript")) {
        fprintf(stderr, "node with @noble/curves and ffjavascript not found: run tools/deps.sh\n");
        return 0;
    }
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "node '%s/tests/ec/ec_ref.mjs' '%s' 2>&1", src, cases);
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    if (out != NULL) fputs(out, stdout);
    int ok = out != NULL && status == 0 && strstr(out, "checked ") != NULL;
    free(out);
    return ok;
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6731d1ff);
    const char *path = "ec_g1_diff_cases.txt";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL) return zkfl_test_done("ec_g1_diff");

    zkfl_g1 g, inf, a, b, t;
    zkfl_g1_generator(&g);
    zkfl_g1_set_infinity(&inf);
    /* additions: random, equal, opposite, with infinity; mixed and vartime forms */
    for (int i = 0; i < 60; i++) {
        rand_point(&a);
        if (i % 10 == 1) b = a;
        else if (i % 10 == 2) zkfl_g1_neg(&b, &a);
        else if (i % 10 == 3) b = inf;
        else if (i % 10 == 4) { b = a; a = inf; }
        else rand_point(&b);
        zkfl_g1_affine ba;
        zkfl_g1_to_affine(&ba, &b);
        for (int form = 0; form < 4; form++) {
            if (form == 0) zkfl_g1_add(&t, &a, &b);
            else if (form == 1) zkfl_g1_add_vartime(&t, &a, &b);
            else if (form == 2) zkfl_g1_add_affine(&t, &a, &ba);
            else zkfl_g1_add_affine_vartime(&t, &a, &ba);
            fputs("g1add", f); put_point(f, &a); put_point(f, &b); put_point(f, &t); fputc('\n', f);
        }
    }
    for (int i = 0; i < 20; i++) {
        if (i == 0) a = inf; else rand_point(&a);
        zkfl_g1_dbl(&t, &a);
        fputs("g1dbl", f); put_point(f, &a); put_point(f, &t); fputc('\n', f);
    }
    /* scalar multiplications: edge scalars and random ones, ct and vartime */
    for (int i = 0; i < 80; i++) {
        zkfl_fr k;
        uint64_t raw[4] = {0};
        switch (i) {
        case 0: zkfl_fr_set_zero(&k); break;
        case 1: zkfl_fr_set_one(&k); break;
        case 2: zkfl_fr_set_one(&k); zkfl_fr_neg(&k, &k); break;        /* r - 1 */
        case 3: zkfl_fr_set_u64(&k, 2); zkfl_fr_neg(&k, &k); break;     /* r - 2 */
        case 4: raw[2] = 1; zkfl_fr_from_raw(&k, raw); break;           /* 2^128 */
        case 5: raw[0] = raw[1] = ~0ull; zkfl_fr_from_raw(&k, raw); break;
        case 6: raw[3] = 1ull << 61; zkfl_fr_from_raw(&k, raw); break;
        default: rand_fr(&k);
        }
        if (i % 3 == 0) a = g; else rand_point(&a);
        zkfl_g1_mul(&t, &a, &k);
        fputs("g1mul", f); put_scalar(f, &k); put_point(f, &a); put_point(f, &t); fputc('\n', f);
        zkfl_g1_mul_vartime(&t, &a, &k);
        fputs("g1mul", f); put_scalar(f, &k); put_point(f, &a); put_point(f, &t); fputc('\n', f);
    }
    fclose(f);
    CHECK(run_ref(path));
    remove(path);
    return zkfl_test_done("ec_g1_diff");
}
