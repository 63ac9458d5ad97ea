/* Encodings: round trips of all three formats for G1 and G2, and rejection
 * of non-canonical coordinates, stray flag bits, points off the curve and
 * twist points outside G2, with the documented error codes. */
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/ec_impl.h"
#include "ec_test_util.h"

static zkfl_test_rng rng;

/* p big-endian */
static const uint8_t P_BE[32] = {
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47};

static void g1_rand(zkfl_g1_affine *a)
{
    zkfl_g1 p;
    ec_test_g1_rand_point(&rng, &p);
    zkfl_g1_to_affine(a, &p);
}

static void g2_rand(zkfl_g2_affine *a)
{
    zkfl_g2 p;
    ec_test_g2_rand_point(&rng, &p);
    zkfl_g2_to_affine(a, &p);
}

static int g1_same(const zkfl_g1_affine *a, const zkfl_g1_affine *b)
{
    return zkfl_fp_eq(&a->x, &b->x) && zkfl_fp_eq(&a->y, &b->y);
}

static int g2_same(const zkfl_g2_affine *a, const zkfl_g2_affine *b)
{
    return zkfl_fp2_eq(&a->x, &b->x) && zkfl_fp2_eq(&a->y, &b->y);
}

/* big-endian 32-byte add of a small value (for p + 1) */
static void be_add_small(uint8_t b[32], unsigned v)
{
    for (int i = 31; i >= 0 && v; i--) {
        unsigned s = b[i] + v;
        b[i] = (uint8_t)s;
        v = s >> 8;
    }
}

static void test_g1_roundtrip(int n)
{
    for (int i = 0; i < n; i++) {
        zkfl_g1_affine a, b;
        if (i == 0) memset(&a, 0, sizeof a);
        else g1_rand(&a);
        uint8_t e[64], e2[64], c[32], c2[32], l[64], l2[64];
        zkfl_g1_to_bytes_eth(e, &a);
        CHECK_OK(zkfl_g1_from_bytes_eth(&b, e));
        CHECK(g1_same(&a, &b));
        zkfl_g1_to_bytes_eth(e2, &b);
        CHECK(memcmp(e, e2, 64) == 0);
        zkfl_g1_to_bytes_compressed(c, &a);
        CHECK_OK(zkfl_g1_from_bytes_compressed(&b, c));
        CHECK(g1_same(&a, &b));
        zkfl_g1_to_bytes_compressed(c2, &b);
        CHECK(memcmp(c, c2, 32) == 0);
        zkfl_g1_to_bytes_lem(l, &a);
        CHECK_OK(zkfl_g1_from_bytes_lem(&b, l));
        CHECK(g1_same(&a, &b));
        zkfl_g1_to_bytes_lem(l2, &b);
        CHECK(memcmp(l, l2, 64) == 0);
        if (i == 0) {
            static const uint8_t zeros[64] = {0};
            CHECK(memcmp(e, zeros, 64) == 0 && memcmp(l, zeros, 64) == 0);
            CHECK(c[0] == 0x40 && memcmp(c + 1, zeros, 31) == 0);
        } else {
            /* flipping the sign flag gives -P */
            c[0] ^= 0x80;
            CHECK_OK(zkfl_g1_from_bytes_compressed(&b, c));
            zkfl_fp ny;
            zkfl_fp_neg(&ny, &a.y);
            CHECK(zkfl_fp_eq(&b.x, &a.x) && zkfl_fp_eq(&b.y, &ny));
        }
    }
}

static void test_g1_reject(void)
{
    zkfl_g1_affine a, r;
    g1_rand(&a);
    uint8_t e[64], c[32], l[64], t[64];
    zkfl_g1_to_bytes_eth(e, &a);
    zkfl_g1_to_bytes_compressed(c, &a);
    zkfl_g1_to_bytes_lem(l, &a);
    /* x = p, p + 1, all 0xff; y = p */
    memcpy(t, e, 64); memcpy(t, P_BE, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
    be_add_small(t, 1);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
    memset(t, 0xff, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
    memcpy(t, e, 64); memcpy(t + 32, P_BE, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
    memset(t, 0xff, 64);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
    /* off the curve: y + 1, (1, 3), (0, y) and (x, 0) */
    memcpy(t, e, 64); be_add_small(t + 32, 1);
    if (memcmp(t + 32, P_BE, 32) < 0) CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_ON_CURVE);
    memset(t, 0, 64); t[31] = 1; t[63] = 3;
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_ON_CURVE);
    memset(t, 0, 32); memcpy(t + 32, e + 32, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_ON_CURVE);
    memcpy(t, e, 32); memset(t + 32, 0, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_eth(&r, t), ZKFL_ERR_NOT_ON_CURVE);

    /* compressed: flags */
    uint8_t tc[32];
    memset(tc, 0, 32); tc[0] = 0xc0;                     /* infinity + sign */
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc, 0, 32); tc[0] = 0x40; tc[31] = 1;          /* infinity + x bits */
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc, 0, 32); tc[0] = 0x41;
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memcpy(tc, c, 32); tc[0] |= 0x40;                      /* a real x with the infinity flag */
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc, 0xff, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc, 0xff, 32); tc[0] = 0xbf;                   /* sign flag + 0x3fff.. >= p */
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memcpy(tc, P_BE, 32);
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    tc[0] |= 0x80;
    CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    /* an x with x^3 + 3 not a square */
    int found = 0;
    for (uint64_t x = 1; x < 100 && !found; x++) {
        zkfl_fp fx, rhs;
        zkfl_fp_set_u64(&fx, x);
        zkfl_fp_sqr(&rhs, &fx);
        zkfl_fp_mul(&rhs, &rhs, &fx);
        zkfl_fp_add(&rhs, &rhs, &zkfl_ec_fp_b);
        if (zkfl_fp_legendre(&rhs) == -1) {
            memset(tc, 0, 32); tc[31] = (uint8_t)x;
            CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_ON_CURVE);
            tc[0] |= 0x80;
            CHECK_EQ_INT(zkfl_g1_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_ON_CURVE);
            found = 1;
        }
    }
    CHECK(found);

    /* lem: Montgomery representation >= p, off the curve */
    memcpy(t, l, 64);
    for (int i = 0; i < 32; i++) t[i] = P_BE[31 - i];
    CHECK_EQ_INT(zkfl_g1_from_bytes_lem(&r, t), ZKFL_ERR_NOT_CANONICAL);
    memset(t, 0xff, 64);
    CHECK_EQ_INT(zkfl_g1_from_bytes_lem(&r, t), ZKFL_ERR_NOT_CANONICAL);
    memcpy(t, l, 64); t[32] ^= 1;
    CHECK_EQ_INT(zkfl_g1_from_bytes_lem(&r, t), ZKFL_ERR_NOT_ON_CURVE);
}

static void test_g2_roundtrip(int n)
{
    for (int i = 0; i < n; i++) {
        zkfl_g2_affine a, b;
        if (i == 0) memset(&a, 0, sizeof a);
        else g2_rand(&a);
        if (i == 1) {
            zkfl_g2 g;
            zkfl_g2_generator(&g);
            zkfl_g2_to_affine(&a, &g);
        }
        uint8_t e[128], e2[128], c[64], c2[64], l[128], l2[128];
        zkfl_g2_to_bytes_eth(e, &a);
        CHECK_OK(zkfl_g2_from_bytes_eth(&b, e));
        CHECK(g2_same(&a, &b));
        zkfl_g2_to_bytes_eth(e2, &b);
        CHECK(memcmp(e, e2, 128) == 0);
        zkfl_g2_to_bytes_compressed(c, &a);
        CHECK_OK(zkfl_g2_from_bytes_compressed(&b, c));
        CHECK(g2_same(&a, &b));
        zkfl_g2_to_bytes_compressed(c2, &b);
        CHECK(memcmp(c, c2, 64) == 0);
        zkfl_g2_to_bytes_lem(l, &a);
        CHECK_OK(zkfl_g2_from_bytes_lem(&b, l));
        CHECK(g2_same(&a, &b));
        zkfl_g2_to_bytes_lem(l2, &b);
        CHECK(memcmp(l, l2, 128) == 0);
        if (i > 0) {
            c[0] ^= 0x80;
            CHECK_OK(zkfl_g2_from_bytes_compressed(&b, c));
            zkfl_fp2 ny;
            zkfl_fp2_neg(&ny, &a.y);
            CHECK(zkfl_fp2_eq(&b.x, &a.x) && zkfl_fp2_eq(&b.y, &ny));
        }
    }
}

static void test_g2_reject(void)
{
    zkfl_g2_affine a, r, tw;
    g2_rand(&a);
    uint8_t e[128], c[64], l[128], t[128];
    zkfl_g2_to_bytes_eth(e, &a);
    zkfl_g2_to_bytes_compressed(c, &a);
    zkfl_g2_to_bytes_lem(l, &a);
    /* each of the four coordinates = p, p + 1, all 0xff */
    for (int k = 0; k < 4; k++) {
        memcpy(t, e, 128); memcpy(t + 32 * k, P_BE, 32);
        CHECK_EQ_INT(zkfl_g2_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
        be_add_small(t + 32 * k, 1);
        CHECK_EQ_INT(zkfl_g2_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
        memset(t + 32 * k, 0xff, 32);
        CHECK_EQ_INT(zkfl_g2_from_bytes_eth(&r, t), ZKFL_ERR_NOT_CANONICAL);
        memcpy(t, l, 128);
        for (int i = 0; i < 32; i++) t[32 * k + i] = P_BE[31 - i];
        CHECK_EQ_INT(zkfl_g2_from_bytes_lem(&r, t), ZKFL_ERR_NOT_CANONICAL);
    }
    /* off the twist */
    memcpy(t, e, 128); t[127] ^= 1;
    CHECK_EQ_INT(zkfl_g2_from_bytes_eth(&r, t), ZKFL_ERR_NOT_ON_CURVE);
    memcpy(t, l, 128); t[64] ^= 1;
    CHECK_EQ_INT(zkfl_g2_from_bytes_lem(&r, t), ZKFL_ERR_NOT_ON_CURVE);
    /* G1's generator bytes are not on the twist */
    memset(t, 0, 128); t[63] = 1; t[127] = 2;
    CHECK_EQ_INT(zkfl_g2_from_bytes_eth(&r, t), ZKFL_ERR_NOT_ON_CURVE);
    /* on the twist, outside G2: all three decoders say NOT_IN_SUBGROUP */
    ec_test_twist_point_outside_g2(&rng, &tw);
    CHECK(zkfl_g2_affine_is_on_curve(&tw));
    zkfl_g2_to_bytes_eth(t, &tw);
    CHECK_EQ_INT(zkfl_g2_from_bytes_eth(&r, t), ZKFL_ERR_NOT_IN_SUBGROUP);
    zkfl_g2_to_bytes_lem(t, &tw);
    CHECK_EQ_INT(zkfl_g2_from_bytes_lem(&r, t), ZKFL_ERR_NOT_IN_SUBGROUP);
    zkfl_g2_to_bytes_compressed(t, &tw);
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, t), ZKFL_ERR_NOT_IN_SUBGROUP);
    t[0] ^= 0x80;
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, t), ZKFL_ERR_NOT_IN_SUBGROUP);
    /* compressed flags and canonical x */
    uint8_t tc[64];
    memset(tc, 0, 64); tc[0] = 0xc0;
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc, 0, 64); tc[0] = 0x40; tc[63] = 1;
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memcpy(tc, c, 64); tc[0] |= 0x40;
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc, 0xff, 64);
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memcpy(tc, c, 64); memcpy(tc, P_BE, 32);
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memcpy(tc, c, 64); memcpy(tc + 32, P_BE, 32);
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    memset(tc + 32, 0xff, 32);
    CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_CANONICAL);
    /* an x whose x^3 + b' is not a square */
    int found = 0;
    for (uint64_t x = 1; x < 200 && !found; x++) {
        zkfl_fp2 fx, rhs, y;
        zkfl_fp_set_u64(&fx.c0, x);
        zkfl_fp_set_u64(&fx.c1, 1);
        zkfl_fp2_sqr(&rhs, &fx);
        zkfl_fp2_mul(&rhs, &rhs, &fx);
        zkfl_fp2_add(&rhs, &rhs, &zkfl_ec_fp2_b);
        if (zkfl_fp2_sqrt(&y, &rhs) != 0) {
            memset(tc, 0, 64); tc[31] = 1; tc[63] = (uint8_t)x;
            CHECK_EQ_INT(zkfl_g2_from_bytes_compressed(&r, tc), ZKFL_ERR_NOT_ON_CURVE);
            found = 1;
        }
    }
    CHECK(found);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0xe0c0de);
    test_g1_roundtrip(60);
    test_g1_reject();
    test_g2_roundtrip(30);
    test_g2_reject();
    return zkfl_test_done("ec_encode");
}
