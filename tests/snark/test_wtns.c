/* .wtns v2 import/export against snarkjs's `wtns calculate` output. */
#include "test_setup_util.h"
#include "zkfl/snark.h"

/* A witness large enough that the (secret) writer moves its buffer several
 * times: the values come back exactly, and the file equals the buffer. */
static void test_large_round_trip(void)
{
    enum { N = 5000 };
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 7);
    zkfl_fr *w = malloc(N * sizeof *w);
    CHECK(w != NULL);
    if (w == NULL) return;
    for (size_t i = 0; i < N; i++) {
        uint8_t b[32];
        zkfl_test_rng_bytes(&rng, b, 32);
        b[31] &= 0x1f;                         /* < 2^253 < r */
        CHECK_OK(zkfl_fr_from_bytes_le(&w[i], b));
    }
    uint8_t *buf = NULL;
    size_t blen = 0;
    CHECK_OK(zkfl_wtns_write_mem(&buf, &blen, w, N));
    CHECK_EQ_INT(blen, 12 + 12 + 40 + 12 + 32 * (size_t)N);
    zkfl_fr *back = NULL;
    size_t n = 0;
    CHECK_OK(zkfl_wtns_read_mem(&back, &n, buf, blen, "large.wtns"));
    CHECK_EQ_INT(n, N);
    size_t equal = 0;
    for (size_t i = 0; back != NULL && i < N; i++) equal += zkfl_fr_eq(&back[i], &w[i]);
    CHECK_EQ_INT(equal, N);
    const char *dir = scratch_dir("wtns_large");
    if (dir != NULL) {
        char path[600];
        snprintf(path, sizeof path, "%s/large.wtns", dir);
        CHECK_OK(zkfl_wtns_write(path, w, N));
        size_t flen = 0;
        uint8_t *file = slurp_file(path, &flen);
        CHECK(file != NULL && flen == blen && memcmp(file, buf, blen) == 0);
        free(file);
    }
    free(back);
    free(buf);
    free(w);
}

int main(void)
{
    test_large_round_trip();
    size_t len;
    uint8_t *file = slurp_file(fixture("poly.wtns"), &len);
    CHECK(file != NULL);
    if (file == NULL) return zkfl_test_done("snark_wtns");
    zkfl_fr *w = NULL;
    size_t n = 0;
    CHECK_OK(zkfl_wtns_read_mem(&w, &n, file, len, "poly.wtns"));
    CHECK_EQ_INT(n, 15);
    /* poly_input.json: x = 3, z = 11, k = 1234567; y = 27 + k*3 + 55 + 7. */
    const char *expect[] = {"1", "3703790", "1234567", "3", "11", "9", "27"};
    for (size_t i = 0; w != NULL && i < 7; i++) {
        char dec[ZKFL_DEC_MAX];
        zkfl_fr_to_dec(dec, &w[i]);
        CHECK(strcmp(dec, expect[i]) == 0);
    }
    uint8_t *buf;
    size_t blen;
    CHECK_OK(zkfl_wtns_write_mem(&buf, &blen, w, n));
    CHECK(blen == len && memcmp(buf, file, len) == 0);
    free(buf);

    /* snarkjs reads what zkfl writes. */
    const char *dir = scratch_dir("wtns");
    if (dir != NULL && w != NULL && zkfl_test_have_node_package("snarkjs")) {
        char path[600], args[2048], *out = NULL;
        zkfl_fr_set_u64(&w[4], 12345);
        snprintf(path, sizeof path, "%s/edited.wtns", dir);
        CHECK_OK(zkfl_wtns_write(path, w, n));
        snprintf(args, sizeof args, "wtns export json %s %s/edited.json", path, dir);
        CHECK_EQ_INT(run_snarkjs(NULL, args), 0);
        snprintf(path, sizeof path, "%s/edited.json", dir);
        size_t jlen;
        char *json = (char *)slurp_file(path, &jlen);
        CHECK(json != NULL && strstr(json, "\"12345\"") != NULL && strstr(json, "\"3703790\"") != NULL);
        free(json);
        free(out);
    }
    free(w);

    for (size_t cut = 0; cut < len; cut += 5) {
        zkfl_fr *bad = NULL;
        size_t bn = 0;
        CHECK(zkfl_wtns_read_mem(&bad, &bn, file, cut, "cut.wtns") < 0);
        CHECK(bad == NULL);
    }
    uint8_t *m = malloc(len);
    memcpy(m, file, len);
    m[len - 1] = 0xff;                         /* last value >= r */
    zkfl_fr *bad = NULL;
    size_t bn;
    CHECK_EQ_INT(zkfl_wtns_read_mem(&bad, &bn, m, len, "big.wtns"), ZKFL_ERR_NOT_CANONICAL);
    CHECK(strstr(zkfl_snark_last_error(), "big.wtns: section 2") != NULL);
    memcpy(m, file, len);
    m[4] = 1;                                  /* version 1 */
    CHECK_EQ_INT(zkfl_wtns_read_mem(&bad, &bn, m, len, "v1.wtns"), ZKFL_ERR_UNSUPPORTED);
    memcpy(m, file, len);
    m[24] = 0x21;                              /* n8 = 33 */
    CHECK(zkfl_wtns_read_mem(&bad, &bn, m, len, "n8.wtns") < 0);
    free(m);
    free(file);
    return zkfl_test_done("snark_wtns");
}
