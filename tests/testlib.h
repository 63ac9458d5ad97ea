/* Tiny test harness: CHECK records a failure and goes on, so one run shows
 * every broken assertion; the test's exit status is the verdict. */
#ifndef ZKFL_TESTLIB_H
#define ZKFL_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

extern int zkfl_test_failures;
extern int zkfl_test_checks;

#define CHECK(cond) do { zkfl_test_checks++; if (!(cond)) { zkfl_test_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
    zkfl_test_checks++; if (_a != _b) { zkfl_test_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld vs %lld)\n", __FILE__, __LINE__, #a, #b, _a, _b); } } while (0)
#define CHECK_OK(expr) CHECK_EQ_INT((expr), 0)

/* Prints "N checks, M failed" and returns the exit status for main. */
int zkfl_test_done(const char *name);

/* Deterministic, seeded generator for test inputs only (xoshiro256**);
 * product code never uses it. */
typedef struct { uint64_t s[4]; } zkfl_test_rng;
void zkfl_test_rng_seed(zkfl_test_rng *r, uint64_t seed);
uint64_t zkfl_test_rng_next(zkfl_test_rng *r);
void zkfl_test_rng_bytes(zkfl_test_rng *r, uint8_t *out, size_t n);

/* Runs a shell command and returns its stdout as a malloc'd string (NULL on
 * failure); *status gets the exit status. For node differential tests. */
char *zkfl_test_run(const char *cmd, int *status);
/* Path of the repository root and the local node_modules (from the
 * environment CTest sets), or NULL. */
const char *zkfl_test_source_dir(void);
const char *zkfl_test_node_modules(void);
/* 1 when node and the given package are available. */
int zkfl_test_have_node_package(const char *pkg);

#endif
