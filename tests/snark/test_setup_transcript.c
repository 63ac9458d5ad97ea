/* The ceremony transcript primitives: BLAKE2b-512 against OpenSSL's EVP
 * "BLAKE2B-512" (every length 0..300 and a long input, split at random
 * points), state export/import in snarkjs's partial-hash layout, and the
 * ChaCha-driven hash to G2 against ffjavascript (snarkjs's own code path,
 * setup_js/hash_to_g2.cjs). */
#include <openssl/evp.h>
#include "test_setup_util.h"
#include "snark/transcript.h"
#include "snark/transcript_chacha.h"

static void evp_blake2b(uint8_t out[64], const uint8_t *m, size_t n)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned len = 64;
    EVP_DigestInit_ex(ctx, EVP_get_digestbyname("BLAKE2B-512"), NULL);
    EVP_DigestUpdate(ctx, m, n);
    EVP_DigestFinal_ex(ctx, out, &len);
    EVP_MD_CTX_free(ctx);
}

static void test_blake2b(void)
{
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 7);
    static uint8_t msg[5000];
    zkfl_test_rng_bytes(&rng, msg, sizeof msg);
    int bad = 0;
    for (size_t n = 0; n <= 300; n++) {
        uint8_t a[64], b[64];
        evp_blake2b(a, msg, n);
        zkfl_blake2b_512(b, msg, n);
        bad += memcmp(a, b, 64) != 0;
        /* In pieces, with a state export/import in the middle. */
        zkfl_blake2b s, t;
        size_t cut = n ? (size_t)(zkfl_test_rng_next(&rng) % (n + 1)) : 0;
        zkfl_blake2b_init(&s);
        zkfl_blake2b_update(&s, msg, cut);
        uint8_t partial[216];
        zkfl_blake2b_export(partial, &s);
        CHECK_OK(zkfl_blake2b_import(&t, partial));
        zkfl_blake2b_update(&t, msg + cut, n - cut);
        zkfl_blake2b_final(b, &t);
        bad += memcmp(a, b, 64) != 0;
    }
    CHECK_EQ_INT(bad, 0);
    uint8_t a[64], b[64];
    evp_blake2b(a, msg, sizeof msg);
    zkfl_blake2b_512(b, msg, sizeof msg);
    CHECK(memcmp(a, b, 64) == 0);
    uint8_t partial[216];
    memset(partial, 0, sizeof partial);
    partial[200] = 129;                         /* buffer position > 128 */
    zkfl_blake2b s;
    CHECK_EQ_INT(zkfl_blake2b_import(&s, partial), ZKFL_ERR_FORMAT);
}

static void test_hash_to_g2(void)
{
    if (!zkfl_test_have_node_package("ffjavascript")) return;
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 11);
    enum { N = 4 };
    uint8_t h[N][64];
    char args[N * 130 + 1] = "";
    for (int i = 0; i < N; i++) {
        zkfl_test_rng_bytes(&rng, h[i], 64);
        for (int j = 0; j < 64; j++) sprintf(args + strlen(args), "%02x", h[i][j]);
        strcat(args, " ");
    }
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "ZKFL_NODE_MODULES=%s node %s/tests/snark/setup_js/hash_to_g2.cjs %s",
             zkfl_test_node_modules(), zkfl_test_source_dir(), args);
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    CHECK_EQ_INT(status, 0);
    char *line = out;
    for (int i = 0; i < N && line != NULL; i++) {
        zkfl_g2_affine p;
        zkfl_hash_to_g2_snarkjs(&p, h[i]);
        CHECK(zkfl_g2_affine_is_on_curve(&p) && zkfl_g2_affine_is_in_subgroup(&p));
        char expect[4 * ZKFL_DEC_MAX + 8];
        char d[4][ZKFL_DEC_MAX];
        zkfl_fp_to_dec(d[0], &p.x.c0);
        zkfl_fp_to_dec(d[1], &p.x.c1);
        zkfl_fp_to_dec(d[2], &p.y.c0);
        zkfl_fp_to_dec(d[3], &p.y.c1);
        snprintf(expect, sizeof expect, "%s %s %s %s\n", d[0], d[1], d[2], d[3]);
        CHECK(strncmp(line, expect, strlen(expect)) == 0);
        line = strchr(line, '\n');
        if (line) line++;
    }
    free(out);
}

int main(void)
{
    test_blake2b();
    test_hash_to_g2();
    return zkfl_test_done("snark_setup_transcript");
}
