/* Encoding differential test: for random G1/G2 points and infinity, the
 * compressed and LEM bytes must equal ffjavascript's toRprCompressed /
 * toRprLEM (snarkjs's formats) and decode back through its fromRpr*; the eth
 * bytes are parsed by @noble/curves (tests/ec/ec_ref.mjs does both). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"

static zkfl_test_rng rng;

static void hexs(FILE *f, const uint8_t *b, size_t n)
{
    fputc(' ', f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

static void rand_fr(zkfl_fr *k)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(&rng, b, sizeof b);
    zkfl_fr_from_bytes_be_wide(k, b);
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
    zkfl_test_rng_seed(&rng, 0xe0c0d1ff);
    const char *path = "ec_encode_diff_cases.txt";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL) return zkfl_test_done("ec_encode_diff");
    for (int i = 0; i < 40; i++) {
        zkfl_fr k;
        zkfl_g1 p;
        zkfl_g1_affine a;
        uint8_t e[64], c[32], l[64];
        rand_fr(&k);
        if (i == 0) zkfl_fr_set_zero(&k);
        zkfl_g1_generator(&p);
        zkfl_g1_mul(&p, &p, &k);
        zkfl_g1_to_affine(&a, &p);
        zkfl_g1_to_bytes_eth(e, &a);
        zkfl_g1_to_bytes_compressed(c, &a);
        zkfl_g1_to_bytes_lem(l, &a);
        fputs("g1enc", f); hexs(f, e, 64); hexs(f, c, 32); hexs(f, l, 64); fputc('\n', f);
    }
    for (int i = 0; i < 20; i++) {
        zkfl_fr k;
        zkfl_g2 p;
        zkfl_g2_affine a;
        uint8_t e[128], c[64], l[128];
        rand_fr(&k);
        if (i == 0) zkfl_fr_set_zero(&k);
        zkfl_g2_generator(&p);
        zkfl_g2_mul(&p, &p, &k);
        zkfl_g2_to_affine(&a, &p);
        zkfl_g2_to_bytes_eth(e, &a);
        zkfl_g2_to_bytes_compressed(c, &a);
        zkfl_g2_to_bytes_lem(l, &a);
        fputs("g2enc", f); hexs(f, e, 128); hexs(f, c, 64); hexs(f, l, 128); fputc('\n', f);
    }
    fclose(f);
    CHECK(run_ref(path));
    remove(path);
    return zkfl_test_done("ec_encode_diff");
}
