/* snarkjs's ChaCha-driven hash to G2 (see transcript_chacha.h). Everything
 * here works on public transcript data, so variable time is fine. */
#include <string.h>
#include <openssl/sha.h>
#include "snark/transcript_chacha.h"

static uint32_t rotl(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

#define QR(s, a, b, c, d) do { \
    s[a] += s[b]; s[d] = rotl(s[d] ^ s[a], 16); \
    s[c] += s[d]; s[b] = rotl(s[b] ^ s[c], 12); \
    s[a] += s[b]; s[d] = rotl(s[d] ^ s[a], 8); \
    s[c] += s[d]; s[b] = rotl(s[b] ^ s[c], 7); } while (0)

void zkfl_chacha_init(zkfl_chacha *c, const uint32_t seed[8])
{
    static const uint32_t sigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    memcpy(c->state, sigma, sizeof sigma);
    memcpy(c->state + 4, seed, 8 * sizeof *seed);
    memset(c->state + 12, 0, 4 * sizeof *c->state);
    c->idx = 16;
}

static void refill(zkfl_chacha *c)
{
    uint32_t *s = c->buf;
    memcpy(s, c->state, sizeof c->state);
    for (int i = 0; i < 10; i++) {
        QR(s, 0, 4, 8, 12); QR(s, 1, 5, 9, 13); QR(s, 2, 6, 10, 14); QR(s, 3, 7, 11, 15);
        QR(s, 0, 5, 10, 15); QR(s, 1, 6, 11, 12); QR(s, 2, 7, 8, 13); QR(s, 3, 4, 9, 14);
    }
    for (int i = 0; i < 16; i++) s[i] += c->state[i];
    c->idx = 0;
    /* The 128-bit block counter spans words 12..15. */
    for (int i = 12; i < 16; i++)
        if (++c->state[i] != 0) break;
}

uint32_t zkfl_chacha_u32(zkfl_chacha *c)
{
    if (c->idx == 16) refill(c);
    return c->buf[c->idx++];
}

/* Draws 256 bits the ffjavascript way into little-endian bytes, masked to
 * 254 bits (both BN254 moduli have bit length 254). */
static void draw254(uint8_t out[32], zkfl_chacha *c)
{
    for (int i = 0; i < 4; i++) {
        uint64_t hi = zkfl_chacha_u32(c);
        uint64_t lo = zkfl_chacha_u32(c);
        uint64_t v = hi << 32 | lo;
        for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(v >> (8 * j));
    }
    out[31] &= 0x3f;
}

void zkfl_chacha_fp(zkfl_fp *r, zkfl_chacha *c)
{
    uint8_t b[32];
    do draw254(b, c);
    while (zkfl_fp_from_bytes_lem(r, b) != 0);
}

void zkfl_chacha_fr(zkfl_fr *r, zkfl_chacha *c)
{
    uint8_t b[32];
    do draw254(b, c);
    while (zkfl_fr_from_bytes_lem(r, b) != 0);
}

/* wasmcurves' isNegative: the canonical value is > (p-1)/2; for Fp2 the
 * sign of c1, or of c0 when c1 = 0. */
static int fp_is_negative(const zkfl_fp *a)
{
    static const uint64_t half_plus_one[4] = {0x9e10460b6c3e7ea4ull, 0xcbc0b548b438e546ull,
                                              0xdc2822db40c0ac2eull, 0x183227397098d014ull};
    uint64_t v[4];
    zkfl_fp_to_raw(v, a);
    for (int i = 3; i >= 0; i--)
        if (v[i] != half_plus_one[i]) return v[i] > half_plus_one[i];
    return 1;
}

static int fp2_is_negative(const zkfl_fp2 *a)
{
    return zkfl_fp_is_zero(&a->c1) ? fp_is_negative(&a->c0) : fp_is_negative(&a->c1);
}

/* P * h2 for the G2 cofactor h2 = 2p - r, by double-and-add: the cofactor
 * exceeds r, so the Fr scalar multiplication cannot be used. */
static void mul_cofactor(zkfl_g2 *r, const zkfl_g2 *p)
{
    static const uint64_t h[4] = {0x345f2299c0f9fa8dull, 0x06ceecda572a2489ull,
                                  0xb85045b68181585eull, 0x30644e72e131a029ull};
    zkfl_g2 acc;
    zkfl_g2_set_infinity(&acc);
    for (int bit = 255; bit >= 0; bit--) {
        zkfl_g2_dbl(&acc, &acc);
        if ((h[bit / 64] >> (bit % 64)) & 1) zkfl_g2_add(&acc, &acc, p);
    }
    *r = acc;
}

void zkfl_chacha_g1(zkfl_g1_affine *r, zkfl_chacha *c)
{
    zkfl_fp x, rhs, y, b;
    int greatest;
    zkfl_fp_set_u64(&b, 3);
    for (;;) {
        zkfl_chacha_fp(&x, c);
        greatest = zkfl_chacha_u32(c) & 1;
        zkfl_fp_sqr(&rhs, &x);
        zkfl_fp_mul(&rhs, &rhs, &x);
        zkfl_fp_add(&rhs, &rhs, &b);
        if (zkfl_fp_sqrt(&y, &rhs) == 0) break;
    }
    if (greatest ^ fp_is_negative(&y)) zkfl_fp_neg(&y, &y);
    /* G1 has cofactor one: every curve point is in the group. */
    r->x = x;
    r->y = y;
}

void zkfl_chacha_g2(zkfl_g2_affine *r, zkfl_chacha *c)
{
    zkfl_fp2 b, xi, x, rhs, y;
    zkfl_fp three;
    /* b' = 3 / (9 + u), the twist's constant. */
    zkfl_fp_set_u64(&xi.c0, 9);
    zkfl_fp_set_one(&xi.c1);
    zkfl_fp2_inv_vartime(&b, &xi);
    zkfl_fp_set_u64(&three, 3);
    zkfl_fp2_mul_fp(&b, &b, &three);
    int greatest;
    for (;;) {
        zkfl_chacha_fp(&x.c0, c);
        zkfl_chacha_fp(&x.c1, c);
        greatest = zkfl_chacha_u32(c) & 1;
        zkfl_fp2_sqr(&rhs, &x);
        zkfl_fp2_mul(&rhs, &rhs, &x);
        zkfl_fp2_add(&rhs, &rhs, &b);
        if (zkfl_fp2_sqrt(&y, &rhs) == 0) break;
    }
    if (greatest ^ fp2_is_negative(&y)) zkfl_fp2_neg(&y, &y);
    zkfl_g2 p;
    p.x = x;
    p.y = y;
    zkfl_fp2_set_one(&p.z);
    mul_cofactor(&p, &p);
    zkfl_g2_to_affine(r, &p);
}

void zkfl_hash_to_g2_snarkjs(zkfl_g2_affine *r, const uint8_t hash[64])
{
    uint32_t seed[8];
    for (int i = 0; i < 8; i++)
        seed[i] = (uint32_t)hash[4 * i] << 24 | (uint32_t)hash[4 * i + 1] << 16 |
                  (uint32_t)hash[4 * i + 2] << 8 | hash[4 * i + 3];
    zkfl_chacha c;
    zkfl_chacha_init(&c, seed);
    zkfl_chacha_g2(r, &c);
}

int zkfl_beacon_params_valid(const uint8_t *beacon_hash, size_t len, unsigned num_iterations_exp)
{
    return beacon_hash != NULL && len >= 1 && len <= 255 && num_iterations_exp >= ZKFL_BEACON_MIN_EXP &&
           num_iterations_exp <= ZKFL_BEACON_MAX_EXP;
}

int zkfl_chacha_from_beacon(zkfl_chacha *c, const uint8_t *beacon_hash, size_t len,
                            unsigned num_iterations_exp)
{
    if (!zkfl_beacon_params_valid(beacon_hash, len, num_iterations_exp)) return ZKFL_ERR_INVALID_ARG;
    /* The first round hashes the beacon itself (any length); every later
     * round hashes the previous 32-byte digest. */
    uint8_t cur[32];
    SHA256(beacon_hash, len, cur);
    uint64_t rounds = (uint64_t)1 << num_iterations_exp;
    for (uint64_t i = 1; i < rounds; i++) SHA256(cur, 32, cur);
    uint32_t seed[8];
    for (int i = 0; i < 8; i++)
        seed[i] = (uint32_t)cur[4 * i] << 24 | (uint32_t)cur[4 * i + 1] << 16 |
                  (uint32_t)cur[4 * i + 2] << 8 | cur[4 * i + 3];
    zkfl_chacha_init(c, seed);
    return 0;
}
