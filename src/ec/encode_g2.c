/* G2 encodings (formats documented in zkfl/ec.h). Decoders check canonical
 * coordinates, flags, the twist equation and membership in G2. */
#include <string.h>
#include "ec/ec_impl.h"

#define FLAG_NEGATIVE 0x80
#define FLAG_INFINITY 0x40

/* ffjavascript's F2.sign: the sign of c1, or of c0 when c1 = 0. */
static int fp2_is_negative(const zkfl_fp2 *a)
{
    if (!ec_fp_is_zero(&a->c1)) return zkfl_ec_fp_is_negative(&a->c1);
    return zkfl_ec_fp_is_negative(&a->c0);
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

static int finish_g2(zkfl_g2_affine *r, const zkfl_g2_affine *t)
{
    if (!zkfl_g2_affine_is_on_curve(t)) return ZKFL_ERR_NOT_ON_CURVE;
    if (!zkfl_g2_affine_is_in_subgroup(t)) return ZKFL_ERR_NOT_IN_SUBGROUP;
    *r = *t;
    return 0;
}

int zkfl_g2_from_bytes_eth(zkfl_g2_affine *r, const uint8_t in[128])
{
    zkfl_g2_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.x.c1, in)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.x.c0, in + 32)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.y.c1, in + 64)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.y.c0, in + 96)) != 0) return rc;
    return finish_g2(r, &t);
}

void zkfl_g2_to_bytes_eth(uint8_t out[128], const zkfl_g2_affine *a)
{
    zkfl_fp_to_bytes_be(out, &a->x.c1);
    zkfl_fp_to_bytes_be(out + 32, &a->x.c0);
    zkfl_fp_to_bytes_be(out + 64, &a->y.c1);
    zkfl_fp_to_bytes_be(out + 96, &a->y.c0);
}

int zkfl_g2_from_bytes_lem(zkfl_g2_affine *r, const uint8_t in[128])
{
    zkfl_g2_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.x.c0, in)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.x.c1, in + 32)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.y.c0, in + 64)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.y.c1, in + 96)) != 0) return rc;
    return finish_g2(r, &t);
}

void zkfl_g2_to_bytes_lem(uint8_t out[128], const zkfl_g2_affine *a)
{
    zkfl_fp_to_bytes_lem(out, &a->x.c0);
    zkfl_fp_to_bytes_lem(out + 32, &a->x.c1);
    zkfl_fp_to_bytes_lem(out + 64, &a->y.c0);
    zkfl_fp_to_bytes_lem(out + 96, &a->y.c1);
}

void zkfl_g2_to_bytes_compressed(uint8_t out[64], const zkfl_g2_affine *a)
{
    if (zkfl_g2_affine_is_infinity(a)) {
        memset(out, 0, 64);
        out[0] = FLAG_INFINITY;
        return;
    }
    /* ffjavascript reverses the whole little-endian Fp2 (c0 || c1): c1 first */
    zkfl_fp_to_bytes_be(out, &a->x.c1);
    zkfl_fp_to_bytes_be(out + 32, &a->x.c0);
    if (fp2_is_negative(&a->y)) out[0] |= FLAG_NEGATIVE;
}

int zkfl_g2_from_bytes_compressed(zkfl_g2_affine *r, const uint8_t in[64])
{
    uint8_t buf[32];
    uint8_t flags = in[0] & (FLAG_NEGATIVE | FLAG_INFINITY);
    if (flags & FLAG_INFINITY) {
        if (flags != FLAG_INFINITY || (in[0] & 0x3f) != 0 || !all_zero(in + 1, 63))
            return ZKFL_ERR_NOT_CANONICAL;
        memset(r, 0, sizeof *r);
        return 0;
    }
    memcpy(buf, in, 32);
    buf[0] &= 0x3f;
    zkfl_g2_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.x.c1, buf)) != 0) return rc;
    if ((rc = zkfl_fp_from_bytes_be(&t.x.c0, in + 32)) != 0) return rc;
    zkfl_fp2 rhs;
    ec_fp2_sqr(&rhs, &t.x);
    ec_fp2_mul(&rhs, &rhs, &t.x);
    ec_fp2_add(&rhs, &rhs, &zkfl_ec_fp2_b);
    if (zkfl_fp2_sqrt(&t.y, &rhs) != 0) return ZKFL_ERR_NOT_ON_CURVE;
    if (fp2_is_negative(&t.y) != ((flags & FLAG_NEGATIVE) != 0)) ec_fp2_neg(&t.y, &t.y);
    if (!zkfl_g2_affine_is_in_subgroup(&t)) return ZKFL_ERR_NOT_IN_SUBGROUP;
    *r = t;
    return 0;
}
