/* Modular inversion by Bernstein-Yang "safegcd" divsteps, in the form
 * worked out for libsecp256k1 (src/modinv64_impl.h, MIT licence; see
 * doc/safegcd_implementation.md there): numbers are 5 signed 62-bit limbs,
 * batches of divsteps run on the low limbs only and produce a 2x2
 * transition matrix that is then applied to the full-size f, g, d, e.
 *
 * - ff_inv_safegcd_ct: 10 batches of 59 branch-free divsteps (590 >= the
 *   proven bound for 256-bit inputs), timing independent of the value.
 * - ff_inv_safegcd_vartime: batches of 62 divsteps that skip runs of zero
 *   bits and stop as soon as g = 0.
 *
 * Both compute x^-1 mod m for the integer x (0 maps to 0). */
#include "ff/ff_generic.h"

typedef __int128 ff_i128;

typedef struct { int64_t v[5]; } s62;
typedef struct { int64_t u, v, q, r; } trans2x2;
typedef struct { s62 modulus; uint64_t modulus_inv62; } modinfo;

static const uint64_t M62 = UINT64_MAX >> 2;

static void to_s62(s62 *r, const uint64_t a[4])
{
    r->v[0] = (int64_t)(a[0] & M62);
    r->v[1] = (int64_t)((a[0] >> 62 | a[1] << 2) & M62);
    r->v[2] = (int64_t)((a[1] >> 60 | a[2] << 4) & M62);
    r->v[3] = (int64_t)((a[2] >> 58 | a[3] << 6) & M62);
    r->v[4] = (int64_t)(a[3] >> 56);
}

static void from_s62(uint64_t r[4], const s62 *a)
{
    const uint64_t a0 = (uint64_t)a->v[0], a1 = (uint64_t)a->v[1], a2 = (uint64_t)a->v[2];
    const uint64_t a3 = (uint64_t)a->v[3], a4 = (uint64_t)a->v[4];
    r[0] = a0 | a1 << 62;
    r[1] = a1 >> 2 | a2 << 60;
    r[2] = a2 >> 4 | a3 << 58;
    r[3] = a3 >> 6 | a4 << 56;
}

static void get_modinfo(modinfo *mi, const ff_modulus *f)
{
    to_s62(&mi->modulus, f->m);
    /* n0 = -m^-1 mod 2^64, so m^-1 mod 2^62 = -n0 mod 2^62 */
    mi->modulus_inv62 = ((uint64_t)0 - f->n0) & M62;
}

/* 59 constant-time divsteps on the low bits of f, g; matrix scaled by 2^62
 * (it starts at 8 = 2^3 and doubles 59 times). zeta = -(delta + 1/2). */
static int64_t divsteps_59(int64_t zeta, uint64_t f0, uint64_t g0, trans2x2 *t)
{
    uint64_t u = 8, v = 0, q = 0, r = 8;
    volatile uint64_t c1, c2;
    uint64_t mask1, mask2, f = f0, g = g0, x, y, z;
    for (int i = 3; i < 62; ++i) {
        c1 = (uint64_t)(zeta >> 63);
        mask1 = c1;
        c2 = g & 1;
        mask2 = (uint64_t)0 - c2;
        x = (f ^ mask1) - mask1;
        y = (u ^ mask1) - mask1;
        z = (v ^ mask1) - mask1;
        g += x & mask2;
        q += y & mask2;
        r += z & mask2;
        mask1 &= mask2;
        zeta = (zeta ^ (int64_t)mask1) - 1;
        f += g & mask1;
        u += q & mask1;
        v += r & mask1;
        g >>= 1;
        u <<= 1;
        v <<= 1;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return zeta;
}

/* Up to 62 divsteps, skipping runs of zeros (variable time). eta = -delta. */
static int64_t divsteps_62_var(int64_t eta, uint64_t f0, uint64_t g0, trans2x2 *t)
{
    uint64_t u = 1, v = 0, q = 0, r = 1;
    uint64_t f = f0, g = g0, m;
    uint32_t w;
    int i = 62, limit, zeros;
    for (;;) {
        /* a sentinel bit stops the count at i */
        zeros = __builtin_ctzll(g | (UINT64_MAX << i));
        g >>= zeros;
        u <<= zeros;
        v <<= zeros;
        eta -= zeros;
        i -= zeros;
        if (i == 0)
            break;
        if (eta < 0) {
            uint64_t tmp;
            eta = -eta;
            tmp = f; f = g; g = (uint64_t)0 - tmp;
            tmp = u; u = q; q = (uint64_t)0 - tmp;
            tmp = v; v = r; r = (uint64_t)0 - tmp;
            /* cancel up to 6 bits of g at once */
            limit = ((int)eta + 1) > i ? i : ((int)eta + 1);
            m = (UINT64_MAX >> (64 - limit)) & 63U;
            w = (uint32_t)((f * g * (f * f - 2)) & m);
        } else {
            /* cancel up to 4 bits of g */
            limit = ((int)eta + 1) > i ? i : ((int)eta + 1);
            m = (UINT64_MAX >> (64 - limit)) & 15U;
            w = (uint32_t)(f + (((f + 1) & 4) << 1));
            w = (uint32_t)(((uint64_t)0 - w * g) & m);
        }
        g += f * w;
        q += u * w;
        r += v * w;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return eta;
}

/* [d, e] <- t [d, e] / 2^62 mod m, adding multiples of m so the low 62
 * bits vanish. Inputs and outputs in (-2m, m). */
static void update_de_62(s62 *d, s62 *e, const trans2x2 *t, const modinfo *mi)
{
    const int64_t d0 = d->v[0], d1 = d->v[1], d2 = d->v[2], d3 = d->v[3], d4 = d->v[4];
    const int64_t e0 = e->v[0], e1 = e->v[1], e2 = e->v[2], e3 = e->v[3], e4 = e->v[4];
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    const int64_t *mv = mi->modulus.v;
    int64_t md, me, sd, se;
    ff_i128 cd, ce;
    sd = d4 >> 63;
    se = e4 >> 63;
    md = (u & sd) + (v & se);
    me = (q & sd) + (r & se);
    cd = (ff_i128)u * d0 + (ff_i128)v * e0;
    ce = (ff_i128)q * d0 + (ff_i128)r * e0;
    md -= (int64_t)((mi->modulus_inv62 * (uint64_t)cd + (uint64_t)md) & M62);
    me -= (int64_t)((mi->modulus_inv62 * (uint64_t)ce + (uint64_t)me) & M62);
    cd += (ff_i128)mv[0] * md;
    ce += (ff_i128)mv[0] * me;
    cd >>= 62;
    ce >>= 62;
    cd += (ff_i128)u * d1 + (ff_i128)v * e1 + (ff_i128)mv[1] * md;
    ce += (ff_i128)q * d1 + (ff_i128)r * e1 + (ff_i128)mv[1] * me;
    d->v[0] = (int64_t)((uint64_t)cd & M62);
    cd >>= 62;
    e->v[0] = (int64_t)((uint64_t)ce & M62);
    ce >>= 62;
    cd += (ff_i128)u * d2 + (ff_i128)v * e2 + (ff_i128)mv[2] * md;
    ce += (ff_i128)q * d2 + (ff_i128)r * e2 + (ff_i128)mv[2] * me;
    d->v[1] = (int64_t)((uint64_t)cd & M62);
    cd >>= 62;
    e->v[1] = (int64_t)((uint64_t)ce & M62);
    ce >>= 62;
    cd += (ff_i128)u * d3 + (ff_i128)v * e3 + (ff_i128)mv[3] * md;
    ce += (ff_i128)q * d3 + (ff_i128)r * e3 + (ff_i128)mv[3] * me;
    d->v[2] = (int64_t)((uint64_t)cd & M62);
    cd >>= 62;
    e->v[2] = (int64_t)((uint64_t)ce & M62);
    ce >>= 62;
    cd += (ff_i128)u * d4 + (ff_i128)v * e4 + (ff_i128)mv[4] * md;
    ce += (ff_i128)q * d4 + (ff_i128)r * e4 + (ff_i128)mv[4] * me;
    d->v[3] = (int64_t)((uint64_t)cd & M62);
    cd >>= 62;
    e->v[3] = (int64_t)((uint64_t)ce & M62);
    ce >>= 62;
    d->v[4] = (int64_t)cd;
    e->v[4] = (int64_t)ce;
}

/* [f, g] <- t [f, g] / 2^62 (exact), on the low len limbs. */
static void update_fg_62(int len, s62 *f, s62 *g, const trans2x2 *t)
{
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    int64_t fi = f->v[0], gi = g->v[0];
    ff_i128 cf = (ff_i128)u * fi + (ff_i128)v * gi;
    ff_i128 cg = (ff_i128)q * fi + (ff_i128)r * gi;
    cf >>= 62;
    cg >>= 62;
    for (int i = 1; i < len; ++i) {
        fi = f->v[i];
        gi = g->v[i];
        cf += (ff_i128)u * fi + (ff_i128)v * gi;
        cg += (ff_i128)q * fi + (ff_i128)r * gi;
        f->v[i - 1] = (int64_t)((uint64_t)cf & M62);
        cf >>= 62;
        g->v[i - 1] = (int64_t)((uint64_t)cg & M62);
        cg >>= 62;
    }
    f->v[len - 1] = (int64_t)cf;
    g->v[len - 1] = (int64_t)cg;
}

/* r in (-2m, m) -> r * sign(sign) mod m in [0, m), constant time. */
static void normalize_62(s62 *r, int64_t sign, const modinfo *mi)
{
    const int64_t m62 = (int64_t)M62;
    const int64_t *mv = mi->modulus.v;
    int64_t r0 = r->v[0], r1 = r->v[1], r2 = r->v[2], r3 = r->v[3], r4 = r->v[4];
    volatile int64_t cond_add, cond_negate;
    cond_add = r4 >> 63;
    r0 += mv[0] & cond_add;
    r1 += mv[1] & cond_add;
    r2 += mv[2] & cond_add;
    r3 += mv[3] & cond_add;
    r4 += mv[4] & cond_add;
    cond_negate = sign >> 63;
    r0 = (r0 ^ cond_negate) - cond_negate;
    r1 = (r1 ^ cond_negate) - cond_negate;
    r2 = (r2 ^ cond_negate) - cond_negate;
    r3 = (r3 ^ cond_negate) - cond_negate;
    r4 = (r4 ^ cond_negate) - cond_negate;
    r1 += r0 >> 62; r0 &= m62;
    r2 += r1 >> 62; r1 &= m62;
    r3 += r2 >> 62; r2 &= m62;
    r4 += r3 >> 62; r3 &= m62;
    cond_add = r4 >> 63;
    r0 += mv[0] & cond_add;
    r1 += mv[1] & cond_add;
    r2 += mv[2] & cond_add;
    r3 += mv[3] & cond_add;
    r4 += mv[4] & cond_add;
    r1 += r0 >> 62; r0 &= m62;
    r2 += r1 >> 62; r1 &= m62;
    r3 += r2 >> 62; r2 &= m62;
    r4 += r3 >> 62; r3 &= m62;
    r->v[0] = r0;
    r->v[1] = r1;
    r->v[2] = r2;
    r->v[3] = r3;
    r->v[4] = r4;
}

void ff_inv_safegcd_ct(uint64_t r[4], const uint64_t x[4], const ff_modulus *fm)
{
    modinfo mi;
    get_modinfo(&mi, fm);
    s62 d = { { 0, 0, 0, 0, 0 } }, e = { { 1, 0, 0, 0, 0 } }, f = mi.modulus, g;
    to_s62(&g, x);
    int64_t zeta = -1;
    for (int i = 0; i < 10; ++i) {
        trans2x2 t;
        zeta = divsteps_59(zeta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
        update_de_62(&d, &e, &t, &mi);
        update_fg_62(5, &f, &g, &t);
    }
    /* g = 0 now and f = +-1 (x invertible) or f = +-m (x = 0, then d = 0) */
    normalize_62(&d, f.v[4], &mi);
    from_s62(r, &d);
    zkfl_memzero(&d, sizeof d);
    zkfl_memzero(&e, sizeof e);
    zkfl_memzero(&f, sizeof f);
    zkfl_memzero(&g, sizeof g);
}

void ff_inv_safegcd_vartime(uint64_t r[4], const uint64_t x[4], const ff_modulus *fm)
{
    modinfo mi;
    get_modinfo(&mi, fm);
    s62 d = { { 0, 0, 0, 0, 0 } }, e = { { 1, 0, 0, 0, 0 } }, f = mi.modulus, g;
    to_s62(&g, x);
    int len = 5;
    int64_t eta = -1, cond, fn, gn;
    for (;;) {
        trans2x2 t;
        eta = divsteps_62_var(eta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
        update_de_62(&d, &e, &t, &mi);
        update_fg_62(len, &f, &g, &t);
        if (g.v[0] == 0) {
            cond = 0;
            for (int j = 1; j < len; ++j)
                cond |= g.v[j];
            if (cond == 0)
                break;
        }
        /* shrink when the top limbs of f and g are both 0 or -1 */
        fn = f.v[len - 1];
        gn = g.v[len - 1];
        cond = ((int64_t)len - 2) >> 63;
        cond |= fn ^ (fn >> 63);
        cond |= gn ^ (gn >> 63);
        if (cond == 0) {
            f.v[len - 2] |= (int64_t)((uint64_t)fn << 62);
            g.v[len - 2] |= (int64_t)((uint64_t)gn << 62);
            --len;
        }
    }
    normalize_62(&d, f.v[len - 1], &mi);
    from_s62(r, &d);
}
