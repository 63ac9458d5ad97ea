/* proof.json, public.json and verification_key.json exactly as snarkjs
 * writes and reads them. */
#include <stdlib.h>
#include <string.h>
#include "zkfl/groth16.h"
#include "snark/json_points.h"

/* A required string member equal to want, e.g. "protocol": "groth16". */
static int expect_string(const json_t *obj, const char *key, const char *want, int required,
                         const char *file, char *err, size_t err_len)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        if (!required)
            return 0;
        return zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: missing \"%s\"", file, key);
    }
    if (!json_is_string(v) || strcmp(json_string_value(v), want) != 0)
        return zkfl_json_fail(err, err_len, ZKFL_ERR_UNSUPPORTED, "%s: \"%s\" must be \"%s\"", file, key, want);
    return 0;
}

static const json_t *member(const json_t *obj, const char *key, const char *file, char *err, size_t err_len)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL)
        zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "%s: missing \"%s\"", file, key);
    return v;
}

/* ---- proof.json ---- */

int zkfl_groth16_proof_from_json(zkfl_groth16_proof *p, const char *text, size_t len,
                                 char *err, size_t err_len)
{
    if (p == NULL)
        return ZKFL_ERR_INVALID_ARG;
    json_t *root = zkfl_json_parse_text(text, len, "proof", err, err_len);
    if (root == NULL)
        return text == NULL ? ZKFL_ERR_INVALID_ARG : ZKFL_ERR_FORMAT;
    int rc = ZKFL_ERR_FORMAT;
    const json_t *a, *b, *c;
    if (!json_is_object(root)) {
        zkfl_json_fail(err, err_len, rc, "proof: expected a JSON object");
        goto done;
    }
    if ((rc = expect_string(root, "protocol", "groth16", 0, "proof", err, err_len)) != 0 ||
        (rc = expect_string(root, "curve", "bn128", 0, "proof", err, err_len)) != 0)
        goto done;
    rc = ZKFL_ERR_FORMAT;
    if ((a = member(root, "pi_a", "proof", err, err_len)) == NULL ||
        (b = member(root, "pi_b", "proof", err, err_len)) == NULL ||
        (c = member(root, "pi_c", "proof", err, err_len)) == NULL)
        goto done;
    if ((rc = zkfl_json_get_g1(&p->a, a, "proof pi_a", err, err_len)) != 0 ||
        (rc = zkfl_json_get_g2(&p->b, b, "proof pi_b", err, err_len)) != 0 ||
        (rc = zkfl_json_get_g1(&p->c, c, "proof pi_c", err, err_len)) != 0)
        goto done;
    rc = 0;
done:
    json_decref(root);
    return rc;
}

char *zkfl_groth16_proof_to_json(const zkfl_groth16_proof *p)
{
    json_t *root = json_object();
    if (root == NULL)
        return NULL;
    char *text = NULL;
    if (json_object_set_new(root, "pi_a", zkfl_json_from_g1(&p->a)) == 0 &&
        json_object_set_new(root, "pi_b", zkfl_json_from_g2(&p->b)) == 0 &&
        json_object_set_new(root, "pi_c", zkfl_json_from_g1(&p->c)) == 0 &&
        json_object_set_new(root, "protocol", json_string("groth16")) == 0 &&
        json_object_set_new(root, "curve", json_string("bn128")) == 0)
        text = zkfl_json_to_text(root);
    json_decref(root);
    return text;
}

/* ---- public.json ---- */

int zkfl_groth16_public_from_json(zkfl_fr **publics, size_t *n_public, const char *text,
                                  size_t len, char *err, size_t err_len)
{
    if (publics == NULL || n_public == NULL)
        return ZKFL_ERR_INVALID_ARG;
    *publics = NULL;
    *n_public = 0;
    json_t *root = zkfl_json_parse_text(text, len, "public inputs", err, err_len);
    if (root == NULL)
        return text == NULL ? ZKFL_ERR_INVALID_ARG : ZKFL_ERR_FORMAT;
    int rc = 0;
    size_t n = json_array_size(root);
    zkfl_fr *out = NULL;
    if (!json_is_array(root)) {
        rc = zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT, "public inputs: expected a JSON array of decimal strings");
        goto done;
    }
    out = malloc((n ? n : 1) * sizeof *out);
    if (out == NULL) {
        rc = zkfl_json_fail(err, err_len, ZKFL_ERR_NOMEM, "public inputs: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        char what[64];
        snprintf(what, sizeof what, "public input %zu", i);
        rc = zkfl_json_get_fr(&out[i], json_array_get(root, i), what, err, err_len);
    }
    if (rc == 0) {
        *publics = out;
        *n_public = n;
        out = NULL;
    }
done:
    free(out);
    json_decref(root);
    return rc;
}

char *zkfl_groth16_public_to_json(const zkfl_fr *publics, size_t n_public)
{
    json_t *root = json_array();
    if (root == NULL)
        return NULL;
    char *text = NULL;
    size_t i = 0;
    for (; i < n_public; i++) {
        json_t *s = zkfl_json_from_fr(&publics[i]);
        if (s == NULL || json_array_append_new(root, s) != 0)
            break;
    }
    if (i == n_public)
        text = zkfl_json_to_text(root);
    json_decref(root);
    return text;
}

/* ---- verification_key.json ---- */

int zkfl_groth16_vk_from_json(zkfl_groth16_vk *vk, const char *text, size_t len,
                              char *err, size_t err_len)
{
    if (vk == NULL)
        return ZKFL_ERR_INVALID_ARG;
    memset(vk, 0, sizeof *vk);
    const char *F = "verification key";
    json_t *root = zkfl_json_parse_text(text, len, F, err, err_len);
    if (root == NULL)
        return text == NULL ? ZKFL_ERR_INVALID_ARG : ZKFL_ERR_FORMAT;
    int rc = ZKFL_ERR_FORMAT;
    const json_t *np, *alpha, *beta, *gamma, *delta, *ic, *ab;
    if (!json_is_object(root)) {
        zkfl_json_fail(err, err_len, rc, "%s: expected a JSON object", F);
        goto fail;
    }
    if ((rc = expect_string(root, "protocol", "groth16", 1, F, err, err_len)) != 0 ||
        (rc = expect_string(root, "curve", "bn128", 1, F, err, err_len)) != 0)
        goto fail;
    rc = ZKFL_ERR_FORMAT;
    if ((np = member(root, "nPublic", F, err, err_len)) == NULL ||
        (alpha = member(root, "vk_alpha_1", F, err, err_len)) == NULL ||
        (beta = member(root, "vk_beta_2", F, err, err_len)) == NULL ||
        (gamma = member(root, "vk_gamma_2", F, err, err_len)) == NULL ||
        (delta = member(root, "vk_delta_2", F, err, err_len)) == NULL ||
        (ic = member(root, "IC", F, err, err_len)) == NULL)
        goto fail;
    if (!json_is_integer(np) || json_integer_value(np) < 0 || json_integer_value(np) > (1 << 28)) {
        zkfl_json_fail(err, err_len, rc, "%s: \"nPublic\" must be an integer in [0, 2^28]", F);
        goto fail;
    }
    if (!json_is_array(ic) || (json_int_t)json_array_size(ic) != json_integer_value(np) + 1) {
        zkfl_json_fail(err, err_len, rc, "%s: \"IC\" must be an array of nPublic + 1 = %lld G1 points",
                       F, (long long)json_integer_value(np) + 1);
        goto fail;
    }
    vk->n_public = (size_t)json_integer_value(np);
    vk->ic = malloc((vk->n_public + 1) * sizeof *vk->ic);
    if (vk->ic == NULL) {
        rc = zkfl_json_fail(err, err_len, ZKFL_ERR_NOMEM, "%s: out of memory", F);
        goto fail;
    }
    if ((rc = zkfl_json_get_g1(&vk->alpha, alpha, "verification key vk_alpha_1", err, err_len)) != 0 ||
        (rc = zkfl_json_get_g2(&vk->beta, beta, "verification key vk_beta_2", err, err_len)) != 0 ||
        (rc = zkfl_json_get_g2(&vk->gamma, gamma, "verification key vk_gamma_2", err, err_len)) != 0 ||
        (rc = zkfl_json_get_g2(&vk->delta, delta, "verification key vk_delta_2", err, err_len)) != 0)
        goto fail;
    for (size_t i = 0; i <= vk->n_public; i++) {
        char what[64];
        snprintf(what, sizeof what, "verification key IC[%zu]", i);
        if ((rc = zkfl_json_get_g1(&vk->ic[i], json_array_get(ic, i), what, err, err_len)) != 0)
            goto fail;
    }
    if ((rc = zkfl_groth16_vk_finish(vk)) != 0) {
        zkfl_json_fail(err, err_len, rc, "%s: %s", F, zkfl_strerror(rc));
        goto fail;
    }
    /* snarkjs never reads vk_alphabeta_12; a copy that disagrees with
     * alpha and beta means the file was edited, so say so. */
    if ((ab = json_object_get(root, "vk_alphabeta_12")) != NULL) {
        zkfl_fp12 given;
        if ((rc = zkfl_json_get_fp12(&given, ab, "verification key vk_alphabeta_12", err, err_len)) != 0)
            goto fail;
        if (!zkfl_fp12_eq(&given, &vk->alphabeta)) {
            rc = zkfl_json_fail(err, err_len, ZKFL_ERR_FORMAT,
                                "%s: vk_alphabeta_12 is not e(vk_alpha_1, vk_beta_2)", F);
            goto fail;
        }
    }
    json_decref(root);
    return 0;
fail:
    json_decref(root);
    zkfl_groth16_vk_free(vk);
    return rc;
}

char *zkfl_groth16_vk_to_json(const zkfl_groth16_vk *vk)
{
    json_t *root = json_object(), *ic = json_array();
    char *text = NULL;
    if (root == NULL || ic == NULL)
        goto done;
    size_t i = 0;
    for (; i <= vk->n_public; i++) {
        json_t *p = zkfl_json_from_g1(&vk->ic[i]);
        if (p == NULL || json_array_append_new(ic, p) != 0)
            break;
    }
    if (i <= vk->n_public)
        goto done;
    if (json_object_set_new(root, "protocol", json_string("groth16")) == 0 &&
        json_object_set_new(root, "curve", json_string("bn128")) == 0 &&
        json_object_set_new(root, "nPublic", json_integer((json_int_t)vk->n_public)) == 0 &&
        json_object_set_new(root, "vk_alpha_1", zkfl_json_from_g1(&vk->alpha)) == 0 &&
        json_object_set_new(root, "vk_beta_2", zkfl_json_from_g2(&vk->beta)) == 0 &&
        json_object_set_new(root, "vk_gamma_2", zkfl_json_from_g2(&vk->gamma)) == 0 &&
        json_object_set_new(root, "vk_delta_2", zkfl_json_from_g2(&vk->delta)) == 0 &&
        json_object_set_new(root, "vk_alphabeta_12", zkfl_json_from_fp12(&vk->alphabeta)) == 0) {
        json_t *ic_ref = ic;
        ic = NULL;   /* set_new takes the reference even on failure */
        if (json_object_set_new(root, "IC", ic_ref) == 0)
            text = zkfl_json_to_text(root);
    }
done:
    json_decref(ic);
    json_decref(root);
    return text;
}
