/* Every gadget: honest witnesses satisfy the R1CS, and each way of
 * cheating (one witness value edited after solving) violates it. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "circuit_testutil.h"

static zkfl_circuit *fresh(void)
{
    zkfl_circuit *c = NULL;
    CHECK_OK(zkfl_circuit_new(&c, ZKFL_CIRCUIT_WITNESS));
    return c;
}

static zkfl_var priv(zkfl_circuit *c, int64_t x)
{
    zkfl_var v;
    zkfl_fr f = fr(x);
    CHECK_OK(zkfl_circuit_private(&v, c, &f));
    return v;
}

/* Every private wire of c, bumped by one, must break the R1CS. */
static int every_edit_fails(zkfl_circuit *c)
{
    int all = 1;
    for (uint32_t w = 1; w < zkfl_circuit_n_wires(c); w++)
        if (!bump_fails(c, w, 0)) {
            fprintf(stderr, "  editing wire %u went unnoticed\n", w);
            all = 0;
        }
    return all;
}

static void test_bool(void)
{
    for (int64_t b = 0; b <= 1; b++) {
        zkfl_circuit *c = fresh();
        zkfl_var v = priv(c, b);
        CHECK_OK(zkfl_gadget_assert_bool(c, &v, "bool", 0));
        CHECK(circuit_ok(c));
        CHECK(edit_fails_i64(c, 1, 2, 1));
        CHECK(edit_fails_i64(c, 1, -1, 0));
        zkfl_circuit_free(c);
    }
}

static void test_range_bits(void)
{
    const unsigned k = 16;
    int64_t good[] = {0, 1, 255, 256, 65534, 65535};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        zkfl_circuit *c = fresh();
        zkfl_var v = priv(c, good[i]);
        zkfl_var bits[16];
        CHECK_OK(zkfl_gadget_range_bits(bits, c, &v, k, "range", 0));
        CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)), k + 1);
        CHECK(circuit_ok(c));
        CHECK(every_edit_fails(c));
        /* Out of range values with any bits: 2^16 and -1 fail. */
        CHECK(edit_fails_i64(c, 1, 65536, 1));
        CHECK(edit_fails_i64(c, 1, -1, 0));
        zkfl_circuit_free(c);
    }
    /* The witness generator refuses out-of-range values. */
    int64_t bad[] = {65536, -1, 1 << 20};
    for (size_t i = 0; i < 3; i++) {
        zkfl_circuit *c = fresh();
        zkfl_var v = priv(c, bad[i]);
        CHECK(zkfl_gadget_range_bits(NULL, c, &v, k, "range", 7) == ZKFL_ERR_RANGE);
        CHECK(strstr(zkfl_circuits_last_error(), "range[7]") != NULL);
        zkfl_circuit_free(c);
    }
    /* Signed: [-2^15, 2^15). */
    int64_t sgood[] = {-32768, -1, 0, 1, 32767}, sbad[] = {-32769, 32768};
    for (size_t i = 0; i < 5; i++) {
        zkfl_circuit *c = fresh();
        zkfl_var v = priv(c, sgood[i]);
        CHECK_OK(zkfl_gadget_range_bits_signed(c, &v, k, "srange", 0));
        CHECK(circuit_ok(c));
        CHECK(every_edit_fails(c));
        CHECK(edit_fails_i64(c, 1, 32768, 0));
        CHECK(edit_fails_i64(c, 1, -32769, 0));
        zkfl_circuit_free(c);
    }
    for (size_t i = 0; i < 2; i++) {
        zkfl_circuit *c = fresh();
        zkfl_var v = priv(c, sbad[i]);
        CHECK(zkfl_gadget_range_bits_signed(c, &v, k, "srange", 0) == ZKFL_ERR_RANGE);
        zkfl_circuit_free(c);
    }
}

static void test_compare(void)
{
    const unsigned k = 8;
    int64_t pairs[][2] = {{0, 0}, {0, 1}, {1, 0}, {200, 201}, {255, 255}, {255, 0}, {0, 255}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        for (int le = 0; le <= 1; le++) {
            zkfl_circuit *c = fresh();
            zkfl_var a = priv(c, pairs[i][0]), b = priv(c, pairs[i][1]), out;
            if (le) CHECK_OK(zkfl_gadget_less_eq(&out, c, &a, &b, k, "le", 0));
            else CHECK_OK(zkfl_gadget_less_than(&out, c, &a, &b, k, "lt", 0));
            int want = le ? pairs[i][0] <= pairs[i][1] : pairs[i][0] < pairs[i][1];
            zkfl_fr w = fr(want);
            CHECK(zkfl_fr_eq(&out.value, &w));
            /* Bind the result to a wire so a cheat on it is visible. */
            zkfl_var ow;
            CHECK_OK(zkfl_circuit_to_wire(&ow, c, &out, "out", 0));
            CHECK(circuit_ok(c));
            CHECK(edit_fails_i64(c, zkfl_var_wire(&ow), !want, i == 0));
            CHECK(every_edit_fails(c));
            zkfl_circuit_free(c);
        }
    }
    /* assert_le */
    zkfl_circuit *c = fresh();
    zkfl_var a = priv(c, 10), b = priv(c, 10);
    CHECK_OK(zkfl_gadget_assert_le(c, &a, &b, 8, "le", 0));
    CHECK(circuit_ok(c));
    CHECK(edit_fails_i64(c, 1, 11, 1));
    zkfl_circuit_free(c);
    c = fresh();
    a = priv(c, 11);
    b = priv(c, 10);
    CHECK(zkfl_gadget_assert_le(c, &a, &b, 8, "le", 0) == ZKFL_ERR_RANGE);
    zkfl_circuit_free(c);
}

static void test_is_zero_mux(void)
{
    int64_t vals[] = {0, 1, -1, 12345};
    for (size_t i = 0; i < 4; i++) {
        zkfl_circuit *c = fresh();
        zkfl_var v = priv(c, vals[i]), z;
        CHECK_OK(zkfl_gadget_is_zero(&z, c, &v, "is_zero", 0));
        CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)), 2);
        zkfl_fr want = fr(vals[i] == 0);
        CHECK(zkfl_fr_eq(&z.value, &want));
        CHECK(circuit_ok(c));
        /* Claiming the other answer fails, whatever the inverse. */
        uint32_t zw = zkfl_var_wire(&z);
        CHECK(edit_fails_i64(c, zw, vals[i] != 0, i == 1));
        CHECK(edit_fails_i64(c, zw, 2, 0));
        if (vals[i] != 0) CHECK(every_edit_fails(c));
        zkfl_circuit_free(c);
    }
    /* is_equal */
    zkfl_circuit *c = fresh();
    zkfl_var a = priv(c, 5), b = priv(c, 5), e;
    CHECK_OK(zkfl_gadget_is_equal(&e, c, &a, &b, "eq", 0));
    CHECK(zkfl_fr_is_one(&e.value));
    CHECK(circuit_ok(c));
    CHECK(edit_fails_i64(c, zkfl_var_wire(&e), 0, 0));
    zkfl_circuit_free(c);
    /* mux */
    for (int64_t s = 0; s <= 1; s++) {
        c = fresh();
        zkfl_var sel = priv(c, s), x = priv(c, 100), y = priv(c, 200), m, mw;
        CHECK_OK(zkfl_gadget_assert_bool(c, &sel, "sel", 0));
        CHECK_OK(zkfl_gadget_mux(&m, c, &sel, &x, &y, "mux", 0));
        CHECK_OK(zkfl_circuit_to_wire(&mw, c, &m, "mux.out", 0));
        zkfl_fr want = fr(s ? 200 : 100);
        CHECK(zkfl_fr_eq(&m.value, &want));
        CHECK(circuit_ok(c));
        CHECK(edit_fails_i64(c, zkfl_var_wire(&mw), s ? 100 : 200, s == 0));
        /* Flipping the selector or editing the selected input fails (the
         * unselected input is free by design). */
        CHECK(edit_fails_i64(c, zkfl_var_wire(&sel), !s, 0));
        CHECK(bump_fails(c, zkfl_var_wire(s ? &y : &x), 0));
        CHECK(bump_fails(c, zkfl_var_wire(&mw) - 1, 0));
        zkfl_circuit_free(c);
    }
}

static void test_sum_squares(void)
{
    zkfl_circuit *c = fresh();
    int64_t u[] = {3, -4, 0, 12};
    zkfl_var v[4], s, sw;
    for (int i = 0; i < 4; i++) v[i] = priv(c, u[i]);
    CHECK_OK(zkfl_gadget_sum_squares(&s, c, v, 4, "sq"));
    CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)), 4);
    zkfl_fr want = fr(169);
    CHECK(zkfl_fr_eq(&s.value, &want));
    CHECK_OK(zkfl_circuit_to_wire(&sw, c, &s, "sum", 0));
    CHECK(circuit_ok(c));
    CHECK(edit_fails_i64(c, zkfl_var_wire(&sw), 168, 1));
    CHECK(every_edit_fails(c));
    zkfl_circuit_free(c);
}

static void test_poseidon(void)
{
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 42);
    size_t ns[] = {1, 2, 5, 16};
    for (size_t t = 0; t < 4; t++) {
        size_t n = ns[t];
        zkfl_fr in[16], native;
        zkfl_var v[16], out, ow;
        zkfl_circuit *c = fresh(), *s;
        CHECK_OK(zkfl_circuit_new(&s, ZKFL_CIRCUIT_SHAPE));
        for (size_t i = 0; i < n; i++) {
            uint8_t b[64];
            zkfl_test_rng_bytes(&rng, b, 64);
            zkfl_fr_from_bytes_be_wide(&in[i], b);
            CHECK_OK(zkfl_circuit_private(&v[i], c, &in[i]));
        }
        CHECK_OK(zkfl_gadget_poseidon(&out, c, v, n, "poseidon"));
        CHECK_OK(zkfl_circuit_to_wire(&ow, c, &out, "poseidon.out", 0));
        CHECK_OK(zkfl_poseidon_hash(&native, in, n));
        zkfl_fr got;
        CHECK_OK(zkfl_circuit_eval(&got, c, &ow));
        CHECK(zkfl_fr_eq(&got, &native));
        CHECK(circuit_ok(c));
        size_t want = 3 * (8 * (n + 1) + zkfl_poseidon_partial_rounds(n + 1)) + 1;
        CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)), want);
        CHECK(bump_fails(c, zkfl_var_wire(&ow), 1));
        CHECK(bump_fails(c, 1, 0));
        CHECK(every_edit_fails(c));
        /* Shape mode: same system. */
        zkfl_var sv[16], so, sow;
        for (size_t i = 0; i < n; i++) CHECK_OK(zkfl_circuit_private(&sv[i], s, NULL));
        CHECK_OK(zkfl_gadget_poseidon(&so, s, sv, n, "poseidon"));
        CHECK_OK(zkfl_circuit_to_wire(&sow, s, &so, "poseidon.out", 0));
        CHECK(same_r1cs(c, s));
        zkfl_circuit_free(s);
        zkfl_circuit_free(c);
    }
}

/* circomlibjs's values (tests/circuits/vectors/poseidon.txt, produced by
 * poseidon_ref.mjs with circomlibjs): the gadget's output wire must equal
 * each of them, for every input count 1..16. */
static void test_poseidon_vectors(void)
{
    const char *src = zkfl_test_source_dir();
    CHECK(src != NULL);
    if (src == NULL) return;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/circuits/vectors/poseidon.txt", src);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f == NULL) return;
    char line[4096];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        char *save = NULL, *tok = strtok_r(line, " \n", &save);
        if (tok == NULL) continue;
        size_t n = (size_t)atoi(tok);
        CHECK(n >= 1 && n <= 16);
        if (n < 1 || n > 16) break;
        zkfl_fr in[16], want;
        for (size_t i = 0; i < n; i++) CHECK_OK(zkfl_fr_from_dec(&in[i], strtok_r(NULL, " \n", &save)));
        CHECK_OK(zkfl_fr_from_dec(&want, strtok_r(NULL, " \n", &save)));
        zkfl_circuit *c = fresh();
        zkfl_var v[16], out, ow;
        for (size_t i = 0; i < n; i++) CHECK_OK(zkfl_circuit_private(&v[i], c, &in[i]));
        CHECK_OK(zkfl_gadget_poseidon(&out, c, v, n, "poseidon"));
        CHECK_OK(zkfl_circuit_to_wire(&ow, c, &out, "poseidon.out", 0));
        CHECK(zkfl_fr_eq(&zkfl_circuit_witness(c)[zkfl_var_wire(&ow)], &want));
        CHECK(circuit_ok(c));
        zkfl_circuit_free(c);
        lines++;
    }
    fclose(f);
    CHECK_EQ_INT(lines, 32);
}

int main(void)
{
    test_bool();
    test_range_bits();
    test_compare();
    test_is_zero_mux();
    test_sum_squares();
    test_poseidon();
    test_poseidon_vectors();
    return zkfl_test_done("circuits_gadgets");
}
