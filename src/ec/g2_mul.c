/* G2 scalar multiplication.
 *
 * zkfl_g2_mul (secret scalars): fixed 4-bit windows over all 256 bits of
 * the scalar; the table entry is fetched by a cmov sweep over all 16 entries
 * and added with the constant-time complete addition, so neither the memory
 * access pattern nor the branches depend on the scalar.
 *
 * zkfl_g2_mul_vartime (public scalars, points of G2): 4-dimensional GLS
 * split with the endomorphism psi, k = sum k_i (6x^2)^i with ~64-bit parts
 * (glv.c), then a joint width-5 NAF ladder over P, psi(P), psi^2(P), psi^3(P). psi acts as [6x^2] only on G2, so the result is
 * meaningful only for points in G2 (every decoder ensures that). */
#include <string.h>
#include "ec/ec_impl.h"

#define CT_WINDOW 4
#define CT_ENTRIES (1 << CT_WINDOW)
#define WNAF_W 5
#define WNAF_ENTRIES (1 << (WNAF_W - 2))

void zkfl_g2_mul(zkfl_g2 *r, const zkfl_g2 *p, const zkfl_fr *k)
{
    uint64_t e[4];
    zkfl_g2 table[CT_ENTRIES], acc, pick;
    zkfl_fr_to_raw(e, k);
    zkfl_g2_set_infinity(&table[0]);
    table[1] = *p;
    for (int i = 2; i < CT_ENTRIES; i++) {
        if (i % 2 == 0) zkfl_g2_dbl(&table[i], &table[i / 2]);
        else zkfl_g2_add(&table[i], &table[i - 1], p);
    }
    zkfl_g2_set_infinity(&acc);
    for (int i = 256 / CT_WINDOW - 1; i >= 0; i--) {
        for (int j = 0; j < CT_WINDOW; j++) zkfl_g2_dbl(&acc, &acc);
        uint64_t digit = (e[(i * CT_WINDOW) / 64] >> ((i * CT_WINDOW) % 64)) & (CT_ENTRIES - 1);
        pick = table[0];
        for (uint64_t j = 1; j < CT_ENTRIES; j++) {
            uint64_t diff = j ^ digit;
            uint64_t hit = ((diff | ((uint64_t)0 - diff)) >> 63) ^ 1;
            zkfl_ec_g2_cmov(&pick, &table[j], hit);
        }
        zkfl_g2_add(&acc, &acc, &pick);
    }
    *r = acc;
    zkfl_memzero(e, sizeof e);
    zkfl_memzero(&pick, sizeof pick);
    zkfl_memzero(table, sizeof table);
}

/* table[i] = (2i+1) P, Jacobian. */
static void odd_multiples(zkfl_g2 table[WNAF_ENTRIES], const zkfl_g2 *p)
{
    zkfl_g2 twice;
    zkfl_g2_dbl(&twice, p);
    table[0] = *p;
    for (int i = 1; i < WNAF_ENTRIES; i++) zkfl_g2_add_vartime(&table[i], &table[i - 1], &twice);
}

static void add_digit(zkfl_g2 *acc, const zkfl_g2 table[WNAF_ENTRIES], int d)
{
    if (d > 0) {
        zkfl_g2_add_vartime(acc, acc, &table[d >> 1]);
    } else if (d < 0) {
        zkfl_g2 n;
        zkfl_g2_neg(&n, &table[(-d) >> 1]);
        zkfl_g2_add_vartime(acc, acc, &n);
    }
}

void zkfl_ec_g2_mul_plain_vartime(zkfl_g2 *r, const zkfl_g2 *p, const uint64_t *k, size_t limbs)
{
    int8_t digits[64 * 4 + 1];
    zkfl_g2 table[WNAF_ENTRIES], acc;
    if (limbs > 4) limbs = 4;
    size_t len = zkfl_ec_wnaf(digits, k, limbs, WNAF_W);
    odd_multiples(table, p);
    zkfl_g2_set_infinity(&acc);
    for (size_t i = len; i-- > 0;) {
        zkfl_g2_dbl(&acc, &acc);
        add_digit(&acc, table, digits[i]);
    }
    *r = acc;
}

void zkfl_g2_mul_vartime(zkfl_g2 *r, const zkfl_g2 *p, const zkfl_fr *k)
{
    uint64_t parts[4][2];
    int neg[4];
    int8_t d[4][64 * 2 + 1];
    size_t len[4], top = 0;
    zkfl_g2 t[4][WNAF_ENTRIES], acc;

    zkfl_ec_gls_decompose(parts, neg, k);
    for (int i = 0; i < 4; i++) {
        len[i] = zkfl_ec_wnaf(d[i], parts[i], 2, WNAF_W);
        if (len[i] > top) top = len[i];
    }
    odd_multiples(t[0], p);
    /* psi is a group homomorphism: psi^i((2j+1) P) = (2j+1) psi^i(P) */
    for (int i = 1; i < 4; i++)
        for (int j = 0; j < WNAF_ENTRIES; j++) zkfl_ec_g2_psi(&t[i][j], &t[i - 1][j]);
    /* fold each part's sign into its digits */
    for (int i = 0; i < 4; i++)
        if (neg[i])
            for (size_t j = 0; j < len[i]; j++) d[i][j] = (int8_t)-d[i][j];
    zkfl_g2_set_infinity(&acc);
    for (size_t j = top; j-- > 0;) {
        zkfl_g2_dbl(&acc, &acc);
        for (int i = 0; i < 4; i++)
            if (j < len[i]) add_digit(&acc, t[i], d[i][j]);
    }
    *r = acc;
}
