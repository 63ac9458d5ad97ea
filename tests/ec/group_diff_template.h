/* The body of the G1 and G2 differential tests (test_g1_diff.c,
 * test_g2_diff.c): add (four forms), double and both scalar multiplications
 * on random and edge-case inputs, written as cases for tests/ec/ec_ref.mjs.
 * The including file defines:
 *   GD(name)      the group's prefix applied to a name: zkfl_g1_##name
 *   GD_T, GD_AFF  the projective and affine types
 *   GD_TAG        "g1" or "g2" (the case lines' prefix)
 *   GD_BYTES      the eth encoding's length
 *   GD_N_ADD, GD_N_DBL, GD_N_MUL   how many cases of each kind
 *   GD_SEED, GD_NAME               the rng seed and the test's name */
#include "ec_ref_util.h"

static zkfl_test_rng rng;

static void put_point(FILE *f, const GD_T *p)
{
    GD_AFF a;
    uint8_t b[GD_BYTES];
    GD(to_affine)(&a, p);
    GD(to_bytes_eth)(b, &a);
    ec_ref_hex(f, b, sizeof b);
}

static void put_scalar(FILE *f, const zkfl_fr *k)
{
    uint8_t b[32];
    zkfl_fr_to_bytes_be(b, k);
    ec_ref_hex(f, b, sizeof b);
}

static void rand_point(GD_T *p)
{
    zkfl_fr k;
    GD_T g;
    ec_test_rand_fr(&rng, &k);
    GD(generator)(&g);
    GD(mul)(p, &g, &k);
}

/* Scalar i of the multiplication cases: edge values first, then random. */
static void case_scalar(zkfl_fr *k, int i)
{
    uint64_t raw[4] = {0};
    switch (i) {
    case 0: zkfl_fr_set_zero(k); break;
    case 1: zkfl_fr_set_one(k); break;
    case 2: zkfl_fr_set_one(k); zkfl_fr_neg(k, k); break;        /* r - 1 */
    case 3: zkfl_fr_set_u64(k, 2); zkfl_fr_neg(k, k); break;     /* r - 2 */
    case 4: raw[2] = 1; zkfl_fr_from_raw(k, raw); break;          /* 2^128 */
    case 5: raw[0] = raw[1] = ~0ull; zkfl_fr_from_raw(k, raw); break;
    case 6: raw[3] = 1ull << 61; zkfl_fr_from_raw(k, raw); break;
    default: ec_test_rand_fr(&rng, k);
    }
}

int main(void)
{
    zkfl_test_rng_seed(&rng, GD_SEED);
    const char *path = "ec_" GD_TAG "_diff_cases.txt";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL)
        return zkfl_test_done(GD_NAME);

    GD_T g, inf, a, b, t;
    GD(generator)(&g);
    GD(set_infinity)(&inf);
    /* additions: random, equal, opposite, with infinity; mixed and vartime forms */
    for (int i = 0; i < GD_N_ADD; i++) {
        rand_point(&a);
        if (i % 10 == 1) b = a;
        else if (i % 10 == 2) GD(neg)(&b, &a);
        else if (i % 10 == 3) b = inf;
        else if (i % 10 == 4) { b = a; a = inf; }
        else rand_point(&b);
        GD_AFF ba;
        GD(to_affine)(&ba, &b);
        for (int form = 0; form < 4; form++) {
            if (form == 0) GD(add)(&t, &a, &b);
            else if (form == 1) GD(add_vartime)(&t, &a, &b);
            else if (form == 2) GD(add_affine)(&t, &a, &ba);
            else GD(add_affine_vartime)(&t, &a, &ba);
            fputs(GD_TAG "add", f); put_point(f, &a); put_point(f, &b); put_point(f, &t); fputc('\n', f);
        }
    }
    for (int i = 0; i < GD_N_DBL; i++) {
        if (i == 0) a = inf; else rand_point(&a);
        GD(dbl)(&t, &a);
        fputs(GD_TAG "dbl", f); put_point(f, &a); put_point(f, &t); fputc('\n', f);
    }
    /* scalar multiplications: edge scalars and random ones, ct and vartime */
    for (int i = 0; i < GD_N_MUL; i++) {
        zkfl_fr k;
        case_scalar(&k, i);
        if (i % 3 == 0) a = g; else rand_point(&a);
        GD(mul)(&t, &a, &k);
        fputs(GD_TAG "mul", f); put_scalar(f, &k); put_point(f, &a); put_point(f, &t); fputc('\n', f);
        GD(mul_vartime)(&t, &a, &k);
        fputs(GD_TAG "mul", f); put_scalar(f, &k); put_point(f, &a); put_point(f, &t); fputc('\n', f);
    }
    fclose(f);
    static const char *const packages[] = {"@noble/curves", "ffjavascript", NULL};
    CHECK(ec_ref_run(path, packages));
    remove(path);
    return zkfl_test_done(GD_NAME);
}
