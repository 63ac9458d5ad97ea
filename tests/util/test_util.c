/* util: error strings, wiping, OS randomness, parallel-for. */
#include <string.h>
#include "testlib.h"
#include "zkfl/common.h"

static void sum_range(void *ctx, size_t b, size_t e, int w)
{
    uint64_t *out = ctx;
    for (size_t i = b; i < e; i++)
        out[i] = i * i;
    (void)w;
}

int main(void)
{
    CHECK(strcmp(zkfl_strerror(ZKFL_OK), "success") == 0);
    CHECK(strcmp(zkfl_strerror(ZKFL_ERR_NOT_IN_SUBGROUP), "point is not in the prime-order subgroup") == 0);
    CHECK(strcmp(zkfl_strerror(-9999), "unknown error") == 0);
    for (int e = ZKFL_ERR_BUDGET; e <= 0; e++)
        CHECK(strcmp(zkfl_strerror(e), "unknown error") != 0);

    uint8_t buf[64];
    memset(buf, 0xab, sizeof buf);
    zkfl_memzero(buf, sizeof buf);
    int allzero = 1;
    for (size_t i = 0; i < sizeof buf; i++) allzero &= buf[i] == 0;
    CHECK(allzero);

    uint8_t a[32] = {0}, b[32] = {0};
    CHECK_OK(zkfl_randombytes(a, sizeof a));
    CHECK_OK(zkfl_randombytes(b, sizeof b));
    CHECK(memcmp(a, b, 32) != 0);
    CHECK(zkfl_randombytes(NULL, 4) == ZKFL_ERR_INVALID_ARG);

    /* random_below: range and rough uniformity over 6 buckets. */
    int counts[6] = {0};
    for (int i = 0; i < 6000; i++) {
        uint64_t x;
        CHECK_OK(zkfl_random_below(&x, 6));
        CHECK(x < 6);
        if (x < 6) counts[x]++;
    }
    for (int i = 0; i < 6; i++) CHECK(counts[i] > 800 && counts[i] < 1200);
    uint64_t x;
    CHECK(zkfl_random_below(&x, 0) == ZKFL_ERR_INVALID_ARG);

    for (int threads = 1; threads <= 5; threads++) {
        uint64_t out[1000];
        memset(out, 0, sizeof out);
        CHECK_OK(zkfl_parallel_for(1000, threads, sum_range, out));
        int ok = 1;
        for (size_t i = 0; i < 1000; i++) ok &= out[i] == i * i;
        CHECK(ok);
    }
    CHECK(zkfl_default_threads() >= 1);
    zkfl_set_default_threads(3);
    CHECK_EQ_INT(zkfl_default_threads(), 3);
    zkfl_set_default_threads(0);
    return zkfl_test_done("util");
}
