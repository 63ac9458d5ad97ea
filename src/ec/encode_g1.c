/* G1 encodings (formats documented in zkfl/ec.h). Every decoder treats its
 * input as hostile: canonical coordinates (< p), no stray flag bits, the
 * curve equation; G1 has cofactor 1, so on the curve means in the group. */
#include <string.h>
#include "ec/ec_impl.h"

#define FLAG_NEGATIVE 0x80   /* y (or its Fp2 sign component) > (p-1)/2 */
#define FLAG_INFINITY 0x40

/* (p-1)/2, little-endian limbs */
static const uint64_t half_p[4] = {0x9e10460b6c3e7ea3ull, 0xcbc0b548b438e546ull,
                                   0xdc2822db40c0ac2eull, 0x183227397098d014ull};

int zkfl_ec_fp_is_negative(const zkfl_fp *a)
{
    uint64_t v[4];
    zkfl_fp_to_raw(v, a);
    for (int i = 3; i >= 0; i--)
        if (v[i] != half_p[i]) return v[i] > half_p[i];
    return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

static int finish_g1(zkfl_g1_affine *r, const zkfl_g1_affine *t)
{
    if (!zkfl_g1_affine_is_on_curve(t)) return ZKFL_ERR_NOT_ON_CURVE;
    *r = *t;
    return 0;
}

int zkfl_g1_from_bytes_eth(zkfl_g1_affine *r, const uint8_t in[64])
{
    zkfl_g1_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.x, in)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.y, in + 32)) != 0) return rc;
    return finish_g1(r, &t);    /* (0, 0) is infinity and passes */
}

void zkfl_g1_to_bytes_eth(uint8_t out[64], const zkfl_g1_affine *a)
{
    zkfl_fp_to_bytes_be(out, &a->x);
    zkfl_fp_to_bytes_be(out + 32, &a->y);
}

int zkfl_g1_from_bytes_lem(zkfl_g1_affine *r, const uint8_t in[64])
{
    zkfl_g1_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.x, in)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.y, in + 32)) != 0) return rc;
    return finish_g1(r, &t);
}

void zkfl_g1_to_bytes_lem(uint8_t out[64], const zkfl_g1_affine *a)
{
    zkfl_fp_to_bytes_lem(out, &a->x);
    zkfl_fp_to_bytes_lem(out + 32, &a->y);
}

void zkfl_g1_to_bytes_compressed(uint8_t out[32], const zkfl_g1_affine *a)
{
    if (zkfl_g1_affine_is_infinity(a)) {
        memset(out, 0, 32);
        out[0] = FLAG_INFINITY;
        return;
    }
    zkfl_fp_to_bytes_be(out, &a->x);
    if (zkfl_ec_fp_is_negative(&a->y)) out[0] |= FLAG_NEGATIVE;
}

int zkfl_g1_from_bytes_compressed(zkfl_g1_affine *r, const uint8_t in[32])
{
    uint8_t buf[32];
    uint8_t flags = in[0] & (FLAG_NEGATIVE | FLAG_INFINITY);
    if (flags & FLAG_INFINITY) {
        /* exactly 0x40 followed by zeros; no sign bit, no x */
        if (flags != FLAG_INFINITY || (in[0] & 0x3f) != 0 || !all_zero(in + 1, 31))
            return ZKFL_ERR_NOT_CANONICAL;
        memset(r, 0, sizeof *r);
        return 0;
    }
    memcpy(buf, in, 32);
    buf[0] &= 0x3f;
    zkfl_g1_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.x, buf)) != 0) return rc;
    zkfl_fp rhs;
    ff_fp_sqr(&rhs, &t.x);
    ff_fp_mul(&rhs, &rhs, &t.x);
    ff_fp_add(&rhs, &rhs, &zkfl_ec_fp_b);
    if (zkfl_fp_sqrt(&t.y, &rhs) != 0) return ZKFL_ERR_NOT_ON_CURVE;
    /* y = 0 cannot happen: x^3 = -3 has no root on a curve of odd order */
    if (zkfl_ec_fp_is_negative(&t.y) != ((flags & FLAG_NEGATIVE) != 0)) ff_fp_neg(&t.y, &t.y);
    *r = t;
    return 0;
}
