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

/* Path of a committed file in tests/snark/<sub> (eight rotating buffers). */
static inline const char *snark_test_file(const char *sub, const char *name)
{
    static char buf[8][4096];
    static int k;
    const char *src = zkfl_test_source_dir();
    k = (k + 1) & 7;
    snprintf(buf[k], sizeof buf[k], "%s/tests/snark/%s/%s", src ? src : ".", sub, name);
    return buf[k];
}

/* Path of a committed fixture in tests/snark/setup_fixtures. */
static inline const char *fixture(const char *name) { return snark_test_file("setup_fixtures", name); }

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

/* snarkjs's verifiers print an error and exit non-zero on a bad file. */
static inline int snarkjs_rejects(const char *args)
{
    char *out = NULL;
    int st = run_snarkjs(&out, args);
    free(out);
    return st != 0;
}

/* expr fails with err and zkfl_snark_last_error() contains needle (the
 * message names the file, section or part that was refused). */
#define CHECK_SNARK_ERR(expr, err, needle) do { CHECK_EQ_INT((expr), (err)); \
    const char *_m = zkfl_snark_last_error(); CHECK(strstr(_m, (needle)) != NULL); \
    if (strstr(_m, (needle)) == NULL) fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", _m, (needle)); } while (0)

/* Writes n bytes to path; 0 on success. */
static inline int write_bytes(const char *path, const uint8_t *b, size_t n)
{
    FILE *o = fopen(path, "wb");
    if (o == NULL) return -1;
    size_t w = fwrite(b, 1, n, o);
    return fclose(o) == 0 && w == n ? 0 : -1;
}

/* Offset of the data of section `type` in an iden3 binary file (0 when it
 * is not there). */
static inline size_t section_offset(const uint8_t *f, size_t len, uint32_t type)
{
    size_t at = 12;
    uint32_t nsec = (uint32_t)f[8] | (uint32_t)f[9] << 8 | (uint32_t)f[10] << 16 | (uint32_t)f[11] << 24;
    for (uint32_t s = 0; s < nsec && at + 12 <= len; s++) {
        uint32_t t = (uint32_t)f[at] | (uint32_t)f[at + 1] << 8 | (uint32_t)f[at + 2] << 16 | (uint32_t)f[at + 3] << 24;
        uint64_t size = 0;
        for (int i = 7; i >= 0; i--) size = size << 8 | f[at + 4 + i];
        if (t == type) return at + 12;
        at += 12 + (size_t)size;
    }
    return 0;
}

/* dir/name in one of eight rotating buffers (a call may hold several). */
static inline const char *path_in(const char *dir, const char *name)
{
    static char buf[8][700];
    static int k;
    k = (k + 1) & 7;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
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
