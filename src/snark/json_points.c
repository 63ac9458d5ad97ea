/* snarkjs JSON encodings of field elements and points; every value from a
 * file is untrusted, so each failure names the field and what is wrong. */
#include "snark/json_points.h"
#include <stdio.h>
#include <string.h>

int zkfl_json_fail(char *err, size_t err_len, int code, const char *fmt, ...)
{
    if (err != NULL && err_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* The decimal text of v, or NULL (with the reason in err). Length is capped
 * before the field decoder sees it: p and r have 77 digits. */
static const char *dec_string(const json_t *v, const char *what, char *err, size_t err_len)
{
    if (!json_is_string(v)) {
        zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: expected a decimal string", what);
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0 || n >= ZKFL_DEC_MAX || strlen(s) != n) {
        zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: not a decimal number of at most %d digits",
                       what, ZKFL_DEC_MAX - 1);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') {
            zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: '%s' is not a decimal number", what, s);
            return NULL;
        }
    return s;
}

int zkfl_json_get_fp(zkfl_fp *out, const json_t *v, const char *what, char *err, size_t err_len)
{
    const char *s = dec_string(v, what, err, err_len);
    if (s == NULL)
        return ZKFL_ERR_FORMAT;
    if (zkfl_fp_from_dec(out, s) != 0)
        return zkfl_json_fail(err, err_len, ZKFL_ERR_NOT_CANONICAL,
                              "%s: coordinate is not below the field modulus p", what);
    return 0;
}

int zkfl_json_get_fr(zkfl_fr *out, const json_t *v, const char *what, char *err, size_t err_len)
{
    const char *s = dec_string(v, what, err, err_len);
    if (s == NULL)
        return ZKFL_ERR_FORMAT;
    if (zkfl_fr_from_dec(out, s) != 0)
        return zkfl_json_fail(err, err_len, ZKFL_ERR_RANGE,
                              "%s: value is not below the scalar field order r", what);
    return 0;
}

static int get_fp2(zkfl_fp2 *out, const json_t *v, const char *what, char *err, size_t err_len)
{
    if (!json_is_array(v) || json_array_size(v) != 2)
        return zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT,
                              "%s: expected an array of 2 decimal strings", what);
    int rc = zkfl_json_get_fp(&out->c0, json_array_get(v, 0), what, err, err_len);
    if (rc == 0)
        rc = zkfl_json_get_fp(&out->c1, json_array_get(v, 1), what, err, err_len);
    return rc;
}

int zkfl_json_get_g1(zkfl_g1_affine *out, const json_t *v, const char *what, char *err, size_t err_len)
{
    size_t n = json_array_size(v);
    if (!json_is_array(v) || (n != 2 && n != 3))
        return zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT,
                              "%s: expected a G1 point [x, y, z] of decimal strings", what);
    zkfl_g1 p;
    int rc = zkfl_json_get_fp(&p.x, json_array_get(v, 0), what, err, err_len);
    if (rc == 0)
        rc = zkfl_json_get_fp(&p.y, json_array_get(v, 1), what, err, err_len);
    if (rc == 0 && n == 3)
        rc = zkfl_json_get_fp(&p.z, json_array_get(v, 2), what, err, err_len);
    else
        zkfl_fp_set_one(&p.z);
    if (rc != 0)
        return rc;
    /* z = 0 is infinity whatever x, y say (ffjavascript's fromObject);
     * other z are Jacobian coordinates. */
    zkfl_g1_to_affine(out, &p);
    if (!zkfl_g1_affine_is_on_curve(out))
        return zkfl_json_fail(err, err_len, ZKFL_ERR_NOT_ON_CURVE, "%s: point is not on the G1 curve", what);
    return 0;
}

int zkfl_json_get_g2(zkfl_g2_affine *out, const json_t *v, const char *what, char *err, size_t err_len)
{
    size_t n = json_array_size(v);
    if (!json_is_array(v) || (n != 2 && n != 3))
        return zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT,
                              "%s: expected a G2 point [[x0,x1], [y0,y1], [z0,z1]]", what);
    zkfl_g2 p;
    int rc = get_fp2(&p.x, json_array_get(v, 0), what, err, err_len);
    if (rc == 0)
        rc = get_fp2(&p.y, json_array_get(v, 1), what, err, err_len);
    if (rc == 0 && n == 3)
        rc = get_fp2(&p.z, json_array_get(v, 2), what, err, err_len);
    else
        zkfl_fp2_set_one(&p.z);
    if (rc != 0)
        return rc;
    zkfl_g2_to_affine(out, &p);
    if (!zkfl_g2_affine_is_on_curve(out))
        return zkfl_json_fail(err, err_len, ZKFL_ERR_NOT_ON_CURVE, "%s: point is not on the G2 curve", what);
    if (!zkfl_g2_affine_is_in_subgroup(out))
        return zkfl_json_fail(err, err_len, ZKFL_ERR_NOT_IN_SUBGROUP,
                              "%s: point is not in the G2 subgroup", what);
    return 0;
}

json_t *zkfl_json_from_fp(const zkfl_fp *a)
{
    char s[ZKFL_DEC_MAX];
    zkfl_fp_to_dec(s, a);
    return json_string(s);
}

json_t *zkfl_json_from_fr(const zkfl_fr *a)
{
    char s[ZKFL_DEC_MAX];
    zkfl_fr_to_dec(s, a);
    return json_string(s);
}

/* Appends to arr, taking the reference; 0 or -1 (jansson frees on failure). */
static int push(json_t *arr, json_t *item)
{
    return item == NULL ? -1 : json_array_append_new(arr, item);
}

static json_t *fp2_array(const zkfl_fp2 *a)
{
    json_t *arr = json_array();
    if (arr == NULL || push(arr, zkfl_json_from_fp(&a->c0)) || push(arr, zkfl_json_from_fp(&a->c1))) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *zkfl_json_from_g1(const zkfl_g1_affine *p)
{
    zkfl_fp x, y, z;
    if (zkfl_g1_affine_is_infinity(p)) {
        zkfl_fp_set_zero(&x); zkfl_fp_set_one(&y); zkfl_fp_set_zero(&z);
    } else {
        x = p->x; y = p->y; zkfl_fp_set_one(&z);
    }
    json_t *arr = json_array();
    if (arr == NULL || push(arr, zkfl_json_from_fp(&x)) || push(arr, zkfl_json_from_fp(&y)) ||
        push(arr, zkfl_json_from_fp(&z))) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *zkfl_json_from_g2(const zkfl_g2_affine *p)
{
    zkfl_fp2 x, y, z;
    if (zkfl_g2_affine_is_infinity(p)) {
        zkfl_fp2_set_zero(&x); zkfl_fp2_set_one(&y); zkfl_fp2_set_zero(&z);
    } else {
        x = p->x; y = p->y; zkfl_fp2_set_one(&z);
    }
    json_t *arr = json_array();
    if (arr == NULL || push(arr, fp2_array(&x)) || push(arr, fp2_array(&y)) || push(arr, fp2_array(&z))) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

static json_t *fp6_array(const zkfl_fp6 *a)
{
    json_t *arr = json_array();
    if (arr == NULL || push(arr, fp2_array(&a->c0)) || push(arr, fp2_array(&a->c1)) ||
        push(arr, fp2_array(&a->c2))) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *zkfl_json_from_fp12(const zkfl_fp12 *a)
{
    json_t *arr = json_array();
    if (arr == NULL || push(arr, fp6_array(&a->c0)) || push(arr, fp6_array(&a->c1))) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

int zkfl_json_get_fp12(zkfl_fp12 *out, const json_t *v, const char *what, char *err, size_t err_len)
{
    if (!json_is_array(v) || json_array_size(v) != 2)
        return zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: expected an Fp12 element [[3 x Fp2], [3 x Fp2]]", what);
    zkfl_fp6 *halves[2] = {&out->c0, &out->c1};
    for (size_t h = 0; h < 2; h++) {
        const json_t *six = json_array_get(v, h);
        if (!json_is_array(six) || json_array_size(six) != 3)
            return zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: expected 3 Fp2 elements per Fp6 half", what);
        zkfl_fp2 *c[3] = {&halves[h]->c0, &halves[h]->c1, &halves[h]->c2};
        for (size_t i = 0; i < 3; i++) {
            int rc = get_fp2(c[i], json_array_get(six, i), what, err, err_len);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

char *zkfl_json_to_text(const json_t *root)
{
    /* snarkjs writes JSON.stringify(x, null, 1). */
    return json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
}

json_t *zkfl_json_parse_text(const char *text, size_t len, const char *what, char *err, size_t err_len)
{
    json_error_t je;
    if (text == NULL) {
        zkfl_json_fail(err, err_len, ZKFL_ERR_INVALID_ARG, "%s: no input", what);
        return NULL;
    }
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: invalid JSON at line %d column %d: %s", what,
                       je.line, je.column, je.text);
    return root;
}
