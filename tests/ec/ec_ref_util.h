/* Helpers shared by the ec tests that write cases for tests/ec/ec_ref.mjs
 * (which recomputes each line with @noble/curves / ffjavascript and compares
 * bytes): hex fields, random scalars, running the reference. */
#ifndef ZKFL_TESTS_EC_REF_UTIL_H
#define ZKFL_TESTS_EC_REF_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"

/* One space-separated field: the bytes in hex, or "-" when there are none. */
static inline void ec_ref_hex(FILE *f, const uint8_t *b, size_t n)
{
    fputc(' ', f);
    if (n == 0)
        fputc('-', f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x", b[i]);
}

/* A uniformly random scalar (64 random bytes reduced mod r). */
static inline void ec_ref_rand_fr(zkfl_test_rng *rng, zkfl_fr *k)
{
    uint8_t b[64];
    zkfl_test_rng_bytes(rng, b, sizeof b);
    zkfl_fr_from_bytes_be_wide(k, b);
}

/* Runs ec_ref.mjs on the cases file; 1 when every line checked out. The
 * packages (NULL-terminated) must be installed, else the test fails with a
 * hint rather than passing silently. */
static inline int ec_ref_run(const char *cases, const char *const *packages)
{
    const char *src = zkfl_test_source_dir();
    int have = src != NULL;
    for (size_t i = 0; have && packages[i] != NULL; i++)
        have = zkfl_test_have_node_package(packages[i]);
    if (!have) {
        fprintf(stderr, "node or a reference package (");
        for (size_t i = 0; packages[i] != NULL; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", packages[i]);
        fprintf(stderr, ") not found: run tools/deps.sh\n");
        return 0;
    }
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "node '%s/tests/ec/ec_ref.mjs' '%s' 2>&1", src, cases);
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    if (out != NULL)
        fputs(out, stdout);
    int ok = out != NULL && status == 0 && strstr(out, "checked ") != NULL;
    free(out);
    return ok;
}

#endif
