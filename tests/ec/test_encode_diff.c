/* Encoding differential test, both directions. C to JS: for random G1/G2
 * points and infinity, the compressed and LEM bytes must equal
 * ffjavascript's toRprCompressed / toRprLEM (snarkjs's formats) and decode
 * back through its fromRpr*; the eth bytes are parsed by @noble/curves
 * (tests/ec/ec_ref.mjs). JS to C: points encoded by noble + ffjavascript
 * (ec_ref.mjs --emit-encodings) must decode in C, agree across the three
 * formats and re-encode to the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ec_ref_util.h"

static zkfl_test_rng rng;

static void check_g1_line(const char *eh, const char *ch, const char *lh)
{
    uint8_t e[64], c[32], l[64], back[64];
    zkfl_g1_affine a, b;
    CHECK(ec_ref_unhex(e, 64, eh) == 0 && ec_ref_unhex(c, 32, ch) == 0 && ec_ref_unhex(l, 64, lh) == 0);
    CHECK_OK(zkfl_g1_from_bytes_eth(&a, e));
    CHECK_OK(zkfl_g1_from_bytes_compressed(&b, c));
    CHECK(zkfl_fp_eq(&a.x, &b.x) && zkfl_fp_eq(&a.y, &b.y));
    zkfl_g1_to_bytes_compressed(back, &b);
    CHECK(memcmp(back, c, 32) == 0);
    CHECK_OK(zkfl_g1_from_bytes_lem(&b, l));
    CHECK(zkfl_fp_eq(&a.x, &b.x) && zkfl_fp_eq(&a.y, &b.y));
    zkfl_g1_to_bytes_lem(back, &b);
    CHECK(memcmp(back, l, 64) == 0);
}

static void check_g2_line(const char *eh, const char *ch, const char *lh)
{
    uint8_t e[128], c[64], l[128], back[128];
    zkfl_g2_affine a, b;
    CHECK(ec_ref_unhex(e, 128, eh) == 0 && ec_ref_unhex(c, 64, ch) == 0 && ec_ref_unhex(l, 128, lh) == 0);
    CHECK_OK(zkfl_g2_from_bytes_eth(&a, e));
    CHECK_OK(zkfl_g2_from_bytes_compressed(&b, c));
    CHECK(zkfl_fp2_eq(&a.x, &b.x) && zkfl_fp2_eq(&a.y, &b.y));
    zkfl_g2_to_bytes_compressed(back, &b);
    CHECK(memcmp(back, c, 64) == 0);
    CHECK_OK(zkfl_g2_from_bytes_lem(&b, l));
    CHECK(zkfl_fp2_eq(&a.x, &b.x) && zkfl_fp2_eq(&a.y, &b.y));
    zkfl_g2_to_bytes_lem(back, &b);
    CHECK(memcmp(back, l, 128) == 0);
}

/* JS -> C: decode what noble + ffjavascript encoded. */
static void test_from_js(void)
{
    const char *src = zkfl_test_source_dir();
    if (src == NULL || !zkfl_test_have_node_package("ffjavascript")) {
        CHECK(!"node with ffjavascript not found: run tools/deps.sh");
        return;
    }
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "node '%s/tests/ec/ec_ref.mjs' --emit-encodings 25 20231121", src);
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    CHECK(out != NULL && status == 0);
    if (out == NULL) return;
    int g1 = 0, g2 = 0;
    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char tag[4], eh[260], ch[132], lh[260];
        if (sscanf(line, "%3s %259s %131s %259s", tag, eh, ch, lh) != 4) { CHECK(!"bad line from ec_ref.mjs"); continue; }
        if (strcmp(tag, "g1") == 0) { check_g1_line(eh, ch, lh); g1++; }
        else if (strcmp(tag, "g2") == 0) { check_g2_line(eh, ch, lh); g2++; }
        else CHECK(!"unknown tag from ec_ref.mjs");
    }
    CHECK_EQ_INT(g1, 25);
    CHECK_EQ_INT(g2, 25);
    free(out);
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
        ec_test_rand_fr(&rng, &k);
        if (i == 0) zkfl_fr_set_zero(&k);
        zkfl_g1_generator(&p);
        zkfl_g1_mul(&p, &p, &k);
        zkfl_g1_to_affine(&a, &p);
        zkfl_g1_to_bytes_eth(e, &a);
        zkfl_g1_to_bytes_compressed(c, &a);
        zkfl_g1_to_bytes_lem(l, &a);
        fputs("g1enc", f); ec_ref_hex(f, e, 64); ec_ref_hex(f, c, 32); ec_ref_hex(f, l, 64); fputc('\n', f);
    }
    for (int i = 0; i < 20; i++) {
        zkfl_fr k;
        zkfl_g2 p;
        zkfl_g2_affine a;
        uint8_t e[128], c[64], l[128];
        ec_test_rand_fr(&rng, &k);
        if (i == 0) zkfl_fr_set_zero(&k);
        zkfl_g2_generator(&p);
        zkfl_g2_mul(&p, &p, &k);
        zkfl_g2_to_affine(&a, &p);
        zkfl_g2_to_bytes_eth(e, &a);
        zkfl_g2_to_bytes_compressed(c, &a);
        zkfl_g2_to_bytes_lem(l, &a);
        fputs("g2enc", f); ec_ref_hex(f, e, 128); ec_ref_hex(f, c, 64); ec_ref_hex(f, l, 128); fputc('\n', f);
    }
    fclose(f);
    static const char *const packages[] = {"@noble/curves", "ffjavascript", NULL};
    CHECK(ec_ref_run(path, packages));
    remove(path);
    test_from_js();
    return zkfl_test_done("ec_encode_diff");
}
