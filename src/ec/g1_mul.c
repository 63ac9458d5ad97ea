/* G1 scalar multiplication.
 *
 * zkfl_g1_mul (secret scalars): the GLV split k = k1 + k2 lambda (glv.c,
 * constant time) into two signed halves below 2^130, whose signs are folded
 * into the bases with conditional negations; then fixed 4-bit windows over
 * 132 bits of both halves at once. Each table entry is fetched by a cmov
 * sweep over all 16 entries and added with the constant-time complete
 * addition, so neither memory access pattern nor branches depend on k.
 *
 * zkfl_g1_mul_vartime (public scalars): GLV split k = k1 + k2 lambda
 * (glv.c), then a joint width-5 NAF ladder over P and phi(P). */
#include <string.h>
#include "ec/ec_impl.h"

#define CT_WINDOW 4
#define CT_ENTRIES (1 << CT_WINDOW)
#define WNAF_W 5
#define WNAF_ENTRIES (1 << (WNAF_W - 2))

#define CT_BITS 132     /* GLV halves are below 2^130 (test_g1 checks the bound) */

static void ct_lookup(zkfl_g1 *out, const zkfl_g1 table[CT_ENTRIES], uint64_t digit)
{
    *out = table[0];
    for (uint64_t j = 1; j < CT_ENTRIES; j++) {
        uint64_t diff = j ^ digit;
        uint64_t hit = ((diff | ((uint64_t)0 - diff)) >> 63) ^ 1;
        zkfl_ec_g1_cmov(out, &table[j], hit);
    }
}

static void cneg(zkfl_g1 *p, uint64_t flag)
{
    zkfl_fp ny;
    ff_fp_neg(&ny, &p->y);
    ff_cmov4(p->y.v, ny.v, flag);
}

void zkfl_g1_mul(zkfl_g1 *r, const zkfl_g1 *p, const zkfl_fr *k)
{
    uint64_t k1[3], k2[3];
    int n1, n2;
    zkfl_g1 t1[CT_ENTRIES], t2[CT_ENTRIES], acc, pick;
    zkfl_ec_glv_decompose(k1, &n1, k2, &n2, k);
    /* t1[i] = i * (+-P), t2[i] = phi(i * (+-P)) negated when the signs differ */
    zkfl_g1_set_infinity(&t1[0]);
    t1[1] = *p;
    cneg(&t1[1], (uint64_t)n1);
    for (int i = 2; i < CT_ENTRIES; i++) {
        if (i % 2 == 0) zkfl_g1_dbl(&t1[i], &t1[i / 2]);
        else zkfl_g1_add(&t1[i], &t1[i - 1], &t1[1]);
    }
    for (int i = 0; i < CT_ENTRIES; i++) {
        ff_fp_mul(&t2[i].x, &t1[i].x, &zkfl_ec_glv_beta);
        t2[i].y = t1[i].y;
        t2[i].z = t1[i].z;
        cneg(&t2[i], (uint64_t)(n1 ^ n2));
    }
    zkfl_g1_set_infinity(&acc);
    for (int i = CT_BITS / CT_WINDOW - 1; i >= 0; i--) {
        for (int j = 0; j < CT_WINDOW; j++) zkfl_g1_dbl(&acc, &acc);
        int limb = (i * CT_WINDOW) / 64, shift = (i * CT_WINDOW) % 64;
        ct_lookup(&pick, t1, (k1[limb] >> shift) & (CT_ENTRIES - 1));
        zkfl_g1_add(&acc, &acc, &pick);
        ct_lookup(&pick, t2, (k2[limb] >> shift) & (CT_ENTRIES - 1));
        zkfl_g1_add(&acc, &acc, &pick);
    }
    *r = acc;
    zkfl_memzero(k1, sizeof k1);
    zkfl_memzero(k2, sizeof k2);
    zkfl_memzero(&n1, sizeof n1);
    zkfl_memzero(&n2, sizeof n2);
    zkfl_memzero(&pick, sizeof pick);
    zkfl_memzero(t1, sizeof t1);
    zkfl_memzero(t2, sizeof t2);
}

/* table[i] = (2i+1) P, Jacobian. */
static void odd_multiples(zkfl_g1 table[WNAF_ENTRIES], const zkfl_g1 *p)
{
    zkfl_g1 twice;
    zkfl_g1_dbl(&twice, p);
    table[0] = *p;
    for (int i = 1; i < WNAF_ENTRIES; i++) zkfl_g1_add_vartime(&table[i], &table[i - 1], &twice);
}

static void add_digit(zkfl_g1 *acc, const zkfl_g1 table[WNAF_ENTRIES], int d)
{
    if (d > 0) {
        zkfl_g1_add_vartime(acc, acc, &table[d >> 1]);
    } else if (d < 0) {
        zkfl_g1 n;
        zkfl_g1_neg(&n, &table[(-d) >> 1]);
        zkfl_g1_add_vartime(acc, acc, &n);
    }
}

void zkfl_ec_g1_mul_plain_vartime(zkfl_g1 *r, const zkfl_g1 *p, const uint64_t *k, size_t limbs)
{
    int8_t digits[64 * 4 + 1];
    zkfl_g1 table[WNAF_ENTRIES], acc;
    if (limbs > 4) limbs = 4;
    size_t len = zkfl_ec_wnaf(digits, k, limbs, WNAF_W);
    odd_multiples(table, p);
    zkfl_g1_set_infinity(&acc);
    for (size_t i = len; i-- > 0;) {
        zkfl_g1_dbl(&acc, &acc);
        add_digit(&acc, table, digits[i]);
    }
    *r = acc;
}

void zkfl_g1_mul_vartime(zkfl_g1 *r, const zkfl_g1 *p, const zkfl_fr *k)
{
    uint64_t k1[3], k2[3];
    int n1, n2;
    int8_t d1[64 * 3 + 1], d2[64 * 3 + 1];
    zkfl_g1 t1[WNAF_ENTRIES], t2[WNAF_ENTRIES], base, acc;

    zkfl_ec_glv_decompose(k1, &n1, k2, &n2, k);
    size_t l1 = zkfl_ec_wnaf(d1, k1, 3, WNAF_W);
    size_t l2 = zkfl_ec_wnaf(d2, k2, 3, WNAF_W);
    if (n1) zkfl_g1_neg(&base, p);
    else base = *p;
    odd_multiples(t1, &base);
    /* phi((2i+1) P) = (beta X, Y, Z); flip the sign when k2's differs */
    for (int i = 0; i < WNAF_ENTRIES; i++) {
        ff_fp_mul(&t2[i].x, &t1[i].x, &zkfl_ec_glv_beta);
        t2[i].y = t1[i].y;
        t2[i].z = t1[i].z;
        if (n1 != n2) ff_fp_neg(&t2[i].y, &t2[i].y);
    }
    zkfl_g1_set_infinity(&acc);
    size_t len = l1 > l2 ? l1 : l2;
    for (size_t i = len; i-- > 0;) {
        zkfl_g1_dbl(&acc, &acc);
        if (i < l1) add_digit(&acc, t1, d1[i]);
        if (i < l2) add_digit(&acc, t2, d2[i]);
    }
    *r = acc;
}
