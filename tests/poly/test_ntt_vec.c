/* The AVX-512F path of the NTT (ntt_vec.c, ntt_vec_kernels.h):
 *  - the 8-lane kernels against the scalar field: products for operands
 *    up to their documented bounds (a < 2^261, twiddles < 2r), the
 *    reduction of any a < 2^261 below 3r, the word/limb transposes;
 *  - whole transforms at every size the vector path takes below 2^18
 *    (2^13 .. 2^17: phase B with 3 .. 7 stages) against the scalar
 *    stages, with 1, 2 and 3 threads, with the on-the-fly twiddles that
 *    sizes past the stage tables use, with phase C (the stages past the
 *    inner blocks: inner blocks lowered to 2^13), on random
 *    data and on the largest canonical inputs (every element r - 1, the
 *    worst case for the lazy bounds), plus Horner spot checks and
 *    inverse/coset round trips;
 *  - inverse and coset transforms at 2^0 .. 2^15 against the scalar path.
 * Builds without AVX-512 (the portable sanitizer flavour) check that the
 * path reports itself unavailable and that the scalar stages still run. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/poly.h"
#include "poly/ntt_impl.h"
#include "ff/ff_generic.h"

#include "ntt_test_util.h"

#if defined(__AVX512F__) && defined(__AVX512DQ__) && !defined(ZKFL_PORTABLE)
#include "poly/ntt_vec_kernels.h"

/* 8 values as limbs: lane k of limb i is limbs[k][i]. */
static void to_v8(v8fr *v, uint64_t limbs[8][V8_LIMBS])
{
    for (int i = 0; i < V8_LIMBS; i++) {
        uint64_t lane[8];
        for (int k = 0; k < 8; k++)
            lane[k] = limbs[k][i];
        v->l[i] = _mm512_loadu_si512(lane);
    }
}

/* lane k of v as a residue mod r: the field element sum limb_i 2^(29 i),
 * computed with the field's own operations. */
static void lane_value(zkfl_fr *out, const v8fr *v, int k)
{
    zkfl_fr acc, t, shift;
    zkfl_fr_set_zero(&acc);
    zkfl_fr_set_u64(&shift, (uint64_t)1 << 29);
    for (int i = V8_LIMBS - 1; i >= 0; i--) {
        uint64_t lane[8];
        _mm512_storeu_si512(lane, v->l[i]);
        zkfl_fr_mul(&acc, &acc, &shift);
        zkfl_fr_set_u64(&t, lane[k]);
        zkfl_fr_add(&acc, &acc, &t);
    }
    *out = acc;
}

/* 2^-261 in the field's Montgomery form (the vector product's factor). */
static void inv_2_261(zkfl_fr *r)
{
    zkfl_fr two;
    zkfl_fr_set_u64(&two, 2);
    uint64_t e[4] = { 261, 0, 0, 0 };
    zkfl_fr_pow_vartime(r, &two, e);
    zkfl_fr_inv(r, r);
}

/* Random limbs for a value below 2^bits (bits <= 261). */
static void random_limbs(uint64_t limbs[V8_LIMBS], unsigned bits)
{
    for (int i = 0; i < V8_LIMBS; i++) {
        unsigned lo = 29u * (unsigned)i;
        unsigned width = bits <= lo ? 0 : (bits - lo < 29 ? bits - lo : 29);
        limbs[i] = width == 0 ? 0 : zkfl_test_rng_next(&rng) & (((uint64_t)1 << width) - 1);
    }
}

/* limbs of a value < 2^256 given as 4 words */
static void limbs_of(uint64_t limbs[V8_LIMBS], const uint64_t w[4])
{
    v8_split_scalar(limbs, w);
}

/* lane k of v (normalized limbs) as an integer of 5 words, then whether it
 * is below 3r. */
static int lane_below_3r(const v8fr *v, int k)
{
    uint64_t w[5] = { 0, 0, 0, 0, 0 };
    for (int i = 0; i < V8_LIMBS; i++) {
        uint64_t lane[8];
        _mm512_storeu_si512(lane, v->l[i]);
        unsigned bit = 29u * (unsigned)i, word = bit / 64, off = bit % 64;
        w[word] |= lane[k] << off;
        if (off > 35 && word + 1 < 5)
            w[word + 1] |= lane[k] >> (64 - off);
    }
    uint64_t three_r[5], carry = 0;
    for (int i = 0; i < 4; i++) {
        ff_u128 t = (ff_u128)ff_fr_modulus.m[i] * 3 + carry;
        three_r[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    three_r[4] = carry;
    for (int i = 4; i >= 0; i--)
        if (w[i] != three_r[i])
            return w[i] < three_r[i];
    return 0;
}

static void test_kernels(void)
{
    zkfl_fr f;
    inv_2_261(&f);
    const uint64_t all_ones_261 = V8_MASK;
    for (int round = 0; round < 400; round++) {
        uint64_t la[8][V8_LIMBS], lb[8][V8_LIMBS];
        for (int k = 0; k < 8; k++) {
            /* a: anything below 2^261, the extremes in some rounds */
            if (round % 5 == 0) {
                for (int i = 0; i < V8_LIMBS; i++)
                    la[k][i] = all_ones_261;
            } else {
                random_limbs(la[k], 261);
            }
            /* b: below 2r: a random field element times a random 0/1 plus r */
            zkfl_fr w;
            random_vec(&w, 1);
            uint64_t wv[4];
            memcpy(wv, w.v, sizeof wv);
            if (round % 3 == 0) {   /* w + r < 2r */
                uint64_t carry = 0;
                for (int i = 0; i < 4; i++)
                    wv[i] = ff_addc(wv[i], ff_fr_modulus.m[i], &carry);
            }
            limbs_of(lb[k], wv);
        }
        v8fr a, b, t;
        to_v8(&a, la);
        to_v8(&b, lb);
        v8_mul(&t, &a, &b);
        for (int k = 0; k < 8; k++) {
            /* the integers' residues: t = a b 2^-261 mod r */
            zkfl_fr va, vb, vt, want;
            lane_value(&va, &a, k);
            lane_value(&vb, &b, k);
            lane_value(&vt, &t, k);
            zkfl_fr_mul(&want, &va, &vb);
            zkfl_fr_mul(&want, &want, &f);
            CHECK(zkfl_fr_eq(&vt, &want));
            CHECK(lane_below_3r(&t, k));
        }
        /* the reduction: a < 2^261 to below 3r, same residue */
        v8fr red = a;
        v8_reduce(&red);
        for (int k = 0; k < 8; k++) {
            zkfl_fr va, vr;
            lane_value(&va, &a, k);
            lane_value(&vr, &red, k);
            CHECK(zkfl_fr_eq(&va, &vr));
            CHECK(lane_below_3r(&red, k));
        }
    }
    /* words <-> limbs with the in-register transposes: contiguous, strided
     * and reversed (negative stride); lane k must be element k, checked
     * limb by limb against the scalar split, and the way back exact */
    uint64_t words[16 * 8 * 4], back[16 * 8 * 4];
    zkfl_test_rng_bytes(&rng, (uint8_t *)words, sizeof words);
    words[3] = ~(uint64_t)0;
    static const ptrdiff_t strides[] = { 4, 8, 64, -4, -64 };
    for (int si = 0; si < 5; si++) {
        ptrdiff_t stride = strides[si];
        uint64_t *p = stride > 0 ? words : words + 16 * 8 * 4 - 4;
        v8fr g;
        if (stride == 4)
            v8_load_contig(&g, p);
        else
            v8_load_strided(&g, p, stride);
        for (int k = 0; k < 8; k++) {
            uint64_t want[V8_LIMBS], lanes[8];
            v8_split_scalar(want, p + k * stride);
            for (int i = 0; i < V8_LIMBS; i++) {
                _mm512_storeu_si512(lanes, g.l[i]);
                CHECK(lanes[k] == want[i]);
            }
        }
        memcpy(back, words, sizeof words);
        uint64_t *q = back + (p - words);
        for (int k = 0; k < 8; k++)
            memset(q + k * stride, 0, 32);
        if (stride == 4)
            v8_store_contig(q, &g);
        else
            v8_store_strided(q, stride, &g);
        CHECK(memcmp(words, back, sizeof words) == 0);
    }
}
#endif

static int vec_eq(const zkfl_fr *a, const zkfl_fr *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static void test_transforms(void)
{
#ifdef ZKFL_SANITIZE
    const unsigned maxlog = 14;
#else
    const unsigned maxlog = 17;   /* 2^18 and up: ntt_large.c */
#endif
    size_t maxn = (size_t)1 << maxlog;
    zkfl_fr *a = malloc(maxn * sizeof *a), *want = malloc(maxn * sizeof *a), *b = malloc(maxn * sizeof *a);
    CHECK(a && want && b);
    if (!a || !want || !b)
        goto out;
    for (unsigned lg = NTT_VEC_MIN_LOG; lg <= maxlog; lg++) {
        size_t n = (size_t)1 << lg;
        for (int input = 0; input < 2; input++) {
            if (input == 0) {
                random_vec(a, n);
            } else {   /* every element r - 1 */
                zkfl_fr m1;
                zkfl_fr_set_i64(&m1, -1);
                for (size_t i = 0; i < n; i++)
                    a[i] = m1;
            }
            zkfl_ntt_use_vec = 0;
            memcpy(want, a, n * sizeof *a);
            CHECK_OK(zkfl_ntt(want, n, 2));
            zkfl_ntt_use_vec = 1;
            static const int threads[] = { 1, 2, 3 };
            for (int t = 0; t < 3; t++) {
                memcpy(b, a, n * sizeof *a);
                CHECK_OK(zkfl_ntt(b, n, threads[t]));
                if (!vec_eq(b, want, n))
                    fprintf(stderr, "vector NTT differs at 2^%u, %d threads\n", lg, threads[t]);
                CHECK(vec_eq(b, want, n));
            }
            /* row x column twiddle products instead of the stage tables */
            zkfl_ntt_table_limit = NTT_VEC_MIN_LOG - 1;
            memcpy(b, a, n * sizeof *a);
            CHECK_OK(zkfl_ntt(b, n, 2));
            zkfl_ntt_table_limit = NTT_TABLE_MAX_LOG;
            CHECK(vec_eq(b, want, n));
            /* phase C (the stages past the inner blocks, 2^21 and up by
             * default) at these sizes, with and without stage tables */
            for (int tables = 0; tables < 2; tables++) {
                zkfl_ntt_vec_inner_log = NTT_VEC_MIN_LOG;
                zkfl_ntt_table_limit = tables ? NTT_TABLE_MAX_LOG : NTT_VEC_MIN_LOG - 1;
                memcpy(b, a, n * sizeof *a);
                CHECK_OK(zkfl_ntt(b, n, 3));
                int fwd_ok = vec_eq(b, want, n);
                CHECK_OK(zkfl_intt(b, n, 2));   /* phase C applying 1/n */
                zkfl_ntt_table_limit = NTT_TABLE_MAX_LOG;
                zkfl_ntt_vec_inner_log = 20;
                if (!fwd_ok)
                    fprintf(stderr, "vector NTT with phase C differs at 2^%u\n", lg);
                CHECK(fwd_ok);
                CHECK(vec_eq(b, a, n));
            }
        }
        /* independent spot checks: p(w^i) by Horner */
        random_vec(a, n);
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt(b, n, 2));
        check_ntt_spots(a, b, n, lg, 2);
        CHECK_OK(zkfl_intt(b, n, 2));
        CHECK(vec_eq(a, b, n));
        /* coset evaluation (the vector stages scale on load) against the
         * scalar path, random shift */
        zkfl_fr shift;
        random_vec(&shift, 1);
        zkfl_ntt_use_vec = 0;
        memcpy(want, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt_coset(want, n, &shift, 2));
        zkfl_ntt_use_vec = 1;
        memcpy(b, a, n * sizeof *a);
        CHECK_OK(zkfl_ntt_coset(b, n, &shift, 3));
        CHECK(vec_eq(b, want, n));
        memcpy(b, a, n * sizeof *a);
        zkfl_fr_set_u64(&shift, 25);
        CHECK_OK(zkfl_ntt_coset(b, n, &shift, 1));
        CHECK_OK(zkfl_intt_coset(b, n, &shift, 2));
        CHECK(vec_eq(a, b, n));
    }
out:
    free(a);
    free(want);
    free(b);
}

/* The inverse and coset transforms (their pointwise passes around the
 * vector stages) against the scalar stages, at every size up to 2^15 and
 * with thread counts that split the passes unevenly. */
static void test_pointwise_passes(void)
{
    const unsigned maxlog = 15;
    size_t maxn = (size_t)1 << maxlog;
    zkfl_fr *a = malloc(maxn * sizeof *a), *want = malloc(maxn * sizeof *a), *b = malloc(maxn * sizeof *a);
    CHECK(a && want && b);
    if (!a || !want || !b)
        goto out;
    zkfl_fr shift;
    random_vec(&shift, 1);
    for (unsigned lg = 0; lg <= maxlog; lg++) {
        size_t n = (size_t)1 << lg;
        random_vec(a, n);
        for (int op = 0; op < 3; op++) {
            static const int threads[] = { 1, 2, 3 };
            for (int t = 0; t < 3; t++) {
                int rc_want, rc_got;
                zkfl_ntt_use_vec = 0;
                memcpy(want, a, n * sizeof *a);
                rc_want = op == 0 ? zkfl_intt(want, n, threads[t])
                        : op == 1 ? zkfl_ntt_coset(want, n, &shift, threads[t])
                                  : zkfl_intt_coset(want, n, &shift, threads[t]);
                zkfl_ntt_use_vec = 1;
                memcpy(b, a, n * sizeof *a);
                rc_got = op == 0 ? zkfl_intt(b, n, threads[t])
                       : op == 1 ? zkfl_ntt_coset(b, n, &shift, threads[t])
                                 : zkfl_intt_coset(b, n, &shift, threads[t]);
                CHECK_OK(rc_want);
                CHECK_OK(rc_got);
                if (!vec_eq(b, want, n))
                    fprintf(stderr, "pointwise pass %d differs at 2^%u, %d threads\n", op, lg, threads[t]);
                CHECK(vec_eq(b, want, n));
            }
        }
    }
out:
    free(a);
    free(want);
    free(b);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x766563);
#if defined(__AVX512F__) && defined(__AVX512DQ__) && !defined(ZKFL_PORTABLE)
    CHECK(ntt_vec_available());
    test_kernels();
#else
    CHECK(!ntt_vec_available());
    zkfl_fr a[1u << NTT_VEC_MIN_LOG];
    CHECK_EQ_INT(ntt_vec_stages(a, NTT_VEC_MIN_LOG, NULL, NULL, 1), ZKFL_ERR_UNSUPPORTED);
#endif
    test_transforms();
    test_pointwise_passes();
    return zkfl_test_done("poly_test_ntt_vec");
}
