/* 8-lane AVX-512F Fp arithmetic for the G1 MSM's batched affine bucket
 * additions (msm_g1_vec.h). The technique is that of the NTT's kernels
 * (src/poly/ntt_vec_kernels.h, 8-lane arithmetic mod r): an element is 9
 * limbs of 29 bits, limb j of 8 elements in one zmm register, products
 * by vpmuludq (29 x 29 bits, sums of up to 18 of them below 2^63), and
 * in-register transposes between 4 x 64-bit words and limbs. Adapted for
 * Fp:
 *  - one representation with the scalar code: v8_mul(a, b) = a b / 2^256
 *    mod p, Montgomery's product with R = 2^261 applied to a and b 2^5
 *    (b shifted left by 5 bits, not reduced: b < 2p < 2^255 keeps b 2^5
 *    below 2^261), so values move between the two codes by transposes
 *    only, with no scaling products;
 *  - -p^-1 mod 2^29 has no special form: the quotient takes one product;
 *  - bounds: every vector value is normalized (limbs below 2^29) and
 *    below 2p. With a, b < 2p the product is below a b / 2^256 + p <
 *    (4 p / 2^256 + 1) p < 1.76 p; differences are brought back into
 *    [0, 2p) by adding 2p to negative lanes; values leaving for the
 *    buckets are reduced below p.
 * The batch: pair j sits in lane j mod 8 of group j / 8. The forward pass
 * keeps 8 independent prefix-product chains (one per lane), the 8 lane
 * totals are inverted together with one scalar inversion, and the
 * backward pass recovers each pair's inverse, slope and sum. Measured and
 * not kept (same-run best-of-40 timings of the flush, 2048 pairs): two
 * chains of groups with interleaved products, and a software-pipelined
 * backward pass (group g's first products next to group g + 1's last),
 * both slower (about 130 vs 121 ns per pair); a product-scanning v8_mul
 * (127 ns). */
#include "ec/msm_g1_vec.h"

#ifdef MSM_G1_VEC
#include <immintrin.h>
#include <string.h>
#include "ec/ec_impl.h"
#include "ff/ff_generic.h"

#include "ec/msm_vec_fp.h"

void msm_g1_vec_mul8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8])
{
    const zkfl_fp *ea[8], *eb[8];
    zkfl_fp *er[8];
    for (int i = 0; i < 8; i++) {
        ea[i] = &a[i];
        eb[i] = &b[i];
        er[i] = &r[i];
    }
    v8fp va, vb, vr;
    v8_load(&va, ea);
    v8_load(&vb, eb);
    v8_mul(&vr, &va, &vb);
    v8_reduce(&vr);
    v8_store(er, 0xff, &vr);
}

void msm_g1_vec_sub8(zkfl_fp r[8], const zkfl_fp a[8], const zkfl_fp b[8])
{
    const zkfl_fp *ea[8], *eb[8];
    zkfl_fp *er[8];
    for (int i = 0; i < 8; i++) {
        ea[i] = &a[i];
        eb[i] = &b[i];
        er[i] = &r[i];
    }
    v8fp va, vb, vr;
    v8_load(&va, ea);
    v8_load(&vb, eb);
    v8_sub(&vr, &va, &vb);
    v8_reduce(&vr);
    v8_store(er, 0xff, &vr);
}

/* The operands of group g (pairs 8g .. 8g + 7, lanes past k repeat pair
 * 8g, which is always there, and are masked out by the caller). */
typedef struct {
    zkfl_g1_affine *a[8];
    const zkfl_g1_affine *p[8];
    zkfl_fp *tmp[8];
    __mmask8 live;   /* lanes holding a pair */
    __mmask8 neg;    /* lanes adding -P */
} group_ptrs;

static void group_load(group_ptrs *g, zkfl_g1_affine *bucket, const zkfl_g1_affine *points,
                       const uint32_t *ent, const uint32_t *pid, zkfl_fp *tmp, size_t j0, size_t k)
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

static void load_x(v8fp *xa, v8fp *xp, const group_ptrs *g)
{
    const zkfl_fp *e[8];
    for (int l = 0; l < 8; l++)
        e[l] = &g->a[l]->x;
    v8_load(xa, e);
    for (int l = 0; l < 8; l++)
        e[l] = &g->p[l]->x;
    v8_load(xp, e);
}

static void load_y(v8fp *ya, v8fp *yp, const group_ptrs *g)
{
    const zkfl_fp *e[8];
    for (int l = 0; l < 8; l++)
        e[l] = &g->a[l]->y;
    v8_load(ya, e);
    for (int l = 0; l < 8; l++)
        e[l] = &g->p[l]->y;
    v8_load(yp, e);
}

size_t msm_g1_vec_flush_vartime(zkfl_g1_affine *bucket, const zkfl_g1_affine *points, uint32_t *ent,
                                uint32_t *pid, size_t k, zkfl_fp *tmp)
{
    if (k == 0)
        return 0;
    const size_t groups = (k + 7) / 8;
    /* lanes of each group whose pair is regular (x_p != x_a) */
    uint8_t regular[(2048 + 7) / 8];
    uint8_t *reg = groups <= sizeof regular ? regular : NULL;
    size_t nspecial = 0;
    if (reg == NULL) {   /* larger batches: in pieces */
        size_t done = 0;
        while (done < k) {
            size_t n = k - done < 2048 ? k - done : 2048;
            size_t ns = msm_g1_vec_flush_vartime(bucket, points, ent + done, pid + done, n, tmp);
            memmove(ent + nspecial, ent + done, ns * sizeof *ent);
            memmove(pid + nspecial, pid + done, ns * sizeof *pid);
            nspecial += ns;
            done += n;
        }
        return nspecial;
    }

    v8fp acc, one;
    v8_bcast_fp(&one, ff_fp_modulus.one);
    acc = one;
    /* forward: tmp[j] = product of the denominators of the earlier
     * regular pairs of lane j mod 8 */
    for (size_t g = 0; g < groups; g++) {
        group_ptrs gp;
        group_load(&gp, bucket, points, ent, pid, tmp, 8 * g, k);
        v8fp xa, xp, den, prod;
        load_x(&xa, &xp, &gp);
        v8_sub(&den, &xp, &xa);
        __mmask8 r = v8_nonzero(&den) & gp.live;
        reg[g] = r;
        v8_store(gp.tmp, gp.live, &acc);
        v8_mul(&prod, &acc, &den);
        v8_blend(&acc, r, &acc, &prod);
    }

    /* the lane totals' inverses, by Montgomery's trick over the lanes */
    zkfl_fp tot[8], pre[8], inv[8], t;
    {
        zkfl_fp *e[8];
        for (int l = 0; l < 8; l++)
            e[l] = &tot[l];
        v8_reduce(&acc);
        v8_store(e, 0xff, &acc);
    }
    pre[0] = tot[0];
    for (int l = 1; l < 8; l++)
        ff_fp_mul(&pre[l], &pre[l - 1], &tot[l]);
    ff_inv_vartime(t.v, pre[7].v, &ff_fp_modulus);
    for (int l = 7; l > 0; l--) {
        ff_fp_mul(&inv[l], &t, &pre[l - 1]);
        ff_fp_mul(&t, &t, &tot[l]);
    }
    inv[0] = t;
    {
        const zkfl_fp *e[8];
        for (int l = 0; l < 8; l++)
            e[l] = &inv[l];
        v8_load(&acc, e);
    }

    /* backward: acc = the inverse of the lane's product so far */
    v8fp pvec;
    for (int j = 0; j < V8_LIMBS; j++)
        pvec.l[j] = v8_bcast(v8_p_limbs[j]);
    for (size_t g = groups; g-- > 0;) {
        group_ptrs gp;
        group_load(&gp, bucket, points, ent, pid, tmp, 8 * g, k);
        __mmask8 r = reg[g];
        if (r == 0)
            continue;
        v8fp xa, xp, ya, yp, den, pre_g, dinv, accn, num, lambda, x3, y3, u;
        load_x(&xa, &xp, &gp);
        load_y(&ya, &yp, &gp);
        {
            const zkfl_fp *e[8];
            for (int l = 0; l < 8; l++)
                e[l] = gp.tmp[l];
            v8_load(&pre_g, e);
        }
        v8_sub(&den, &xp, &xa);
        v8_mul(&dinv, &acc, &pre_g);
        v8_mul(&accn, &acc, &den);
        v8_blend(&acc, r, &acc, &accn);
        /* slope (+-yp - ya) / (xp - xa); -yp as p - yp (in (0, p]) */
        v8_sub(&u, &pvec, &yp);
        v8_blend(&yp, gp.neg, &yp, &u);
        v8_sub(&num, &yp, &ya);
        v8_mul(&lambda, &num, &dinv);
        /* x3 = lambda^2 - xa - xp, y3 = lambda (xa - x3) - ya */
        v8_mul(&x3, &lambda, &lambda);
        v8_sub(&x3, &x3, &xa);
        v8_sub(&x3, &x3, &xp);
        v8_sub(&u, &xa, &x3);
        v8_mul(&y3, &lambda, &u);
        v8_sub(&y3, &y3, &ya);
        v8_reduce(&x3);
        v8_reduce(&y3);
        zkfl_fp *ex[8], *ey[8];
        for (int l = 0; l < 8; l++) {
            ex[l] = &gp.a[l]->x;
            ey[l] = &gp.a[l]->y;
        }
        v8_store(ex, r, &x3);
        v8_store(ey, r, &y3);
    }

    /* the special pairs to the front, for the caller */
    for (size_t j = 0; j < k; j++) {
        if (reg[j / 8] >> (j % 8) & 1)
            continue;
        ent[nspecial] = ent[j];
        pid[nspecial++] = pid[j];
    }
    return nspecial;
}
/* Lane kinds of a batch_add group (msm_template.h's pair kinds). */
typedef struct {
    __mmask8 add, dbl;   /* slope (yb - ya) / (xb - xa), or 3 xa^2 / (2 ya) */
    __mmask8 copy;       /* a is infinity: a = b */
    __mmask8 zero;       /* a + (-a): a becomes infinity */
} pair_kinds;

static inline int aff_is_inf(const zkfl_g1_affine *a)
{
    return ff_is_zero4(a->x.v) && ff_is_zero4(a->y.v);
}

static void pairs_load(zkfl_g1_affine *a[8], const zkfl_g1_affine *b[8], zkfl_fp *t[8], __mmask8 *live,
                       zkfl_g1_affine *const *pa, const zkfl_g1_affine *const *pb, zkfl_fp *tmp,
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

static void load_coord(v8fp *v, const zkfl_g1_affine *const p[8], int y)
{
    const zkfl_fp *e[8];
    for (int l = 0; l < 8; l++)
        e[l] = y ? &p[l]->y : &p[l]->x;
    v8_load(v, e);
}

/* 2 ya for the doubling lanes, xb - xa for the others */
static void pair_den(v8fp *den, const v8fp *xa, const v8fp *xb, const zkfl_g1_affine *const a[8],
                     __mmask8 dbl)
{
    v8_sub(den, xb, xa);
    if (dbl) {
        v8fp ya, d;
        load_coord(&ya, a, 1);
        v8_add(&d, &ya, &ya);
        v8_blend(den, dbl, den, &d);
    }
}

void msm_g1_vec_batch_add_vartime(zkfl_g1_affine *const *pa, const zkfl_g1_affine *const *pb, size_t k,
                                  zkfl_fp *tmp)
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
            msm_g1_vec_batch_add_vartime(pa + done, pb + done, n, tmp);
        }
        return;
    }

    v8fp acc;
    v8_bcast_fp(&acc, ff_fp_modulus.one);
    for (size_t g = 0; g < groups; g++) {
        zkfl_g1_affine *a[8];
        const zkfl_g1_affine *b[8];
        zkfl_fp *t[8];
        __mmask8 live;
        pairs_load(a, b, t, &live, pa, pb, tmp, 8 * g, k);
        v8fp xa, xb, den, prod;
        load_coord(&xa, (const zkfl_g1_affine *const *)a, 0);
        load_coord(&xb, b, 0);
        v8_sub(&den, &xb, &xa);
        pair_kinds *kd = &kinds[g];
        kd->add = v8_nonzero(&den) & live;
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
            else if (ff_eq4(a[l]->y.v, b[l]->y.v))
                kd->dbl |= bit;
            else
                kd->zero |= bit;
        }
        if (kd->dbl)
            pair_den(&den, &xa, &xb, (const zkfl_g1_affine *const *)a, kd->dbl);
        v8_store(t, live, &acc);
        v8_mul(&prod, &acc, &den);
        v8_blend(&acc, kd->add | kd->dbl, &acc, &prod);
    }

    zkfl_fp tot[8], pre[8], inv[8], t;
    {
        zkfl_fp *e[8];
        for (int l = 0; l < 8; l++)
            e[l] = &tot[l];
        v8_reduce(&acc);
        v8_store(e, 0xff, &acc);
    }
    pre[0] = tot[0];
    for (int l = 1; l < 8; l++)
        ff_fp_mul(&pre[l], &pre[l - 1], &tot[l]);
    ff_inv_vartime(t.v, pre[7].v, &ff_fp_modulus);
    for (int l = 7; l > 0; l--) {
        ff_fp_mul(&inv[l], &t, &pre[l - 1]);
        ff_fp_mul(&t, &t, &tot[l]);
    }
    inv[0] = t;
    {
        const zkfl_fp *e[8];
        for (int l = 0; l < 8; l++)
            e[l] = &inv[l];
        v8_load(&acc, e);
    }

    /* backward, last group first: every group reads all its operands
     * before writing, so a b[j] that is an a[i] with i < j is read before
     * it changes (as in batch_add) */
    for (size_t g = groups; g-- > 0;) {
        zkfl_g1_affine *a[8];
        const zkfl_g1_affine *b[8];
        zkfl_fp *tp[8];
        __mmask8 live;
        pairs_load(a, b, tp, &live, pa, pb, tmp, 8 * g, k);
        const pair_kinds *kd = &kinds[g];
        __mmask8 chain = kd->add | kd->dbl;
        v8fp xa, ya, xb, yb;
        load_coord(&xa, (const zkfl_g1_affine *const *)a, 0);
        load_coord(&xb, b, 0);
        load_coord(&yb, b, 1);
        zkfl_fp *ex[8], *ey[8];
        for (int l = 0; l < 8; l++) {
            ex[l] = &a[l]->x;
            ey[l] = &a[l]->y;
        }
        if (chain) {
            v8fp den, pre, dinv, accn, num, lambda, x3, y3, u;
            load_coord(&ya, (const zkfl_g1_affine *const *)a, 1);
            {
                const zkfl_fp *e[8];
                for (int l = 0; l < 8; l++)
                    e[l] = tp[l];
                v8_load(&pre, e);
            }
            pair_den(&den, &xa, &xb, (const zkfl_g1_affine *const *)a, kd->dbl);
            v8_mul(&dinv, &acc, &pre);
            v8_mul(&accn, &acc, &den);
            v8_blend(&acc, chain, &acc, &accn);
            v8_sub(&num, &yb, &ya);
            if (kd->dbl) {   /* 3 xa^2 */
                v8fp sq, d;
                v8_mul(&sq, &xa, &xa);
                v8_add(&d, &sq, &sq);
                v8_add(&d, &d, &sq);
                v8_blend(&num, kd->dbl, &num, &d);
            }
            v8_mul(&lambda, &num, &dinv);
            /* x3 = lambda^2 - xa - xb (xb = xa when doubling) */
            v8_mul(&x3, &lambda, &lambda);
            v8_sub(&x3, &x3, &xa);
            v8_sub(&x3, &x3, &xb);
            v8_sub(&u, &xa, &x3);
            v8_mul(&y3, &lambda, &u);
            v8_sub(&y3, &y3, &ya);
            v8_reduce(&x3);
            v8_reduce(&y3);
            v8_store(ex, chain, &x3);
            v8_store(ey, chain, &y3);
        }
        if (kd->copy) {   /* b's old values, loaded above */
            v8_store(ex, kd->copy, &xb);
            v8_store(ey, kd->copy, &yb);
        }
        for (unsigned l = 0; l < 8; l++)
            if (kd->zero & (1u << l))
                memset(a[l], 0, sizeof *a[l]);
    }
}
#endif
