/* The commit-carrying Groth16 test circuit, shared by test_cgroth16*.c.
 * Circuit (built directly with the R1CS builder), d = 4:
 *   public: wire 1 = challenge c (H of group 0), wire 2 = x
 *   private inputs: u_1..u_4, mask0, y, mask1
 *   u_i * u_i = sq_i;  mask0^2 = m0sq;  y * y = ysq;  mask1^2 = m1sq
 *   (u_1 + u_2) * 1 = x;  c * u_1 = v  (v is a phase-2 wire)
 *   group 0 = (u_1..u_4, mask0), group 1 = (y, mask1). */
#ifndef ZKFL_TESTS_CGROTH16_CIRCUIT_H
#define ZKFL_TESTS_CGROTH16_CIRCUIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/cgroth16.h"

#define D 4
enum { W_C = 1, W_X = 2, W_U = 3, W_M0 = W_U + D, W_Y, W_M1, W_SQ, W_M0SQ = W_SQ + D, W_YSQ, W_M1SQ, W_V, N_WIRES };

static inline zkfl_lc_term T(uint32_t w, int64_t k)
{
    zkfl_lc_term t;
    t.wire = w;
    zkfl_fr_set_i64(&t.coeff, k);
    return t;
}

static inline void add(zkfl_r1cs *cs, zkfl_lc_term *a, size_t na, zkfl_lc_term *b, size_t nb, zkfl_lc_term *c, size_t nc)
{
    zkfl_lc la = {a, na}, lb = {b, nb}, lc = {c, nc};
    CHECK_OK(zkfl_r1cs_add_constraint(cs, &la, &lb, &lc));
}

/* extra_free: a committed private input in no constraint (for the basis check). */
static inline zkfl_r1cs *build(int extra_free)
{
    zkfl_r1cs *cs = NULL;
    uint32_t first;
    CHECK_OK(zkfl_r1cs_new(&cs, 0, 2, D + 3 + (extra_free ? 1 : 0)));
    CHECK_OK(zkfl_r1cs_add_wires(&first, cs, N_WIRES - W_SQ));
    uint32_t shift = extra_free ? 1 : 0;   /* internal wires move up by one */
    for (int i = 0; i < D; i++) {
        zkfl_lc_term a = T(W_U + i, 1), b = T(W_U + i, 1), c = T(W_SQ + i + shift, 1);
        add(cs, &a, 1, &b, 1, &c, 1);
    }
    uint32_t sq[3][2] = {{W_M0, W_M0SQ}, {W_Y, W_YSQ}, {W_M1, W_M1SQ}};
    for (int k = 0; k < 3; k++) {
        zkfl_lc_term a = T(sq[k][0], 1), b = T(sq[k][0], 1), c = T(sq[k][1] + shift, 1);
        add(cs, &a, 1, &b, 1, &c, 1);
    }
    zkfl_lc_term s[2] = {T(W_U, 1), T(W_U + 1, 1)}, one = T(0, 1), x = T(W_X, 1);
    add(cs, s, 2, &one, 1, &x, 1);
    zkfl_lc_term c = T(W_C, 1), u1 = T(W_U, 1), v = T(W_V + shift, 1);
    add(cs, &c, 1, &u1, 1, &v, 1);
    return cs;
}

static const uint32_t G0[] = {W_U, W_U + 1, W_U + 2, W_U + 3, W_M0};
static const uint32_t G1[] = {W_Y, W_M1};
static const uint32_t CH_GROUPS[] = {0};

typedef struct {
    zkfl_fr w[N_WIRES];
    int corrupt;   /* edit a solved wire after phase 2 */
} wit;

static inline int phase2(void *ctx, const zkfl_fr *ch, size_t n, const zkfl_fr **full)
{
    wit *w = ctx;
    if (n != 1) return ZKFL_ERR_INTERNAL;
    w->w[W_C] = ch[0];
    zkfl_fr_mul(&w->w[W_V], &ch[0], &w->w[W_U]);
    if (w->corrupt) zkfl_fr_add(&w->w[W_SQ], &w->w[W_SQ], &w->w[0]);
    *full = w->w;
    return 0;
}

static inline void make_witness(wit *w, const int64_t u[D], int64_t y, zkfl_test_rng *rng)
{
    memset(w, 0, sizeof *w);
    zkfl_fr_set_one(&w->w[0]);
    for (int i = 0; i < D; i++) {
        zkfl_fr_set_i64(&w->w[W_U + i], u[i]);
        zkfl_fr_sqr(&w->w[W_SQ + i], &w->w[W_U + i]);
    }
    zkfl_fr_set_i64(&w->w[W_M0], (int64_t)(zkfl_test_rng_next(rng) >> 2));
    zkfl_fr_set_i64(&w->w[W_M1], (int64_t)(zkfl_test_rng_next(rng) >> 2));
    zkfl_fr_set_i64(&w->w[W_Y], y);
    zkfl_fr_sqr(&w->w[W_M0SQ], &w->w[W_M0]);
    zkfl_fr_sqr(&w->w[W_M1SQ], &w->w[W_M1]);
    zkfl_fr_sqr(&w->w[W_YSQ], &w->w[W_Y]);
    zkfl_fr_add(&w->w[W_X], &w->w[W_U], &w->w[W_U + 1]);
}

/* The groups and the challenge of the circuit (n_groups 1 or 2). */
static inline void circuit_layout(zkfl_cgroth16_group g[2], zkfl_cgroth16_challenge *ch)
{
    g[0].wires = G0;
    g[0].n = 5;
    g[1].wires = G1;
    g[1].n = 2;
    ch->wire = W_C;
    ch->groups = CH_GROUPS;
    ch->n_groups = 1;
}

static inline void g1_bump(zkfl_g1_affine *p)
{
    zkfl_g1 a, g;
    zkfl_g1_from_affine(&a, p);
    zkfl_g1_generator(&g);
    zkfl_g1_add(&a, &a, &g);
    zkfl_g1_to_affine(p, &a);
}

static inline int verify(const zkfl_cgroth16_vk *vk, const wit *w, const zkfl_cgroth16_proof *p)
{
    return zkfl_cgroth16_verify_vartime(vk, w->w + 1, 2, p);
}

/* The independent check of a proof by @noble/curves. */
static inline void cg_noble_check(const zkfl_cgroth16_vk *vk, const wit *w, const zkfl_cgroth16_proof *p,
                                  const char *json)
{
    if (!zkfl_test_have_node_package("@noble/curves")) {
        fprintf(stderr, "node or @noble/curves missing: independent check skipped\n");
        return;
    }
    FILE *f = fopen(json, "w");
    CHECK(f != NULL);
    if (f == NULL) return;
    uint8_t *vb = NULL, g1b[64], g2b[128], fb[32];
    size_t vlen = 0;
    CHECK_OK(zkfl_cgroth16_vk_write_mem(&vb, &vlen, vk));
#define HEX(buf, n) do { for (size_t i_ = 0; i_ < (n); i_++) fprintf(f, "%02x", (buf)[i_]); } while (0)
    fprintf(f, "{\"vk\": \"");
    HEX(vb, vlen);
    free(vb);
    fprintf(f, "\", \"proof\": {\"a\": \"");
    zkfl_g1_to_bytes_eth(g1b, &p->a); HEX(g1b, 64);
    fprintf(f, "\", \"b\": \"");
    zkfl_g2_to_bytes_eth(g2b, &p->b); HEX(g2b, 128);
    fprintf(f, "\", \"c\": \"");
    zkfl_g1_to_bytes_eth(g1b, &p->c); HEX(g1b, 64);
    fprintf(f, "\", \"pok\": \"");
    zkfl_g1_to_bytes_eth(g1b, &p->pok); HEX(g1b, 64);
    fprintf(f, "\", \"d\": [");
    for (uint32_t j = 0; j < p->n_commitments; j++) {
        fprintf(f, "%s\"", j ? ", " : "");
        zkfl_g1_to_bytes_eth(g1b, &p->d[j]); HEX(g1b, 64);
        fprintf(f, "\"");
    }
    fprintf(f, "]}, \"publics\": [");
    for (int i = 1; i <= 2; i++) {
        zkfl_fr_to_bytes_be(fb, &w->w[i]);
        fprintf(f, "%s\"", i > 1 ? ", " : "");
        HEX(fb, 32);
        fprintf(f, "\"");
    }
    fprintf(f, "], \"values\": [");
    for (int i = 0; i < 5; i++) {
        zkfl_fr_to_bytes_be(fb, &w->w[G0[i]]);
        fprintf(f, "%s\"", i ? ", " : "");
        HEX(fb, 32);
        fprintf(f, "\"");
    }
    fprintf(f, "]}\n");
#undef HEX
    fclose(f);
    char cmd[2048];
    int status = -1;
    snprintf(cmd, sizeof cmd, "node %s/tests/snark/cgroth16_ref.mjs %s", zkfl_test_source_dir(), json);
    char *out = zkfl_test_run(cmd, &status);
    CHECK_EQ_INT(status, 0);
    if (out) fprintf(stderr, "%s", out);
    CHECK(out != NULL && strstr(out, "FAIL") == NULL && strstr(out, "ok folded knowledge proof") != NULL);
    free(out);
    remove(json);
}

/* Setups refuse commitment groups that cannot be committed to (a wire in
 * no constraint, two wires with the same columns, a public wire, a wire in
 * two groups). pt: the ceremony's .ptau, NULL for the local setup. */
static inline void check_basis_rejections(const zkfl_ptau *pt)
{
    /* A committed private input that occurs in no constraint. */
    zkfl_r1cs *cs2 = build(1);
    uint32_t free_wire = W_M1 + 1;
    uint32_t g0[] = {W_U, W_U + 1, W_U + 2, W_U + 3, free_wire};
    zkfl_cgroth16_group g = {g0, 5};
    zkfl_cgroth16_challenge ch = {W_C, CH_GROUPS, 1};
    zkfl_cgroth16_pk *bad = NULL;
    CHECK(zkfl_cgroth16_setup(&bad, cs2, &g, 1, &ch, 1, pt, 0) == ZKFL_ERR_INVALID_ARG);
    CHECK(strstr(zkfl_snark_last_error(), "wire 10") != NULL);
    fprintf(stderr, "expected rejection: %s\n", zkfl_snark_last_error());
    zkfl_r1cs_free(cs2);
    /* Two committed wires in the same columns: x = u1 + u2 alone. */
    zkfl_r1cs *cs3 = NULL;
    CHECK_OK(zkfl_r1cs_new(&cs3, 0, 1, 3));
    zkfl_lc_term s[2] = {T(2, 1), T(3, 1)}, one = T(0, 1), x = T(1, 1), m = T(4, 1);
    add(cs3, s, 2, &one, 1, &x, 1);
    add(cs3, &m, 1, &m, 1, &x, 1);
    uint32_t g3w[] = {2, 3, 4};
    zkfl_cgroth16_group g3 = {g3w, 3};
    CHECK(zkfl_cgroth16_setup(&bad, cs3, &g3, 1, NULL, 0, pt, 0) == ZKFL_ERR_INVALID_ARG);
    CHECK(strstr(zkfl_snark_last_error(), "same commitment basis") != NULL);
    fprintf(stderr, "expected rejection: %s\n", zkfl_snark_last_error());
    /* A public wire, and one wire in two groups. */
    uint32_t g4w[] = {1, 4};
    zkfl_cgroth16_group g4 = {g4w, 2};
    CHECK(zkfl_cgroth16_setup(&bad, cs3, &g4, 1, NULL, 0, pt, 0) == ZKFL_ERR_INVALID_ARG);
    uint32_t g5w[] = {4}, g6w[] = {4};
    zkfl_cgroth16_group g56[2] = {{g5w, 1}, {g6w, 1}};
    CHECK(zkfl_cgroth16_setup(&bad, cs3, g56, 2, NULL, 0, pt, 0) == ZKFL_ERR_INVALID_ARG);
    zkfl_r1cs_free(cs3);
    CHECK(bad == NULL);
}

#endif
