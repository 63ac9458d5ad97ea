/* zkfl_zkey_read_prover: the prover's key reader (file kept mapped, point
 * arrays used in place where aligned, no curve checks on the big arrays)
 * gives exactly zkfl_zkey_read's key; its proofs verify; a non-canonical
 * coordinate is still refused at load; an off-curve point loads but can
 * never produce a proof (the prover's self-check refuses it) while the full
 * reader names it. */
#include "test_setup_util.h"
#include "zkfl/groth16.h"
#include "zkfl/snark.h"

static const char *circuit(const char *name) { return snark_test_file("circuits", name); }

static void same_key(const zkfl_zkey *x, const zkfl_zkey *y)
{
    size_t nv = x->n_vars, np = (size_t)x->n_public + 1;
    CHECK(x->n_vars == y->n_vars && x->n_public == y->n_public && x->domain_size == y->domain_size &&
          x->power == y->power && x->n_coefs == y->n_coefs && x->n_contributions == y->n_contributions);
    if (x->n_vars != y->n_vars || x->n_coefs != y->n_coefs || x->domain_size != y->domain_size) return;
    CHECK(memcmp(&x->alpha1, &y->alpha1, sizeof x->alpha1) == 0 && memcmp(&x->delta2, &y->delta2, sizeof x->delta2) == 0);
    CHECK(memcmp(x->ic, y->ic, np * sizeof *x->ic) == 0);
    CHECK(memcmp(x->coefs, y->coefs, x->n_coefs * sizeof *x->coefs) == 0);
    CHECK(memcmp(x->a, y->a, nv * sizeof *x->a) == 0);
    CHECK(memcmp(x->b1, y->b1, nv * sizeof *x->b1) == 0);
    CHECK(memcmp(x->b2, y->b2, nv * sizeof *x->b2) == 0);
    CHECK(memcmp(x->c, y->c, (nv - np) * sizeof *x->c) == 0);
    CHECK(memcmp(x->h, y->h, x->domain_size * sizeof *x->h) == 0);
}

int main(void)
{
    const char *dir = scratch_dir("zkey_prover_read");
    CHECK(dir != NULL);
    if (dir == NULL) return zkfl_test_done("snark_zkey_prover_read");
    char key_path[4096], wtns_path[4096], bad_path[600];
    snprintf(key_path, sizeof key_path, "%s", circuit("interop_poseidon.zkey"));
    snprintf(wtns_path, sizeof wtns_path, "%s", circuit("interop_poseidon.wtns"));

    zkfl_zkey *full = NULL, *fast = NULL;
    zkfl_fr *w = NULL;
    size_t nw = 0;
    CHECK_SNARK_OK(zkfl_zkey_read(&full, key_path));
    CHECK_SNARK_OK(zkfl_zkey_read_prover(&fast, key_path));
    CHECK_SNARK_OK(zkfl_wtns_read(&w, &nw, wtns_path));
    if (full == NULL || fast == NULL || w == NULL) return zkfl_test_done("snark_zkey_prover_read");
    CHECK(fast->mapping != NULL);
    same_key(full, fast);

    /* Proofs from the in-place key verify under the key's own vk. */
    zkfl_groth16_proof proof;
    zkfl_groth16_vk vk;
    CHECK_OK(zkfl_groth16_prove(&proof, NULL, fast, w, nw, 0));
    CHECK_OK(zkfl_groth16_vk_from_zkey(&vk, full));
    CHECK_OK(zkfl_groth16_verify_vartime(&vk, w + 1, fast->n_public, &proof));
    zkfl_groth16_vk_free(&vk);

    size_t len = 0;
    uint8_t *file = slurp_file(key_path, &len);
    CHECK(file != NULL);
    size_t a_off = file ? section_offset(file, len, 5) : 0, h_off = file ? section_offset(file, len, 9) : 0;
    CHECK(a_off != 0 && h_off != 0);
    if (file != NULL && a_off != 0 && h_off != 0) {
        uint8_t *m = malloc(len);
        zkfl_zkey *bad = NULL;
        snprintf(bad_path, sizeof bad_path, "%s/bad.zkey", dir);
        /* A coordinate >= p: refused at load, naming the point. */
        memcpy(m, file, len);
        memset(m + a_off + 64 * 3, 0xff, 32);
        CHECK_OK(write_bytes(bad_path, m, len));
        CHECK_EQ_INT(zkfl_zkey_read_prover(&bad, bad_path), ZKFL_ERR_NOT_CANONICAL);
        CHECK(bad == NULL);
        CHECK(strstr(zkfl_snark_last_error(), "section 5 (A points): point 3") != NULL);
        /* Off the curve (y + 1) in A, then in H: loads, never proves. */
        size_t offs[2] = {a_off + 64 * 4 + 32, h_off + 64 * 5 + 32};
        const char *sec[2] = {"section 5 (A points): point 4", "section 9 (H points): point 5"};
        for (int k = 0; k < 2; k++) {
            memcpy(m, file, len);
            m[offs[k]] ^= 1;
            CHECK_OK(write_bytes(bad_path, m, len));
            CHECK_SNARK_OK(zkfl_zkey_read_prover(&bad, bad_path));
            if (bad != NULL) {
                zkfl_groth16_proof p2;
                int rc = zkfl_groth16_prove(&p2, NULL, bad, w, nw, 0);
                CHECK(rc == ZKFL_ERR_UNSATISFIED || rc == ZKFL_ERR_NOT_ON_CURVE);
                zkfl_zkey_free(bad);
                bad = NULL;
            }
            CHECK(zkfl_zkey_read(&bad, bad_path) < 0);
            CHECK(strstr(zkfl_snark_last_error(), sec[k]) != NULL);
        }
        /* A truncated file is refused without touching memory past its end. */
        CHECK_OK(write_bytes(bad_path, file, len - 100));
        CHECK(zkfl_zkey_read_prover(&bad, bad_path) < 0);
        CHECK(bad == NULL);
        free(m);
    }
    free(file);
    zkfl_memzero(w, nw * sizeof *w);
    free(w);
    zkfl_zkey_free(full);
    zkfl_zkey_free(fast);
    return zkfl_test_done("snark_zkey_prover_read");
}
