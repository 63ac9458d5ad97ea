/* The x86-64 assembly Montgomery kernels (when this build uses them) agree
 * with the portable __int128 CIOS kernel, for both moduli, on random and
 * extreme inputs; both (whichever the build uses) agree with an independent
 * product-then-reduce reference, including values near the modulus and
 * products that need the final subtraction. The Fp2 kernels and the
 * multiplication by xi are compared with their portable code. */
#include <string.h>
#include "testlib.h"
#include "ff/fp2_impl.h"

static zkfl_test_rng rng;

static void rand_below(uint64_t r[4], const uint64_t m[4])
{
    for (;;) {
        for (int i = 0; i < 4; i++) r[i] = zkfl_test_rng_next(&rng);
        r[3] &= (1ull << 62) - 1;
        uint64_t t[4];
        if (ff_sub4_borrow(t, r, m)) return;
    }
}

/* a, b < m chosen from a mix of random and extreme values */
static void pick(uint64_t r[4], const uint64_t m[4], int k)
{
    switch (k % 6) {
    case 0: memset(r, 0, 32); break;
    case 1: r[0] = 1; r[1] = r[2] = r[3] = 0; break;
    case 2: { uint64_t one[4] = { 1, 0, 0, 0 }; ff_sub4_borrow(r, m, one); } break;  /* m - 1 */
    case 3: { uint64_t x[4] = { zkfl_test_rng_next(&rng) | 1, 0, 0, 0 }; ff_sub4_borrow(r, m, x); } break;
    default: rand_below(r, m);
    }
}

static void check_modulus(const ff_modulus *f)
{
    for (int it = 0; it < 20000; it++) {
        uint64_t a[4], b[4], r1[4], r2[4], r3[4];
        pick(a, f->m, it < 36 ? it : 4);
        pick(b, f->m, it < 36 ? it / 6 : 5);
        ff_mont_mul_portable(r1, a, b, f->m, f->n0);
        ff_mont_mul(r2, a, b, f->m, f->n0);
        ff_mont_sqr(r3, a, f->m, f->n0);
        uint64_t r4[4];
        ff_mont_mul_portable(r4, a, a, f->m, f->n0);
        CHECK(memcmp(r1, r2, 32) == 0);
        CHECK(memcmp(r3, r4, 32) == 0);
        uint64_t t[4];
        CHECK(ff_sub4_borrow(t, r2, f->m) == 1); /* fully reduced */
        ff_add_mod_portable(r1, a, b, f->m);
        ff_add_mod(r2, a, b, f->m);
        CHECK(memcmp(r1, r2, 32) == 0);
        CHECK(ff_sub4_borrow(t, r2, f->m) == 1);
        ff_sub_mod_portable(r1, a, b, f->m);
        ff_sub_mod(r2, a, b, f->m);
        CHECK(memcmp(r1, r2, 32) == 0);
        CHECK(ff_sub4_borrow(t, r2, f->m) == 1);
        ff_sub_mod(r3, r2, a, f->m);   /* (a - b) - a = -b */
        ff_add_mod(r3, r3, b, f->m);
        CHECK(ff_is_zero4(r3));
        /* mont(a, R^2) then mont(., 1) round-trips */
        uint64_t one_raw[4] = { 1, 0, 0, 0 };
        ff_mont_mul(r1, a, f->r2, f->m, f->n0);
        ff_mont_mul(r1, r1, one_raw, f->m, f->n0);
        CHECK(memcmp(r1, a, 32) == 0);
    }
}

/* An independent reference: the full 512-bit product, then word-by-word
 * Montgomery reduction with carries propagated to the top (SOS), then
 * the final subtraction; reports whether that subtraction was taken. */
static int sos_reference(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const ff_modulus *f)
{
    uint64_t t[9] = { 0 };
    for (int i = 0; i < 4; i++) {
        ff_u128 c = 0;
        for (int j = 0; j < 4; j++) {
            c += (ff_u128)a[j] * b[i] + t[i + j];
            t[i + j] = (uint64_t)c;
            c >>= 64;
        }
        t[i + 4] = (uint64_t)c;
    }
    for (int i = 0; i < 4; i++) {
        uint64_t q = t[i] * f->n0;
        ff_u128 c = 0;
        for (int j = 0; j < 4; j++) {
            c += (ff_u128)q * f->m[j] + t[i + j];
            t[i + j] = (uint64_t)c;
            c >>= 64;
        }
        for (int k = i + 4; k < 9; k++) {
            c += t[k];
            t[k] = (uint64_t)c;
            c >>= 64;
        }
    }
    uint64_t d[4];
    uint64_t borrow = ff_sub4_borrow(d, t + 4, f->m);
    int subtract = t[8] != 0 || borrow == 0;
    memcpy(r, subtract ? d : t + 4, 32);
    return subtract;
}

/* values near the modulus: m - 2^k for every k < 254, and m - 2^k - 1 */
static void near_modulus(uint64_t r[4], const uint64_t m[4], int k, int minus_one)
{
    uint64_t x[4] = { 0, 0, 0, 0 };
    x[k / 64] = 1ull << (k % 64);
    ff_sub4_borrow(r, m, x);
    if (minus_one) {
        uint64_t one[4] = { 1, 0, 0, 0 };
        ff_sub4_borrow(r, r, one);
    }
}

/* mul and sqr (assembly or portable, whichever this build uses) against
 * the SOS reference, on the pick() mix, on values near the modulus, and
 * with enough cases that take the final subtraction */
static void check_against_reference(const ff_modulus *f)
{
    int subtracted = 0, total = 0;
    for (int it = 0; it < 20000; it++) {
        uint64_t a[4], b[4], r1[4], r2[4];
        if (it < 2 * 254) {
            near_modulus(a, f->m, it / 2, it & 1);
            pick(b, f->m, it % 6);
        } else if (it < 2 * 254 + 254 * 2) {
            int k = it - 2 * 254;
            near_modulus(a, f->m, k / 2, 0);
            near_modulus(b, f->m, (k * 7) % 254, k & 1);
        } else {
            pick(a, f->m, it % 6);
            pick(b, f->m, (it / 6) % 6);
        }
        subtracted += sos_reference(r1, a, b, f);
        total++;
        ff_mont_mul(r2, a, b, f->m, f->n0);
        CHECK(memcmp(r1, r2, 32) == 0);
        sos_reference(r1, a, a, f);
        ff_mont_sqr(r2, a, f->m, f->n0);
        CHECK(memcmp(r1, r2, 32) == 0);
        ff_mont_mul(r2, a, a, f->m, f->n0);   /* squaring agrees with multiplication */
        CHECK(memcmp(r1, r2, 32) == 0);
    }
    /* the final subtraction is exercised, and is not always taken */
    CHECK(subtracted > 100 && subtracted < total - 100);
}

/* the Fp2 kernels against the portable Karatsuba / complex-squaring code,
 * including the edge values of pick() in every coordinate and outputs
 * over the inputs */
static void check_fp2(void)
{
    const ff_modulus *f = &ff_fp_modulus;
    for (int it = 0; it < 5000; it++) {
        zkfl_fp2 a, b, r1, r2, t;
        pick(a.c0.v, f->m, it < 36 ? it % 6 : 4);
        pick(a.c1.v, f->m, it < 36 ? it / 6 : 5);
        pick(b.c0.v, f->m, it < 36 ? (it + 1) % 6 : 4);
        pick(b.c1.v, f->m, it < 36 ? (it / 6 + 2) % 6 : 5);
        ff_fp2_mul_portable(&r1, &a, &b);
        ff_fp2_mul(&r2, &a, &b);
        CHECK(memcmp(&r1, &r2, sizeof r1) == 0);
        uint64_t d[4];
        CHECK(ff_sub4_borrow(d, r2.c0.v, f->m) == 1 && ff_sub4_borrow(d, r2.c1.v, f->m) == 1);
        ff_fp2_sqr_portable(&r1, &a);
        ff_fp2_sqr(&r2, &a);
        CHECK(memcmp(&r1, &r2, sizeof r1) == 0);
        CHECK(ff_sub4_borrow(d, r2.c0.v, f->m) == 1 && ff_sub4_borrow(d, r2.c1.v, f->m) == 1);
        ff_fp2_mul(&t, &a, &a);               /* squaring agrees with multiplication */
        CHECK(memcmp(&t, &r2, sizeof t) == 0);
        t = a;                                /* outputs over the inputs */
        ff_fp2_mul(&t, &t, &b);
        ff_fp2_mul_portable(&r1, &a, &b);
        CHECK(memcmp(&t, &r1, sizeof t) == 0);
        t = b;
        ff_fp2_mul(&t, &a, &t);
        CHECK(memcmp(&t, &r1, sizeof t) == 0);
        t = a;
        ff_fp2_sqr(&t, &t);
        CHECK(memcmp(&t, &r2, sizeof t) == 0);
    }
}

/* the register-resident multiplication by xi = 9 + u against the former
 * chain of modular doublings and additions */
static void check_mul_by_xi(void)
{
    const ff_modulus *f = &ff_fp_modulus;
    for (int it = 0; it < 20000; it++) {
        zkfl_fp2 a, r1, r2;
        pick(a.c0.v, f->m, it < 36 ? it % 6 : 4);
        pick(a.c1.v, f->m, it < 36 ? it / 6 : 5);
        ff_fp2_mul_by_xi_reference(&r1, &a);
        ff_fp2_mul_by_xi(&r2, &a);
        CHECK(memcmp(&r1, &r2, sizeof r1) == 0);
        ff_fp2_mul_by_xi(&a, &a);             /* output over the input */
        CHECK(memcmp(&r1, &a, sizeof r1) == 0);
    }
    /* the kernel against the portable code, b up to p inclusive */
    for (int it = 0; it < 20000; it++) {
        zkfl_fp x, r1, r2;
        uint64_t y[4];
        pick(x.v, f->m, it < 36 ? it % 6 : 4);
        if (it % 7 == 0)
            memcpy(y, f->m, sizeof y);
        else
            pick(y, f->m, it < 36 ? it / 6 : 5);
        ff_fp_mul9_add(&r1, &x, y);
        ff_fp_mul9_add_portable(&r2, &x, y);
        CHECK(memcmp(&r1, &r2, sizeof r1) == 0);
        uint64_t d[4];
        CHECK(ff_sub4_borrow(d, r1.v, f->m) == 1);
        ff_fp_mul9_sub(&r1, &x, y);
        ff_fp_mul9_sub_portable(&r2, &x, y);
        CHECK(memcmp(&r1, &r2, sizeof r1) == 0);
        CHECK(ff_sub4_borrow(d, r1.v, f->m) == 1);
    }
    /* 9a + b at the edges of its range: b = p, a = p - 1 (9a + b = 10p - 9) */
    zkfl_fp a, r;
    uint64_t one[4] = { 1, 0, 0, 0 }, b[4];
    ff_sub4_borrow(a.v, f->m, one);
    memcpy(b, f->m, sizeof b);
    ff_fp_mul9_add(&r, &a, b);                /* the map is linear on limbs: 9(p - 1) + p = p - 9 mod p */
    uint64_t nine_raw[4] = { 9, 0, 0, 0 }, expect[4];
    ff_sub4_borrow(expect, f->m, nine_raw);
    CHECK(memcmp(r.v, expect, 32) == 0);
    memset(a.v, 0, 32);
    ff_fp_mul9_add(&r, &a, b);                /* 0 + p = 0 */
    CHECK(ff_is_zero4(r.v));
    ff_fp_mul9_sub(&r, &a, b);                /* 0 - p = 0 */
    CHECK(ff_is_zero4(r.v));
    ff_sub4_borrow(a.v, f->m, one);
    ff_fp_mul9_sub(&r, &a, b);                /* 9(p - 1) - p = p - 9 */
    CHECK(memcmp(r.v, expect, 32) == 0);
    memset(b, 0, sizeof b);
    ff_fp_mul9_sub(&r, &a, b);                /* 9(p - 1) - 0 = p - 9 */
    CHECK(memcmp(r.v, expect, 32) == 0);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0004);
#ifdef FF_USE_ASM
    printf("assembly kernels in use: comparing with the portable kernel\n");
#else
    printf("portable build: kernel compared with itself through the public path\n");
#endif
    check_modulus(&ff_fp_modulus);
    check_modulus(&ff_fr_modulus);
    check_against_reference(&ff_fp_modulus);
    check_against_reference(&ff_fr_modulus);
    check_fp2();
    check_mul_by_xi();
    return zkfl_test_done("ff_kernels");
}
