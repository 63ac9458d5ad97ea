/* The multi-party phase 2 of commit-carrying Groth16 keys: a chain of three
 * contributions verifies against the circuit and the ptau and its key
 * proves; the verifier rejects, naming the part, a changed query point (C,
 * H, sigma bases), wrong proofs of knowledge (delta and sigma), a dropped
 * or renamed record, a key of another circuit, a key without
 * contributions and a local one-party key; contributions refuse keys
 * without a transcript and transcripts that do not end at the key; the
 * transcript decoder rejects truncated and malformed files. The chain's
 * equations are also checked by an independent implementation
 * (cgroth16_ceremony_ref.mjs: ffjavascript pairings and snarkjs's hash to
 * G2), which must also reject a wrong proof of knowledge. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/cgroth16.h"
#include "snark/cgroth16_internal.h"

#include "cgroth16_circuit.h"

static zkfl_ptau *small_ptau(void)
{
    zkfl_ptau *pt = NULL;
    CHECK_OK(zkfl_ptau_new("cgc_0.ptau", 5));
    CHECK_OK(zkfl_ptau_contribute("cgc_1.ptau", "cgc_0.ptau", "test", "entropy", NULL));
    CHECK_OK(zkfl_ptau_prepare("cgc.ptau", "cgc_1.ptau", 0));
    CHECK_OK(zkfl_ptau_read(&pt, "cgc.ptau"));
    remove("cgc_0.ptau");
    remove("cgc_1.ptau");
    remove("cgc.ptau");
    return pt;
}

/* A deep copy through the encodings (also checks they round-trip). */
static zkfl_cgroth16_pk *clone(const zkfl_cgroth16_pk *pk)
{
    uint8_t *kb = NULL, *cb = NULL;
    size_t klen = 0, clen = 0;
    zkfl_cgroth16_pk *out = NULL;
    zkfl_cgroth16_ceremony *c = NULL;
    CHECK_OK(zkfl_cgroth16_pk_write_mem(&kb, &klen, pk));
    CHECK_OK(zkfl_cgroth16_ceremony_write_mem(&cb, &clen, zkfl_cgroth16_pk_ceremony(pk)));
    CHECK_OK(zkfl_cgroth16_pk_read_mem(&out, kb, klen, "pk"));
    CHECK_OK(zkfl_cgroth16_ceremony_read_mem(&c, cb, clen, "transcript"));
    if (out != NULL) CHECK_OK(zkfl_cgroth16_pk_set_ceremony(out, c));
    else zkfl_cgroth16_ceremony_free(c);
    free(kb);
    free(cb);
    return out;
}

typedef struct {
    const zkfl_r1cs *cs;
    const zkfl_ptau *pt;
    zkfl_cgroth16_group g[2];
    zkfl_cgroth16_challenge ch;
} ctx;

static int verify_setup(const ctx *x, const zkfl_cgroth16_pk *pk)
{
    return zkfl_cgroth16_verify_setup(pk, x->cs, x->g, 2, &x->ch, 1, x->pt, 2);
}

/* Rejected with ZKFL_ERR_VERIFY and a message containing `what`. */
static void expect_rejected(const ctx *x, const zkfl_cgroth16_pk *pk, const char *what, const char *case_name)
{
    int rc = verify_setup(x, pk);
    const char *msg = zkfl_snark_last_error();
    fprintf(stderr, "%s: %s\n", case_name, msg);
    CHECK(rc == ZKFL_ERR_VERIFY);
    CHECK(strstr(msg, what) != NULL);
}

static void tamper_cases(const ctx *x, const zkfl_cgroth16_pk *pk)
{
    zkfl_cgroth16_pk *t;
    if ((t = clone(pk)) != NULL) {
        g1_bump(&t->zk->h[3]);
        expect_rejected(x, t, "H query", "one H point changed");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {
        g1_bump(&t->zk->c[W_SQ - 3]);   /* wire W_SQ: private, not committed (2 public wires) */
        expect_rejected(x, t, "C query", "one C point changed");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {
        g1_bump(&t->sigma_bases[1]);
        expect_rejected(x, t, "sigma bases", "one sigma basis changed");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {
        g1_bump(&t->zk->a[4]);
        expect_rejected(x, t, "A query", "one A point changed");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {   /* the verification key's IC out of step with the Groth16 key's */
        g1_bump(&t->vk.ic[1]);
        expect_rejected(x, t, "IC points", "one vk IC point changed");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {   /* a wrong PoK: another record's */
        t->ceremony->c[1].delta_pok = t->ceremony->c[0].delta_pok;
        expect_rejected(x, t, "proof of knowledge of the delta factor", "delta PoK of another record");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {
        zkfl_g2 u;
        zkfl_g2_from_affine(&u, &t->ceremony->c[2].sigma_pok[1].g2_spx);
        zkfl_g2_dbl(&u, &u);
        zkfl_g2_to_affine(&t->ceremony->c[2].sigma_pok[1].g2_spx, &u);
        expect_rejected(x, t, "sigma_1 factor", "sigma PoK doubled");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {   /* the middle record dropped */
        t->ceremony->c[1] = t->ceremony->c[2];
        t->ceremony->n = 2;
        expect_rejected(x, t, "contribution #2", "dropped record");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {   /* the last record dropped: the key no longer matches */
        t->ceremony->n = 2;
        expect_rejected(x, t, "last contribution", "dropped last record");
        zkfl_cgroth16_pk_free(t);
    }
    if ((t = clone(pk)) != NULL) {   /* a record renamed */
        t->ceremony->c[0].name[0] ^= 1;
        expect_rejected(x, t, "hash", "renamed record");
        zkfl_cgroth16_pk_free(t);
    }
}

static void write_file(const char *path, const uint8_t *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f == NULL) return;
    CHECK(fwrite(b, 1, n, f) == n);
    fclose(f);
}

/* The transcript and the key checked by tests/snark/cgroth16_ceremony_ref.mjs
 * (ffjavascript + @noble/hashes); returns its exit status, out its output. */
static int reference_check(const zkfl_cgroth16_pk *pk, char **out)
{
    uint8_t *vb = NULL, *cb = NULL;
    size_t vlen = 0, clen = 0;
    CHECK_OK(zkfl_cgroth16_vk_write_mem(&vb, &vlen, zkfl_cgroth16_pk_vk(pk)));
    CHECK_OK(zkfl_cgroth16_ceremony_write_mem(&cb, &clen, zkfl_cgroth16_pk_ceremony(pk)));
    write_file("cgc_ref.vk", vb, vlen);
    write_file("cgc_ref.ceremony", cb, clen);
    free(vb);
    free(cb);
    char cmd[2048];
    int status = -1;
    snprintf(cmd, sizeof cmd, "node %s/tests/snark/cgroth16_ceremony_ref.mjs cgc_ref.ceremony cgc_ref.vk",
             zkfl_test_source_dir());
    *out = zkfl_test_run(cmd, &status);
    remove("cgc_ref.vk");
    remove("cgc_ref.ceremony");
    return status;
}

static void independent_check(const zkfl_cgroth16_pk *pk)
{
    if (!zkfl_test_have_node_package("ffjavascript") || !zkfl_test_have_node_package("@noble/hashes")) {
        fprintf(stderr, "node, ffjavascript or @noble/hashes missing: independent check skipped\n");
        return;
    }
    char *out = NULL;
    int status = reference_check(pk, &out);
    if (out) fprintf(stderr, "%s", out);
    CHECK_EQ_INT(status, 0);
    CHECK(out != NULL && strstr(out, "FAIL") == NULL && strstr(out, "ok #3 (bob): record hash") != NULL &&
          strstr(out, "ok the key's sigma_1 is the last record's") != NULL);
    free(out);
    /* and it does fail: a wrong proof of knowledge in the middle record */
    zkfl_cgroth16_pk *t = clone(pk);
    if (t != NULL) {
        t->ceremony->c[1].delta_pok = t->ceremony->c[0].delta_pok;
        status = reference_check(t, &out);
        CHECK_EQ_INT(status, 1);
        CHECK(out != NULL && strstr(out, "FAIL #2 (alice): knowledge of the delta factor") != NULL);
        free(out);
        zkfl_cgroth16_pk_free(t);
    }
}

int main(void)
{
    zkfl_test_rng rng;
    zkfl_test_rng_seed(&rng, 77);
    zkfl_ptau *pt = small_ptau();
    if (pt == NULL) return zkfl_test_done("cgroth16_ceremony");
    zkfl_r1cs *cs = build(0);
    ctx x = {cs, pt, {{0}}, {0}};
    circuit_layout(x.g, &x.ch);

    /* ---- a chain of three contributions ---- */
    zkfl_cgroth16_pk *pk = NULL;
    CHECK_OK(zkfl_cgroth16_setup(&pk, cs, x.g, 2, &x.ch, 1, pt, 0));
    if (pk == NULL) return zkfl_test_done("cgroth16_ceremony");
    uint8_t h_alice[64], h_bob[64];
    CHECK_OK(zkfl_cgroth16_contribute(pk, h_alice, "alice", "some entropy", 0));
    CHECK_OK(zkfl_cgroth16_contribute(pk, h_bob, "bob", NULL, 0));
    const zkfl_cgroth16_ceremony *cer = zkfl_cgroth16_pk_ceremony(pk);
    CHECK_EQ_INT(zkfl_cgroth16_ceremony_n(cer), 3);
    const char *name = NULL;
    const uint8_t *hash = NULL;
    CHECK_OK(zkfl_cgroth16_ceremony_entry(&name, &hash, cer, 1));
    CHECK(name && strcmp(name, "alice") == 0 && memcmp(hash, h_alice, 64) == 0);
    CHECK_OK(zkfl_cgroth16_ceremony_entry(&name, &hash, cer, 2));
    CHECK(name && strcmp(name, "bob") == 0 && memcmp(hash, h_bob, 64) == 0);
    CHECK(zkfl_cgroth16_ceremony_entry(&name, &hash, cer, 3) == ZKFL_ERR_INVALID_ARG);
    int rc = verify_setup(&x, pk);
    if (rc) fprintf(stderr, "verify-setup: %s\n", zkfl_snark_last_error());
    CHECK_OK(rc);

    /* the final key proves, and its proofs verify */
    int64_t u[D] = {1, -2, 3, -4};
    wit w;
    make_witness(&w, u, 5, &rng);
    zkfl_cgroth16_proof p;
    CHECK_OK(zkfl_cgroth16_prove(&p, pk, w.w, N_WIRES, phase2, &w, 0));
    CHECK_OK(verify(zkfl_cgroth16_pk_vk(pk), &w, &p));

    /* after a round trip through the files: still valid, and extendable */
    zkfl_cgroth16_pk *back = clone(pk);
    if (back != NULL) {
        CHECK_OK(verify_setup(&x, back));
        CHECK_OK(verify(zkfl_cgroth16_pk_vk(back), &w, &p));
        CHECK_OK(zkfl_cgroth16_contribute(back, NULL, "carol", NULL, 0));
        CHECK_OK(verify_setup(&x, back));
        CHECK(verify(zkfl_cgroth16_pk_vk(back), &w, &p) == ZKFL_ERR_VERIFY);   /* a new delta */
        zkfl_cgroth16_pk_free(back);
    }

    independent_check(pk);
    tamper_cases(&x, pk);

    /* a contributor who only multiplies the key without recording it */
    {
        zkfl_cgroth16_pk *t = clone(pk);
        if (t != NULL) {
            zkfl_fr d, s[2];
            zkfl_fr_set_u64(&d, 5);
            zkfl_fr_set_u64(&s[0], 7);
            zkfl_fr_set_u64(&s[1], 11);
            CHECK_OK(zkfl_cg_contribute_factors(t, NULL, "mallory", &d, s, 0));
            t->ceremony->n--;   /* hide the record */
            expect_rejected(&x, t, "last contribution", "unrecorded contribution");
            /* and the next contributor refuses such a key */
            CHECK(zkfl_cgroth16_contribute(t, NULL, "dave", NULL, 0) == ZKFL_ERR_FORMAT);
            zkfl_cgroth16_pk_free(t);
        }
    }

    /* ---- keys the verifier must refuse outright ---- */
    {
        /* another circuit: one more constraint */
        zkfl_r1cs *cs2 = build(0);
        zkfl_lc_term c = T(W_V, 1), vv = T(W_V, 1), one = T(0, 1);
        add(cs2, &vv, 1, &one, 1, &c, 1);
        ctx x2 = x;
        x2.cs = cs2;
        expect_rejected(&x2, pk, "another initial key", "key of another circuit");
        zkfl_r1cs_free(cs2);
        /* the initial key: no contribution */
        zkfl_cgroth16_pk *init = NULL;
        CHECK_OK(zkfl_cg_setup_initial(&init, cs, x.g, 2, &x.ch, 1, pt, 0));
        if (init) expect_rejected(&x, init, "no contribution", "initial key");
        /* a transcript of another key */
        zkfl_cgroth16_pk *other = NULL;
        CHECK_OK(zkfl_cgroth16_setup(&other, cs, x.g, 2, &x.ch, 1, pt, 0));
        if (other && init) {
            uint8_t *cb = NULL;
            size_t clen = 0;
            zkfl_cgroth16_ceremony *c = NULL;
            CHECK_OK(zkfl_cgroth16_ceremony_write_mem(&cb, &clen, zkfl_cgroth16_pk_ceremony(other)));
            CHECK_OK(zkfl_cgroth16_ceremony_read_mem(&c, cb, clen, "other"));
            zkfl_cgroth16_pk *t = clone(pk);
            if (t) {
                CHECK_OK(zkfl_cgroth16_pk_set_ceremony(t, c));
                c = NULL;
                expect_rejected(&x, t, "[delta]_1", "transcript of another key");
                CHECK(zkfl_cgroth16_contribute(t, NULL, "eve", NULL, 0) == ZKFL_ERR_FORMAT);
                zkfl_cgroth16_pk_free(t);
            }
            zkfl_cgroth16_ceremony_free(c);
            /* transcript decoder: truncations, trailing bytes, magic */
            zkfl_cgroth16_ceremony *d = NULL;
            size_t cuts[] = {0, 3, 8, 70, 79, 80, 100, clen / 2, clen - 1};
            for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
                CHECK(zkfl_cgroth16_ceremony_read_mem(&d, cb, cuts[i], "cut") == ZKFL_ERR_FORMAT);
            uint8_t *cb2 = malloc(clen + 1);
            memcpy(cb2, cb, clen);
            cb2[clen] = 0;
            CHECK(zkfl_cgroth16_ceremony_read_mem(&d, cb2, clen + 1, "trailing") == ZKFL_ERR_FORMAT);
            memcpy(cb2, cb, clen);
            cb2[0] = 'X';
            CHECK(zkfl_cgroth16_ceremony_read_mem(&d, cb2, clen, "magic") == ZKFL_ERR_FORMAT);
            memcpy(cb2, cb, clen);
            cb2[80 + 4 + 10 + 63] ^= 1;   /* record 1: delta_after's y ("zkfl setup" is 10 bytes) */
            CHECK(zkfl_cgroth16_ceremony_read_mem(&d, cb2, clen, "point") < 0);
            memcpy(cb2, cb, clen);
            cb2[80] = 65;   /* name longer than 64 */
            CHECK(zkfl_cgroth16_ceremony_read_mem(&d, cb2, clen, "name") == ZKFL_ERR_FORMAT);
            free(cb2);
            free(cb);
        }
        zkfl_cgroth16_pk_free(init);
        zkfl_cgroth16_pk_free(other);
        /* a local one-party key has no transcript: not verifiable, not extendable */
        zkfl_cgroth16_pk *local = NULL;
        CHECK_OK(zkfl_cgroth16_setup(&local, cs, x.g, 2, &x.ch, 1, NULL, 0));
        if (local) {
            CHECK(zkfl_cgroth16_pk_ceremony(local) == NULL);
            expect_rejected(&x, local, "no ceremony transcript", "local key");
            CHECK(zkfl_cgroth16_contribute(local, NULL, "frank", NULL, 0) == ZKFL_ERR_INVALID_ARG);
        }
        zkfl_cgroth16_pk_free(local);
    }

    zkfl_cgroth16_pk_free(pk);
    zkfl_r1cs_free(cs);
    zkfl_ptau_free(pt);
    return zkfl_test_done("cgroth16_ceremony");
}
