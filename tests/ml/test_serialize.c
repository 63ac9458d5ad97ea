#define _POSIX_C_SOURCE 200809L
/* Model encoding: known-answer hashes from an independent encoder
 * (gen_model_vector.py), round trips, hash sensitivity, and rejection of
 * malformed encodings. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zkfl/ml.h"

static void hex(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

static char *read_vectors(void)
{
    char path[4096];
    const char *src = zkfl_test_source_dir();
    if (src == NULL)
        return NULL;
    snprintf(path, sizeof path, "%s/tests/ml/vectors/model_hash.txt", src);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Line `line` of the vector file: "<name> <sha256 hex> <encoding hex>". */
static void vector_line(char *hash, char *blob, const char *text, int line)
{
    const char *p = text;
    for (int i = 0; i < line && p; i++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    hash[0] = blob[0] = '\0';
    if (p == NULL || sscanf(p, "%*s %64s %4000s", hash, blob) != 2)
        CHECK(0 && "vector line missing");
}

static void check_kat(const char *text, int line, zkfl_model *m)
{
    char want_hash[65], want_blob[4001], got[4001];
    vector_line(want_hash, want_blob, text, line);
    uint8_t h[32], *enc;
    size_t len;
    CHECK_OK(zkfl_model_hash(h, m));
    hex(got, h, 32);
    CHECK(strcmp(got, want_hash) == 0);
    CHECK_OK(zkfl_model_serialize(&enc, &len, m));
    CHECK(2 * len < sizeof got);
    hex(got, enc, len);
    CHECK(strcmp(got, want_blob) == 0);
    free(enc);
}

static int rejects(const uint8_t *buf, size_t len, int want, const char *msg)
{
    zkfl_model *m = (zkfl_model *)1;
    int rc = zkfl_model_deserialize(&m, buf, len);
    int ok = rc == want && m == NULL && strstr(zkfl_ml_last_error(), msg) != NULL;
    if (!ok)
        fprintf(stderr, "expected %d '%s', got %d '%s'\n", want, msg, rc, zkfl_ml_last_error());
    return ok;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

int main(void)
{
    char *vec = read_vectors();
    CHECK(vec != NULL);
    zkfl_model_spec s;
    zkfl_model *m, *m2;

    /* Known answers. */
    CHECK_OK(zkfl_model_spec_parse(&s, "logreg", 1, 1, 4, 3));
    CHECK_OK(zkfl_model_new(&m, &s, 1));
    float p15[15];
    for (int i = 0; i < 15; i++) p15[i] = (float)(i - 7) / 8.0f;
    CHECK_OK(zkfl_model_set_params(m, p15, 15));
    if (vec) check_kat(vec, 0, m);
    zkfl_model_free(m);
    CHECK_OK(zkfl_model_spec_parse(&s, "mlp:3", 1, 2, 2, 2));
    CHECK_OK(zkfl_model_new(&m, &s, 1));
    CHECK_EQ_INT(zkfl_model_num_params(m), 23);
    float p23[23];
    for (int i = 0; i < 23; i++) p23[i] = (float)((i * 37) % 11 - 5) / 4.0f;
    CHECK_OK(zkfl_model_set_params(m, p23, 23));
    if (vec) check_kat(vec, 1, m);
    zkfl_model_free(m);
    free(vec);

    /* Round trip of a cnn through memory and a file; hash stability. */
    CHECK_OK(zkfl_model_spec_parse(&s, "cnn", 1, 28, 28, 10));
    CHECK_OK(zkfl_model_new(&m, &s, 42));
    char spec_text[64];
    CHECK_OK(zkfl_model_spec_format(spec_text, sizeof spec_text, zkfl_model_get_spec(m)));
    CHECK(strcmp(spec_text, "cnn:6,16,120") == 0);
    uint8_t *enc, *enc2, h1[32], h2[32];
    size_t len, len2;
    CHECK_OK(zkfl_model_serialize(&enc, &len, m));
    CHECK_EQ_INT(len, 88 + 4 * zkfl_model_num_params(m));
    CHECK_OK(zkfl_model_deserialize(&m2, enc, len));
    CHECK_OK(zkfl_model_serialize(&enc2, &len2, m2));
    CHECK(len == len2 && memcmp(enc, enc2, len) == 0);
    free(enc2);
    CHECK_OK(zkfl_model_hash(h1, m));
    CHECK_OK(zkfl_model_hash(h2, m2));
    CHECK(memcmp(h1, h2, 32) == 0);
    char path[] = "/tmp/zkfl_ml_model_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_OK(zkfl_model_save(path, m));
    zkfl_model_free(m2);
    CHECK_OK(zkfl_model_load(&m2, path));
    CHECK_OK(zkfl_model_hash(h2, m2));
    CHECK(memcmp(h1, h2, 32) == 0);
    /* One flipped bit in one parameter changes the hash. */
    uint32_t bits;
    memcpy(&bits, &zkfl_model_params(m2)[1000], 4);
    bits ^= 1;
    memcpy(&zkfl_model_params(m2)[1000], &bits, 4);
    CHECK_OK(zkfl_model_hash(h2, m2));
    CHECK(memcmp(h1, h2, 32) != 0);
    /* Same seed, same model; another seed, another hash. */
    zkfl_model_free(m2);
    CHECK_OK(zkfl_model_new(&m2, &s, 42));
    CHECK_OK(zkfl_model_hash(h2, m2));
    CHECK(memcmp(h1, h2, 32) == 0);
    zkfl_model_free(m2);
    CHECK_OK(zkfl_model_new(&m2, &s, 43));
    CHECK_OK(zkfl_model_hash(h2, m2));
    CHECK(memcmp(h1, h2, 32) != 0);
    zkfl_model_free(m2);

    /* Malformed encodings. */
    uint8_t *bad = malloc(len + 4);
    memcpy(bad, enc, len);
    bad[0] = 'X';
    CHECK(rejects(bad, len, ZKFL_ERR_FORMAT, "bad magic"));
    memcpy(bad, enc, len);
    put32(bad + 8, 2);
    CHECK(rejects(bad, len, ZKFL_ERR_UNSUPPORTED, "version 2"));
    memcpy(bad, enc, len);
    CHECK(rejects(bad, 40, ZKFL_ERR_FORMAT, "truncated header"));
    CHECK(rejects(bad, len - 1, ZKFL_ERR_FORMAT, "truncated"));
    CHECK(rejects(bad, len - 4, ZKFL_ERR_FORMAT, "truncated"));
    bad[len] = 0;
    CHECK(rejects(bad, len + 1, ZKFL_ERR_FORMAT, "trailing bytes"));
    memcpy(bad, enc, len);
    bad[80] ^= 1;  /* parameter count */
    CHECK(rejects(bad, len, ZKFL_ERR_FORMAT, "parameters stored"));
    memcpy(bad, enc, len);
    put32(bad + 68, 0);  /* conv1 = 0 is the default, not canonical */
    CHECK(rejects(bad, len, ZKFL_ERR_NOT_CANONICAL, "canonical"));
    memcpy(bad, enc, len);
    put32(bad + 12, 9);  /* unknown kind */
    CHECK(rejects(bad, len, ZKFL_ERR_FORMAT, "unknown kind"));
    memcpy(bad, enc, len);
    put32(bad + 20, 8);  /* 8x28 image: too small for the cnn */
    CHECK(rejects(bad, len, ZKFL_ERR_FORMAT, "invalid spec"));
    memcpy(bad, enc, len);
    put32(bad + 88 + 4 * 7, 0x7fc00000u);  /* NaN */
    CHECK(rejects(bad, len, ZKFL_ERR_FORMAT, "not finite"));
    free(bad);

    /* A file that is not a model names the file. */
    FILE *f = fopen(path, "wb");
    fputs("hello", f);
    fclose(f);
    CHECK_EQ_INT(zkfl_model_load(&m2, path), ZKFL_ERR_FORMAT);
    CHECK(strstr(zkfl_ml_last_error(), path) != NULL);
    unlink(path);
    CHECK_EQ_INT(zkfl_model_load(&m2, path), ZKFL_ERR_IO);

    /* set_params checks count and finiteness. */
    float nan_param = 0.0f / 0.0f;
    float *copy = malloc(zkfl_model_num_params(m) * sizeof(float));
    memcpy(copy, zkfl_model_params(m), zkfl_model_num_params(m) * sizeof(float));
    CHECK_EQ_INT(zkfl_model_set_params(m, copy, 3), ZKFL_ERR_INVALID_ARG);
    copy[5] = nan_param;
    CHECK_EQ_INT(zkfl_model_set_params(m, copy, zkfl_model_num_params(m)), ZKFL_ERR_RANGE);
    free(copy);

    /* Spec parsing. */
    CHECK_EQ_INT(zkfl_model_spec_parse(&s, "mlp:0", 1, 28, 28, 10), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_model_spec_parse(&s, "mlp:1,2,3,4,5,6,7,8,9", 1, 28, 28, 10), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_model_spec_parse(&s, "rnn", 1, 28, 28, 10), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_model_spec_parse(&s, "cnn", 1, 8, 8, 10), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_model_spec_parse(&s, "logreg", 1, 1, 4, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_OK(zkfl_model_spec_parse(&s, "mlp", 1, 28, 28, 10));
    CHECK_OK(zkfl_model_spec_format(spec_text, sizeof spec_text, &s));
    CHECK(strcmp(spec_text, "mlp:256,128") == 0);
    CHECK_EQ_INT(zkfl_model_spec_format(spec_text, 5, &s), ZKFL_ERR_RANGE);

    free(enc);
    zkfl_model_free(m);
    return zkfl_test_done("ml_serialize");
}
