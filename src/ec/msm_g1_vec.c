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
 * backward pass recovers each pair's inverse, slope and sum. */
#include "ec/msm_g1_vec.h"

#ifdef MSM_G1_VEC
#include <immintrin.h>
#include <string.h>
#include "ec/ec_impl.h"
#include "ff/ff_generic.h"

#define V8_LIMBS 9
#define V8_MASK 0x1fffffffull
#define V8_UNROLL _Pragma("GCC unroll 16")

typedef struct {
    __m512i l[V8_LIMBS];
} v8fp;

/* p, 2p in 29-bit limbs; -p^-1 mod 2^29; 2^256 mod p (one) comes from
 * ff_fp_modulus. */
static const uint64_t v8_p_limbs[V8_LIMBS] = {
    0x187cfd47, 0x010460b6, 0x1c72a34f, 0x02d522d0, 0x1585d978,
    0x02db40c0, 0x00a6e141, 0x0e5c2634, 0x0030644e
};
static const uint64_t v8_2p_limbs[V8_LIMBS] = {
    0x10f9fa8e, 0x0208c16d, 0x18e5469e, 0x05aa45a1, 0x0b0bb2f0,
    0x05b68181, 0x014dc282, 0x1cb84c68, 0x0060c89c
};
#define V8_P_INV29 0x04866389ull

static inline __m512i v8_bcast(uint64_t x) { return _mm512_set1_epi64((long long)x); }

/* Carry pass over signed limbs: limbs 0..7 end in [0, 2^29), limb 8
 * keeps the sign and the rest. */
static inline void v8_carry(v8fp *a)
{
    const __m512i mask = v8_bcast(V8_MASK);
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS - 1; j++) {
        a->l[j + 1] = _mm512_add_epi64(a->l[j + 1], _mm512_srai_epi64(a->l[j], 29));
        a->l[j] = _mm512_and_si512(a->l[j], mask);
    }
}

/* res = a b / 2^256 mod p, normalized; a, b normalized and below 2p,
 * result below 1.76 p. Operand scanning as in the NTT's v8_mul_raw, with
 * a quotient product per row. */
static inline void v8_mul(v8fp *res, const v8fp *a, const v8fp *b)
{
    const __m512i mask = v8_bcast(V8_MASK);
    const __m512i pinv = v8_bcast(V8_P_INV29);
    __m512i bs[V8_LIMBS], t[V8_LIMBS + 1];
    /* b 2^5, limb by limb */
    bs[0] = _mm512_and_si512(_mm512_slli_epi64(b->l[0], 5), mask);
    V8_UNROLL
    for (int j = 1; j < V8_LIMBS; j++)
        bs[j] = _mm512_or_si512(_mm512_and_si512(_mm512_slli_epi64(b->l[j], 5), mask),
                                _mm512_srli_epi64(b->l[j - 1], 24));
    V8_UNROLL
    for (int j = 0; j <= V8_LIMBS; j++)
        t[j] = _mm512_setzero_si512();
    V8_UNROLL
    for (int i = 0; i < V8_LIMBS; i++) {
        __m512i bi = bs[i];
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = _mm512_add_epi64(t[j], _mm512_mul_epu32(a->l[j], bi));
        __m512i q = _mm512_and_si512(_mm512_mul_epu32(t[0], pinv), mask);
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = _mm512_add_epi64(t[j], _mm512_mul_epu32(q, v8_bcast(v8_p_limbs[j])));
        /* t[0] is now 0 mod 2^29: shift the accumulator down one limb */
        t[1] = _mm512_add_epi64(t[1], _mm512_srli_epi64(t[0], 29));
        V8_UNROLL
        for (int j = 0; j < V8_LIMBS; j++)
            t[j] = t[j + 1];
        t[V8_LIMBS] = _mm512_setzero_si512();
    }
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = t[j];
    v8_carry(res);
}

/* res = a - b in [0, 2p), a, b normalized and below 2p. */
static inline void v8_sub(v8fp *res, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_sub_epi64(a->l[j], b->l[j]);
    v8_carry(res);
    __mmask8 neg = _mm512_cmplt_epi64_mask(res->l[V8_LIMBS - 1], _mm512_setzero_si512());
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        res->l[j] = _mm512_mask_add_epi64(res->l[j], neg, res->l[j], v8_bcast(v8_2p_limbs[j]));
    v8_carry(res);
}

/* a in [0, 2p) to [0, p). */
static inline void v8_reduce(v8fp *a)
{
    v8fp d;
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        d.l[j] = _mm512_sub_epi64(a->l[j], v8_bcast(v8_p_limbs[j]));
    v8_carry(&d);
    __mmask8 ge = _mm512_cmpge_epi64_mask(d.l[V8_LIMBS - 1], _mm512_setzero_si512());
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        a->l[j] = _mm512_mask_blend_epi64(ge, a->l[j], d.l[j]);
}

/* Lanes whose value is not zero. */
static inline __mmask8 v8_nonzero(const v8fp *a)
{
    __m512i o = a->l[0];
    V8_UNROLL
    for (int j = 1; j < V8_LIMBS; j++)
        o = _mm512_or_si512(o, a->l[j]);
    return _mm512_test_epi64_mask(o, o);
}

/* r = m ? b : a, lane by lane */
static inline void v8_blend(v8fp *r, __mmask8 m, const v8fp *a, const v8fp *b)
{
    V8_UNROLL
    for (int j = 0; j < V8_LIMBS; j++)
        r->l[j] = _mm512_mask_blend_epi64(m, a->l[j], b->l[j]);
}

/* 8 elements (4 x 64-bit words, < 2^256), element i at e[i], to limbs:
 * two elements per vector, then the NTT kernels' transpose (unpack and a
 * two-source permutation). */
static inline void v8_load(v8fp *v, const zkfl_fp *const e[8])
{
    const __m512i mask = v8_bcast(V8_MASK);
    const __m512i even = _mm512_setr_epi64(0, 4, 1, 5, 8, 12, 9, 13);
    const __m512i odd = _mm512_setr_epi64(2, 6, 3, 7, 10, 14, 11, 15);
    __m512i z[4];
    for (int i = 0; i < 4; i++)
        z[i] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)e[2 * i]->v)),
                                  _mm256_loadu_si256((const __m256i *)e[2 * i + 1]->v), 1);
    __m512i u0 = _mm512_unpacklo_epi64(z[0], z[1]), u1 = _mm512_unpackhi_epi64(z[0], z[1]);
    __m512i u2 = _mm512_unpacklo_epi64(z[2], z[3]), u3 = _mm512_unpackhi_epi64(z[2], z[3]);
    __m512i w0 = _mm512_permutex2var_epi64(u0, even, u2);
    __m512i w2 = _mm512_permutex2var_epi64(u0, odd, u2);
    __m512i w1 = _mm512_permutex2var_epi64(u1, even, u3);
    __m512i w3 = _mm512_permutex2var_epi64(u1, odd, u3);
    v->l[0] = _mm512_and_si512(w0, mask);
    v->l[1] = _mm512_and_si512(_mm512_srli_epi64(w0, 29), mask);
    v->l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w0, 58), _mm512_slli_epi64(w1, 6)), mask);
    v->l[3] = _mm512_and_si512(_mm512_srli_epi64(w1, 23), mask);
    v->l[4] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w1, 52), _mm512_slli_epi64(w2, 12)), mask);
    v->l[5] = _mm512_and_si512(_mm512_srli_epi64(w2, 17), mask);
    v->l[6] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w2, 46), _mm512_slli_epi64(w3, 18)), mask);
    v->l[7] = _mm512_and_si512(_mm512_srli_epi64(w3, 11), mask);
    v->l[8] = _mm512_srli_epi64(w3, 40);
}

/* The reverse transpose; v normalized and below 2^256. Only lanes set in
 * m are written. */
static inline void v8_store(zkfl_fp *const e[8], __mmask8 m, const v8fp *v)
{
    const __m512i *l = v->l;
    const __m512i lo = _mm512_setr_epi64(0, 2, 8, 10, 1, 3, 9, 11);
    const __m512i hi = _mm512_setr_epi64(4, 6, 12, 14, 5, 7, 13, 15);
    __m512i w0 = _mm512_or_si512(_mm512_or_si512(l[0], _mm512_slli_epi64(l[1], 29)), _mm512_slli_epi64(l[2], 58));
    __m512i w1 = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(l[2], 6), _mm512_slli_epi64(l[3], 23)),
                                 _mm512_slli_epi64(l[4], 52));
    __m512i w2 = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(l[4], 12), _mm512_slli_epi64(l[5], 17)),
                                 _mm512_slli_epi64(l[6], 46));
    __m512i w3 = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(l[6], 18), _mm512_slli_epi64(l[7], 11)),
                                 _mm512_slli_epi64(l[8], 40));
    __m512i u0 = _mm512_permutex2var_epi64(w0, lo, w2), u2 = _mm512_permutex2var_epi64(w0, hi, w2);
    __m512i u1 = _mm512_permutex2var_epi64(w1, lo, w3), u3 = _mm512_permutex2var_epi64(w1, hi, w3);
    __m512i z[4];
    z[0] = _mm512_unpacklo_epi64(u0, u1);
    z[1] = _mm512_unpackhi_epi64(u0, u1);
    z[2] = _mm512_unpacklo_epi64(u2, u3);
    z[3] = _mm512_unpackhi_epi64(u2, u3);
    for (int i = 0; i < 4; i++) {
        if (m & (1u << (2 * i)))
            _mm256_storeu_si256((__m256i *)e[2 * i]->v, _mm512_castsi512_si256(z[i]));
        if (m & (2u << (2 * i)))
            _mm256_storeu_si256((__m256i *)e[2 * i + 1]->v, _mm512_extracti64x4_epi64(z[i], 1));
    }
}

static inline void v8_bcast_fp(v8fp *v, const uint64_t w[4])
{
    const zkfl_fp *e[8];
    zkfl_fp x;
    memcpy(x.v, w, sizeof x.v);
    for (int i = 0; i < 8; i++)
        e[i] = &x;
    v8_load(v, e);
}

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
#endif
