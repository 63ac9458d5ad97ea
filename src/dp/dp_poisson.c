/* Poisson subsampling for DP-SGD batches: every position of [0, n) is in
 * the batch independently with the same probability, which is what the
 * subsampled-Gaussian accountant analyses. The gaps between included
 * positions are geometric, and drawing the gaps directly costs O(1 + q n)
 * draws per batch instead of n coin flips. The gap law is exact: it is the
 * geometric part of Canonne, Kamath & Steinke's discrete Laplace sampler
 * (Algorithm 2), built from exact Bernoulli(exp(-x)) coins with rational x,
 * so the inclusion probability is exactly 1 - exp(-gamma) for a rational
 * gamma chosen just below -ln(1 - q). */
#include <math.h>
#include <stdlib.h>
#include "dp/dp_rng.h"

/* gamma = s / 2^56: fine enough that rounding gamma down costs no more
 * than the 2^-40 margin below, small enough that s < 2^63 for every q < 1
 * in double (gamma <= 37.5) and every product below fits 128 bits. */
#define POISSON_DEN_BITS 56

struct zkfl_dp_poisson {
    zkfl_dp_rng *rng;
    int all;        /* q = 1: every position, no draws */
    uint64_t s, t;  /* gamma = s / t */
};

int zkfl_dp_poisson_new(zkfl_dp_poisson **out, double q)
{
    if (out == NULL || !(q > 0.0 && q <= 1.0))
        return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_dp_poisson *p = calloc(1, sizeof *p);
    if (p == NULL)
        return ZKFL_ERR_NOMEM;
    p->t = (uint64_t)1 << POISSON_DEN_BITS;
    if (q == 1.0) {
        p->all = 1;
    } else {
        /* The inclusion probability must not exceed q (the accountant's
         * rate; the subsampled Gaussian's RDP grows with the rate, so
         * accounting with q then bounds what runs). gamma = -ln(1 - q) is
         * computed by log1p to within a few ulps (glibc: < 2 ulps); the
         * 2^-40 relative margin covers thousands of them, and the floor
         * rounds down once more. */
        double gamma = -log1p(-q);
        double scaled = ldexp(gamma, POISSON_DEN_BITS) * (1.0 - 0x1p-40);
        if (!(scaled >= 1.0) || !(scaled < 0x1p63)) {
            free(p);
            return ZKFL_ERR_RANGE; /* q below ~2^-56 */
        }
        p->s = (uint64_t)scaled;
    }
    int rc = zkfl_dp_rng_new(&p->rng);
    if (rc != 0) {
        free(p);
        return rc;
    }
    *out = p;
    return ZKFL_OK;
}

void zkfl_dp_poisson_free(zkfl_dp_poisson *p)
{
    if (p == NULL)
        return;
    zkfl_dp_rng_free(p->rng);
    zkfl_memzero(p, sizeof *p);
    free(p);
}

double zkfl_dp_poisson_rate(const zkfl_dp_poisson *p)
{
    if (p == NULL)
        return NAN;
    return p->all ? 1.0 : -expm1(-(double)p->s / (double)p->t);
}

static int bernoulli_exp(int *out, zkfl_dp_rng *rng, uint64_t num, uint64_t den)
{
    struct zkfl_dp_rational g = {num, den};
    return zkfl_dp_sample_bernoulli_exp_vartime(out, rng, g);
}

/* Y with P(Y >= k) = exp(-k s / t) for every k >= 0, i.e. the number of
 * positions skipped before the next included one. X = U + t V is geometric
 * with ratio exp(-1/t): U uniform in [0, t) kept with probability
 * exp(-U/t) (its law is then proportional to exp(-U/t)), V the number of
 * successes of Bernoulli(exp(-1)) before the first failure; then
 * P(X >= x) = exp(-x/t) and Y = floor(X / s). Expected cost: ~1.6 tries
 * for U and ~0.6 extra coins for V, whatever s/t is. */
static int geometric(uint64_t *out, zkfl_dp_rng *rng, uint64_t s, uint64_t t)
{
    uint64_t u;
    for (;;) {
        int keep, rc = zkfl_dp_rng_below_u64(rng, &u, t);
        if (rc == 0)
            rc = bernoulli_exp(&keep, rng, u, t);
        if (rc != 0)
            return rc;
        if (keep)
            break;
    }
    uint64_t v = 0;
    for (;;) {
        int more, rc = bernoulli_exp(&more, rng, 1, 1);
        if (rc != 0)
            return rc;
        if (!more)
            break;
        v++;
    }
    /* u < 2^56 and v < 2^64: x < 2^121, no wrap. */
    zkfl_u128 y = ((zkfl_u128)t * v + u) / s;
    *out = y > UINT64_MAX ? UINT64_MAX : (uint64_t)y;
    return ZKFL_OK;
}

int zkfl_dp_poisson_sample_vartime(uint32_t *pos, size_t *count, zkfl_dp_poisson *p, size_t n)
{
    if (count != NULL)
        *count = 0;
    if (pos == NULL || count == NULL || p == NULL)
        return ZKFL_ERR_INVALID_ARG;
    if ((uint64_t)n > (uint64_t)UINT32_MAX + 1)
        return ZKFL_ERR_RANGE;
    size_t c = 0;
    if (p->all) {
        for (size_t i = 0; i < n; i++)
            pos[i] = (uint32_t)i;
        *count = n;
        return ZKFL_OK;
    }
    uint64_t next = 0; /* first position not yet decided */
    while (next < n) {
        uint64_t gap;
        int rc = geometric(&gap, p->rng, p->s, p->t);
        if (rc != 0)
            return rc;
        if (gap >= n - next)
            break;
        next += gap;
        pos[c++] = (uint32_t)next;
        next++;
    }
    *count = c;
    return ZKFL_OK;
}
