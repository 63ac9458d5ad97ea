/* The kernel checks of test_msm_g1_vec.c and test_msm_g2_vec.c, written
 * once over the group (src/ec/msm_vec_template.h is the code under test):
 *  - check_ops8: the 8-lane product, square and differences (the general
 *    one and the kernels' ones for coordinates below p) against the
 *    scalar field code;
 *  - flush_case / test_flush: the flush kernel against Jacobian additions
 *    of the scalar code, with positive and negative signs and every
 *    special case (P = bucket: doubling, P = -bucket: cancellation), which
 *    must be left untouched and reported in order;
 *  - batch_add_case / test_batch_add: the batch_add kernel against
 *    Jacobian additions in batch_add's order, with infinity on either
 *    side, doublings, cancellations and operands that are earlier pairs'
 *    results (read before they change).
 * Also the scalar edge values (edge_value) and random_fp, and in every
 * flavour the full MSM checks' case (msm_case). The including file
 * declares `static zkfl_test_rng rng;`, includes ec_test_util.h and the
 * kernel's header, defines TV_KERNELS where the vector path is compiled
 * in, and defines:
 *   TV_FE, TV_AFF, TV_JAC    field element, affine and Jacobian types
 *   TV_GRP(name)             the group's API: zkfl_g1_##name
 *   TV_VEC(name)             the kernels: msm_g1_vec_##name
 *   TV_FE_MUL TV_FE_SQR TV_FE_SUB TV_FE_NEG   the scalar field code
 *   TV_TEST(name)            ec_test_util.h's helpers: ec_test_g1_##name */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Scalars for the points, with repeats and negations: doublings and
 * cancellations in the MSM's batches. */
static void msm_inputs(TV_AFF *pts, zkfl_fr *sc, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ec_test_rand_fr(&rng, &sc[i]);
        if (i % 10 == 3) {
            pts[i] = pts[i - 1];
            sc[i] = sc[i - 1];
        } else if (i % 10 == 7) {
            pts[i] = pts[i - 2];
            TV_FE_NEG(&pts[i].y, &pts[i].y);
            if (i % 20 == 7)
                zkfl_fr_neg(&sc[i], &sc[i - 2]);
            else
                sc[i] = sc[i - 2];
        }
    }
}

/* The full MSM checks' case: n terms (a progression of points,
 * msm_inputs' scalars) and their naive sum; 0 when allocation failed (the
 * caller frees *pts and *sc in any case). */
static int msm_case(TV_AFF **pts, zkfl_fr **sc, TV_JAC *want, size_t n)
{
    if (!TV_TEST(alloc_progression)(&rng, pts, sc, n))
        return 0;
    msm_inputs(*pts, *sc, n);
    TV_TEST(naive_msm)(want, *pts, *sc, n);
    return 1;
}

#ifdef TV_KERNELS

static void random_fp(zkfl_fp *r)
{
    uint8_t buf[64];
    zkfl_test_rng_bytes(&rng, buf, sizeof buf);
    zkfl_fp_from_bytes_be_wide(r, buf);
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

static void check_ops8(const TV_FE a[8], const TV_FE b[8])
{
    TV_FE r[8], want;
    TV_VEC(mul8)(r, a, b);
    for (int l = 0; l < 8; l++) {
        TV_FE_MUL(&want, &a[l], &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    TV_VEC(sqr8)(r, a);
    for (int l = 0; l < 8; l++) {
        TV_FE_SQR(&want, &a[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    TV_VEC(sub8)(r, a, b);
    for (int l = 0; l < 8; l++) {
        TV_FE_SUB(&want, &a[l], &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    /* the kernels' differences of coordinates below p (outputs reduced
     * by the test entry points) */
    TV_VEC(sub_lt_p8)(r, a, b);
    for (int l = 0; l < 8; l++) {
        TV_FE_SUB(&want, &a[l], &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    TV_VEC(signed_sub8)(r, a, b);
    for (int l = 0; l < 8; l++) {
        TV_FE na;
        if (l & 1)
            TV_FE_NEG(&na, &a[l]);
        else
            na = a[l];
        TV_FE_SUB(&want, &na, &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
    TV_VEC(mul_sub2_8)(r, a, b);
    for (int l = 0; l < 8; l++) {
        TV_FE_MUL(&want, &a[l], &b[l]);
        TV_FE_SUB(&want, &want, &a[l]);
        TV_FE_SUB(&want, &want, &b[l]);
        CHECK(memcmp(&r[l], &want, sizeof want) == 0);
    }
}

/* k pairs over nb buckets; kind per pair: 0 regular, 1 P = bucket,
 * 2 P = -bucket (each with either sign). */
static void flush_case(size_t k, int special_every)
{
    size_t nb = 2 * k + 3, np = k + 5;
    TV_AFF *bucket = malloc(nb * sizeof *bucket), *before = malloc(nb * sizeof *before);
    TV_AFF *pts = malloc(np * sizeof *pts);
    uint32_t *ent = malloc(k * sizeof *ent), *pid = malloc(k * sizeof *pid);
    uint32_t *ent0 = malloc(k * sizeof *ent0), *pid0 = malloc(k * sizeof *pid0);
    uint8_t *special = malloc(k);
    TV_FE *tmp = malloc(MSM_VEC_TMP(k) * sizeof *tmp);
    uint32_t *perm = malloc(nb * sizeof *perm);
    CHECK(bucket && before && pts && ent && pid && ent0 && pid0 && special && tmp && perm);
    if (!(bucket && before && pts && ent && pid && ent0 && pid0 && special && tmp && perm))
        goto out;
    TV_TEST(progression)(&rng, bucket, nb);
    TV_TEST(progression)(&rng, pts, np);
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
                TV_FE_NEG(&bucket[b].y, &bucket[b].y);
        }
        ent[j] = b | neg << 31;
        pid[j] = p;
    }
    memcpy(before, bucket, nb * sizeof *bucket);
    memcpy(ent0, ent, k * sizeof *ent);
    memcpy(pid0, pid, k * sizeof *pid);
    size_t ns = TV_VEC(flush_vartime)(bucket, pts, ent, pid, k, tmp);
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
        TV_JAC acc, q;
        TV_GRP(from_affine)(&acc, &before[b]);
        TV_GRP(from_affine)(&q, &pts[pid0[j]]);
        if (ent0[j] >> 31)
            TV_GRP(neg)(&q, &q);
        TV_GRP(add)(&acc, &acc, &q);
        TV_AFF want;
        TV_GRP(to_affine)(&want, &acc);
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
    TV_AFF *A = malloc(na * sizeof *A), *P = malloc(np * sizeof *P), *want = malloc(na * sizeof *want);
    TV_AFF **pa = malloc(k * sizeof *pa);
    const TV_AFF **pb = malloc(k * sizeof *pb);
    TV_FE *tmp = malloc(MSM_VEC_TMP(k) * sizeof *tmp);
    CHECK(A && P && want && pa && pb && tmp);
    if (!(A && P && want && pa && pb && tmp))
        goto out;
    TV_TEST(progression)(&rng, A, na);
    TV_TEST(progression)(&rng, P, np);
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
            TV_FE_NEG(&A[j].y, &A[j].y);
        } else if (kind == 4 && j > 0)
            pb[j] = &A[zkfl_test_rng_next(&rng) % j];
    }
    memset(&P[np - 1], 0, sizeof P[np - 1]);
    /* the reference, in batch_add's order */
    memcpy(want, A, na * sizeof *A);
    for (size_t j = k; j-- > 0;) {
        const TV_AFF *b = pb[j];
        if (b >= A && b < A + na)
            b = &want[b - A];
        TV_JAC x, y;
        TV_GRP(from_affine)(&x, &want[j]);
        TV_GRP(from_affine)(&y, b);
        if (TV_GRP(affine_is_infinity)(&want[j]))
            TV_GRP(set_infinity)(&x);
        if (TV_GRP(affine_is_infinity)(b))
            TV_GRP(set_infinity)(&y);
        TV_GRP(add)(&x, &x, &y);
        if (TV_GRP(is_infinity)(&x))
            memset(&want[j], 0, sizeof want[j]);
        else
            TV_GRP(to_affine)(&want[j], &x);
    }
    TV_VEC(batch_add_vartime)(pa, pb, k, tmp);
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
