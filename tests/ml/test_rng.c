/* zkfl_ml_rng: xoshiro256** against the reference generator's published
 * outputs and against the test library's independent copy, plus the
 * distribution helpers (bounded, uniform, normal, gamma, shuffle). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ml.h"

int main(void)
{
    /* State {1, 2, 3, 4}: the first outputs of the reference xoshiro256**
     * (as in the rand_xoshiro crate's test). */
    static const uint64_t expect[10] = {
        11520u, 0u, 1509978240u, 1215971899390074240u, 1216172134540287360u,
        607988272756665600u, 16172922978634559625u, 8476171486693032832u,
        10595114339597558777u, 2904607092377533576u};
    zkfl_ml_rng r = {{1, 2, 3, 4}};
    for (int i = 0; i < 10; i++)
        CHECK(zkfl_ml_rng_next(&r) == expect[i]);

    /* Seeding (splitmix64) and stream agree with tests/testlib.c's copy. */
    zkfl_test_rng t;
    zkfl_ml_rng_seed(&r, 123456789);
    zkfl_test_rng_seed(&t, 123456789);
    int same = 1;
    for (int i = 0; i < 1000; i++)
        same &= zkfl_ml_rng_next(&r) == zkfl_test_rng_next(&t);
    CHECK(same);

    /* below(): in range and roughly uniform (chi-square, 10 bins). */
    zkfl_ml_rng_seed(&r, 1);
    size_t bins[10] = {0};
    int in_range = 1;
    for (int i = 0; i < 100000; i++) {
        uint64_t v = zkfl_ml_rng_below(&r, 10);
        in_range &= v < 10;
        bins[v % 10]++;
    }
    CHECK(in_range);
    double chi = 0.0;
    for (int i = 0; i < 10; i++)
        chi += (bins[i] - 10000.0) * (bins[i] - 10000.0) / 10000.0;
    CHECK(chi < 30.0);  /* 9 dof: p < 0.0005 */
    CHECK(zkfl_ml_rng_below(&r, 1) == 0 && zkfl_ml_rng_below(&r, 0) == 0);

    /* Moments of uniform, normal and gamma draws. */
    double su = 0.0, sn = 0.0, sn2 = 0.0, sg = 0.0, sg_small = 0.0;
    const int n = 200000;
    int uniform_ok = 1;
    for (int i = 0; i < n; i++) {
        double u = zkfl_ml_rng_uniform(&r);
        uniform_ok &= u >= 0.0 && u < 1.0;
        su += u;
        double z = zkfl_ml_rng_normal(&r);
        sn += z;
        sn2 += z * z;
        sg += zkfl_ml_rng_gamma(&r, 2.5);
        sg_small += zkfl_ml_rng_gamma(&r, 0.3);
    }
    CHECK(uniform_ok);
    CHECK(fabs(su / n - 0.5) < 0.005);
    CHECK(fabs(sn / n) < 0.01);
    CHECK(fabs(sn2 / n - 1.0) < 0.02);
    CHECK(fabs(sg / n - 2.5) < 0.03);        /* Gamma(k, 1) has mean k */
    CHECK(fabs(sg_small / n - 0.3) < 0.01);

    /* shuffle(): a permutation, reproducible from the seed, every position
     * reachable. */
    uint32_t a[100], b[100];
    for (uint32_t i = 0; i < 100; i++) a[i] = b[i] = i;
    zkfl_ml_rng r1, r2;
    zkfl_ml_rng_seed(&r1, 9);
    zkfl_ml_rng_seed(&r2, 9);
    zkfl_ml_rng_shuffle(&r1, a, 100);
    zkfl_ml_rng_shuffle(&r2, b, 100);
    CHECK(memcmp(a, b, sizeof a) == 0);
    int seen[100] = {0}, moved = 0;
    for (int i = 0; i < 100; i++) {
        seen[a[i]]++;
        moved += a[i] != (uint32_t)i;
    }
    int perm = 1;
    for (int i = 0; i < 100; i++) perm &= seen[i] == 1;
    CHECK(perm);
    CHECK(moved > 80);
    return zkfl_test_done("ml_rng");
}
