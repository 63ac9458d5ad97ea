/* Hash-to-curve for G1: gnark-crypto's published BN254G1_XMD:SHA-256_SVDW
 * vectors (RO and NU, tests/ec/h2c_bn254_g1_vectors.txt) at every stage
 * (hash_to_field, map, sum), then a differential run against @noble/curves'
 * expand_message_xmd / hash_to_field and a BigInt transcription of RFC 9380
 * appendix F.1 (tests/ec/ec_ref.mjs), and the argument checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ec_ref_util.h"
#include "ec/ec_impl.h"

static zkfl_test_rng rng;

static int fp_is_hex(const zkfl_fp *a, const char *h)
{
    uint8_t want[32], got[32];
    if (ec_ref_unhex(want, 32, h) != 0) return 0;
    zkfl_fp_to_bytes_be(got, a);
    return memcmp(want, got, 32) == 0;
}

static void test_vectors(void)
{
    char path[4096];
    const char *src = zkfl_test_source_dir();
    CHECK(src != NULL);
    if (src == NULL) return;
    snprintf(path, sizeof path, "%s/tests/ec/h2c_bn254_g1_vectors.txt", src);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f == NULL) return;
    static char line[8192];
    char dst_ro[256] = "", dst_nu[256] = "";
    int ro = 0, nu = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n') continue;
        char *tok[12];
        int nt = 0;
        for (char *s = strtok(line, " \n"); s != NULL && nt < 12; s = strtok(NULL, " \n")) tok[nt++] = s;
        if (nt == 2 && strcmp(tok[0], "dst_ro") == 0) { snprintf(dst_ro, sizeof dst_ro, "%s", tok[1]); continue; }
        if (nt == 2 && strcmp(tok[0], "dst_nu") == 0) { snprintf(dst_nu, sizeof dst_nu, "%s", tok[1]); continue; }
        const char *msg = strcmp(tok[1], "-") == 0 ? "" : tok[1];
        if (nt == 10 && strcmp(tok[0], "ro") == 0) {
            zkfl_fp u[2];
            CHECK_OK(zkfl_fp_hash_to_field(u, 2, (const uint8_t *)msg, strlen(msg),
                                           (const uint8_t *)dst_ro, strlen(dst_ro)));
            CHECK(fp_is_hex(&u[0], tok[2]));
            CHECK(fp_is_hex(&u[1], tok[3]));
            zkfl_g1_affine q;
            zkfl_ec_g1_map_svdw(&q, &u[0]);
            CHECK(fp_is_hex(&q.x, tok[4]) && fp_is_hex(&q.y, tok[5]));
            zkfl_ec_g1_map_svdw(&q, &u[1]);
            CHECK(fp_is_hex(&q.x, tok[6]) && fp_is_hex(&q.y, tok[7]));
            CHECK_OK(zkfl_g1_hash_to_curve(&q, (const uint8_t *)msg, strlen(msg),
                                           (const uint8_t *)dst_ro, strlen(dst_ro)));
            CHECK(fp_is_hex(&q.x, tok[8]) && fp_is_hex(&q.y, tok[9]));
            ro++;
        } else if (nt == 5 && strcmp(tok[0], "nu") == 0) {
            zkfl_fp u;
            CHECK_OK(zkfl_fp_hash_to_field(&u, 1, (const uint8_t *)msg, strlen(msg),
                                           (const uint8_t *)dst_nu, strlen(dst_nu)));
            CHECK(fp_is_hex(&u, tok[2]));
            zkfl_g1_affine q;
            zkfl_ec_g1_map_svdw(&q, &u);
            CHECK(fp_is_hex(&q.x, tok[3]) && fp_is_hex(&q.y, tok[4]));
            nu++;
        } else {
            CHECK(!"malformed line in h2c_bn254_g1_vectors.txt");
        }
    }
    fclose(f);
    CHECK_EQ_INT(ro, 5);
    CHECK_EQ_INT(nu, 5);
}

static void test_args(void)
{
    uint8_t out[64];
    zkfl_fp u[2];
    zkfl_g1_affine p;
    const uint8_t dst[] = "zkfl";
    CHECK_EQ_INT(zkfl_expand_message_xmd_sha256(out, 32, (const uint8_t *)"", 0, dst, 0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_expand_message_xmd_sha256(out, 0, (const uint8_t *)"", 0, dst, 4), ZKFL_ERR_RANGE);
    uint8_t *big = malloc(8161);
    CHECK(big != NULL);
    if (big != NULL) {
        CHECK_EQ_INT(zkfl_expand_message_xmd_sha256(big, 8161, dst, 4, dst, 4), ZKFL_ERR_RANGE);
        CHECK_OK(zkfl_expand_message_xmd_sha256(big, 8160, dst, 4, dst, 4));
        free(big);
    }
    CHECK_EQ_INT(zkfl_fp_hash_to_field(u, 0, dst, 4, dst, 4), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g1_hash_to_curve(&p, dst, 4, dst, 0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g1_hash_to_curve(&p, NULL, 4, dst, 4), ZKFL_ERR_INVALID_ARG);
    CHECK_OK(zkfl_g1_hash_to_curve(&p, NULL, 0, dst, 4));
    CHECK(zkfl_g1_affine_is_on_curve(&p) && !zkfl_g1_affine_is_infinity(&p));
}

static void put_fp(FILE *f, const zkfl_fp *a)
{
    uint8_t b[32];
    zkfl_fp_to_bytes_be(b, a);
    ec_ref_hex(f, b, 32);
}

static void test_differential(void)
{
    const char *path = "ec_h2c_cases.txt";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL) return;
    static uint8_t msg[600], dst[300], out[8160];
    static const size_t out_lens[] = {1, 31, 32, 33, 48, 96, 255, 256, 1000, 8160};
    for (int i = 0; i < 40; i++) {
        size_t mlen = i == 0 ? 0 : (size_t)(zkfl_test_rng_next(&rng) % sizeof msg);
        size_t dlen = 1 + (size_t)(zkfl_test_rng_next(&rng) % 64);
        if (i % 8 == 3) dlen = 255;
        if (i % 8 == 5) dlen = 256 + (size_t)(zkfl_test_rng_next(&rng) % 40);  /* oversize tag */
        zkfl_test_rng_bytes(&rng, msg, mlen);
        zkfl_test_rng_bytes(&rng, dst, dlen);
        size_t olen = out_lens[i % 10];
        CHECK_OK(zkfl_expand_message_xmd_sha256(out, olen, msg, mlen, dst, dlen));
        fputs("xmd", f); ec_ref_hex(f, msg, mlen); ec_ref_hex(f, dst, dlen); fprintf(f, " %zu", olen); ec_ref_hex(f, out, olen); fputc('\n', f);
        zkfl_fp u[2];
        CHECK_OK(zkfl_fp_hash_to_field(u, 2, msg, mlen, dst, dlen));
        fputs("h2f", f); ec_ref_hex(f, msg, mlen); ec_ref_hex(f, dst, dlen); put_fp(f, &u[0]); put_fp(f, &u[1]); fputc('\n', f);
        zkfl_g1_affine p;
        CHECK_OK(zkfl_g1_hash_to_curve(&p, msg, mlen, dst, dlen));
        uint8_t e[64];
        zkfl_g1_to_bytes_eth(e, &p);
        fputs("h2c", f); ec_ref_hex(f, msg, mlen); ec_ref_hex(f, dst, dlen); ec_ref_hex(f, e, 64); fputc('\n', f);
    }
    /* the map on its own, including u = 0, +-1, +-1/2 (where 1 - 4u^2 = 0 and inv0 matters) */
    for (int i = 0; i < 60; i++) {
        zkfl_fp u;
        uint8_t b[64];
        zkfl_test_rng_bytes(&rng, b, sizeof b);
        zkfl_fp_from_bytes_be_wide(&u, b);
        if (i == 0) zkfl_fp_set_zero(&u);
        if (i == 1) zkfl_fp_set_one(&u);
        if (i == 2) { zkfl_fp_set_one(&u); zkfl_fp_neg(&u, &u); }
        if (i == 3 || i == 4) {
            zkfl_fp two;
            zkfl_fp_set_u64(&two, 2);
            zkfl_fp_inv(&u, &two);
            if (i == 4) zkfl_fp_neg(&u, &u);
        }
        zkfl_g1_affine q;
        zkfl_ec_g1_map_svdw(&q, &u);
        CHECK(zkfl_g1_affine_is_on_curve(&q));
        fputs("svdw", f); put_fp(f, &u);
        uint8_t e[64];
        zkfl_g1_to_bytes_eth(e, &q);
        ec_ref_hex(f, e, 64); fputc('\n', f);
    }
    fclose(f);
    static const char *const packages[] = {"@noble/curves", "@noble/hashes", NULL};
    CHECK(ec_ref_run(path, packages));
    remove(path);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x42c);
    test_vectors();
    test_args();
    test_differential();
    return zkfl_test_done("ec_h2c");
}
