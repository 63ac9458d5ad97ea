/* zkfl_ml_rng: xoshiro256** seeded by splitmix64. Reproducible data order,
 * partitions and weight initialisation; never a source of secrets (those come
 * from zkfl_randombytes). */
#include <math.h>
#include "zkfl/ml.h"

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void zkfl_ml_rng_seed(zkfl_ml_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        seed += 0x9e3779b97f4a7c15ull;
        uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        r->s[i] = z ^ (z >> 31);
    }
}

uint64_t zkfl_ml_rng_next(zkfl_ml_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t zkfl_ml_rng_below(zkfl_ml_rng *r, uint64_t bound)
{
    if (bound <= 1)
        return 0;
    /* Reject the top partial block so every residue is equally likely. */
    uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
    for (;;) {
        uint64_t v = zkfl_ml_rng_next(r);
        if (v <= limit)
            return v % bound;
    }
}

double zkfl_ml_rng_uniform(zkfl_ml_rng *r)
{
    return (double)(zkfl_ml_rng_next(r) >> 11) * 0x1.0p-53;
}

double zkfl_ml_rng_normal(zkfl_ml_rng *r)
{
    double u1;
    do {
        u1 = zkfl_ml_rng_uniform(r);
    } while (u1 <= 0.0);
    double u2 = zkfl_ml_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

void zkfl_ml_rng_shuffle(zkfl_ml_rng *r, uint32_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)zkfl_ml_rng_below(r, i);
        uint32_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

double zkfl_ml_rng_gamma(zkfl_ml_rng *r, double shape)
{
    if (!(shape > 0))
        return 0.0;
    if (shape < 1.0) {
        /* Boost: Gamma(a) = Gamma(a + 1) * U^(1/a). */
        double u;
        do {
            u = zkfl_ml_rng_uniform(r);
        } while (u <= 0.0);
        return zkfl_ml_rng_gamma(r, shape + 1.0) * pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = zkfl_ml_rng_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = zkfl_ml_rng_uniform(r);
        if (u < 1.0 - 0.0331 * x * x * x * x)
            return d * v;
        if (u > 0.0 && log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
            return d * v;
    }
}
