/* Differential test: thousands of random cases computed by @noble/curves
 * and ffjavascript (tests/ff/gen_cases.mjs, fresh seed per run unless
 * ZKFL_FF_SEED is set) are recomputed by zkfl's Fp, Fr, Fp2, Fp6, Fp12. */
#include <inttypes.h>
#include <time.h>
#define FF_CASES_TOWER 1
#include "ff_cases.h"

#define SKIP 77

int main(void)
{
    const char *src = zkfl_test_source_dir();
    if (src == NULL || !zkfl_test_have_node_package("@noble/curves")
        || !zkfl_test_have_node_package("ffjavascript")) {
        printf("SKIP: node with @noble/curves and ffjavascript not found (run tools/deps.sh)\n");
        return SKIP;
    }
    uint64_t seed = (uint64_t)time(NULL);
    const char *env = getenv("ZKFL_FF_SEED");
    if (env != NULL)
        seed = strtoull(env, NULL, 10);
    const char *count = getenv("ZKFL_FF_CASES");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "node '%s/tests/ff/gen_cases.mjs' %" PRIu64 " %s", src, seed,
             count != NULL ? count : "150");
    printf("seed %" PRIu64 " (reproduce with ZKFL_FF_SEED=%" PRIu64 ")\n", seed, seed);
    int status = 0;
    char *out = zkfl_test_run(cmd, &status);
    CHECK(out != NULL && status == 0);
    if (out != NULL) {
        size_t skipped = 0;
        size_t n = check_cases(out, &skipped);
        printf("%zu cases checked (fp %lu, fr %lu, fp2 %lu, fp6 %lu, fp12 %lu)\n", n, case_counts[0],
               case_counts[1], case_counts[2], case_counts[3], case_counts[4]);
        CHECK(n > 1000);
        CHECK_EQ_INT(skipped, 0);
        free(out);
    }
    return zkfl_test_done("ff_diff_noble");
}
