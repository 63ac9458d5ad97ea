/* The basic gadgets: booleans, bit-decomposition range checks (the
 * reference every cheaper range check is tested against), comparisons,
 * zero tests, selection, sums of squares and commitment masks. */
#include <stdlib.h>
#include "circuits/circuit_internal.h"

static zkfl_var zero_var(void)
{
    zkfl_var z = {NULL, 0, {{0, 0, 0, 0}}};
    return z;
}

int zkfl_gadget_assert_bool(zkfl_circuit *c, const zkfl_var *b, const char *tag, uint32_t index)
{
    if (c == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_var one, bm1, z = zero_var();
    int rc = zkfl_var_const_i64(&one, c, 1);
    if (rc == 0) rc = zkfl_var_sub(&bm1, c, b, &one);
    if (rc == 0) rc = zkfl_circuit_assert_mul(c, b, &bm1, &z, tag, index);
    return rc;
}

/* 2^e as a field element. */
static void pow2(zkfl_fr *out, unsigned e)
{
    uint64_t raw[4] = {0, 0, 0, 0};
    raw[e / 64] = (uint64_t)1 << (e % 64);
    zkfl_fr_from_raw(out, raw);
}

int zkfl_gadget_range_bits(zkfl_var *bits, zkfl_circuit *c, const zkfl_var *v, unsigned k,
                           const char *tag, uint32_t index)
{
    if (c == NULL || v == NULL || k == 0 || k > 252) return ZKFL_ERR_INVALID_ARG;
    uint64_t raw[4] = {0, 0, 0, 0};
    if (zkfl_circuit_has_witness(c)) {
        zkfl_fr_to_raw(raw, &v->value);
        for (unsigned i = k; i < 256; i++)
            if ((raw[i / 64] >> (i % 64)) & 1) {
                zkfl_memzero(raw, sizeof raw);
                return circ_fail(ZKFL_ERR_RANGE, "%s[%u]: value does not fit in %u bits",
                                 tag ? tag : "range", index, k);
            }
    }
    zkfl_var *b = bits ? bits : malloc(k * sizeof *b);
    zkfl_fr *coef = malloc(k * sizeof *coef);
    int rc = (b == NULL || coef == NULL) ? ZKFL_ERR_NOMEM : 0;
    for (unsigned i = 0; rc == 0 && i < k; i++) {
        zkfl_fr bit;
        zkfl_fr_set_u64(&bit, (raw[i / 64] >> (i % 64)) & 1);
        rc = zkfl_circuit_private(&b[i], c, &bit);
        if (rc == 0) rc = zkfl_gadget_assert_bool(c, &b[i], tag, index);
        pow2(&coef[i], i);
    }
    zkfl_var sum;
    if (rc == 0) rc = zkfl_var_sum(&sum, c, b, coef, k);
    if (rc == 0) rc = zkfl_circuit_assert_eq(c, &sum, v, tag, index);
    zkfl_memzero(raw, sizeof raw);
    free(coef);
    if (b != bits) free(b);
    return rc;
}

int zkfl_gadget_range_bits_signed(zkfl_circuit *c, const zkfl_var *v, unsigned k,
                                  const char *tag, uint32_t index)
{
    if (c == NULL || v == NULL || k == 0 || k > 252) return ZKFL_ERR_INVALID_ARG;
    zkfl_fr off;
    pow2(&off, k - 1);
    zkfl_var offv, shifted;
    int rc = zkfl_var_const(&offv, c, &off);
    if (rc == 0) rc = zkfl_var_add(&shifted, c, v, &offv);
    if (rc == 0) rc = zkfl_gadget_range_bits(NULL, c, &shifted, k, tag, index);
    return rc;
}

/* out = 1 when a < b + slack (slack 0: <, 1: <=): the top bit of the k+1
 * bit number 2^k + a - (b + slack) is 1 exactly when a >= b + slack. */
static int compare(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                   unsigned k, int slack, const char *tag, uint32_t index)
{
    if (out == NULL || c == NULL || a == NULL || b == NULL || k == 0 || k > 250)
        return ZKFL_ERR_INVALID_ARG;
    zkfl_fr off;
    pow2(&off, k);
    zkfl_fr s;
    zkfl_fr_set_u64(&s, (uint64_t)slack);
    zkfl_fr_sub(&off, &off, &s);
    zkfl_var offv, t, d, one;
    zkfl_var *bits = malloc((k + 1) * sizeof *bits);
    if (bits == NULL) return ZKFL_ERR_NOMEM;
    int rc = zkfl_var_const(&offv, c, &off);
    if (rc == 0) rc = zkfl_var_add(&t, c, a, &offv);
    if (rc == 0) rc = zkfl_var_sub(&d, c, &t, b);
    if (rc == 0) rc = zkfl_gadget_range_bits(bits, c, &d, k + 1, tag, index);
    if (rc == 0) rc = zkfl_var_const_i64(&one, c, 1);
    if (rc == 0) rc = zkfl_var_sub(out, c, &one, &bits[k]);
    free(bits);
    return rc;
}

int zkfl_gadget_less_than(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                          unsigned k, const char *tag, uint32_t index)
{
    return compare(out, c, a, b, k, 0, tag, index);
}

int zkfl_gadget_less_eq(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                        unsigned k, const char *tag, uint32_t index)
{
    return compare(out, c, a, b, k, 1, tag, index);
}

int zkfl_gadget_assert_le(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b, unsigned k,
                          const char *tag, uint32_t index)
{
    if (c == NULL || a == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_var d;
    int rc = zkfl_var_sub(&d, c, b, a);
    if (rc == 0) rc = zkfl_gadget_range_bits(NULL, c, &d, k, tag, index);
    return rc;
}

int zkfl_gadget_is_zero(zkfl_var *out, zkfl_circuit *c, const zkfl_var *v,
                        const char *tag, uint32_t index)
{
    if (out == NULL || c == NULL || v == NULL) return ZKFL_ERR_INVALID_ARG;
    /* inv * v = 1 - out forces out = 1 - v*inv, which is 0 for v != 0 only
     * if inv = 1/v; out * v = 0 forces out = 0 whenever v != 0, so out = 1
     * exactly when v = 0. */
    zkfl_fr inv, isz;
    /* The constant-time inversion dominates building the circuit; shape
     * mode has no values to invert. */
    zkfl_fr_set_zero(&inv);
    if (zkfl_circuit_has_witness(c)) zkfl_fr_inv(&inv, &v->value);
    zkfl_fr_set_u64(&isz, (uint64_t)zkfl_fr_is_zero(&v->value));
    zkfl_var invv, o, one, onemo, z = zero_var();
    int rc = zkfl_circuit_private(&invv, c, &inv);
    if (rc == 0) rc = zkfl_circuit_private(&o, c, &isz);
    if (rc == 0) rc = zkfl_var_const_i64(&one, c, 1);
    if (rc == 0) rc = zkfl_var_sub(&onemo, c, &one, &o);
    if (rc == 0) rc = zkfl_circuit_assert_mul(c, v, &invv, &onemo, tag, index);
    if (rc == 0) rc = zkfl_circuit_assert_mul(c, &o, v, &z, tag, index);
    zkfl_memzero(&inv, sizeof inv);
    if (rc == 0) *out = o;
    return rc;
}

int zkfl_gadget_is_equal(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                         const char *tag, uint32_t index)
{
    if (out == NULL || c == NULL || a == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_var d;
    int rc = zkfl_var_sub(&d, c, a, b);
    if (rc == 0) rc = zkfl_gadget_is_zero(out, c, &d, tag, index);
    return rc;
}

int zkfl_gadget_mux(zkfl_var *out, zkfl_circuit *c, const zkfl_var *sel, const zkfl_var *a,
                    const zkfl_var *b, const char *tag, uint32_t index)
{
    if (out == NULL || c == NULL || sel == NULL || a == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    /* out = a + sel * (b - a): one product. */
    zkfl_var d, p;
    int rc = zkfl_var_sub(&d, c, b, a);
    if (rc == 0) rc = zkfl_circuit_mul(&p, c, sel, &d, tag, index);
    if (rc == 0) rc = zkfl_var_add(out, c, a, &p);
    return rc;
}

int zkfl_gadget_sum_squares(zkfl_var *out, zkfl_circuit *c, const zkfl_var *v, size_t n,
                            const char *tag)
{
    if (out == NULL || c == NULL || (v == NULL && n > 0) || n > UINT32_MAX) return ZKFL_ERR_INVALID_ARG;
    zkfl_var *sq = malloc((n ? n : 1) * sizeof *sq);
    if (sq == NULL) return ZKFL_ERR_NOMEM;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = zkfl_circuit_mul(&sq[i], c, &v[i], &v[i], tag, (uint32_t)i);
    if (rc == 0) rc = zkfl_var_sum(out, c, sq, NULL, n);
    free(sq);
    return rc;
}

int zkfl_gadget_commit_mask(zkfl_circuit *c, size_t group)
{
    if (c == NULL || group >= zkfl_circuit_n_commit_groups(c)) return ZKFL_ERR_INVALID_ARG;
    zkfl_fr m;
    zkfl_fr_set_zero(&m);
    if (zkfl_circuit_has_witness(c) && zkfl_fr_random(&m) != 0) return ZKFL_ERR_RANDOM;
    zkfl_var mv, sq;
    int rc = zkfl_circuit_private(&mv, c, &m);
    /* mask * mask = mask_sq gives the mask wire an A and B column of its
     * own: without a constraint its commitment basis point would be zero
     * and the mask would add nothing to the commitment. */
    if (rc == 0) rc = zkfl_circuit_mul(&sq, c, &mv, &mv, "commit.mask", (uint32_t)group);
    if (rc == 0) rc = zkfl_circuit_commit_add(c, group, zkfl_var_wire(&mv));
    zkfl_memzero(&m, sizeof m);
    return rc;
}
