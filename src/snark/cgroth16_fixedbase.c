/* Fixed-base batch scalar multiplication of the G1 and G2 generators, for
 * the local one-party setup (hundreds of thousands of secret scalars times
 * the same base).
 *
 * A scalar k < 2^254 is recoded into FB_WINDOWS signed digits
 * d_i in [-2^(W-1), 2^(W-1)] with k = sum d_i 2^(W i). The table holds, per
 * window i, the multiples j 2^(W i) G for j = 1..2^(W-1), so
 * k G = sum_i sign(d_i) T[i][|d_i|]: one addition per window and no
 * doubling at all (a comb with one tooth per window). Each entry is fetched
 * by a masked sweep over the whole window row, conditionally negated and
 * added without branches (see g1_madd_distinct for why no doubling case is
 * needed below the top window), so neither branches nor memory accesses
 * depend on the scalar. The Jacobian results of a
 * thread's range are normalized together with one constant-time inversion
 * (Montgomery's trick). */
#include <stdlib.h>
#include <string.h>
#include "snark/cgroth16_internal.h"

#define FB_W 6
#define FB_HALF (1u << (FB_W - 1))                /* entries per window */
#define FB_WINDOWS ((256 + FB_W - 1) / FB_W)      /* 43: the top window never carries out */

struct zkfl_cg_fixed_base {
    zkfl_g1_affine t1[FB_WINDOWS][FB_HALF];
    zkfl_g2_affine t2[FB_WINDOWS][FB_HALF];
};

int zkfl_cg_fixed_base_new(zkfl_cg_fixed_base **out)
{
    if (out == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_cg_fixed_base *fb = malloc(sizeof *fb);
    zkfl_g1 *j1 = malloc(FB_HALF * sizeof *j1);
    zkfl_g2 *j2 = malloc(FB_HALF * sizeof *j2);
    int rc = ZKFL_ERR_NOMEM;
    if (fb == NULL || j1 == NULL || j2 == NULL) goto out;
    zkfl_g1 b1;
    zkfl_g2 b2;
    zkfl_g1_generator(&b1);
    zkfl_g2_generator(&b2);
    /* The generators are public: variable-time additions are fine here. */
    for (int i = 0; i < FB_WINDOWS; i++) {
        j1[0] = b1;
        j2[0] = b2;
        for (unsigned j = 1; j < FB_HALF; j++) {
            zkfl_g1_add_vartime(&j1[j], &j1[j - 1], &b1);
            zkfl_g2_add_vartime(&j2[j], &j2[j - 1], &b2);
        }
        zkfl_g1_dbl(&b1, &j1[FB_HALF - 1]);   /* 2^(W-1) * 2 = 2^W times the window base */
        zkfl_g2_dbl(&b2, &j2[FB_HALF - 1]);
        if ((rc = zkfl_g1_batch_to_affine(fb->t1[i], j1, FB_HALF)) ||
            (rc = zkfl_g2_batch_to_affine(fb->t2[i], j2, FB_HALF)))
            goto out;
    }
    *out = fb;
    fb = NULL;
    rc = 0;
out:
    free(fb);
    free(j1);
    free(j2);
    return rc;
}

void zkfl_cg_fixed_base_free(zkfl_cg_fixed_base *fb) { free(fb); }

/* Signed digits: v = window + carry in [0, 2^W]; v >= 2^(W-1) becomes
 * v - 2^W with a carry into the next window. */
static void recode(int digits[FB_WINDOWS], const zkfl_fr *k)
{
    uint64_t raw[4], carry = 0;
    zkfl_fr_to_raw(raw, k);
    for (int i = 0; i < FB_WINDOWS; i++) {
        unsigned bit = (unsigned)i * FB_W, limb = bit / 64, sh = bit % 64;
        uint64_t v = 0;
        if (limb < 4) {
            v = raw[limb] >> sh;
            if (sh + FB_W > 64 && limb + 1 < 4) v |= raw[limb + 1] << (64 - sh);
        }
        v = (v & ((1u << FB_W) - 1)) + carry;
        carry = (v + FB_HALF) >> FB_W;
        digits[i] = (int)((int64_t)v - (int64_t)(carry << FB_W));
    }
    zkfl_memzero(raw, sizeof raw);
}

/* All-ones when a == b, else zero, without branches. */
static uint64_t mask_eq(uint64_t a, uint64_t b)
{
    uint64_t d = a ^ b;
    return ((d | (0 - d)) >> 63) - 1;
}

static void select_limbs(uint64_t *out, const uint64_t *row, size_t words, unsigned n, uint64_t abs)
{
    memset(out, 0, words * sizeof *out);   /* zero limbs: the point at infinity */
    for (unsigned j = 0; j < n; j++) {
        uint64_t m = mask_eq(abs, j + 1);
        const uint64_t *e = row + (size_t)j * words;
        for (size_t w = 0; w < words; w++) out[w] ^= (out[w] ^ e[w]) & m;
    }
}

/* acc + p for p != acc (madd-2007-bl, 7M + 4S), constant time; either may
 * be infinity. The comb never needs the doubling case before its top
 * window: after windows 0..i-1 the accumulator is m G with
 * |m| < 2^(W i - 1), while the window adds d 2^(W i) G with 1 <= |d| <=
 * 2^(W-1), and both integers lie in (-r/2, r/2) for i < FB_WINDOWS - 1, so
 * they differ mod r. The top window uses the complete addition. */
static void g1_madd_distinct(zkfl_g1 *acc, const zkfl_g1_affine *p)
{
    zkfl_fp z1z1, u2, s2, h, hh, i, j, rr, v, t, x3, y3, z3;
    int ia = zkfl_fp_is_zero(&acc->z);
    int ib = zkfl_fp_is_zero(&p->x) & zkfl_fp_is_zero(&p->y);
    zkfl_fp_sqr(&z1z1, &acc->z);
    zkfl_fp_mul(&u2, &p->x, &z1z1);
    zkfl_fp_mul(&s2, &p->y, &acc->z);
    zkfl_fp_mul(&s2, &s2, &z1z1);
    zkfl_fp_sub(&h, &u2, &acc->x);
    zkfl_fp_sub(&rr, &s2, &acc->y);
    zkfl_fp_sqr(&hh, &h);
    zkfl_fp_dbl(&i, &hh);
    zkfl_fp_dbl(&i, &i);
    zkfl_fp_mul(&j, &h, &i);
    zkfl_fp_dbl(&rr, &rr);
    zkfl_fp_mul(&v, &acc->x, &i);
    zkfl_fp_sqr(&x3, &rr);
    zkfl_fp_sub(&x3, &x3, &j);
    zkfl_fp_dbl(&t, &v);
    zkfl_fp_sub(&x3, &x3, &t);
    zkfl_fp_sub(&t, &v, &x3);
    zkfl_fp_mul(&y3, &rr, &t);
    zkfl_fp_mul(&t, &acc->y, &j);
    zkfl_fp_dbl(&t, &t);
    zkfl_fp_sub(&y3, &y3, &t);
    zkfl_fp_add(&z3, &acc->z, &h);
    zkfl_fp_sqr(&z3, &z3);
    zkfl_fp_sub(&z3, &z3, &z1z1);
    zkfl_fp_sub(&z3, &z3, &hh);
    /* acc at infinity: the sum is p with Z = 1; p at infinity: acc */
    zkfl_fp one;
    zkfl_fp_set_one(&one);
    zkfl_fp_cmov(&x3, &p->x, ia);
    zkfl_fp_cmov(&y3, &p->y, ia);
    zkfl_fp_cmov(&z3, &one, ia);
    zkfl_fp_cmov(&x3, &acc->x, ib);
    zkfl_fp_cmov(&y3, &acc->y, ib);
    zkfl_fp_cmov(&z3, &acc->z, ib);
    acc->x = x3;
    acc->y = y3;
    acc->z = z3;
}

static void g2_madd_distinct(zkfl_g2 *acc, const zkfl_g2_affine *p)
{
    zkfl_fp2 z1z1, u2, s2, h, hh, i, j, rr, v, t, x3, y3, z3;
    int ia = zkfl_fp2_is_zero(&acc->z);
    int ib = zkfl_fp2_is_zero(&p->x) & zkfl_fp2_is_zero(&p->y);
    zkfl_fp2_sqr(&z1z1, &acc->z);
    zkfl_fp2_mul(&u2, &p->x, &z1z1);
    zkfl_fp2_mul(&s2, &p->y, &acc->z);
    zkfl_fp2_mul(&s2, &s2, &z1z1);
    zkfl_fp2_sub(&h, &u2, &acc->x);
    zkfl_fp2_sub(&rr, &s2, &acc->y);
    zkfl_fp2_sqr(&hh, &h);
    zkfl_fp2_dbl(&i, &hh);
    zkfl_fp2_dbl(&i, &i);
    zkfl_fp2_mul(&j, &h, &i);
    zkfl_fp2_dbl(&rr, &rr);
    zkfl_fp2_mul(&v, &acc->x, &i);
    zkfl_fp2_sqr(&x3, &rr);
    zkfl_fp2_sub(&x3, &x3, &j);
    zkfl_fp2_dbl(&t, &v);
    zkfl_fp2_sub(&x3, &x3, &t);
    zkfl_fp2_sub(&t, &v, &x3);
    zkfl_fp2_mul(&y3, &rr, &t);
    zkfl_fp2_mul(&t, &acc->y, &j);
    zkfl_fp2_dbl(&t, &t);
    zkfl_fp2_sub(&y3, &y3, &t);
    zkfl_fp2_add(&z3, &acc->z, &h);
    zkfl_fp2_sqr(&z3, &z3);
    zkfl_fp2_sub(&z3, &z3, &z1z1);
    zkfl_fp2_sub(&z3, &z3, &hh);
    zkfl_fp2 one;
    zkfl_fp2_set_one(&one);
    zkfl_fp2_cmov(&x3, &p->x, ia);
    zkfl_fp2_cmov(&y3, &p->y, ia);
    zkfl_fp2_cmov(&z3, &one, ia);
    zkfl_fp2_cmov(&x3, &acc->x, ib);
    zkfl_fp2_cmov(&y3, &acc->y, ib);
    zkfl_fp2_cmov(&z3, &acc->z, ib);
    acc->x = x3;
    acc->y = y3;
    acc->z = z3;
}

static void g1_one(zkfl_g1 *acc, const zkfl_fr *k, const zkfl_cg_fixed_base *fb)
{
    int d[FB_WINDOWS];
    zkfl_g1_affine p;
    zkfl_fp ny;
    recode(d, k);
    zkfl_g1_set_infinity(acc);
    for (int i = 0; i < FB_WINDOWS; i++) {
        uint64_t s = (uint64_t)((int64_t)d[i] >> 63);         /* all-ones when negative */
        uint64_t abs = ((uint64_t)(int64_t)d[i] ^ s) - s;
        select_limbs((uint64_t *)&p, (const uint64_t *)fb->t1[i], sizeof p / 8, FB_HALF, abs);
        zkfl_fp_neg(&ny, &p.y);
        zkfl_fp_cmov(&p.y, &ny, (int)(s & 1));
        if (i + 1 < FB_WINDOWS) g1_madd_distinct(acc, &p);
        else zkfl_g1_add_affine(acc, acc, &p);
    }
    zkfl_memzero(d, sizeof d);
    zkfl_memzero(&p, sizeof p);
}

static void g2_one(zkfl_g2 *acc, const zkfl_fr *k, const zkfl_cg_fixed_base *fb)
{
    int d[FB_WINDOWS];
    zkfl_g2_affine p;
    zkfl_fp2 ny;
    recode(d, k);
    zkfl_g2_set_infinity(acc);
    for (int i = 0; i < FB_WINDOWS; i++) {
        uint64_t s = (uint64_t)((int64_t)d[i] >> 63);
        uint64_t abs = ((uint64_t)(int64_t)d[i] ^ s) - s;
        select_limbs((uint64_t *)&p, (const uint64_t *)fb->t2[i], sizeof p / 8, FB_HALF, abs);
        zkfl_fp2_neg(&ny, &p.y);
        zkfl_fp2_cmov(&p.y, &ny, (int)(s & 1));
        if (i + 1 < FB_WINDOWS) g2_madd_distinct(acc, &p);
        else zkfl_g2_add_affine(acc, acc, &p);
    }
    zkfl_memzero(d, sizeof d);
    zkfl_memzero(&p, sizeof p);
}

typedef struct {
    const zkfl_fr *k;
    const uint8_t *skip;
    const zkfl_cg_fixed_base *fb;
    void *out;        /* zkfl_g1_affine or zkfl_g2_affine */
    void *jac;        /* zkfl_g1 or zkfl_g2, n entries */
    void *pre;        /* zkfl_fp or zkfl_fp2 prefix products, n entries */
    int g2;
} fb_job;

/* Affine from Jacobian for [b, e) with one constant-time inversion; a zero
 * Z (infinity) takes part as one and comes out as (0, 0). */
static void normalize_g1(zkfl_g1_affine *out, const zkfl_g1 *p, zkfl_fp *pre, size_t n)
{
    zkfl_fp one, acc, z, inv, zi, zi2, zi3;
    zkfl_fp_set_one(&one);
    acc = one;
    for (size_t i = 0; i < n; i++) {
        z = p[i].z;
        zkfl_fp_cmov(&z, &one, zkfl_fp_is_zero(&p[i].z));
        pre[i] = acc;
        zkfl_fp_mul(&acc, &acc, &z);
    }
    zkfl_fp_inv(&inv, &acc);   /* constant time: Z depends on the secrets */
    for (size_t i = n; i-- > 0;) {
        z = p[i].z;
        int inf = zkfl_fp_is_zero(&z);
        zkfl_fp_cmov(&z, &one, inf);
        zkfl_fp_mul(&zi, &inv, &pre[i]);
        zkfl_fp_mul(&inv, &inv, &z);
        zkfl_fp_sqr(&zi2, &zi);
        zkfl_fp_mul(&zi3, &zi2, &zi);
        zkfl_fp_mul(&out[i].x, &p[i].x, &zi2);
        zkfl_fp_mul(&out[i].y, &p[i].y, &zi3);
        zkfl_fp zero;
        zkfl_fp_set_zero(&zero);
        zkfl_fp_cmov(&out[i].x, &zero, inf);
        zkfl_fp_cmov(&out[i].y, &zero, inf);
    }
    zkfl_memzero(&acc, sizeof acc);
    zkfl_memzero(&inv, sizeof inv);
}

static void normalize_g2(zkfl_g2_affine *out, const zkfl_g2 *p, zkfl_fp2 *pre, size_t n)
{
    zkfl_fp2 one, acc, z, inv, zi, zi2, zi3, zero;
    zkfl_fp2_set_one(&one);
    zkfl_fp2_set_zero(&zero);
    acc = one;
    for (size_t i = 0; i < n; i++) {
        z = p[i].z;
        zkfl_fp2_cmov(&z, &one, zkfl_fp2_is_zero(&p[i].z));
        pre[i] = acc;
        zkfl_fp2_mul(&acc, &acc, &z);
    }
    zkfl_fp2_inv(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        z = p[i].z;
        int inf = zkfl_fp2_is_zero(&z);
        zkfl_fp2_cmov(&z, &one, inf);
        zkfl_fp2_mul(&zi, &inv, &pre[i]);
        zkfl_fp2_mul(&inv, &inv, &z);
        zkfl_fp2_sqr(&zi2, &zi);
        zkfl_fp2_mul(&zi3, &zi2, &zi);
        zkfl_fp2_mul(&out[i].x, &p[i].x, &zi2);
        zkfl_fp2_mul(&out[i].y, &p[i].y, &zi3);
        zkfl_fp2_cmov(&out[i].x, &zero, inf);
        zkfl_fp2_cmov(&out[i].y, &zero, inf);
    }
    zkfl_memzero(&acc, sizeof acc);
    zkfl_memzero(&inv, sizeof inv);
}

static void fb_range(void *ctx, size_t b, size_t e, int worker)
{
    (void)worker;
    fb_job *j = ctx;
    if (!j->g2) {
        zkfl_g1 *jac = (zkfl_g1 *)j->jac;
        for (size_t i = b; i < e; i++) {
            if (j->skip != NULL && j->skip[i]) zkfl_g1_set_infinity(&jac[i]);
            else g1_one(&jac[i], &j->k[i], j->fb);
        }
        normalize_g1((zkfl_g1_affine *)j->out + b, jac + b, (zkfl_fp *)j->pre + b, e - b);
    } else {
        zkfl_g2 *jac = (zkfl_g2 *)j->jac;
        for (size_t i = b; i < e; i++) {
            if (j->skip != NULL && j->skip[i]) zkfl_g2_set_infinity(&jac[i]);
            else g2_one(&jac[i], &j->k[i], j->fb);
        }
        normalize_g2((zkfl_g2_affine *)j->out + b, jac + b, (zkfl_fp2 *)j->pre + b, e - b);
    }
}

static int fb_batch(void *out, const zkfl_fr *k, const uint8_t *skip, size_t n, const zkfl_cg_fixed_base *fb,
                    int threads, int g2)
{
    if (n == 0) return 0;
    if (out == NULL || k == NULL || fb == NULL) return ZKFL_ERR_INVALID_ARG;
    size_t jac_size = g2 ? sizeof(zkfl_g2) : sizeof(zkfl_g1), pre_size = g2 ? sizeof(zkfl_fp2) : sizeof(zkfl_fp);
    void *jac = malloc(n * jac_size), *pre = malloc(n * pre_size);
    int rc = ZKFL_ERR_NOMEM;
    if (jac != NULL && pre != NULL) {
        fb_job j = {k, skip, fb, out, jac, pre, g2};
        rc = zkfl_parallel_for(n, n < 64 ? 1 : threads, fb_range, &j);
    }
    if (jac != NULL) zkfl_memzero(jac, n * jac_size);
    if (pre != NULL) zkfl_memzero(pre, n * pre_size);
    free(jac);
    free(pre);
    return rc;
}

int zkfl_cg_fixed_base_g1(zkfl_g1_affine *out, const zkfl_fr *k, const uint8_t *skip, size_t n,
                          const zkfl_cg_fixed_base *fb, int threads)
{
    return fb_batch(out, k, skip, n, fb, threads, 0);
}

int zkfl_cg_fixed_base_g2(zkfl_g2_affine *out, const zkfl_fr *k, const uint8_t *skip, size_t n,
                          const zkfl_cg_fixed_base *fb, int threads)
{
    return fb_batch(out, k, skip, n, fb, threads, 1);
}
