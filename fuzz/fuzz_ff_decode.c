/* layer: ff */
/* Fuzzes the Fp/Fr decoders (big-endian, little-endian, snarkjs Montgomery
 * LE, decimal, 512-bit wide). The first byte picks the decoder, the rest is
 * the encoding. Accepted inputs must re-encode to themselves; rejected
 * byte inputs must really be >= the modulus. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/ff.h"

static const uint8_t P_BE[32] = {
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47 };
static const uint8_t R_BE[32] = {
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01 };

static void require(int cond)
{
    if (!cond)
        abort();
}

static void reverse32(uint8_t out[32], const uint8_t in[32])
{
    for (int i = 0; i < 32; i++)
        out[i] = in[31 - i];
}

/* big-endian byte comparison: 1 when a >= m */
static int geq_be(const uint8_t a[32], const uint8_t m[32])
{
    return memcmp(a, m, 32) >= 0;
}

#define CHECK_BYTES(F, T, MOD_BE)                                                    \
    static void F##_bytes(int kind, const uint8_t in[32])                           \
    {                                                                                \
        T x;                                                                         \
        uint8_t out[32], be[32];                                                     \
        int rc;                                                                      \
        if (kind == 0) { rc = zkfl_##F##_from_bytes_be(&x, in); memcpy(be, in, 32); } \
        else if (kind == 1) { rc = zkfl_##F##_from_bytes_le(&x, in); reverse32(be, in); } \
        else { rc = zkfl_##F##_from_bytes_lem(&x, in); reverse32(be, in); }          \
        require(rc == 0 || rc == ZKFL_ERR_NOT_CANONICAL);                             \
        require((rc == 0) == !geq_be(be, MOD_BE));                                     \
        if (rc != 0) return;                                                          \
        if (kind == 0) zkfl_##F##_to_bytes_be(out, &x);                               \
        else if (kind == 1) zkfl_##F##_to_bytes_le(out, &x);                          \
        else zkfl_##F##_to_bytes_lem(out, &x);                                        \
        require(memcmp(out, in, 32) == 0);                                            \
    }                                                                                \
    static void F##_dec(const char *s)                                               \
    {                                                                                \
        T x, y;                                                                      \
        char out[ZKFL_DEC_MAX];                                                      \
        int rc = zkfl_##F##_from_dec(&x, s);                                         \
        require(rc == 0 || rc == ZKFL_ERR_FORMAT || rc == ZKFL_ERR_NOT_CANONICAL);     \
        if (rc != 0) return;                                                          \
        zkfl_##F##_to_dec(out, &x);                                                   \
        while (s[0] == '0' && s[1] != '\0') s++; /* tolerated leading zeros */       \
        require(strcmp(out, s) == 0);                                                 \
        require(zkfl_##F##_from_dec(&y, out) == 0 && zkfl_##F##_eq(&x, &y));          \
    }                                                                                \
    static void F##_wide(const uint8_t in[64])                                       \
    {                                                                                \
        T x, y;                                                                      \
        uint8_t be[32];                                                              \
        zkfl_##F##_from_bytes_be_wide(&x, in);                                        \
        zkfl_##F##_to_bytes_be(be, &x);                                               \
        require(zkfl_##F##_from_bytes_be(&y, be) == 0 && zkfl_##F##_eq(&x, &y));      \
    }

CHECK_BYTES(fp, zkfl_fp, P_BE)
CHECK_BYTES(fr, zkfl_fr, R_BE)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned sel = data[0] % 10;
    data++;
    size--;
    if (sel < 6) {
        if (size < 32)
            return 0;
        if (sel < 3) fp_bytes((int)sel, data);
        else fr_bytes((int)sel - 3, data);
    } else if (sel < 8) {
        char s[256];
        if (size >= sizeof s)
            size = sizeof s - 1;
        memcpy(s, data, size);
        s[size] = '\0';
        if (sel == 6) fp_dec(s);
        else fr_dec(s);
    } else {
        if (size < 64)
            return 0;
        if (sel == 8) fp_wide(data);
        else fr_wide(data);
    }
    return 0;
}
