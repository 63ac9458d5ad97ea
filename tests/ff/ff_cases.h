/* Checks one line of tests/ff/gen_cases.mjs output (a case computed by
 * @noble/curves / ffjavascript) against zkfl's fields. Shared by the live
 * differential test (diff_noble.c) and the committed known-answer vectors
 * (test_ff_kat.c). Included once per test program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/ff.h"

#define CASE_MAX_TOKENS 64

typedef struct {
    char *tok[CASE_MAX_TOKENS];
    int n, eq;          /* token count, index of "=" */
    int bad;            /* a token failed to parse */
} case_line;

static unsigned long case_counts[8];

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* big-endian hex into little-endian limbs; length must be 16*limbs */
static void parse_hex_limbs(case_line *c, const char *s, uint64_t *out, size_t limbs)
{
    if (strlen(s) != 16 * limbs) { c->bad = 1; return; }
    for (size_t i = 0; i < limbs; i++) {
        uint64_t w = 0;
        for (int k = 0; k < 16; k++) {
            int v = hexval(s[16 * (limbs - 1 - i) + k]);
            if (v < 0) { c->bad = 1; return; }
            w = (w << 4) | (uint64_t)v;
        }
        out[i] = w;
    }
}

static void parse_hex_bytes(case_line *c, const char *s, uint8_t *out, size_t n)
{
    if (strlen(s) != 2 * n) { c->bad = 1; return; }
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) { c->bad = 1; return; }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
}

static const char *arg(case_line *c, int i)
{
    if (i >= c->n) { c->bad = 1; return "0"; }
    return c->tok[i];
}

/* Decimal tokens come from JavaScript BigInt.toString(), so zkfl_*_to_dec
 * must print every parsed value back identically. */
static void get_fp(case_line *c, int i, zkfl_fp *r)
{
    char back[ZKFL_DEC_MAX];
    if (zkfl_fp_from_dec(r, arg(c, i)) != 0) { c->bad = 1; return; }
    zkfl_fp_to_dec(back, r);
    if (strcmp(back, arg(c, i)) != 0) c->bad = 1;
}
static void get_fr(case_line *c, int i, zkfl_fr *r)
{
    char back[ZKFL_DEC_MAX];
    if (zkfl_fr_from_dec(r, arg(c, i)) != 0) { c->bad = 1; return; }
    zkfl_fr_to_dec(back, r);
    if (strcmp(back, arg(c, i)) != 0) c->bad = 1;
}
static void get_fp2(case_line *c, int i, zkfl_fp2 *r) { get_fp(c, i, &r->c0); get_fp(c, i + 1, &r->c1); }

static int case_split(case_line *c, char *line)
{
    memset(c, 0, sizeof *c);
    c->eq = -1;
    for (char *t = strtok(line, " \t\r\n"); t != NULL; t = strtok(NULL, " \t\r\n")) {
        if (c->n == CASE_MAX_TOKENS) return -1;
        if (strcmp(t, "=") == 0 && c->eq < 0) c->eq = c->n;
        c->tok[c->n++] = t;
    }
    return c->n >= 4 && c->eq > 2 ? 0 : -1;
}

/* Both prime fields share the checks; F is fp or fr. */
#define PRIME_CASE(F, T)                                                                 \
    static int case_##F(case_line *c)                                                    \
    {                                                                                    \
        const char *op = c->tok[1];                                                      \
        int o = c->eq + 1;                                                               \
        T a, b, r, want;                                                                 \
        if (strcmp(op, "lem") == 0) {                                                    \
            uint8_t wantb[32], got[32];                                                  \
            get_##F(c, 2, &a);                                                           \
            parse_hex_bytes(c, arg(c, o), wantb, 32);                                    \
            if (c->bad) return -1;                                                       \
            zkfl_##F##_to_bytes_lem(got, &a);                                            \
            T back;                                                                      \
            return memcmp(got, wantb, 32) == 0 && zkfl_##F##_from_bytes_lem(&back, wantb) == 0 \
                   && zkfl_##F##_eq(&back, &a) ? 0 : 1;                                  \
        }                                                                                \
        if (strcmp(op, "wide") == 0) {                                                   \
            uint8_t w[64];                                                               \
            parse_hex_bytes(c, arg(c, 2), w, 64);                                        \
            get_##F(c, o, &want);                                                        \
            if (c->bad) return -1;                                                       \
            zkfl_##F##_from_bytes_be_wide(&r, w);                                        \
            return zkfl_##F##_eq(&r, &want) ? 0 : 1;                                     \
        }                                                                                \
        get_##F(c, 2, &a);                                                               \
        if (strcmp(op, "legendre") == 0) {                                               \
            if (c->bad) return -1;                                                       \
            return zkfl_##F##_legendre(&a) == atoi(arg(c, o)) ? 0 : 1;                   \
        }                                                                                \
        if (strcmp(op, "sqrt") == 0) {                                                   \
            if (c->bad) return -1;                                                       \
            int rc = zkfl_##F##_sqrt(&r, &a);                                            \
            if (strcmp(arg(c, o), "none") == 0) return rc == ZKFL_ERR_NO_SQRT ? 0 : 1;   \
            get_##F(c, o, &want);                                                        \
            if (c->bad || rc != 0) return rc != 0 ? 1 : -1;                              \
            T neg; zkfl_##F##_neg(&neg, &want);                                          \
            return zkfl_##F##_eq(&r, &want) || zkfl_##F##_eq(&r, &neg) ? 0 : 1;          \
        }                                                                                \
        if (strcmp(op, "pow") == 0) {                                                    \
            uint64_t e[4];                                                               \
            parse_hex_limbs(c, arg(c, 3), e, 4);                                         \
            get_##F(c, o, &want);                                                        \
            if (c->bad) return -1;                                                       \
            zkfl_##F##_pow(&r, &a, e);                                                   \
            T r2; zkfl_##F##_pow_vartime(&r2, &a, e);                                    \
            return zkfl_##F##_eq(&r, &want) && zkfl_##F##_eq(&r2, &want) ? 0 : 1;        \
        }                                                                                \
        get_##F(c, o, &want);                                                            \
        if (strcmp(op, "add") == 0 || strcmp(op, "sub") == 0 || strcmp(op, "mul") == 0) { \
            get_##F(c, 3, &b);                                                           \
            if (c->bad) return -1;                                                       \
            if (op[0] == 'a') zkfl_##F##_add(&r, &a, &b);                                \
            else if (op[0] == 's') zkfl_##F##_sub(&r, &a, &b);                           \
            else zkfl_##F##_mul(&r, &a, &b);                                             \
            return zkfl_##F##_eq(&r, &want) ? 0 : 1;                                     \
        }                                                                                \
        if (c->bad) return -1;                                                           \
        if (strcmp(op, "sqr") == 0) { zkfl_##F##_sqr(&r, &a); return zkfl_##F##_eq(&r, &want) ? 0 : 1; } \
        if (strcmp(op, "neg") == 0) { zkfl_##F##_neg(&r, &a); return zkfl_##F##_eq(&r, &want) ? 0 : 1; } \
        if (strcmp(op, "inv") == 0) {                                                    \
            T r2;                                                                        \
            zkfl_##F##_inv(&r, &a); zkfl_##F##_inv_vartime(&r2, &a);                     \
            return zkfl_##F##_eq(&r, &want) && zkfl_##F##_eq(&r2, &want) ? 0 : 1;        \
        }                                                                                \
        return -1;                                                                       \
    }

PRIME_CASE(fp, zkfl_fp)
PRIME_CASE(fr, zkfl_fr)

static int case_fp2(case_line *c)
{
    const char *op = c->tok[1];
    int o = c->eq + 1;
    zkfl_fp2 a, b, r, want;
    get_fp2(c, 2, &a);
    if (strcmp(op, "sqrt") == 0) {
        if (c->bad) return -1;
        int rc = zkfl_fp2_sqrt(&r, &a);
        if (strcmp(arg(c, o), "none") == 0) return rc == ZKFL_ERR_NO_SQRT ? 0 : 1;
        get_fp2(c, o, &want);
        if (c->bad || rc != 0) return rc != 0 ? 1 : -1;
        zkfl_fp2 neg;
        zkfl_fp2_neg(&neg, &want);
        return zkfl_fp2_eq(&r, &want) || zkfl_fp2_eq(&r, &neg) ? 0 : 1;
    }
    if (strcmp(op, "pow") == 0) {
        /* Fp2 has no public pow: square-and-multiply over the public mul */
        uint64_t e[4];
        parse_hex_limbs(c, arg(c, 4), e, 4);
        get_fp2(c, o, &want);
        if (c->bad) return -1;
        zkfl_fp2_set_one(&r);
        for (int i = 255; i >= 0; i--) {
            zkfl_fp2_sqr(&r, &r);
            if ((e[i / 64] >> (i % 64)) & 1) zkfl_fp2_mul(&r, &r, &a);
        }
        return zkfl_fp2_eq(&r, &want) ? 0 : 1;
    }
    get_fp2(c, o, &want);
    if (strcmp(op, "add") == 0 || strcmp(op, "sub") == 0 || strcmp(op, "mul") == 0) {
        get_fp2(c, 4, &b);
        if (c->bad) return -1;
        if (op[0] == 'a') zkfl_fp2_add(&r, &a, &b);
        else if (op[0] == 's') zkfl_fp2_sub(&r, &a, &b);
        else zkfl_fp2_mul(&r, &a, &b);
        return zkfl_fp2_eq(&r, &want) ? 0 : 1;
    }
    if (c->bad) return -1;
    if (strcmp(op, "sqr") == 0) zkfl_fp2_sqr(&r, &a);
    else if (strcmp(op, "xi") == 0) zkfl_fp2_mul_by_xi(&r, &a);
    else if (strcmp(op, "frob") == 0) zkfl_fp2_frobenius(&r, &a);
    else if (strcmp(op, "inv") == 0) {
        zkfl_fp2 r2;
        zkfl_fp2_inv(&r, &a);
        zkfl_fp2_inv_vartime(&r2, &a);
        if (!zkfl_fp2_eq(&r, &r2)) return 1;
    } else return -1;
    return zkfl_fp2_eq(&r, &want) ? 0 : 1;
}

#ifdef FF_CASES_TOWER
#include "ff_cases_tower.h"
#endif

/* Returns 0 when the case matches, 1 on a mismatch, -1 when the line is
 * malformed or names an unknown operation (both count as failures). */
static int check_case(const char *text)
{
    char buf[16384];
    if (strlen(text) >= sizeof buf) return -1;
    strcpy(buf, text);
    case_line c;
    if (case_split(&c, buf) != 0) return -1;
    const char *f = c.tok[0];
    int rc;
    if (strcmp(f, "fp") == 0) { rc = case_fp(&c); case_counts[0]++; }
    else if (strcmp(f, "fr") == 0) { rc = case_fr(&c); case_counts[1]++; }
    else if (strcmp(f, "fp2") == 0) { rc = case_fp2(&c); case_counts[2]++; }
#ifdef FF_CASES_TOWER
    else if (strcmp(f, "fp6") == 0) { rc = case_fp6(&c); case_counts[3]++; }
    else if (strcmp(f, "fp12") == 0) { rc = case_fp12(&c); case_counts[4]++; }
#endif
    else return -2; /* a field this build's checker does not cover */
    return rc;
}

/* Checks every line of a case listing; returns the number of cases seen.
 * Lines for fields the checker does not cover are counted in *skipped. */
static size_t check_cases(char *text, size_t *skipped)
{
    size_t n = 0;
    *skipped = 0;
    for (char *line = text; line != NULL && *line != '\0';) {
        char *nl = strchr(line, '\n');
        if (nl != NULL) *nl = '\0';
        if (*line != '\0' && *line != '#') {
            int rc = check_case(line);
            if (rc == -2) {
                (*skipped)++;
            } else {
                n++;
                zkfl_test_checks++;
                if (rc != 0) {
                    zkfl_test_failures++;
                    fprintf(stderr, "%s: %.200s\n", rc < 0 ? "malformed case" : "MISMATCH", line);
                }
            }
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    return n;
}
