/* Fp and Fr: field axioms, inverses, square roots, Legendre symbols, batch
 * inversion and every encoder/decoder, on random and edge-case elements. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ff.h"

static zkfl_test_rng rng;

static const char *P_DEC = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
static const char *R_DEC = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

/* The same checks for both prime fields, by token pasting. */
#define FIELD_TESTS(F, T, MOD_DEC, MODM1_DEC, NONRES)                                       \
    static void F##_rand(T *a)                                                               \
    {                                                                                         \
        uint8_t b[64];                                                                        \
        zkfl_test_rng_bytes(&rng, b, sizeof b);                                               \
        zkfl_##F##_from_bytes_be_wide(a, b);                                                  \
    }                                                                                         \
    static void F##_test_axioms(void)                                                        \
    {                                                                                         \
        for (int it = 0; it < 200; it++) {                                                    \
            T a, b, c, x, y, z, one, zero;                                                    \
            F##_rand(&a); F##_rand(&b); F##_rand(&c);                                         \
            zkfl_##F##_set_one(&one); zkfl_##F##_set_zero(&zero);                              \
            zkfl_##F##_add(&x, &a, &b); zkfl_##F##_add(&y, &b, &a); CHECK(zkfl_##F##_eq(&x, &y)); \
            zkfl_##F##_mul(&x, &a, &b); zkfl_##F##_mul(&y, &b, &a); CHECK(zkfl_##F##_eq(&x, &y)); \
            zkfl_##F##_mul(&x, &a, &b); zkfl_##F##_mul(&x, &x, &c);                            \
            zkfl_##F##_mul(&y, &b, &c); zkfl_##F##_mul(&y, &a, &y); CHECK(zkfl_##F##_eq(&x, &y)); \
            zkfl_##F##_add(&x, &b, &c); zkfl_##F##_mul(&x, &a, &x);                            \
            zkfl_##F##_mul(&y, &a, &b); zkfl_##F##_mul(&z, &a, &c); zkfl_##F##_add(&y, &y, &z); \
            CHECK(zkfl_##F##_eq(&x, &y));                                                     \
            zkfl_##F##_sub(&x, &a, &b); zkfl_##F##_add(&x, &x, &b); CHECK(zkfl_##F##_eq(&x, &a)); \
            zkfl_##F##_neg(&x, &a); zkfl_##F##_add(&x, &x, &a); CHECK(zkfl_##F##_is_zero(&x));  \
            zkfl_##F##_dbl(&x, &a); zkfl_##F##_add(&y, &a, &a); CHECK(zkfl_##F##_eq(&x, &y));   \
            zkfl_##F##_sqr(&x, &a); zkfl_##F##_mul(&y, &a, &a); CHECK(zkfl_##F##_eq(&x, &y));   \
            zkfl_##F##_mul(&x, &a, &one); CHECK(zkfl_##F##_eq(&x, &a));                        \
            zkfl_##F##_mul(&x, &a, &zero); CHECK(zkfl_##F##_is_zero(&x));                      \
            zkfl_##F##_inv(&x, &a); zkfl_##F##_mul(&x, &x, &a); CHECK(zkfl_##F##_is_one(&x));   \
            zkfl_##F##_inv(&x, &a); zkfl_##F##_inv_vartime(&y, &a); CHECK(zkfl_##F##_eq(&x, &y)); \
            /* a^(m-1) = 1, pow_ct == pow_vartime on a random exponent */                       \
            uint64_t e[4];                                                                    \
            for (int k = 0; k < 4; k++) e[k] = zkfl_test_rng_next(&rng);                      \
            zkfl_##F##_pow(&x, &a, e); zkfl_##F##_pow_vartime(&y, &a, e); CHECK(zkfl_##F##_eq(&x, &y)); \
            /* a^(e1+e2) = a^e1 a^e2 with small exponents */                                  \
            uint64_t e1[4] = { zkfl_test_rng_next(&rng) >> 2, 0, 0, 0 }, e2[4] = { zkfl_test_rng_next(&rng) >> 2, 0, 0, 0 }; \
            uint64_t e3[4] = { e1[0] + e2[0], 0, 0, 0 };                                      \
            zkfl_##F##_pow(&x, &a, e1); zkfl_##F##_pow(&y, &a, e2); zkfl_##F##_mul(&x, &x, &y); \
            zkfl_##F##_pow_vartime(&z, &a, e3); CHECK(zkfl_##F##_eq(&x, &z));                  \
            /* squares have roots, and their Legendre symbol is 1 */                          \
            zkfl_##F##_sqr(&x, &a);                                                           \
            CHECK_OK(zkfl_##F##_sqrt(&y, &x)); zkfl_##F##_sqr(&z, &y); CHECK(zkfl_##F##_eq(&z, &x)); \
            CHECK_EQ_INT(zkfl_##F##_legendre(&x), zkfl_##F##_is_zero(&a) ? 0 : 1);            \
            /* non-residue times a non-zero square is not a square */                         \
            T nr; zkfl_##F##_set_u64(&nr, NONRES); zkfl_##F##_mul(&x, &x, &nr);               \
            CHECK_EQ_INT(zkfl_##F##_legendre(&x), -1);                                        \
            y = a; CHECK_EQ_INT(zkfl_##F##_sqrt(&y, &x), ZKFL_ERR_NO_SQRT);                   \
            CHECK(zkfl_##F##_eq(&y, &a)); /* untouched on failure */                          \
            /* legendre matches sqrt success on random elements */                            \
            int l = zkfl_##F##_legendre(&a);                                                  \
            CHECK_EQ_INT(zkfl_##F##_sqrt(&y, &a) == 0, l >= 0);                               \
            /* cmov */                                                                        \
            x = a; zkfl_##F##_cmov(&x, &b, 0); CHECK(zkfl_##F##_eq(&x, &a));                  \
            zkfl_##F##_cmov(&x, &b, 1); CHECK(zkfl_##F##_eq(&x, &b));                         \
        }                                                                                     \
    }                                                                                         \
    static void F##_test_edges(void)                                                         \
    {                                                                                         \
        T zero, one, m1, x, y;                                                                \
        char dec[ZKFL_DEC_MAX];                                                               \
        zkfl_##F##_set_zero(&zero); zkfl_##F##_set_one(&one);                                  \
        CHECK(zkfl_##F##_is_zero(&zero)); CHECK(!zkfl_##F##_is_zero(&one));                    \
        CHECK(zkfl_##F##_is_one(&one)); CHECK(!zkfl_##F##_is_one(&zero));                      \
        CHECK_OK(zkfl_##F##_from_dec(&m1, MODM1_DEC));                                        \
        zkfl_##F##_add(&x, &m1, &one); CHECK(zkfl_##F##_is_zero(&x));                         \
        zkfl_##F##_neg(&x, &one); CHECK(zkfl_##F##_eq(&x, &m1));                              \
        zkfl_##F##_neg(&x, &zero); CHECK(zkfl_##F##_is_zero(&x));                             \
        zkfl_##F##_mul(&x, &m1, &m1); CHECK(zkfl_##F##_is_one(&x));                           \
        zkfl_##F##_inv(&x, &zero); CHECK(zkfl_##F##_is_zero(&x));                             \
        zkfl_##F##_inv_vartime(&x, &zero); CHECK(zkfl_##F##_is_zero(&x));                     \
        zkfl_##F##_inv(&x, &one); CHECK(zkfl_##F##_is_one(&x));                               \
        zkfl_##F##_inv_vartime(&x, &m1); CHECK(zkfl_##F##_eq(&x, &m1));                       \
        CHECK_EQ_INT(zkfl_##F##_legendre(&zero), 0);                                          \
        CHECK_EQ_INT(zkfl_##F##_legendre(&one), 1);                                           \
        CHECK_OK(zkfl_##F##_sqrt(&x, &zero)); CHECK(zkfl_##F##_is_zero(&x));                  \
        CHECK_OK(zkfl_##F##_sqrt(&x, &one)); zkfl_##F##_sqr(&y, &x); CHECK(zkfl_##F##_is_one(&y)); \
        zkfl_##F##_to_dec(dec, &m1); CHECK(strcmp(dec, MODM1_DEC) == 0);                       \
        zkfl_##F##_to_dec(dec, &zero); CHECK(strcmp(dec, "0") == 0);                           \
        zkfl_##F##_to_dec(dec, &one); CHECK(strcmp(dec, "1") == 0);                            \
        zkfl_##F##_set_u64(&x, 10000000000000000000ull); zkfl_##F##_to_dec(dec, &x);           \
        CHECK(strcmp(dec, "10000000000000000000") == 0);                                       \
        /* decimal decoder strictness */                                                     \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, MOD_DEC), ZKFL_ERR_NOT_CANONICAL);                \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "99999999999999999999999999999999999999999999999999999999999999999999999999999"), ZKFL_ERR_NOT_CANONICAL); \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "999999999999999999999999999999999999999999999999999999999999999999999999999999"), ZKFL_ERR_NOT_CANONICAL); \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "0999999999999999999999999999999999999999999999999999999999999999999999999999999"), ZKFL_ERR_FORMAT); \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, ""), ZKFL_ERR_FORMAT);                            \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "-1"), ZKFL_ERR_FORMAT);                          \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "+1"), ZKFL_ERR_FORMAT);                          \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, " 1"), ZKFL_ERR_FORMAT);                          \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "1 "), ZKFL_ERR_FORMAT);                          \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "12a"), ZKFL_ERR_FORMAT);                         \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "0x10"), ZKFL_ERR_FORMAT);                        \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, "1e5"), ZKFL_ERR_FORMAT);                         \
        CHECK_EQ_INT(zkfl_##F##_from_dec(&x, NULL), ZKFL_ERR_INVALID_ARG);                     \
        CHECK_OK(zkfl_##F##_from_dec(&x, "007")); zkfl_##F##_set_u64(&y, 7); CHECK(zkfl_##F##_eq(&x, &y)); \
        /* byte decoders: m and all-0xff rejected, m-1 accepted, round trips */              \
        uint8_t be[32], le[32], lem[32], ff[32], w[64];                                       \
        memset(ff, 0xff, 32);                                                                 \
        CHECK_EQ_INT(zkfl_##F##_from_bytes_be(&x, ff), ZKFL_ERR_NOT_CANONICAL);               \
        CHECK_EQ_INT(zkfl_##F##_from_bytes_le(&x, ff), ZKFL_ERR_NOT_CANONICAL);               \
        CHECK_EQ_INT(zkfl_##F##_from_bytes_lem(&x, ff), ZKFL_ERR_NOT_CANONICAL);              \
        zkfl_##F##_to_bytes_be(be, &m1); be[31]++; /* m-1 is even: +1 gives m */             \
        CHECK_EQ_INT(zkfl_##F##_from_bytes_be(&x, be), ZKFL_ERR_NOT_CANONICAL);               \
        zkfl_##F##_to_bytes_le(le, &m1); le[0]++;                                             \
        CHECK_EQ_INT(zkfl_##F##_from_bytes_le(&x, le), ZKFL_ERR_NOT_CANONICAL);               \
        uint64_t raw[4]; zkfl_##F##_to_raw(raw, &m1); raw[0]++;                                \
        CHECK_EQ_INT(zkfl_##F##_from_raw(&x, raw), ZKFL_ERR_NOT_CANONICAL);                    \
        CHECK_EQ_INT(zkfl_##F##_from_bytes_lem(&x, le), ZKFL_ERR_NOT_CANONICAL); /* m itself */ \
        zkfl_##F##_to_bytes_be(be, &one);                                                     \
        for (int i = 0; i < 31; i++) CHECK(be[i] == 0);                                        \
        CHECK(be[31] == 1);                                                                   \
        /* wide reduction: 2^512 - 1 and m*2^256 + 5 */                                       \
        memset(w, 0xff, 64); zkfl_##F##_from_bytes_be_wide(&x, w);                             \
        T t2; zkfl_##F##_set_u64(&t2, 2); uint64_t e512[4] = { 512, 0, 0, 0 };                 \
        zkfl_##F##_pow_vartime(&y, &t2, e512); zkfl_##F##_sub(&y, &y, &one); CHECK(zkfl_##F##_eq(&x, &y)); \
        zkfl_##F##_to_bytes_be(w, &m1); w[31]++; memset(w + 32, 0, 32); w[63] = 5;            \
        zkfl_##F##_from_bytes_be_wide(&x, w); zkfl_##F##_set_u64(&y, 5); CHECK(zkfl_##F##_eq(&x, &y)); \
        for (int it = 0; it < 100; it++) {                                                    \
            F##_rand(&x);                                                                     \
            zkfl_##F##_to_bytes_be(be, &x); zkfl_##F##_to_bytes_le(le, &x); zkfl_##F##_to_bytes_lem(lem, &x); \
            for (int i = 0; i < 32; i++) CHECK(be[i] == le[31 - i]);                           \
            CHECK_OK(zkfl_##F##_from_bytes_be(&y, be)); CHECK(zkfl_##F##_eq(&x, &y));          \
            CHECK_OK(zkfl_##F##_from_bytes_le(&y, le)); CHECK(zkfl_##F##_eq(&x, &y));          \
            CHECK_OK(zkfl_##F##_from_bytes_lem(&y, lem)); CHECK(zkfl_##F##_eq(&x, &y));        \
            for (int i = 0; i < 32; i++) CHECK(lem[i] == (uint8_t)(x.v[i / 8] >> (8 * (i % 8)))); \
            zkfl_##F##_to_dec(dec, &x); CHECK_OK(zkfl_##F##_from_dec(&y, dec)); CHECK(zkfl_##F##_eq(&x, &y)); \
            zkfl_##F##_to_raw(raw, &x); CHECK_OK(zkfl_##F##_from_raw(&y, raw)); CHECK(zkfl_##F##_eq(&x, &y)); \
            /* wide with a zero high half is the plain big-endian value */                   \
            memset(w, 0, 32); memcpy(w + 32, be, 32); zkfl_##F##_from_bytes_be_wide(&y, w);     \
            CHECK(zkfl_##F##_eq(&x, &y));                                                     \
        }                                                                                     \
        /* random elements are canonical and differ */                                       \
        CHECK_OK(zkfl_##F##_random(&x)); CHECK_OK(zkfl_##F##_random(&y));                      \
        CHECK(!zkfl_##F##_eq(&x, &y));                                                        \
        zkfl_##F##_to_bytes_be(be, &x); CHECK_OK(zkfl_##F##_from_bytes_be(&y, be));            \
    }                                                                                         \
    static void F##_test_batch(void)                                                         \
    {                                                                                         \
        enum { N = 67 };                                                                      \
        T in[N], out[N], x;                                                                   \
        for (int i = 0; i < N; i++) {                                                         \
            F##_rand(&in[i]);                                                                 \
            if (i % 7 == 3) zkfl_##F##_set_zero(&in[i]);                                      \
        }                                                                                     \
        CHECK_OK(zkfl_##F##_batch_inv_vartime(out, in, N));                                   \
        for (int i = 0; i < N; i++) { zkfl_##F##_inv(&x, &in[i]); CHECK(zkfl_##F##_eq(&x, &out[i])); } \
        CHECK_OK(zkfl_##F##_batch_inv_vartime(in, in, N)); /* aliasing */                   \
        for (int i = 0; i < N; i++) CHECK(zkfl_##F##_eq(&in[i], &out[i]));                    \
        CHECK_OK(zkfl_##F##_batch_inv_vartime(out, in, 0));                                   \
    }

FIELD_TESTS(fp, zkfl_fp, P_DEC,
            "21888242871839275222246405745257275088696311157297823662689037894645226208582", 3)
FIELD_TESTS(fr, zkfl_fr, R_DEC,
            "21888242871839275222246405745257275088548364400416034343698204186575808495616", 5)

static void test_fr_i64(void)
{
    zkfl_fr a, b, c;
    zkfl_fr_set_i64(&a, -5);
    zkfl_fr_set_u64(&b, 5);
    zkfl_fr_add(&c, &a, &b);
    CHECK(zkfl_fr_is_zero(&c));
    zkfl_fr_set_i64(&a, 12345);
    zkfl_fr_set_u64(&b, 12345);
    CHECK(zkfl_fr_eq(&a, &b));
    zkfl_fr_set_i64(&a, INT64_MIN);
    zkfl_fr_set_u64(&b, (uint64_t)1 << 63);
    zkfl_fr_add(&c, &a, &b);
    CHECK(zkfl_fr_is_zero(&c));
    zkfl_fr_set_i64(&a, 0);
    CHECK(zkfl_fr_is_zero(&a));
}

static void test_known_answers(void)
{
    /* computed independently with Python big integers */
    zkfl_fp a, b;
    char dec[ZKFL_DEC_MAX];
    zkfl_fp_set_u64(&a, 2);
    zkfl_fp_inv(&b, &a);
    zkfl_fp_to_dec(dec, &b);
    CHECK(strcmp(dec, "10944121435919637611123202872628637544348155578648911831344518947322613104292") == 0);
    zkfl_fr r1, r2;
    zkfl_fr_set_u64(&r1, 3);
    zkfl_fr_inv_vartime(&r2, &r1);
    zkfl_fr_to_dec(dec, &r2);
    CHECK(strcmp(dec, "14592161914559516814830937163504850059032242933610689562465469457717205663745") == 0);
    /* the one Montgomery constant, as snarkjs writes it */
    uint8_t lem[32];
    zkfl_fp_set_one(&a);
    zkfl_fp_to_bytes_lem(lem, &a);
    CHECK(lem[0] == 0x9d && lem[1] == 0x0d && lem[31] == 0x0e);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0001);
    fp_test_axioms();
    fp_test_edges();
    fp_test_batch();
    fr_test_axioms();
    fr_test_edges();
    fr_test_batch();
    test_fr_i64();
    test_known_answers();
    return zkfl_test_done("ff_prime");
}
