/* The direct lookup table [0, N) (any N, not only powers of two) and the
 * compliance rules compiled with it: exact boundaries for the gadget on a
 * witness re-solved as a cheater would (keys, multiplicities, every
 * inverse), multiplicities that must equal the true counts, and the rules
 * (linf, l2, non-zero count through the multiplicity of zero, samples) at
 * and one past each bound, plus the cost per coordinate. */
#include <stdlib.h>
#include <string.h>
#include "circuit_testutil.h"
#include "circuits/circuit_internal.h"

static zkfl_test_rng rng;

/* X (wire 1), values v[0..n) (wires 2..), one direct table of size N. */
static zkfl_circuit *direct_circuit(const int64_t *v, size_t n, uint32_t N)
{
    zkfl_circuit *c;
    CHECK_OK(zkfl_circuit_new(&c, ZKFL_CIRCUIT_WITNESS));
    zkfl_var X, vv[8];
    size_t k;
    CHECK_OK(zkfl_circuit_challenge_input(&X, &k, c));
    for (size_t i = 0; i < n; i++) {
        zkfl_fr f = fr(v[i]);
        CHECK_OK(zkfl_circuit_private(&vv[i], c, &f));
    }
    zkfl_rangecheck *rc;
    CHECK_OK(zkfl_rangecheck_new(&rc, c, &X, k));
    for (size_t i = 0; i < n; i++) CHECK_OK(zkfl_rangecheck_commit_wire(rc, zkfl_var_wire(&vv[i])));
    CHECK_OK(circ_rangecheck_direct_table(rc, N));
    for (size_t i = 0; i < n; i++) {
        if (circ_rangecheck_add_direct(rc, &vv[i], "direct", (uint32_t)i) != 0) {
            zkfl_rangecheck_free(rc);
            zkfl_circuit_free(c);
            return NULL;
        }
    }
    CHECK_OK(zkfl_rangecheck_close(rc));
    return c;
}

/* Builds an honest circuit for values 0, forces v[] in, and re-solves: the
 * multiplicities are set to m[] (the true counts when m == NULL), every
 * inverse and quotient recomputed. Returns the R1CS verdict. */
static int forced(const int64_t *v, size_t n, uint32_t N, const uint64_t *m)
{
    int64_t zeros[8] = {0};
    zkfl_circuit *c = direct_circuit(zeros, n, N);
    zkfl_fr X;
    random_fr(&X, &rng);
    CHECK_OK(zkfl_circuit_finish_witness(c, &X));
    const zkfl_fr *w = zkfl_circuit_witness(c);
    for (size_t i = 0; i < n; i++) {
        zkfl_fr f = fr(v[i]);
        zkfl_circuit_set_value(c, (uint32_t)(2 + i), &f);
    }
    const zkfl_r1cs *cs = zkfl_circuit_r1cs(c);
    for (size_t i = 0; i < zkfl_r1cs_n_constraints(cs); i++) {
        char name[64];
        zkfl_circuit_describe(name, sizeof name, c, i);
        zkfl_lc a, b, cc;
        CHECK_OK(zkfl_r1cs_constraint(&a, &b, &cc, cs, i));
        zkfl_fr d, h;
        if (strncmp(name, "rangecheck.direct[", 18) == 0) {
            lc_value(&d, &b, w);                 /* X - key */
            zkfl_fr_inv(&h, &d);
            zkfl_circuit_set_value(c, a.terms[0].wire, &h);
        } else if (strncmp(name, "rangecheck.direct_table[", 24) == 0) {
            uint32_t j = (uint32_t)atoi(name + 24);
            uint64_t cnt = 0;
            if (m) cnt = m[j];
            else
                for (size_t t = 0; t < n; t++) cnt += v[t] == (int64_t)j;
            zkfl_fr mf, q;
            zkfl_fr_set_u64(&mf, cnt);
            zkfl_circuit_set_value(c, cc.terms[0].wire, &mf);
            lc_value(&d, &b, w);
            zkfl_fr_inv(&q, &d);
            zkfl_fr_mul(&q, &q, &mf);
            zkfl_circuit_set_value(c, a.terms[0].wire, &q);
        }
    }
    int rc = zkfl_r1cs_check(cs, w, NULL);
    zkfl_circuit_free(c);
    return rc;
}

static void test_gadget(void)
{
    /* Non-power-of-two sizes: every value below N passes, N and -1 fail,
     * as generator and as re-solved R1CS. */
    const uint32_t sizes[] = {1, 7, 11, 256, 1001};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint32_t N = sizes[s];
        int64_t ok[4] = {0, (int64_t)N - 1, (int64_t)(N / 2), (int64_t)N - 1};
        zkfl_circuit *c = direct_circuit(ok, 4, N);
        CHECK(c != NULL);
        if (c) {
            zkfl_fr X;
            random_fr(&X, &rng);
            CHECK_OK(zkfl_circuit_finish_witness(c, &X));
            CHECK(circuit_ok(c));
            zkfl_circuit_free(c);
        }
        CHECK_OK(forced(ok, 4, N, NULL));
        int64_t bad[][2] = {{(int64_t)N, 0}, {-1, 0}, {(int64_t)N + 1, 0}, {0, 2 * (int64_t)N}};
        for (size_t b = 0; b < 4; b++) {
            CHECK(direct_circuit(bad[b], 2, N) == NULL);
            CHECK(forced(bad[b], 2, N, NULL) == ZKFL_ERR_UNSATISFIED);
        }
    }
    /* The multiplicities must be the exact counts: moving one count to
     * another entry, or adding one, fails. */
    int64_t v[4] = {3, 3, 5, 0};
    uint64_t m[7] = {1, 0, 0, 2, 0, 1, 0};
    CHECK_OK(forced(v, 4, 7, m));
    m[3] = 1;
    m[4] = 1;
    CHECK(forced(v, 4, 7, m) == ZKFL_ERR_UNSATISFIED);
    m[3] = 3;
    m[4] = 0;
    CHECK(forced(v, 4, 7, m) == ZKFL_ERR_UNSATISFIED);
}

/* ---- the rules with the direct table ---- */

enum { D = 64 };

static zkfl_rules *rules(void)
{
    /* linf_max 5: the direct table (11 entries) is far cheaper than limbs. */
    const char *json =
        "{\"dim\": 64, \"update\": {\"bits\": 16, \"l2_max\": 250, \"linf_max\": 5, \"nonzero_min\": 10,"
        " \"range_check\": \"lookup\"}, \"metadata\": {\"num_samples\": {\"min\": 100}},"
        " \"bind\": [\"round\", \"client_id\", \"model_hash\"]}";
    zkfl_rules *r = NULL;
    CHECK_OK(zkfl_rules_parse(&r, json, strlen(json), "direct.json"));
    return r;
}

/* |u_0| = |u_1| = 5, sum u^2 = 250 exactly, exactly 10 non-zeros. */
static void at_bounds(int64_t u[D])
{
    memset(u, 0, D * sizeof *u);
    u[0] = 5;
    u[1] = -5;
    /* 50 so far; eight more non-zeros with squares summing to 200. */
    const int64_t rest[8] = {5, -5, 5, -5, 5, -5, 5, -5};
    for (int i = 0; i < 8; i++) u[20 + 5 * i] = rest[i];
}

static int satisfied(const zkfl_rules *r, const int64_t *u, uint64_t samples)
{
    zkfl_compliance_witness w = {u, samples, {7, 42, {0}}};
    zkfl_circuit *c = NULL;
    int rc = zkfl_rules_circuit(&c, r, &w);
    if (rc != 0) return rc;
    size_t n = zkfl_circuit_n_challenges(c);
    zkfl_fr ch[4];
    for (size_t k = 0; k < n; k++) random_fr(&ch[k], &rng);
    rc = zkfl_circuit_finish_witness(c, ch);
    if (rc == 0) rc = zkfl_circuit_check(c, NULL);
    zkfl_circuit_free(c);
    return rc;
}

static void test_rules(void)
{
    zkfl_rules *r = rules();
    int64_t u[D];
    at_bounds(u);
    CHECK_OK(satisfied(r, u, 100));

    zkfl_circuit *shape, *wit;
    zkfl_compliance_witness w = {u, 100, {7, 42, {0}}};
    CHECK_OK(zkfl_rules_circuit(&shape, r, NULL));
    CHECK_OK(zkfl_rules_circuit(&wit, r, &w));
    size_t n = zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(shape));
    CHECK_EQ_INT(n, zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(wit)));
    /* Per coordinate: one key and one square; no is_zero gadget. */
    printf("direct table, d = %d, linf_max 5: %zu constraints (%.2f per element)\n", D, n, (double)n / D);
    CHECK(n < 2 * D + 11 + 300);
    for (size_t i = 0; i < n; i++) {
        char name[80];
        zkfl_circuit_describe(name, sizeof name, shape, i);
        CHECK(strncmp(name, "update.nonzero_min[", 19) != 0);
    }
    /* Forced edits after solving: linf and non-zero count. */
    size_t ch = zkfl_circuit_n_challenges(wit);
    zkfl_fr X[4];
    for (size_t k = 0; k < ch; k++) random_fr(&X[k], &rng);
    CHECK_OK(zkfl_circuit_finish_witness(wit, X));
    CHECK(circuit_ok(wit));
    const uint32_t *g;
    size_t gn;
    CHECK_OK(zkfl_circuit_commit_group(&g, &gn, wit, 0));
    CHECK_EQ_INT(gn, D + 1);
    CHECK(edit_fails_i64(wit, g[0], 6, 0));
    CHECK(edit_fails_i64(wit, g[1], -6, 0));
    CHECK(edit_fails_i64(wit, g[20], 0, 0));
    zkfl_circuit_free(wit);
    zkfl_circuit_free(shape);

    /* One past each bound: refused by the generator, naming the rule. */
    struct { int idx; int64_t val; uint64_t samples; const char *rule; } broken[] = {
        {0, 6, 100, "update.linf_max"},      {1, -6, 100, "update.linf_max"},
        {2, 1, 100, "update.l2_max"},        {20, 0, 100, "update.nonzero_min"},
        {-1, 0, 99, "num_samples.min"},
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        at_bounds(u);
        if (broken[i].idx >= 0) u[broken[i].idx] = broken[i].val;
        CHECK(satisfied(r, u, broken[i].samples) == ZKFL_ERR_RANGE);
        CHECK(strstr(zkfl_circuits_last_error(), broken[i].rule) != NULL);
    }
    /* Below the bounds everything passes: 11 non-zeros, smaller norms. */
    at_bounds(u);
    u[20] = 4;
    u[5] = 1;
    CHECK_OK(satisfied(r, u, 1000));
    zkfl_rules_free(r);
}

/* The standard rule set of bench/compliance.sh at larger d: the compiler
 * picks the cheaper layout, so the cost per element falls with d. */
static void test_cost(void)
{
    const uint32_t dims[] = {1000, 25000};
    for (size_t k = 0; k < 2; k++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"dim\": %u, \"update\": {\"bits\": 16, \"l2_max\": 1000000000000, \"linf_max\": 20000,"
                 " \"nonzero_min\": 1, \"range_check\": \"lookup\"}, \"metadata\": {\"num_samples\": {\"min\": 10}},"
                 " \"bind\": [\"round\", \"client_id\", \"model_hash\"]}", dims[k]);
        zkfl_rules *r = NULL;
        CHECK_OK(zkfl_rules_parse(&r, json, strlen(json), "std.json"));
        zkfl_circuit *c = NULL;
        CHECK_OK(zkfl_rules_circuit(&c, r, NULL));
        size_t n = zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c));
        printf("standard rules with nonzero_min, d = %u: %zu constraints, %.2f per element\n", dims[k], n,
               (double)n / dims[k]);
        /* limbs: 4 keys + square + is_zero = 7 per element; direct: 2 per
         * element + 40001 table entries. */
        if (dims[k] == 1000) CHECK(n > 7u * dims[k] && n < 8u * dims[k]);
        else CHECK(n < 2u * dims[k] + 40001u + 600u);
        zkfl_circuit_free(c);
        zkfl_rules_free(r);
    }
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 11);
    test_gadget();
    test_rules();
    test_cost();
    return zkfl_test_done("circuits_rangecheck_direct");
}
