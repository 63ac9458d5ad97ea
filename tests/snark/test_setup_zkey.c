/* Phase 2 against snarkjs, both directions: zkfl's setup equals snarkjs's
 * groth16 setup (every section and the circuit hash); snarkjs zkey verify
 * accepts zkfl's contributions and zkfl verify-setup accepts snarkjs's;
 * a key after mixed contributions proves and verifies (zkfl Groth16); and
 * tampered keys (a flipped byte, a substituted point, swapped
 * contributions, another circuit's hash) are rejected naming the part. */
#include "test_setup_util.h"
#include "zkfl/groth16.h"
#include "zkfl/snark.h"

static const char *dir;

static const char *P(const char *name) { return path_in(dir, name); }

static int same_key(const zkfl_zkey *a, const zkfl_zkey *b)
{
    size_t nv = a->n_vars, np = (size_t)a->n_public + 1;
    return a->n_vars == b->n_vars && a->n_public == b->n_public && a->domain_size == b->domain_size &&
           a->n_coefs == b->n_coefs && !memcmp(a->cs_hash, b->cs_hash, 64) &&
           !memcmp(&a->alpha1, &b->alpha1, sizeof a->alpha1) && !memcmp(&a->beta2, &b->beta2, sizeof a->beta2) &&
           !memcmp(&a->delta2, &b->delta2, sizeof a->delta2) &&
           !memcmp(a->ic, b->ic, np * sizeof *a->ic) && !memcmp(a->coefs, b->coefs, a->n_coefs * sizeof *a->coefs) &&
           !memcmp(a->a, b->a, nv * sizeof *a->a) && !memcmp(a->b1, b->b1, nv * sizeof *a->b1) &&
           !memcmp(a->b2, b->b2, nv * sizeof *a->b2) && !memcmp(a->c, b->c, (nv - np) * sizeof *a->c) &&
           !memcmp(a->h, b->h, a->domain_size * sizeof *a->h);
}

static int verify_edited(const char *in, const char *out, void (*edit)(zkfl_zkey *))
{
    zkfl_zkey *zk = NULL;
    if (zkfl_zkey_read(&zk, in) != 0) return 1;
    edit(zk);
    int err = zkfl_zkey_write(out, zk);
    zkfl_zkey_free(zk);
    if (err) return err;
    return zkfl_zkey_verify(fixture("poly.r1cs"), fixture("pot8_final.ptau"), out, 0);
}

static void subst_c(zkfl_zkey *zk) { zk->c[0] = zk->c[1]; }
static void subst_h(zkfl_zkey *zk) { zk->h[3] = zk->h[4]; }
static void subst_a(zkfl_zkey *zk) { zk->a[5] = zk->a[6]; }
static void swap_contributions(zkfl_zkey *zk)
{
    zkfl_zkey_contribution t = zk->contributions[0];
    zk->contributions[0] = zk->contributions[1];
    zk->contributions[1] = t;
}
static void other_circuit(zkfl_zkey *zk) { zk->cs_hash[0] ^= 1; }
static void wrong_delta(zkfl_zkey *zk) { zk->delta1 = zk->alpha1; }

/* Proves the fixture witness with the key and verifies the proof. */
static void prove_and_verify(const char *zkey)
{
    zkfl_zkey *zk = NULL;
    zkfl_fr *w = NULL;
    size_t n = 0;
    CHECK_OK(zkfl_zkey_read(&zk, zkey));
    CHECK_OK(zkfl_wtns_read(&w, &n, fixture("poly.wtns")));
    if (zk == NULL || w == NULL) { zkfl_zkey_free(zk); free(w); return; }
    zkfl_groth16_proof proof;
    zkfl_groth16_vk vk;
    CHECK_OK(zkfl_groth16_prove(&proof, NULL, zk, w, n, 0));
    CHECK_OK(zkfl_groth16_vk_from_zkey(&vk, zk));
    CHECK_OK(zkfl_groth16_verify_vartime(&vk, w + 1, zk->n_public, &proof));
    zkfl_fr_set_u64(&w[2], 7);                 /* another public input */
    CHECK_EQ_INT(zkfl_groth16_verify_vartime(&vk, w + 1, zk->n_public, &proof), ZKFL_ERR_VERIFY);
    zkfl_groth16_vk_free(&vk);
    zkfl_zkey_free(zk);
    free(w);
}

int main(void)
{
    dir = scratch_dir("setup_zkey");
    int node = zkfl_test_have_node_package("snarkjs");
    CHECK(dir != NULL);
    if (dir == NULL) return zkfl_test_done("snark_setup_zkey");
    char r1cs[1024], ptau[1024];   /* fixture() reuses its buffers */
    snprintf(r1cs, sizeof r1cs, "%s", fixture("poly.r1cs"));
    snprintf(ptau, sizeof ptau, "%s", fixture("pot8_final.ptau"));
    char args[8192];

    /* zkfl setup == snarkjs groth16 setup (committed poly_0000.zkey). */
    CHECK_OK(zkfl_zkey_new(P("z0.zkey"), r1cs, ptau, 0));
    zkfl_zkey *mine = NULL, *theirs = NULL;
    CHECK_OK(zkfl_zkey_read(&mine, P("z0.zkey")));
    CHECK_OK(zkfl_zkey_read(&theirs, fixture("poly_0000.zkey")));
    CHECK(mine && theirs && same_key(mine, theirs));
    zkfl_zkey_free(mine);
    zkfl_zkey_free(theirs);

    /* snarkjs's contribution verifies in zkfl; zkfl's on top of it in snarkjs. */
    CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, fixture("poly_0001.zkey"), 0));
    uint8_t hash[64];
    CHECK_OK(zkfl_zkey_contribute(P("z2.zkey"), fixture("poly_0001.zkey"), "zkfl", "entropy", hash));
    CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, P("z2.zkey"), 0));
    if (node) {
        snprintf(args, sizeof args, "zkey verify %s %s %s", r1cs, ptau, P("z2.zkey"));
        CHECK(snarkjs_ok(args, "ZKey Ok!"));
        /* A chain started by zkfl, continued by snarkjs. */
        CHECK_OK(zkfl_zkey_contribute(P("y1.zkey"), P("z0.zkey"), "zkfl first", NULL, NULL));
        snprintf(args, sizeof args, "zkey contribute %s %s --name=second -e=abc", P("y1.zkey"), P("y2.zkey"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, P("y2.zkey"), 0));
    }
    prove_and_verify(P("z2.zkey"));

    /* Tampering. */
    size_t len;
    uint8_t *f = slurp_file(P("z2.zkey"), &len);
    CHECK(f != NULL);
    if (f != NULL) {
        /* Flip a byte of H[2] (section 9). */
        size_t h = section_offset(f, len, 9);
        CHECK(h != 0);
        if (h != 0) f[h + 2 * 64 + 20] ^= 0x08;
        CHECK_OK(write_bytes(P("flip.zkey"), f, len));
        CHECK(zkfl_zkey_verify(r1cs, ptau, P("flip.zkey"), 0) < 0);
        CHECK(strstr(zkfl_snark_last_error(), "section 9 (H points): point 2") != NULL);
        free(f);
    }
    CHECK_SNARK_ERR(verify_edited(P("z2.zkey"), P("t1.zkey"), subst_c), ZKFL_ERR_VERIFY, "section 8 (C)");
    CHECK_SNARK_ERR(verify_edited(P("z2.zkey"), P("t2.zkey"), subst_h), ZKFL_ERR_VERIFY, "section 9 (H)");
    CHECK_SNARK_ERR(verify_edited(P("z2.zkey"), P("t3.zkey"), subst_a), ZKFL_ERR_VERIFY, "section 5 (A)");
    CHECK_SNARK_ERR(verify_edited(P("z2.zkey"), P("t4.zkey"), swap_contributions), ZKFL_ERR_VERIFY, "contribution #1");
    CHECK_SNARK_ERR(verify_edited(P("z2.zkey"), P("t5.zkey"), other_circuit), ZKFL_ERR_VERIFY, "transcript");
    CHECK_SNARK_ERR(verify_edited(P("z2.zkey"), P("t6.zkey"), wrong_delta), ZKFL_ERR_VERIFY, "delta1");
    /* The initial key alone (no contribution yet) is consistent. */
    CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, P("z0.zkey"), 0));
    return zkfl_test_done("snark_setup_zkey");
}
