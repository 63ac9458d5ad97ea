/* Groth16 with keys made entirely by zkfl (powers of tau: new, contribute,
 * prepare; phase 2: new, contribute) for the multiplier and L2-bound
 * circuits: zkfl proves and verifies, and when node is available snarkjs
 * proves with zkfl's .zkey and verifies zkfl's proofs under zkfl's exported
 * verification key (and the other way round). */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>
#include "test_groth16_util.h"

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) return -1;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static void run_circuit(const char *tmp, const char *circuit, unsigned power, int have_node)
{
    char r1cs[1024], wtns[1024], pt0[1024], pt1[1024], pt2[1024], zk0[1024], zk1[1024], name[256];
    snprintf(name, sizeof name, "interop_%s.r1cs", circuit);
    g16_fixture(r1cs, sizeof r1cs, name);
    snprintf(name, sizeof name, "interop_%s.wtns", circuit);
    g16_fixture(wtns, sizeof wtns, name);
    snprintf(pt0, sizeof pt0, "%s/%s_0.ptau", tmp, circuit);
    snprintf(pt1, sizeof pt1, "%s/%s_1.ptau", tmp, circuit);
    snprintf(pt2, sizeof pt2, "%s/%s.ptau", tmp, circuit);
    snprintf(zk0, sizeof zk0, "%s/%s_0.zkey", tmp, circuit);
    snprintf(zk1, sizeof zk1, "%s/%s.zkey", tmp, circuit);
    int rc;
    if ((rc = zkfl_ptau_new(pt0, power)) != 0 || (rc = zkfl_ptau_contribute(pt1, pt0, "t", NULL, NULL)) != 0 ||
        (rc = zkfl_ptau_prepare(pt2, pt1, 0)) != 0 || (rc = zkfl_zkey_new(zk0, r1cs, pt2, 0)) != 0 ||
        (rc = zkfl_zkey_contribute(zk1, zk0, "t", NULL, NULL)) != 0) {
        fprintf(stderr, "%s: setup failed: %s %s\n", circuit, zkfl_strerror(rc), zkfl_snark_last_error());
        CHECK(0);
        return;
    }
    zkfl_zkey *zk = NULL;
    zkfl_fr *w = NULL;
    size_t nw = 0;
    CHECK_OK(zkfl_zkey_read(&zk, zk1));
    CHECK_OK(zkfl_wtns_read(&w, &nw, wtns));
    if (zk == NULL || w == NULL) return;
    zkfl_groth16_vk vk;
    zkfl_groth16_proof p;
    CHECK_OK(zkfl_groth16_vk_from_zkey(&vk, zk));
    CHECK_OK(zkfl_groth16_prove(&p, NULL, zk, w, nw, 0));
    CHECK_OK(zkfl_groth16_verify_vartime(&vk, w + 1, zk->n_public, &p));

    if (have_node) {
        char vkp[1024], prp[1024], pup[1024], sprp[1024], spup[1024], cmd[16384];
        snprintf(vkp, sizeof vkp, "%s/%s_vk.json", tmp, circuit);
        snprintf(prp, sizeof prp, "%s/%s_proof.json", tmp, circuit);
        snprintf(pup, sizeof pup, "%s/%s_public.json", tmp, circuit);
        snprintf(sprp, sizeof sprp, "%s/%s_sproof.json", tmp, circuit);
        snprintf(spup, sizeof spup, "%s/%s_spublic.json", tmp, circuit);
        char *t1 = zkfl_groth16_vk_to_json(&vk), *t2 = zkfl_groth16_proof_to_json(&p),
             *t3 = zkfl_groth16_public_to_json(w + 1, zk->n_public);
        CHECK(t1 && t2 && t3 && write_text(vkp, t1) == 0 && write_text(prp, t2) == 0 && write_text(pup, t3) == 0);
        free(t1); free(t2); free(t3);
        const char *nm = zkfl_test_node_modules();
        int st = -1;
        snprintf(cmd, sizeof cmd, "node %s/snarkjs/build/cli.cjs groth16 verify %s %s %s 2>&1 && "
                 "node %s/snarkjs/build/cli.cjs groth16 prove %s %s %s %s 2>&1",
                 nm, vkp, pup, prp, nm, zk1, wtns, sprp, spup);
        char *out = zkfl_test_run(cmd, &st);
        CHECK_EQ_INT(st, 0);
        if (st != 0 && out) fprintf(stderr, "%s\n", out);
        free(out);
        /* snarkjs's proof with zkfl's key verifies in zkfl. */
        size_t len;
        char err[256] = "";
        zkfl_fr *pub = NULL;
        size_t npub = 0;
        FILE *f = fopen(sprp, "rb");
        if (f != NULL) {
            char buf[8192];
            len = fread(buf, 1, sizeof buf, f);
            fclose(f);
            CHECK_OK(zkfl_groth16_proof_from_json(&p, buf, len, err, sizeof err));
            f = fopen(spup, "rb");
            len = f ? fread(buf, 1, sizeof buf, f) : 0;
            if (f) fclose(f);
            CHECK_OK(zkfl_groth16_public_from_json(&pub, &npub, buf, len, err, sizeof err));
            CHECK_EQ_INT(npub, vk.n_public);
            if (npub == vk.n_public)
                CHECK_OK(zkfl_groth16_verify_vartime(&vk, pub, npub, &p));
            free(pub);
        } else {
            CHECK(0);
        }
        unlink(vkp); unlink(prp); unlink(pup); unlink(sprp); unlink(spup);
    }
    zkfl_groth16_vk_free(&vk);
    zkfl_memzero(w, nw * sizeof *w);
    free(w);
    zkfl_zkey_free(zk);
    unlink(pt0); unlink(pt1); unlink(pt2); unlink(zk0); unlink(zk1);
}

int main(void)
{
    char tmp[] = "/tmp/zkfl_g16keys_XXXXXX";
    if (mkdtemp(tmp) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    int have_node = zkfl_test_have_node_package("snarkjs");
    if (!have_node)
        printf("node/snarkjs not available: zkfl-only checks\n");
    run_circuit(tmp, "multiplier", 4, have_node);
#ifndef ZKFL_SANITIZE
    /* A 2^8 ceremony takes minutes under the sanitizers; the release build
     * covers it, the multiplier's 2^4 one runs in both. */
    run_circuit(tmp, "l2norm", 8, have_node);
#endif
    rmdir(tmp);
    return zkfl_test_done("groth16_zkfl_keys");
}
