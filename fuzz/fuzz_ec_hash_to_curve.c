/* layer: ec */
/* Fuzzes hash-to-curve with arbitrary messages and tags: the first byte
 * sets the tag length (0 must be refused), the rest is tag then message.
 * Every accepted result must be a point of G1 other than infinity. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/ec.h"

static void require(int cond)
{
    if (!cond) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t dst_len = data[0];
    if (dst_len > size - 1) dst_len = size - 1;
    const uint8_t *dst = data + 1;
    const uint8_t *msg = dst + dst_len;
    size_t msg_len = size - 1 - dst_len;
    zkfl_g1_affine p;
    int rc = zkfl_g1_hash_to_curve(&p, msg, msg_len, dst, dst_len);
    if (dst_len == 0) {
        require(rc == ZKFL_ERR_INVALID_ARG);
        return 0;
    }
    require(rc == 0);
    require(zkfl_g1_affine_is_on_curve(&p) && !zkfl_g1_affine_is_infinity(&p));
    return 0;
}
