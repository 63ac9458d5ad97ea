/* Shared helpers of the Groth16 tests: fixture paths and file loading. */
#ifndef ZKFL_TEST_GROTH16_UTIL_H
#define ZKFL_TEST_GROTH16_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/groth16.h"

static inline const char *g16_fixture(char *buf, size_t len, const char *name)
{
    const char *src = zkfl_test_source_dir();
    snprintf(buf, len, "%s/tests/snark/circuits/%s", src ? src : ".", name);
    return buf;
}

/* The whole fixture file as a NUL-terminated string (aborts the test if
 * missing: a fixture that cannot be read is a broken checkout). */
static inline char *g16_load(const char *name, size_t *len)
{
    char path[4096];
    g16_fixture(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open fixture %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read fixture %s\n", path);
        exit(1);
    }
    fclose(f);
    buf[n] = 0;
    if (len)
        *len = (size_t)n;
    return buf;
}

static inline int g16_load_vk(zkfl_groth16_vk *vk, const char *circuit)
{
    char name[256], err[256] = "";
    size_t len;
    snprintf(name, sizeof name, "interop_%s_vk.json", circuit);
    char *t = g16_load(name, &len);
    int rc = zkfl_groth16_vk_from_json(vk, t, len, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", name, err);
    free(t);
    return rc;
}

static inline int g16_load_proof(zkfl_groth16_proof *p, zkfl_fr **pub, size_t *npub, const char *circuit)
{
    char name[256], err[256] = "";
    size_t len;
    snprintf(name, sizeof name, "interop_%s_proof.json", circuit);
    char *t = g16_load(name, &len);
    int rc = zkfl_groth16_proof_from_json(p, t, len, err, sizeof err);
    free(t);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", name, err);
        return rc;
    }
    snprintf(name, sizeof name, "interop_%s_public.json", circuit);
    t = g16_load(name, &len);
    rc = zkfl_groth16_public_from_json(pub, npub, t, len, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", name, err);
    free(t);
    return rc;
}

#endif
