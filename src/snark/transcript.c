/* BLAKE2b-512 (RFC 7693), unkeyed, with snarkjs-compatible state export. */
#include <string.h>
#include "snark/transcript.h"
#include "zkfl/common.h"

static const uint64_t iv[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull};

static const uint8_t sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

static uint64_t rotr(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

#define G(a, b, c, d, x, y) do { \
    v[a] = v[a] + v[b] + (x); v[d] = rotr(v[d] ^ v[a], 32); \
    v[c] = v[c] + v[d]; v[b] = rotr(v[b] ^ v[c], 24); \
    v[a] = v[a] + v[b] + (y); v[d] = rotr(v[d] ^ v[a], 16); \
    v[c] = v[c] + v[d]; v[b] = rotr(v[b] ^ v[c], 63); } while (0)

static void compress(zkfl_blake2b *s, const uint8_t block[128], int last)
{
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);
    for (int i = 0; i < 8; i++) { v[i] = s->h[i]; v[i + 8] = iv[i]; }
    v[12] ^= s->t;   /* the high counter word stays 0 below 2^64 bytes */
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; r++) {
        const uint8_t *z = sigma[r];
        G(0, 4, 8, 12, m[z[0]], m[z[1]]);
        G(1, 5, 9, 13, m[z[2]], m[z[3]]);
        G(2, 6, 10, 14, m[z[4]], m[z[5]]);
        G(3, 7, 11, 15, m[z[6]], m[z[7]]);
        G(0, 5, 10, 15, m[z[8]], m[z[9]]);
        G(1, 6, 11, 12, m[z[10]], m[z[11]]);
        G(2, 7, 8, 13, m[z[12]], m[z[13]]);
        G(3, 4, 9, 14, m[z[14]], m[z[15]]);
    }
    for (int i = 0; i < 8; i++) s->h[i] ^= v[i] ^ v[i + 8];
}

void zkfl_blake2b_init(zkfl_blake2b *s)
{
    memset(s, 0, sizeof *s);
    memcpy(s->h, iv, sizeof iv);
    s->h[0] ^= 0x01010000ull ^ 64;   /* depth 1, fanout 1, no key, 64-byte digest */
}

void zkfl_blake2b_update(zkfl_blake2b *s, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n > 0) {
        /* A full buffer is compressed only once more data arrives, because
         * the final block must be compressed with the last-block flag. */
        if (s->pos == 128) {
            s->t += 128;
            compress(s, s->buf, 0);
            s->pos = 0;
        }
        size_t take = 128 - s->pos < n ? 128 - s->pos : n;
        /* Full blocks that are not the input's last go straight from the
         * input, as in noble-hashes (snarkjs): the buffer keeps its older
         * bytes, which the exported partial hash shows. */
        if (take == 128 && n > 128) {
            while (n > 128) {
                s->t += 128;
                compress(s, p, 0);
                p += 128;
                n -= 128;
            }
            continue;
        }
        memcpy(s->buf + s->pos, p, take);
        s->pos += take;
        p += take;
        n -= take;
    }
}

void zkfl_blake2b_final(uint8_t out[64], zkfl_blake2b *s)
{
    s->t += s->pos;
    memset(s->buf + s->pos, 0, 128 - s->pos);
    compress(s, s->buf, 1);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(s->h[i] >> (8 * j));
    zkfl_memzero(s, sizeof *s);
}

void zkfl_blake2b_512(uint8_t out[64], const void *data, size_t n)
{
    zkfl_blake2b s;
    zkfl_blake2b_init(&s);
    zkfl_blake2b_update(&s, data, n);
    zkfl_blake2b_final(out, &s);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void zkfl_blake2b_export(uint8_t out[216], const zkfl_blake2b *s)
{
    memcpy(out, s->buf, 128);
    for (int i = 0; i < 8; i++) {
        put32(out + 128 + 8 * i, (uint32_t)s->h[i]);
        put32(out + 132 + 8 * i, (uint32_t)(s->h[i] >> 32));
    }
    put32(out + 192, (uint32_t)s->t);
    put32(out + 196, (uint32_t)(s->t >> 32));
    put32(out + 200, (uint32_t)s->pos);
    memset(out + 204, 0, 12);
}

int zkfl_blake2b_import(zkfl_blake2b *s, const uint8_t in[216])
{
    uint32_t pos = get32(in + 200);
    if (pos > 128) return ZKFL_ERR_FORMAT;
    memcpy(s->buf, in, 128);
    for (int i = 0; i < 8; i++)
        s->h[i] = (uint64_t)get32(in + 128 + 8 * i) | (uint64_t)get32(in + 132 + 8 * i) << 32;
    s->t = (uint64_t)get32(in + 192) | (uint64_t)get32(in + 196) << 32;
    s->pos = pos;
    return 0;
}
