/* Exponentiation, inversion, Legendre symbol and encodings shared by Fp
 * and Fr (one engine, parametrised by the modulus constants). */
#include <string.h>
#include "ff/ff_generic.h"

static void mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const ff_modulus *f)
{
    ff_mont_mul(r, a, b, f->m, f->n0);
}

static void sqr(uint64_t r[4], const uint64_t a[4], const ff_modulus *f)
{
    ff_mont_sqr(r, a, f->m, f->n0);
}

void ff_pow_ct(uint64_t r[4], const uint64_t a[4], const uint64_t e[4], const ff_modulus *f)
{
    uint64_t table[16][4];
    memcpy(table[0], f->one, 32);
    memcpy(table[1], a, 32);
    for (int i = 2; i < 16; i++)
        mul(table[i], table[i - 1], a, f);
    uint64_t acc[4], sel[4];
    memcpy(acc, f->one, 32);
    for (int w = 63; w >= 0; w--) {
        for (int k = 0; k < 4; k++)
            sqr(acc, acc, f);
        uint64_t nib = (e[w / 16] >> (4 * (w % 16))) & 15;
        /* scan the whole table so the access pattern does not reveal nib */
        memset(sel, 0, sizeof sel);
        for (uint64_t j = 0; j < 16; j++)
            ff_cmov4(sel, table[j], ~ff_mask_nonzero(j ^ nib) & 1);
        mul(acc, acc, sel, f);
    }
    memcpy(r, acc, 32);
    zkfl_memzero(table, sizeof table);
    zkfl_memzero(acc, sizeof acc);
    zkfl_memzero(sel, sizeof sel);
}

void ff_pow_vartime(uint64_t r[4], const uint64_t a[4], const uint64_t e[4], const ff_modulus *f)
{
    /* 4-bit fixed window over the odd/even table; skips multiplications by
     * zero nibbles and leading zeros (both depend on e only). */
    uint64_t table[16][4];
    memcpy(table[0], f->one, 32);
    memcpy(table[1], a, 32);
    for (int i = 2; i < 16; i++)
        mul(table[i], table[i - 1], a, f);
    uint64_t acc[4];
    memcpy(acc, f->one, 32);
    int started = 0;
    for (int w = 63; w >= 0; w--) {
        unsigned nib = (unsigned)(e[w / 16] >> (4 * (w % 16))) & 15;
        if (started)
            for (int k = 0; k < 4; k++)
                sqr(acc, acc, f);
        if (nib != 0) {
            if (started)
                mul(acc, acc, table[nib], f);
            else
                memcpy(acc, table[nib], 32);
            started = 1;
        }
    }
    memcpy(r, acc, 32);
}

void ff_inv_ct(uint64_t r[4], const uint64_t a[4], const ff_modulus *f)
{
    /* safegcd gives x^-1 for the Montgomery value x = a*R, i.e. a^-1 R^-1;
     * one Montgomery multiplication by R^3 turns it into a^-1 R. */
    uint64_t t[4];
    ff_inv_safegcd_ct(t, a, f);
    mul(r, t, f->r3, f);
    zkfl_memzero(t, sizeof t);
}

void ff_inv_vartime(uint64_t r[4], const uint64_t a[4], const ff_modulus *f)
{
    uint64_t t[4];
    ff_inv_safegcd_vartime(t, a, f);
    mul(r, t, f->r3, f);
}

void ff_inv_fermat(uint64_t r[4], const uint64_t a[4], const ff_modulus *f)
{
    /* a^(m-2); the exponent is public, so this is constant time in a */
    ff_pow_vartime(r, a, f->m_minus_2, f);
}

int ff_legendre(const uint64_t a[4], const ff_modulus *f)
{
    uint64_t t[4];
    ff_pow_vartime(t, a, f->half, f);
    int is_one = (int)ff_eq4(t, f->one);
    int is_zero = (int)ff_is_zero4(t);
    /* 1 -> 1, 0 -> 0, m-1 -> -1 */
    return is_one - (1 - is_one - is_zero);
}

void ff_to_mont(uint64_t r[4], const uint64_t raw[4], const ff_modulus *f)
{
    mul(r, raw, f->r2, f);
}

void ff_from_mont(uint64_t raw[4], const uint64_t a[4], const ff_modulus *f)
{
    static const uint64_t one_raw[4] = { 1, 0, 0, 0 };
    mul(raw, a, one_raw, f);
}

uint64_t ff_is_canonical(const uint64_t raw[4], const ff_modulus *f)
{
    uint64_t t[4];
    return ff_sub4_borrow(t, raw, f->m);
}

void ff_reduce_256(uint64_t r[4], const uint64_t raw[4], const ff_modulus *f)
{
    /* m > 2^253, so raw < 2^256 < 8m: subtract 4m, 2m, m conditionally. */
    uint64_t m4[4], m2[4], t[4], s[4];
    memcpy(m2, f->m, 32);
    for (int i = 3; i > 0; i--)
        m2[i] = (m2[i] << 1) | (m2[i - 1] >> 63);
    m2[0] <<= 1;
    memcpy(m4, m2, 32);
    for (int i = 3; i > 0; i--)
        m4[i] = (m4[i] << 1) | (m4[i - 1] >> 63);
    m4[0] <<= 1;
    memcpy(t, raw, 32);
    uint64_t b = ff_sub4_borrow(s, t, m4);
    ff_cmov4(t, s, b ^ 1);
    b = ff_sub4_borrow(s, t, m2);
    ff_cmov4(t, s, b ^ 1);
    b = ff_sub4_borrow(s, t, f->m);
    ff_cmov4(t, s, b ^ 1);
    memcpy(r, t, 32);
}

int ff_from_raw(uint64_t r[4], const uint64_t in[4], const ff_modulus *f)
{
    if (!ff_is_canonical(in, f))
        return ZKFL_ERR_NOT_CANONICAL;
    ff_to_mont(r, in, f);
    return ZKFL_OK;
}

void ff_limbs_from_le(uint64_t r[4], const uint8_t in[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--)
            w = (w << 8) | in[8 * i + j];
        r[i] = w;
    }
}

void ff_limbs_to_le(uint8_t out[32], const uint64_t a[4])
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            out[8 * i + j] = (uint8_t)(a[i] >> (8 * j));
}

static void limbs_from_be(uint64_t r[4], const uint8_t in[32])
{
    uint8_t le[32];
    for (int i = 0; i < 32; i++)
        le[i] = in[31 - i];
    ff_limbs_from_le(r, le);
}

int ff_from_bytes_be(uint64_t r[4], const uint8_t in[32], const ff_modulus *f)
{
    uint64_t raw[4];
    limbs_from_be(raw, in);
    return ff_from_raw(r, raw, f);
}

int ff_from_bytes_le(uint64_t r[4], const uint8_t in[32], const ff_modulus *f)
{
    uint64_t raw[4];
    ff_limbs_from_le(raw, in);
    return ff_from_raw(r, raw, f);
}

int ff_from_bytes_lem(uint64_t r[4], const uint8_t in[32], const ff_modulus *f)
{
    uint64_t mont[4];
    ff_limbs_from_le(mont, in);
    if (!ff_is_canonical(mont, f))
        return ZKFL_ERR_NOT_CANONICAL;
    memcpy(r, mont, 32);
    return ZKFL_OK;
}

void ff_to_bytes_le(uint8_t out[32], const uint64_t a[4], const ff_modulus *f)
{
    uint64_t raw[4];
    ff_from_mont(raw, a, f);
    ff_limbs_to_le(out, raw);
}

void ff_to_bytes_be(uint8_t out[32], const uint64_t a[4], const ff_modulus *f)
{
    uint8_t le[32];
    ff_to_bytes_le(le, a, f);
    for (int i = 0; i < 32; i++)
        out[i] = le[31 - i];
}

void ff_to_bytes_lem(uint8_t out[32], const uint64_t a[4])
{
    ff_limbs_to_le(out, a);
}

void ff_from_bytes_be_wide(uint64_t r[4], const uint8_t in[64], const ff_modulus *f)
{
    /* x = hi*2^256 + lo; in Montgomery form x*R = hi*R^2 + lo*R, i.e.
     * mont(hi, R^3) + mont(lo, R^2) with hi, lo first reduced below m. */
    uint64_t hi[4], lo[4], t[4];
    limbs_from_be(hi, in);
    limbs_from_be(lo, in + 32);
    ff_reduce_256(hi, hi, f);
    ff_reduce_256(lo, lo, f);
    mul(t, hi, f->r3, f);
    mul(lo, lo, f->r2, f);
    ff_add_mod(r, t, lo, f->m);
}

/* Longest accepted decimal string: both moduli have 77 digits; one leading
 * zero is tolerated, anything longer is rejected as malformed. */
#define FF_DEC_DIGITS_MAX 78

int ff_from_dec(uint64_t r[4], const char *s, const ff_modulus *f)
{
    if (s == NULL)
        return ZKFL_ERR_INVALID_ARG;
    size_t n = 0;
    while (n <= FF_DEC_DIGITS_MAX && s[n] != '\0') {
        if (s[n] < '0' || s[n] > '9')
            return ZKFL_ERR_FORMAT;
        n++;
    }
    if (n == 0 || n > FF_DEC_DIGITS_MAX)
        return ZKFL_ERR_FORMAT;
    /* 10^78 < 2^260: five limbs cannot overflow. */
    uint64_t acc[5] = { 0, 0, 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        ff_u128 c = (uint64_t)(s[i] - '0');
        for (int k = 0; k < 5; k++) {
            c += (ff_u128)acc[k] * 10;
            acc[k] = (uint64_t)c;
            c >>= 64;
        }
    }
    if (acc[4] != 0)
        return ZKFL_ERR_NOT_CANONICAL;
    return ff_from_raw(r, acc, f);
}

void ff_to_dec(char out[ZKFL_DEC_MAX], const uint64_t a[4], const ff_modulus *f)
{
    uint64_t x[4];
    ff_from_mont(x, a, f);
    /* peel off 19 decimal digits at a time, least significant first */
    char rev[ZKFL_DEC_MAX];
    size_t n = 0;
    const uint64_t base = 10000000000000000000ull;
    do {
        ff_u128 rem = 0;
        for (int i = 3; i >= 0; i--) {
            ff_u128 cur = (rem << 64) | x[i];
            x[i] = (uint64_t)(cur / base);
            rem = cur % base;
        }
        uint64_t chunk = (uint64_t)rem;
        int last = ff_is_zero4(x) != 0;
        for (int d = 0; d < 19; d++) {
            rev[n++] = (char)('0' + chunk % 10);
            chunk /= 10;
            if (last && chunk == 0)
                break;
        }
    } while (!ff_is_zero4(x));
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

int ff_random(uint64_t r[4], const ff_modulus *f)
{
    /* Both moduli lie in (2^253, 2^254): draw 254 bits, reject >= m
     * (accepted with probability > 3/4). */
    uint8_t buf[32];
    uint64_t raw[4];
    for (;;) {
        int rc = zkfl_randombytes(buf, sizeof buf);
        if (rc != 0) {
            zkfl_memzero(buf, sizeof buf);
            return rc;
        }
        ff_limbs_from_le(raw, buf);
        raw[3] &= (1ull << 62) - 1;
        if (ff_is_canonical(raw, f))
            break;
    }
    ff_to_mont(r, raw, f);
    zkfl_memzero(buf, sizeof buf);
    zkfl_memzero(raw, sizeof raw);
    return ZKFL_OK;
}
