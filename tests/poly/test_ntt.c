/* NTT over Fr: roots of unity (orders, ffjavascript's values), the naive
 * O(n^2) DFT, inverse and coset round trips, the convolution theorem,
 * agreement across thread counts and with the on-the-fly twiddle path, and
 * argument rejection. The comparison with ffjavascript's Fr.fft lives in
 * test_ntt_ffjs.c. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/poly.h"
#include "poly/ntt_impl.h"

#include "ntt_test_util.h"

static int vec_eq(const zkfl_fr *a, const zkfl_fr *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!zkfl_fr_eq(&a[i], &b[i]))
            return 0;
    return 1;
}

static void pow_u64(zkfl_fr *r, const zkfl_fr *a, uint64_t e)
{
    uint64_t ee[4] = { e, 0, 0, 0 };
    zkfl_fr_pow_vartime(r, a, ee);
}

static void test_roots(void)
{
    zkfl_fr w, t, one, minus_one;
    zkfl_fr_set_one(&one);
    zkfl_fr_set_i64(&minus_one, -1);
    CHECK_OK(zkfl_fr_root_of_unity(&w, 0));
    CHECK(zkfl_fr_is_one(&w));
    for (unsigned k = 1; k <= ZKFL_NTT_MAX_LOG; k++) {
        CHECK_OK(zkfl_fr_root_of_unity(&w, k));
        t = w;
        for (unsigned i = 0; i + 1 < k; i++)
            zkfl_fr_sqr(&t, &t);
        CHECK(zkfl_fr_eq(&t, &minus_one));   /* w^(2^(k-1)) = -1: order exactly 2^k */
        zkfl_fr_sqr(&t, &t);
        CHECK(zkfl_fr_eq(&t, &one));
    }
    /* ffjavascript's Fr.w[28] and Fr.w[3] (printed by tests/poly/ntt_ref.mjs) */
    zkfl_fr want;
    CHECK_OK(zkfl_fr_from_dec(&want, "19103219067921713944291392827692070036145651957329286315305642004821462161904"));
    CHECK_OK(zkfl_fr_root_of_unity(&w, 28));
    CHECK(zkfl_fr_eq(&w, &want));
    CHECK_OK(zkfl_fr_from_dec(&want, "19540430494807482326159819597004422086093766032135589407132600596362845576832"));
    CHECK_OK(zkfl_fr_root_of_unity(&w, 3));
    CHECK(zkfl_fr_eq(&w, &want));
    /* and it is 5^((r-1)/2^28) */
    zkfl_fr five;
    zkfl_fr_set_u64(&five, 5);
    const uint64_t e[4] = {   /* (r-1)/2^28 */
        0x9b9709143e1f593full, 0x181585d2833e8487ull, 0x131a029b85045b68ull, 0x000000030644e72eull };
    zkfl_fr_pow_vartime(&t, &five, e);
    CHECK_OK(zkfl_fr_root_of_unity(&w, 28));
    CHECK(zkfl_fr_eq(&t, &w));
    CHECK_EQ_INT(zkfl_fr_root_of_unity(&w, 29), ZKFL_ERR_RANGE);
    CHECK_EQ_INT(zkfl_fr_root_of_unity(NULL, 3), ZKFL_ERR_INVALID_ARG);
}

/* out[i] = sum_j a[j] (shift w^i)^j, w of order n (w^-1 when inverse). */
static void naive_dft(zkfl_fr *out, const zkfl_fr *a, size_t n, const zkfl_fr *shift, int inverse)
{
    unsigned lg = 0;
    while (((size_t)1 << lg) < n)
        lg++;
    zkfl_fr w, x, xp, acc, t;
    zkfl_fr_root_of_unity(&w, lg);
    if (inverse)
        zkfl_fr_inv(&w, &w);
    for (size_t i = 0; i < n; i++) {
        pow_u64(&x, &w, i);
        if (shift != NULL)
            zkfl_fr_mul(&x, &x, shift);
        zkfl_fr_set_zero(&acc);
        zkfl_fr_set_one(&xp);
        for (size_t j = 0; j < n; j++) {
            zkfl_fr_mul(&t, &a[j], &xp);
            zkfl_fr_add(&acc, &acc, &t);
            zkfl_fr_mul(&xp, &xp, &x);
        }
        out[i] = acc;
    }
}

static void test_naive(void)
{
    zkfl_fr a[128], b[128], want[128], shift, ninv, sinv, t;
    zkfl_fr_set_u64(&shift, 25);   /* snarkjs's Fr.shift = nqr^2 */
    for (size_t n = 1; n <= 128; n *= 2) {
        random_vec(a, n);
        naive_dft(want, a, n, NULL, 0);
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt(b, n, 1));
        CHECK(vec_eq(b, want, n));
        /* inverse = (1/n) * DFT with w^-1 */
        naive_dft(want, a, n, NULL, 1);
        zkfl_fr_set_u64(&ninv, n);
        zkfl_fr_inv(&ninv, &ninv);
        for (size_t i = 0; i < n; i++)
            zkfl_fr_mul(&want[i], &want[i], &ninv);
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_intt(b, n, 1));
        CHECK(vec_eq(b, want, n));
        /* coset evaluation */
        naive_dft(want, a, n, &shift, 0);
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt_coset(b, n, &shift, 2));
        CHECK(vec_eq(b, want, n));
        /* coset interpolation: coefficient j = (1/n) shift^-j sum_i a_i w^-ij */
        naive_dft(want, a, n, NULL, 1);
        zkfl_fr_inv(&sinv, &shift);
        zkfl_fr_set_one(&t);
        for (size_t i = 0; i < n; i++) {
            zkfl_fr_mul(&want[i], &want[i], &ninv);
            zkfl_fr_mul(&want[i], &want[i], &t);
            zkfl_fr_mul(&t, &t, &sinv);
        }
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_intt_coset(b, n, &shift, 2));
        CHECK(vec_eq(b, want, n));
    }
}

static void test_round_trips(void)
{
    size_t maxn = (size_t)1 << 16;
    zkfl_fr *a = malloc(maxn * sizeof *a), *b = malloc(maxn * sizeof *b), *c = malloc(maxn * sizeof *c);
    CHECK(a && b && c);
    if (!a || !b || !c)
        return;
    zkfl_fr shift;
    random_vec(&shift, 1);
#ifdef ZKFL_SANITIZE
    unsigned maxlog = 14;
#else
    unsigned maxlog = 16;
#endif
    for (unsigned lg = 0; lg <= maxlog; lg++) {
        size_t n = (size_t)1 << lg;
        random_vec(a, n);
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt(b, n, 2));
        if (n >= 4)
            CHECK(!vec_eq(a, b, n));
        CHECK_OK(zkfl_intt(b, n, 3));
        CHECK(vec_eq(a, b, n));
        CHECK_OK(zkfl_ntt_coset(b, n, &shift, 0));
        CHECK_OK(zkfl_intt_coset(b, n, &shift, 1));
        CHECK(vec_eq(a, b, n));
    }
    /* The same transform with any thread count, with the late stages'
     * twiddles read from the stage tables instead of the column-ordered
     * ones, and with the on-the-fly twiddles that sizes above 2^20 use. */
    size_t n = (size_t)1 << 15;
    random_vec(a, n);
    memcpy(b, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(b, n, 1));
    static const int threads[] = { 2, 3, 7 };
    for (size_t t = 0; t < 3; t++) {
        memcpy(c, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt(c, n, threads[t]));
        CHECK(vec_eq(b, c, n));
    }
    zkfl_ntt_column_tables = 0;   /* late stages from the stage tables */
    memcpy(c, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(c, n, 2));
    CHECK(vec_eq(b, c, n));
    zkfl_ntt_column_tables = 1;
    zkfl_ntt_table_limit = 13;
    memcpy(c, a, n * sizeof *a);
    CHECK_OK(zkfl_ntt(c, n, 3));
    CHECK(vec_eq(b, c, n));
    CHECK_OK(zkfl_intt(c, n, 2));
    CHECK(vec_eq(a, c, n));
    zkfl_ntt_table_limit = NTT_TABLE_MAX_LOG;
    free(a);
    free(b);
    free(c);
}

/* NTT(a) .* NTT(b) = NTT(a (*) b), the cyclic convolution. */
static void test_convolution(void)
{
    static const size_t sizes[] = { 8, 256, 1u << 13 };
    for (size_t si = 0; si < 3; si++) {
        size_t n = sizes[si];
        zkfl_fr *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
        CHECK(a && b && c);
        if (!a || !b || !c)
            return;
        random_vec(a, n);
        /* b sparse so the O(n * nnz) reference convolution stays cheap */
        memset(b, 0, n * sizeof *b);
        for (int k = 0; k < 5; k++)
            random_vec(&b[zkfl_test_rng_next(&rng) % n], 1);
        zkfl_fr t;
        for (size_t i = 0; i < n; i++)
            zkfl_fr_set_zero(&c[i]);
        for (size_t j = 0; j < n; j++) {
            if (zkfl_fr_is_zero(&b[j]))
                continue;
            for (size_t i = 0; i < n; i++) {
                zkfl_fr_mul(&t, &a[i], &b[j]);
                zkfl_fr_add(&c[(i + j) % n], &c[(i + j) % n], &t);
            }
        }
        CHECK_OK(zkfl_ntt(a, n, 2));
        CHECK_OK(zkfl_ntt(b, n, 2));
        for (size_t i = 0; i < n; i++)
            zkfl_fr_mul(&a[i], &a[i], &b[i]);
        CHECK_OK(zkfl_intt(a, n, 2));
        CHECK(vec_eq(a, c, n));
        free(a);
        free(b);
        free(c);
    }
}

/* The blocked bit reversal (tiles swapped with their mirror, palindromic
 * middles in place) against the definition, at every size through the
 * tile threshold and with thread counts that split the tiles unevenly. */
static void test_bit_reverse(void)
{
    const unsigned maxlog = 15;
    size_t maxn = (size_t)1 << maxlog;
    zkfl_fr *a = malloc(maxn * sizeof *a);
    CHECK(a != NULL);
    if (a == NULL)
        return;
    static const int threads[] = { 1, 2, 3, 7 };
    for (unsigned lg = 0; lg <= maxlog; lg++) {
        size_t n = (size_t)1 << lg;
        for (size_t t = 0; t < 4; t++) {
            for (size_t i = 0; i < n; i++)
                zkfl_fr_set_u64(&a[i], i);
            CHECK_OK(ntt_bit_reverse(a, lg, threads[t]));
            int ok = 1;
            for (size_t i = 0; i < n; i++) {
                size_t r = 0;
                for (unsigned k = 0; k < lg; k++)
                    r |= ((i >> k) & 1) << (lg - 1 - k);
                zkfl_fr want;
                zkfl_fr_set_u64(&want, r);
                ok &= zkfl_fr_eq(&a[i], &want);
            }
            if (!ok)
                fprintf(stderr, "bit reversal wrong at 2^%u, %d threads\n", lg, threads[t]);
            CHECK(ok);
        }
    }
    free(a);
}

/* Coset transforms split across threads (each range restarts its running
 * powers of the shift) agree with one thread. */
static void test_coset_threads(void)
{
    size_t n = (size_t)1 << 14;
    zkfl_fr *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    CHECK(a && b && c);
    if (a && b && c) {
        zkfl_fr shift;
        random_vec(&shift, 1);
        random_vec(a, n);
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_intt_coset(b, n, &shift, 1));
        static const int threads[] = { 2, 3, 7 };
        for (size_t t = 0; t < 3; t++) {
            memcpy(c, a, n * sizeof *a);
            CHECK_OK(zkfl_intt_coset(c, n, &shift, threads[t]));
            CHECK(vec_eq(b, c, n));
        }
        CHECK_OK(zkfl_ntt_coset(c, n, &shift, 3));
        CHECK(vec_eq(a, c, n));
    }
    free(a);
    free(b);
    free(c);
}

static void test_rejects(void)
{
    zkfl_fr a[4], zero, s;
    random_vec(a, 4);
    zkfl_fr_set_zero(&zero);
    zkfl_fr_set_u64(&s, 7);
    CHECK_EQ_INT(zkfl_ntt(a, 0, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_ntt(a, 3, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_intt(a, 6, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_ntt(NULL, 4, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_ntt(a, (size_t)1 << 29, 1), ZKFL_ERR_RANGE);   /* checked before any access */
    CHECK_EQ_INT(zkfl_ntt_coset(a, 4, &zero, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_intt_coset(a, 4, NULL, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_intt_coset(a, 5, &s, 1), ZKFL_ERR_INVALID_ARG);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x6e7474);
    test_roots();
    test_naive();
    test_round_trips();
    test_convolution();
    test_bit_reverse();
    test_coset_threads();
    test_rejects();
    return zkfl_test_done("poly_test_ntt");
}
