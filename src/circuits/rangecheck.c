/* Range checks by log-derivative lookup (Haboeck 2022, as gnark's
 * rangecheck): every value is split into 8-bit limbs, and
 *     sum_i 1/(X - key_i) = sum_j m_j/(X - j),   j = 0..255
 * holds at a random X, derived from a commitment to the limbs and the
 * multiplicities m_j, only if (with overwhelming probability) every key is
 * in the table. Each key costs one constraint, h_i * (X - key_i) = 1, and
 * the top limb is a linear combination of the value and the lower limbs,
 * so a 16-bit value costs 2 constraints (bit decomposition: 17); the table
 * costs 256 constraints once.
 *
 * A value of b bits whose top limb has r < 8 bits also looks up the top
 * limb times 2^(8-r): both in [0, 256) forces the top limb below 2^r. */
#include <stdlib.h>
#include <string.h>
#include "circuits/circuit_internal.h"

#define LIMB_BITS 8
#define TABLE_SIZE (1u << LIMB_BITS)

typedef struct {
    zkfl_var v;
    unsigned bits;
    const char *tag;
    uint32_t index;
} entry;

struct zkfl_rangecheck {
    zkfl_circuit *c;
    zkfl_var challenge;
    size_t k;
    entry *e;
    size_t n, cap;
    uint32_t *extra;            /* wires committed in the lookup group */
    size_t n_extra;
    /* The direct table [0, dt_size), if any: keys looked up whole. */
    uint32_t dt_size;
    uint32_t *dt_m;             /* multiplicity wires, created with the table */
    uint64_t *dt_count;
    zkfl_var *dt_keys;
    size_t dt_n, dt_cap;
};

/* What phase 2 needs per table: the keys, their inverse wires, the
 * multiplicities and their quotient wires. Table 0 is the limb table
 * [0, 256); table 1, when present, the direct table [0, size). */
typedef struct {
    zkfl_var *keys;
    uint32_t *inv_wires;
    size_t n_keys;
    uint32_t size;
    uint32_t *m_wires;
    uint32_t *q_wires;
} table_ctx;

typedef struct {
    uint32_t challenge_wire;
    table_ctx t[2];
    int n_tables;
} phase2_ctx;

static void phase2_free(void *p)
{
    phase2_ctx *x = p;
    if (x == NULL) return;
    for (int k = 0; k < 2; k++) {
        free(x->t[k].keys);
        free(x->t[k].inv_wires);
        free(x->t[k].m_wires);
        free(x->t[k].q_wires);
    }
    free(x);
}

/* Montgomery's trick with the constant-time inversion: the differences
 * X - limb are secret, and a variable-time inversion of their product
 * would leak through timing. No element is zero (checked by the caller). */
static int batch_inverse(zkfl_fr *d, size_t n)
{
    zkfl_fr *prefix = malloc(n * sizeof *prefix);
    if (prefix == NULL) return ZKFL_ERR_NOMEM;
    zkfl_fr acc, inv, t;
    zkfl_fr_set_one(&acc);
    for (size_t i = 0; i < n; i++) {
        prefix[i] = acc;
        zkfl_fr_mul(&acc, &acc, &d[i]);
    }
    zkfl_fr_inv(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        zkfl_fr_mul(&t, &inv, &prefix[i]);
        zkfl_fr_mul(&inv, &inv, &d[i]);
        d[i] = t;
    }
    zkfl_memzero(prefix, n * sizeof *prefix);
    zkfl_memzero(&acc, sizeof acc);
    zkfl_memzero(&inv, sizeof inv);
    free(prefix);
    return 0;
}

static int phase2_table(zkfl_circuit *c, const zkfl_fr *X, const table_ctx *t)
{
    const zkfl_fr *w = zkfl_circuit_witness(c);
    size_t n = t->n_keys + t->size;
    zkfl_fr *d = malloc(n * sizeof *d);
    if (d == NULL) return ZKFL_ERR_NOMEM;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < t->n_keys; i++) {
        zkfl_fr key;
        rc = zkfl_circuit_eval(&key, c, &t->keys[i]);
        zkfl_fr_sub(&d[i], X, &key);
    }
    for (uint32_t j = 0; j < t->size; j++) {
        zkfl_fr jf;
        zkfl_fr_set_u64(&jf, j);
        zkfl_fr_sub(&d[t->n_keys + j], X, &jf);
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (zkfl_fr_is_zero(&d[i]))
            rc = circ_fail(ZKFL_ERR_VERIFY, "rangecheck: the challenge hits a table value (probability < 2^-230)");
    if (rc == 0) rc = batch_inverse(d, n);
    for (size_t i = 0; rc == 0 && i < t->n_keys; i++) rc = zkfl_circuit_set_value(c, t->inv_wires[i], &d[i]);
    for (uint32_t j = 0; rc == 0 && j < t->size; j++) {
        zkfl_fr q;
        zkfl_fr_mul(&q, &w[t->m_wires[j]], &d[t->n_keys + j]);
        rc = zkfl_circuit_set_value(c, t->q_wires[j], &q);
    }
    zkfl_memzero(d, n * sizeof *d);
    free(d);
    return rc;
}

static int phase2(zkfl_circuit *c, void *p)
{
    phase2_ctx *x = p;
    zkfl_fr X = zkfl_circuit_witness(c)[x->challenge_wire];
    int rc = 0;
    for (int k = 0; rc == 0 && k < x->n_tables; k++) rc = phase2_table(c, &X, &x->t[k]);
    return rc;
}

int zkfl_rangecheck_new(zkfl_rangecheck **out, zkfl_circuit *c, const zkfl_var *challenge,
                        size_t k_index)
{
    if (out == NULL || c == NULL || challenge == NULL) return ZKFL_ERR_INVALID_ARG;
    uint32_t wire;
    if (zkfl_circuit_challenge(&wire, NULL, NULL, c, k_index) != 0 || zkfl_var_wire(challenge) != wire)
        return circ_fail(ZKFL_ERR_INVALID_ARG, "rangecheck: not the wire of challenge %zu", k_index);
    zkfl_rangecheck *rc = calloc(1, sizeof *rc);
    if (rc == NULL) return ZKFL_ERR_NOMEM;
    rc->c = c;
    rc->challenge = *challenge;
    rc->k = k_index;
    *out = rc;
    return 0;
}

void zkfl_rangecheck_free(zkfl_rangecheck *rc)
{
    if (rc == NULL) return;
    if (rc->e) zkfl_memzero(rc->e, rc->cap * sizeof *rc->e);
    if (rc->dt_keys) zkfl_memzero(rc->dt_keys, rc->dt_cap * sizeof *rc->dt_keys);
    if (rc->dt_count) zkfl_memzero(rc->dt_count, (size_t)rc->dt_size * sizeof *rc->dt_count);
    free(rc->e);
    free(rc->extra);
    free(rc->dt_m);
    free(rc->dt_count);
    free(rc->dt_keys);
    free(rc);
}

int circ_rangecheck_direct_table(zkfl_rangecheck *rc, uint32_t size)
{
    if (rc == NULL || size == 0 || size > CIRC_DIRECT_TABLE_MAX || rc->dt_size != 0) return ZKFL_ERR_INVALID_ARG;
    rc->dt_m = malloc(size * sizeof *rc->dt_m);
    rc->dt_count = calloc(size, sizeof *rc->dt_count);
    if (rc->dt_m == NULL || rc->dt_count == NULL) return ZKFL_ERR_NOMEM;
    rc->dt_size = size;
    zkfl_fr zero;
    zkfl_fr_set_zero(&zero);
    for (uint32_t j = 0; j < size; j++) {
        zkfl_var m;
        /* Values are set at close, once every key is counted. */
        int err = zkfl_circuit_private(&m, rc->c, &zero);
        if (err != 0) return err;
        rc->dt_m[j] = zkfl_var_wire(&m);
    }
    return 0;
}

int circ_rangecheck_add_direct(zkfl_rangecheck *rc, const zkfl_var *v, const char *tag, uint32_t index)
{
    if (rc == NULL || v == NULL || rc->dt_size == 0) return ZKFL_ERR_INVALID_ARG;
    if (zkfl_circuit_has_witness(rc->c)) {
        uint64_t x;
        if (!circ_fr_to_u64(&x, &v->value) || x >= rc->dt_size)
            return circ_fail(ZKFL_ERR_RANGE, "%s[%u]: value is not below %u", tag ? tag : "range", index,
                             rc->dt_size);
        rc->dt_count[x]++;
    }
    if (rc->dt_n == rc->dt_cap) {
        size_t cap = rc->dt_cap ? 2 * rc->dt_cap : 64;
        zkfl_var *k = realloc(rc->dt_keys, cap * sizeof *k);
        if (k == NULL) return ZKFL_ERR_NOMEM;
        rc->dt_keys = k;
        rc->dt_cap = cap;
    }
    rc->dt_keys[rc->dt_n++] = *v;
    return 0;
}

int circ_rangecheck_direct_count(zkfl_var *out, zkfl_rangecheck *rc, uint32_t j)
{
    if (out == NULL || rc == NULL || j >= rc->dt_size) return ZKFL_ERR_INVALID_ARG;
    zkfl_fr v;
    zkfl_fr_set_u64(&v, zkfl_circuit_has_witness(rc->c) ? rc->dt_count[j] : 0);
    return circ_var_wire(out, rc->c, rc->dt_m[j], &v);
}

int zkfl_rangecheck_add(zkfl_rangecheck *rc, const zkfl_var *v, unsigned bits,
                        const char *tag, uint32_t index)
{
    if (rc == NULL || v == NULL || bits < 1 || bits > 64) return ZKFL_ERR_INVALID_ARG;
    if (zkfl_circuit_has_witness(rc->c)) {
        uint64_t x;
        if (!circ_fr_to_u64(&x, &v->value) || (bits < 64 && x >> bits))
            return circ_fail(ZKFL_ERR_RANGE, "%s[%u]: value does not fit in %u bits",
                             tag ? tag : "range", index, bits);
    }
    if (rc->n == rc->cap) {
        size_t cap = rc->cap ? 2 * rc->cap : 64;
        entry *e = realloc(rc->e, cap * sizeof *e);
        if (e == NULL) return ZKFL_ERR_NOMEM;
        rc->e = e;
        rc->cap = cap;
    }
    rc->e[rc->n].v = *v;
    rc->e[rc->n].bits = bits;
    rc->e[rc->n].tag = tag ? tag : "range";
    rc->e[rc->n].index = index;
    rc->n++;
    return 0;
}

int zkfl_rangecheck_commit_wire(zkfl_rangecheck *rc, uint32_t wire)
{
    if (rc == NULL) return ZKFL_ERR_INVALID_ARG;
    uint32_t *e = realloc(rc->extra, (rc->n_extra + 1) * sizeof *e);
    if (e == NULL) return ZKFL_ERR_NOMEM;
    rc->extra = e;
    rc->extra[rc->n_extra++] = wire;
    return 0;
}

/* h * (X - key) = 1 with h a phase-2 wire. */
static int add_key(table_ctx *x, zkfl_circuit *c, const zkfl_var *X, const zkfl_var *key,
                   const char *tag, uint32_t index)
{
    zkfl_var h, diff, one;
    int rc = zkfl_circuit_private_deferred(&h, c);
    if (rc == 0) rc = zkfl_var_sub(&diff, c, X, key);
    if (rc == 0) rc = zkfl_var_const_i64(&one, c, 1);
    if (rc == 0) rc = zkfl_circuit_assert_mul(c, &h, &diff, &one, tag, index);
    if (rc != 0) return rc;
    x->keys[x->n_keys] = *key;
    x->inv_wires[x->n_keys] = zkfl_var_wire(&h);
    x->n_keys++;
    return 0;
}

/* The table side of one lookup: q_j * (X - j) = m_j with q_j a phase-2
 * wire, and sum_i h_i = sum_j q_j (linear in the wires, one constraint). */
static int table_constraints(table_ctx *t, zkfl_circuit *c, const zkfl_var *X, const char *tag_table,
                             const char *tag_sum)
{
    zkfl_var *qs = malloc((t->size ? t->size : 1) * sizeof *qs);
    t->q_wires = malloc((t->size ? t->size : 1) * sizeof *t->q_wires);
    int err = qs && t->q_wires ? 0 : ZKFL_ERR_NOMEM;
    for (uint32_t j = 0; err == 0 && j < t->size; j++) {
        zkfl_var jv, diff, m;
        err = zkfl_circuit_private_deferred(&qs[j], c);
        if (err == 0) err = zkfl_var_const_i64(&jv, c, j);
        if (err == 0) err = zkfl_var_sub(&diff, c, X, &jv);
        if (err == 0) err = circ_var_wire(&m, c, t->m_wires[j], NULL);
        if (err == 0) err = zkfl_circuit_assert_mul(c, &qs[j], &diff, &m, tag_table, j);
        if (err == 0) t->q_wires[j] = zkfl_var_wire(&qs[j]);
    }
    if (err == 0) {
        zkfl_var *hs = malloc((t->n_keys + 1) * sizeof *hs);
        zkfl_var lhs, rhs;
        if (hs == NULL) err = ZKFL_ERR_NOMEM;
        for (size_t i = 0; err == 0 && i < t->n_keys; i++) err = circ_var_wire(&hs[i], c, t->inv_wires[i], NULL);
        if (err == 0) err = zkfl_var_sum(&lhs, c, hs, NULL, t->n_keys);
        if (err == 0) err = zkfl_var_sum(&rhs, c, qs, NULL, t->size);
        if (err == 0) err = zkfl_circuit_assert_eq(c, &lhs, &rhs, tag_sum, 0);
        free(hs);
    }
    free(qs);
    return err;
}

static int alloc_keys(table_ctx *t, size_t n_keys)
{
    t->keys = malloc((n_keys ? n_keys : 1) * sizeof *t->keys);
    t->inv_wires = malloc((n_keys ? n_keys : 1) * sizeof *t->inv_wires);
    return t->keys && t->inv_wires ? 0 : ZKFL_ERR_NOMEM;
}

static int close_checks(zkfl_rangecheck *rc, phase2_ctx *x)
{
    zkfl_circuit *c = rc->c;
    int witness = zkfl_circuit_has_witness(c);
    /* The limb table is built whenever there is no direct table (the
     * layout of circuits without one is unchanged) or limbs need it. */
    int limb_table = rc->n > 0 || rc->dt_size == 0;
    table_ctx *lt = &x->t[0], *dt = &x->t[limb_table ? 1 : 0];
    x->n_tables = limb_table + (rc->dt_size != 0);
    size_t n_keys = 0;
    for (size_t i = 0; i < rc->n; i++) {
        unsigned nl = (rc->e[i].bits + LIMB_BITS - 1) / LIMB_BITS;
        n_keys += nl + (rc->e[i].bits % LIMB_BITS != 0);
    }
    if (limb_table) {
        lt->size = TABLE_SIZE;
        lt->m_wires = malloc(TABLE_SIZE * sizeof *lt->m_wires);
        if (lt->m_wires == NULL || alloc_keys(lt, n_keys) != 0) return ZKFL_ERR_NOMEM;
    }

    size_t g;
    int err = zkfl_circuit_new_commit_group(&g, c);
    for (size_t i = 0; err == 0 && i < rc->n_extra; i++) err = zkfl_circuit_commit_add(c, g, rc->extra[i]);
    uint64_t count[TABLE_SIZE] = {0};
    /* Phase 1: the low limbs as committed wires; the top limb is the
     * combination (v - low limbs) / 2^(8(nl-1)), no wire and no
     * recomposition constraint. Sound because v is fixed by the committed
     * wires and public inputs (see zkfl_rangecheck_add), so every key is
     * fixed before X is drawn. */
    zkfl_var *limbs = malloc(rc->n * 8 * sizeof *limbs + 1);
    if (err == 0 && limbs == NULL) err = ZKFL_ERR_NOMEM;
    zkfl_fr top_invs[8];   /* 2^-(8j): public constants */
    for (unsigned j = 0; j < 8; j++) {
        zkfl_fr_set_u64(&top_invs[j], (uint64_t)1 << (LIMB_BITS * j));
        zkfl_fr_inv_vartime(&top_invs[j], &top_invs[j]);
    }
    for (size_t i = 0; err == 0 && i < rc->n; i++) {
        const entry *e = &rc->e[i];
        unsigned nl = (e->bits + LIMB_BITS - 1) / LIMB_BITS;
        uint64_t val = 0;
        if (witness) circ_fr_to_u64(&val, &e->v.value);
        zkfl_var *l = limbs + 8 * i;
        zkfl_var parts[8];
        zkfl_fr coef[8], top_inv = top_invs[nl - 1];
        parts[0] = e->v;
        coef[0] = top_inv;
        for (unsigned j = 0; err == 0 && j + 1 < nl; j++) {
            uint64_t limb = (val >> (LIMB_BITS * j)) & (TABLE_SIZE - 1);
            zkfl_fr lf;
            zkfl_fr_set_u64(&lf, limb);
            err = zkfl_circuit_private(&l[j], c, &lf);
            if (err == 0) err = zkfl_circuit_commit_add(c, g, zkfl_var_wire(&l[j]));
            count[limb]++;
            parts[j + 1] = l[j];
            zkfl_fr_set_u64(&coef[j + 1], (uint64_t)1 << (LIMB_BITS * j));
            zkfl_fr_mul(&coef[j + 1], &coef[j + 1], &top_inv);
            zkfl_fr_neg(&coef[j + 1], &coef[j + 1]);
        }
        if (err == 0) err = zkfl_var_sum(&l[nl - 1], c, parts, coef, nl);
        uint64_t top = val >> (LIMB_BITS * (nl - 1));
        if (witness) {
            count[top]++;
            if (e->bits % LIMB_BITS) count[top << (LIMB_BITS - e->bits % LIMB_BITS)]++;
        }
        val = top = 0;
    }
    /* Multiplicities (phase 1, committed). */
    for (uint32_t j = 0; err == 0 && limb_table && j < TABLE_SIZE; j++) {
        zkfl_fr mf;
        zkfl_var m;
        zkfl_fr_set_u64(&mf, witness ? count[j] : 0);
        err = zkfl_circuit_private(&m, c, &mf);
        if (err == 0) err = zkfl_circuit_commit_add(c, g, zkfl_var_wire(&m));
        if (err == 0) lt->m_wires[j] = zkfl_var_wire(&m);
    }
    zkfl_memzero(count, sizeof count);
    /* The direct table's multiplicities exist since the table was made;
     * their values are the counts of the keys added since. */
    if (err == 0 && rc->dt_size) {
        dt->size = rc->dt_size;
        dt->m_wires = malloc(rc->dt_size * sizeof *dt->m_wires);
        if (dt->m_wires == NULL || alloc_keys(dt, rc->dt_n) != 0) err = ZKFL_ERR_NOMEM;
        for (uint32_t j = 0; err == 0 && j < rc->dt_size; j++) {
            zkfl_fr mf;
            zkfl_fr_set_u64(&mf, rc->dt_count[j]);
            if (witness) err = zkfl_circuit_set_value(c, rc->dt_m[j], &mf);
            if (err == 0) err = zkfl_circuit_commit_add(c, g, rc->dt_m[j]);
            dt->m_wires[j] = rc->dt_m[j];
        }
    }
    if (err == 0) err = zkfl_gadget_commit_mask(c, g);
    if (err == 0) err = zkfl_circuit_challenge_add_group(c, rc->k, g);

    /* Phase 2 wires: one inverse per key, one quotient per table entry. */
    for (size_t i = 0; err == 0 && i < rc->n; i++) {
        const entry *e = &rc->e[i];
        unsigned nl = (e->bits + LIMB_BITS - 1) / LIMB_BITS;
        for (unsigned j = 0; err == 0 && j < nl; j++)
            err = add_key(lt, c, &rc->challenge, &limbs[8 * i + j], e->tag, e->index);
        if (err == 0 && e->bits % LIMB_BITS) {
            zkfl_fr s;
            zkfl_fr_set_u64(&s, (uint64_t)1 << (LIMB_BITS - e->bits % LIMB_BITS));
            zkfl_var shifted;
            err = zkfl_var_scale(&shifted, c, &limbs[8 * i + nl - 1], &s);
            if (err == 0) err = add_key(lt, c, &rc->challenge, &shifted, e->tag, e->index);
        }
    }
    if (err == 0 && limb_table) err = table_constraints(lt, c, &rc->challenge, "rangecheck.table", "rangecheck.sum");
    /* The direct table: one key per value, no limbs. */
    for (size_t i = 0; err == 0 && i < rc->dt_n; i++)
        err = add_key(dt, c, &rc->challenge, &rc->dt_keys[i], "rangecheck.direct", (uint32_t)i);
    if (err == 0 && rc->dt_size)
        err = table_constraints(dt, c, &rc->challenge, "rangecheck.direct_table", "rangecheck.direct_sum");
    if (limbs) zkfl_memzero(limbs, rc->n * 8 * sizeof *limbs + 1);
    free(limbs);
    return err;
}

int zkfl_rangecheck_close(zkfl_rangecheck *rc)
{
    if (rc == NULL) return ZKFL_ERR_INVALID_ARG;
    phase2_ctx *x = calloc(1, sizeof *x);
    int err = x ? 0 : ZKFL_ERR_NOMEM;
    if (x) x->challenge_wire = zkfl_var_wire(&rc->challenge);
    if (err == 0) err = close_checks(rc, x);
    if (err == 0) {
        err = zkfl_circuit_defer(rc->c, phase2, x, phase2_free);
        x = NULL;
    }
    phase2_free(x);
    zkfl_rangecheck_free(rc);
    return err;
}
