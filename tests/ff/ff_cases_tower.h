/* Fp6 and Fp12 checks for ff_cases.h. */

static void get_fp6(case_line *c, int i, zkfl_fp6 *r)
{
    get_fp2(c, i, &r->c0);
    get_fp2(c, i + 2, &r->c1);
    get_fp2(c, i + 4, &r->c2);
}

static void get_fp12(case_line *c, int i, zkfl_fp12 *r)
{
    get_fp6(c, i, &r->c0);
    get_fp6(c, i + 6, &r->c1);
}

static int case_fp6(case_line *c)
{
    const char *op = c->tok[1];
    int o = c->eq + 1;
    zkfl_fp6 a, b, r, want;
    if (strcmp(op, "frob") == 0) {
        unsigned k = (unsigned)atoi(arg(c, 2));
        get_fp6(c, 3, &a);
        get_fp6(c, o, &want);
        if (c->bad) return -1;
        zkfl_fp6_frobenius(&r, &a, k);
        return zkfl_fp6_eq(&r, &want) ? 0 : 1;
    }
    get_fp6(c, 2, &a);
    get_fp6(c, o, &want);
    if (strcmp(op, "add") == 0 || strcmp(op, "sub") == 0 || strcmp(op, "mul") == 0) {
        get_fp6(c, 8, &b);
        if (c->bad) return -1;
        if (op[0] == 'a') zkfl_fp6_add(&r, &a, &b);
        else if (op[0] == 's') zkfl_fp6_sub(&r, &a, &b);
        else zkfl_fp6_mul(&r, &a, &b);
        return zkfl_fp6_eq(&r, &want) ? 0 : 1;
    }
    if (c->bad) return -1;
    if (strcmp(op, "sqr") == 0) zkfl_fp6_sqr(&r, &a);
    else if (strcmp(op, "inv") == 0) zkfl_fp6_inv(&r, &a);
    else if (strcmp(op, "mulv") == 0) zkfl_fp6_mul_by_v(&r, &a);
    else return -1;
    return zkfl_fp6_eq(&r, &want) ? 0 : 1;
}

static int case_fp12(case_line *c)
{
    const char *op = c->tok[1];
    int o = c->eq + 1;
    zkfl_fp12 a, b, r, want;
    if (strcmp(op, "frob") == 0) {
        unsigned k = (unsigned)atoi(arg(c, 2));
        get_fp12(c, 3, &a);
        get_fp12(c, o, &want);
        if (c->bad) return -1;
        zkfl_fp12_frobenius(&r, &a, k);
        return zkfl_fp12_eq(&r, &want) ? 0 : 1;
    }
    get_fp12(c, 2, &a);
    if (strcmp(op, "bytes") == 0) {
        uint8_t wantb[384], got[384];
        parse_hex_bytes(c, arg(c, o), wantb, sizeof wantb);
        if (c->bad) return -1;
        zkfl_fp12_to_bytes_be(got, &a);
        return memcmp(got, wantb, sizeof got) == 0 ? 0 : 1;
    }
    if (strcmp(op, "pow") == 0) {
        uint64_t e[8];
        size_t len = strlen(arg(c, 14));
        size_t limbs = len / 16;
        if (limbs == 0 || limbs > 8) return -1;
        parse_hex_limbs(c, arg(c, 14), e, limbs);
        get_fp12(c, o, &want);
        if (c->bad) return -1;
        zkfl_fp12_pow_vartime(&r, &a, e, limbs);
        return zkfl_fp12_eq(&r, &want) ? 0 : 1;
    }
    get_fp12(c, o, &want);
    if (strcmp(op, "mul") == 0) {
        get_fp12(c, 14, &b);
        if (c->bad) return -1;
        zkfl_fp12_mul(&r, &a, &b);
        return zkfl_fp12_eq(&r, &want) ? 0 : 1;
    }
    if (c->bad) return -1;
    if (strcmp(op, "sqr") == 0) zkfl_fp12_sqr(&r, &a);
    else if (strcmp(op, "inv") == 0) zkfl_fp12_inv(&r, &a);
    else if (strcmp(op, "conj") == 0) zkfl_fp12_conj(&r, &a);
    else if (strcmp(op, "cyclosqr") == 0) {
        zkfl_fp12 full;
        zkfl_fp12_cyclotomic_sqr(&r, &a);
        zkfl_fp12_sqr(&full, &a);
        if (!zkfl_fp12_eq(&r, &full)) return 1;
    } else return -1;
    return zkfl_fp12_eq(&r, &want) ? 0 : 1;
}
