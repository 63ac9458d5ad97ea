/* Internal: buffered uniform randomness for the exact samplers. */
#ifndef ZKFL_DP_RNG_H
#define ZKFL_DP_RNG_H

#include <stdint.h>
#include "zkfl/dp.h"

typedef unsigned __int128 zkfl_u128;

/* Uniform in [0, bound) by rejection of the top partial block; bound >= 1. */
int zkfl_dp_rng_below_u64(zkfl_dp_rng *rng, uint64_t *out, uint64_t bound);
int zkfl_dp_rng_below_u128(zkfl_dp_rng *rng, zkfl_u128 *out, zkfl_u128 bound);
/* One fair bit. */
int zkfl_dp_rng_bit(zkfl_dp_rng *rng, int *out);

#endif
