/* Roots of unity of Fr, identical to ffjavascript's Fr.w[k] (buildBn128):
 * ffjavascript takes the smallest quadratic non-residue, 5, sets
 * w[28] = 5^((r-1)/2^28) and squares down, so w[k] = w[28]^(2^(28-k)).
 * Matching it makes our evaluation domains those of snarkjs. */
#include <string.h>
#include "zkfl/poly.h"
#include "ff/fp_impl.h"

/* 5^((r-1)/2^28) mod r =
 * 19103219067921713944291392827692070036145651957329286315305642004821462161904,
 * in Montgomery form; tests/poly checks it against ffjavascript's Fr.w[28]
 * and that it has order exactly 2^28. */
static const zkfl_fr root_2_28 = { { 0x636e735580d13d9cull, 0xa22bf3742445ffd6ull,
                                     0x56452ac01eb203d8ull, 0x1860ef942963f9e7ull } };

int zkfl_fr_root_of_unity(zkfl_fr *w, unsigned log_n)
{
    if (w == NULL)
        return ZKFL_ERR_INVALID_ARG;
    if (log_n > ZKFL_NTT_MAX_LOG)
        return ZKFL_ERR_RANGE;
    zkfl_fr r = root_2_28;
    for (unsigned k = ZKFL_NTT_MAX_LOG; k > log_n; k--)
        ff_fr_sqr(&r, &r);
    *w = r;
    return ZKFL_OK;
}
