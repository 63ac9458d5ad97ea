/* NTT at sizes where the blocked layout matters (several in-cache blocks,
 * column tasks over many rows, twiddles past the table limit; for the
 * vector path at 2^22 also its phase C): round trips, coset round trips,
 * thread-count independence, scalar and vector stages alike, and
 * evaluations checked against Horner at random points of the domain.
 * Labelled slow-asan; sizes 2^20 and 2^22 only with ZKFL_SLOW_TESTS. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/poly.h"
#include "poly/ntt_impl.h"

#include "ntt_test_util.h"

static void check_size(unsigned lg)
{
    size_t n = (size_t)1 << lg;
    zkfl_fr *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    CHECK(a && b && c);
    if (!a || !b || !c)
        goto out;
    random_vec(a, n);
    memcpy(b, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(b, n, 2));
    /* spot-check evaluations p(w^i) against Horner */
    check_ntt_spots(a, b, n, lg, 3);
    /* any thread count, and with on-the-fly twiddles for the late stages */
    memcpy(c, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(c, n, 3));
    CHECK(memcmp(b, c, n * sizeof *a) == 0);
    zkfl_ntt_table_limit = 13;
    memcpy(c, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(c, n, 1));
    zkfl_ntt_table_limit = NTT_TABLE_MAX_LOG;
    CHECK(memcmp(b, c, n * sizeof *a) == 0);
    /* the scalar stages (the vector ones are the default where built) */
    zkfl_ntt_use_vec = 0;
    memcpy(c, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(c, n, 2));
    zkfl_ntt_use_vec = 1;
    CHECK(memcmp(b, c, n * sizeof *a) == 0);
    CHECK_OK(zkfl_intt(b, n, 2));
    CHECK(memcmp(a, b, n * sizeof *a) == 0);
    zkfl_fr shift;
    zkfl_fr_set_u64(&shift, 25);
    CHECK_OK(zkfl_ntt_coset(b, n, &shift, 2));
    CHECK_OK(zkfl_intt_coset(b, n, &shift, 2));
    CHECK(memcmp(a, b, n * sizeof *a) == 0);
out:
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6c61726765);
    check_size(17);
    check_size(18);
#ifdef ZKFL_SLOW_TESTS_ON
    check_size(20);
    check_size(22);
#endif
    return zkfl_test_done("poly_test_ntt_large");
}
