/* The lazy butterflies of ntt_butterfly.h against the field's own
 * arithmetic: for x, y anywhere in [0, 4r) (random, and the extremes 0,
 * r - 1, r, 2r - 1, 2r, 4r - 1) and twiddles < r, the outputs stay below
 * 4r and are congruent to x + w y and x - w y; the first-stage butterfly
 * and the normalization likewise; the lazy product alone stays below 2r
 * and is congruent to y w / 2^256. In the release build the assembly
 * kernels (the butterfly, and the generated ff_mont_mul_lazy_asm) are also
 * compared with the portable ones word for word. */
#include <string.h>
#include "testlib.h"
#include "ff/ff_generic.h"
#include "poly/ntt_butterfly.h"

static zkfl_test_rng rng;

static const uint64_t four_r[4] = {   /* 4r - 1 < 2^256 */
    0x0f87d64fc0000003ull, 0xa0cfa121e6e5c245ull, 0xe14116da06056174ull, 0xc19139cb84c680a6ull
};

static int lt4(const uint64_t a[4], const uint64_t b[4])
{
    uint64_t t[4];
    return (int)ff_sub4_borrow(t, a, b);
}

/* Canonical residue of a < 2^256 (ff_reduce_256 works on any 4 limbs). */
static void canon(zkfl_fr *r, const uint64_t a[4])
{
    ff_reduce_256(r->v, a, &ff_fr_modulus);
}

/* A value in [0, 4r): random 256-bit numbers reduced into range by
 * clearing the top bit and subtracting 2r when still too large. */
static void random_lazy(uint64_t a[4])
{
    zkfl_test_rng_bytes(&rng, (uint8_t *)a, 32);
    uint64_t lim[4] = { four_r[0] + 1, four_r[1], four_r[2], four_r[3] };
    while (!lt4(a, lim)) {
        uint64_t t[4];
        ff_sub4_borrow(t, a, ntt_two_r);
        memcpy(a, t, sizeof t);
    }
}

static void random_twiddle(zkfl_fr *w)
{
    uint8_t buf[64];
    zkfl_test_rng_bytes(&rng, buf, sizeof buf);
    zkfl_fr_from_bytes_be_wide(w, buf);
}

/* Extremes of [0, 4r): index k < 6. */
static void extreme(uint64_t a[4], int k)
{
    static const uint64_t one[4] = { 1, 0, 0, 0 };
    memset(a, 0, 32);
    switch (k) {
    case 0: break;
    case 1: ff_sub4_borrow(a, ff_fr_modulus.m, one); break;
    case 2: memcpy(a, ff_fr_modulus.m, 32); break;
    case 3: ff_sub4_borrow(a, ntt_two_r, one); break;
    case 4: memcpy(a, ntt_two_r, 32); break;
    default: memcpy(a, four_r, 32); break;
    }
}

static void check_bfly(const uint64_t x[4], const uint64_t y[4], const zkfl_fr *w)
{
    uint64_t lim[4] = { four_r[0] + 1, four_r[1], four_r[2], four_r[3] };
    zkfl_fr cx, cy, t, want_x, want_y, got_x, got_y;
    canon(&cx, x);
    canon(&cy, y);
    zkfl_fr_mul(&t, &cy, w);
    zkfl_fr_add(&want_x, &cx, &t);
    zkfl_fr_sub(&want_y, &cx, &t);

    uint64_t px[4], py[4];
    memcpy(px, x, 32);
    memcpy(py, y, 32);
    ntt_bfly_portable(px, py, w->v);
    CHECK(lt4(px, lim) && lt4(py, lim));
    canon(&got_x, px);
    canon(&got_y, py);
    CHECK(zkfl_fr_eq(&got_x, &want_x) && zkfl_fr_eq(&got_y, &want_y));

    uint64_t ax[4], ay[4];
    memcpy(ax, x, 32);
    memcpy(ay, y, 32);
    ntt_bfly(ax, ay, w->v);
    CHECK(memcmp(ax, px, 32) == 0 && memcmp(ay, py, 32) == 0);

    /* the lazy product on its own: below 2r, congruent to y w / 2^256, and
     * the generated kernel equal to the portable one word for word */
    uint64_t pt[4];
    zkfl_fr got_t;
    ntt_mul_lazy_portable(pt, y, w->v);
    CHECK(lt4(pt, ntt_two_r));
    canon(&got_t, pt);
    CHECK(zkfl_fr_eq(&got_t, &t));
#ifdef FF_USE_ASM
    uint64_t at[4];
    ff_mont_mul_lazy_asm(at, y, w->v, ff_fr_modulus.m, FF_FR_N0);
    CHECK(memcmp(at, pt, 32) == 0);
#endif
}

static void test_bfly(void)
{
    zkfl_fr w, wmax;
    uint64_t x[4], y[4];
    /* the largest twiddle, r - 1 */
    static const uint64_t one[4] = { 1, 0, 0, 0 };
    ff_sub4_borrow(wmax.v, ff_fr_modulus.m, one);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            extreme(x, i);
            extreme(y, j);
            check_bfly(x, y, &wmax);
            random_twiddle(&w);
            check_bfly(x, y, &w);
        }
    for (int k = 0; k < 20000; k++) {
        random_lazy(x);
        random_lazy(y);
        random_twiddle(&w);
        check_bfly(x, y, k % 7 == 0 ? &wmax : &w);
    }
}

static void test_bfly_one_and_normalize(void)
{
    uint64_t lim[4] = { four_r[0] + 1, four_r[1], four_r[2], four_r[3] };
    for (int k = 0; k < 20036; k++) {
        uint64_t x[4], y[4];
        if (k < 36) {   /* extremes of [0, 2r) */
            extreme(x, k % 6 < 4 ? k % 6 : 3);
            extreme(y, (k / 6) < 4 ? k / 6 : 3);
        } else {
            random_lazy(x);
            random_lazy(y);
            ntt_csub4(x, ntt_two_r);
            ntt_csub4(y, ntt_two_r);
        }
        zkfl_fr cx, cy, want_x, want_y, got;
        canon(&cx, x);
        canon(&cy, y);
        zkfl_fr_add(&want_x, &cx, &cy);
        zkfl_fr_sub(&want_y, &cx, &cy);
        ntt_bfly_one(x, y);
        CHECK(lt4(x, lim) && lt4(y, lim));
        /* normalize must give the canonical value itself */
        ntt_normalize(x);
        ntt_normalize(y);
        CHECK(zkfl_fr_eq((zkfl_fr *)x, &want_x));
        CHECK(zkfl_fr_eq((zkfl_fr *)y, &want_y));
        (void)got;
    }
    /* every extreme of [0, 4r) normalizes to its residue */
    for (int i = 0; i < 6; i++) {
        uint64_t x[4];
        zkfl_fr want;
        extreme(x, i);
        canon(&want, x);
        ntt_normalize(x);
        CHECK(zkfl_fr_eq((zkfl_fr *)x, &want));
    }
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x62666c79);
    test_bfly();
    test_bfly_one_and_normalize();
    return zkfl_test_done("poly_test_ntt_butterfly");
}
