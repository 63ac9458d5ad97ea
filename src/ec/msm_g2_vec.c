/* 8-lane AVX-512F Fp2 arithmetic for the G2 MSM's batched affine bucket
 * additions (msm_g2_vec.h), on the 8-lane Fp of msm_vec_fp.h (9 limbs of
 * 29 bits, values normalized and below 2p, v8_mul = a b / 2^256, the
 * scalar code's Montgomery product). An Fp2 element c0 + c1 u (u^2 = -1)
 * is two 8-lane Fp values.
 *  - product, Karatsuba: a0 b0, a1 b1, (a0 + a1)(b0 + b1), 3 lane
 *    products. The two sums go through v8_add (back below 2p), since
 *    v8_mul's result bound a b / 2^256 + p stays below 2p only for
 *    operands below 2p (1.76 p); with operands below 4p it would reach
 *    4.02 p. Summing two unreduced products before one reduction (4
 *    products, 2 reductions) does not fit: v8_mul's columns already hold
 *    up to 18 products of 58 bits, and 36 of them overflow 64 bits.
 *  - square: (a0 + a1)(a0 - a1) and 2 a0 a1, 2 lane products;
 *  - differences componentwise (v8_sub, result in [0, 2p)). A difference
 *    of two fully reduced values is zero exactly when they are equal, so
 *    v8_nonzero on xp - xa detects equal x without reducing.
 * The batch is organized as in msm_g1_vec.c: pair j in lane j mod 8 of
 * group j / 8, 8 prefix-product chains, the 8 lane totals inverted with
 * one scalar Fp2 inversion (7 x 3 products around it), and a backward
 * pass recovering each pair's inverse, slope and sum.
 * What it buys (Cascade Lake without IFMA, where one 8-lane product costs
 * about as much per element as the scalar mulx product): per bucket
 * addition 2-20% less CPU than the scalar flush and batch_add (1024
 * pairs, same-run alternating), and 5-10% for a whole G2 MSM at 2^14..2^18
 * on one thread; the rest of the MSM (bucket reduction chains, Jacobian
 * sums, decomposition) stays scalar. */
#include "ec/msm_g2_vec.h"

#ifdef MSM_G2_VEC
#include <immintrin.h>
#include <string.h>
#include "ec/ec_impl.h"
#include "ff/ff_generic.h"
#include "ec/msm_vec_fp.h"

typedef struct {
    v8fp c0, c1;
} v8fp2;

/* r = a b; a, b below 2p per coordinate, r below 2p. r may alias a or b. */
static inline void v8f2_mul(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8fp t0, t1, sa, sb, t2;
    v8_mul(&t0, &a->c0, &b->c0);
    v8_mul(&t1, &a->c1, &b->c1);
    v8_add(&sa, &a->c0, &a->c1);
    v8_add(&sb, &b->c0, &b->c1);
    v8_mul(&t2, &sa, &sb);
    v8_sub(&r->c0, &t0, &t1);
    v8_sub(&t2, &t2, &t0);
    v8_sub(&r->c1, &t2, &t1);
}

/* r = a^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u. r may alias a. */
static inline void v8f2_sqr(v8fp2 *r, const v8fp2 *a)
{
    v8fp s, d, m;
    v8_add(&s, &a->c0, &a->c1);
    v8_sub(&d, &a->c0, &a->c1);
    v8_mul(&m, &a->c0, &a->c1);
    v8_mul(&r->c0, &s, &d);
    v8_add(&r->c1, &m, &m);
}

static inline void v8f2_sub(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8_sub(&r->c0, &a->c0, &b->c0);
    v8_sub(&r->c1, &a->c1, &b->c1);
}

static inline void v8f2_add(v8fp2 *r, const v8fp2 *a, const v8fp2 *b)
{
    v8_add(&r->c0, &a->c0, &b->c0);
    v8_add(&r->c1, &a->c1, &b->c1);
}

static inline void v8f2_reduce(v8fp2 *a)
{
    v8_reduce(&a->c0);
    v8_reduce(&a->c1);
}

static inline __mmask8 v8f2_nonzero(const v8fp2 *a) { return v8_nonzero(&a->c0) | v8_nonzero(&a->c1); }

static inline void v8f2_blend(v8fp2 *r, __mmask8 m, const v8fp2 *a, const v8fp2 *b)
{
    v8_blend(&r->c0, m, &a->c0, &b->c0);
    v8_blend(&r->c1, m, &a->c1, &b->c1);
}

static inline void v8f2_load(v8fp2 *v, const zkfl_fp2 *const e[8])
{
    const zkfl_fp *e0[8], *e1[8];
    for (int l = 0; l < 8; l++) {
        e0[l] = &e[l]->c0;
        e1[l] = &e[l]->c1;
    }
    v8_load(&v->c0, e0);
    v8_load(&v->c1, e1);
}

static inline void v8f2_store(zkfl_fp2 *const e[8], __mmask8 m, const v8fp2 *v)
{
    zkfl_fp *e0[8], *e1[8];
    for (int l = 0; l < 8; l++) {
        e0[l] = &e[l]->c0;
        e1[l] = &e[l]->c1;
    }
    v8_store(e0, m, &v->c0);
    v8_store(e1, m, &v->c1);
}

/* The coordinate x (y set) of 8 points. */
static inline void load_coord(v8fp2 *v, const zkfl_g2_affine *const p[8], int y)
{
    const zkfl_fp2 *e[8];
    for (int l = 0; l < 8; l++)
        e[l] = y ? &p[l]->y : &p[l]->x;
    v8f2_load(v, e);
}

/* acc <- acc^-1 lane by lane (acc below 2p, every lane invertible): the
 * lane totals multiplied together, one scalar Fp2 inversion, each lane's
 * inverse recovered (Montgomery's trick over the lanes). */
static void lanes_invert(v8fp2 *acc)
{
    zkfl_fp2 tot[8], pre[8], inv[8], t;
    zkfl_fp2 *et[8];
    const zkfl_fp2 *ei[8];
    for (int l = 0; l < 8; l++) {
        et[l] = &tot[l];
        ei[l] = &inv[l];
    }
    v8f2_reduce(acc);
    v8f2_store(et, 0xff, acc);
    pre[0] = tot[0];
    for (int l = 1; l < 8; l++)
        ec_fp2_mul(&pre[l], &pre[l - 1], &tot[l]);
    zkfl_fp2_inv_vartime(&t, &pre[7]);
    for (int l = 7; l > 0; l--) {
        ec_fp2_mul(&inv[l], &t, &pre[l - 1]);
        ec_fp2_mul(&t, &t, &tot[l]);
    }
    inv[0] = t;
    v8f2_load(acc, ei);
}

static inline void v8f2_bcast_one(v8fp2 *v)
{
    static const uint64_t zero[4] = {0, 0, 0, 0};
    v8_bcast_fp(&v->c0, ff_fp_modulus.one);
    v8_bcast_fp(&v->c1, zero);
}

void msm_g2_vec_mul8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8])
{
    const zkfl_fp2 *ea[8], *eb[8];
    zkfl_fp2 *er[8];
    for (int i = 0; i < 8; i++) {
        ea[i] = &a[i];
        eb[i] = &b[i];
        er[i] = &r[i];
    }
    v8fp2 va, vb, vr;
    v8f2_load(&va, ea);
    v8f2_load(&vb, eb);
    v8f2_mul(&vr, &va, &vb);
    v8f2_reduce(&vr);
    v8f2_store(er, 0xff, &vr);
}

void msm_g2_vec_sqr8(zkfl_fp2 r[8], const zkfl_fp2 a[8])
{
    const zkfl_fp2 *ea[8];
    zkfl_fp2 *er[8];
    for (int i = 0; i < 8; i++) {
        ea[i] = &a[i];
        er[i] = &r[i];
    }
    v8fp2 va, vr;
    v8f2_load(&va, ea);
    v8f2_sqr(&vr, &va);
    v8f2_reduce(&vr);
    v8f2_store(er, 0xff, &vr);
}

void msm_g2_vec_sub8(zkfl_fp2 r[8], const zkfl_fp2 a[8], const zkfl_fp2 b[8])
{
    const zkfl_fp2 *ea[8], *eb[8];
    zkfl_fp2 *er[8];
    for (int i = 0; i < 8; i++) {
        ea[i] = &a[i];
        eb[i] = &b[i];
        er[i] = &r[i];
    }
    v8fp2 va, vb, vr;
    v8f2_load(&va, ea);
    v8f2_load(&vb, eb);
    v8f2_sub(&vr, &va, &vb);
    v8f2_reduce(&vr);
    v8f2_store(er, 0xff, &vr);
}

/* ---- stream_flush ---- */

/* The operands of group g (pairs 8g .. 8g + 7; lanes past k repeat pair
 * 8g, which is always there, and are masked out). */
typedef struct {
    zkfl_g2_affine *a[8];
    const zkfl_g2_affine *p[8];
    zkfl_fp2 *tmp[8];
    __mmask8 live;   /* lanes holding a pair */
    __mmask8 neg;    /* lanes adding -P */
} group_ptrs;

static void group_load(group_ptrs *g, zkfl_g2_affine *bucket, const zkfl_g2_affine *points,
                       const uint32_t *ent, const uint32_t *pid, zkfl_fp2 *tmp, size_t j0, size_t k)
{
    g->live = 0;
    g->neg = 0;
    for (unsigned l = 0; l < 8; l++) {
        size_t j = j0 + l < k ? j0 + l : j0;
        if (j0 + l < k)
            g->live |= (__mmask8)(1u << l);
        g->neg |= (__mmask8)((ent[j] >> 31) << l);
        g->a[l] = &bucket[ent[j] & 0x7fffffffu];
        g->p[l] = &points[pid[j]];
        g->tmp[l] = &tmp[j];
    }
    g->neg &= g->live;
}

size_t msm_g2_vec_flush_vartime(zkfl_g2_affine *bucket, const zkfl_g2_affine *points, uint32_t *ent,
                                uint32_t *pid, size_t k, zkfl_fp2 *tmp)
{
    if (k == 0)
        return 0;
    const size_t groups = (k + 7) / 8;
    /* lanes of each group whose pair is regular (x_p != x_a) */
    uint8_t regular[(2048 + 7) / 8];
    size_t nspecial = 0;
    if (groups > sizeof regular) {   /* larger batches: in pieces */
        size_t done = 0;
        while (done < k) {
            size_t n = k - done < 2048 ? k - done : 2048;
            size_t ns = msm_g2_vec_flush_vartime(bucket, points, ent + done, pid + done, n, tmp);
            memmove(ent + nspecial, ent + done, ns * sizeof *ent);
            memmove(pid + nspecial, pid + done, ns * sizeof *pid);
            nspecial += ns;
            done += n;
        }
        return nspecial;
    }

    v8fp2 acc;
    v8f2_bcast_one(&acc);
    /* forward: tmp[j] = product of the denominators of the earlier
     * regular pairs of lane j mod 8 */
    for (size_t g = 0; g < groups; g++) {
        group_ptrs gp;
        group_load(&gp, bucket, points, ent, pid, tmp, 8 * g, k);
        v8fp2 xa, xp, den, prod;
        load_coord(&xa, (const zkfl_g2_affine *const *)gp.a, 0);
        load_coord(&xp, gp.p, 0);
        v8f2_sub(&den, &xp, &xa);
        __mmask8 r = v8f2_nonzero(&den) & gp.live;
        regular[g] = r;
        v8f2_store(gp.tmp, gp.live, &acc);
        v8f2_mul(&prod, &acc, &den);
        v8f2_blend(&acc, r, &acc, &prod);
    }

    lanes_invert(&acc);

    /* backward: acc = the inverse of the lane's product so far */
    v8fp pvec;
    for (int j = 0; j < V8_LIMBS; j++)
        pvec.l[j] = v8_bcast(v8_p_limbs[j]);
    for (size_t g = groups; g-- > 0;) {
        __mmask8 r = regular[g];
        if (r == 0)
            continue;
        group_ptrs gp;
        group_load(&gp, bucket, points, ent, pid, tmp, 8 * g, k);
        v8fp2 xa, xp, ya, yp, den, pre, dinv, accn, num, lambda, x3, y3, u;
        load_coord(&xa, (const zkfl_g2_affine *const *)gp.a, 0);
        load_coord(&xp, gp.p, 0);
        load_coord(&ya, (const zkfl_g2_affine *const *)gp.a, 1);
        load_coord(&yp, gp.p, 1);
        v8f2_load(&pre, (const zkfl_fp2 *const *)gp.tmp);
        v8f2_sub(&den, &xp, &xa);
        v8f2_mul(&dinv, &acc, &pre);
        v8f2_mul(&accn, &acc, &den);
        v8f2_blend(&acc, r, &acc, &accn);
        /* slope (+-yp - ya) / (xp - xa); -yp as p - yp per coordinate
         * (in (0, p]) */
        if (gp.neg) {
            v8_sub(&u.c0, &pvec, &yp.c0);
            v8_sub(&u.c1, &pvec, &yp.c1);
            v8f2_blend(&yp, gp.neg, &yp, &u);
        }
        v8f2_sub(&num, &yp, &ya);
        v8f2_mul(&lambda, &num, &dinv);
        /* x3 = lambda^2 - xa - xp, y3 = lambda (xa - x3) - ya */
        v8f2_sqr(&x3, &lambda);
        v8f2_sub(&x3, &x3, &xa);
        v8f2_sub(&x3, &x3, &xp);
        v8f2_sub(&u, &xa, &x3);
        v8f2_mul(&y3, &lambda, &u);
        v8f2_sub(&y3, &y3, &ya);
        v8f2_reduce(&x3);
        v8f2_reduce(&y3);
        zkfl_fp2 *ex[8], *ey[8];
        for (int l = 0; l < 8; l++) {
            ex[l] = &gp.a[l]->x;
            ey[l] = &gp.a[l]->y;
        }
        v8f2_store(ex, r, &x3);
        v8f2_store(ey, r, &y3);
    }

    /* the special pairs to the front, in order, for the caller */
    for (size_t j = 0; j < k; j++) {
        if (regular[j / 8] >> (j % 8) & 1)
            continue;
        ent[nspecial] = ent[j];
        pid[nspecial++] = pid[j];
    }
    return nspecial;
}

/* ---- batch_add ---- */

/* Lane kinds of a batch_add group (msm_template.h's pair kinds). */
typedef struct {
    __mmask8 add, dbl;   /* slope (yb - ya) / (xb - xa), or 3 xa^2 / (2 ya) */
    __mmask8 copy;       /* a is infinity: a = b */
    __mmask8 zero;       /* a + (-a): a becomes infinity */
} pair_kinds;

static inline int aff_is_inf(const zkfl_g2_affine *a)
{
    return ec_fp2_is_zero(&a->x) && ec_fp2_is_zero(&a->y);
}

static void pairs_load(zkfl_g2_affine *a[8], const zkfl_g2_affine *b[8], zkfl_fp2 *t[8], __mmask8 *live,
                       zkfl_g2_affine *const *pa, const zkfl_g2_affine *const *pb, zkfl_fp2 *tmp,
                       size_t j0, size_t k)
{
    *live = 0;
    for (unsigned l = 0; l < 8; l++) {
        size_t j = j0 + l < k ? j0 + l : j0;
        if (j0 + l < k)
            *live |= (__mmask8)(1u << l);
        a[l] = pa[j];
        b[l] = pb[j];
        t[l] = &tmp[j];
    }
}

/* 2 ya for the doubling lanes, xb - xa for the others */
static void pair_den(v8fp2 *den, const v8fp2 *xa, const v8fp2 *xb, const v8fp2 *ya, __mmask8 dbl)
{
    v8f2_sub(den, xb, xa);
    if (dbl) {
        v8fp2 d;
        v8f2_add(&d, ya, ya);
        v8f2_blend(den, dbl, den, &d);
    }
}

void msm_g2_vec_batch_add_vartime(zkfl_g2_affine *const *pa, const zkfl_g2_affine *const *pb, size_t k,
                                  zkfl_fp2 *tmp)
{
    if (k == 0)
        return;
    const size_t groups = (k + 7) / 8;
    pair_kinds kinds[(2048 + 7) / 8];
    if (groups > sizeof kinds / sizeof kinds[0]) {   /* larger batches: in pieces from the end */
        size_t done = k;
        while (done > 0) {
            size_t n = done < 2048 ? done : 2048;
            done -= n;
            msm_g2_vec_batch_add_vartime(pa + done, pb + done, n, tmp);
        }
        return;
    }

    v8fp2 acc;
    v8f2_bcast_one(&acc);
    for (size_t g = 0; g < groups; g++) {
        zkfl_g2_affine *a[8];
        const zkfl_g2_affine *b[8];
        zkfl_fp2 *t[8];
        __mmask8 live;
        pairs_load(a, b, t, &live, pa, pb, tmp, 8 * g, k);
        v8fp2 xa, xb, den, prod;
        load_coord(&xa, (const zkfl_g2_affine *const *)a, 0);
        load_coord(&xb, b, 0);
        v8f2_sub(&den, &xb, &xa);
        pair_kinds *kd = &kinds[g];
        kd->add = v8f2_nonzero(&den) & live;
        kd->dbl = kd->copy = kd->zero = 0;
        /* rare lanes: infinity on either side, or equal x */
        for (unsigned l = 0; l < 8; l++) {
            __mmask8 bit = (__mmask8)(1u << l);
            if (!(live & bit))
                continue;
            int ainf = aff_is_inf(a[l]), binf = aff_is_inf(b[l]);
            if (!ainf && !binf && (kd->add & bit))
                continue;
            kd->add &= (__mmask8)~bit;
            if (ainf)
                kd->copy |= bit;
            else if (binf)
                continue;   /* a stays */
            else if (ec_fp2_eq(&a[l]->y, &b[l]->y))
                kd->dbl |= bit;
            else
                kd->zero |= bit;
        }
        if (kd->dbl) {
            v8fp2 ya;
            load_coord(&ya, (const zkfl_g2_affine *const *)a, 1);
            pair_den(&den, &xa, &xb, &ya, kd->dbl);
        }
        v8f2_store(t, live, &acc);
        v8f2_mul(&prod, &acc, &den);
        v8f2_blend(&acc, kd->add | kd->dbl, &acc, &prod);
    }

    lanes_invert(&acc);

    /* backward, last group first: every group reads all its operands
     * before writing, so a b[j] that is an a[i] with i < j is read before
     * it changes (as in batch_add) */
    for (size_t g = groups; g-- > 0;) {
        zkfl_g2_affine *a[8];
        const zkfl_g2_affine *b[8];
        zkfl_fp2 *tp[8];
        __mmask8 live;
        pairs_load(a, b, tp, &live, pa, pb, tmp, 8 * g, k);
        const pair_kinds *kd = &kinds[g];
        __mmask8 chain = kd->add | kd->dbl;
        zkfl_fp2 *ex[8], *ey[8];
        for (int l = 0; l < 8; l++) {
            ex[l] = &a[l]->x;
            ey[l] = &a[l]->y;
        }
        if (chain == 0 && kd->copy == 0) {
            for (unsigned l = 0; l < 8; l++)
                if (kd->zero & (1u << l))
                    memset(a[l], 0, sizeof *a[l]);
            continue;
        }
        v8fp2 xb, yb;
        load_coord(&xb, b, 0);
        load_coord(&yb, b, 1);
        if (chain) {
            v8fp2 xa, ya, den, pre, dinv, accn, num, lambda, x3, y3, u;
            load_coord(&xa, (const zkfl_g2_affine *const *)a, 0);
            load_coord(&ya, (const zkfl_g2_affine *const *)a, 1);
            v8f2_load(&pre, (const zkfl_fp2 *const *)tp);
            pair_den(&den, &xa, &xb, &ya, kd->dbl);
            v8f2_mul(&dinv, &acc, &pre);
            v8f2_mul(&accn, &acc, &den);
            v8f2_blend(&acc, chain, &acc, &accn);
            v8f2_sub(&num, &yb, &ya);
            if (kd->dbl) {   /* 3 xa^2 */
                v8fp2 sq, d;
                v8f2_sqr(&sq, &xa);
                v8f2_add(&d, &sq, &sq);
                v8f2_add(&d, &d, &sq);
                v8f2_blend(&num, kd->dbl, &num, &d);
            }
            v8f2_mul(&lambda, &num, &dinv);
            /* x3 = lambda^2 - xa - xb (xb = xa when doubling) */
            v8f2_sqr(&x3, &lambda);
            v8f2_sub(&x3, &x3, &xa);
            v8f2_sub(&x3, &x3, &xb);
            v8f2_sub(&u, &xa, &x3);
            v8f2_mul(&y3, &lambda, &u);
            v8f2_sub(&y3, &y3, &ya);
            v8f2_reduce(&x3);
            v8f2_reduce(&y3);
            v8f2_store(ex, chain, &x3);
            v8f2_store(ey, chain, &y3);
        }
        if (kd->copy) {   /* b's old values, loaded above */
            v8f2_store(ex, kd->copy, &xb);
            v8f2_store(ey, kd->copy, &yb);
        }
        for (unsigned l = 0; l < 8; l++)
            if (kd->zero & (1u << l))
                memset(a[l], 0, sizeof *a[l]);
    }
}
#endif
