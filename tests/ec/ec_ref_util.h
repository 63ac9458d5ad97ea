/* Helpers shared by the ec tests that write cases for tests/ec/ec_ref.mjs
 * (which recomputes each line with @noble/curves / ffjavascript and compares
 * bytes): hex fields both ways, running the reference. */
#ifndef ZKFL_TESTS_EC_REF_UTIL_H
#define ZKFL_TESTS_EC_REF_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec_test_util.h"

/* One space-separated field: the bytes in hex, or "-" when there are none. */
static inline void ec_ref_hex(FILE *f, const uint8_t *b, size_t n)
{
    fputc(' ', f);
    if (n == 0)
        fputc('-', f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x", b[i]);
}

/* out = the n bytes of exactly 2n hex digits h; -1 if h is not that. */
static inline int ec_ref_unhex(uint8_t *out, size_t n, const char *h)
{
    if (strlen(h) != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
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
