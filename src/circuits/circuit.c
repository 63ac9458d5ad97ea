/* The circuit builder: an R1CS and its witness grown together, so every
 * gadget states its constraints and its values in one place, and the setup
 * (shape only) and the prover (witness) run the very same code. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "circuits/circuit_internal.h"

#define ARENA_BLOCK_TERMS 16384

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    zkfl_lc_term t[];
} arena_block;

typedef struct { const char *tag; uint32_t index; } constraint_name;
typedef struct { uint32_t *wires; size_t n, cap; } commit_group;
typedef struct { uint32_t wire; size_t *groups; size_t n, cap; } challenge;
typedef struct { zkfl_circuit_phase2_fn fn; void *ctx; void (*ctx_free)(void *); } continuation;

struct zkfl_circuit {
    int witness_mode;
    zkfl_r1cs *cs;              /* created when the public inputs are sealed */
    uint32_t n_public;          /* public inputs declared */
    uint32_t n_wires;
    zkfl_fr *w;                 /* witness, n_wires used (witness mode) */
    size_t w_cap;
    uint8_t *committed;         /* per wire: already in a commitment group */
    size_t committed_cap;
    arena_block *arena;
    constraint_name *names;
    size_t n_names, names_cap;
    commit_group *groups;
    size_t n_groups;
    challenge *ch;
    size_t n_ch;
    continuation *cont;
    size_t n_cont;
    size_t n_deferred;          /* wires only phase 2 assigns */
    int finished;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) return ZKFL_ERR_OVERFLOW;
        c *= 2;
    }
    void *q = realloc(*p, c * elem);
    if (q == NULL) return ZKFL_ERR_NOMEM;
    *p = q;
    *cap = c;
    return 0;
}

int zkfl_circuit_new(zkfl_circuit **out, enum zkfl_circuit_mode mode)
{
    if (out == NULL || (mode != ZKFL_CIRCUIT_SHAPE && mode != ZKFL_CIRCUIT_WITNESS))
        return ZKFL_ERR_INVALID_ARG;
    zkfl_circuit *c = calloc(1, sizeof *c);
    if (c == NULL) return ZKFL_ERR_NOMEM;
    c->witness_mode = mode == ZKFL_CIRCUIT_WITNESS;
    c->n_wires = 1;
    if (grow((void **)&c->committed, &c->committed_cap, 64, 1) != 0 ||
        (c->witness_mode && grow((void **)&c->w, &c->w_cap, 64, sizeof *c->w) != 0)) {
        zkfl_circuit_free(c);
        return ZKFL_ERR_NOMEM;
    }
    c->committed[0] = 0;
    if (c->witness_mode) zkfl_fr_set_one(&c->w[0]);
    *out = c;
    return 0;
}

void zkfl_circuit_free(zkfl_circuit *c)
{
    if (c == NULL) return;
    for (size_t i = 0; i < c->n_cont; i++)
        if (c->cont[i].ctx_free) c->cont[i].ctx_free(c->cont[i].ctx);
    free(c->cont);
    /* Witness values and the values folded into arena coefficients are
     * never secret-free: wipe them. */
    if (c->w) zkfl_memzero(c->w, c->w_cap * sizeof *c->w);
    free(c->w);
    for (arena_block *b = c->arena, *next; b; b = next) {
        next = b->next;
        zkfl_memzero(b->t, b->used * sizeof b->t[0]);
        free(b);
    }
    for (size_t g = 0; g < c->n_groups; g++) free(c->groups[g].wires);
    free(c->groups);
    for (size_t k = 0; k < c->n_ch; k++) free(c->ch[k].groups);
    free(c->ch);
    free(c->names);
    free(c->committed);
    zkfl_r1cs_free(c->cs);
    free(c);
}

int zkfl_circuit_has_witness(const zkfl_circuit *c)
{
    return c != NULL && c->witness_mode;
}

zkfl_lc_term *circ_arena_alloc(zkfl_circuit *c, size_t n)
{
    if (n == 0) n = 1;
    arena_block *b = c->arena;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK_TERMS ? n : ARENA_BLOCK_TERMS;
        if (cap > (SIZE_MAX - sizeof *b) / sizeof b->t[0]) return NULL;
        arena_block *nb = malloc(sizeof *nb + cap * sizeof nb->t[0]);
        if (nb == NULL) return NULL;
        nb->used = 0;
        nb->cap = cap;
        nb->next = b;
        c->arena = nb;
        b = nb;
    }
    zkfl_lc_term *t = b->t + b->used;
    b->used += n;
    return t;
}

/* Appends one wire to the witness bookkeeping. */
static int push_wire(zkfl_circuit *c, const zkfl_fr *value)
{
    size_t need = (size_t)c->n_wires + 1;
    int rc = grow((void **)&c->committed, &c->committed_cap, need, 1);
    if (rc == 0 && c->witness_mode) rc = grow((void **)&c->w, &c->w_cap, need, sizeof *c->w);
    if (rc != 0) return rc;
    c->committed[c->n_wires] = 0;
    if (c->witness_mode) {
        if (value) c->w[c->n_wires] = *value;
        else zkfl_fr_set_zero(&c->w[c->n_wires]);
    }
    c->n_wires++;
    return 0;
}

/* The R1CS can only be created once the number of public inputs is known:
 * the first private wire or constraint fixes it. */
static int seal(zkfl_circuit *c)
{
    if (c->cs) return 0;
    return zkfl_r1cs_new(&c->cs, 0, c->n_public, 0);
}

int circ_var_wire(zkfl_var *out, zkfl_circuit *c, uint32_t wire, const zkfl_fr *value)
{
    zkfl_lc_term *t = circ_arena_alloc(c, 1);
    if (t == NULL) return ZKFL_ERR_NOMEM;
    t->wire = wire;
    zkfl_fr_set_one(&t->coeff);
    out->terms = t;
    out->n = 1;
    if (value) out->value = *value;
    else zkfl_fr_set_zero(&out->value);
    return 0;
}

static int add_public(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *value)
{
    if (out == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (c->cs)
        return circ_fail(ZKFL_ERR_INVALID_ARG,
                         "circuit: public inputs must be declared before any other wire");
    if (c->witness_mode && value == NULL) return ZKFL_ERR_INVALID_ARG;
    uint32_t wire = c->n_wires;
    int rc = push_wire(c, c->witness_mode ? value : NULL);
    if (rc != 0) return rc;
    c->n_public++;
    return circ_var_wire(out, c, wire, c->witness_mode ? value : NULL);
}

int zkfl_circuit_public_input(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *value)
{
    return add_public(out, c, value);
}

int zkfl_circuit_challenge_input(zkfl_var *out, size_t *index, zkfl_circuit *c)
{
    if (out == NULL || index == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_fr zero;
    zkfl_fr_set_zero(&zero);
    challenge *nc = realloc(c->ch, (c->n_ch + 1) * sizeof *nc);
    if (nc == NULL) return ZKFL_ERR_NOMEM;
    c->ch = nc;
    int rc = add_public(out, c, &zero);
    if (rc != 0) return rc;
    memset(&c->ch[c->n_ch], 0, sizeof c->ch[0]);
    c->ch[c->n_ch].wire = c->n_wires - 1;
    *index = c->n_ch++;
    return 0;
}

static int add_private(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *value)
{
    int rc = seal(c);
    uint32_t wire;
    if (rc == 0) rc = zkfl_r1cs_add_wires(&wire, c->cs, 1);
    if (rc == 0 && wire != c->n_wires) rc = ZKFL_ERR_INTERNAL;
    if (rc == 0) rc = push_wire(c, c->witness_mode ? value : NULL);
    if (rc == 0) rc = circ_var_wire(out, c, wire, c->witness_mode ? value : NULL);
    return rc;
}

int zkfl_circuit_private(zkfl_var *out, zkfl_circuit *c, const zkfl_fr *value)
{
    if (out == NULL || c == NULL || (c->witness_mode && value == NULL)) return ZKFL_ERR_INVALID_ARG;
    return add_private(out, c, value);
}

int zkfl_circuit_private_deferred(zkfl_var *out, zkfl_circuit *c)
{
    if (out == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (c->finished) return ZKFL_ERR_INVALID_ARG;
    int rc = add_private(out, c, NULL);
    if (rc == 0) c->n_deferred++;
    return rc;
}

int zkfl_circuit_set_value(zkfl_circuit *c, uint32_t wire, const zkfl_fr *value)
{
    if (c == NULL || value == NULL || !c->witness_mode) return ZKFL_ERR_INVALID_ARG;
    if (wire == 0 || wire >= c->n_wires) return ZKFL_ERR_RANGE;
    c->w[wire] = *value;
    return 0;
}

int zkfl_circuit_eval(zkfl_fr *out, const zkfl_circuit *c, const zkfl_var *v)
{
    if (out == NULL || c == NULL || v == NULL || !c->witness_mode) return ZKFL_ERR_INVALID_ARG;
    zkfl_fr acc, t;
    zkfl_fr_set_zero(&acc);
    for (uint32_t i = 0; i < v->n; i++) {
        if (v->terms[i].wire >= c->n_wires) return ZKFL_ERR_RANGE;
        zkfl_fr_mul(&t, &v->terms[i].coeff, &c->w[v->terms[i].wire]);
        zkfl_fr_add(&acc, &acc, &t);
    }
    *out = acc;
    return 0;
}

static int add_constraint(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                          const zkfl_var *p, const char *tag, uint32_t index)
{
    int rc = seal(c);
    if (rc != 0) return rc;
    zkfl_lc la = {a->terms, a->n}, lb = {b->terms, b->n}, lc = {p->terms, p->n};
    rc = grow((void **)&c->names, &c->names_cap, c->n_names + 1, sizeof *c->names);
    if (rc == 0) rc = zkfl_r1cs_add_constraint(c->cs, &la, &lb, &lc);
    if (rc != 0) return rc;
    c->names[c->n_names].tag = tag ? tag : "constraint";
    c->names[c->n_names].index = index;
    c->n_names++;
    return 0;
}

int zkfl_circuit_assert_mul(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                            const zkfl_var *prod, const char *tag, uint32_t index)
{
    if (c == NULL || a == NULL || b == NULL || prod == NULL) return ZKFL_ERR_INVALID_ARG;
    return add_constraint(c, a, b, prod, tag, index);
}

int zkfl_circuit_assert_eq(zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                           const char *tag, uint32_t index)
{
    if (c == NULL || a == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    /* (a - b) * 1 = 0 */
    zkfl_var diff, one, zero;
    int rc = zkfl_var_sub(&diff, c, a, b);
    if (rc == 0) rc = zkfl_var_const_i64(&one, c, 1);
    if (rc != 0) return rc;
    zero.terms = NULL;
    zero.n = 0;
    zkfl_fr_set_zero(&zero.value);
    return add_constraint(c, &diff, &one, &zero, tag, index);
}

int zkfl_circuit_mul(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a, const zkfl_var *b,
                     const char *tag, uint32_t index)
{
    if (out == NULL || c == NULL || a == NULL || b == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_fr v;
    zkfl_fr_mul(&v, &a->value, &b->value);
    zkfl_var p;
    int rc = zkfl_circuit_private(&p, c, &v);
    if (rc == 0) rc = add_constraint(c, a, b, &p, tag, index);
    zkfl_memzero(&v, sizeof v);
    if (rc == 0) *out = p;
    return rc;
}

int zkfl_circuit_to_wire(zkfl_var *out, zkfl_circuit *c, const zkfl_var *a,
                         const char *tag, uint32_t index)
{
    if (out == NULL || c == NULL || a == NULL) return ZKFL_ERR_INVALID_ARG;
    if (zkfl_var_wire(a) != UINT32_MAX) {
        *out = *a;
        return 0;
    }
    zkfl_var w;
    int rc = zkfl_circuit_private(&w, c, &a->value);
    if (rc == 0) rc = zkfl_circuit_assert_eq(c, &w, a, tag, index);
    if (rc == 0) *out = w;
    return rc;
}

int zkfl_circuit_defer(zkfl_circuit *c, zkfl_circuit_phase2_fn fn, void *ctx,
                       void (*ctx_free)(void *ctx))
{
    if (c == NULL || fn == NULL || c->finished) {
        if (ctx_free) ctx_free(ctx);
        return ZKFL_ERR_INVALID_ARG;
    }
    continuation *n = realloc(c->cont, (c->n_cont + 1) * sizeof *n);
    if (n == NULL) {
        if (ctx_free) ctx_free(ctx);
        return ZKFL_ERR_NOMEM;
    }
    c->cont = n;
    c->cont[c->n_cont].fn = fn;
    c->cont[c->n_cont].ctx = ctx;
    c->cont[c->n_cont].ctx_free = ctx_free;
    c->n_cont++;
    return 0;
}

int zkfl_circuit_new_commit_group(size_t *group, zkfl_circuit *c)
{
    if (group == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    commit_group *g = realloc(c->groups, (c->n_groups + 1) * sizeof *g);
    if (g == NULL) return ZKFL_ERR_NOMEM;
    c->groups = g;
    memset(&c->groups[c->n_groups], 0, sizeof c->groups[0]);
    *group = c->n_groups++;
    return 0;
}

int zkfl_circuit_commit_add(zkfl_circuit *c, size_t group, uint32_t wire)
{
    if (c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (group >= c->n_groups) return ZKFL_ERR_RANGE;
    if (wire <= c->n_public || wire >= c->n_wires)
        return circ_fail(ZKFL_ERR_RANGE, "circuit: wire %u is not a private wire", wire);
    if (c->committed[wire])
        return circ_fail(ZKFL_ERR_INVALID_ARG, "circuit: wire %u is already committed", wire);
    commit_group *g = &c->groups[group];
    int rc = grow((void **)&g->wires, &g->cap, g->n + 1, sizeof *g->wires);
    if (rc != 0) return rc;
    g->wires[g->n++] = wire;
    c->committed[wire] = 1;
    return 0;
}

int zkfl_circuit_challenge_add_group(zkfl_circuit *c, size_t k, size_t group)
{
    if (c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (k >= c->n_ch || group >= c->n_groups) return ZKFL_ERR_RANGE;
    challenge *ch = &c->ch[k];
    for (size_t i = 0; i < ch->n; i++)
        if (ch->groups[i] == group) return ZKFL_ERR_INVALID_ARG;
    int rc = grow((void **)&ch->groups, &ch->cap, ch->n + 1, sizeof *ch->groups);
    if (rc != 0) return rc;
    ch->groups[ch->n++] = group;
    return 0;
}

const zkfl_r1cs *zkfl_circuit_r1cs(const zkfl_circuit *c)
{
    if (c == NULL) return NULL;
    /* A circuit without private wires or constraints is sealed on demand. */
    if (c->cs == NULL && seal((zkfl_circuit *)c) != 0) return NULL;
    return c->cs;
}

const zkfl_fr *zkfl_circuit_witness(const zkfl_circuit *c)
{
    return c && c->witness_mode ? c->w : NULL;
}

size_t zkfl_circuit_n_wires(const zkfl_circuit *c)
{
    return c ? c->n_wires : 0;
}

size_t zkfl_circuit_n_public(const zkfl_circuit *c)
{
    return c ? c->n_public : 0;
}

size_t zkfl_circuit_n_commit_groups(const zkfl_circuit *c)
{
    return c ? c->n_groups : 0;
}

int zkfl_circuit_commit_group(const uint32_t **wires, size_t *n, const zkfl_circuit *c, size_t g)
{
    if (wires == NULL || n == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (g >= c->n_groups) return ZKFL_ERR_RANGE;
    *wires = c->groups[g].wires;
    *n = c->groups[g].n;
    return 0;
}

size_t zkfl_circuit_n_challenges(const zkfl_circuit *c)
{
    return c ? c->n_ch : 0;
}

int zkfl_circuit_challenge(uint32_t *wire, const size_t **groups, size_t *n_groups,
                           const zkfl_circuit *c, size_t k)
{
    if (c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (k >= c->n_ch) return ZKFL_ERR_RANGE;
    if (wire) *wire = c->ch[k].wire;
    if (groups) *groups = c->ch[k].groups;
    if (n_groups) *n_groups = c->ch[k].n;
    return 0;
}

int zkfl_circuit_finish_witness(zkfl_circuit *c, const zkfl_fr *challenges)
{
    if (c == NULL || !c->witness_mode || c->finished) return ZKFL_ERR_INVALID_ARG;
    if (c->n_ch > 0 && challenges == NULL) return ZKFL_ERR_INVALID_ARG;
    for (size_t k = 0; k < c->n_ch; k++) c->w[c->ch[k].wire] = challenges[k];
    c->finished = 1;
    for (size_t i = 0; i < c->n_cont; i++) {
        int rc = c->cont[i].fn(c, c->cont[i].ctx);
        if (rc != 0) return rc;
    }
    return 0;
}

int zkfl_circuit_witness_complete(const zkfl_circuit *c)
{
    if (c == NULL || !c->witness_mode) return 0;
    return c->finished || (c->n_ch == 0 && c->n_deferred == 0 && c->n_cont == 0);
}

int zkfl_circuit_describe(char *out, size_t out_len, const zkfl_circuit *c, size_t i)
{
    if (out == NULL || out_len == 0 || c == NULL) return ZKFL_ERR_INVALID_ARG;
    if (i >= c->n_names) return ZKFL_ERR_RANGE;
    snprintf(out, out_len, "%s[%u]", c->names[i].tag, c->names[i].index);
    return 0;
}

int zkfl_circuit_check(const zkfl_circuit *c, size_t *first_failing)
{
    if (c == NULL || !c->witness_mode) return ZKFL_ERR_INVALID_ARG;
    const zkfl_r1cs *cs = zkfl_circuit_r1cs(c);
    if (cs == NULL) return ZKFL_ERR_NOMEM;
    size_t bad = SIZE_MAX;
    int rc = zkfl_r1cs_check(cs, c->w, &bad);
    if (first_failing) *first_failing = bad;
    if (rc == ZKFL_ERR_UNSATISFIED) {
        char name[128] = "witness[0] != 1";
        if (bad != SIZE_MAX) zkfl_circuit_describe(name, sizeof name, c, bad);
        return circ_fail(rc, "constraint %zu (%s) not satisfied", bad, name);
    }
    return rc;
}
