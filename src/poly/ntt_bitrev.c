/* In-place bit-reversal permutation, blocked for the cache.
 *
 * Swapping a[i] and a[rev(i)] one pair at a time touches two unrelated
 * cache lines (and, past a few MiB, two TLB entries) per element. Instead,
 * write i = (hi, mid, lo) with k-bit hi and lo: rev(i) = (rev lo, rev mid,
 * rev hi). For a fixed mid, the 2^k x 2^k tile {(hi, mid, lo)} is 2^k runs
 * of 2^k contiguous elements, and it maps onto the tile of rev(mid) with
 * the two k-bit indices exchanged and reversed: so the permutation is a set
 * of tile swaps (a tile with itself when mid is a palindrome), each read
 * and written whole while it sits in L1. (Carter and Gatlin, "Towards an
 * optimal bit-reversal permutation program", FOCS 1998, do the same with
 * a buffer.) */
#include <string.h>
#include "poly/ntt_impl.h"

#define TILE_LOG 3u            /* 8 x 8 tiles: rows of 256 bytes, 2 KiB per tile */
#define TILE (1u << TILE_LOG)

static size_t reverse_bits(size_t x, unsigned bits)
{
    uint64_t v = (uint64_t)x;
    v = ((v >> 1) & 0x5555555555555555ull) | ((v & 0x5555555555555555ull) << 1);
    v = ((v >> 2) & 0x3333333333333333ull) | ((v & 0x3333333333333333ull) << 2);
    v = ((v >> 4) & 0x0f0f0f0f0f0f0f0full) | ((v & 0x0f0f0f0f0f0f0f0full) << 4);
    v = __builtin_bswap64(v);
    return bits == 0 ? 0 : (size_t)(v >> (64 - bits));
}

struct bitrev_ctx {
    zkfl_fr *a;
    unsigned log_n;
};

/* Tiles for mid in [begin, end): each pair (mid, rev mid) is handled by the
 * smaller of the two, so ranges over mid never touch the same element. */
static void tiles_range(void *vctx, size_t begin, size_t end, int worker)
{
    const struct bitrev_ctx *c = vctx;
    const unsigned mid_bits = c->log_n - 2 * TILE_LOG;
    const size_t row_stride = (size_t)1 << (c->log_n - TILE_LOG);   /* hi step */
    unsigned char rev_k[TILE];
    for (unsigned t = 0; t < TILE; t++)
        rev_k[t] = (unsigned char)reverse_bits(t, TILE_LOG);
    zkfl_fr buf[TILE * TILE];
    for (size_t mid = begin; mid < end; mid++) {
        size_t rmid = reverse_bits(mid, mid_bits);
        if (rmid < mid)
            continue;
        zkfl_fr *A = c->a + (mid << TILE_LOG), *B = c->a + (rmid << TILE_LOG);
        for (unsigned hi = 0; hi < TILE; hi++)
            memcpy(buf + hi * TILE, A + hi * row_stride, TILE * sizeof *buf);
        if (rmid != mid) {
            /* B's element (hi, lo) belongs at A's (rev lo, rev hi) */
            for (unsigned hi = 0; hi < TILE; hi++)
                for (unsigned lo = 0; lo < TILE; lo++)
                    A[rev_k[lo] * row_stride + rev_k[hi]] = B[hi * row_stride + lo];
        }
        zkfl_fr *dst = rmid != mid ? B : A;
        for (unsigned hi = 0; hi < TILE; hi++)
            for (unsigned lo = 0; lo < TILE; lo++)
                dst[rev_k[lo] * row_stride + rev_k[hi]] = buf[hi * TILE + lo];
    }
    zkfl_memzero(buf, sizeof buf);
}

int ntt_bit_reverse(zkfl_fr *a, unsigned log_n, int threads)
{
    if (log_n < 2 * TILE_LOG + 1) {
        size_t n = (size_t)1 << log_n;
        for (size_t i = 0; i < n; i++) {
            size_t r = reverse_bits(i, log_n);
            if (i < r) {
                zkfl_fr t = a[i];
                a[i] = a[r];
                a[r] = t;
            }
        }
        return ZKFL_OK;
    }
    struct bitrev_ctx ctx = { a, log_n };
    return zkfl_parallel_for((size_t)1 << (log_n - 2 * TILE_LOG), threads, tiles_range, &ctx);
}
