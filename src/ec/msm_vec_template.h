/* The MSM's 8-lane batch-affine additions (msm_template.h's stream_flush
 * and batch_add on AVX-512F), written once for G1 (lanes of Fp) and G2
 * (lanes of Fp2, two 8-lane Fp values). The including file includes
 * msm_vec_fp.h and defines:
 *   VEC_FE, VEC_AFF, VEC_V      scalar field element, affine point, and
 *                               8-lane field element types
 *   VEC_LOAD(v, e) VEC_STORE(e, mask, v)   8 elements in / out (masked)
 *   VEC_MUL VEC_SQR VEC_ADD VEC_SUB (r, a[, b])   lane ops: inputs below
 *                               2p per coordinate (at most 2p for the
 *                               products), outputs below 2p
 *   VEC_REDUCE(v)               fully reduce (below p)
 *   VEC_SUB_LT_P(r, a, b)       r = a - b for a, b below p per coordinate
 *                               (bucket and point coordinates): output
 *                               below 2p, cheaper than VEC_SUB
 *   VEC_SIGNED_SUB_LT_P(r, m, a, b)   r = (m ? -a : a) - b per lane, a, b
 *                               below p, output at most 2p per coordinate
 *   VEC_SUB2_REDUCE(r, c, a, b) r = c - a - b fully reduced; c below 2p,
 *                               a, b below p
 *   VEC_DIFFER(a, b)            mask of the lanes where a != b (a, b below p)
 *   VEC_BLEND(r, m, a, b)       r = m ? b : a per lane
 *   VEC_SET_ONE(v)              one in every lane
 *   VEC_SAVE(dst, v) VEC_RESTORE(v, src)   a vector value to and from
 *                               scratch memory, VEC_SAVED_WORDS 32-bit words
 *   FE_MUL(r, a, b) FE_INV(r, a)   scalar product, variable-time inverse
 *   FE_EQ(a, b) AFF_IS_INF(a)   scalar comparisons, nonzero when true
 *   VEC_FN(name)                prefixes the generated functions
 * and gets VEC_FN(flush_vartime), VEC_FN(batch_add_vartime) and, for the
 * tests, VEC_FN(mul8), VEC_FN(sqr8), VEC_FN(sub8), VEC_FN(sub_lt_p8),
 * VEC_FN(signed_sub8), VEC_FN(mul_sub2_8), with the contracts of
 * msm_g1_vec.h / msm_g2_vec.h.
 *
 * The batch: pair j sits in lane j mod 8 of group j / 8. The forward pass
 * keeps 8 independent prefix-product chains (one per lane), the 8 lane
 * totals are inverted together with one scalar inversion, and the backward
 * pass recovers each pair's inverse, slope and sum. Bucket and point
 * coordinates are below p, which lets the differences of two of them skip
 * v8_sub's sign test and second carry pass (VEC_SUB_LT_P and friends;
 * every input of a product stays at most 2p). Everything here is
 * static inline so that each instantiation compiles to straight-line
 * vector code, as when it was written out per group. */

#include <string.h>

/* Largest batch handled in one piece (msm_template.h's MSM_CHUNK); larger
 * ones are split. */
#define VEC_BATCH_MAX 2048

/* ---- test entry points: 8 elements at a time, outputs reduced ---- */

/* r = a b (op 0), a^2 (op 1), a - b (op 2), a - b for operands below p
 * (op 3), (-a or a) - b for operands below p, -a in the odd lanes (op 4),
 * or a b - a - b with the product left unreduced (op 5), each through the
 * lanes. */
static inline void VEC_FN(op8)(VEC_FE r[8], const VEC_FE a[8], const VEC_FE b[8], int op)
{
    const VEC_FE *ea[8], *eb[8];
    VEC_FE *er[8];
    for (int i = 0; i < 8; i++) {
        ea[i] = &a[i];
        eb[i] = &b[i];
        er[i] = &r[i];
    }
    VEC_V va, vb, vr;
    VEC_LOAD(&va, ea);
    VEC_LOAD(&vb, eb);
    if (op == 0)
        VEC_MUL(&vr, &va, &vb);
    else if (op == 1)
        VEC_SQR(&vr, &va);
    else if (op == 2)
        VEC_SUB(&vr, &va, &vb);
    else if (op == 3)
        VEC_SUB_LT_P(&vr, &va, &vb);
    else if (op == 4) {
        VEC_SIGNED_SUB_LT_P(&vr, 0xaa, &va, &vb);
        VEC_REDUCE(&vr);   /* 2p (-0 - 0) to p, then below to 0 */
    }
    else {
        VEC_V prod;
        VEC_MUL(&prod, &va, &vb);
        VEC_SUB2_REDUCE(&vr, &prod, &va, &vb);
    }
    VEC_REDUCE(&vr);
    VEC_STORE(er, 0xff, &vr);
}

void VEC_FN(mul8)(VEC_FE r[8], const VEC_FE a[8], const VEC_FE b[8]) { VEC_FN(op8)(r, a, b, 0); }
void VEC_FN(sqr8)(VEC_FE r[8], const VEC_FE a[8]) { VEC_FN(op8)(r, a, a, 1); }
void VEC_FN(sub8)(VEC_FE r[8], const VEC_FE a[8], const VEC_FE b[8]) { VEC_FN(op8)(r, a, b, 2); }
void VEC_FN(sub_lt_p8)(VEC_FE r[8], const VEC_FE a[8], const VEC_FE b[8]) { VEC_FN(op8)(r, a, b, 3); }
void VEC_FN(signed_sub8)(VEC_FE r[8], const VEC_FE a[8], const VEC_FE b[8]) { VEC_FN(op8)(r, a, b, 4); }
void VEC_FN(mul_sub2_8)(VEC_FE r[8], const VEC_FE a[8], const VEC_FE b[8]) { VEC_FN(op8)(r, a, b, 5); }

/* ---- shared by both kernels ---- */

/* The coordinate x (y set) of 8 points. */
static inline void load_coord(VEC_V *v, const VEC_AFF *const p[8], int y)
{
    const VEC_FE *e[8];
    for (int l = 0; l < 8; l++)
        e[l] = y ? &p[l]->y : &p[l]->x;
    VEC_LOAD(v, e);
}

/* acc <- acc^-1 lane by lane (acc below 2p, every lane invertible): the
 * lane totals multiplied together, one scalar inversion, each lane's
 * inverse recovered (Montgomery's trick over the lanes). */
static inline void lanes_invert(VEC_V *acc)
{
    VEC_FE tot[8], pre[8], inv[8], t;
    VEC_FE *et[8];
    const VEC_FE *ei[8];
    for (int l = 0; l < 8; l++) {
        et[l] = &tot[l];
        ei[l] = &inv[l];
    }
    VEC_REDUCE(acc);
    VEC_STORE(et, 0xff, acc);
    pre[0] = tot[0];
    for (int l = 1; l < 8; l++)
        FE_MUL(&pre[l], &pre[l - 1], &tot[l]);
    FE_INV(&t, &pre[7]);
    for (int l = 7; l > 0; l--) {
        FE_MUL(&inv[l], &t, &pre[l - 1]);
        FE_MUL(&t, &t, &tot[l]);
    }
    inv[0] = t;
    VEC_LOAD(acc, ei);
}

/* ---- stream_flush ---- */

/* The operands of group g (pairs 8g .. 8g + 7; lanes past k repeat pair
 * 8g, which is always there, and are masked out). */
typedef struct {
    VEC_AFF *a[8];
    const VEC_AFF *p[8];
    __mmask8 live;   /* lanes holding a pair */
    __mmask8 neg;    /* lanes adding -P */
} group_ptrs;

static inline void group_load(group_ptrs *g, VEC_AFF *bucket, const VEC_AFF *points, const uint32_t *ent,
                              const uint32_t *pid, size_t j0, size_t k)
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
    }
    g->neg &= g->live;
}

size_t VEC_FN(flush_vartime)(VEC_AFF *bucket, const VEC_AFF *points, uint32_t *ent, uint32_t *pid, size_t k,
                             VEC_FE *tmp)
{
    if (k == 0)
        return 0;
    const size_t groups = (k + 7) / 8;
    /* lanes of each group whose pair is regular (x_p != x_a) */
    uint8_t regular[(VEC_BATCH_MAX + 7) / 8];
    size_t nspecial = 0;
    if (groups > sizeof regular) {   /* larger batches: in pieces */
        size_t done = 0;
        while (done < k) {
            size_t n = k - done < VEC_BATCH_MAX ? k - done : VEC_BATCH_MAX;
            size_t ns = VEC_FN(flush_vartime)(bucket, points, ent + done, pid + done, n, tmp);
            memmove(ent + nspecial, ent + done, ns * sizeof *ent);
            memmove(pid + nspecial, pid + done, ns * sizeof *pid);
            nspecial += ns;
            done += n;
        }
        return nspecial;
    }

    VEC_V acc;
    VEC_SET_ONE(&acc);
    /* forward: group g's slot of tmp = for each lane, the product of the
     * denominators of the earlier regular pairs of that lane */
    char *saved = (char *)tmp;
    for (size_t g = 0; g < groups; g++) {
        group_ptrs gp;
        group_load(&gp, bucket, points, ent, pid, 8 * g, k);
        VEC_V xa, xp, den, prod;
        load_coord(&xa, (const VEC_AFF *const *)gp.a, 0);
        load_coord(&xp, gp.p, 0);
        VEC_SUB_LT_P(&den, &xp, &xa);
        __mmask8 r = VEC_DIFFER(&xp, &xa) & gp.live;
        regular[g] = r;
        VEC_SAVE(saved + g * 4 * VEC_SAVED_WORDS, &acc);
        VEC_MUL(&prod, &acc, &den);
        VEC_BLEND(&acc, r, &acc, &prod);
    }

    lanes_invert(&acc);

    /* backward: acc = the inverse of the lane's product so far */
    for (size_t g = groups; g-- > 0;) {
        __mmask8 r = regular[g];
        if (r == 0)
            continue;
        group_ptrs gp;
        group_load(&gp, bucket, points, ent, pid, 8 * g, k);
        VEC_V xa, xp, ya, yp, den, pre, dinv, accn, num, lambda, x2, x3, y3, u;
        load_coord(&xa, (const VEC_AFF *const *)gp.a, 0);
        load_coord(&xp, gp.p, 0);
        load_coord(&ya, (const VEC_AFF *const *)gp.a, 1);
        load_coord(&yp, gp.p, 1);
        VEC_RESTORE(&pre, saved + g * 4 * VEC_SAVED_WORDS);
        VEC_SUB_LT_P(&den, &xp, &xa);
        /* acc, and lambda below, as the second operand of both their
         * products: the compiler shares its shifted limbs (v8_mul) */
        VEC_MUL(&dinv, &pre, &acc);
        VEC_MUL(&accn, &den, &acc);
        VEC_BLEND(&acc, r, &acc, &accn);
        /* slope (+-yp - ya) / (xp - xa) */
        VEC_SIGNED_SUB_LT_P(&num, gp.neg, &yp, &ya);
        VEC_MUL(&lambda, &num, &dinv);
        /* x3 = lambda^2 - xa - xp, y3 = lambda (xa - x3) - ya */
        VEC_SQR(&x2, &lambda);
        VEC_SUB2_REDUCE(&x3, &x2, &xa, &xp);
        VEC_SUB_LT_P(&u, &xa, &x3);
        VEC_MUL(&y3, &u, &lambda);
        VEC_SUB(&y3, &y3, &ya);
        VEC_REDUCE(&y3);
        VEC_FE *ex[8], *ey[8];
        for (int l = 0; l < 8; l++) {
            ex[l] = &gp.a[l]->x;
            ey[l] = &gp.a[l]->y;
        }
        VEC_STORE(ex, r, &x3);
        VEC_STORE(ey, r, &y3);
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

static inline void pairs_load(VEC_AFF *a[8], const VEC_AFF *b[8], __mmask8 *live, VEC_AFF *const *pa,
                              const VEC_AFF *const *pb, size_t j0, size_t k)
{
    *live = 0;
    for (unsigned l = 0; l < 8; l++) {
        size_t j = j0 + l < k ? j0 + l : j0;
        if (j0 + l < k)
            *live |= (__mmask8)(1u << l);
        a[l] = pa[j];
        b[l] = pb[j];
    }
}

/* 2 ya for the doubling lanes, xb - xa for the others */
static inline void pair_den(VEC_V *den, const VEC_V *xa, const VEC_V *xb, const VEC_V *ya, __mmask8 dbl)
{
    VEC_SUB_LT_P(den, xb, xa);
    if (dbl) {
        VEC_V d;
        VEC_ADD(&d, ya, ya);
        VEC_BLEND(den, dbl, den, &d);
    }
}

void VEC_FN(batch_add_vartime)(VEC_AFF *const *pa, const VEC_AFF *const *pb, size_t k, VEC_FE *tmp)
{
    if (k == 0)
        return;
    const size_t groups = (k + 7) / 8;
    pair_kinds kinds[(VEC_BATCH_MAX + 7) / 8];
    if (groups > sizeof kinds / sizeof kinds[0]) {   /* larger batches: in pieces from the end */
        size_t done = k;
        while (done > 0) {
            size_t n = done < VEC_BATCH_MAX ? done : VEC_BATCH_MAX;
            done -= n;
            VEC_FN(batch_add_vartime)(pa + done, pb + done, n, tmp);
        }
        return;
    }

    char *saved = (char *)tmp;   /* group g's prefix products (VEC_SAVE) */
    VEC_V acc;
    VEC_SET_ONE(&acc);
    for (size_t g = 0; g < groups; g++) {
        VEC_AFF *a[8];
        const VEC_AFF *b[8];
        __mmask8 live;
        pairs_load(a, b, &live, pa, pb, 8 * g, k);
        VEC_V xa, xb, den, prod;
        load_coord(&xa, (const VEC_AFF *const *)a, 0);
        load_coord(&xb, b, 0);
        VEC_SUB_LT_P(&den, &xb, &xa);
        pair_kinds *kd = &kinds[g];
        kd->add = VEC_DIFFER(&xb, &xa) & live;
        kd->dbl = kd->copy = kd->zero = 0;
        /* rare lanes: infinity on either side, or equal x */
        for (unsigned l = 0; l < 8; l++) {
            __mmask8 bit = (__mmask8)(1u << l);
            if (!(live & bit))
                continue;
            int ainf = AFF_IS_INF(a[l]), binf = AFF_IS_INF(b[l]);
            if (!ainf && !binf && (kd->add & bit))
                continue;
            kd->add &= (__mmask8)~bit;
            if (ainf)
                kd->copy |= bit;
            else if (binf)
                continue;   /* a stays */
            else if (FE_EQ(&a[l]->y, &b[l]->y))
                kd->dbl |= bit;
            else
                kd->zero |= bit;
        }
        if (kd->dbl) {
            VEC_V ya;
            load_coord(&ya, (const VEC_AFF *const *)a, 1);
            pair_den(&den, &xa, &xb, &ya, kd->dbl);
        }
        VEC_SAVE(saved + g * 4 * VEC_SAVED_WORDS, &acc);
        VEC_MUL(&prod, &acc, &den);
        VEC_BLEND(&acc, kd->add | kd->dbl, &acc, &prod);
    }

    lanes_invert(&acc);

    /* backward, last group first: every group reads all its operands
     * before writing, so a b[j] that is an a[i] with i < j is read before
     * it changes (as in batch_add) */
    for (size_t g = groups; g-- > 0;) {
        VEC_AFF *a[8];
        const VEC_AFF *b[8];
        __mmask8 live;
        pairs_load(a, b, &live, pa, pb, 8 * g, k);
        const pair_kinds *kd = &kinds[g];
        __mmask8 chain = kd->add | kd->dbl;
        VEC_FE *ex[8], *ey[8];
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
        VEC_V xb, yb;
        load_coord(&xb, b, 0);
        load_coord(&yb, b, 1);
        if (chain) {
            VEC_V xa, ya, den, pre, dinv, accn, num, lambda, x2, x3, y3, u;
            load_coord(&xa, (const VEC_AFF *const *)a, 0);
            load_coord(&ya, (const VEC_AFF *const *)a, 1);
            VEC_RESTORE(&pre, saved + g * 4 * VEC_SAVED_WORDS);
            pair_den(&den, &xa, &xb, &ya, kd->dbl);
            VEC_MUL(&dinv, &pre, &acc);
            VEC_MUL(&accn, &den, &acc);
            VEC_BLEND(&acc, chain, &acc, &accn);
            VEC_SUB_LT_P(&num, &yb, &ya);
            if (kd->dbl) {   /* 3 xa^2 */
                VEC_V sq, d;
                VEC_SQR(&sq, &xa);
                VEC_ADD(&d, &sq, &sq);
                VEC_ADD(&d, &d, &sq);
                VEC_BLEND(&num, kd->dbl, &num, &d);
            }
            VEC_MUL(&lambda, &num, &dinv);
            /* x3 = lambda^2 - xa - xb (xb = xa when doubling) */
            VEC_SQR(&x2, &lambda);
            VEC_SUB2_REDUCE(&x3, &x2, &xa, &xb);
            VEC_SUB_LT_P(&u, &xa, &x3);
            VEC_MUL(&y3, &u, &lambda);
            VEC_SUB(&y3, &y3, &ya);
            VEC_REDUCE(&y3);
            VEC_STORE(ex, chain, &x3);
            VEC_STORE(ey, chain, &y3);
        }
        if (kd->copy) {   /* b's old values, loaded above */
            VEC_STORE(ex, kd->copy, &xb);
            VEC_STORE(ey, kd->copy, &yb);
        }
        for (unsigned l = 0; l < 8; l++)
            if (kd->zero & (1u << l))
                memset(a[l], 0, sizeof *a[l]);
    }
}
