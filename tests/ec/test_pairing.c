/* The BN254 optimal ate pairing: values against @noble/curves and
 * ffjavascript (node, random scalars), committed known answers, the EIP-197
 * precompile vectors, and algebraic properties (bilinearity, order r,
 * non-degeneracy, multi-pairing, Groth16-shaped checks, infinity), plus the
 * internal pieces (NAF, Frobenius on the twist, sparse multiplication, the
 * final exponentiation against plain exponentiation). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ec.h"
#include "ec/pairing_internal.h"

static zkfl_test_rng rng;

/* ---- helpers ---- */

static int hex_to_bytes(uint8_t *out, size_t n, const char *hex)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

static void bytes_to_hex(char *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", in[i]);
}

/* A uniform-enough nonzero scalar below 2^248 < r from the seeded rng. */
static void random_fr(zkfl_fr *k)
{
    uint8_t b[32] = {0};
    do {
        zkfl_test_rng_bytes(&rng, b + 1, 31);
    } while (zkfl_fr_from_bytes_be(k, b) != 0 || zkfl_fr_is_zero(k));
}

static void random_fp(zkfl_fp *a)
{
    uint8_t b[32];
    zkfl_test_rng_bytes(&rng, b, 32);
    b[0] &= 0x1f; /* below p, whose top byte is 0x30 */
    CHECK_OK(zkfl_fp_from_bytes_be(a, b));
}

static void random_fp12(zkfl_fp12 *f)
{
    zkfl_fp2 *c[6] = {&f->c0.c0, &f->c0.c1, &f->c0.c2, &f->c1.c0, &f->c1.c1, &f->c1.c2};
    for (int i = 0; i < 6; i++) {
        random_fp(&c[i]->c0);
        random_fp(&c[i]->c1);
    }
}

static void g1_times(zkfl_g1_affine *r, const zkfl_fr *k)
{
    zkfl_g1 g, t;
    zkfl_g1_generator(&g);
    zkfl_g1_mul_vartime(&t, &g, k);
    zkfl_g1_to_affine(r, &t);
}

static void g2_times(zkfl_g2_affine *r, const zkfl_fr *k)
{
    zkfl_g2 g, t;
    zkfl_g2_generator(&g);
    zkfl_g2_mul_vartime(&t, &g, k);
    zkfl_g2_to_affine(r, &t);
}

static void fr_from_u64(zkfl_fr *k, uint64_t v) { zkfl_fr_set_u64(k, v); }

/* f^k for a scalar k (its canonical integer as the exponent). */
static void fp12_pow_fr(zkfl_fp12 *r, const zkfl_fp12 *f, const zkfl_fr *k)
{
    uint64_t e[4];
    zkfl_fr_to_raw(e, k);
    zkfl_fp12_pow_vartime(r, f, e, 4);
}

static const uint64_t R_LIMBS[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                    0xb85045b68181585dULL, 0x30644e72e131a029ULL};

static int fp12_has_order_r(const zkfl_fp12 *f)
{
    zkfl_fp12 t;
    zkfl_fp12_pow_vartime(&t, f, R_LIMBS, 4);
    return zkfl_fp12_is_one(&t);
}

/* Splits off the next '\n'-terminated line (C11 has no strtok_r). */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (line == NULL || *line == 0)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl != NULL) {
        *nl = 0;
        *cursor = nl + 1;
    } else {
        *cursor = line + strlen(line);
    }
    return line;
}

/* The next line that is neither empty nor a # comment, or NULL. */
static char *next_data_line(char **cursor)
{
    char *line;
    do
        line = next_line(cursor);
    while (line != NULL && (line[0] == '#' || line[0] == 0));
    return line;
}

static char *read_file(const char *rel)
{
    const char *src = zkfl_test_source_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src ? src : "../..", rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* read_file for a data file the test cannot do without (a failed CHECK
 * when missing), with *cur at its first line for next_data_line. */
static char *read_data_file(const char *rel, char **cur)
{
    char *text = read_file(rel);
    CHECK(text != NULL);
    *cur = text;
    return text;
}

/* ---- internal pieces ---- */

static void test_naf(void)
{
    /* sum d_i 2^i over the digits must be 6x+2 (a 65-bit number): do the
     * arithmetic in two 64-bit halves with signed digits. */
    unsigned __int128 acc = 0;
    for (int i = 0; i < PAIRING_ATE_NAF_LEN; i++) {
        int d = pairing_ate_naf[i];
        acc = acc * 2 + (unsigned __int128)(__int128)d;
        if (i > 0)
            CHECK(!(d != 0 && pairing_ate_naf[i - 1] != 0)); /* non-adjacent */
    }
    unsigned __int128 want = (unsigned __int128)PAIRING_BN_X * 6 + 2;
    CHECK(acc == want);
}

static void test_twist_frobenius(void)
{
    /* pi acts on G2 as multiplication by p, and -pi^2 as -p^2 (mod r). */
    static const uint64_t p_mod_r[4] = {0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL, 0, 0};
    static const uint64_t p2_mod_r[4] = {0xb8ca0b2d36636f24ULL, 0xcc37a73fec2bc5e9ULL,
                                         0x048b6e193fd84104ULL, 0x30644e72e131a029ULL};
    zkfl_fr k, pk, p2k;
    random_fr(&k);
    zkfl_g2_affine q, fq, f2q;
    g2_times(&q, &k);
    pairing_g2_frobenius(&fq, &q);
    pairing_g2_neg_frobenius2(&f2q, &q);
    CHECK(zkfl_g2_affine_is_on_curve(&fq));
    CHECK(zkfl_g2_affine_is_on_curve(&f2q));

    zkfl_fr s;
    CHECK_OK(zkfl_fr_from_raw(&s, p_mod_r));
    zkfl_fr_mul(&pk, &k, &s);
    CHECK_OK(zkfl_fr_from_raw(&s, p2_mod_r));
    zkfl_fr_mul(&p2k, &k, &s);
    zkfl_fr_neg(&p2k, &p2k);
    zkfl_g2_affine want;
    g2_times(&want, &pk);
    CHECK(zkfl_fp2_eq(&want.x, &fq.x) && zkfl_fp2_eq(&want.y, &fq.y));
    g2_times(&want, &p2k);
    CHECK(zkfl_fp2_eq(&want.x, &f2q.x) && zkfl_fp2_eq(&want.y, &f2q.y));
}

static void test_sparse_mul(void)
{
    for (int it = 0; it < 8; it++) {
        zkfl_fp12 f, l, want, got;
        random_fp12(&f);
        random_fp12(&l);
        zkfl_fp2_set_zero(&l.c0.c1);
        zkfl_fp2_set_zero(&l.c0.c2);
        zkfl_fp2_set_zero(&l.c1.c2);
        zkfl_fp12_mul(&want, &f, &l);
        got = f;
        pairing_fp12_mul_by_034(&got, &l.c0.c0, &l.c1.c0, &l.c1.c1);
        CHECK(zkfl_fp12_eq(&want, &got));
    }
}

/* m (p^4 - p^2 + 1)/r with m = 2x(6x^2+3x+1): the power the hard part computes. */
static const uint64_t HARD_EXP[15] = {
    0xcaa4152366144ab4ULL, 0x114dc0ec2cab7ffdULL, 0x0cf0888c7a0ff6cfULL, 0x65c5644e949b6a90ULL,
    0x1be2458885117085ULL, 0x5b35eb719e58db4bULL, 0x2566c550aeb7e0e2ULL, 0x0c974024a316619fULL,
    0xd147cb7d3a5203dcULL, 0x621d9bfed77c2ad0ULL, 0x26473fbcd1c3ec1eULL, 0xe86518527b5e4036ULL,
    0x29259e9712ca7b71ULL, 0x1891045f68d15763ULL, 0x00679dd974c68787ULL};
/* (p^4 - p^2 + 1)/r, the textbook hard part, and the factor m = 2x(6x^2+3x+1). */
static const uint64_t HARD_PLAIN[12] = {
    0xe81bb482ccdf42b1ULL, 0x5abf5cc4f49c36d4ULL, 0xf1154e7e1da014fdULL, 0xdcc7b44c87cdbacfULL,
    0xaaa441e3954bcf8aULL, 0x6b887d56d5095f23ULL, 0x79581e16f3fd90c6ULL, 0x3b1b1355d189227dULL,
    0x4e529a5861876f6bULL, 0x6c0eb522d5b12278ULL, 0x331ec15183177fafULL, 0x01baaa710b0759adULL};
static const uint64_t HARD_M[3] = {0x2e5d4e223ddedaf4ULL, 0x1ea96b02d9d9e38dULL,
                                   0x3bec47df15e307c8ULL};
/* (p^6 - 1)(p^2 + 1): the easy part. */
static const uint64_t EASY_EXP[32] = {
    0x72ab9d4cf9110b20ULL, 0x973cd2a37a1b4236ULL, 0x1ba98b1bc336a6d5ULL, 0x2dfcbbaca5d60846ULL,
    0xd5439cc568e9448aULL, 0xe1db0edd8549f5a5ULL, 0x6f93e1753d4af731ULL, 0x49c8a9c36c6fee88ULL,
    0x15f3f80815d4b9faULL, 0x1ba650a506fe3ed0ULL, 0xaefe7d8fff4f3dffULL, 0x6ac0657132447defULL,
    0xf1f3ac284dd0152cULL, 0x37018c9976be9e50ULL, 0x22c60855715fb2d0ULL, 0x208847a342f135b0ULL,
    0x3ee1e2cb94f42a1dULL, 0x3c4a7ccbcfffdab3ULL, 0xad8c7c82ecaf3f33ULL, 0x6ca3fffc37db0759ULL,
    0x37cd075497b1b668ULL, 0xea10af7b063fb6d2ULL, 0x4c05f030809f6505ULL, 0x2a2ce31f8f0d0104ULL,
    0x8cabad13097c3c76ULL, 0x4d2a25ff065eb903ULL, 0xa3df56ffaff05a83ULL, 0x2d5b0867d19408a1ULL,
    0x223eaadf9b381c71ULL, 0xe8809c2c51000097ULL, 0x0e97a02f2739dcf3ULL, 0x00001b59e685800bULL};

static void test_final_exp_parts(void)
{
    for (int it = 0; it < 2; it++) {
        zkfl_fp12 f, easy, want, hard, x_pow, want_x;
        random_fp12(&f);
        pairing_final_exp_easy(&easy, &f);
        zkfl_fp12_pow_vartime(&want, &f, EASY_EXP, 32);
        CHECK(zkfl_fp12_eq(&easy, &want));

        /* The chain for x, on a cyclotomic element. */
        pairing_cyclotomic_exp_by_x(&x_pow, &easy);
        uint64_t x[1] = {PAIRING_BN_X};
        zkfl_fp12_pow_vartime(&want_x, &easy, x, 1);
        CHECK(zkfl_fp12_eq(&x_pow, &want_x));

        pairing_final_exp_hard(&hard, &easy);
        zkfl_fp12_pow_vartime(&want, &easy, HARD_EXP, 15);
        CHECK(zkfl_fp12_eq(&hard, &want));
        /* The same as the textbook hard part raised to m (the multiple that
         * snarkjs and noble compute too): (f^((p^4-p^2+1)/r))^m. */
        zkfl_fp12 plain;
        zkfl_fp12_pow_vartime(&plain, &easy, HARD_PLAIN, 12);
        CHECK(fp12_has_order_r(&plain));
        CHECK(!zkfl_fp12_eq(&plain, &hard));
        zkfl_fp12_pow_vartime(&want, &plain, HARD_M, 3);
        CHECK(zkfl_fp12_eq(&hard, &want));
        CHECK(fp12_has_order_r(&hard));

        zkfl_final_exponentiation(&want, &f);
        CHECK(zkfl_fp12_eq(&hard, &want));
    }
}

/* ---- values against other implementations ---- */

static void test_kat_file(void)
{
    char *cur, *text = read_data_file("tests/ec/pairing_kat.txt", &cur);
    if (text == NULL)
        return;
    int count = 0;
    for (char *line = next_data_line(&cur); line != NULL; line = next_data_line(&cur)) {
        char a[65], b[65], g1h[129], g2h[257], eh[769];
        if (sscanf(line, "%64s %64s %128s %256s %768s", a, b, g1h, g2h, eh) != 5) {
            CHECK(!"malformed line in pairing_kat.txt");
            continue;
        }
        uint8_t g1b[64], g2b[128], eb[384], got[384];
        CHECK_OK(hex_to_bytes(g1b, 64, g1h));
        CHECK_OK(hex_to_bytes(g2b, 128, g2h));
        CHECK_OK(hex_to_bytes(eb, 384, eh));
        zkfl_g1_affine p;
        zkfl_g2_affine q;
        CHECK_OK(zkfl_g1_from_bytes_eth(&p, g1b));
        CHECK_OK(zkfl_g2_from_bytes_eth(&q, g2b));
        zkfl_fp12 e;
        zkfl_pairing(&e, &p, &q);
        zkfl_fp12_to_bytes_be(got, &e);
        CHECK(memcmp(got, eb, 384) == 0);
        count++;
    }
    CHECK(count >= 4);
    free(text);
}

static void test_eip197_vectors(void)
{
    char *cur, *text = read_data_file("tests/ec/pairing_eip197_vectors.txt", &cur);
    if (text == NULL)
        return;
    int count = 0;
    for (char *line = next_data_line(&cur); line != NULL; line = next_data_line(&cur)) {
        char name[64];
        int expected;
        int off = 0;
        if (sscanf(line, "%63s %d %n", name, &expected, &off) != 2) {
            CHECK(!"malformed line in pairing_eip197_vectors.txt");
            continue;
        }
        const char *hex = line + off;
        size_t hlen = strcmp(hex, "-") == 0 ? 0 : strlen(hex);
        CHECK(hlen % 384 == 0);
        size_t n = hlen / 384;
        zkfl_g1_affine p[8];
        zkfl_g2_affine q[8];
        CHECK(n <= 8);
        if (n > 8)
            continue;
        for (size_t i = 0; i < n; i++) {
            uint8_t b[192];
            CHECK_OK(hex_to_bytes(b, 192, hex + 384 * i));
            CHECK_OK(zkfl_g1_from_bytes_eth(&p[i], b));
            CHECK_OK(zkfl_g2_from_bytes_eth(&q[i], b + 64));
        }
        int got = zkfl_pairing_check(p, q, n);
        if (got != expected)
            fprintf(stderr, "EIP-197 vector %s: got %d, want %d\n", name, got, expected);
        CHECK_EQ_INT(got, expected);
        count++;
    }
    CHECK_EQ_INT(count, 9);
    free(text);
}

static void test_against_node(void)
{
    if (!zkfl_test_have_node_package("@noble/curves") ||
        !zkfl_test_have_node_package("ffjavascript")) {
        CHECK(!"node with @noble/curves and ffjavascript is required (tools/deps.sh)");
        return;
    }
    enum { N = 3 };
    zkfl_fr a[N], b[N];
    char cmd[2048];
    int len = snprintf(cmd, sizeof cmd, "node '%s/tests/ec/pairing_ref.mjs' pairing",
                       zkfl_test_source_dir());
    for (int i = 0; i < N; i++) {
        uint8_t ab[32], bb[32];
        char ah[65], bh[65];
        random_fr(&a[i]);
        random_fr(&b[i]);
        zkfl_fr_to_bytes_be(ab, &a[i]);
        zkfl_fr_to_bytes_be(bb, &b[i]);
        bytes_to_hex(ah, ab, 32);
        bytes_to_hex(bh, bb, 32);
        len += snprintf(cmd + len, sizeof cmd - (size_t)len, " %s %s", ah, bh);
    }
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    CHECK(out != NULL);
    CHECK_EQ_INT(status, 0);
    if (out == NULL)
        return;
    char *cur = out;
    char *line = next_line(&cur);
    for (int i = 0; i < N; i++) {
        zkfl_g1_affine p;
        zkfl_g2_affine q;
        zkfl_fp12 e;
        uint8_t bytes[384];
        char hex[769];
        g1_times(&p, &a[i]);
        g2_times(&q, &b[i]);
        zkfl_pairing(&e, &p, &q);
        zkfl_fp12_to_bytes_be(bytes, &e);
        bytes_to_hex(hex, bytes, 384);
        CHECK(line != NULL && strcmp(line, hex) == 0);
        if (line != NULL && strcmp(line, hex) != 0)
            fprintf(stderr, "pair %d:\n zkfl %s\n ref  %s\n", i, hex, line);
        line = next_line(&cur);
    }
    free(out);
}

/* ---- algebraic properties ---- */

static void test_bilinearity(void)
{
    zkfl_g1_affine g1, ap, abp;
    zkfl_g2_affine g2, bq, abq;
    zkfl_fr one, a, b, ab;
    fr_from_u64(&one, 1);
    g1_times(&g1, &one);
    g2_times(&g2, &one);
    random_fr(&a);
    random_fr(&b);
    zkfl_fr_mul(&ab, &a, &b);
    g1_times(&ap, &a);
    g2_times(&bq, &b);
    g1_times(&abp, &ab);
    g2_times(&abq, &ab);

    zkfl_fp12 base, e1, e2, e3, e4;
    zkfl_pairing(&base, &g1, &g2);
    CHECK(!zkfl_fp12_is_one(&base));          /* non-degenerate */
    CHECK(fp12_has_order_r(&base));           /* lands in GT */
    zkfl_pairing(&e1, &ap, &bq);
    fp12_pow_fr(&e2, &base, &ab);
    zkfl_pairing(&e3, &abp, &g2);
    zkfl_pairing(&e4, &g1, &abq);
    CHECK(zkfl_fp12_eq(&e1, &e2));
    CHECK(zkfl_fp12_eq(&e1, &e3));
    CHECK(zkfl_fp12_eq(&e1, &e4));
    CHECK(fp12_has_order_r(&e1));

    /* e(-P, Q) = e(P, Q)^-1 = conj(e(P, Q)). */
    zkfl_g1 t;
    zkfl_g1_affine neg;
    zkfl_g1_from_affine(&t, &ap);
    zkfl_g1_neg(&t, &t);
    zkfl_g1_to_affine(&neg, &t);
    zkfl_pairing(&e2, &neg, &bq);
    zkfl_fp12_conj(&e3, &e1);
    CHECK(zkfl_fp12_eq(&e2, &e3));
    zkfl_fp12_mul(&e3, &e1, &e2);
    CHECK(zkfl_fp12_is_one(&e3));
}

static void test_multi_pairing(void)
{
    /* 20 pairs spans two Miller-loop chunks (16 + 4); pair 5 has P = O. */
    enum { N = 20 };
    zkfl_g1_affine p[N];
    zkfl_g2_affine q[N];
    zkfl_fp12 single[N], prod4, all, multi, e, f;
    zkfl_fp12_set_one(&prod4);
    zkfl_fp12_set_one(&all);
    for (int i = 0; i < N; i++) {
        zkfl_fr a, b;
        random_fr(&a);
        random_fr(&b);
        g1_times(&p[i], &a);
        g2_times(&q[i], &b);
        if (i == 5)
            memset(&p[i], 0, sizeof p[i]);
        zkfl_pairing(&single[i], &p[i], &q[i]);
        zkfl_fp12_mul(&all, &all, &single[i]);
        if (i < 4)
            zkfl_fp12_mul(&prod4, &prod4, &single[i]);
    }
    CHECK_OK(zkfl_multi_pairing(&multi, p, q, 4));
    CHECK(zkfl_fp12_eq(&multi, &prod4));
    CHECK_OK(zkfl_multi_pairing(&multi, p, q, N));
    CHECK(zkfl_fp12_eq(&multi, &all));

    /* Miller loop then final exponentiation is the same thing, also when
     * the output aliases the input. */
    zkfl_miller_loop(&f, p, q, N);
    zkfl_final_exponentiation(&e, &f);
    CHECK(zkfl_fp12_eq(&e, &all));
    zkfl_final_exponentiation(&f, &f);
    CHECK(zkfl_fp12_eq(&f, &all));

    /* Empty product. */
    CHECK_OK(zkfl_multi_pairing(&multi, p, q, 0));
    CHECK(zkfl_fp12_is_one(&multi));
    CHECK_EQ_INT(zkfl_pairing_check(p, q, 0), 1);
}

static void test_infinity(void)
{
    zkfl_g1_affine p, inf1;
    zkfl_g2_affine q, inf2;
    zkfl_fr a;
    random_fr(&a);
    g1_times(&p, &a);
    g2_times(&q, &a);
    memset(&inf1, 0, sizeof inf1);
    memset(&inf2, 0, sizeof inf2);
    zkfl_fp12 e;
    zkfl_pairing(&e, &inf1, &q);
    CHECK(zkfl_fp12_is_one(&e));
    zkfl_pairing(&e, &p, &inf2);
    CHECK(zkfl_fp12_is_one(&e));
    zkfl_pairing(&e, &inf1, &inf2);
    CHECK(zkfl_fp12_is_one(&e));
    zkfl_g1_affine ps[2] = {inf1, p};
    zkfl_g2_affine qs[2] = {q, inf2};
    CHECK_EQ_INT(zkfl_pairing_check(ps, qs, 2), 1);
}

/* e(A, B) = e(alpha, beta) e(L, gamma) e(C, delta), checked as
 * e(-A, B) e(alpha, beta) e(L, gamma) e(C, delta) == 1 like a verifier. */
static void test_groth16_shape(void)
{
    zkfl_fr alpha, beta, gamma, delta, l, c, a, b, t, s;
    random_fr(&alpha);
    random_fr(&beta);
    random_fr(&gamma);
    random_fr(&delta);
    random_fr(&l);
    random_fr(&c);
    random_fr(&b);
    zkfl_fr_mul(&s, &alpha, &beta);
    zkfl_fr_mul(&t, &l, &gamma);
    zkfl_fr_add(&s, &s, &t);
    zkfl_fr_mul(&t, &c, &delta);
    zkfl_fr_add(&s, &s, &t);
    zkfl_fr_inv(&t, &b);
    zkfl_fr_mul(&a, &s, &t);
    zkfl_fr_neg(&a, &a);

    zkfl_g1_affine p[4];
    zkfl_g2_affine q[4];
    g1_times(&p[0], &a);
    g2_times(&q[0], &b);
    g1_times(&p[1], &alpha);
    g2_times(&q[1], &beta);
    g1_times(&p[2], &l);
    g2_times(&q[2], &gamma);
    g1_times(&p[3], &c);
    g2_times(&q[3], &delta);
    CHECK_EQ_INT(zkfl_pairing_check(p, q, 4), 1);

    /* A tampered proof element (C + G1) and swapped G2 elements fail. */
    zkfl_fr one;
    fr_from_u64(&one, 1);
    zkfl_fr_add(&t, &c, &one);
    zkfl_g1_affine saved = p[3];
    g1_times(&p[3], &t);
    CHECK_EQ_INT(zkfl_pairing_check(p, q, 4), 0);
    p[3] = saved;
    zkfl_g2_affine sq = q[2];
    q[2] = q[3];
    q[3] = sq;
    CHECK_EQ_INT(zkfl_pairing_check(p, q, 4), 0);
    q[3] = q[2];
    q[2] = sq;
    CHECK_EQ_INT(zkfl_pairing_check(p, q, 4), 1);
}

/* Prepared (precomputed-line) G2 points give the same Miller loop values as
 * plain ones, mixed in one loop, past the 16-pair chunk, with infinities. */
static void test_prepared(void)
{
    enum { N = 20, NP = 4 };
    zkfl_g1_affine p[N + NP];
    zkfl_g2_affine q[N + NP];
    zkfl_g2_prepared *prep[NP];
    for (int i = 0; i < N + NP; i++) {
        zkfl_fr a, b;
        random_fr(&a);
        random_fr(&b);
        g1_times(&p[i], &a);
        g2_times(&q[i], &b);
    }
    memset(&q[N + 1], 0, sizeof q[N + 1]); /* a prepared infinity */
    memset(&p[N + 2], 0, sizeof p[N + 2]); /* P = O with a prepared Q */
    for (int j = 0; j < NP; j++)
        CHECK_OK(zkfl_g2_prepare(&prep[j], &q[N + j]));

    zkfl_fp12 want, got;
    const zkfl_g2_prepared *const *qp = (const zkfl_g2_prepared *const *)prep;
    zkfl_miller_loop(&want, p, q, N + NP);
    CHECK_OK(zkfl_miller_loop_prepared(&got, p, q, N, p + N, qp, NP));
    CHECK(zkfl_fp12_eq(&want, &got));
    /* Prepared only, and a Groth16-sized mix (1 plain + 2 prepared). */
    zkfl_miller_loop(&want, p + N, q + N, NP);
    CHECK_OK(zkfl_miller_loop_prepared(&got, NULL, NULL, 0, p + N, qp, NP));
    CHECK(zkfl_fp12_eq(&want, &got));
    zkfl_g1_affine mp[3] = {p[0], p[N], p[N + 3]};
    zkfl_g2_affine mq[3] = {q[0], q[N], q[N + 3]};
    const zkfl_g2_prepared *mprep[2] = {prep[0], prep[3]};
    zkfl_miller_loop(&want, mp, mq, 3);
    CHECK_OK(zkfl_miller_loop_prepared(&got, mp, mq, 1, mp + 1, mprep, 2));
    CHECK(zkfl_fp12_eq(&want, &got));
    zkfl_final_exponentiation(&got, &got);
    CHECK(fp12_has_order_r(&got));
    /* Nothing at all is the empty product. */
    CHECK_OK(zkfl_miller_loop_prepared(&got, NULL, NULL, 0, NULL, NULL, 0));
    CHECK(zkfl_fp12_is_one(&got));
    /* Bad arguments. */
    CHECK_EQ_INT(zkfl_miller_loop_prepared(&got, NULL, q, 1, NULL, NULL, 0), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_miller_loop_prepared(&got, p, q, 1, p, NULL, 1), ZKFL_ERR_INVALID_ARG);
    const zkfl_g2_prepared *nullprep[1] = {NULL};
    CHECK_EQ_INT(zkfl_miller_loop_prepared(&got, p, q, 0, p, nullprep, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_g2_prepare(NULL, q), ZKFL_ERR_INVALID_ARG);
    for (int j = 0; j < NP; j++)
        zkfl_g2_prepared_free(prep[j]);
    zkfl_g2_prepared_free(NULL);
}

static void test_rejection(void)
{
    zkfl_g1_affine p;
    zkfl_g2_affine q;
    zkfl_fr a;
    zkfl_fp12 e;
    random_fr(&a);
    g1_times(&p, &a);
    g2_times(&q, &a);
    CHECK_EQ_INT(zkfl_multi_pairing(&e, NULL, &q, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_pairing_check(&p, NULL, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_multi_pairing(NULL, &p, &q, 1), ZKFL_ERR_INVALID_ARG);
    zkfl_g1_affine bad1 = p;
    zkfl_fp one;
    zkfl_fp_set_one(&one);
    zkfl_fp_add(&bad1.y, &bad1.y, &one);
    CHECK_EQ_INT(zkfl_pairing_check(&bad1, &q, 1), ZKFL_ERR_NOT_ON_CURVE);
    zkfl_g2_affine bad2 = q;
    zkfl_fp_add(&bad2.x.c1, &bad2.x.c1, &one);
    CHECK_EQ_INT(zkfl_multi_pairing(&e, &p, &bad2, 1), ZKFL_ERR_NOT_ON_CURVE);
}

int main(void)
{
    zkfl_test_rng_seed(&rng, 0x9a171e5);
    test_naf();
    test_sparse_mul();
    test_twist_frobenius();
    test_final_exp_parts();
    test_kat_file();
    test_eip197_vectors();
    test_bilinearity();
    test_multi_pairing();
    test_infinity();
    test_groth16_shape();
    test_prepared();
    test_rejection();
    test_against_node();
    return zkfl_test_done("pairing");
}
