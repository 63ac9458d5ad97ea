/* Commit-carrying Groth16: completeness, soundness checks of every
 * verifier equation, commitment homomorphism, basis checks, encodings, on
 * the circuit of cgroth16_circuit.h. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/cgroth16.h"
#include "snark/cgroth16_internal.h"

#include "cgroth16_circuit.h"

static zkfl_cgroth16_pk *setup(const zkfl_r1cs *cs, const zkfl_ptau *pt, int n_groups)
{
    zkfl_cgroth16_group g[2] = {{G0, 5}, {G1, 2}};
    zkfl_cgroth16_challenge ch = {W_C, CH_GROUPS, 1};
    zkfl_cgroth16_pk *pk = NULL;
    int rc = zkfl_cgroth16_setup(&pk, cs, g, (size_t)n_groups, &ch, 1, pt, 0);
    if (rc) fprintf(stderr, "setup: %s\n", zkfl_snark_last_error());
    CHECK_OK(rc);
    return pk;
}

int main(void)
{
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 16);
    /* A small ceremony: new, one contribution, phase-2 preparation. */
    CHECK_OK(zkfl_ptau_new("cg_0.ptau", 6));
    CHECK_OK(zkfl_ptau_contribute("cg_1.ptau", "cg_0.ptau", "test", "entropy", NULL));
    CHECK_OK(zkfl_ptau_prepare("cg.ptau", "cg_1.ptau", 0));
    zkfl_ptau *pt = NULL;
    CHECK_OK(zkfl_ptau_read(&pt, "cg.ptau"));
    if (pt == NULL) return zkfl_test_done("cgroth16");

    zkfl_r1cs *cs = build(0);
    zkfl_cgroth16_pk *pk = setup(cs, pt, 2), *pk2 = setup(cs, pt, 2);
    if (pk == NULL || pk2 == NULL) return zkfl_test_done("cgroth16");
    const zkfl_cgroth16_vk *vk = zkfl_cgroth16_pk_vk(pk), *vk2 = zkfl_cgroth16_pk_vk(pk2);

    /* ---- completeness ---- */
    int64_t u1[D] = {3, -7, 0, 12}, u2[D] = {-1, 5, 9, -4};
    wit w1, w2, w3;
    make_witness(&w1, u1, 11, &rng);
    make_witness(&w2, u2, -6, &rng);
    zkfl_cgroth16_proof p1, p2, p3, t;
    int rc = zkfl_cgroth16_prove(&p1, pk, w1.w, N_WIRES, phase2, &w1, 0);
    if (rc) fprintf(stderr, "prove: %s\n", zkfl_snark_last_error());
    CHECK_OK(rc);
    CHECK_OK(zkfl_cgroth16_prove(&p2, pk, w2.w, N_WIRES, phase2, &w2, 0));
    CHECK_OK(verify(vk, &w1, &p1));
    CHECK_OK(verify(vk, &w2, &p2));
    CHECK_EQ_INT(p1.n_commitments, 2);
    /* Challenge slot ignored by the verifier: it recomputes it. */
    wit wz = w1;
    zkfl_fr_set_zero(&wz.w[W_C]);
    CHECK_OK(verify(vk, &wz, &p1));

    /* ---- D is the published commitment to (u, mask) ---- */
    zkfl_g1_affine d;
    CHECK_OK(zkfl_cgroth16_commit(&d, vk, 0, w1.w + W_U, &w1.w[W_M0]));
    CHECK(memcmp(&d, &p1.d[0], sizeof d) == 0);
    /* Homomorphism: commit(u1, m1) + commit(u2, m2) = commit(u1 + u2, m1 + m2). */
    {
        zkfl_fr s[D], ms;
        zkfl_g1_affine c1, c2, c12;
        for (int i = 0; i < D; i++) zkfl_fr_add(&s[i], &w1.w[W_U + i], &w2.w[W_U + i]);
        zkfl_fr_add(&ms, &w1.w[W_M0], &w2.w[W_M0]);
        CHECK_OK(zkfl_cgroth16_commit(&c1, vk, 0, w1.w + W_U, &w1.w[W_M0]));
        CHECK_OK(zkfl_cgroth16_commit(&c2, vk, 0, w2.w + W_U, &w2.w[W_M0]));
        CHECK_OK(zkfl_cgroth16_commit(&c12, vk, 0, s, &ms));
        zkfl_g1 a, b;
        zkfl_g1_from_affine(&a, &c1);
        zkfl_g1_from_affine(&b, &c2);
        zkfl_g1_add(&a, &a, &b);
        zkfl_g1_from_affine(&b, &c12);
        CHECK(zkfl_g1_eq(&a, &b));
        /* and the sum of the proofs' commitments is that commitment */
        zkfl_g1_from_affine(&a, &p1.d[0]);
        zkfl_g1_from_affine(&b, &p2.d[0]);
        zkfl_g1_add(&a, &a, &b);
        zkfl_g1_from_affine(&b, &c12);
        CHECK(zkfl_g1_eq(&a, &b));
        /* a different mask gives a different commitment (hiding needs it) */
        zkfl_fr m2 = w1.w[W_M0];
        zkfl_fr_add(&m2, &m2, &w1.w[0]);
        CHECK_OK(zkfl_cgroth16_commit(&c2, vk, 0, w1.w + W_U, &m2));
        CHECK(memcmp(&c2, &c1, sizeof c1) != 0);
        CHECK(zkfl_cgroth16_commit(&c2, vk, 2, w1.w + W_U, &m2) == ZKFL_ERR_INVALID_ARG);
    }

    /* ---- every tampering is rejected ---- */
    t = p1; g1_bump(&t.a); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; g1_bump(&t.c); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; t.b = p2.b; CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; g1_bump(&t.d[0]); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; g1_bump(&t.d[1]); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; g1_bump(&t.pok); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; zkfl_fp_add(&t.a.x, &t.a.x, &t.a.y); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_NOT_ON_CURVE);
    t = p1; memset(&t.d[0], 0, sizeof t.d[0]); CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; t.n_commitments = 1; CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    /* D swapped between two proofs (with or without their PoKs) */
    t = p1; t.d[0] = p2.d[0]; CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    t = p1; t.d[0] = p2.d[0]; t.pok = p2.pok; CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    /* D_0 and D_1 exchanged within a proof: separate sigmas */
    t = p1; t.d[0] = p1.d[1]; t.d[1] = p1.d[0]; CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    /* D of another vector (same mask) */
    CHECK_OK(zkfl_cgroth16_commit(&d, vk, 0, w2.w + W_U, &w1.w[W_M0]));
    t = p1; t.d[0] = d; CHECK(verify(vk, &w1, &t) == ZKFL_ERR_VERIFY);
    /* wrong public input */
    wit wx = w1;
    zkfl_fr_add(&wx.w[W_X], &wx.w[W_X], &wx.w[0]);
    CHECK(verify(vk, &wx, &p1) == ZKFL_ERR_VERIFY);
    CHECK(zkfl_cgroth16_verify_vartime(vk, w1.w + 1, 1, &p1) == ZKFL_ERR_INVALID_ARG);
    /* another key of the same circuit (another ceremony) */
    CHECK(verify(vk2, &w1, &p1) == ZKFL_ERR_VERIFY);

    /* ---- a witness edited after solving ---- */
    make_witness(&w3, u1, 11, &rng);
    w3.corrupt = 1;
    CHECK(zkfl_cgroth16_prove(&p3, pk, w3.w, N_WIRES, phase2, &w3, 0) == ZKFL_ERR_UNSATISFIED);
    make_witness(&w3, u1, 11, &rng);
    w3.corrupt = 1;
    CHECK_OK(zkfl_cg_prove(&p3, pk, w3.w, N_WIRES, phase2, &w3, 0, 0));
    CHECK(verify(vk, &w3, &p3) == ZKFL_ERR_VERIFY);
    /* phase 2 that forgets the challenge is refused */
    CHECK(zkfl_cgroth16_prove(&p3, pk, w1.w, N_WIRES, NULL, NULL, 0) == ZKFL_ERR_INVALID_ARG);

    /* ---- batch ---- */
    {
        zkfl_cgroth16_proof ps[3] = {p1, p2, p1};
        zkfl_fr pubs[6];
        memcpy(pubs, w1.w + 1, 2 * sizeof(zkfl_fr));
        memcpy(pubs + 2, w2.w + 1, 2 * sizeof(zkfl_fr));
        memcpy(pubs + 4, w1.w + 1, 2 * sizeof(zkfl_fr));
        uint8_t valid[3];
        CHECK_OK(zkfl_cgroth16_verify_batch_vartime(valid, vk, pubs, ps, 3));
        CHECK(valid[0] && valid[1] && valid[2]);
        ps[1].d[0] = p1.d[0];
        CHECK(zkfl_cgroth16_verify_batch_vartime(valid, vk, pubs, ps, 3) == ZKFL_ERR_VERIFY);
        CHECK(valid[0] == 1 && valid[1] == 0 && valid[2] == 1);
        /* two proofs whose errors would cancel in an unweighted sum */
        ps[1] = p2;
        g1_bump(&ps[0].c);
        zkfl_g1 cc, g;
        zkfl_g1_from_affine(&cc, &ps[2].c);
        zkfl_g1_generator(&g);
        zkfl_g1_neg(&g, &g);
        zkfl_g1_add(&cc, &cc, &g);
        zkfl_g1_to_affine(&ps[2].c, &cc);
        CHECK(zkfl_cgroth16_verify_batch_vartime(valid, vk, pubs, ps, 3) == ZKFL_ERR_VERIFY);
        CHECK(valid[0] == 0 && valid[1] == 1 && valid[2] == 0);
    }

    /* ---- encodings ---- */
    {
        size_t n = zkfl_cgroth16_proof_size(2);
        CHECK_EQ_INT(n, 230);
        uint8_t buf[230], bad[230];
        CHECK_OK(zkfl_cgroth16_proof_to_bytes(buf, n, &p1));
        zkfl_cgroth16_proof q;
        CHECK_OK(zkfl_cgroth16_proof_from_bytes(&q, buf, n));
        CHECK_OK(verify(vk, &w1, &q));
        CHECK(zkfl_cgroth16_proof_from_bytes(&q, buf, n - 1) == ZKFL_ERR_FORMAT);
        memcpy(bad, buf, n); bad[0] ^= 1;
        CHECK(zkfl_cgroth16_proof_from_bytes(&q, bad, n) == ZKFL_ERR_FORMAT);
        memcpy(bad, buf, n); bad[5] = 9;
        CHECK(zkfl_cgroth16_proof_from_bytes(&q, bad, n) == ZKFL_ERR_FORMAT);
        for (size_t off = 6; off < n; off += 32) {   /* x >= p in every point */
            memcpy(bad, buf, n);
            memset(bad + off, 0xff, 32);
            bad[off] = 0x3f;
            CHECK(zkfl_cgroth16_proof_from_bytes(&q, bad, n) < 0);
        }

        uint8_t *vb = NULL, *kb = NULL;
        size_t vlen = 0, klen = 0;
        CHECK_OK(zkfl_cgroth16_vk_write_mem(&vb, &vlen, vk));
        CHECK_OK(zkfl_cgroth16_pk_write_mem(&kb, &klen, pk));
        zkfl_cgroth16_vk *rvk = NULL;
        zkfl_cgroth16_pk *rpk = NULL;
        CHECK_OK(zkfl_cgroth16_vk_read_mem(&rvk, vb, vlen, "vk"));
        rc = zkfl_cgroth16_pk_read_mem(&rpk, kb, klen, "pk");
        if (rc) fprintf(stderr, "pk read: %s\n", zkfl_snark_last_error());
        CHECK_OK(rc);
        if (rvk && rpk) {
            CHECK(memcmp(zkfl_cgroth16_vk_digest(rvk), zkfl_cgroth16_vk_digest(vk), 32) == 0);
            CHECK_OK(verify(rvk, &w1, &p1));
            make_witness(&w3, u2, 1, &rng);
            CHECK_OK(zkfl_cgroth16_prove(&p3, rpk, w3.w, N_WIRES, phase2, &w3, 0));
            CHECK_OK(verify(vk, &w3, &p3));
        }
        zkfl_cgroth16_vk_free(rvk);
        zkfl_cgroth16_pk_free(rpk);
        rvk = NULL;
        /* truncations and trailing bytes */
        size_t cuts[] = {0, 3, 8, 12, 100, vlen / 2, vlen - 1};
        for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
            CHECK(zkfl_cgroth16_vk_read_mem(&rvk, vb, cuts[i], "vk") < 0);
        uint8_t *vb2 = malloc(vlen + 1);
        memcpy(vb2, vb, vlen);
        vb2[vlen] = 0;
        CHECK(zkfl_cgroth16_vk_read_mem(&rvk, vb2, vlen + 1, "vk") == ZKFL_ERR_FORMAT);
        /* a point moved off the curve */
        memcpy(vb2, vb, vlen);
        vb2[12 + 63] ^= 1;   /* alpha's y */
        CHECK(zkfl_cgroth16_vk_read_mem(&rvk, vb2, vlen, "vk") < 0);
        /* a wire committed twice: the second committed wire's index
         * overwritten with the first's */
        CHECK(vk->group_start[vk->n_groups] >= 2);
        if (vk->group_start[vk->n_groups] >= 2) {
            uint8_t pair[8];
            for (int b = 0; b < 4; b++) {
                pair[b] = (uint8_t)(vk->wires[0] >> (8 * b));
                pair[4 + b] = (uint8_t)(vk->wires[1] >> (8 * b));
            }
            size_t at = vlen;
            for (size_t o = 0; o + 8 <= vlen && at == vlen; o++)
                if (memcmp(vb + o, pair, 8) == 0) at = o;
            CHECK(at < vlen);
            if (at < vlen) {
                memcpy(vb2, vb, vlen);
                memcpy(vb2 + at + 4, pair, 4);
                CHECK(zkfl_cgroth16_vk_read_mem(&rvk, vb2, vlen, "vk") == ZKFL_ERR_FORMAT);
                CHECK(strstr(zkfl_snark_last_error(), "committed twice") != NULL);
            }
        }
        free(vb2);
        CHECK(zkfl_cgroth16_pk_read_mem(&rpk, kb, klen - 1, "pk") < 0);
        CHECK(zkfl_cgroth16_pk_read_mem(&rpk, kb, klen / 2, "pk") < 0);
        /* Fuzz seeds (fuzz/corpus/fuzz_snark_cgroth16_*), on request. */
        const char *seeds = getenv("ZKFL_CG_SEED_DIR");
        if (seeds != NULL) {
            char path[1024];
            FILE *f;
            snprintf(path, sizeof path, "%s/fuzz_snark_cgroth16_proof/proof2", seeds);
            if ((f = fopen(path, "wb")) != NULL) { fwrite(buf, 1, n, f); fclose(f); }
            snprintf(path, sizeof path, "%s/fuzz_snark_cgroth16_vk/vk2", seeds);
            if ((f = fopen(path, "wb")) != NULL) { fwrite(vb, 1, vlen, f); fclose(f); }
            snprintf(path, sizeof path, "%s/fuzz_snark_cgroth16_vk/pk2", seeds);
            if ((f = fopen(path, "wb")) != NULL) { fwrite(kb, 1, klen, f); fclose(f); }
        }
        free(vb);
        free(kb);
    }

    /* ---- the basis check ---- */
    check_basis_rejections(pt);

    /* ---- independent check with @noble/curves (tests/snark/cgroth16_ref.mjs) ---- */
    cg_noble_check(vk, &w1, &p1, "cg_ref.json");

    zkfl_cgroth16_pk_free(pk);
    zkfl_cgroth16_pk_free(pk2);
    zkfl_r1cs_free(cs);
    zkfl_ptau_free(pt);
    remove("cg_0.ptau");
    remove("cg_1.ptau");
    remove("cg.ptau");
    return zkfl_test_done("cgroth16");
}
