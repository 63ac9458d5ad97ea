/* Re-derives every constant of src/ff/ff_const.c (and the Tonelli-Shanks
 * seed in fr.c) from the modulus alone, with arithmetic that does not use
 * the constant being checked: n0 from m[0]; R, R^2, R^3 mod m by repeated
 * modular doubling of 1; m - 2 and (m-1)/2 by limb arithmetic. */
#include <string.h>
#include "testlib.h"
#include "ff/fp_field.h"
#include "ff/ff_generic.h"

static void check_modulus(const ff_modulus *f, const char *dec)
{
    CHECK((f->m[0] * f->n0) == UINT64_MAX);         /* m * n0 = -1 mod 2^64 */
    CHECK(f->m[3] < (1ull << 62));                   /* m < 2^254: no-carry CIOS */
    uint64_t x[4] = { 1, 0, 0, 0 };
    for (int k = 1; k <= 768; k++) {
        ff_add_mod_portable(x, x, x, f->m);          /* x = 2^k mod m */
        if (k == 256) CHECK(memcmp(x, f->one, 32) == 0);
        if (k == 512) CHECK(memcmp(x, f->r2, 32) == 0);
        if (k == 768) CHECK(memcmp(x, f->r3, 32) == 0);
    }
    uint64_t two[4] = { 2, 0, 0, 0 }, t[4];
    ff_sub4_borrow(t, f->m, two);
    CHECK(memcmp(t, f->m_minus_2, 32) == 0);
    uint64_t one[4] = { 1, 0, 0, 0 };
    ff_sub4_borrow(t, f->m, one);
    uint64_t half[4] = { (t[0] >> 1) | (t[1] << 63), (t[1] >> 1) | (t[2] << 63),
                         (t[2] >> 1) | (t[3] << 63), t[3] >> 1 };
    CHECK(memcmp(half, f->half, 32) == 0);
    /* the decimal modulus in ff.h's comment is this modulus */
    char out[ZKFL_DEC_MAX];
    uint64_t mm1[4];
    ff_sub4_borrow(mm1, f->m, one);
    uint64_t mont[4];
    ff_to_mont(mont, mm1, f);
    ff_to_dec(out, mont, f);
    size_t n = strlen(dec);
    CHECK(strlen(out) == n && memcmp(out, dec, n - 1) == 0 && out[n - 1] == dec[n - 1] - 1);
}

int main(void)
{
    check_modulus(&ff_fp_modulus, "21888242871839275222246405745257275088696311157297823662689037894645226208583");
    check_modulus(&ff_fr_modulus, "21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /* Tonelli-Shanks seed: c5 = 5^c2 with r - 1 = 2^28 c2; c5 has order 2^28 */
    uint64_t c2[4], one[4] = { 1, 0, 0, 0 };
    ff_sub4_borrow(c2, ff_fr_modulus.m, one);
    for (int k = 0; k < 28; k++) {
        CHECK((c2[0] & 1) == 0);
        c2[0] = (c2[0] >> 1) | (c2[1] << 63);
        c2[1] = (c2[1] >> 1) | (c2[2] << 63);
        c2[2] = (c2[2] >> 1) | (c2[3] << 63);
        c2[3] >>= 1;
    }
    CHECK((c2[0] & 1) == 1);
    zkfl_fr five, c5, t;
    zkfl_fr_set_u64(&five, 5);
    CHECK_EQ_INT(zkfl_fr_legendre(&five), -1);
    zkfl_fr_pow_vartime(&c5, &five, c2);
    CHECK(zkfl_fr_eq(&c5, &ff_fr_ts_c5));
    t = c5;
    for (int k = 0; k < 27; k++) zkfl_fr_sqr(&t, &t);
    zkfl_fr m1;
    zkfl_fr_set_one(&m1);
    zkfl_fr_neg(&m1, &m1);
    CHECK(zkfl_fr_eq(&t, &m1));                      /* c5^(2^27) = -1 */
    return zkfl_test_done("ff_constants");
}
