/* Compliance rules: strict parsing, canonical hash, deterministic circuits
 * (shape only == witness mode, byte for byte), honest updates at exactly
 * the bounds, and every rule broken once (refused by the witness generator
 * with the rule's name, and a forced witness failing the R1CS). */
#include <stdlib.h>
#include <string.h>
#include "circuit_testutil.h"

static const char *STD_RULES =
    "{\"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10},"
    " \"metadata\": {\"num_samples\": {\"min\": 100}},"
    " \"bind\": [\"round\", \"client_id\", \"model_hash\"]}";

static zkfl_rules *parse(const char *json)
{
    zkfl_rules *r = NULL;
    int rc = zkfl_rules_parse(&r, json, strlen(json), "test.json");
    if (rc != 0) fprintf(stderr, "  parse: %s\n", zkfl_circuits_last_error());
    CHECK_OK(rc);
    return r;
}

static void expect_bad(const char *json, const char *msg_part)
{
    zkfl_rules *r = NULL;
    int rc = zkfl_rules_parse(&r, json, strlen(json), "bad.json");
    CHECK(rc < 0);
    CHECK(r == NULL);
    const char *m = zkfl_circuits_last_error();
    if (strstr(m, msg_part) == NULL || strstr(m, "bad.json") == NULL) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", m, msg_part);
        CHECK(0);
    }
    zkfl_rules_free(r);
}

static void test_parse(void)
{
    zkfl_rules *r = parse(STD_RULES);
    const zkfl_rules_params *p = zkfl_rules_get(r);
    CHECK_EQ_INT(p->bits, 16);
    CHECK(p->has_l2 && p->l2_max == 18000008);
    CHECK(p->has_linf && p->linf_max == 3000);
    CHECK(p->has_nonzero && p->nonzero_min == 10);
    CHECK(p->has_samples_min && p->samples_min == 100 && !p->has_samples_max && !p->samples_public);
    CHECK(p->bind_round && p->bind_client && p->bind_model);
    CHECK_EQ_INT(p->range, ZKFL_RANGE_BITS);
    uint8_t h[32];
    CHECK(zkfl_rules_hash(h, r) == ZKFL_ERR_INVALID_ARG);   /* dim unset */
    CHECK_OK(zkfl_rules_set_dim(r, 1000));
    CHECK_OK(zkfl_rules_set_dim(r, 1000));
    CHECK(zkfl_rules_set_dim(r, 999) == ZKFL_ERR_RANGE);
    zkfl_rules_free(r);

    expect_bad("{", "line");
    expect_bad("[]", "expected a JSON object");
    expect_bad("{\"update\": {\"bits\": 16}, \"extra\": 1}", "unknown key \"extra\"");
    expect_bad("{\"update\": {\"bits\": 16, \"l2max\": 5}}", "unknown key \"l2max\"");
    expect_bad("{\"update\": {\"bits\": 16}, \"metadata\": {\"num_samples\": {\"minimum\": 1}}}", "unknown key \"minimum\"");
    expect_bad("{\"update\": {\"bits\": 16}, \"metadata\": {\"samples\": {}}}", "unknown key \"samples\"");
    expect_bad("{\"dim\": 10}", "\"update\" is required");
    expect_bad("{\"update\": {}}", "update.bits is required");
    expect_bad("{\"update\": {\"bits\": 1}}", "update.bits");
    expect_bad("{\"update\": {\"bits\": 33}}", "update.bits");
    expect_bad("{\"update\": {\"bits\": \"16\"}}", "expected an integer");
    expect_bad("{\"update\": {\"bits\": 16.0}}", "expected an integer");
    expect_bad("{\"update\": {\"bits\": 16, \"linf_max\": 32768}}", "update.linf_max");
    expect_bad("{\"update\": {\"bits\": 16, \"linf_max\": -1}}", "update.linf_max");
    expect_bad("{\"update\": {\"bits\": 16, \"l2_max\": -5}}", "update.l2_max");
    expect_bad("{\"dim\": 5, \"update\": {\"bits\": 16, \"nonzero_min\": 6}}", "exceeds dim");
    expect_bad("{\"dim\": 0, \"update\": {\"bits\": 16}}", "rules.dim");
    expect_bad("{\"dim\": 100000000, \"update\": {\"bits\": 16}}", "rules.dim");
    expect_bad("{\"update\": {\"bits\": 16, \"range_check\": \"plookup\"}}", "range_check");
    expect_bad("{\"update\": {\"bits\": 16}, \"metadata\": {\"num_samples\": {\"min\": 5, \"max\": 4}}}", "min 5 > max 4");
    expect_bad("{\"update\": {\"bits\": 16}, \"metadata\": {\"num_samples\": {}}}", "needs");
    expect_bad("{\"update\": {\"bits\": 16}, \"metadata\": {\"num_samples\": {\"min\": 1, \"public\": 1}}}", "public");
    expect_bad("{\"update\": {\"bits\": 16}, \"bind\": [\"round\", \"round\"]}", "listed twice");
    expect_bad("{\"update\": {\"bits\": 16}, \"bind\": [\"epoch\"]}", "bind[0]");
    expect_bad("{\"update\": {\"bits\": 16}, \"bind\": \"round\"}", "bind");
    expect_bad("{\"update\": {\"bits\": 16, \"bits\": 8}}", "duplicate");

    /* nonzero_min against a dim given later. */
    r = parse("{\"update\": {\"bits\": 8, \"nonzero_min\": 6}}");
    CHECK(zkfl_rules_set_dim(r, 5) == ZKFL_ERR_RANGE);
    CHECK_OK(zkfl_rules_set_dim(r, 6));
    zkfl_rules_free(r);
}

static void test_hash(void)
{
    const char *same[] = {
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10},"
        " \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"bind\":[\"model_hash\",\"round\",\"client_id\"],\"metadata\":{\"num_samples\":{\"public\":false,\"min\":100}},"
        "\"update\":{\"range_check\":\"bits\",\"nonzero_min\":10,\"linf_max\":3000,\"l2_max\":18000008,\"bits\":16},\"dim\":1000}",
    };
    uint8_t h0[32], h1[32], h2[32];
    zkfl_rules *a = parse(same[0]), *b = parse(same[1]), *c = parse(STD_RULES);
    CHECK_OK(zkfl_rules_set_dim(c, 1000));
    CHECK_OK(zkfl_rules_hash(h0, a));
    CHECK_OK(zkfl_rules_hash(h1, b));
    CHECK_OK(zkfl_rules_hash(h2, c));
    CHECK(memcmp(h0, h1, 32) == 0);
    CHECK(memcmp(h0, h2, 32) == 0);
    char *s;
    CHECK_OK(zkfl_rules_canonical(&s, a));
    CHECK(strcmp(s, "zkfl-rules/v1\ndim=1000\nbits=16\nrange_check=bits\nl2_max=18000008\nlinf_max=3000\n"
                    "nonzero_min=10\nnum_samples.min=100\nnum_samples.max=-\nnum_samples.public=0\n"
                    "bind.round=1\nbind.client_id=1\nbind.model_hash=1\n") == 0);
    free(s);
    zkfl_rules_free(a);
    zkfl_rules_free(b);
    zkfl_rules_free(c);
    /* Every change of meaning changes the hash. */
    const char *diff[] = {
        "{\"dim\": 1001, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 15, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000009, \"linf_max\": 3000, \"nonzero_min\": 10}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"nonzero_min\": 10}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 11}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10}, \"metadata\": {\"num_samples\": {\"min\": 100, \"public\": true}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\"]}",
        "{\"dim\": 1000, \"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10, \"range_check\": \"lookup\"}, \"metadata\": {\"num_samples\": {\"min\": 100}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
    };
    for (size_t i = 0; i < sizeof diff / sizeof diff[0]; i++) {
        zkfl_rules *d = parse(diff[i]);
        uint8_t hd[32];
        CHECK_OK(zkfl_rules_hash(hd, d));
        CHECK(memcmp(hd, h0, 32) != 0);
        zkfl_rules_free(d);
    }
}

/* ---- compiled circuits ---- */

typedef struct {
    int64_t u[16];
    zkfl_compliance_witness w;
} scenario;

/* At exactly every bound: |u_0| = |u_1| = linf_max, sum u_i^2 = l2_max,
 * exactly 10 non-zeros, num_samples = min. */
static void at_bounds(scenario *s)
{
    memset(s, 0, sizeof *s);
    s->u[0] = 3000;
    s->u[1] = -3000;
    for (int i = 2; i < 10; i++) s->u[i] = 1;
    s->w.update = s->u;
    s->w.num_samples = 100;
    s->w.binding.round = 7;
    s->w.binding.client_id = 42;
    for (int i = 0; i < 32; i++) s->w.binding.model_hash[i] = (uint8_t)(0xA0 + i);
}

static zkfl_rules *std_rules(uint32_t dim, int lookup)
{
    char buf[512];
    const char *rc = lookup ? ", \"range_check\": \"lookup\"" : "";
    snprintf(buf, sizeof buf,
             "{\"update\": {\"bits\": 16, \"l2_max\": 18000008, \"linf_max\": 3000, \"nonzero_min\": 10%s},"
             " \"metadata\": {\"num_samples\": {\"min\": 100}},"
             " \"bind\": [\"round\", \"client_id\", \"model_hash\"]}", rc);
    zkfl_rules *r = parse(buf);
    CHECK_OK(zkfl_rules_set_dim(r, dim));
    return r;
}

static zkfl_test_rng rng;

/* Phase 2 with a challenge as the prover would derive it (any field
 * element works for satisfiability). */
static void finish(zkfl_circuit *c)
{
    size_t n = zkfl_circuit_n_challenges(c);
    zkfl_fr ch[4];
    for (size_t k = 0; k < n; k++) {
        uint8_t b[64];
        zkfl_test_rng_bytes(&rng, b, 64);
        zkfl_fr_from_bytes_be_wide(&ch[k], b);
    }
    CHECK_OK(zkfl_circuit_finish_witness(c, ch));
}

/* The wire of the private num_samples: the one term with coefficient -1
 * among the non-public wires of the num_samples.min check. */
static uint32_t samples_wire(const zkfl_circuit *c)
{
    const zkfl_r1cs *cs = zkfl_circuit_r1cs(c);
    zkfl_fr m1;
    zkfl_fr_set_i64(&m1, -1);
    for (size_t i = 0; i < zkfl_r1cs_n_constraints(cs); i++) {
        char name[80];
        zkfl_circuit_describe(name, sizeof name, c, i);
        if (strcmp(name, "metadata.num_samples.min[0]") != 0) continue;
        zkfl_lc a, b, cc;
        zkfl_r1cs_constraint(&a, &b, &cc, cs, i);
        for (size_t t = 0; t < a.n; t++)
            if (a.terms[t].wire > zkfl_circuit_n_public(c) && zkfl_fr_eq(&a.terms[t].coeff, &m1))
                return a.terms[t].wire;
    }
    return 0;
}

static void test_compile(int lookup)
{
    const uint32_t d = 16;
    zkfl_rules *r = std_rules(d, lookup);
    scenario s;
    at_bounds(&s);
    zkfl_circuit *shape, *shape2, *wit;
    CHECK_OK(zkfl_rules_circuit(&shape, r, NULL));
    CHECK_OK(zkfl_rules_circuit(&shape2, r, NULL));
    int rc = zkfl_rules_circuit(&wit, r, &s.w);
    if (rc != 0) fprintf(stderr, "  %s\n", zkfl_circuits_last_error());
    CHECK_OK(rc);
    CHECK(same_r1cs(shape, shape2));
    CHECK(same_r1cs(shape, wit));
    CHECK_EQ_INT(zkfl_circuit_witness_complete(wit), !lookup);
    finish(wit);
    CHECK(circuit_ok(wit));

    /* Public inputs: what the verifier computes, wire for wire. */
    size_t np = zkfl_rules_n_public(r);
    CHECK_EQ_INT(np, zkfl_circuit_n_public(wit));
    CHECK_EQ_INT(np, 3 + 1 + 4 + (size_t)lookup);
    zkfl_fr pub[16];
    CHECK_OK(zkfl_rules_public_inputs(pub, np, r, &s.w.binding, 0));
    const zkfl_fr *w = zkfl_circuit_witness(wit);
    for (size_t i = 0; i < np - (size_t)lookup; i++) CHECK(zkfl_fr_eq(&pub[i], &w[1 + i]));
    /* Each public wire has a non-zero column in some constraint (so its IC
     * point depends on it and a different value changes the statement). */
    const zkfl_r1cs *cs = zkfl_circuit_r1cs(wit);
    for (uint32_t pw = 1; pw <= np; pw++) {
        int used = 0;
        for (size_t i = 0; i < zkfl_r1cs_n_constraints(cs) && !used; i++) {
            zkfl_lc lcs[3];
            zkfl_r1cs_constraint(&lcs[0], &lcs[1], &lcs[2], cs, i);
            for (int m = 0; m < 3; m++)
                for (size_t t = 0; t < lcs[m].n; t++)
                    if (lcs[m].terms[t].wire == pw) used = 1;
        }
        CHECK(used);
    }
    /* Group 0 is u then the mask; the challenge (lookup) covers group 0
     * and the lookup group. */
    const uint32_t *g;
    size_t gn;
    CHECK_OK(zkfl_circuit_commit_group(&g, &gn, wit, 0));
    CHECK_EQ_INT(gn, d + 1);
    for (uint32_t i = 0; i < d; i++) {
        zkfl_fr u;
        zkfl_fr_set_i64(&u, s.u[i]);
        CHECK(zkfl_fr_eq(&w[g[i]], &u));
    }
    CHECK_EQ_INT(zkfl_circuit_n_commit_groups(wit), 1 + (size_t)lookup);
    CHECK_EQ_INT(zkfl_circuit_n_challenges(wit), (size_t)lookup);
    if (lookup) {
        uint32_t cw;
        const size_t *groups;
        size_t ng;
        CHECK_OK(zkfl_circuit_challenge(&cw, &groups, &ng, wit, 0));
        CHECK_EQ_INT(cw, np);
        CHECK_EQ_INT(ng, 2);
        CHECK(ng == 2 && groups[0] == 0 && groups[1] == 1);
    }
    /* Every committed wire has a non-zero column, distinct from every other
     * committed wire's (so its commitment basis point is non-zero and
     * distinct): compared through a random linear functional of the
     * columns, as the basis points are one. */
    {
        size_t nw = zkfl_circuit_n_wires(wit), ncs = zkfl_r1cs_n_constraints(cs);
        zkfl_fr *f = calloc(nw, sizeof *f), *rnd = malloc(3 * ncs * sizeof *rnd);
        for (size_t i = 0; i < 3 * ncs; i++) {
            uint8_t b[64];
            zkfl_test_rng_bytes(&rng, b, 64);
            zkfl_fr_from_bytes_be_wide(&rnd[i], b);
        }
        for (size_t i = 0; i < ncs; i++) {
            zkfl_lc lcs[3];
            zkfl_r1cs_constraint(&lcs[0], &lcs[1], &lcs[2], cs, i);
            for (int m = 0; m < 3; m++)
                for (size_t t = 0; t < lcs[m].n; t++) {
                    zkfl_fr x;
                    zkfl_fr_mul(&x, &lcs[m].terms[t].coeff, &rnd[3 * i + m]);
                    zkfl_fr_add(&f[lcs[m].terms[t].wire], &f[lcs[m].terms[t].wire], &x);
                }
        }
        size_t total = 0;
        uint32_t all[4096];
        for (size_t gi = 0; gi < zkfl_circuit_n_commit_groups(wit); gi++) {
            CHECK_OK(zkfl_circuit_commit_group(&g, &gn, wit, gi));
            for (size_t i = 0; i < gn && total < 4096; i++) all[total++] = g[i];
        }
        int distinct = 1, nonzero = 1;
        for (size_t i = 0; i < total; i++) {
            if (zkfl_fr_is_zero(&f[all[i]])) nonzero = 0;
            for (size_t j = i + 1; j < total; j++)
                if (zkfl_fr_eq(&f[all[i]], &f[all[j]])) distinct = 0;
        }
        CHECK(nonzero);
        CHECK(distinct);
        free(f);
        free(rnd);
    }
    /* Forced witnesses: each rule broken by one edit after solving. */
    CHECK_OK(zkfl_circuit_commit_group(&g, &gn, wit, 0));
    CHECK(edit_fails_i64(wit, g[0], 3001, 1));      /* linf */
    CHECK(edit_fails_i64(wit, g[1], -3001, 1));
    CHECK(edit_fails_i64(wit, g[10], 1, 1));        /* sum u^2 = l2_max + 1 */
    CHECK(edit_fails_i64(wit, g[9], 0, 1));         /* 9 non-zeros */
    CHECK(edit_fails_i64(wit, g[11], 40000, 0));    /* out of 16 bits */
    uint32_t sw = samples_wire(wit);
    if (lookup) {
        /* The private count is the first wire of the lookup group. */
        CHECK_OK(zkfl_circuit_commit_group(&g, &gn, wit, 1));
        sw = g[0];
        CHECK_OK(zkfl_circuit_commit_group(&g, &gn, wit, 0));
    }
    CHECK(sw != 0);
    if (sw) CHECK(edit_fails_i64(wit, sw, 99, 1));
    for (uint32_t pw = 1; pw <= np; pw++) CHECK(bump_fails(wit, pw, 0));
    zkfl_circuit_free(wit);

    /* Each rule broken once: the generator refuses, naming rule and
     * coordinate. */
    struct { int idx; int64_t val; uint64_t samples; const char *msg; } broken[] = {
        {0, 3001, 100, "rule update.linf_max: |u[0]| = 3001 exceeds 3000"},
        {1, -3001, 100, "rule update.linf_max: |u[1]| = 3001 exceeds 3000"},
        {10, 1, 100, "rule update.l2_max: sum of u[0..10]^2 already exceeds 18000008"},
        {9, 0, 100, "rule update.nonzero_min: 9 non-zero coordinates, at least 10 required"},
        {-1, 0, 99, "rule metadata.num_samples.min: 99 samples, at least 100 required"},
        {12, 32768, 100, "rule update.bits: u[12] = 32768 is not a 16-bit signed integer"},
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        at_bounds(&s);
        if (broken[i].idx >= 0) s.u[broken[i].idx] = broken[i].val;
        s.w.num_samples = broken[i].samples;
        zkfl_circuit *bad = NULL;
        CHECK(zkfl_rules_circuit(&bad, r, &s.w) == ZKFL_ERR_RANGE);
        CHECK(bad == NULL);
        if (strcmp(zkfl_circuits_last_error(), broken[i].msg) != 0) {
            fprintf(stderr, "  got \"%s\"\n  want \"%s\"\n", zkfl_circuits_last_error(), broken[i].msg);
            CHECK(0);
        }
    }
    /* The linf case that keeps l2 intact (u1 = -2998): still refused. */
    at_bounds(&s);
    s.u[0] = 3001;
    s.u[1] = -2998;
    zkfl_circuit *bad = NULL;
    CHECK(zkfl_rules_circuit(&bad, r, &s.w) == ZKFL_ERR_RANGE);
    zkfl_circuit_free(shape);
    zkfl_circuit_free(shape2);
    zkfl_rules_free(r);
}

/* Constraints per update element for d = 1000 (printed for the report). */
static void test_cost(void)
{
    for (int lookup = 0; lookup <= 1; lookup++) {
        const uint32_t d = 1000;
        zkfl_rules *r = std_rules(d, lookup);
        int64_t *u = calloc(d, sizeof *u);
        for (uint32_t i = 0; i < d; i++) u[i] = (int64_t)(zkfl_test_rng_next(&rng) % 201) - 100;
        zkfl_compliance_witness w = {u, 500, {1, 2, {0}}};
        zkfl_circuit *c, *s;
        CHECK_OK(zkfl_rules_circuit(&c, r, &w));
        CHECK_OK(zkfl_rules_circuit(&s, r, NULL));
        CHECK(same_r1cs(c, s));
        finish(c);
        CHECK(circuit_ok(c));
        size_t n = zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c));
        printf("standard rules, d = %u, range_check %s: %zu constraints, %.2f per element, %zu wires\n",
               d, lookup ? "lookup" : "bits", n, (double)n / d, zkfl_circuit_n_wires(c));
        /* The lookup's per-element cost: square 1 + is_zero 2 + two 16-bit
         * slack checks of 3 each. */
        if (lookup) CHECK(n < 10u * d);
        zkfl_circuit_free(c);
        zkfl_circuit_free(s);
        free(u);
        zkfl_rules_free(r);
    }
}

/* num_samples as a public input, with a max, no binding. */
static void test_variants(void)
{
    zkfl_rules *r = parse("{\"dim\": 4, \"update\": {\"bits\": 8}, \"metadata\": {\"num_samples\": {\"min\": 10, \"max\": 20, \"public\": true}}}");
    int64_t u[4] = {-128, 127, 0, 5};
    zkfl_compliance_witness w = {u, 20, {0, 0, {0}}};
    zkfl_circuit *c;
    CHECK_OK(zkfl_rules_circuit(&c, r, &w));
    CHECK(circuit_ok(c));
    CHECK_EQ_INT(zkfl_circuit_n_public(c), 3);
    zkfl_fr pub[3];
    CHECK_OK(zkfl_rules_public_inputs(pub, 3, r, &w.binding, 20));
    for (int i = 0; i < 3; i++) CHECK(zkfl_fr_eq(&pub[i], &zkfl_circuit_witness(c)[1 + i]));
    CHECK(edit_fails_i64(c, 3, 21, 1));             /* public num_samples over max */
    CHECK(edit_fails_i64(c, 3, 9, 0));
    const uint32_t *g;
    size_t gn;
    CHECK_OK(zkfl_circuit_commit_group(&g, &gn, c, 0));
    CHECK(edit_fails_i64(c, g[0], -129, 1));
    CHECK(edit_fails_i64(c, g[1], 128, 0));
    zkfl_circuit_free(c);
    w.num_samples = 21;
    CHECK(zkfl_rules_circuit(&c, r, &w) == ZKFL_ERR_RANGE);
    CHECK(strstr(zkfl_circuits_last_error(), "num_samples.max") != NULL);
    w.num_samples = 15;
    u[1] = 128;
    CHECK(zkfl_rules_circuit(&c, r, &w) == ZKFL_ERR_RANGE);
    CHECK(strstr(zkfl_circuits_last_error(), "u[1] = 128") != NULL);
    zkfl_rules_free(r);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 99);
    test_parse();
    test_hash();
    test_compile(0);
    test_compile(1);
    test_variants();
    test_cost();
    return zkfl_test_done("circuits_rules");
}
