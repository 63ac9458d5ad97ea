/* The circuit builder: free linear algebra, wire order, commitment groups,
 * challenges and two-phase witnesses, deterministic R1CS bytes. */
#include <stdlib.h>
#include <string.h>
#include "circuit_testutil.h"

static void test_linear(void)
{
    zkfl_circuit *c;
    CHECK_OK(zkfl_circuit_new(&c, ZKFL_CIRCUIT_WITNESS));
    zkfl_fr v3 = fr(3), v5 = fr(5), v7 = fr(7);
    zkfl_var pub, a, b, s, d, k, t, z;
    CHECK_OK(zkfl_circuit_public_input(&pub, c, &v7));
    CHECK_OK(zkfl_circuit_private(&a, c, &v3));
    /* Public inputs only before anything else. */
    CHECK(zkfl_circuit_public_input(&z, c, &v7) == ZKFL_ERR_INVALID_ARG);
    CHECK(strstr(zkfl_circuits_last_error(), "public inputs") != NULL);
    CHECK_OK(zkfl_circuit_private(&b, c, &v5));
    CHECK_EQ_INT(zkfl_var_wire(&pub), 1);
    CHECK_EQ_INT(zkfl_var_wire(&a), 2);
    CHECK_EQ_INT(zkfl_var_wire(&b), 3);
    CHECK_OK(zkfl_var_add(&s, c, &a, &b));           /* a + b */
    CHECK_OK(zkfl_var_sub(&d, c, &s, &a));           /* b: a cancels */
    CHECK_EQ_INT(d.n, 1);
    CHECK_EQ_INT(zkfl_var_wire(&d), 3);
    zkfl_fr two = fr(2);
    CHECK_OK(zkfl_var_scale(&t, c, &s, &two));       /* 2a + 2b = 16 */
    CHECK(zkfl_fr_eq(&t.value, &(zkfl_fr){0}) == 0);
    zkfl_fr sixteen = fr(16), ev;
    CHECK(zkfl_fr_eq(&t.value, &sixteen));
    CHECK_OK(zkfl_circuit_eval(&ev, c, &t));
    CHECK(zkfl_fr_eq(&ev, &sixteen));
    CHECK_OK(zkfl_var_const_i64(&k, c, -4));
    zkfl_var parts[3] = {t, k, pub};
    zkfl_fr coef[3] = {fr(1), fr(3), fr(-1)};
    CHECK_OK(zkfl_var_sum(&z, c, parts, coef, 3));   /* 16 - 12 - 7 = -3 */
    zkfl_fr m3 = fr(-3);
    CHECK(zkfl_fr_eq(&z.value, &m3));
    CHECK_EQ_INT(z.n, 4);                            /* one, pub, a, b */
    CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)), 0);
    /* A product and an equality: two constraints, satisfied, and each
     * forced value breaks them. */
    zkfl_var p;
    CHECK_OK(zkfl_circuit_mul(&p, c, &a, &b, "test.mul", 0));
    zkfl_var zero;
    CHECK_OK(zkfl_var_const_i64(&zero, c, 0));
    CHECK_OK(zkfl_circuit_assert_eq(c, &s, &zero, "test.never", 1));
    CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)), 2);
    /* s = 8 != 0: the second constraint fails and is named. */
    size_t bad = 0;
    CHECK(zkfl_circuit_check(c, &bad) == ZKFL_ERR_UNSATISFIED);
    CHECK_EQ_INT(bad, 1);
    CHECK(strstr(zkfl_circuits_last_error(), "test.never[1]") != NULL);
    zkfl_circuit_free(c);

    CHECK_OK(zkfl_circuit_new(&c, ZKFL_CIRCUIT_WITNESS));
    CHECK_OK(zkfl_circuit_private(&a, c, &v3));
    CHECK_OK(zkfl_circuit_private(&b, c, &v5));
    CHECK_OK(zkfl_circuit_mul(&p, c, &a, &b, "test.mul", 0));
    zkfl_var sum;
    CHECK_OK(zkfl_var_add(&sum, c, &a, &b));
    zkfl_var eight;
    CHECK_OK(zkfl_var_const_i64(&eight, c, 8));
    CHECK_OK(zkfl_circuit_assert_eq(c, &sum, &eight, "test.sum", 0));
    CHECK(circuit_ok(c));
    CHECK(bump_fails(c, 1, 1));
    CHECK(bump_fails(c, 2, 0));
    CHECK(bump_fails(c, 3, 0));
    CHECK(zkfl_circuit_witness_complete(c));
    zkfl_circuit_free(c);
}

/* A two-phase circuit by hand: y is assigned after the challenge arrives;
 * y = x * X. */
typedef struct { uint32_t x, X, y; } p2;

static int fill_y(zkfl_circuit *c, void *ctx)
{
    p2 *q = ctx;
    const zkfl_fr *w = zkfl_circuit_witness(c);
    zkfl_fr y;
    zkfl_fr_mul(&y, &w[q->x], &w[q->X]);
    return zkfl_circuit_set_value(c, q->y, &y);
}

static zkfl_circuit *two_phase(enum zkfl_circuit_mode mode)
{
    zkfl_circuit *c;
    CHECK_OK(zkfl_circuit_new(&c, mode));
    zkfl_var X, x, y;
    size_t k, g;
    zkfl_fr v = fr(11);
    CHECK_OK(zkfl_circuit_challenge_input(&X, &k, c));
    CHECK_EQ_INT(k, 0);
    CHECK_OK(zkfl_circuit_private(&x, c, &v));
    CHECK_OK(zkfl_circuit_new_commit_group(&g, c));
    CHECK_OK(zkfl_circuit_commit_add(c, g, zkfl_var_wire(&x)));
    CHECK(zkfl_circuit_commit_add(c, g, zkfl_var_wire(&x)) == ZKFL_ERR_INVALID_ARG);
    CHECK(zkfl_circuit_commit_add(c, g, zkfl_var_wire(&X)) == ZKFL_ERR_RANGE);
    CHECK_OK(zkfl_gadget_commit_mask(c, g));
    CHECK_OK(zkfl_circuit_challenge_add_group(c, k, g));
    CHECK_OK(zkfl_circuit_private_deferred(&y, c));
    CHECK_OK(zkfl_circuit_assert_mul(c, &x, &X, &y, "test.xX", 0));
    p2 *q = malloc(sizeof *q);
    q->x = zkfl_var_wire(&x);
    q->X = zkfl_var_wire(&X);
    q->y = zkfl_var_wire(&y);
    CHECK_OK(zkfl_circuit_defer(c, fill_y, q, free));
    return c;
}

static void test_two_phase(void)
{
    zkfl_circuit *c = two_phase(ZKFL_CIRCUIT_WITNESS), *s = two_phase(ZKFL_CIRCUIT_SHAPE);
    CHECK(zkfl_circuit_witness(s) == NULL);
    CHECK_EQ_INT(zkfl_circuit_n_public(c), 1);
    CHECK_EQ_INT(zkfl_circuit_n_commit_groups(c), 1);
    const uint32_t *wires;
    size_t n;
    CHECK_OK(zkfl_circuit_commit_group(&wires, &n, c, 0));
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(wires[0], 2);
    CHECK(zkfl_circuit_commit_group(&wires, &n, c, 1) == ZKFL_ERR_RANGE);
    CHECK_EQ_INT(zkfl_circuit_n_challenges(c), 1);
    uint32_t wire;
    const size_t *groups;
    CHECK_OK(zkfl_circuit_challenge(&wire, &groups, &n, c, 0));
    CHECK_EQ_INT(wire, 1);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(groups[0], 0);
    /* Before phase 2 the witness is incomplete. */
    CHECK(!zkfl_circuit_witness_complete(c));
    zkfl_fr X = fr(123456789);
    CHECK_OK(zkfl_circuit_finish_witness(c, &X));
    CHECK(zkfl_circuit_witness_complete(c));
    CHECK(circuit_ok(c));
    CHECK(zkfl_circuit_finish_witness(c, &X) == ZKFL_ERR_INVALID_ARG);
    CHECK(bump_fails(c, 1, 1));          /* another challenge, same y */
    CHECK(bump_fails(c, 4, 0));          /* y */
    CHECK(bump_fails(c, 3, 0));          /* the mask (mask_sq no longer matches) */
    CHECK(zkfl_circuit_finish_witness(s, &X) == ZKFL_ERR_INVALID_ARG);
    /* Shape and witness mode: identical R1CS bytes. */
    CHECK(same_r1cs(c, s));
    zkfl_circuit_free(c);
    zkfl_circuit_free(s);
}

int main(void)
{
    test_linear();
    test_two_phase();
    return zkfl_test_done("circuits_builder");
}
