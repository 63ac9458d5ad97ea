/* .zkey import/export: a key made by snarkjs (groth16 setup + one zkey
 * contribution, setup_fixtures/generate.sh) is read, compared point by
 * point and coefficient by coefficient with snarkjs's own JSON export, and
 * written back byte for byte; malformed keys are refused. */
#include <jansson.h>
#include "test_setup_util.h"
#include "zkfl/groth16.h"
#include "zkfl/snark.h"

static int fp_eq_dec(const zkfl_fp *a, json_t *s)
{
    char dec[ZKFL_DEC_MAX];
    zkfl_fp_to_dec(dec, a);
    return json_is_string(s) && strcmp(dec, json_string_value(s)) == 0;
}

/* snarkjs writes G1 points as [x, y, "1"] (or [.., .., "0"] for infinity). */
static int g1_eq_json(const zkfl_g1_affine *p, json_t *j)
{
    if (!json_is_array(j)) return 0;
    if (zkfl_g1_affine_is_infinity(p)) return strcmp(json_string_value(json_array_get(j, 2)), "0") == 0;
    return fp_eq_dec(&p->x, json_array_get(j, 0)) && fp_eq_dec(&p->y, json_array_get(j, 1)) &&
           strcmp(json_string_value(json_array_get(j, 2)), "1") == 0;
}

static int g2_eq_json(const zkfl_g2_affine *p, json_t *j)
{
    if (!json_is_array(j)) return 0;
    json_t *z = json_array_get(j, 2);
    if (zkfl_g2_affine_is_infinity(p)) return strcmp(json_string_value(json_array_get(z, 0)), "0") == 0;
    json_t *x = json_array_get(j, 0), *y = json_array_get(j, 1);
    return fp_eq_dec(&p->x.c0, json_array_get(x, 0)) && fp_eq_dec(&p->x.c1, json_array_get(x, 1)) &&
           fp_eq_dec(&p->y.c0, json_array_get(y, 0)) && fp_eq_dec(&p->y.c1, json_array_get(y, 1));
}

static void compare_with_snarkjs(const zkfl_zkey *zk)
{
    const char *dir = scratch_dir("zkey_io");
    if (dir == NULL || !zkfl_test_have_node_package("snarkjs")) return;
    char args[2048], path[600];
    snprintf(path, sizeof path, "%s/key.json", dir);
    snprintf(args, sizeof args, "zkey export json %s %s", fixture("poly_0001.zkey"), path);
    CHECK_EQ_INT(run_snarkjs(NULL, args), 0);
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    CHECK(j != NULL);
    if (j == NULL) return;
    CHECK_EQ_INT(json_integer_value(json_object_get(j, "nVars")), zk->n_vars);
    CHECK_EQ_INT(json_integer_value(json_object_get(j, "nPublic")), zk->n_public);
    CHECK_EQ_INT(json_integer_value(json_object_get(j, "domainSize")), zk->domain_size);
    CHECK(g1_eq_json(&zk->alpha1, json_object_get(j, "vk_alpha_1")));
    CHECK(g1_eq_json(&zk->beta1, json_object_get(j, "vk_beta_1")));
    CHECK(g1_eq_json(&zk->delta1, json_object_get(j, "vk_delta_1")));
    CHECK(g2_eq_json(&zk->beta2, json_object_get(j, "vk_beta_2")));
    CHECK(g2_eq_json(&zk->gamma2, json_object_get(j, "vk_gamma_2")));
    CHECK(g2_eq_json(&zk->delta2, json_object_get(j, "vk_delta_2")));
    int bad = 0;
    for (uint32_t i = 0; i <= zk->n_public; i++) bad += !g1_eq_json(&zk->ic[i], json_array_get(json_object_get(j, "IC"), i));
    for (uint32_t i = 0; i < zk->n_vars; i++) {
        bad += !g1_eq_json(&zk->a[i], json_array_get(json_object_get(j, "A"), i));
        bad += !g1_eq_json(&zk->b1[i], json_array_get(json_object_get(j, "B1"), i));
        bad += !g2_eq_json(&zk->b2[i], json_array_get(json_object_get(j, "B2"), i));
    }
    for (uint32_t i = zk->n_public + 1; i < zk->n_vars; i++)
        bad += !g1_eq_json(&zk->c[i - zk->n_public - 1], json_array_get(json_object_get(j, "C"), i));
    for (uint32_t i = 0; i < zk->domain_size; i++)
        bad += !g1_eq_json(&zk->h[i], json_array_get(json_object_get(j, "hExps"), i));
    json_t *co = json_object_get(j, "ccoefs");
    CHECK_EQ_INT(json_array_size(co), zk->n_coefs);
    for (size_t i = 0; i < zk->n_coefs && i < json_array_size(co); i++) {
        json_t *c = json_array_get(co, i);
        char dec[ZKFL_DEC_MAX];
        zkfl_fr_to_dec(dec, &zk->coefs[i].value);
        bad += json_integer_value(json_object_get(c, "matrix")) != zk->coefs[i].matrix;
        bad += json_integer_value(json_object_get(c, "constraint")) != zk->coefs[i].constraint;
        bad += json_integer_value(json_object_get(c, "signal")) != zk->coefs[i].signal;
        bad += strcmp(dec, json_string_value(json_object_get(c, "value"))) != 0;
    }
    CHECK_EQ_INT(bad, 0);
    json_decref(j);
}

int main(void)
{
    size_t len;
    uint8_t *file = slurp_file(fixture("poly_0001.zkey"), &len);
    CHECK(file != NULL);
    if (file == NULL) return zkfl_test_done("snark_zkey_io");
    zkfl_zkey *zk = NULL;
    CHECK_OK(zkfl_zkey_read(&zk, fixture("poly_0001.zkey")));
    if (zk != NULL) {
        CHECK_EQ_INT(zk->n_vars, 15);
        CHECK_EQ_INT(zk->n_public, 2);
        CHECK_EQ_INT(zk->domain_size, 16);
        CHECK_EQ_INT(zk->power, 4);
        CHECK(zk->has_mpc);
        CHECK_EQ_INT(zk->n_contributions, 1);
        CHECK(zk->n_contributions == 1 && strcmp(zk->contributions[0].name, "alice") == 0);
        uint8_t *buf;
        size_t blen;
        CHECK_OK(zkfl_zkey_write_mem(&buf, &blen, zk));
        CHECK(blen == len && memcmp(buf, file, len) == 0);
        free(buf);
        zkfl_groth16_vk vk;
        CHECK_OK(zkfl_groth16_vk_from_zkey(&vk, zk));
        CHECK_EQ_INT(vk.n_public, 2);
        CHECK(memcmp(&vk.ic[2], &zk->ic[2], sizeof vk.ic[2]) == 0);
        CHECK(memcmp(&vk.delta, &zk->delta2, sizeof vk.delta) == 0);
        zkfl_groth16_vk_free(&vk);
        compare_with_snarkjs(zk);
        zkfl_zkey_free(zk);
    }

    /* Truncations, a point off the curve, a bad coefficient, PLONK. */
    for (size_t cut = 0; cut < len; cut += 97) {
        zkfl_zkey *bad = NULL;
        CHECK(zkfl_zkey_read_mem(&bad, file, cut, "cut.zkey") < 0);
        CHECK(bad == NULL);
    }
    uint8_t *m = malloc(len);
    zkfl_zkey *bad = NULL;
    memcpy(m, file, len);
    m[24] = 2;                                 /* protocol PLONK */
    CHECK_EQ_INT(zkfl_zkey_read_mem(&bad, m, len, "plonk.zkey"), ZKFL_ERR_UNSUPPORTED);
    /* Section 2 starts at 12 + 16 + 12; alpha1 follows 4+32+4+32+12 bytes. */
    memcpy(m, file, len);
    m[40 + 84 + 5] ^= 0x01;
    CHECK(zkfl_zkey_read_mem(&bad, m, len, "alpha.zkey") < 0);
    CHECK(strstr(zkfl_snark_last_error(), "alpha.zkey: section 2 (alpha1)") != NULL);
    /* Section 3 (IC) follows section 2 (660 bytes): flip a byte of IC[1]. */
    size_t ic = 40 + 660 + 12;
    memcpy(m, file, len);
    m[ic + 64 + 3] ^= 0x10;
    CHECK(zkfl_zkey_read_mem(&bad, m, len, "ic.zkey") < 0);
    CHECK(strstr(zkfl_snark_last_error(), "ic.zkey: section 3 (IC points): point 1") != NULL);
    /* Section 4: the first coefficient's signal index out of range. */
    size_t co = ic + 192 + 12;
    memcpy(m, file, len);
    m[co + 4 + 8] = 0xee;
    CHECK_EQ_INT(zkfl_zkey_read_mem(&bad, m, len, "coef.zkey"), ZKFL_ERR_FORMAT);
    CHECK(strstr(zkfl_snark_last_error(), "coef.zkey: section 4") != NULL);
    free(m);
    free(file);
    return zkfl_test_done("snark_zkey_io");
}
