/* Client sampling: a fixed number per round, or Poisson (what DP assumes). */
#include <stdlib.h>
#include "zkfl/fl.h"

int zkfl_fl_sample_fixed(uint32_t *chosen, size_t *n_chosen, size_t n, size_t k,
                         zkfl_ml_rng *rng)
{
    if (chosen == NULL || n_chosen == NULL || rng == NULL || k > n || n > UINT32_MAX)
        return ZKFL_ERR_INVALID_ARG;
    /* Selection sampling (Knuth's Algorithm S): sorted output, no buffer. */
    size_t got = 0;
    for (size_t i = 0; i < n && got < k; i++)
        if (zkfl_ml_rng_below(rng, n - i) < k - got)
            chosen[got++] = (uint32_t)i;
    *n_chosen = got;
    return 0;
}

int zkfl_fl_sample_poisson(uint32_t *chosen, size_t *n_chosen, size_t n, double q,
                           zkfl_ml_rng *rng)
{
    if (chosen == NULL || n_chosen == NULL || rng == NULL || !(q >= 0 && q <= 1) ||
        n > UINT32_MAX)
        return ZKFL_ERR_INVALID_ARG;
    size_t got = 0;
    for (size_t i = 0; i < n; i++)
        if (zkfl_ml_rng_uniform(rng) < q)
            chosen[got++] = (uint32_t)i;
    *n_chosen = got;
    return 0;
}
