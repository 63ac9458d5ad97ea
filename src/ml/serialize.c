#define _POSIX_C_SOURCE 200809L
/* The canonical model encoding (docs/MODEL_FORMAT.md) and its SHA-256.
 * The encoding is byte-exact and unique per (spec, parameters): the spec is
 * stored in normalized form, integers and floats little-endian, so the hash
 * proofs bind to is the same on every machine. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/evp.h>
#include "ml/ml_internal.h"

#define MODEL_MAGIC "ZKFLMDL1"
#define MODEL_VERSION 1u
#define MODEL_HEADER 88u
#define MODEL_MAX_FILE ((size_t)1 << 31)

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void encode_spec(uint8_t *h, const zkfl_model_spec *s)
{
    uint32_t f[20] = {s->kind, s->channels, s->height, s->width, s->n_classes, s->n_hidden};
    for (int i = 0; i < ZKFL_MLP_MAX_HIDDEN; i++)
        f[6 + i] = s->hidden[i];
    f[14] = s->conv1;
    f[15] = s->conv2;
    f[16] = s->fc_hidden;
    for (int i = 0; i < 17; i++)
        put32(h + 12 + 4 * i, f[i]);
}

static void decode_spec(zkfl_model_spec *s, const uint8_t *h)
{
    memset(s, 0, sizeof *s);
    s->kind = get32(h + 12);
    s->channels = get32(h + 16);
    s->height = get32(h + 20);
    s->width = get32(h + 24);
    s->n_classes = get32(h + 28);
    s->n_hidden = get32(h + 32);
    for (int i = 0; i < ZKFL_MLP_MAX_HIDDEN; i++)
        s->hidden[i] = get32(h + 36 + 4 * i);
    s->conv1 = get32(h + 68);
    s->conv2 = get32(h + 72);
    s->fc_hidden = get32(h + 76);
}

int zkfl_model_serialize(uint8_t **out, size_t *out_len, const zkfl_model *m)
{
    if (out == NULL || out_len == NULL || m == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    size_t len = MODEL_HEADER + m->n_params * 4;
    uint8_t *buf = malloc(len);
    if (buf == NULL)
        return ml_fail(ZKFL_ERR_NOMEM, "model: out of memory for %zu bytes", len);
    memcpy(buf, MODEL_MAGIC, 8);
    put32(buf + 8, MODEL_VERSION);
    encode_spec(buf, &m->spec);
    put64(buf + 80, m->n_params);
    for (size_t i = 0; i < m->n_params; i++) {
        uint32_t bits;
        memcpy(&bits, &m->params[i], 4);
        put32(buf + MODEL_HEADER + 4 * i, bits);
    }
    *out = buf;
    *out_len = len;
    return ZKFL_OK;
}

/* Wraps the spec validator's message (copied first: ml_fail writes into the
 * same thread-local buffer). */
static int spec_error(void)
{
    char why[400];
    snprintf(why, sizeof why, "%s", zkfl_ml_last_error());
    return ml_fail(ZKFL_ERR_FORMAT, "model: invalid spec (%s)", why);
}

int zkfl_model_deserialize(zkfl_model **out, const uint8_t *buf, size_t len)
{
    if (out == NULL || (buf == NULL && len > 0))
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    *out = NULL;
    if (len < MODEL_HEADER)
        return ml_fail(ZKFL_ERR_FORMAT, "model: truncated header (%zu of %u bytes)", len, MODEL_HEADER);
    if (memcmp(buf, MODEL_MAGIC, 8) != 0)
        return ml_fail(ZKFL_ERR_FORMAT, "model: bad magic (not a ZKFLMDL1 model file)");
    uint32_t version = get32(buf + 8);
    if (version != MODEL_VERSION)
        return ml_fail(ZKFL_ERR_UNSUPPORTED, "model: format version %u (this build reads %u)",
                       version, MODEL_VERSION);
    zkfl_model_spec s, canon;
    decode_spec(&s, buf);
    int rc = ml_spec_normalize(&canon, &s);
    if (rc != 0)
        return spec_error();
    if (memcmp(&canon, &s, sizeof s) != 0)
        return ml_fail(ZKFL_ERR_NOT_CANONICAL, "model: spec not in canonical form (defaults left 0)");
    /* Sizes are checked against the spec's parameter count before any
     * allocation, so a hostile 88-byte header cannot demand gigabytes. */
    struct zkfl_model shape;
    memset(&shape, 0, sizeof shape);
    shape.spec = s;
    if (ml_model_build(&shape) != 0)
        return spec_error();
    size_t need = shape.n_params;
    uint64_t count = get64(buf + 80);
    if (count != need)
        return ml_fail(ZKFL_ERR_FORMAT, "model: %llu parameters stored, spec needs %zu",
                       (unsigned long long)count, need);
    if ((len - MODEL_HEADER) / 4 != need || (len - MODEL_HEADER) % 4 != 0) {
        size_t want = MODEL_HEADER + need * 4;
        return ml_fail(ZKFL_ERR_FORMAT, "model: %zu bytes, expected %zu (%s)", len, want,
                       len < want ? "truncated" : "trailing bytes");
    }
    struct zkfl_model *m;
    if ((rc = ml_model_alloc(&m, &s)) != 0)
        return rc;
    for (size_t i = 0; i < m->n_params; i++) {
        uint32_t bits = get32(buf + MODEL_HEADER + 4 * i);
        memcpy(&m->params[i], &bits, 4);
        if (!isfinite(m->params[i])) {
            zkfl_model_free(m);
            return ml_fail(ZKFL_ERR_FORMAT, "model: parameter %zu is not finite", i);
        }
    }
    *out = m;
    return ZKFL_OK;
}

int zkfl_model_hash(uint8_t out[32], const zkfl_model *m)
{
    if (out == NULL || m == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    uint8_t *buf;
    size_t len;
    int rc = zkfl_model_serialize(&buf, &len, m);
    if (rc != 0)
        return rc;
    unsigned int dlen = 0;
    int ok = EVP_Digest(buf, len, out, &dlen, EVP_sha256(), NULL);
    free(buf);
    if (!ok || dlen != 32)
        return ml_fail(ZKFL_ERR_INTERNAL, "model: SHA-256 failed");
    return ZKFL_OK;
}

int zkfl_model_save(const char *path, const zkfl_model *m)
{
    if (path == NULL || m == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    uint8_t *buf;
    size_t len;
    int rc = zkfl_model_serialize(&buf, &len, m);
    if (rc != 0)
        return rc;
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        free(buf);
        return ml_fail(ZKFL_ERR_IO, "%s: cannot create", path);
    }
    size_t w = fwrite(buf, 1, len, f);
    int closed = fclose(f);
    free(buf);
    if (w != len || closed != 0)
        return ml_fail(ZKFL_ERR_IO, "%s: write failed", path);
    return ZKFL_OK;
}

int zkfl_model_load(zkfl_model **out, const char *path)
{
    if (out == NULL || path == NULL)
        return ml_fail(ZKFL_ERR_INVALID_ARG, "model: NULL argument");
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return ml_fail(ZKFL_ERR_IO, "%s: cannot open", path);
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size < 0 || (uint64_t)st.st_size > MODEL_MAX_FILE) {
        fclose(f);
        return ml_fail(ZKFL_ERR_FORMAT, "%s: not a regular file of at most %zu bytes", path,
                       MODEL_MAX_FILE);
    }
    size_t len = (size_t)st.st_size;
    uint8_t *buf = malloc(len ? len : 1);
    if (buf == NULL) {
        fclose(f);
        return ml_fail(ZKFL_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t got = fread(buf, 1, len, f);
    fclose(f);
    if (got != len) {
        free(buf);
        return ml_fail(ZKFL_ERR_IO, "%s: read failed", path);
    }
    int rc = zkfl_model_deserialize(out, buf, len);
    free(buf);
    if (rc != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", zkfl_ml_last_error());
        return ml_fail(rc, "%s: %s", path, msg);
    }
    return ZKFL_OK;
}
