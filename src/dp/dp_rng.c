/* The samplers consume many small uniform draws (a few per noise
 * coordinate). One getrandom call per draw would dominate the cost of
 * noising a 100k-dimensional update, so draws come from a 4 KiB buffer
 * refilled from zkfl_randombytes; the buffer is wiped when refilled and
 * when the generator is freed, since it determines the noise. No libm. */
#include <stdlib.h>
#include <string.h>
#include "dp/dp_rng.h"

#define DP_RNG_BYTES 4096

struct zkfl_dp_rng {
    uint8_t buf[DP_RNG_BYTES];
    size_t pos;      /* bytes consumed */
    uint64_t bits;   /* spare bits for fair coins */
    int nbits;
};

int zkfl_dp_rng_new(zkfl_dp_rng **out)
{
    if (out == NULL)
        return ZKFL_ERR_INVALID_ARG;
    zkfl_dp_rng *r = malloc(sizeof *r);
    if (r == NULL)
        return ZKFL_ERR_NOMEM;
    r->pos = DP_RNG_BYTES; /* empty: first draw refills */
    r->bits = 0;
    r->nbits = 0;
    *out = r;
    return ZKFL_OK;
}

void zkfl_dp_rng_free(zkfl_dp_rng *rng)
{
    if (rng == NULL)
        return;
    zkfl_memzero(rng, sizeof *rng);
    free(rng);
}

static int next_u64(zkfl_dp_rng *rng, uint64_t *out)
{
    if (rng->pos + 8 > DP_RNG_BYTES) {
        int rc = zkfl_randombytes(rng->buf, DP_RNG_BYTES);
        if (rc != 0)
            return rc;
        rng->pos = 0;
    }
    memcpy(out, rng->buf + rng->pos, 8);
    zkfl_memzero(rng->buf + rng->pos, 8);
    rng->pos += 8;
    return ZKFL_OK;
}

int zkfl_dp_rng_below_u64(zkfl_dp_rng *rng, uint64_t *out, uint64_t bound)
{
    if (rng == NULL || out == NULL || bound == 0)
        return ZKFL_ERR_INVALID_ARG;
    /* Lemire 2019: the high word of x * bound is uniform once the low word
     * avoids the 2^64 mod bound values that would over-represent some
     * outputs; exact, and the division runs only in the rare near-miss. */
    uint64_t x;
    int rc = next_u64(rng, &x);
    if (rc != 0)
        return rc;
    zkfl_u128 m = (zkfl_u128)x * bound;
    uint64_t lo = (uint64_t)m;
    if (lo < bound) {
        uint64_t threshold = (0 - bound) % bound;
        while (lo < threshold) {
            rc = next_u64(rng, &x);
            if (rc != 0)
                return rc;
            m = (zkfl_u128)x * bound;
            lo = (uint64_t)m;
        }
    }
    *out = (uint64_t)(m >> 64);
    return ZKFL_OK;
}

int zkfl_dp_rng_below_u128(zkfl_dp_rng *rng, zkfl_u128 *out, zkfl_u128 bound)
{
    if (rng == NULL || out == NULL || bound == 0)
        return ZKFL_ERR_INVALID_ARG;
    if (bound <= UINT64_MAX) {
        uint64_t x;
        int rc = zkfl_dp_rng_below_u64(rng, &x, (uint64_t)bound);
        *out = x;
        return rc;
    }
    /* Draw as many bits as bound - 1 has and reject values >= bound: every
     * accepted value is equally likely and a draw succeeds with probability
     * above 1/2, without any 128-bit division. */
    uint64_t hi_bound = (uint64_t)((bound - 1) >> 64);
    uint64_t mask = hi_bound;
    mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4;
    mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
    for (;;) {
        uint64_t lo, hi;
        int rc = next_u64(rng, &lo);
        if (rc == 0)
            rc = next_u64(rng, &hi);
        if (rc != 0)
            return rc;
        zkfl_u128 x = ((zkfl_u128)(hi & mask) << 64) | lo;
        if (x < bound) {
            *out = x;
            return ZKFL_OK;
        }
    }
}

int zkfl_dp_rng_bit(zkfl_dp_rng *rng, int *out)
{
    if (rng == NULL || out == NULL)
        return ZKFL_ERR_INVALID_ARG;
    if (rng->nbits == 0) {
        int rc = next_u64(rng, &rng->bits);
        if (rc != 0)
            return rc;
        rng->nbits = 64;
    }
    *out = (int)(rng->bits & 1);
    rng->bits >>= 1;
    rng->nbits--;
    return ZKFL_OK;
}
