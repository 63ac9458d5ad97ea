/* Uniform randomness for the exact samplers, spent economically: a sample
 * needs a few dozen random bits, so bits are handed out from a 64-bit pool
 * (a fair coin costs one bit, a uniform integer below t about log2 t bits,
 * a Bernoulli(num/den) coin two bits on average) instead of a word per
 * draw. Words come from a buffer refilled from zkfl_randombytes; the refill
 * grows from 4 KiB to 64 KiB, so a generator that draws little (one small
 * slice, one batch) fetches little and a long run makes few system calls.
 * Every word is wiped from the buffer as it is taken and the rest when the
 * generator is freed: the bits determine the noise, which is secret. The
 * number of bits a draw consumes depends on the values drawn (variable
 * time, as the samplers are; see zkfl/dp.h). No libm. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "dp/dp_rng.h"

#define DP_RNG_FIRST_REFILL 4096
#define DP_RNG_BYTES ZKFL_DP_RNG_BYTES

int zkfl_dp_rng_new(zkfl_dp_rng **out)
{
    if (out == NULL)
        return ZKFL_ERR_INVALID_ARG;
    /* The buffer itself needs no initialisation: only refilled bytes are read. */
    zkfl_dp_rng *r = malloc(sizeof *r);
    if (r == NULL)
        return ZKFL_ERR_NOMEM;
    r->pool = 0;
    r->npool = 0;
    r->pos = 0;
    r->len = 0; /* empty: the first draw refills */
    r->next_len = DP_RNG_FIRST_REFILL;
    *out = r;
    return ZKFL_OK;
}

void zkfl_dp_rng_free(zkfl_dp_rng *rng)
{
    if (rng == NULL)
        return;
    /* Consumed words are zero already; wipe what is left, then the state. */
    zkfl_memzero(rng->buf + rng->pos, rng->len - rng->pos);
    zkfl_memzero(rng, offsetof(zkfl_dp_rng, buf));
    free(rng);
}

static int next_u64(zkfl_dp_rng *rng, uint64_t *out)
{
    if (rng->pos == rng->len) {
        int rc = zkfl_randombytes(rng->buf, rng->next_len);
        if (rc != 0) {
            zkfl_memzero(rng->buf, rng->next_len);
            rng->pos = rng->len = 0;
            return rc;
        }
        rng->pos = 0;
        rng->len = rng->next_len;
        if (rng->next_len < DP_RNG_BYTES)
            rng->next_len *= 2;
    }
    memcpy(out, rng->buf + rng->pos, 8);
    zkfl_memzero(rng->buf + rng->pos, 8);
    rng->pos += 8;
    return ZKFL_OK;
}

int zkfl_dp_rng_refill_pool(zkfl_dp_rng *rng)
{
    int rc = next_u64(rng, &rng->pool);
    if (rc != 0)
        rng->pool = 0;
    rng->npool = rc == 0 ? 64 : 0;
    return rc;
}

int zkfl_dp_rng_next_word(zkfl_dp_rng *rng, uint64_t *out)
{
    return next_u64(rng, out);
}

static int take_bits(zkfl_dp_rng *rng, uint64_t *out, int k)
{
    return zkfl_dp_rng_take_bits(rng, out, k);
}

int zkfl_dp_rng_bits(zkfl_dp_rng *rng, uint64_t *out, int k)
{
    if (rng == NULL || out == NULL || k < 1 || k > 64)
        return ZKFL_ERR_INVALID_ARG;
    return take_bits(rng, out, k);
}

/* Number of bits of x (0 for 0). */
static int bit_length(uint64_t x)
{
    return x == 0 ? 0 : 64 - __builtin_clzll(x);
}

void zkfl_dp_uniform_init(struct zkfl_dp_uniform *u, uint64_t bound)
{
    u->bound = bound;
    u->lemire = 0;
    u->mask = u->threshold = 0;
    int len = bit_length(bound - 1); /* values below bound fit in len bits */
    u->bits = len;
    if (len <= 2 || len == 64 || bound >= (UINT64_C(3) << (len - 2)))
        return;
    /* A bound of at least 3/4 of 2^len (above): len bits, rejecting values
     * >= bound (accepted with probability >= 3/4: at most 4/3 len bits
     * expected). Otherwise Lemire 2019 with w = len + 8 bits (at most 63
     * here): the high part of x * bound, x < 2^w, is uniform once the low w
     * bits avoid the 2^w mod bound values that would over-represent some
     * outputs; rejects with probability < bound / 2^w < 2^-8. */
    u->lemire = 1;
    u->bits = len + 8;
    u->mask = (UINT64_C(1) << u->bits) - 1;
    u->threshold = (UINT64_C(1) << u->bits) % bound;
}

int zkfl_dp_rng_below_u64(zkfl_dp_rng *rng, uint64_t *out, uint64_t bound)
{
    if (rng == NULL || out == NULL || bound == 0)
        return ZKFL_ERR_INVALID_ARG;
    struct zkfl_dp_uniform u;
    zkfl_dp_uniform_init(&u, bound);
    return zkfl_dp_rng_uniform(rng, out, &u);
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
    int hi_len = bit_length((uint64_t)((bound - 1) >> 64)); /* >= 1 */
    for (;;) {
        uint64_t lo, hi;
        int rc = take_bits(rng, &lo, 64);
        if (rc == 0)
            rc = take_bits(rng, &hi, hi_len);
        if (rc != 0)
            return rc;
        zkfl_u128 x = ((zkfl_u128)hi << 64) | lo;
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
    uint64_t b;
    int rc = take_bits(rng, &b, 1);
    if (rc != 0)
        return rc;
    *out = (int)b;
    return ZKFL_OK;
}

int zkfl_dp_rng_bernoulli_frac(zkfl_dp_rng *rng, int *out, zkfl_u128 num, zkfl_u128 den)
{
    if (rng == NULL || out == NULL || den == 0 || den > ZKFL_DP_FRAC_MAX_DEN)
        return ZKFL_ERR_INVALID_ARG;
    if (num >= den) {
        *out = 1;
        return ZKFL_OK;
    }
    /* Reveal the bits of a uniform U in [0, 1) one at a time and produce
     * the bits of p = num/den alongside by long division (r/den is what is
     * left of p after the bits so far, r < den <= 2^127 so 2r cannot wrap).
     * The first bit where they differ decides U < p; if p's expansion ends
     * first, U >= p. P(U < p) = p exactly, and each bit ends the comparison
     * with probability 1/2, so it takes 2 bits on average. */
    zkfl_u128 r = num;
    uint64_t pool = rng->pool;
    int npool = rng->npool;
    for (;;) {
        if (npool == 0) {
            int rc = next_u64(rng, &pool);
            if (rc != 0) {
                rng->pool = 0;
                rng->npool = 0;
                return rc;
            }
            npool = 64;
        }
        r <<= 1;
        int p_bit = r >= den;
        if (p_bit)
            r -= den;
        int u_bit = (int)(pool & 1);
        pool >>= 1;
        npool--;
        if (u_bit != p_bit || r == 0) {
            rng->pool = pool;
            rng->npool = npool;
            *out = p_bit > u_bit;
            return ZKFL_OK;
        }
    }
}
