/* Both safegcd inverses (constant time and variable time) against Fermat's
 * a^(m-2), for Fp and Fr, on random values and on inputs that stress the
 * divstep batches: 0, 1, m-1, powers of two, values with long runs of zero
 * or one bits, m - 2^k. */
#include <string.h>
#include "testlib.h"
#include "ff/ff_generic.h"

static zkfl_test_rng rng;

static void check_one(const uint64_t raw[4], const ff_modulus *f)
{
    uint64_t a[4], r1[4], r2[4], r3[4], prod[4];
    if (!ff_is_canonical(raw, f))
        return;
    ff_to_mont(a, raw, f);
    ff_inv_fermat(r1, a, f);
    ff_inv_ct(r2, a, f);
    ff_inv_vartime(r3, a, f);
    CHECK(memcmp(r1, r2, 32) == 0);
    CHECK(memcmp(r1, r3, 32) == 0);
    if (!ff_is_zero4(a)) {
        ff_mont_mul(prod, r2, a, f->m, f->n0);
        CHECK(ff_eq4(prod, f->one));
    } else {
        CHECK(ff_is_zero4(r2) && ff_is_zero4(r3));
    }
    /* the plain-integer layer: x * x^-1 = 1 as integers mod m */
    ff_inv_safegcd_vartime(r3, raw, f);
    uint64_t x_m[4], xi_m[4], one_raw[4] = { 1, 0, 0, 0 };
    ff_to_mont(x_m, raw, f);
    ff_to_mont(xi_m, r3, f);
    ff_mont_mul(prod, x_m, xi_m, f->m, f->n0);
    ff_from_mont(prod, prod, f);
    if (!ff_is_zero4(raw))
        CHECK(memcmp(prod, one_raw, 32) == 0);
}

static void check_modulus(const ff_modulus *f)
{
    uint64_t x[4];
    for (int k = 0; k < 254; k++) {
        memset(x, 0, 32);
        x[k / 64] = 1ull << (k % 64);
        check_one(x, f);                           /* 2^k */
        uint64_t t[4];
        ff_sub4_borrow(t, f->m, x);
        check_one(t, f);                           /* m - 2^k */
        memset(x, 0, 32);
        for (int j = 0; j <= k; j++) x[j / 64] |= 1ull << (j % 64);
        check_one(x, f);                           /* 2^(k+1) - 1 */
    }
    uint64_t one[4] = { 1, 0, 0, 0 }, mm1[4];
    ff_sub4_borrow(mm1, f->m, one);
    check_one(mm1, f);
    memset(x, 0, 32);
    check_one(x, f);
    for (int it = 0; it < 3000; it++) {
        for (int i = 0; i < 4; i++) x[i] = zkfl_test_rng_next(&rng);
        x[3] &= (1ull << 62) - 1;
        if (it % 4 == 1) x[0] = 0;                  /* a zero low limb */
        if (it % 4 == 2) { x[1] = 0; x[2] = 0; }    /* a long zero run */
        if (it % 8 == 3) x[3] >>= 40;               /* a short value */
        check_one(x, f);
    }
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0005);
    check_modulus(&ff_fp_modulus);
    check_modulus(&ff_fr_modulus);
    return zkfl_test_done("ff_inverse");
}
