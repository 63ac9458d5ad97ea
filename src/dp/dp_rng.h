/* Internal: economical uniform randomness for the exact samplers (bits
 * from a pool over a buffer refilled from zkfl_randombytes). The number of
 * bits a draw consumes depends on the values drawn. */
#ifndef ZKFL_DP_RNG_H
#define ZKFL_DP_RNG_H

#include <stddef.h>
#include <stdint.h>
#include "zkfl/dp.h"

typedef unsigned __int128 zkfl_u128;

#define ZKFL_DP_RNG_BYTES 65536

/* Defined here (not in dp.h) so the per-bit loop of the lazy coin below
 * can be inlined into the samplers. */
struct zkfl_dp_rng {
    uint64_t pool;    /* unused random bits, taken from the low end */
    int npool;        /* how many of pool's low bits are unused */
    size_t pos, len;  /* buf[pos, len) is unused; buf[0, pos) already wiped */
    size_t next_len;  /* size of the next refill */
    uint8_t buf[ZKFL_DP_RNG_BYTES];
};

/* pool <- 64 fresh bits (npool = 64); called when the pool is empty. */
int zkfl_dp_rng_refill_pool(zkfl_dp_rng *rng);

/* Uniform in [0, bound), bound >= 1, exact: len = bits of bound - 1 drawn
 * and values >= bound rejected when bound >= 3/4 2^len, else Lemire's
 * method on len + 8 bits. */
int zkfl_dp_rng_below_u64(zkfl_dp_rng *rng, uint64_t *out, uint64_t bound);
int zkfl_dp_rng_below_u128(zkfl_dp_rng *rng, zkfl_u128 *out, zkfl_u128 bound);
/* One fair bit (one bit of the pool). */
int zkfl_dp_rng_bit(zkfl_dp_rng *rng, int *out);
/* k uniform bits in the low end of *out, 1 <= k <= 64. */
int zkfl_dp_rng_bits(zkfl_dp_rng *rng, uint64_t *out, int k);
/* Bernoulli(num/den) (1 if num >= den), 1 <= den <= 2^127: a uniform in
 * [0, 1) compared lazily with num/den, 2 random bits on average. */
#define ZKFL_DP_FRAC_MAX_DEN ((zkfl_u128)1 << 127)
int zkfl_dp_rng_bernoulli_frac(zkfl_dp_rng *rng, int *out, zkfl_u128 num, zkfl_u128 den);

/* The same coin for num < den <= 2^63 in 64-bit arithmetic, inlined: the
 * samplers' Laplace coins all fit, and the coin is their inner loop. See
 * zkfl_dp_rng_bernoulli_frac (dp_rng.c) for why the comparison is exact. */
#define ZKFL_DP_COIN64_MAX_DEN (UINT64_C(1) << 63)
static inline int zkfl_dp_rng_coin64(zkfl_dp_rng *rng, int *out, uint64_t num, uint64_t den)
{
    uint64_t r = num;
    for (;;) {
        if (rng->npool == 0) {
            int rc = zkfl_dp_rng_refill_pool(rng);
            if (rc != 0)
                return rc;
        }
        r <<= 1;
        int p_bit = r >= den;
        if (p_bit)
            r -= den;
        int u_bit = (int)(rng->pool & 1);
        rng->pool >>= 1;
        rng->npool--;
        if (u_bit != p_bit || r == 0) {
            *out = p_bit > u_bit;
            return ZKFL_OK;
        }
    }
}

#endif
