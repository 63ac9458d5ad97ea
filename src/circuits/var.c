/* Linear combinations: adding, scaling and constants only rewrite terms,
 * so they cost no constraint. Terms stay sorted by wire without repeats or
 * zero coefficients, which makes the R1CS independent of how an expression
 * was written. */
#include <stdlib.h>
#include <string.h>
#include "circuits/circuit_internal.h"

int zkfl_var_const(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *k)
{
    if (out == NULL || c == NULL || k == NULL) return ZKFL_ERR_INVALID_ARG;
    out->value = *k;
    if (zkfl_fr_is_zero(k)) {
        out->terms = NULL;
        out->n = 0;
        return 0;
    }
    zkfl_lc_term *t = circ_arena_alloc(c, 1);
    if (t == NULL) return ZKFL_ERR_NOMEM;
    t->wire = 0;
    t->coeff = *k;
    out->terms = t;
    out->n = 1;
    return 0;
}

int zkfl_var_const_i64(zkfl_var *out, zkfl_circuit *c, int64_t k)
{
    zkfl_fr f;
    zkfl_fr_set_i64(&f, k);
    return zkfl_var_const(out, c, &f);
}

/* out = a + kb (kb NULL: k = 1) by merging the sorted term lists. */
static int combine(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                   const zkfl_fr *k)
{
    if (out == NULL || c == NULL || a == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_lc_term *t = circ_arena_alloc(c, (size_t)a->n + b->n);
    if (t == NULL) return ZKFL_ERR_NOMEM;
    uint32_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        zkfl_fr coeff;
        uint32_t wire;
        if (j >= b->n || (i < a->n && a->terms[i].wire < b->terms[j].wire)) {
            wire = a->terms[i].wire;
            coeff = a->terms[i++].coeff;
        } else {
            wire = b->terms[j].wire;
            coeff = b->terms[j].coeff;
            if (k) zkfl_fr_mul(&coeff, &coeff, k);
            if (i < a->n && a->terms[i].wire == wire) zkfl_fr_add(&coeff, &coeff, &a->terms[i++].coeff);
            j++;
        }
        if (!zkfl_fr_is_zero(&coeff)) {
            t[n].wire = wire;
            t[n].coeff = coeff;
            n++;
        }
    }
    zkfl_fr v = b->value;
    if (k) zkfl_fr_mul(&v, &v, k);
    zkfl_fr_add(&out->value, &a->value, &v);
    out->terms = t;
    out->n = n;
    return 0;
}

int zkfl_var_add(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b)
{
    return combine(out, c, a, b, NULL);
}

int zkfl_var_sub(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b)
{
    zkfl_fr m1;
    zkfl_fr_set_i64(&m1, -1);
    return combine(out, c, a, b, &m1);
}

int zkfl_var_scale(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_fr *k)
{
    if (out == NULL || c == NULL || a == NULL || k == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_var zero = {NULL, 0, {{0, 0, 0, 0}}};
    return combine(out, c, &zero, a, k);
}

static int term_cmp(const void *x, const void *y)
{
    uint32_t a = ((const zkfl_lc_term *)x)->wire, b = ((const zkfl_lc_term *)y)->wire;
    return (a > b) - (a < b);
}

int zkfl_var_sum(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_fr *k, size_t n)
{
    if (out == NULL || c == NULL || (a == NULL && n > 0)) return ZKFL_ERR_INVALID_ARG;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += a[i].n;
        if (total > UINT32_MAX) return ZKFL_ERR_OVERFLOW;
    }
    zkfl_lc_term *t = circ_arena_alloc(c, total);
    if (t == NULL) return ZKFL_ERR_NOMEM;
    zkfl_fr value, tmp;
    zkfl_fr_set_zero(&value);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < a[i].n; j++) {
            t[m] = a[i].terms[j];
            if (k) zkfl_fr_mul(&t[m].coeff, &t[m].coeff, &k[i]);
            m++;
        }
        tmp = a[i].value;
        if (k) zkfl_fr_mul(&tmp, &tmp, &k[i]);
        zkfl_fr_add(&value, &value, &tmp);
    }
    /* qsort is not stable, but equal wires are merged by adding, which
     * commutes, so the result does not depend on the order. Sums of fresh
     * wires (bit decompositions) arrive sorted: skip the sort then. */
    int sorted = 1;
    for (size_t i = 1; i < m && sorted; i++) sorted = t[i - 1].wire < t[i].wire;
    if (!sorted) qsort(t, m, sizeof *t, term_cmp);
    size_t w = 0;
    for (size_t i = 0; i < m;) {
        zkfl_lc_term acc = t[i++];
        while (i < m && t[i].wire == acc.wire) zkfl_fr_add(&acc.coeff, &acc.coeff, &t[i++].coeff);
        if (!zkfl_fr_is_zero(&acc.coeff)) t[w++] = acc;
    }
    out->terms = t;
    out->n = (uint32_t)w;
    out->value = value;
    return 0;
}

uint32_t zkfl_var_wire(const zkfl_var *v)
{
    if (v == NULL || v->n != 1 || v->terms[0].wire == 0 || !zkfl_fr_is_one(&v->terms[0].coeff))
        return UINT32_MAX;
    return v->terms[0].wire;
}

int circ_fr_to_u64(uint64_t *out, const zkfl_fr *a)
{
    uint64_t raw[4];
    zkfl_fr_to_raw(raw, a);
    if (raw[1] | raw[2] | raw[3]) return 0;
    *out = raw[0];
    return 1;
}

unsigned circ_bitlen(uint64_t x)
{
    unsigned n = 0;
    while (x) {
        n++;
        x >>= 1;
    }
    return n;
}
