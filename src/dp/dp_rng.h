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
/* The next 64 fresh bits of the buffer (bypassing the pool). */
int zkfl_dp_rng_next_word(zkfl_dp_rng *rng, uint64_t *out);

/* The k (1..64) lowest bits of *out are uniform, the others zero. */
static inline int zkfl_dp_rng_take_bits(zkfl_dp_rng *rng, uint64_t *out, int k)
{
    if (rng->npool >= k) {
        uint64_t v = k == 64 ? rng->pool : rng->pool & ((UINT64_C(1) << k) - 1);
        rng->pool = k == 64 ? 0 : rng->pool >> k;
        rng->npool -= k;
        *out = v;
        return ZKFL_OK;
    }
    /* Not enough in the pool: its npool bits are the low part, a fresh word
     * supplies the remaining k - npool and refills the pool. */
    uint64_t w;
    int rc = zkfl_dp_rng_next_word(rng, &w);
    if (rc != 0)
        return rc;
    int have = rng->npool, need = k - have; /* 1 <= need <= 64 */
    uint64_t low = rng->pool;
    uint64_t high = need == 64 ? w : w & ((UINT64_C(1) << need) - 1);
    *out = have == 0 ? high : low | (high << have);
    rng->pool = need == 64 ? 0 : w >> need;
    rng->npool = 64 - need;
    return ZKFL_OK;
}

/* Uniform draws below a fixed bound, with the method and its constants
 * chosen once (zkfl_dp_uniform_init) for a run of draws. */
struct zkfl_dp_uniform {
    uint64_t bound;
    int bits;           /* bits drawn per try */
    int lemire;         /* 0: reject values >= bound; 1: Lemire */
    uint64_t mask;      /* Lemire: 2^bits - 1 */
    uint64_t threshold; /* Lemire: 2^bits mod bound, the low parts to reject */
};
/* bound >= 1. */
void zkfl_dp_uniform_init(struct zkfl_dp_uniform *u, uint64_t bound);
static inline int zkfl_dp_rng_uniform(zkfl_dp_rng *rng, uint64_t *out,
                                      const struct zkfl_dp_uniform *u)
{
    if (u->bits == 0) {
        *out = 0;
        return ZKFL_OK;
    }
    for (;;) {
        uint64_t x;
        int rc = zkfl_dp_rng_take_bits(rng, &x, u->bits);
        if (rc != 0)
            return rc;
        if (!u->lemire) {
            if (x < u->bound) {
                *out = x;
                return ZKFL_OK;
            }
            continue;
        }
        zkfl_u128 m = (zkfl_u128)x * u->bound;
        if (((uint64_t)m & u->mask) >= u->threshold) {
            *out = (uint64_t)(m >> u->bits);
            return ZKFL_OK;
        }
    }
}

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
