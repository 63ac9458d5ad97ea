/* Randomness comes from the kernel's CSPRNG through getrandom(2) and from
 * nowhere else: no userspace PRNG that could be mis-seeded or forked. */
#include <errno.h>
#include <sys/random.h>
#include "zkfl/common.h"

int zkfl_randombytes(uint8_t *buf, size_t n)
{
    if (buf == NULL && n != 0)
        return ZKFL_ERR_INVALID_ARG;
    while (n > 0) {
        /* getrandom returns at most 33554431 bytes per call; loop. */
        size_t chunk = n > 1u << 20 ? 1u << 20 : n;
        ssize_t got = getrandom(buf, chunk, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return ZKFL_ERR_RANDOM;
        }
        buf += got;
        n -= (size_t)got;
    }
    return ZKFL_OK;
}

int zkfl_random_below(uint64_t *out, uint64_t bound)
{
    if (out == NULL || bound == 0)
        return ZKFL_ERR_INVALID_ARG;
    /* Reject the top partial block so every residue is equally likely. */
    uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
    for (;;) {
        uint64_t x;
        int rc = zkfl_randombytes((uint8_t *)&x, sizeof x);
        if (rc != 0)
            return rc;
        if (x <= limit) {
            *out = x % bound;
            return ZKFL_OK;
        }
    }
}
