/* Log-derivative lookup range checks against the bit-decomposition
 * reference: both accept and refuse the same values (boundaries 0, 2^k - 1,
 * 2^k, negatives, random), as witness generators and as R1CS on a forced
 * witness re-solved as well as a cheater could. */
#include <stdlib.h>
#include <string.h>
#include "circuit_testutil.h"

static zkfl_test_rng rng;

/* Builds X (wire 1), v (wire 2) and one lookup range check of `bits`.
 * Returns NULL when the generator refuses v. */
static zkfl_circuit *lookup_circuit(enum zkfl_circuit_mode mode, int64_t v, unsigned bits)
{
    zkfl_circuit *c;
    CHECK_OK(zkfl_circuit_new(&c, mode));
    zkfl_var X, vv;
    size_t k;
    zkfl_fr f = fr(v);
    CHECK_OK(zkfl_circuit_challenge_input(&X, &k, c));
    CHECK_OK(zkfl_circuit_private(&vv, c, &f));
    zkfl_rangecheck *rc;
    CHECK_OK(zkfl_rangecheck_new(&rc, c, &X, k));
    /* v is not in any other group: commit it with the limbs. */
    CHECK_OK(zkfl_rangecheck_commit_wire(rc, zkfl_var_wire(&vv)));
    if (zkfl_rangecheck_add(rc, &vv, bits, "lookup", 0) != 0) {
        zkfl_rangecheck_free(rc);
        zkfl_circuit_free(c);
        return NULL;
    }
    CHECK_OK(zkfl_rangecheck_close(rc));
    return c;
}

static zkfl_circuit *bits_circuit(int64_t v, unsigned bits)
{
    zkfl_circuit *c;
    CHECK_OK(zkfl_circuit_new(&c, ZKFL_CIRCUIT_WITNESS));
    zkfl_var vv;
    zkfl_fr f = fr(v);
    CHECK_OK(zkfl_circuit_private(&vv, c, &f));
    if (zkfl_gadget_range_bits(NULL, c, &vv, bits, "bits", 0) != 0) {
        zkfl_circuit_free(c);
        return NULL;
    }
    return c;
}

/* Forces v into an honest lookup circuit (built for 0) and re-solves every
 * other wire as a cheater would: low limbs from v's two's complement, the
 * top limb absorbing the rest, every inverse and multiplicity recomputed.
 * Returns the zkfl_r1cs_check verdict. */
static int forced_lookup(int64_t v, unsigned bits)
{
    zkfl_circuit *c = lookup_circuit(ZKFL_CIRCUIT_WITNESS, 0, bits);
    zkfl_fr X;
    random_fr(&X, &rng);
    CHECK_OK(zkfl_circuit_finish_witness(c, &X));
    const zkfl_fr *w = zkfl_circuit_witness(c);
    const uint32_t *g;
    size_t gn;
    CHECK_OK(zkfl_circuit_commit_group(&g, &gn, c, 0));
    unsigned nl = (bits + 7) / 8;
    CHECK_EQ_INT(gn, 1 + (nl - 1) + 256 + 1);
    g++;   /* g[0] is v itself; then the low limbs */
    zkfl_fr fv = fr(v), low, t;
    zkfl_circuit_set_value(c, 2, &fv);
    zkfl_fr_set_zero(&low);
    for (unsigned j = 0; j + 1 < nl; j++) {
        zkfl_fr lj, s;
        zkfl_fr_set_u64(&lj, ((uint64_t)v >> (8 * j)) & 255);
        zkfl_circuit_set_value(c, g[j], &lj);
        zkfl_fr_set_u64(&s, (uint64_t)1 << (8 * j));
        zkfl_fr_mul(&t, &lj, &s);
        zkfl_fr_add(&low, &low, &t);
    }
    /* The top limb is (v - low) / 2^(8(nl-1)) by construction: it absorbs
     * whatever v has beyond the low limbs. */
    /* Inverses of every key, counting the keys that are table values. */
    uint64_t count[256] = {0};
    const zkfl_r1cs *cs = zkfl_circuit_r1cs(c);
    for (size_t i = 0; i < zkfl_r1cs_n_constraints(cs); i++) {
        char name[64];
        zkfl_circuit_describe(name, sizeof name, c, i);
        if (strcmp(name, "lookup[0]") != 0) continue;
        zkfl_lc a, b, cc;
        CHECK_OK(zkfl_r1cs_constraint(&a, &b, &cc, cs, i));
        CHECK(a.n == 1 && cc.n == 1);          /* only keys: h * (X - key) = 1 */
        zkfl_fr d, key, h;
        lc_value(&d, &b, w);                   /* X - key */
        zkfl_fr_sub(&key, &X, &d);
        uint64_t kv;
        uint64_t raw[4];
        zkfl_fr_to_raw(raw, &key);
        kv = raw[0];
        if (!(raw[1] | raw[2] | raw[3]) && kv < 256) count[kv]++;
        zkfl_fr_inv(&h, &d);
        zkfl_circuit_set_value(c, a.terms[0].wire, &h);
    }
    for (size_t i = 0; i < zkfl_r1cs_n_constraints(cs); i++) {
        char name[64];
        zkfl_circuit_describe(name, sizeof name, c, i);
        if (strncmp(name, "rangecheck.table[", 17) != 0) continue;
        zkfl_lc a, b, cc;
        CHECK_OK(zkfl_r1cs_constraint(&a, &b, &cc, cs, i));
        unsigned j = (unsigned)atoi(name + 17);
        zkfl_fr m, d, q;
        zkfl_fr_set_u64(&m, count[j]);
        zkfl_circuit_set_value(c, cc.terms[0].wire, &m);
        lc_value(&d, &b, w);
        zkfl_fr_inv(&q, &d);
        zkfl_fr_mul(&q, &q, &m);
        zkfl_circuit_set_value(c, a.terms[0].wire, &q);
    }
    size_t bad;
    int rc = zkfl_r1cs_check(cs, w, &bad);
    zkfl_circuit_free(c);
    return rc;
}

/* The same for bit decomposition: bits = v's low bits. */
static int forced_bits(int64_t v, unsigned bits)
{
    zkfl_circuit *c = bits_circuit(0, bits);
    zkfl_fr fv = fr(v);
    zkfl_circuit_set_value(c, 1, &fv);
    for (unsigned i = 0; i < bits; i++) {
        zkfl_fr b;
        zkfl_fr_set_u64(&b, ((uint64_t)v >> i) & 1);
        zkfl_circuit_set_value(c, 2 + i, &b);
    }
    int rc = zkfl_r1cs_check(zkfl_circuit_r1cs(c), zkfl_circuit_witness(c), NULL);
    zkfl_circuit_free(c);
    return rc;
}

static void equivalence(unsigned bits, int64_t v)
{
    int in_range = v >= 0 && (bits >= 63 || v < ((int64_t)1 << bits));
    zkfl_circuit *l = lookup_circuit(ZKFL_CIRCUIT_WITNESS, v, bits);
    zkfl_circuit *b = bits_circuit(v, bits);
    CHECK_EQ_INT(l != NULL, in_range);
    CHECK_EQ_INT(b != NULL, in_range);
    if (l) {
        zkfl_fr X;
        random_fr(&X, &rng);
        CHECK_OK(zkfl_circuit_finish_witness(l, &X));
        CHECK(circuit_ok(l));
        /* Any single edit of the value wire breaks it. */
        CHECK(bump_fails(l, 2, 0));
    }
    if (b) CHECK(circuit_ok(b));
    int fl = forced_lookup(v, bits), fb = forced_bits(v, bits);
    CHECK_EQ_INT(fl == 0, in_range);
    CHECK_EQ_INT(fb == 0, in_range);
    zkfl_circuit_free(l);
    zkfl_circuit_free(b);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 7);
    unsigned widths[] = {16, 13, 8, 5, 1, 24, 40};
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
        unsigned k = widths[wi];
        int64_t top = (int64_t)1 << k;
        int64_t vals[] = {0, 1, top - 1, top, top + 1, -1, -top, 255, 256, 2 * top, 65535, 65536};
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) equivalence(k, vals[i]);
        for (int r = 0; r < 20; r++) {
            int64_t v = (int64_t)(zkfl_test_rng_next(&rng) % (uint64_t)(4 * top)) - top;
            equivalence(k, v);
        }
    }
    /* Shape mode builds the identical system. */
    zkfl_circuit *s = lookup_circuit(ZKFL_CIRCUIT_SHAPE, 0, 16), *w = lookup_circuit(ZKFL_CIRCUIT_WITNESS, 1234, 16);
    CHECK(same_r1cs(s, w));
    /* Cost: 16-bit value = 2 keys; table 256 + sum 1 + mask 1. */
    CHECK_EQ_INT(zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(s)), 2 + 256 + 1 + 1);
    zkfl_circuit_free(s);
    zkfl_circuit_free(w);
    return zkfl_test_done("circuits_rangecheck");
}
