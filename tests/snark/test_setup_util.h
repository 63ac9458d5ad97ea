/* Helpers shared by the snark file-format and setup tests (header only:
 * every test_*.c here is its own program). */
#ifndef ZKFL_TEST_SETUP_UTIL_H
#define ZKFL_TEST_SETUP_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"

/* CHECK_OK for zkfl_snark calls: on failure also prints the library's
 * message (which names the file and the section). */
#define CHECK_SNARK_OK(expr) do { int _rc = (expr); CHECK_EQ_INT(_rc, 0); \
    if (_rc != 0) fprintf(stderr, "  zkfl_snark_last_error: %s\n", zkfl_snark_last_error()); } while (0)

/* Path of a committed fixture in tests/snark/setup_fixtures. */
static inline const char *fixture(const char *name)
{
    static char buf[4][4096];
    static int k;
    const char *src = zkfl_test_source_dir();
    k = (k + 1) & 3;
    snprintf(buf[k], sizeof buf[k], "%s/tests/snark/setup_fixtures/%s", src ? src : ".", name);
    return buf[k];
}

static inline uint8_t *slurp_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Runs snarkjs's CLI with the given arguments; returns its exit status and
 * (if out != NULL) its output with stderr merged. */
static inline int run_snarkjs(char **out, const char *args)
{
    const char *nm = zkfl_test_node_modules();
    char *cmd = malloc(strlen(args) + 4096);
    if (cmd == NULL || nm == NULL) { free(cmd); return -1; }
    sprintf(cmd, "node %s/snarkjs/build/cli.cjs %s 2>&1", nm, args);
    int status = -1;
    char *o = zkfl_test_run(cmd, &status);
    free(cmd);
    if (out) *out = o; else free(o);
    return status;
}

/* snarkjs's CLI succeeded (and printed needle, when given); else its
 * output goes to stderr. */
static inline int snarkjs_ok(const char *args, const char *needle)
{
    char *out = NULL;
    int st = run_snarkjs(&out, args);
    int ok = st == 0 && (needle == NULL || (out && strstr(out, needle)));
    if (!ok) fprintf(stderr, "snarkjs %s -> %d\n%s\n", args, st, out ? out : "");
    free(out);
    return ok;
}

/* The two files exist and hold the same bytes. */
static inline int files_equal(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    uint8_t *x = slurp_file(a, &la), *y = slurp_file(b, &lb);
    int eq = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return eq;
}

/* A private scratch directory under the build tree. */
static inline const char *scratch_dir(const char *test)
{
    static char dir[256];
    snprintf(dir, sizeof dir, "./scratch_%.200s", test);
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
    if (system(cmd) != 0) return NULL;
    return dir;
}

#endif
