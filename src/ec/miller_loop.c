/* The Miller loop of the BN254 optimal ate pairing:
 *   f = f_{6x+2,Q}(P) * l_{[6x+2]Q, pi(Q)}(P) * l_{[6x+2]Q + pi(Q), -pi^2(Q)}(P)
 * with the loop count in NAF form, the twist point R kept in homogeneous
 * projective coordinates (no inversions), and every line folded into f with
 * a sparse multiplication. Several pairs share one chain of Fp12 squarings.
 *
 * The line scalings follow the usual D-type convention (arkworks, gnark,
 * noble): lines are correct up to Fp2 factors, which the final
 * exponentiation maps to 1, so the reduced pairing matches other libraries. */
#include <stdlib.h>
#include <string.h>
#include "ec/pairing_internal.h"
#include "ff/tower_impl.h"

/* 6x+2 = 29793968203157093288 as non-adjacent form, most significant first. */
const signed char pairing_ate_naf[PAIRING_ATE_NAF_LEN] = {
    1, 0, -1, 0, 1, 0, 0, 0, -1, 0, -1, 0, 0, 0, -1, 0, 1, 0, -1, 0, 0, -1,
    0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1, 0, 0, -1, 0, 0, 0, 0, -1, 0, 1, 0,
    0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0, -1, 0, 0, -1, 0, 1, 0, 1, 0, 0, 0};

/* Constants in Montgomery form (a * 2^256 mod p), little-endian limbs. */
/* 3 * b' = 3 * 3/(9+u), the twist's curve constant times 3. */
static const zkfl_fp2 TWIST_B3 = {
    {{0x3baa927cb62e0d6aULL, 0xd71e7c52d1b664fdULL, 0x03873e63d95d4664ULL, 0x0e75b5b1082ab8f4ULL}},
    {{0xaab7c6667596fe35ULL, 0x31d21a78bb6a27baULL, 0x85dd7297680401ffULL, 0x03c52d6adf39a7e9ULL}}};
/* xi^((p-1)/3) and xi^((p-1)/2), xi = 9+u: the twist's Frobenius factors. */
static const zkfl_fp2 FROB_X = {
    {{0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL}},
    {{0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL, 0x26694fbb4e82ebc3ULL}}};
static const zkfl_fp2 FROB_Y = {
    {{0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL}},
    {{0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL, 0x2c87200285defeccULL}}};
/* xi^((p^2-1)/3), an element of Fp (xi^((p^2-1)/2) is -1). */
static const zkfl_fp FROB2_X =
    {{0x3350c88e13e80b9cULL, 0x7dce557cdb5e56b9ULL, 0x6001b4b8b615564aULL, 0x2682e617020217e0ULL}};

/* a/2: halving the Montgomery representation halves the value. */
static inline void fp2_half(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    ff_half_mod(r->c0.v, a->c0.v, ff_fp_modulus.m);
    ff_half_mod(r->c1.v, a->c1.v, ff_fp_modulus.m);
}

static inline void fp2_mul_fp(zkfl_fp2 *r, const zkfl_fp2 *a, const zkfl_fp *b)
{
    ff_fp_mul(&r->c0, &a->c0, b);
    ff_fp_mul(&r->c1, &a->c1, b);
}

static inline void fp2_conj(zkfl_fp2 *r, const zkfl_fp2 *a)
{
    r->c0 = a->c0;
    ff_fp_neg(&r->c1, &a->c1);
}

void pairing_dbl_step(pairing_line_coeffs *l, pairing_g2_proj *r)
{
    zkfl_fp2 a, b, c, e, f, g, h, i, j, e2, t;
    ff_fp2_mul(&a, &r->x, &r->y);
    fp2_half(&a, &a);                     /* a = XY/2 */
    ff_fp2_sqr(&b, &r->y);              /* b = Y^2 */
    ff_fp2_sqr(&c, &r->z);              /* c = Z^2 */
    ff_fp2_mul(&e, &c, &TWIST_B3);      /* e = 3b'Z^2 */
    ff_fp2_dbl(&f, &e);
    ff_fp2_add(&f, &f, &e);             /* f = 3e */
    ff_fp2_add(&g, &b, &f);
    fp2_half(&g, &g);                     /* g = (b + f)/2 */
    ff_fp2_add(&h, &r->y, &r->z);
    ff_fp2_sqr(&h, &h);
    ff_fp2_add(&t, &b, &c);
    ff_fp2_sub(&h, &h, &t);             /* h = 2YZ */
    ff_fp2_sub(&i, &e, &b);             /* i = 3b'Z^2 - Y^2 */
    ff_fp2_sqr(&j, &r->x);              /* j = X^2 */
    ff_fp2_sqr(&e2, &e);

    ff_fp2_sub(&t, &b, &f);
    ff_fp2_mul(&r->x, &a, &t);          /* X' = XY(Y^2 - 9b'Z^2)/2 */
    ff_fp2_sqr(&g, &g);
    ff_fp2_dbl(&t, &e2);
    ff_fp2_add(&t, &t, &e2);
    ff_fp2_sub(&r->y, &g, &t);          /* Y' = g^2 - 3e^2 */
    ff_fp2_mul(&r->z, &b, &h);          /* Z' = 2Y^3 Z */

    /* Tangent at R scaled by 2YZ: -2YZ yP + 3X^2 xP w + (3b'Z^2 - Y^2) v w. */
    ff_fp2_neg(&l->a, &h);
    ff_fp2_dbl(&l->b, &j);
    ff_fp2_add(&l->b, &l->b, &j);
    l->c = i;
}

void pairing_add_step(pairing_line_coeffs *l, pairing_g2_proj *r, const zkfl_g2_affine *q)
{
    zkfl_fp2 theta, lambda, c, d, e, f, g, h, t;
    ff_fp2_mul(&t, &q->y, &r->z);
    ff_fp2_sub(&theta, &r->y, &t);      /* theta = Y - qy Z */
    ff_fp2_mul(&t, &q->x, &r->z);
    ff_fp2_sub(&lambda, &r->x, &t);     /* lambda = X - qx Z */
    ff_fp2_sqr(&c, &theta);
    ff_fp2_sqr(&d, &lambda);
    ff_fp2_mul(&e, &lambda, &d);        /* lambda^3 */
    ff_fp2_mul(&f, &r->z, &c);
    ff_fp2_mul(&g, &r->x, &d);
    ff_fp2_add(&h, &e, &f);
    ff_fp2_sub(&h, &h, &g);
    ff_fp2_sub(&h, &h, &g);             /* h = e + f - 2g */
    ff_fp2_mul(&r->x, &lambda, &h);
    ff_fp2_sub(&t, &g, &h);
    ff_fp2_mul(&t, &theta, &t);
    ff_fp2_mul(&g, &e, &r->y);
    ff_fp2_sub(&r->y, &t, &g);
    ff_fp2_mul(&r->z, &r->z, &e);

    /* Chord through R and Q scaled by lambda:
     * lambda yP - theta xP w + (theta qx - lambda qy) v w. */
    l->a = lambda;
    ff_fp2_neg(&l->b, &theta);
    ff_fp2_mul(&t, &theta, &q->x);
    ff_fp2_mul(&c, &lambda, &q->y);
    ff_fp2_sub(&l->c, &t, &c);
}

void pairing_g2_frobenius(zkfl_g2_affine *r, const zkfl_g2_affine *q)
{
    zkfl_fp2 x, y;
    fp2_conj(&x, &q->x);
    fp2_conj(&y, &q->y);
    ff_fp2_mul(&r->x, &x, &FROB_X);
    ff_fp2_mul(&r->y, &y, &FROB_Y);
}

void pairing_g2_neg_frobenius2(zkfl_g2_affine *r, const zkfl_g2_affine *q)
{
    fp2_mul_fp(&r->x, &q->x, &FROB2_X);
    r->y = q->y;
}

/* The pairs one loop works on: at most this many share the squarings;
 * longer lists run in chunks whose results are multiplied (no allocation). */
#define MILLER_CHUNK 16

struct miller_pair {
    zkfl_g1_affine p;
    zkfl_g2_affine q, neg_q;
    pairing_g2_proj r;
};

void pairing_fold_line(zkfl_fp12 *f, int *f_is_one, const pairing_line_coeffs *l,
                       const zkfl_g1_affine *p)
{
    zkfl_fp2 c0, c3;
    fp2_mul_fp(&c0, &l->a, &p->y);
    fp2_mul_fp(&c3, &l->b, &p->x);
    if (*f_is_one) {
        zkfl_fp6_set_zero(&f->c0);
        zkfl_fp6_set_zero(&f->c1);
        f->c0.c0 = c0;
        f->c1.c0 = c3;
        f->c1.c1 = l->c;
        *f_is_one = 0;
        return;
    }
    pairing_fp12_mul_by_034(f, &c0, &c3, &l->c);
}

/* A prepared pair takes part unless P or Q is the point at infinity. */
static int prepared_active(const zkfl_g1_affine *pp, const zkfl_g2_prepared *const *qp, size_t j)
{
    return !qp[j]->infinity && !zkfl_g1_affine_is_infinity(&pp[j]);
}

/* One shared loop over up to MILLER_CHUNK pairs (p, q) whose lines are
 * computed here, plus np pairs (pp, qp) whose lines were precomputed. */
static void miller_chunk(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n,
                         const zkfl_g1_affine *pp, const zkfl_g2_prepared *const *qp, size_t np)
{
    struct miller_pair pairs[MILLER_CHUNK];
    size_t m = 0, active_prepared = 0;
    pairing_line_coeffs l;
    zkfl_fp12 f;
    int f_is_one = 1;
    size_t li = 0; /* index into the prepared lines, in loop order */

    /* A pair with a point at infinity contributes the factor 1. */
    for (size_t k = 0; k < n; k++) {
        if (zkfl_g1_affine_is_infinity(&p[k]) || zkfl_g2_affine_is_infinity(&q[k]))
            continue;
        pairs[m].p = p[k];
        pairs[m].q = q[k];
        ff_fp2_neg(&pairs[m].neg_q.y, &q[k].y);
        pairs[m].neg_q.x = q[k].x;
        pairs[m].r.x = q[k].x;
        pairs[m].r.y = q[k].y;
        zkfl_fp2_set_one(&pairs[m].r.z);
        m++;
    }
    for (size_t j = 0; j < np; j++)
        active_prepared += (size_t)prepared_active(pp, qp, j);
    zkfl_fp12_set_one(&f);

    for (int i = 1; i < PAIRING_ATE_NAF_LEN && m + active_prepared > 0; i++) {
        if (!f_is_one)
            zkfl_fp12_sqr(&f, &f);
        for (size_t k = 0; k < m; k++) {
            pairing_dbl_step(&l, &pairs[k].r);
            pairing_fold_line(&f, &f_is_one, &l, &pairs[k].p);
        }
        for (size_t j = 0; j < np; j++)
            if (prepared_active(pp, qp, j))
                pairing_fold_line(&f, &f_is_one, &qp[j]->lines[li], &pp[j]);
        li++;
        int digit = pairing_ate_naf[i];
        if (digit == 0)
            continue;
        for (size_t k = 0; k < m; k++) {
            pairing_add_step(&l, &pairs[k].r, digit > 0 ? &pairs[k].q : &pairs[k].neg_q);
            pairing_fold_line(&f, &f_is_one, &l, &pairs[k].p);
        }
        for (size_t j = 0; j < np; j++)
            if (prepared_active(pp, qp, j))
                pairing_fold_line(&f, &f_is_one, &qp[j]->lines[li], &pp[j]);
        li++;
    }
    /* The two Frobenius lines of the optimal ate pairing (x > 0 for BN254,
     * so f needs no conjugation first). */
    for (size_t k = 0; k < m; k++) {
        zkfl_g2_affine q1, q2;
        pairing_g2_frobenius(&q1, &pairs[k].q);
        pairing_g2_neg_frobenius2(&q2, &pairs[k].q);
        pairing_add_step(&l, &pairs[k].r, &q1);
        pairing_fold_line(&f, &f_is_one, &l, &pairs[k].p);
        pairing_add_step(&l, &pairs[k].r, &q2);
        pairing_fold_line(&f, &f_is_one, &l, &pairs[k].p);
    }
    for (size_t j = 0; j < np; j++) {
        if (!prepared_active(pp, qp, j))
            continue;
        pairing_fold_line(&f, &f_is_one, &qp[j]->lines[li], &pp[j]);
        pairing_fold_line(&f, &f_is_one, &qp[j]->lines[li + 1], &pp[j]);
    }
    *out = f;
}

/* Dynamic pairs go through the loop in chunks (bounded stack state); the
 * prepared pairs, which need no state, ride along in the first chunk. */
static void miller_loop_all(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q,
                            size_t n, const zkfl_g1_affine *pp, const zkfl_g2_prepared *const *qp,
                            size_t np)
{
    zkfl_fp12 f, g;
    size_t start = 0;
    do {
        size_t len = n - start < MILLER_CHUNK ? n - start : MILLER_CHUNK;
        miller_chunk(&g, p + start, q + start, len, pp, qp, start == 0 ? np : 0);
        if (start == 0)
            f = g;
        else
            zkfl_fp12_mul(&f, &f, &g);
        start += len;
    } while (start < n);
    *out = f;
}

void zkfl_miller_loop(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n)
{
    miller_loop_all(out, p, q, n, NULL, NULL, 0);
}

int zkfl_miller_loop_prepared(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q,
                              size_t n, const zkfl_g1_affine *pp,
                              const zkfl_g2_prepared *const *qp, size_t np)
{
    if (out == NULL || (n > 0 && (p == NULL || q == NULL)) || (np > 0 && (pp == NULL || qp == NULL)))
        return ZKFL_ERR_INVALID_ARG;
    for (size_t j = 0; j < np; j++)
        if (qp[j] == NULL)
            return ZKFL_ERR_INVALID_ARG;
    miller_loop_all(out, p, q, n, pp, qp, np);
    return 0;
}

int zkfl_g2_prepare(zkfl_g2_prepared **out, const zkfl_g2_affine *q)
{
    if (out == NULL || q == NULL)
        return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_g2_prepared *prep = malloc(sizeof *prep);
    if (prep == NULL)
        return ZKFL_ERR_NOMEM;
    prep->infinity = zkfl_g2_affine_is_infinity(q);
    if (prep->infinity) {
        memset(prep->lines, 0, sizeof prep->lines);
        *out = prep;
        return 0;
    }
    /* The same steps as miller_chunk, recording the lines. */
    pairing_g2_proj r;
    zkfl_g2_affine neg_q, q1, q2;
    size_t li = 0;
    r.x = q->x;
    r.y = q->y;
    zkfl_fp2_set_one(&r.z);
    neg_q.x = q->x;
    ff_fp2_neg(&neg_q.y, &q->y);
    for (int i = 1; i < PAIRING_ATE_NAF_LEN; i++) {
        pairing_dbl_step(&prep->lines[li++], &r);
        if (pairing_ate_naf[i] != 0)
            pairing_add_step(&prep->lines[li++], &r, pairing_ate_naf[i] > 0 ? q : &neg_q);
    }
    pairing_g2_frobenius(&q1, q);
    pairing_g2_neg_frobenius2(&q2, q);
    pairing_add_step(&prep->lines[li++], &r, &q1);
    pairing_add_step(&prep->lines[li++], &r, &q2);
    if (li != PAIRING_LINE_COUNT) {
        free(prep);
        return ZKFL_ERR_INTERNAL;
    }
    *out = prep;
    return 0;
}

void zkfl_g2_prepared_free(zkfl_g2_prepared *prep)
{
    free(prep);
}
