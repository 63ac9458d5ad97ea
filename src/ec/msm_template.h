/* Pippenger bucket accumulation, written once for G1 (over Fp) and G2
 * (over Fp2). The including file defines:
 *   MSM_FE, MSM_AFF, MSM_JAC      field element and point types
 *   FE_ADD FE_SUB FE_DBL FE_NEG FE_MUL FE_SQR   (r, a[, b]) inline ops
 *   FE_IS_ZERO(a) FE_EQ(a, b)      nonzero when true
 *   FE_SET_ONE(r) FE_INV(r, a)     one; variable-time inverse (inv(0) = 0)
 *   MSM_FN(name)                   prefixes the generated functions
 *   MSM_ENDO(r, a), MSM_DECOMPOSE, MSM_DIM   optional: an endomorphism on
 *                                  affine points acting as [lambda] and the
 *                                  matching scalar split (msm_impl.h)
 *
 * Buckets hold affine sums, and additions are done in affine coordinates
 * in batches sharing one field inversion (Montgomery's trick): about 6
 * multiplications per addition instead of 11 for a mixed Jacobian one.
 * Per window, two ways of filling the buckets:
 *  - streaming (windows with many buckets, stream_slice): the points are
 *    read in order and each is queued as "bucket b += +-P" (a point for an
 *    empty bucket is just copied in); a batch takes at most one addition
 *    per bucket, so a point whose bucket is already queued waits for a
 *    later batch. The field operations are then nearly all of the work.
 *  - sorting (few buckets, or the streaming path's waiting list when it
 *    overflows; batch_into_buckets): a batch of points is counting-sorted
 *    by bucket into one array, each bucket's segment starting with the sum
 *    carried from earlier batches, and every segment is summed pairwise in
 *    rounds (round k adds element pairs at stride 2^k), so any number of
 *    points per bucket still shares inversions.
 * Equal points are doubled and P + (-P) becomes the zero encoding. The
 * bucket sums are combined by running sums over segments, also affine and
 * batched (reduce_buckets), and the windows by doublings (Horner). */

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Pairs per shared inversion: large enough that the inversion (a few
 * hundred multiplications) is noise, small enough to stay in L2. */
#define MSM_CHUNK 2048
/* Points sorted per batch: the batch's bucket-sorted copy (and the bucket
 * array) then stay in L2 while the points themselves are read in order. */
#define MSM_SORT_BATCH 8192
/* With at least this many buckets, points are streamed into the buckets
 * (stream_slice); with fewer, each batch is sorted and summed pairwise
 * (batch_into_buckets), which needs no per-bucket exclusivity. A variable
 * so tests and benchmarks can force either path. */
#ifndef MSM_STREAM_MIN_BUCKETS
#define MSM_STREAM_MIN_BUCKETS zkfl_msm_stream_min_buckets
#endif
/* Independent running sums in the bucket reduction (reduce_buckets). */
#define MSM_SEGS 64

/* ---- Jacobian arithmetic (a = 0), variable time ---- */

static inline void MSM_FN(jac_set_inf)(MSM_JAC *r)
{
    FE_SET_ONE(&r->x);
    FE_SET_ONE(&r->y);
    memset(&r->z, 0, sizeof r->z);
}

static inline int MSM_FN(jac_is_inf)(const MSM_JAC *a) { return FE_IS_ZERO(&a->z) != 0; }

static inline int MSM_FN(aff_is_inf)(const MSM_AFF *a)
{
    return FE_IS_ZERO(&a->x) && FE_IS_ZERO(&a->y);
}

/* dbl-2009-l */
static void MSM_FN(jac_dbl)(MSM_JAC *r, const MSM_JAC *a)
{
    if (MSM_FN(jac_is_inf)(a)) {
        *r = *a;
        return;
    }
    MSM_FE A, B, C, D, E, F, t, z3;
    FE_MUL(&z3, &a->y, &a->z);
    FE_DBL(&z3, &z3);
    FE_SQR(&A, &a->x);
    FE_SQR(&B, &a->y);
    FE_SQR(&C, &B);
    FE_ADD(&t, &a->x, &B);
    FE_SQR(&t, &t);
    FE_SUB(&t, &t, &A);
    FE_SUB(&t, &t, &C);
    FE_DBL(&D, &t);
    FE_DBL(&E, &A);
    FE_ADD(&E, &E, &A);
    FE_SQR(&F, &E);
    FE_DBL(&t, &D);
    FE_SUB(&r->x, &F, &t);
    FE_SUB(&t, &D, &r->x);
    FE_MUL(&t, &E, &t);
    FE_DBL(&C, &C);
    FE_DBL(&C, &C);
    FE_DBL(&C, &C);
    FE_SUB(&r->y, &t, &C);
    r->z = z3;
}

/* The two additions below when a and the other point have equal x: a
 * doubling when the y also agree (rr = 0), else infinity. */
static void MSM_FN(jac_add_equal_x)(MSM_JAC *r, const MSM_JAC *a, const MSM_FE *rr)
{
    if (FE_IS_ZERO(rr))
        MSM_FN(jac_dbl)(r, a);
    else
        MSM_FN(jac_set_inf)(r);
}

/* Their common end: x3 = rr^2 - j - 2v, y3 = rr (v - x3) - 2 s1 j. */
static inline void MSM_FN(jac_add_xy)(MSM_FE *x3, MSM_FE *y3, const MSM_FE *rr, const MSM_FE *j,
                                      const MSM_FE *v, const MSM_FE *s1)
{
    MSM_FE t;
    FE_SQR(x3, rr);
    FE_SUB(x3, x3, j);
    FE_SUB(x3, x3, v);
    FE_SUB(x3, x3, v);
    FE_SUB(&t, v, x3);
    FE_MUL(y3, rr, &t);
    FE_MUL(&t, s1, j);
    FE_DBL(&t, &t);
    FE_SUB(y3, y3, &t);
}

/* madd-2007-bl: r = a + q, q affine (zero encoding = infinity). */
static void MSM_FN(jac_add_aff)(MSM_JAC *r, const MSM_JAC *a, const MSM_AFF *q)
{
    if (MSM_FN(aff_is_inf)(q)) {
        *r = *a;
        return;
    }
    if (MSM_FN(jac_is_inf)(a)) {
        r->x = q->x;
        r->y = q->y;
        FE_SET_ONE(&r->z);
        return;
    }
    MSM_FE z1z1, u2, s2, h, hh, i, j, rr, v;
    FE_SQR(&z1z1, &a->z);
    FE_MUL(&u2, &q->x, &z1z1);
    FE_MUL(&s2, &q->y, &a->z);
    FE_MUL(&s2, &s2, &z1z1);
    FE_SUB(&h, &u2, &a->x);
    FE_SUB(&rr, &s2, &a->y);
    if (FE_IS_ZERO(&h)) {
        MSM_FN(jac_add_equal_x)(r, a, &rr);
        return;
    }
    FE_DBL(&rr, &rr);
    FE_SQR(&hh, &h);
    FE_DBL(&i, &hh);
    FE_DBL(&i, &i);
    FE_MUL(&j, &h, &i);
    FE_MUL(&v, &a->x, &i);
    MSM_FE x3, y3, z3;
    MSM_FN(jac_add_xy)(&x3, &y3, &rr, &j, &v, &a->y);
    FE_ADD(&z3, &a->z, &h);
    FE_SQR(&z3, &z3);
    FE_SUB(&z3, &z3, &z1z1);
    FE_SUB(&z3, &z3, &hh);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* add-2007-bl */
static void MSM_FN(jac_add)(MSM_JAC *r, const MSM_JAC *a, const MSM_JAC *b)
{
    if (MSM_FN(jac_is_inf)(a)) {
        *r = *b;
        return;
    }
    if (MSM_FN(jac_is_inf)(b)) {
        *r = *a;
        return;
    }
    MSM_FE z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v;
    FE_SQR(&z1z1, &a->z);
    FE_SQR(&z2z2, &b->z);
    FE_MUL(&u1, &a->x, &z2z2);
    FE_MUL(&u2, &b->x, &z1z1);
    FE_MUL(&s1, &a->y, &b->z);
    FE_MUL(&s1, &s1, &z2z2);
    FE_MUL(&s2, &b->y, &a->z);
    FE_MUL(&s2, &s2, &z1z1);
    FE_SUB(&h, &u2, &u1);
    FE_SUB(&rr, &s2, &s1);
    if (FE_IS_ZERO(&h)) {
        MSM_FN(jac_add_equal_x)(r, a, &rr);
        return;
    }
    FE_DBL(&rr, &rr);
    FE_DBL(&i, &h);
    FE_SQR(&i, &i);
    FE_MUL(&j, &h, &i);
    FE_MUL(&v, &u1, &i);
    MSM_FE x3, y3, z3;
    MSM_FN(jac_add_xy)(&x3, &y3, &rr, &j, &v, &s1);
    FE_ADD(&z3, &a->z, &b->z);
    FE_SQR(&z3, &z3);
    FE_SUB(&z3, &z3, &z1z1);
    FE_SUB(&z3, &z3, &z2z2);
    FE_MUL(&z3, &z3, &h);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* ---- one window over one slice of a group ---- */

typedef struct {
    MSM_AFF *bucket;     /* per bucket: running affine sum (zero encoding = empty) */
    uint8_t *used;       /* per bucket: 1 when bucket[b] is not empty */
    size_t batch;        /* points sorted at a time (also the conflict queue's size) */
    MSM_AFF *pts;        /* bucket-sorted points of one batch, plus bucket sums */
    uint32_t *start;     /* per bucket: first index into pts */
    uint32_t *len;       /* per bucket: live elements (at stride) */
    uint32_t *cursor;    /* counting-sort fill positions */
    uint32_t *active;    /* buckets with len >= 2 */
    uint32_t *pairs;     /* first element index of each pair this round */
    MSM_FE *prod;        /* MSM_CHUNK + 1 prefix products (room for MSM_VEC_TMP(MSM_CHUNK)) */
    MSM_FE *den;         /* MSM_CHUNK: each pair's denominator, kept for the backward pass */
    uint8_t *kind;       /* MSM_CHUNK: how each pair is combined */
    MSM_AFF **pa, **pb;  /* MSM_CHUNK: the operands of one batch_add */
    MSM_AFF *seg;        /* 2 * MSM_SEGS: segment sums of the bucket reduction */
    /* streaming accumulation (stream_slice) */
    size_t kmax;         /* bucket additions per shared inversion */
    uint32_t *stamp;     /* per bucket: the flush epoch it was last queued in */
    uint32_t *ent;       /* kmax: bucket index, bit 31 set for a negative digit */
    uint32_t *pid;       /* kmax: point index */
    int16_t *qdig;       /* batch: digits of the points whose bucket was busy */
    uint32_t *qidx;      /* batch: their point indices */
} MSM_FN(scratch);

enum { MSM_PAIR_ADD = 0, MSM_PAIR_DBL = 1, MSM_PAIR_DONE = 2, MSM_PAIR_COPY = 3, MSM_PAIR_ZERO = 4 };

static void MSM_FN(scratch_free)(MSM_FN(scratch) *s)
{
    free(s->bucket);
    free(s->used);
    free(s->pts);
    free(s->start);
    free(s->len);
    free(s->cursor);
    free(s->active);
    free(s->pairs);
    free(s->prod);
    free(s->den);
    free(s->kind);
    free(s->pa);
    free(s->pb);
    free(s->seg);
    free(s->stamp);
    free(s->ent);
    free(s->pid);
    free(s->qdig);
    free(s->qidx);
    memset(s, 0, sizeof *s);
}

static int MSM_FN(scratch_alloc)(MSM_FN(scratch) *s, size_t slice, unsigned c)
{
    size_t buckets = (size_t)1 << (c - 1);
    memset(s, 0, sizeof *s);
    /* at least twice the buckets per batch, so the per-batch passes over
     * the bucket arrays stay small next to the points */
    s->batch = MSM_SORT_BATCH > 2 * buckets ? MSM_SORT_BATCH : 2 * buckets;
    if (s->batch > slice)
        s->batch = slice ? slice : 1;
    size_t cap = s->batch + buckets;   /* batch points + carried bucket sums */
    /* a quarter of the buckets per inversion: about 1 point in 8 then
     * finds its bucket already taken and waits in the queue */
    s->kmax = buckets / 4 < MSM_CHUNK ? buckets / 4 : MSM_CHUNK;
    if (s->kmax == 0)
        s->kmax = 1;
    /* cache-line aligned, so a random bucket access touches one line (G1) */
    s->bucket = aligned_alloc(64, (buckets * sizeof *s->bucket + 63) / 64 * 64);
    s->used = malloc(buckets);
    s->pts = malloc(cap * sizeof *s->pts);
    s->start = malloc(buckets * sizeof *s->start);
    s->len = malloc(buckets * sizeof *s->len);
    s->cursor = malloc(buckets * sizeof *s->cursor);
    s->active = malloc(buckets * sizeof *s->active);
    s->pairs = malloc((cap / 2 + 1) * sizeof *s->pairs);
    /* MSM_CHUNK + 1 prefix products, or the vector kernels' scratch for
     * MSM_CHUNK pairs (9/8 of an element per pair: MSM_VEC_TMP) */
    s->prod = malloc((MSM_CHUNK + MSM_CHUNK / 8 + 8) * sizeof *s->prod);
    s->den = malloc(MSM_CHUNK * sizeof *s->den);
    s->kind = malloc(MSM_CHUNK);
    s->pa = malloc(MSM_CHUNK * sizeof *s->pa);
    s->pb = malloc(MSM_CHUNK * sizeof *s->pb);
    s->seg = malloc(2 * MSM_SEGS * sizeof *s->seg);
    s->stamp = malloc(buckets * sizeof *s->stamp);
    s->ent = malloc(s->kmax * sizeof *s->ent);
    s->pid = malloc(s->kmax * sizeof *s->pid);
    s->qdig = malloc(s->batch * sizeof *s->qdig);
    s->qidx = malloc(s->batch * sizeof *s->qidx);
    if (!s->bucket || !s->used || !s->pts || !s->start || !s->len || !s->cursor || !s->active || !s->pairs || !s->prod ||
        !s->den || !s->kind || !s->pa || !s->pb || !s->seg || !s->stamp || !s->ent || !s->pid || !s->qdig ||
        !s->qidx) {
        MSM_FN(scratch_free)(s);
        return ZKFL_ERR_NOMEM;
    }
    return ZKFL_OK;
}

/* The end of one affine addition (or doubling) into a, once its slope is
 * known: x3 = lambda^2 - xa - xb, y3 = lambda (xa - x3) - ya. With flip set
 * the slope is passed negated (the caller added -b without negating b's y),
 * and lambda (xa - x3) becomes (-lambda) (x3 - xa). */
static inline void MSM_FN(aff_finish)(MSM_AFF *a, const MSM_FE *xb, const MSM_FE *lambda, int flip)
{
    MSM_FE x3, t;
    FE_SQR(&x3, lambda);
    FE_SUB(&x3, &x3, &a->x);
    FE_SUB(&x3, &x3, xb);
    if (flip)
        FE_SUB(&t, &x3, &a->x);
    else
        FE_SUB(&t, &a->x, &x3);
    FE_MUL(&t, lambda, &t);
    FE_SUB(&a->y, &t, &a->y);
    a->x = x3;
}

/* The slope numerator and denominator of doubling a: 3 xa^2 / (2 ya). */
static inline void MSM_FN(dbl_slope)(MSM_FE *num, MSM_FE *den, const MSM_AFF *a)
{
    MSM_FE t;
    FE_DBL(den, &a->y);
    FE_SQR(&t, &a->x);
    FE_DBL(num, &t);
    FE_ADD(num, num, &t);
}

/* a[j] <- a[j] + b[j] for j < k (k <= MSM_CHUNK), in affine coordinates
 * with one shared inversion (Montgomery's trick). The a[j] are distinct;
 * equal points are doubled and P + (-P) becomes the zero encoding. The
 * first pass only reads; the second writes the a[j] from j = k - 1 down, so
 * a b[j] may be an a[i] with i < j: pair j then reads a[i]'s old value
 * (reduce_buckets relies on this). */
static void MSM_FN(batch_add)(MSM_FN(scratch) *s, MSM_AFF *const *pa, const MSM_AFF *const *pb,
                              size_t k)
{
#ifdef MSM_VEC_BATCH_ADD
    if (k >= MSM_VEC_FLUSH_MIN) {   /* on vector lanes (G1: msm_g1_vec.c) */
        MSM_VEC_BATCH_ADD(pa, pb, k, s->prod);
        return;
    }
#endif
    MSM_FE *prod = s->prod, *den = s->den;
    MSM_FE acc, inv, lambda, num;
    FE_SET_ONE(&prod[0]);
    for (size_t j = 0; j < k; j++) {
        MSM_AFF *a = pa[j];
        const MSM_AFF *b = pb[j];
        if (MSM_FN(aff_is_inf)(a)) {
            s->kind[j] = MSM_PAIR_COPY;
        } else if (MSM_FN(aff_is_inf)(b)) {
            s->kind[j] = MSM_PAIR_DONE;
        } else if (FE_SUB(&den[j], &b->x, &a->x), !FE_IS_ZERO(&den[j])) {
            FE_MUL(&prod[j + 1], &prod[j], &den[j]);
            s->kind[j] = MSM_PAIR_ADD;
            continue;
        } else if (FE_EQ(&a->y, &b->y)) {
            FE_DBL(&den[j], &a->y);
            FE_MUL(&prod[j + 1], &prod[j], &den[j]);
            s->kind[j] = MSM_PAIR_DBL;
            continue;
        } else {
            s->kind[j] = MSM_PAIR_ZERO;   /* P + (-P) */
        }
        prod[j + 1] = prod[j];
    }
    FE_INV(&acc, &prod[k]);
    for (size_t j = k; j-- > 0;) {
        MSM_AFF *a = pa[j];
        const MSM_AFF *b = pb[j];
        if (s->kind[j] >= MSM_PAIR_DONE) {
            if (s->kind[j] == MSM_PAIR_COPY)
                *a = *b;
            else if (s->kind[j] == MSM_PAIR_ZERO)
                memset(a, 0, sizeof *a);
            continue;
        }
        FE_MUL(&inv, &acc, &prod[j]);
        FE_MUL(&acc, &acc, &den[j]);
        if (s->kind[j] == MSM_PAIR_ADD) {
            FE_SUB(&num, &b->y, &a->y);
        } else {
            MSM_FE d;
            MSM_FN(dbl_slope)(&num, &d, a);
        }
        FE_MUL(&lambda, &num, &inv);
        MSM_FN(aff_finish)(a, &b->x, &lambda, 0);
    }
}

/* Adds pairs (pts[p], pts[p + stride]) into pts[p] for p in pairs[0..k). */
static void MSM_FN(add_pairs)(MSM_FN(scratch) *s, const uint32_t *pairs, size_t k, uint32_t stride)
{
    for (size_t j = 0; j < k; j++) {
        s->pa[j] = &s->pts[pairs[j]];
        s->pb[j] = &s->pts[pairs[j] + stride];
    }
    MSM_FN(batch_add)(s, s->pa, (const MSM_AFF *const *)s->pb, k);
}

/* out = sum_b (b + 1) bucket[b]. The running-sum method is a chain of
 * dependent additions, so it cannot share inversions; splitting the buckets
 * into K segments of L gives K independent chains, all advanced together in
 * affine coordinates with one inversion per step (about 7 multiplications
 * per addition instead of 11-16 in Jacobian). Segment q yields
 * R_q = sum_j B_{qL+j} and T_q = sum_j (j + 1) B_{qL+j}, and
 * sum_b (b + 1) B_b = sum_q T_q + L sum_q q R_q. */
static void MSM_FN(reduce_buckets)(MSM_JAC *out, MSM_FN(scratch) *s, size_t buckets)
{
    size_t K = MSM_SEGS;
    while (K > 1 && buckets / K < 8)
        K /= 2;
    MSM_JAC total, run, acc;
    MSM_FN(jac_set_inf)(&total);
    MSM_FN(jac_set_inf)(&run);
    MSM_FN(jac_set_inf)(&acc);
    if (K < 4) {
        /* few buckets: the plain running sum in Jacobian coordinates */
        for (size_t b = buckets; b-- > 0;) {
            if (s->used[b])
                MSM_FN(jac_add_aff)(&run, &run, &s->bucket[b]);
            if (!MSM_FN(jac_is_inf)(&run))
                MSM_FN(jac_add)(&total, &total, &run);
        }
        *out = total;
        return;
    }
    const size_t L = buckets / K;   /* both powers of two */
    MSM_AFF *R = s->seg, *T = s->seg + MSM_SEGS;
    memset(R, 0, K * sizeof *R);
    memset(T, 0, K * sizeof *T);
    /* Step j adds R_q (as it was after step j + 1) to T_q and B_{qL+j} to
     * R_q, in one batch: the T pairs come last, so batch_add reads the R_q
     * they add before it overwrites them. The last R_q are added after. */
    for (size_t step = 0; step <= L; step++) {
        size_t k = 0;
        for (size_t q = 0; step < L && q < K; q++) {
            size_t b = q * L + (L - 1 - step);
            if (s->used[b]) {
                s->pa[k] = &R[q];
                s->pb[k++] = &s->bucket[b];
            }
        }
        for (size_t q = 0; step > 0 && q < K; q++) {
            if (!MSM_FN(aff_is_inf)(&R[q])) {
                s->pa[k] = &T[q];
                s->pb[k++] = &R[q];
            }
        }
        if (k > 0)
            MSM_FN(batch_add)(s, s->pa, (const MSM_AFF *const *)s->pb, k);
    }
    for (size_t q = 0; q < K; q++)
        MSM_FN(jac_add_aff)(&total, &total, &T[q]);
    for (size_t q = K; q-- > 1;) {   /* acc = sum_q q R_q */
        MSM_FN(jac_add_aff)(&run, &run, &R[q]);
        MSM_FN(jac_add)(&acc, &acc, &run);
    }
    for (size_t l = 1; l < L; l *= 2)
        MSM_FN(jac_dbl)(&acc, &acc);
    MSM_FN(jac_add)(&total, &total, &acc);
    *out = total;
}

/* Sums one batch of points into the bucket array: each bucket's carried sum
 * (if any) and the batch's points for it are laid out contiguously, then
 * reduced pairwise; the single survivor becomes the new carried sum. */
static void MSM_FN(batch_into_buckets)(MSM_FN(scratch) *s, const MSM_AFF *points,
                                       size_t buckets, const int16_t *dig, const uint32_t *idx,
                                       size_t cnt)
{
    memset(s->len, 0, buckets * sizeof *s->len);
    for (size_t i = 0; i < cnt; i++) {
        int d = dig[i];
        if (d != 0)
            s->len[(d < 0 ? -d : d) - 1]++;
    }
    uint32_t pos = 0;
    for (size_t b = 0; b < buckets; b++) {
        s->start[b] = pos;
        s->cursor[b] = pos;
        if (s->len[b] > 0 && s->used[b]) {
            s->pts[s->cursor[b]++] = s->bucket[b];
            s->len[b]++;
        }
        pos += s->len[b];
    }
    for (size_t i = 0; i < cnt; i++) {
        int d = dig[i];
        if (d == 0)
            continue;
        MSM_AFF *dst = &s->pts[s->cursor[(d < 0 ? -d : d) - 1]++];
        const MSM_AFF *src = &points[idx[i]];
        dst->x = src->x;
        if (d < 0)
            FE_NEG(&dst->y, &src->y);
        else
            dst->y = src->y;
    }

    /* Pairwise rounds: live elements of bucket b sit at start + j*stride. */
    size_t nactive = 0;
    for (size_t b = 0; b < buckets; b++)
        if (s->len[b] >= 2)
            s->active[nactive++] = (uint32_t)b;
    for (uint32_t stride = 1; nactive > 0; stride *= 2) {
        size_t npairs = 0, still = 0;
        for (size_t a = 0; a < nactive; a++) {
            uint32_t b = s->active[a], len = s->len[b];
            for (uint32_t k = 0; k < len / 2; k++)
                s->pairs[npairs++] = s->start[b] + 2 * k * stride;
            s->len[b] = (len + 1) / 2;
            if (s->len[b] >= 2)
                s->active[still++] = b;
        }
        nactive = still;
        for (size_t off = 0; off < npairs; off += MSM_CHUNK) {
            size_t k = npairs - off < MSM_CHUNK ? npairs - off : MSM_CHUNK;
            MSM_FN(add_pairs)(s, s->pairs + off, k, stride);
        }
    }
    for (size_t b = 0; b < buckets; b++) {
        if (s->len[b] == 0)
            continue;
        s->bucket[b] = s->pts[s->start[b]];
        s->used[b] = !MSM_FN(aff_is_inf)(&s->bucket[b]);
    }
}

/* bucket[b] <- bucket[b] +- P for the kmax-or-fewer queued (bucket, point)
 * pairs: the buckets are distinct and not empty, and the points are never
 * infinity (the plan leaves infinity points out). A negative digit adds -P
 * without negating P: the slope is computed negated (aff_finish). Equal
 * points are doubled; P + (-P) empties the bucket. */
static void MSM_FN(stream_flush)(MSM_FN(scratch) *s, const MSM_AFF *points, size_t k)
{
#ifdef MSM_VEC_FLUSH
    /* the regular pairs on vector lanes (G1: msm_g1_vec.c), which hands
     * back the others (equal x) for the code below */
    if (k >= MSM_VEC_FLUSH_MIN && (k = MSM_VEC_FLUSH(s->bucket, points, s->ent, s->pid, k, s->prod)) == 0)
        return;
#endif
    MSM_FE *prod = s->prod, *den = s->den;
    MSM_FE acc, inv, lambda, num;
    FE_SET_ONE(&prod[0]);
    for (size_t j = 0; j < k; j++) {
        uint32_t b = s->ent[j] & 0x7fffffffu;
        int neg = (int)(s->ent[j] >> 31);
        const MSM_AFF *a = &s->bucket[b];
        const MSM_AFF *p = &points[s->pid[j]];
        FE_SUB(&den[j], &p->x, &a->x);
        if (FE_IS_ZERO(&den[j])) {
            MSM_FE py;
            if (neg)
                FE_NEG(&py, &p->y);
            else
                py = p->y;
            if (!FE_EQ(&py, &a->y)) {   /* bucket + (-bucket) */
                memset(&s->bucket[b], 0, sizeof s->bucket[b]);
                s->used[b] = 0;
                s->kind[j] = MSM_PAIR_DONE;
                prod[j + 1] = prod[j];
                continue;
            }
            FE_DBL(&den[j], &a->y);
            s->kind[j] = MSM_PAIR_DBL;
        } else {
            s->kind[j] = MSM_PAIR_ADD;
        }
        FE_MUL(&prod[j + 1], &prod[j], &den[j]);
    }
    FE_INV(&acc, &prod[k]);
    for (size_t j = k; j-- > 0;) {
        if (s->kind[j] == MSM_PAIR_DONE)
            continue;
        MSM_AFF *a = &s->bucket[s->ent[j] & 0x7fffffffu];
        const MSM_AFF *p = &points[s->pid[j]];
        int neg = (int)(s->ent[j] >> 31);
        FE_MUL(&inv, &acc, &prod[j]);
        FE_MUL(&acc, &acc, &den[j]);
        if (s->kind[j] == MSM_PAIR_ADD) {
            /* slope (+-yp - ya) / (xp - xa); negated for -P */
            if (neg)
                FE_ADD(&num, &p->y, &a->y);
            else
                FE_SUB(&num, &p->y, &a->y);
            FE_MUL(&lambda, &num, &inv);
            MSM_FN(aff_finish)(a, &p->x, &lambda, neg);
        } else {
            MSM_FE d;
            MSM_FN(dbl_slope)(&num, &d, a);
            FE_MUL(&lambda, &num, &inv);
            MSM_FN(aff_finish)(a, &a->x, &lambda, 0);
        }
    }
}

/* Moves waiting points whose bucket is free into the next batch (or into
 * their bucket, when it became empty), keeping the rest in order. */
static void MSM_FN(stream_refill)(MSM_FN(scratch) *s, const MSM_AFF *points, size_t kmax,
                                  size_t *k, size_t *q, uint32_t epoch)
{
    size_t keep = 0;
    for (size_t j = 0; j < *q; j++) {
        int d = s->qdig[j];
        uint32_t neg = d < 0, b = (uint32_t)(neg ? -d : d) - 1;
        if (!s->used[b]) {
            const MSM_AFF *src = &points[s->qidx[j]];
            s->bucket[b].x = src->x;
            if (neg)
                FE_NEG(&s->bucket[b].y, &src->y);
            else
                s->bucket[b].y = src->y;
            s->used[b] = 1;
        } else if (*k < kmax && s->stamp[b] != epoch) {
            s->stamp[b] = epoch;
            s->ent[*k] = b | neg << 31;
            s->pid[(*k)++] = s->qidx[j];
        } else {
            s->qdig[keep] = s->qdig[j];
            s->qidx[keep++] = s->qidx[j];
        }
    }
    *q = keep;
}

/* Accumulates cnt (digit, point) entries into the buckets in one pass:
 * a point for an empty bucket is copied in; otherwise its addition is
 * queued for the next shared inversion (up to kmax of them), unless its
 * bucket already has one queued, in which case the point waits for a
 * later batch. When the waiting list fills up (a skewed digit distribution:
 * all points in one bucket, say), it is summed by batch_into_buckets
 * (sorting and pairwise rounds), so any distribution still costs O(1)
 * inversions per MSM_CHUNK additions. Compared with sorting every point,
 * this saves copying the points and building the pairs. */
static void MSM_FN(stream_slice)(MSM_FN(scratch) *s, const MSM_AFF *points, size_t buckets,
                                 size_t kmax, const int16_t *dig, const uint32_t *idx, size_t cnt)
{
    const size_t qmax = s->batch;
    size_t k = 0, q = 0;
    uint32_t epoch = 1;
    memset(s->stamp, 0, buckets * sizeof *s->stamp);
    for (size_t i = 0; i < cnt; i++) {
        int d = dig[i];
        if (d == 0)
            continue;
        uint32_t neg = d < 0, b = (uint32_t)(neg ? -d : d) - 1;
        if (!s->used[b]) {
            const MSM_AFF *src = &points[idx[i]];
            s->bucket[b].x = src->x;
            if (neg)
                FE_NEG(&s->bucket[b].y, &src->y);
            else
                s->bucket[b].y = src->y;
            s->used[b] = 1;
            continue;
        }
        if (s->stamp[b] == epoch) {
            s->qdig[q] = (int16_t)d;
            s->qidx[q++] = idx[i];
            if (q == qmax) {
                MSM_FN(stream_flush)(s, points, k);
                k = 0;
                epoch++;
                MSM_FN(batch_into_buckets)(s, points, buckets, s->qdig, s->qidx, q);
                q = 0;
            }
            continue;
        }
#ifdef __GNUC__
        __builtin_prefetch(&s->bucket[b], 1);
#endif
        s->stamp[b] = epoch;
        s->ent[k] = b | neg << 31;
        s->pid[k++] = idx[i];
        while (k == kmax) {
            MSM_FN(stream_flush)(s, points, k);
            k = 0;
            epoch++;
            MSM_FN(stream_refill)(s, points, kmax, &k, &q, epoch);
        }
    }
    /* the last waiting points: a few more batches while they keep the
     * batches reasonably full, then the sorting path for what is left */
    while (k > 0) {
        MSM_FN(stream_flush)(s, points, k);
        k = 0;
        epoch++;
        if (q < 2 * kmax)
            break;
        MSM_FN(stream_refill)(s, points, kmax, &k, &q, epoch);
        if (k < kmax / 2)
            break;
    }
    if (k > 0) {
        MSM_FN(stream_flush)(s, points, k);
        k = 0;
    }
    if (q > 0)
        MSM_FN(batch_into_buckets)(s, points, buckets, s->qdig, s->qidx, q);
}

/* sum over i in [i0, i1) of digit(w, i) * P_idx[i], into out. */
static void MSM_FN(window_slice)(MSM_JAC *out, MSM_FN(scratch) *s, const MSM_AFF *points,
                                 const msm_group *g, unsigned w, size_t i0, size_t i1)
{
    size_t buckets = (size_t)1 << (g->c - 1);
    const int16_t *dig = g->digits + (size_t)w * g->m;
    memset(s->used, 0, buckets);
    /* The top windows of a group see only the top bits of its values:
     * |digit| <= 2^(bits - w c) there, so fewer buckets are in use. */
    unsigned lo = w * g->c;
    if (g->bits < lo + g->c - 1)
        buckets = g->bits <= lo ? 1 : (size_t)1 << (g->bits - lo);
    if (buckets >= MSM_STREAM_MIN_BUCKETS) {
        size_t kmax = buckets / 4 < s->kmax ? buckets / 4 : s->kmax;
        MSM_FN(stream_slice)(s, points, buckets, kmax ? kmax : 1, dig + i0, g->idx + i0, i1 - i0);
    } else {
        for (size_t b0 = i0; b0 < i1; b0 += s->batch) {
            size_t cnt = i1 - b0 < s->batch ? i1 - b0 : s->batch;
            MSM_FN(batch_into_buckets)(s, points, buckets, dig + b0, g->idx + b0, cnt);
        }
    }
    MSM_FN(reduce_buckets)(out, s, buckets);
}

/* ---- driver: tasks are (window, slice) pairs taken from a shared counter ---- */

typedef struct {
    const MSM_AFF *points;
    const msm_group *g;
    unsigned parts;
    size_t ntasks;
    MSM_JAC *partial;      /* ntasks */
    atomic_size_t next;
    atomic_int err;
} MSM_FN(run_ctx);

static void MSM_FN(run_worker)(void *vctx, size_t begin, size_t end, int worker)
{
    MSM_FN(run_ctx) *ctx = vctx;
    const msm_group *g = ctx->g;
    size_t slice = (g->m + ctx->parts - 1) / ctx->parts;
    MSM_FN(scratch) s;
    if (MSM_FN(scratch_alloc)(&s, slice, g->c) != ZKFL_OK) {
        atomic_store(&ctx->err, ZKFL_ERR_NOMEM);
        return;
    }
    for (;;) {
        size_t t = atomic_fetch_add(&ctx->next, 1);
        if (t >= ctx->ntasks)
            break;
        unsigned w = (unsigned)(t % g->nw), part = (unsigned)(t / g->nw);
        size_t i0 = g->m * part / ctx->parts, i1 = g->m * (part + 1) / ctx->parts;
        MSM_FN(window_slice)(&ctx->partial[t], &s, ctx->points, g, w, i0, i1);
    }
    MSM_FN(scratch_free)(&s);
}

static int MSM_FN(run_group)(MSM_JAC *out, const MSM_AFF *points, const msm_group *g, int threads)
{
    MSM_FN(jac_set_inf)(out);
    if (g->m == 0)
        return ZKFL_OK;
    /* Windows are the natural unit of parallel work; with fewer windows
     * than threads (small scalars), the points are split as well. */
    unsigned parts = 1;
    if ((unsigned)threads > g->nw)
        parts = ((unsigned)threads + g->nw - 1) / g->nw;
    if (parts > g->m)
        parts = (unsigned)g->m;
    MSM_FN(run_ctx) ctx;
    ctx.points = points;
    ctx.g = g;
    ctx.parts = parts;
    ctx.ntasks = (size_t)g->nw * parts;
    ctx.partial = malloc(ctx.ntasks * sizeof *ctx.partial);
    atomic_init(&ctx.next, 0);
    atomic_init(&ctx.err, ZKFL_OK);
    if (ctx.partial == NULL)
        return ZKFL_ERR_NOMEM;
    int workers = threads < (int)ctx.ntasks ? threads : (int)ctx.ntasks;
    int rc = zkfl_parallel_for((size_t)workers, workers, MSM_FN(run_worker), &ctx);
    if (rc == ZKFL_OK)
        rc = atomic_load(&ctx.err);
    if (rc == ZKFL_OK) {
        /* Horner over windows: acc = acc * 2^c + window_w, top first. */
        MSM_JAC acc;
        MSM_FN(jac_set_inf)(&acc);
        for (unsigned w = g->nw; w-- > 0;) {
            for (unsigned k = 0; k < g->c && !MSM_FN(jac_is_inf)(&acc); k++)
                MSM_FN(jac_dbl)(&acc, &acc);
            for (unsigned part = 0; part < parts; part++)
                MSM_FN(jac_add)(&acc, &acc, &ctx.partial[(size_t)part * g->nw + w]);
        }
        *out = acc;
    }
    free(ctx.partial);
    return rc;
}

#ifdef MSM_ENDO
typedef struct {
    const MSM_AFF *points;
    const msm_plan *plan;
    MSM_AFF *split;
} MSM_FN(split_ctx);

/* split[dim*s + e] = sign * phi^e(P): the part's sign goes into the point,
 * so the digits of every group are plain signed-window digits. */
static void MSM_FN(split_range)(void *vctx, size_t begin, size_t end, int worker)
{
    MSM_FN(split_ctx) *ctx = vctx;
    const unsigned dim = ctx->plan->dim;
    for (size_t s = begin; s < end; s++) {
        MSM_AFF cur = ctx->points[ctx->plan->split_src[s]];
        for (unsigned e = 0; e < dim; e++) {
            MSM_AFF *dst = &ctx->split[s * dim + e];
            dst->x = cur.x;
            if (ctx->plan->split_neg[s * dim + e])
                FE_NEG(&dst->y, &cur.y);
            else
                dst->y = cur.y;
            if (e + 1 < dim)
                MSM_ENDO(&cur, &cur);
        }
    }
}
#endif

static int MSM_FN(msm)(MSM_JAC *out, const MSM_AFF *points, const zkfl_fr *scalars, size_t n,
                       int threads)
{
    if (out == NULL || (n > 0 && (points == NULL || scalars == NULL)))
        return ZKFL_ERR_INVALID_ARG;
    MSM_FN(jac_set_inf)(out);
    if (n == 0)
        return ZKFL_OK;
    if (n > UINT32_MAX)   /* group indices are 32-bit */
        return ZKFL_ERR_UNSUPPORTED;
    if (threads <= 0)
        threads = zkfl_default_threads();
    msm_plan plan;
#ifdef MSM_ENDO
    int rc = msm_plan_build(&plan, points, sizeof *points, scalars, n, threads, 0, MSM_DECOMPOSE,
                            MSM_DIM);
#else
    int rc = msm_plan_build(&plan, points, sizeof *points, scalars, n, threads, 0, NULL, 0);
#endif
    if (rc != ZKFL_OK)
        return rc;
    MSM_AFF *split = NULL;
#ifdef MSM_ENDO
    if (plan.nsplit > 0) {
        split = malloc(plan.nsplit * plan.dim * sizeof *split);
        if (split == NULL) {
            rc = ZKFL_ERR_NOMEM;
        } else {
            MSM_FN(split_ctx) sctx = { points, &plan, split };
            rc = zkfl_parallel_for(plan.nsplit, threads, MSM_FN(split_range), &sctx);
        }
    }
#endif
    MSM_JAC sum, part;
    MSM_FN(jac_set_inf)(&sum);
    for (int gi = 0; gi < plan.ngroups && rc == ZKFL_OK; gi++) {
        rc = MSM_FN(run_group)(&part, plan.g[gi].on_split ? split : points, &plan.g[gi], threads);
        if (rc == ZKFL_OK)
            MSM_FN(jac_add)(&sum, &sum, &part);
    }
    if (split != NULL)   /* signs of the parts follow the witness values */
        zkfl_memzero(split, plan.nsplit * plan.dim * sizeof *split);
    free(split);
    msm_plan_free(&plan);
    if (rc == ZKFL_OK)
        *out = sum;
    return rc;
}
