/* In-memory rank-1 constraint systems: builder, evaluation, satisfaction. */
#include <stdlib.h>
#include <string.h>
#include "snark/r1cs_internal.h"

int zkfl_r1cs_alloc(zkfl_r1cs **out, uint32_t n_wires, uint32_t n_pub_out, uint32_t n_pub_in,
                    uint32_t n_prv_in)
{
    zkfl_r1cs *cs = calloc(1, sizeof *cs);
    if (cs == NULL) return ZKFL_ERR_NOMEM;
    cs->n_wires = n_wires;
    cs->n_pub_out = n_pub_out;
    cs->n_pub_in = n_pub_in;
    cs->n_prv_in = n_prv_in;
    cs->n_labels = n_wires;
    cs->offs = malloc(sizeof *cs->offs);
    if (cs->offs == NULL) { free(cs); return ZKFL_ERR_NOMEM; }
    cs->offs[0] = 0;
    *out = cs;
    return 0;
}

int zkfl_r1cs_new(zkfl_r1cs **out, uint32_t n_pub_out, uint32_t n_pub_in, uint32_t n_prv_in)
{
    if (out == NULL) return ZKFL_ERR_INVALID_ARG;
    uint64_t n = 1 + (uint64_t)n_pub_out + n_pub_in + n_prv_in;
    if (n > UINT32_MAX) return ZKFL_ERR_OVERFLOW;
    zkfl_r1cs *cs;
    int err = zkfl_r1cs_alloc(&cs, (uint32_t)n, n_pub_out, n_pub_in, n_prv_in);
    if (err) return err;
    cs->labels = malloc((size_t)n * sizeof *cs->labels);
    if (cs->labels == NULL) { zkfl_r1cs_free(cs); return ZKFL_ERR_NOMEM; }
    cs->labels_cap = (size_t)n;
    for (uint64_t i = 0; i < n; i++) cs->labels[i] = i;
    *out = cs;
    return 0;
}

void zkfl_r1cs_free(zkfl_r1cs *cs)
{
    if (cs == NULL) return;
    free(cs->offs);
    free(cs->terms);
    free(cs->labels);
    free(cs);
}

int zkfl_r1cs_add_wires(uint32_t *first, zkfl_r1cs *cs, uint32_t count)
{
    if (first == NULL || cs == NULL) return ZKFL_ERR_INVALID_ARG;
    if ((uint64_t)cs->n_wires + count > UINT32_MAX) return ZKFL_ERR_OVERFLOW;
    size_t n = (size_t)cs->n_wires + count;
    if (n > cs->labels_cap) {
        size_t cap = cs->labels_cap ? cs->labels_cap : 16;
        while (cap < n) cap *= 2;
        uint64_t *l = realloc(cs->labels, cap * sizeof *l);
        if (l == NULL) return ZKFL_ERR_NOMEM;
        cs->labels = l;
        cs->labels_cap = cap;
    }
    for (size_t i = cs->n_wires; i < n; i++) cs->labels[i] = cs->n_labels + (i - cs->n_wires);
    *first = cs->n_wires;
    cs->n_wires = (uint32_t)n;
    cs->n_labels += count;
    return 0;
}

int zkfl_r1cs_reserve(zkfl_r1cs *cs, size_t n_constraints, size_t n_terms)
{
    if (n_constraints > cs->cap_constraints) {
        if (n_constraints > (SIZE_MAX / sizeof *cs->offs - 1) / 3) return ZKFL_ERR_OVERFLOW;
        size_t *o = realloc(cs->offs, (3 * n_constraints + 1) * sizeof *o);
        if (o == NULL) return ZKFL_ERR_NOMEM;
        cs->offs = o;
        cs->cap_constraints = n_constraints;
    }
    if (n_terms > cs->cap_terms) {
        if (n_terms > SIZE_MAX / sizeof *cs->terms) return ZKFL_ERR_OVERFLOW;
        zkfl_lc_term *t = realloc(cs->terms, n_terms * sizeof *t);
        if (t == NULL) return ZKFL_ERR_NOMEM;
        cs->terms = t;
        cs->cap_terms = n_terms;
    }
    return 0;
}

static int term_cmp(const void *a, const void *b)
{
    uint32_t x = ((const zkfl_lc_term *)a)->wire, y = ((const zkfl_lc_term *)b)->wire;
    return (x > y) - (x < y);
}

/* Appends lc sorted by wire with repeated wires merged and zero terms
 * dropped: circom's canonical form, so in-memory systems and compiled ones
 * look alike. */
static size_t append_canonical(zkfl_r1cs *cs, const zkfl_lc *lc)
{
    zkfl_lc_term *dst = cs->terms + cs->n_terms;
    if (lc->n) memcpy(dst, lc->terms, lc->n * sizeof *dst);
    qsort(dst, lc->n, sizeof *dst, term_cmp);
    size_t k = 0;
    for (size_t i = 0; i < lc->n; i++) {
        if (k > 0 && dst[k - 1].wire == dst[i].wire)
            zkfl_fr_add(&dst[k - 1].coeff, &dst[k - 1].coeff, &dst[i].coeff);
        else
            dst[k++] = dst[i];
        if (zkfl_fr_is_zero(&dst[k - 1].coeff)) k--;
    }
    cs->n_terms += k;
    return k;
}

int zkfl_r1cs_add_constraint(zkfl_r1cs *cs, const zkfl_lc *a, const zkfl_lc *b, const zkfl_lc *c)
{
    if (cs == NULL || a == NULL || b == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    const zkfl_lc *lcs[3] = {a, b, c};
    size_t add = 0;
    for (int k = 0; k < 3; k++) {
        if (lcs[k]->n && lcs[k]->terms == NULL) return ZKFL_ERR_INVALID_ARG;
        for (size_t i = 0; i < lcs[k]->n; i++)
            if (lcs[k]->terms[i].wire >= cs->n_wires) return ZKFL_ERR_RANGE;
        if (lcs[k]->n > SIZE_MAX / 4 - add) return ZKFL_ERR_OVERFLOW;
        add += lcs[k]->n;
    }
    if (cs->n_constraints >= UINT32_MAX) return ZKFL_ERR_OVERFLOW;
    size_t need_c = cs->n_constraints + 1, need_t = cs->n_terms + add;
    size_t cap_c = cs->cap_constraints, cap_t = cs->cap_terms;
    if (need_c > cap_c) cap_c = need_c < 16 ? 16 : need_c * 2;
    if (need_t > cap_t) cap_t = need_t < 64 ? 64 : need_t * 2;
    int err = zkfl_r1cs_reserve(cs, cap_c, cap_t);
    if (err) return err;
    size_t base = 3 * cs->n_constraints;
    for (int k = 0; k < 3; k++) {
        append_canonical(cs, lcs[k]);
        cs->offs[base + k + 1] = cs->n_terms;
    }
    cs->n_constraints++;
    return 0;
}

uint32_t zkfl_r1cs_n_wires(const zkfl_r1cs *cs) { return cs->n_wires; }
uint32_t zkfl_r1cs_n_pub_out(const zkfl_r1cs *cs) { return cs->n_pub_out; }
uint32_t zkfl_r1cs_n_pub_in(const zkfl_r1cs *cs) { return cs->n_pub_in; }
uint32_t zkfl_r1cs_n_prv_in(const zkfl_r1cs *cs) { return cs->n_prv_in; }
uint32_t zkfl_r1cs_n_public(const zkfl_r1cs *cs) { return cs->n_pub_out + cs->n_pub_in; }
size_t zkfl_r1cs_n_constraints(const zkfl_r1cs *cs) { return cs->n_constraints; }
const uint64_t *zkfl_r1cs_labels(const zkfl_r1cs *cs) { return cs->labels; }
uint64_t zkfl_r1cs_n_labels(const zkfl_r1cs *cs) { return cs->n_labels; }

int zkfl_r1cs_constraint(zkfl_lc *a, zkfl_lc *b, zkfl_lc *c, const zkfl_r1cs *cs, size_t i)
{
    if (cs == NULL) return ZKFL_ERR_INVALID_ARG;
    if (i >= cs->n_constraints) return ZKFL_ERR_RANGE;
    zkfl_lc *out[3] = {a, b, c};
    for (int k = 0; k < 3; k++) {
        if (out[k] == NULL) continue;
        size_t s = cs->offs[3 * i + k], e = cs->offs[3 * i + k + 1];
        out[k]->terms = cs->terms + s;
        out[k]->n = e - s;
    }
    return 0;
}

static void eval_lc(zkfl_fr *r, const zkfl_r1cs *cs, size_t s, size_t e, const zkfl_fr *w)
{
    zkfl_fr acc, t;
    zkfl_fr_set_zero(&acc);
    for (size_t j = s; j < e; j++) {
        zkfl_fr_mul(&t, &cs->terms[j].coeff, &w[cs->terms[j].wire]);
        zkfl_fr_add(&acc, &acc, &t);
    }
    *r = acc;
}

typedef struct {
    zkfl_fr *out[3];
    const zkfl_r1cs *cs;
    const zkfl_fr *w;
} eval_job;

static void eval_range(void *ctx, size_t begin, size_t end, int worker)
{
    eval_job *j = ctx;
    for (size_t i = begin; i < end; i++)
        for (int k = 0; k < 3; k++)
            if (j->out[k] != NULL)
                eval_lc(&j->out[k][i], j->cs, j->cs->offs[3 * i + k], j->cs->offs[3 * i + k + 1], j->w);
}

int zkfl_r1cs_eval(zkfl_fr *a, zkfl_fr *b, zkfl_fr *c, const zkfl_r1cs *cs, const zkfl_fr *witness,
                   int threads)
{
    if (cs == NULL || witness == NULL) return ZKFL_ERR_INVALID_ARG;
    eval_job j = {{a, b, c}, cs, witness};
    return zkfl_parallel_for(cs->n_constraints, cs->n_constraints < 1024 ? 1 : threads, eval_range, &j);
}

int zkfl_r1cs_check(const zkfl_r1cs *cs, const zkfl_fr *witness, size_t *first_failing)
{
    if (cs == NULL || witness == NULL) return ZKFL_ERR_INVALID_ARG;
    if (!zkfl_fr_is_one(&witness[0])) {
        if (first_failing) *first_failing = SIZE_MAX;
        return ZKFL_ERR_UNSATISFIED;
    }
    zkfl_fr va, vb, vc, ab;
    for (size_t i = 0; i < cs->n_constraints; i++) {
        eval_lc(&va, cs, cs->offs[3 * i], cs->offs[3 * i + 1], witness);
        eval_lc(&vb, cs, cs->offs[3 * i + 1], cs->offs[3 * i + 2], witness);
        eval_lc(&vc, cs, cs->offs[3 * i + 2], cs->offs[3 * i + 3], witness);
        zkfl_fr_mul(&ab, &va, &vb);
        if (!zkfl_fr_eq(&ab, &vc)) {
            if (first_failing) *first_failing = i;
            return ZKFL_ERR_UNSATISFIED;
        }
    }
    return 0;
}
