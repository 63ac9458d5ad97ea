/* The G2 MSM's 8-lane AVX-512F batch additions (src/ec/msm_g2_vec.c):
 *  - the vector Fp2 product, square and difference against the scalar
 *    Fp2 code (zkfl_fp2_*), on random values and every pair of edge
 *    values per coordinate (0, 1, 2, p - 1, p - 2, R mod p, values near
 *    2^253 and p / 2), and chained (outputs fed back as inputs);
 *  - the flush kernel against Jacobian additions of the scalar code, for
 *    k = 1..17, 40, 2048 and 2100 queued pairs with positive and negative
 *    signs and every special case (P = bucket: doubling, P = -bucket:
 *    cancellation, either with a negative sign), which must be left
 *    untouched and reported in order;
 *  - the batch_add kernel against Jacobian additions in batch_add's order,
 *    with infinity on either side, doublings, cancellations and operands
 *    that are earlier pairs' results (read before they change);
 *  - the full G2 MSMs (plain and subgroup), streaming and sorting paths
 *    forced, 1 and 2 threads, against the naive sum, with repeated and
 *    negated points.
 * The first three exist only where the vector path is compiled in
 * (release builds on AVX-512F); the MSM checks run in every flavour. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/msm_impl.h"
#include "ec/msm_g2_vec.h"

static zkfl_test_rng rng;

static void random_scalar(zkfl_fr *s)
{
    uint8_t buf[64];
    zkfl_test_rng_bytes(&rng, buf, sizeof buf);
    zkfl_fr_from_bytes_be_wide(s, buf);
}

/* n distinct points of G2: a random multiple of the generator, then
 * steps by another one (cheaper than n scalar multiplications). */
static int random_points(zkfl_g2_affine *out, size_t n)
{
    zkfl_g2 *jac = malloc((n ? n : 1) * sizeof *jac);
    if (jac == NULL)
        return -1;
    zkfl_g2 g, acc, step;
    zkfl_fr k;
    zkfl_g2_generator(&g);
    random_scalar(&k);
    zkfl_g2_mul_vartime(&acc, &g, &k);
    random_scalar(&k);
    zkfl_g2_mul_vartime(&step, &g, &k);
    for (size_t i = 0; i < n; i++) {
        zkfl_g2_add(&acc, &acc, &step);
        jac[i] = acc;
    }
    int rc = zkfl_g2_batch_to_affine(out, jac, n);
    free(jac);
    return rc;
}

#ifdef MSM_G2_VEC
static void random_fp(zkfl_fp *r)
{
    uint8_t buf[64];
    zkfl_test_rng_bytes(&rng, buf, sizeof buf);
    zkfl_fp_from_bytes_be_wide(r, buf);
}

static void random_fp2(zkfl_fp2 *r)
{
    random_fp(&r->c0);
    random_fp(&r->c1);
}

/* Edge values as raw limbs (Montgomery representations, all below p). */
static const uint64_t p_raw[4] = { 0x3c208c16d87cfd47ull, 0x97816a916871ca8dull, 0xb85045b68181585dull,
                                   0x30644e72e131a029ull };

static void edge_value(zkfl_fp *r, int which)
{
    memset(r, 0, sizeof *r);
    switch (which) {
    case 0: break;                                          /* 0 */
    case 1: r->v[0] = 1; break;                             /* 1 (raw) */
    case 2: r->v[0] = 2; break;
    case 3: zkfl_fp_set_one(r); break;                      /* R mod p */
    case 4: memcpy(r->v, p_raw, sizeof r->v); r->v[0] -= 1; break;   /* p - 1 */
    case 5: memcpy(r->v, p_raw, sizeof r->v); r->v[0] -= 2; break;   /* p - 2 */
    case 6: r->v[3] = 1ull << 61; break;                    /* 2^253 */
    case 7: r->v[3] = 1ull << 61; r->v[0] = ~0ull; r->v[1] = ~0ull; r->v[2] = ~0ull; break;
    case 8:                                                 /* (p - 1) / 2 */
        memcpy(r->v, p_raw, sizeof r->v);
        for (int i = 0; i < 3; i++)
            r->v[i] = (r->v[i] >> 1) | (r->v[i + 1] << 63);
        r->v[3] >>= 1;
        break;
    default: r->v[0] = ~0ull; r->v[1] = ~0ull; r->v[2] = ~0ull; r->v[3] = p_raw[3] - 1; break;
    }
}
enum { NEDGE = 10 };

static void check_ops8(const zkfl_fp2 a[8], const zkfl_fp2 b[8])
{
    zkfl_fp2 r[8], want;
    msm_g2_vec_mul8(r, a, b);
    for (int l = 0; l < 8; l++) {
        zkfl_fp2_mul(&want, &a[l], &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    msm_g2_vec_sqr8(r, a);
    for (int l = 0; l < 8; l++) {
        zkfl_fp2_sqr(&want, &a[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    msm_g2_vec_sub8(r, a, b);
    for (int l = 0; l < 8; l++) {
        zkfl_fp2_sub(&want, &a[l], &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
}

static void test_field_ops(void)
{
    zkfl_fp2 a[8], b[8];
    /* every combination of edge values in the four coordinates (a0, a1,
     * b0, b1 over a 10^4 grid would be slow: every pair for (a0, b0) and
     * for (a1, b1), with the other coordinates edge values too) */
    int n = 0;
    for (int i = 0; i < NEDGE; i++)
        for (int j = 0; j < NEDGE; j++) {
            edge_value(&a[n % 8].c0, i);
            edge_value(&b[n % 8].c0, j);
            edge_value(&a[n % 8].c1, j);
            edge_value(&b[n % 8].c1, (i + j) % NEDGE);
            if (++n % 8 == 0)
                check_ops8(a, b);
        }
    for (int i = 0; i < NEDGE; i++)
        for (int j = 0; j < NEDGE; j++) {
            edge_value(&a[n % 8].c0, i);
            edge_value(&a[n % 8].c1, i);
            edge_value(&b[n % 8].c0, j);
            edge_value(&b[n % 8].c1, j);
            if (++n % 8 == 0)
                check_ops8(a, b);
        }
    for (int it = 0; it < 1000; it++) {
        for (int l = 0; l < 8; l++) {
            random_fp2(&a[l]);
            random_fp2(&b[l]);
            if (it % 7 == 0)
                edge_value(&a[l].c0, (int)(zkfl_test_rng_next(&rng) % NEDGE));
            if (it % 11 == 0)
                edge_value(&b[l].c1, (int)(zkfl_test_rng_next(&rng) % NEDGE));
            if (it % 5 == 0)
                b[l] = a[l];
            if (it % 13 == 0)
                zkfl_fp2_neg(&b[l], &a[l]);
        }
        check_ops8(a, b);
    }
    /* chains: outputs fed back as inputs */
    for (int l = 0; l < 8; l++) {
        random_fp2(&a[l]);
        random_fp2(&b[l]);
    }
    zkfl_fp2 va[8], want[8];
    memcpy(va, a, sizeof va);
    memcpy(want, a, sizeof want);
    for (int it = 0; it < 200; it++) {
        msm_g2_vec_mul8(va, va, b);
        msm_g2_vec_sqr8(va, va);
        for (int l = 0; l < 8; l++) {
            zkfl_fp2_mul(&want[l], &want[l], &b[l]);
            zkfl_fp2_sqr(&want[l], &want[l]);
        }
    }
    CHECK(memcmp(va, want, sizeof va) == 0);
}

/* k pairs over nb buckets; kind per pair: 0 regular, 1 P = bucket,
 * 2 P = -bucket (each with either sign). */
static void flush_case(size_t k, int special_every)
{
    size_t nb = 2 * k + 3, np = k + 5;
    zkfl_g2_affine *bucket = malloc(nb * sizeof *bucket), *before = malloc(nb * sizeof *before);
    zkfl_g2_affine *pts = malloc(np * sizeof *pts);
    uint32_t *ent = malloc(k * sizeof *ent), *pid = malloc(k * sizeof *pid);
    uint32_t *ent0 = malloc(k * sizeof *ent0), *pid0 = malloc(k * sizeof *pid0);
    uint8_t *special = malloc(k);
    zkfl_fp2 *tmp = malloc(k * sizeof *tmp);
    uint32_t *perm = malloc(nb * sizeof *perm);
    CHECK(bucket && before && pts && ent && pid && ent0 && pid0 && special && tmp && perm);
    if (!(bucket && before && pts && ent && pid && ent0 && pid0 && special && tmp && perm))
        goto out;
    CHECK_OK(random_points(bucket, nb));
    CHECK_OK(random_points(pts, np));
    for (size_t i = 0; i < nb; i++)
        perm[i] = (uint32_t)i;
    /* distinct buckets: a shuffled prefix */
    for (size_t i = nb; i-- > 1;) {
        size_t j = zkfl_test_rng_next(&rng) % (i + 1);
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    size_t nspecial = 0;
    for (size_t j = 0; j < k; j++) {
        uint32_t b = perm[j], neg = (uint32_t)(zkfl_test_rng_next(&rng) & 1);
        uint32_t p = (uint32_t)(zkfl_test_rng_next(&rng) % np);
        int kind = special_every && zkfl_test_rng_next(&rng) % special_every == 0
                       ? 1 + (int)(zkfl_test_rng_next(&rng) % 2) : 0;
        special[j] = kind != 0;
        nspecial += kind != 0;
        if (kind) {
            /* the bucket becomes a copy of the point, or of its negation */
            bucket[b] = pts[p];
            if (kind == 2)
                zkfl_fp2_neg(&bucket[b].y, &bucket[b].y);
        }
        ent[j] = b | neg << 31;
        pid[j] = p;
    }
    memcpy(before, bucket, nb * sizeof *bucket);
    memcpy(ent0, ent, k * sizeof *ent);
    memcpy(pid0, pid, k * sizeof *pid);
    size_t ns = msm_g2_vec_flush_vartime(bucket, pts, ent, pid, k, tmp);
    CHECK_EQ_INT(ns, nspecial);
    size_t s = 0;
    for (size_t j = 0; j < k; j++) {
        uint32_t b = ent0[j] & 0x7fffffffu;
        if (special[j]) {
            CHECK(memcmp(&bucket[b], &before[b], sizeof bucket[b]) == 0);
            if (s < ns) {
                CHECK_EQ_INT(ent[s], ent0[j]);
                CHECK_EQ_INT(pid[s], pid0[j]);
            }
            s++;
            continue;
        }
        zkfl_g2 acc, q;
        zkfl_g2_from_affine(&acc, &before[b]);
        zkfl_g2_from_affine(&q, &pts[pid0[j]]);
        if (ent0[j] >> 31)
            zkfl_g2_neg(&q, &q);
        zkfl_g2_add(&acc, &acc, &q);
        zkfl_g2_affine want;
        zkfl_g2_to_affine(&want, &acc);
        CHECK(memcmp(&bucket[b], &want, sizeof want) == 0);
    }
    /* buckets not in the batch are untouched */
    for (size_t i = k; i < nb; i++)
        CHECK(memcmp(&bucket[perm[i]], &before[perm[i]], sizeof bucket[0]) == 0);
out:
    free(bucket);
    free(before);
    free(pts);
    free(ent);
    free(pid);
    free(ent0);
    free(pid0);
    free(special);
    free(tmp);
    free(perm);
}

/* batch_add: k pairs over distinct a's, with a or b infinity, b = a
 * (doubling), b = -a (the zero encoding) and b an earlier pair's a (read
 * before it changes), against Jacobian additions in batch_add's order
 * (pairs from k - 1 down). */
static void batch_add_case(size_t k)
{
    size_t na = k + 4, np = k + 3;
    zkfl_g2_affine *A = malloc(na * sizeof *A), *P = malloc(np * sizeof *P), *want = malloc(na * sizeof *want);
    zkfl_g2_affine **pa = malloc(k * sizeof *pa);
    const zkfl_g2_affine **pb = malloc(k * sizeof *pb);
    zkfl_fp2 *tmp = malloc(k * sizeof *tmp);
    CHECK(A && P && want && pa && pb && tmp);
    if (!(A && P && want && pa && pb && tmp))
        goto out;
    CHECK_OK(random_points(A, na));
    CHECK_OK(random_points(P, np));
    for (size_t j = 0; j < k; j++) {
        pa[j] = &A[j];
        unsigned kind = (unsigned)(zkfl_test_rng_next(&rng) % 10);
        pb[j] = &P[zkfl_test_rng_next(&rng) % np];
        if (kind == 0)
            memset(&A[j], 0, sizeof A[j]);
        else if (kind == 1)
            pb[j] = &P[np - 1];   /* made infinity below */
        else if (kind == 2)
            A[j] = *pb[j];
        else if (kind == 3) {
            A[j] = *pb[j];
            zkfl_fp2_neg(&A[j].y, &A[j].y);
        } else if (kind == 4 && j > 0)
            pb[j] = &A[zkfl_test_rng_next(&rng) % j];
    }
    memset(&P[np - 1], 0, sizeof P[np - 1]);
    /* the reference, in batch_add's order */
    memcpy(want, A, na * sizeof *A);
    for (size_t j = k; j-- > 0;) {
        const zkfl_g2_affine *b = pb[j];
        if (b >= A && b < A + na)
            b = &want[b - A];
        zkfl_g2 x, y;
        zkfl_g2_from_affine(&x, &want[j]);
        zkfl_g2_from_affine(&y, b);
        if (zkfl_g2_affine_is_infinity(&want[j]))
            zkfl_g2_set_infinity(&x);
        if (zkfl_g2_affine_is_infinity(b))
            zkfl_g2_set_infinity(&y);
        zkfl_g2_add(&x, &x, &y);
        if (zkfl_g2_is_infinity(&x))
            memset(&want[j], 0, sizeof want[j]);
        else
            zkfl_g2_to_affine(&want[j], &x);
    }
    msm_g2_vec_batch_add_vartime(pa, pb, k, tmp);
    for (size_t i = 0; i < na; i++)
        CHECK(memcmp(&A[i], &want[i], sizeof want[i]) == 0);
out:
    free(A);
    free(P);
    free(want);
    free(pa);
    free(pb);
    free(tmp);
}

static void test_batch_add(void)
{
    for (size_t k = 1; k <= 17; k++)
        batch_add_case(k);
    batch_add_case(64);
    batch_add_case(2048);
    batch_add_case(2100);
}

static void test_flush(void)
{
    for (size_t k = 1; k <= 17; k++) {
        flush_case(k, 0);
        flush_case(k, 3);
    }
    flush_case(40, 1);   /* every pair special */
    flush_case(40, 5);
    flush_case(2048, 50);
    flush_case(2100, 0);  /* beyond one internal batch */
}
#endif

/* The full G2 MSMs (plain and subgroup) through both paths, against the
 * naive sum. */
static void test_msm(void)
{
    enum { N = 700 };
    zkfl_g2_affine *pts = malloc(N * sizeof *pts);
    zkfl_fr *sc = malloc(N * sizeof *sc);
    CHECK(pts && sc);
    if (!(pts && sc))
        goto out;
    CHECK_OK(random_points(pts, N));
    for (size_t i = 0; i < N; i++) {
        random_scalar(&sc[i]);
        /* repeats and negations: doublings and cancellations in batches */
        if (i % 10 == 3) {
            pts[i] = pts[i - 1];
            sc[i] = sc[i - 1];
        } else if (i % 10 == 7) {
            pts[i] = pts[i - 2];
            zkfl_fp2_neg(&pts[i].y, &pts[i].y);
            if (i % 20 == 7)
                zkfl_fr_neg(&sc[i], &sc[i - 2]);
            else
                sc[i] = sc[i - 2];
        }
    }
    zkfl_g2 want, t, p;
    zkfl_g2_set_infinity(&want);
    for (size_t i = 0; i < N; i++) {
        zkfl_g2_from_affine(&p, &pts[i]);
        zkfl_g2_mul_vartime(&t, &p, &sc[i]);
        zkfl_g2_add(&want, &want, &t);
    }
    static const unsigned windows[] = { 8, 11, 0 };
    static const size_t min_buckets[] = { 1, SIZE_MAX };
    for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++)
        for (size_t mi = 0; mi < 2; mi++) {
            zkfl_msm_stream_min_buckets = min_buckets[mi];
            zkfl_msm_forced_window = windows[wi];
            for (int threads = 1; threads <= 2; threads++) {
                zkfl_g2 got;
                CHECK_OK(zkfl_g2_msm_vartime(&got, pts, sc, N, threads));
                CHECK(zkfl_g2_eq(&got, &want));
                CHECK_OK(zkfl_g2_msm_subgroup_vartime(&got, pts, sc, N, threads));
                CHECK(zkfl_g2_eq(&got, &want));
            }
        }
    zkfl_msm_stream_min_buckets = 1024;
    zkfl_msm_forced_window = 0;
out:
    free(pts);
    free(sc);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x5eed0922);
#ifdef MSM_G2_VEC
    test_field_ops();
    test_flush();
    test_batch_add();
#endif
    test_msm();
    return zkfl_test_done("msm_g2_vec");
}
