/* layer: ec */
/* Fuzzes the G1 decoders (eth, compressed, lem). The first byte picks the
 * decoder, the rest is the encoding. An accepted input must be on the curve,
 * re-encode to the same bytes, and survive the other two formats unchanged;
 * a rejected one must come back with a documented error code. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/ec.h"

static void require(int cond)
{
    if (!cond) abort();
}

static int same(const zkfl_g1_affine *a, const zkfl_g1_affine *b)
{
    return zkfl_fp_eq(&a->x, &b->x) && zkfl_fp_eq(&a->y, &b->y);
}

static void other_formats(const zkfl_g1_affine *p)
{
    uint8_t e[64], c[32], l[64];
    zkfl_g1_affine q;
    zkfl_g1_to_bytes_eth(e, p);
    require(zkfl_g1_from_bytes_eth(&q, e) == 0 && same(p, &q));
    zkfl_g1_to_bytes_compressed(c, p);
    require(zkfl_g1_from_bytes_compressed(&q, c) == 0 && same(p, &q));
    zkfl_g1_to_bytes_lem(l, p);
    require(zkfl_g1_from_bytes_lem(&q, l) == 0 && same(p, &q));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned which = data[0] % 3;
    const uint8_t *in = data + 1;
    size_t n = size - 1;
    size_t want = which == 1 ? 32 : 64;
    if (n != want) return 0;
    zkfl_g1_affine p;
    uint8_t back[64];
    int rc;
    if (which == 0) rc = zkfl_g1_from_bytes_eth(&p, in);
    else if (which == 1) rc = zkfl_g1_from_bytes_compressed(&p, in);
    else rc = zkfl_g1_from_bytes_lem(&p, in);
    if (rc != 0) {
        require(rc == ZKFL_ERR_NOT_CANONICAL || rc == ZKFL_ERR_NOT_ON_CURVE);
        return 0;
    }
    require(zkfl_g1_affine_is_on_curve(&p));
    if (which == 0) zkfl_g1_to_bytes_eth(back, &p);
    else if (which == 1) zkfl_g1_to_bytes_compressed(back, &p);
    else zkfl_g1_to_bytes_lem(back, &p);
    require(memcmp(back, in, want) == 0);
    other_formats(&p);
    return 0;
}
