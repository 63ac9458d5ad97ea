/* Random beacons (snarkjs powersoftau beacon / zkey beacon):
 *  - the key derivation (SHA-256 iterations, ChaCha, Fr and G1 from the
 *    stream) against ffjavascript (setup_js/beacon_key.cjs);
 *  - zkfl's beacon files are byte for byte snarkjs's for the same input,
 *    hash and exponent, and each verifier accepts the other's;
 *  - a beacon is deterministic and verifies inside a longer chain;
 *  - a wrong beacon hash or iteration count recorded in the file, and
 *    parameters out of snarkjs's range, are rejected. */
#include "test_setup_util.h"
#include "snark/zkey_internal.h"
#include "zkfl/snark.h"

#ifdef ZKFL_SANITIZE
#define POWER 4
#else
#define POWER 6
#endif

static const char *dir;

static const char *P(const char *name) { return path_in(dir, name); }

static const uint8_t beacon[32] = {
    0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9,
    0x01, 0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78, 0x89, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef, 0xf0};
static const char beacon_hex[] = "0a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff0";

static void check_key_against_ffjavascript(void)
{
    const char *nm = zkfl_test_node_modules();
    const char *src = zkfl_test_source_dir();
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "ZKFL_NODE_MODULES=%s node %s/tests/snark/setup_js/beacon_key.cjs %s 10", nm,
             src ? src : ".", beacon_hex);
    int status = -1;
    char *out = zkfl_test_run(cmd, &status);
    CHECK(out != NULL && status == 0);
    char d_dec[100], x_dec[100], y_dec[100];
    if (out == NULL || sscanf(out, "%99s %99s %99s", d_dec, x_dec, y_dec) != 3) {
        CHECK(0);
        free(out);
        return;
    }
    free(out);
    zkfl_fr d, d_ref;
    zkfl_g1_affine s, s_ref;
    CHECK_OK(zkfl_zkey_beacon_key(&d, &s, beacon, sizeof beacon, 10));
    CHECK_OK(zkfl_fr_from_dec(&d_ref, d_dec));
    CHECK_OK(zkfl_fp_from_dec(&s_ref.x, x_dec));
    CHECK_OK(zkfl_fp_from_dec(&s_ref.y, y_dec));
    CHECK(zkfl_fr_eq(&d, &d_ref));
    CHECK(zkfl_fp_eq(&s.x, &s_ref.x) && zkfl_fp_eq(&s.y, &s_ref.y));
    CHECK(zkfl_g1_affine_is_on_curve(&s));
    /* Another exponent gives another key. */
    zkfl_fr d11;
    CHECK_OK(zkfl_zkey_beacon_key(&d11, &s, beacon, sizeof beacon, 11));
    CHECK(!zkfl_fr_eq(&d, &d11));
}

static int ptau_edited_verify(const char *in, const char *out, int what)
{
    zkfl_ptau *pt = NULL;
    if (zkfl_ptau_read(&pt, in) != 0) return 1;
    zkfl_ptau_contribution *c = &pt->contributions[pt->n_contributions - 1];
    if (what == 0) c->beacon_hash[0] ^= 1;
    else if (what == 1) c->num_iterations_exp++;
    else c->num_iterations_exp = 9;
    int err = zkfl_ptau_write(out, pt);
    zkfl_ptau_free(pt);
    return err ? err : zkfl_ptau_verify(out, 0);
}

static int zkey_edited_verify(const char *in, const char *out, int what)
{
    zkfl_zkey *zk = NULL;
    if (zkfl_zkey_read(&zk, in) != 0) return 1;
    zkfl_zkey_contribution *c = &zk->contributions[zk->n_contributions - 1];
    if (what == 0) c->beacon_hash[5] ^= 0x80;
    else c->num_iterations_exp++;
    int err = zkfl_zkey_write(out, zk);
    zkfl_zkey_free(zk);
    char r1cs[4096];
    snprintf(r1cs, sizeof r1cs, "%s", fixture("poly.r1cs"));
    return err ? err : zkfl_zkey_verify(r1cs, fixture("pot8_final.ptau"), out, 0);
}

static void check_ptau(int node)
{
    char args[16384];
    uint8_t hash[64], hash2[64];
    CHECK_OK(zkfl_ptau_new(P("p0.ptau"), POWER));
    CHECK_OK(zkfl_ptau_contribute(P("p1.ptau"), P("p0.ptau"), "first", "entropy", NULL));
    CHECK_SNARK_OK(zkfl_ptau_beacon(P("zb.ptau"), P("p1.ptau"), "final beacon", beacon, sizeof beacon, 10, hash));
    CHECK_SNARK_OK(zkfl_ptau_verify(P("zb.ptau"), 0));
    /* Anyone recomputes the same contribution. */
    CHECK_OK(zkfl_ptau_beacon(P("zb2.ptau"), P("p1.ptau"), "final beacon", beacon, sizeof beacon, 10, hash2));
    CHECK(files_equal(P("zb.ptau"), P("zb2.ptau")));
    CHECK(memcmp(hash, hash2, 64) == 0);
    /* A beacon as the first contribution, then a normal one after it. */
    CHECK_SNARK_OK(zkfl_ptau_beacon(P("b0.ptau"), P("p0.ptau"), NULL, beacon, 3, 12, NULL));
    CHECK_OK(zkfl_ptau_contribute(P("b1.ptau"), P("b0.ptau"), "after", NULL, NULL));
    CHECK_SNARK_OK(zkfl_ptau_verify(P("b1.ptau"), 0));
    zkfl_ptau *pt = NULL;
    CHECK_OK(zkfl_ptau_read(&pt, P("zb.ptau")));
    if (pt != NULL) {
        const zkfl_ptau_contribution *c = &pt->contributions[1];
        CHECK(pt->n_contributions == 2 && c->type == 1 && c->num_iterations_exp == 10 &&
              c->beacon_hash_len == 32 && memcmp(c->beacon_hash, beacon, 32) == 0 &&
              strcmp(c->name, "final beacon") == 0);
        zkfl_ptau_free(pt);
    }
    if (node) {
        snprintf(args, sizeof args, "powersoftau beacon %s %s %s 10 --name=\"final beacon\"", P("p1.ptau"),
                 P("sb.ptau"), beacon_hex);
        CHECK(snarkjs_ok(args, NULL));
        CHECK(files_equal(P("zb.ptau"), P("sb.ptau")));
        snprintf(args, sizeof args, "powersoftau beacon %s %s 0a1b2c 12", P("p0.ptau"), P("sb0.ptau"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK(files_equal(P("b0.ptau"), P("sb0.ptau")));
        snprintf(args, sizeof args, "powersoftau verify %s", P("b1.ptau"));
        CHECK(snarkjs_ok(args, "Powers of Tau Ok!"));
        /* snarkjs contributes after zkfl's beacon; zkfl verifies. */
        snprintf(args, sizeof args, "powersoftau contribute %s %s --name=js -e=more", P("zb.ptau"), P("sc.ptau"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK_SNARK_OK(zkfl_ptau_verify(P("sc.ptau"), 0));
    }
    /* A wrong beacon hash or exponent in the record: the key no longer
     * matches what the beacon gives. */
    CHECK_SNARK_ERR(ptau_edited_verify(P("zb.ptau"), P("w0.ptau"), 0), ZKFL_ERR_VERIFY, "contribution #2: the beacon key (tau)");
    CHECK_EQ_INT(ptau_edited_verify(P("zb.ptau"), P("w1.ptau"), 1), ZKFL_ERR_VERIFY);
    CHECK_SNARK_ERR(ptau_edited_verify(P("zb.ptau"), P("w2.ptau"), 2), ZKFL_ERR_VERIFY, "out of range");
    if (node) {
        snprintf(args, sizeof args, "powersoftau verify %s", P("w0.ptau"));
        CHECK(snarkjs_rejects(args));
    }
    /* snarkjs's parameter limits. */
    CHECK_EQ_INT(zkfl_ptau_beacon(P("x.ptau"), P("p1.ptau"), NULL, beacon, 32, 9, NULL), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_ptau_beacon(P("x.ptau"), P("p1.ptau"), NULL, beacon, 32, 64, NULL), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_ptau_beacon(P("x.ptau"), P("p1.ptau"), NULL, beacon, 0, 10, NULL), ZKFL_ERR_INVALID_ARG);
    uint8_t big[256] = {0};
    CHECK_EQ_INT(zkfl_ptau_beacon(P("x.ptau"), P("p1.ptau"), NULL, big, 256, 10, NULL), ZKFL_ERR_INVALID_ARG);
}

static void check_zkey(int node)
{
    char args[16384];
    uint8_t hash[64];
    char r1cs[4096], ptau[4096];
    snprintf(r1cs, sizeof r1cs, "%s", fixture("poly.r1cs"));
    snprintf(ptau, sizeof ptau, "%s", fixture("pot8_final.ptau"));
    CHECK_SNARK_OK(zkfl_zkey_beacon(P("zb.zkey"), fixture("poly_0001.zkey"), "final beacon", beacon, sizeof beacon,
                                    10, hash));
    CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, P("zb.zkey"), 0));
    CHECK_OK(zkfl_zkey_beacon(P("zb2.zkey"), fixture("poly_0001.zkey"), "final beacon", beacon, sizeof beacon, 10,
                              NULL));
    CHECK(files_equal(P("zb.zkey"), P("zb2.zkey")));
    /* A normal contribution after the beacon keeps the chain valid. */
    CHECK_OK(zkfl_zkey_contribute(P("zc.zkey"), P("zb.zkey"), "after", NULL, NULL));
    CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, P("zc.zkey"), 0));
    if (node) {
        snprintf(args, sizeof args, "zkey beacon %s %s %s 10 --name=\"final beacon\"", fixture("poly_0001.zkey"),
                 P("sb.zkey"), beacon_hex);
        CHECK(snarkjs_ok(args, NULL));
        CHECK(files_equal(P("zb.zkey"), P("sb.zkey")));
        snprintf(args, sizeof args, "zkey verify %s %s %s", r1cs, ptau, P("zc.zkey"));
        CHECK(snarkjs_ok(args, "ZKey Ok!"));
        snprintf(args, sizeof args, "zkey beacon %s %s 0102 11", P("zc.zkey"), P("sd.zkey"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK_SNARK_OK(zkfl_zkey_verify(r1cs, ptau, P("sd.zkey"), 0));
    }
    CHECK_SNARK_ERR(zkey_edited_verify(P("zb.zkey"), P("w0.zkey"), 0), ZKFL_ERR_VERIFY, "contribution #2: the beacon key");
    CHECK_EQ_INT(zkey_edited_verify(P("zb.zkey"), P("w1.zkey"), 1), ZKFL_ERR_VERIFY);
    if (node) {
        snprintf(args, sizeof args, "zkey verify %s %s %s", r1cs, ptau, P("w0.zkey"));
        CHECK(snarkjs_rejects(args));
    }
    CHECK_EQ_INT(zkfl_zkey_beacon(P("x.zkey"), fixture("poly_0001.zkey"), NULL, beacon, 32, 64, NULL),
                 ZKFL_ERR_INVALID_ARG);
}

int main(void)
{
    dir = scratch_dir("beacon");
    int node = zkfl_test_have_node_package("snarkjs") && zkfl_test_have_node_package("ffjavascript");
    CHECK(dir != NULL);
    if (dir == NULL) return zkfl_test_done("snark_beacon");
    if (node) check_key_against_ffjavascript();
    check_ptau(node);
    check_zkey(node);
    return zkfl_test_done("snark_beacon");
}
