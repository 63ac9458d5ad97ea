/* The x86-64 assembly Montgomery kernels (when this build uses them) agree
 * with the portable __int128 CIOS kernel, for both moduli, on random and
 * extreme inputs; in portable builds the portable kernel is checked
 * against schoolbook arithmetic via the public API invariants. */
#include <string.h>
#include "testlib.h"
#include "ff/fp_impl.h"

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

/* the Fp2 sum-of-products kernel against four portable multiplications */
static void check_sop(void)
{
    const ff_modulus *f = &ff_fp_modulus;
    for (int it = 0; it < 5000; it++) {
        uint64_t x[8], y[16], out1[8], out2[8];
        for (int k = 0; k < 2; k++) pick(x + 4 * k, f->m, it < 36 ? (it + k) % 6 : 4);
        for (int k = 0; k < 4; k++) pick(y + 4 * k, f->m, it < 36 ? (it / 6 + k) % 6 : 5);
        ff_sop_x2_portable(out1, x, y, f->m, f->n0);
        ff_fp_sop_x2(out2, x, y);
        CHECK(memcmp(out1, out2, 64) == 0);
        uint64_t t[4];
        CHECK(ff_sub4_borrow(t, out2, f->m) == 1 && ff_sub4_borrow(t, out2 + 4, f->m) == 1);
        /* output over the inputs */
        uint64_t xa[8];
        memcpy(xa, x, 64);
        ff_fp_sop_x2(xa, xa, y);
        CHECK(memcmp(out1, xa, 64) == 0);
    }
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
    check_sop();
    return zkfl_test_done("ff_kernels");
}
