/* snarkjs JSON decoders on hostile input: every malformed proof.json,
 * public.json and verification_key.json is rejected with the right code and
 * a message naming the field. */
#include "test_groth16_util.h"

#define P_DEC "21888242871839275222246405745257275088696311157297823662689037894645226208583"
#define R_DEC "21888242871839275222246405745257275088548364400416034343698204186575808495617"
#define R_MINUS_1 "21888242871839275222246405745257275088548364400416034343698204186575808495616"

/* Replaces the first occurrence of from in text by to (new malloc'd string). */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (at == NULL) {
        fprintf(stderr, "fixture lacks '%s'\n", from);
        exit(1);
    }
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    size_t pre = (size_t)(at - text);
    memcpy(out, text, pre);
    strcpy(out + pre, to);
    strcat(out, at + strlen(from));
    return out;
}

static int proof_rc(const char *text, const char *must_mention)
{
    zkfl_groth16_proof p;
    char err[256] = "";
    int rc = zkfl_groth16_proof_from_json(&p, text, strlen(text), err, sizeof err);
    if (rc != 0 && must_mention != NULL && strstr(err, must_mention) == NULL) {
        fprintf(stderr, "message '%s' lacks '%s'\n", err, must_mention);
        return 1;
    }
    return rc;
}

static void test_proof_json(void)
{
    char *good = g16_load("interop_multiplier_proof.json", NULL);
    zkfl_groth16_proof p;
    CHECK_OK(zkfl_groth16_proof_from_json(&p, good, strlen(good), NULL, 0));
    /* The first coordinate of each point, to be edited. */
    const char *ax = "7911032966542486822557709605564360118361893825900221125077794645565941755590";
    const char *bx0 = "11464748174581871013827837481198042686789377601585795842457302781983953962085";

    struct { const char *from, *to, *mention; int rc; } cases[] = {
        {"\"pi_b\"", "\"pi_x\"", "pi_b", ZKFL_ERR_FORMAT},                /* missing member */
        {ax, "79110329665424868225577096055643601183618938259002211250777946455659417555", "pi_a", ZKFL_ERR_NOT_ON_CURVE},
        {ax, "-7", "pi_a", ZKFL_ERR_FORMAT},                               /* sign */
        {ax, "0x12", "pi_a", ZKFL_ERR_FORMAT},                             /* hex */
        {ax, "", "pi_a", ZKFL_ERR_FORMAT},                                 /* empty */
        {ax, "1e5", "pi_a", ZKFL_ERR_FORMAT},
        {ax, P_DEC, "pi_a", ZKFL_ERR_NOT_CANONICAL},                       /* >= p */
        {ax, "000000000000000000000000000000000000000000000000000000000000000000000000000000000001", "pi_a", ZKFL_ERR_FORMAT},
        {bx0, "1", "pi_b", ZKFL_ERR_NOT_ON_CURVE},
        {"\"groth16\"", "\"plonk\"", "protocol", ZKFL_ERR_UNSUPPORTED},
        {"\"bn128\"", "\"bls12381\"", "curve", ZKFL_ERR_UNSUPPORTED},
        {"\"pi_c\": [", "\"pi_c\": 5, \"x\": [", "pi_c", ZKFL_ERR_FORMAT}, /* wrong type */
        {"\"pi_a\": [", "\"pi_a\": [\"1\", ", "pi_a", ZKFL_ERR_FORMAT},    /* 4 coordinates */
        {"\"pi_a\"", "\"pi_a\": 1, \"pi_a\"", NULL, ZKFL_ERR_FORMAT},      /* duplicate key */
        {"}", "", "JSON", ZKFL_ERR_FORMAT},                                /* truncated */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = replace(good, cases[i].from, cases[i].to);
        int rc = proof_rc(t, cases[i].mention);
        if (rc != cases[i].rc)
            fprintf(stderr, "proof case %zu: rc %d, want %d\n", i, rc, cases[i].rc);
        CHECK_EQ_INT(rc, cases[i].rc);
        free(t);
    }
    /* A number instead of a string for a coordinate. */
    char *t = replace(good, "\"7911032966542486822557709605564360118361893825900221125077794645565941755590\"", "7");
    CHECK_EQ_INT(proof_rc(t, "decimal string"), ZKFL_ERR_FORMAT);
    free(t);
    CHECK_EQ_INT(proof_rc("[]", "object"), ZKFL_ERR_FORMAT);
    CHECK_EQ_INT(proof_rc("", "JSON"), ZKFL_ERR_FORMAT);
    CHECK_EQ_INT(zkfl_groth16_proof_from_json(&p, NULL, 0, NULL, 0), ZKFL_ERR_INVALID_ARG);

    /* Infinity (z = 0) and Jacobian z != 1 are accepted like ffjavascript. */
    t = replace(good, "\"1\"\n ],\n \"pi_b\"", "\"0\"\n ],\n \"pi_b\"");
    CHECK_OK(zkfl_groth16_proof_from_json(&p, t, strlen(t), NULL, 0));
    CHECK(zkfl_g1_affine_is_infinity(&p.a));
    free(t);
    free(good);
}

/* A point on the twist curve outside the order-r subgroup: the decoder must
 * say so (the cofactor is large, so a point with small x is almost surely
 * outside). */
static void test_g2_subgroup_rejected(void)
{
    zkfl_fp2 b, xi, x, rhs, y;
    zkfl_fp three;
    zkfl_fp_set_u64(&three, 3);
    zkfl_fp_set_u64(&xi.c0, 9);
    zkfl_fp_set_one(&xi.c1);
    zkfl_fp2_inv(&xi, &xi);
    zkfl_fp2_mul_fp(&b, &xi, &three);           /* b' = 3 / (9 + u) */
    int found = 0;
    for (uint64_t k = 1; k < 100 && !found; k++) {
        zkfl_fp_set_u64(&x.c0, k);
        zkfl_fp_set_zero(&x.c1);
        zkfl_fp2_sqr(&rhs, &x);
        zkfl_fp2_mul(&rhs, &rhs, &x);
        zkfl_fp2_add(&rhs, &rhs, &b);
        if (zkfl_fp2_sqrt(&y, &rhs) != 0)
            continue;
        zkfl_g2_affine q = {x, y};
        if (!zkfl_g2_affine_is_on_curve(&q) || zkfl_g2_affine_is_in_subgroup(&q))
            continue;
        found = 1;
        char text[2048], d[6][ZKFL_DEC_MAX];
        zkfl_fp_to_dec(d[0], &x.c0);
        zkfl_fp_to_dec(d[1], &x.c1);
        zkfl_fp_to_dec(d[2], &y.c0);
        zkfl_fp_to_dec(d[3], &y.c1);
        snprintf(text, sizeof text,
                 "{\"pi_a\": [\"1\", \"2\", \"1\"], \"pi_b\": [[\"%s\", \"%s\"], [\"%s\", \"%s\"], [\"1\", \"0\"]],"
                 " \"pi_c\": [\"1\", \"2\", \"1\"], \"protocol\": \"groth16\", \"curve\": \"bn128\"}",
                 d[0], d[1], d[2], d[3]);
        CHECK_EQ_INT(proof_rc(text, "subgroup"), ZKFL_ERR_NOT_IN_SUBGROUP);
        /* The verifiers refuse it when the proof is built by hand. */
        zkfl_groth16_vk vk;
        CHECK_OK(g16_load_vk(&vk, "multiplier"));
        zkfl_groth16_proof p;
        zkfl_fr pub[2];
        zkfl_fr_set_one(&pub[0]);
        zkfl_fr_set_one(&pub[1]);
        zkfl_g1 g;
        zkfl_g1_generator(&g);
        zkfl_g1_to_affine(&p.a, &g);
        p.c = p.a;
        p.b = q;
        CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, 2, &p), ZKFL_ERR_NOT_IN_SUBGROUP);
        uint8_t valid = 1;
        CHECK_EQ_INT(zkfl_groth16_verify_batch_vartime(&valid, &vk, pub, &p, 1), ZKFL_ERR_VERIFY);
        CHECK_EQ_INT(valid, 0);
        /* And the binary decoder as well. */
        uint8_t bin[ZKFL_GROTH16_PROOF_BYTES];
        zkfl_groth16_proof_to_bytes(bin, &p);
        CHECK_EQ_INT(zkfl_groth16_proof_from_bytes(&p, bin), ZKFL_ERR_NOT_IN_SUBGROUP);
        zkfl_groth16_vk_free(&vk);
    }
    CHECK(found);
}

static void test_public_json(void)
{
    zkfl_fr *pub = NULL;
    size_t n = 0;
    char err[256];
    const char *ok = "[\"0\", \"" R_MINUS_1 "\"]";
    CHECK_OK(zkfl_groth16_public_from_json(&pub, &n, ok, strlen(ok), err, sizeof err));
    CHECK_EQ_INT(n, 2);
    free(pub);
    const char *ge_r = "[\"1\", \"" R_DEC "\"]";
    CHECK_EQ_INT(zkfl_groth16_public_from_json(&pub, &n, ge_r, strlen(ge_r), err, sizeof err), ZKFL_ERR_RANGE);
    CHECK(strstr(err, "public input 1") != NULL);
    CHECK(pub == NULL && n == 0);
    const char *bad[] = {"{}", "[1]", "[\"1\", null]", "[\"a\"]", "[[\"1\"]]", "[\"1\",", "[\" 1\"]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(zkfl_groth16_public_from_json(&pub, &n, bad[i], strlen(bad[i]), err, sizeof err),
                     ZKFL_ERR_FORMAT);
    CHECK_OK(zkfl_groth16_public_from_json(&pub, &n, "[]", 2, err, sizeof err));
    CHECK_EQ_INT(n, 0);
    free(pub);
}

static int vk_rc(const char *text, const char *must_mention)
{
    zkfl_groth16_vk vk;
    char err[256] = "";
    int rc = zkfl_groth16_vk_from_json(&vk, text, strlen(text), err, sizeof err);
    if (rc == 0)
        zkfl_groth16_vk_free(&vk);
    else if (must_mention != NULL && strstr(err, must_mention) == NULL) {
        fprintf(stderr, "message '%s' lacks '%s'\n", err, must_mention);
        return 1;
    }
    return rc;
}

/* Changes the last digit of the first number after the member name at key
 * (keeps the value below p, so the change is semantic, not syntactic). */
static void bump_last_digit(char *key)
{
    char *d = strpbrk(strchr(key, '['), "0123456789");
    while (d[1] >= '0' && d[1] <= '9')
        d++;
    *d = *d == '9' ? '8' : (char)(*d + 1);
}

static void test_vk_json(void)
{
    char *good = g16_load("interop_multiplier_vk.json", NULL);
    CHECK_OK(vk_rc(good, NULL));
    struct { const char *from, *to, *mention; int rc; } cases[] = {
        {"\"nPublic\": 2", "\"nPublic\": 3", "IC", ZKFL_ERR_FORMAT},
        {"\"nPublic\": 2", "\"nPublic\": \"2\"", "nPublic", ZKFL_ERR_FORMAT},
        {"\"nPublic\": 2", "\"nPublic\": -1", "nPublic", ZKFL_ERR_FORMAT},
        {"\"nPublic\": 2", "\"nPublic\": 9223372036854775807", "nPublic", ZKFL_ERR_FORMAT},
        {"\"vk_gamma_2\"", "\"vk_gamma_x\"", "vk_gamma_2", ZKFL_ERR_FORMAT},
        {"\"protocol\": \"groth16\"", "\"protocol\": \"plonk\"", "protocol", ZKFL_ERR_UNSUPPORTED},
        {"\"protocol\": \"groth16\",", "", "protocol", ZKFL_ERR_FORMAT},
        {"\"IC\": [", "\"IC\": [[\"1\", \"3\", \"1\"], ", "IC", ZKFL_ERR_FORMAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = replace(good, cases[i].from, cases[i].to);
        int rc = vk_rc(t, cases[i].mention);
        if (rc != cases[i].rc)
            fprintf(stderr, "vk case %zu: rc %d, want %d\n", i, rc, cases[i].rc);
        CHECK_EQ_INT(rc, cases[i].rc);
        free(t);
    }
    /* Edit the first coordinate of IC[0] (off the curve) and of alphabeta. */
    char *ic = strstr(good, "\"IC\"");
    char *alphabeta = strstr(good, "\"vk_alphabeta_12\"");
    CHECK(ic != NULL && alphabeta != NULL);
    if (ic != NULL && alphabeta != NULL) {
        char *t = replace(good, "", "");
        bump_last_digit(t + (ic - good));
        CHECK_EQ_INT(vk_rc(t, "IC[0]"), ZKFL_ERR_NOT_ON_CURVE);
        free(t);
        t = replace(good, "", "");
        bump_last_digit(t + (alphabeta - good));
        CHECK_EQ_INT(vk_rc(t, "alphabeta"), ZKFL_ERR_FORMAT);
        free(t);
    }
    free(good);
}

int main(void)
{
    test_proof_json();
    test_g2_subgroup_rejected();
    test_public_json();
    test_vk_json();
    return zkfl_test_done("groth16_json");
}
