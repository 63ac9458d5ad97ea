/* Groth16 verification against proofs and keys made by snarkjs (committed
 * fixtures from tests/snark/interop_generate.sh): valid proofs pass,
 * snarkjs's vk_alphabeta_12 equals our pairing, and tampered proofs,
 * tampered inputs and foreign keys fail. */
#include "test_groth16_util.h"

static const char *circuits[] = {"poseidon", "l2norm", "multiplier"};
#define N_CIRCUITS 3

static void test_snarkjs_proofs_verify(void)
{
    for (int i = 0; i < N_CIRCUITS; i++) {
        zkfl_groth16_vk vk;
        zkfl_groth16_proof p;
        zkfl_fr *pub = NULL;
        size_t npub = 0;
        /* vk_from_json also checks snarkjs's vk_alphabeta_12 against our e(alpha, beta). */
        CHECK_OK(g16_load_vk(&vk, circuits[i]));
        CHECK_OK(g16_load_proof(&p, &pub, &npub, circuits[i]));
        CHECK_EQ_INT(npub, vk.n_public);
        CHECK_OK(zkfl_groth16_verify_vartime(&vk, pub, npub, &p));

        /* Binary round trip keeps the proof. */
        uint8_t bin[ZKFL_GROTH16_PROOF_BYTES];
        zkfl_groth16_proof q;
        zkfl_groth16_proof_to_bytes(bin, &p);
        CHECK_OK(zkfl_groth16_proof_from_bytes(&q, bin));
        CHECK(memcmp(&p, &q, sizeof p) == 0);
        CHECK_OK(zkfl_groth16_verify_vartime(&vk, pub, npub, &q));

        /* JSON round trip keeps the proof and the key. */
        char *text = zkfl_groth16_proof_to_json(&p);
        CHECK(text != NULL);
        CHECK_OK(zkfl_groth16_proof_from_json(&q, text, strlen(text), NULL, 0));
        CHECK(memcmp(&p, &q, sizeof p) == 0);
        free(text);
        text = zkfl_groth16_vk_to_json(&vk);
        zkfl_groth16_vk vk2;
        CHECK(text != NULL && zkfl_groth16_vk_from_json(&vk2, text, strlen(text), NULL, 0) == 0);
        CHECK_EQ_INT(vk2.n_public, vk.n_public);
        CHECK(memcmp(vk2.ic, vk.ic, (vk.n_public + 1) * sizeof *vk.ic) == 0);
        CHECK(memcmp(&vk2.delta, &vk.delta, sizeof vk.delta) == 0);
        zkfl_groth16_vk_free(&vk2);
        free(text);
        text = zkfl_groth16_public_to_json(pub, npub);
        zkfl_fr *pub2 = NULL;
        size_t npub2 = 0;
        CHECK(text != NULL && zkfl_groth16_public_from_json(&pub2, &npub2, text, strlen(text), NULL, 0) == 0);
        CHECK(npub2 == npub && memcmp(pub, pub2, npub * sizeof *pub) == 0);
        free(pub2);
        free(text);

        /* Tampered public input. */
        for (size_t j = 0; j < npub; j++) {
            zkfl_fr one, saved = pub[j];
            zkfl_fr_set_one(&one);
            zkfl_fr_add(&pub[j], &pub[j], &one);
            CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub, &p), ZKFL_ERR_VERIFY);
            pub[j] = saved;
        }
        /* Wrong number of inputs. */
        CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub - 1, &p), ZKFL_ERR_INVALID_ARG);
        /* Tampered proof elements: -A, A and C swapped, B doubled. */
        q = p;
        zkfl_fp_neg(&q.a.y, &q.a.y);
        CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub, &q), ZKFL_ERR_VERIFY);
        q = p;
        q.a = p.c;
        q.c = p.a;
        CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub, &q), ZKFL_ERR_VERIFY);
        q = p;
        zkfl_g2 b;
        zkfl_g2_from_affine(&b, &p.b);
        zkfl_g2_dbl(&b, &b);
        zkfl_g2_to_affine(&q.b, &b);
        CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub, &q), ZKFL_ERR_VERIFY);
        /* A point off the curve built by hand is caught by the verifier. */
        q = p;
        zkfl_fp one;
        zkfl_fp_set_one(&one);
        zkfl_fp_add(&q.c.y, &q.c.y, &one);
        CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub, &q), ZKFL_ERR_NOT_ON_CURVE);
        /* Binary proof with a flipped bit: rejected by the decoder or the
         * pairing equation. */
        for (int bit = 0; bit < 8 * ZKFL_GROTH16_PROOF_BYTES; bit += 37) {
            uint8_t t[ZKFL_GROTH16_PROOF_BYTES];
            memcpy(t, bin, sizeof t);
            t[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            int rc = zkfl_groth16_proof_from_bytes(&q, t);
            if (rc == 0)
                rc = zkfl_groth16_verify_vartime(&vk, pub, npub, &q);
            CHECK(rc != 0);
        }

        /* Another circuit's key rejects this proof (by count or equation). */
        zkfl_groth16_vk other;
        CHECK_OK(g16_load_vk(&other, circuits[(i + 1) % N_CIRCUITS]));
        if (other.n_public == npub)
            CHECK_EQ_INT(zkfl_groth16_verify_vartime(&other, pub, npub, &p), ZKFL_ERR_VERIFY);
        else
            CHECK_EQ_INT(zkfl_groth16_verify_vartime(&other, pub, npub, &p), ZKFL_ERR_INVALID_ARG);
        zkfl_groth16_vk_free(&other);

        free(pub);
        zkfl_groth16_vk_free(&vk);
    }
}

/* l2norm and multiplier both have 2 public signals: a proof of one under
 * the other's key must fail on the pairing equation itself. */
static void test_cross_key_same_arity(void)
{
    zkfl_groth16_vk vk;
    zkfl_groth16_proof p;
    zkfl_fr *pub = NULL;
    size_t npub = 0;
    CHECK_OK(g16_load_vk(&vk, "multiplier"));
    CHECK_OK(g16_load_proof(&p, &pub, &npub, "l2norm"));
    CHECK_EQ_INT(npub, vk.n_public);
    CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, pub, npub, &p), ZKFL_ERR_VERIFY);
    free(pub);
    zkfl_groth16_vk_free(&vk);
}

static void test_vk_from_zkey_matches_snarkjs(void)
{
    for (int i = 0; i < N_CIRCUITS; i++) {
        char name[256], path[4096];
        snprintf(name, sizeof name, "interop_%s.zkey", circuits[i]);
        zkfl_zkey *zk = NULL;
        int rc = zkfl_zkey_read(&zk, g16_fixture(path, sizeof path, name));
        CHECK_OK(rc);
        if (rc != 0) {
            fprintf(stderr, "%s: %s\n", name, zkfl_snark_last_error());
            continue;
        }
        zkfl_groth16_vk mine, theirs;
        CHECK_OK(zkfl_groth16_vk_from_zkey(&mine, zk));
        CHECK_OK(g16_load_vk(&theirs, circuits[i]));
        CHECK_EQ_INT(mine.n_public, theirs.n_public);
        CHECK(memcmp(&mine.alpha, &theirs.alpha, sizeof mine.alpha) == 0);
        CHECK(memcmp(&mine.beta, &theirs.beta, sizeof mine.beta) == 0);
        CHECK(memcmp(&mine.gamma, &theirs.gamma, sizeof mine.gamma) == 0);
        CHECK(memcmp(&mine.delta, &theirs.delta, sizeof mine.delta) == 0);
        CHECK(memcmp(mine.ic, theirs.ic, (mine.n_public + 1) * sizeof *mine.ic) == 0);
        CHECK(zkfl_fp12_eq(&mine.alphabeta, &theirs.alphabeta));
        zkfl_groth16_vk_free(&mine);
        zkfl_groth16_vk_free(&theirs);
        zkfl_zkey_free(zk);
    }
}

int main(void)
{
    test_snarkjs_proofs_verify();
    test_cross_key_same_arity();
    test_vk_from_zkey_matches_snarkjs();
    return zkfl_test_done("groth16_verify");
}
