/* The Groth16 prover on snarkjs-made proving keys and circom witnesses:
 * proofs verify under snarkjs's verification key, public outputs match
 * snarkjs's public.json, proofs are randomized, bad witnesses are refused;
 * batch verification accepts valid sets and names the invalid proofs. */
#include "test_groth16_util.h"

static const char *circuits[] = {"poseidon", "l2norm", "multiplier"};
#define N_CIRCUITS 3

static int load_key_and_witness(zkfl_zkey **zk, zkfl_fr **w, size_t *nw, const char *circuit)
{
    char name[256], path[4096];
    snprintf(name, sizeof name, "interop_%s.zkey", circuit);
    int rc = zkfl_zkey_read(zk, g16_fixture(path, sizeof path, name));
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", name, zkfl_snark_last_error());
        return rc;
    }
    snprintf(name, sizeof name, "interop_%s.wtns", circuit);
    rc = zkfl_wtns_read(w, nw, g16_fixture(path, sizeof path, name));
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", name, zkfl_snark_last_error());
    return rc;
}

static void test_prove_each_circuit(void)
{
    for (int i = 0; i < N_CIRCUITS; i++) {
        zkfl_zkey *zk = NULL;
        zkfl_fr *w = NULL;
        size_t nw = 0;
        if (load_key_and_witness(&zk, &w, &nw, circuits[i]) != 0) {
            CHECK(0);
            continue;
        }
        zkfl_groth16_vk vk;
        zkfl_groth16_proof p1, p2, ref;
        zkfl_fr *pub = NULL;
        size_t npub = 0;
        CHECK_OK(g16_load_vk(&vk, circuits[i]));
        CHECK_OK(g16_load_proof(&ref, &pub, &npub, circuits[i]));
        CHECK_EQ_INT(npub, zk->n_public);
        /* witness[1..n_public] are snarkjs's public signals. */
        CHECK(memcmp(pub, w + 1, npub * sizeof *w) == 0);

        zkfl_groth16_prove_stats st;
        for (int threads = 1; threads <= 2; threads++) {
            CHECK_OK(zkfl_groth16_prove(&p1, &st, zk, w, nw, threads));
            CHECK_OK(zkfl_groth16_verify_vartime(&vk, pub, npub, &p1));
            CHECK(st.total_ms >= st.msm_ms);
        }
        CHECK_OK(zkfl_groth16_prove(&p2, NULL, zk, w, nw, 0));
        CHECK_OK(zkfl_groth16_verify_vartime(&vk, pub, npub, &p2));
        /* Fresh r, s: two proofs of one statement differ. */
        CHECK(memcmp(&p1.a, &p2.a, sizeof p1.a) != 0);
        CHECK(memcmp(&p1.c, &p2.c, sizeof p1.c) != 0);

        /* A witness that breaks a constraint (the last internal wire) is
         * refused instead of producing an invalid proof. */
        zkfl_fr one, saved = w[nw - 1];
        zkfl_fr_set_one(&one);
        zkfl_fr_add(&w[nw - 1], &w[nw - 1], &one);
        CHECK_EQ_INT(zkfl_groth16_prove(&p2, NULL, zk, w, nw, 0), ZKFL_ERR_UNSATISFIED);
        w[nw - 1] = saved;
        /* Wrong length, wrong constant wire. */
        CHECK_EQ_INT(zkfl_groth16_prove(&p2, NULL, zk, w, nw - 1, 0), ZKFL_ERR_INVALID_ARG);
        saved = w[0];
        zkfl_fr_add(&w[0], &w[0], &one);
        CHECK_EQ_INT(zkfl_groth16_prove(&p2, NULL, zk, w, nw, 0), ZKFL_ERR_INVALID_ARG);
        w[0] = saved;

        free(pub);
        zkfl_groth16_vk_free(&vk);
        zkfl_memzero(w, nw * sizeof *w);
        free(w);
        zkfl_zkey_free(zk);
    }
}

#define BATCH 12

static void test_batch(void)
{
    zkfl_zkey *zk = NULL;
    zkfl_fr *w = NULL;
    size_t nw = 0;
    if (load_key_and_witness(&zk, &w, &nw, "l2norm") != 0) {
        CHECK(0);
        return;
    }
    zkfl_groth16_vk vk;
    CHECK_OK(zkfl_groth16_vk_from_zkey(&vk, zk));
    size_t np = vk.n_public;
    zkfl_groth16_proof proofs[BATCH];
    zkfl_fr pubs[BATCH * 2];
    CHECK_EQ_INT(np, 2);
    /* Proof 0 from snarkjs, the rest from zkfl. */
    zkfl_fr *pub = NULL;
    size_t npub = 0;
    CHECK_OK(g16_load_proof(&proofs[0], &pub, &npub, "l2norm"));
    memcpy(pubs, pub, np * sizeof *pub);
    free(pub);
    for (int i = 1; i < BATCH; i++) {
        CHECK_OK(zkfl_groth16_prove(&proofs[i], NULL, zk, w, nw, 0));
        memcpy(pubs + i * np, w + 1, np * sizeof *w);
    }
    uint8_t valid[BATCH];
    memset(valid, 7, sizeof valid);
    CHECK_OK(zkfl_groth16_verify_batch_vartime(valid, &vk, pubs, proofs, BATCH));
    for (int i = 0; i < BATCH; i++)
        CHECK_EQ_INT(valid[i], 1);
    CHECK_OK(zkfl_groth16_verify_batch_vartime(NULL, &vk, pubs, proofs, 1));
    CHECK_OK(zkfl_groth16_verify_batch_vartime(NULL, &vk, pubs, proofs, 0));

    /* Invalid proofs: 3 with a changed input, 7 with -A, 10 with a point off
     * the curve; two proofs swapped between statements stay valid. */
    zkfl_fr one;
    zkfl_fr_set_one(&one);
    zkfl_fr_add(&pubs[3 * np + 1], &pubs[3 * np + 1], &one);
    zkfl_fp_neg(&proofs[7].a.y, &proofs[7].a.y);
    zkfl_fp fone;
    zkfl_fp_set_one(&fone);
    zkfl_fp_add(&proofs[10].c.x, &proofs[10].c.x, &fone);
    memset(valid, 7, sizeof valid);
    CHECK_EQ_INT(zkfl_groth16_verify_batch_vartime(valid, &vk, pubs, proofs, BATCH), ZKFL_ERR_VERIFY);
    for (int i = 0; i < BATCH; i++)
        CHECK_EQ_INT(valid[i], i != 3 && i != 7 && i != 10);

    /* Two proofs whose errors cancel in a fixed-weight sum (A_1 + d and
     * A_2 - d with the same B) are still both caught: the weights are
     * random. */
    zkfl_groth16_proof pair[2] = {proofs[1], proofs[2]};
    zkfl_fr pair_pub[4];
    memcpy(pair_pub, pubs + np, 2 * np * sizeof *pubs);
    pair[1].b = pair[0].b;
    zkfl_g1 a0, a1, d;
    zkfl_g1_generator(&d);
    zkfl_g1_from_affine(&a0, &pair[0].a);
    zkfl_g1_from_affine(&a1, &pair[1].a);
    zkfl_g1_add(&a0, &a0, &d);
    zkfl_g1_neg(&d, &d);
    zkfl_g1_add(&a1, &a1, &d);
    zkfl_g1_to_affine(&pair[0].a, &a0);
    zkfl_g1_to_affine(&pair[1].a, &a1);
    CHECK_EQ_INT(zkfl_groth16_verify_batch_vartime(valid, &vk, pair_pub, pair, 2), ZKFL_ERR_VERIFY);
    CHECK_EQ_INT(valid[0], 0);
    CHECK_EQ_INT(valid[1], 0);

    zkfl_groth16_vk_free(&vk);
    zkfl_memzero(w, nw * sizeof *w);
    free(w);
    zkfl_zkey_free(zk);
}

/* A point on the twist E'(Fp2) outside G2 (the twist's cofactor is huge, so
 * a random point is outside G2 with overwhelming probability; checked). */
static void twist_point_outside_g2(zkfl_g2_affine *out)
{
    zkfl_fp2 xi, b, x, rhs, t;
    zkfl_fp2_set_zero(&xi);
    zkfl_fp_set_u64(&xi.c0, 9);
    zkfl_fp_set_one(&xi.c1);
    zkfl_fp2_inv(&b, &xi);
    zkfl_fp2_set_zero(&t);
    zkfl_fp_set_u64(&t.c0, 3);
    zkfl_fp2_mul(&b, &b, &t);                       /* b' = 3 / (9 + u) */
    for (uint64_t k = 1;; k++) {
        zkfl_fp2_set_zero(&x);
        zkfl_fp_set_u64(&x.c0, k);
        zkfl_fp_set_u64(&x.c1, 7);
        zkfl_fp2_sqr(&rhs, &x);
        zkfl_fp2_mul(&rhs, &rhs, &x);
        zkfl_fp2_add(&rhs, &rhs, &b);
        if (zkfl_fp2_sqrt(&out->y, &rhs) == 0) {
            out->x = x;
            if (!zkfl_g2_affine_is_in_subgroup(out))
                return;
        }
    }
}

/* The .zkey reader only curve-checks the B2 query (speed); a B2 point with a
 * component outside G2 must then be caught before a proof leaves the prover. */
static void test_b2_outside_subgroup(void)
{
    zkfl_zkey *zk = NULL, *zk2 = NULL;
    zkfl_fr *w = NULL;
    size_t nw = 0;
    if (load_key_and_witness(&zk, &w, &nw, "multiplier") != 0) {
        CHECK(0);
        return;
    }
    twist_point_outside_g2(&zk->b2[0]);
    CHECK(zkfl_g2_affine_is_on_curve(&zk->b2[0]));
    CHECK(!zkfl_g2_affine_is_in_subgroup(&zk->b2[0]));
    uint8_t *buf = NULL;
    size_t len = 0;
    CHECK_OK(zkfl_zkey_write_mem(&buf, &len, zk));
    CHECK_OK(zkfl_zkey_read_mem(&zk2, buf, len, "tampered.zkey"));
    if (zk2 != NULL) {
        zkfl_groth16_proof p;
        /* witness[0] = 1, so B2[0] always enters pi_B. */
        CHECK_EQ_INT(zkfl_groth16_prove(&p, NULL, zk2, w, nw, 1), ZKFL_ERR_NOT_IN_SUBGROUP);
    }
    /* An off-curve B2 point is still rejected at load time. */
    if (buf != NULL && zk2 != NULL) {
        zkfl_zkey_free(zk2);
        zk2 = NULL;
        zkfl_fp_add(&zk->b2[1].y.c0, &zk->b2[1].y.c0, &zk->b2[0].y.c0);
        free(buf);
        buf = NULL;
        CHECK_OK(zkfl_zkey_write_mem(&buf, &len, zk));
        CHECK(zkfl_zkey_read_mem(&zk2, buf, len, "offcurve.zkey") == ZKFL_ERR_NOT_ON_CURVE);
    }
    free(buf);
    zkfl_zkey_free(zk2);
    zkfl_zkey_free(zk);
    free(w);
}

int main(void)
{
    test_prove_each_circuit();
    test_batch();
    test_b2_outside_subgroup();
    return zkfl_test_done("groth16_prove");
}
