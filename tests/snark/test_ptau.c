/* Powers of tau (phase 1) against snarkjs, both directions, power 8:
 * zkfl new is byte-identical to snarkjs new; snarkjs verifies zkfl's
 * contributions and zkfl verifies snarkjs's; zkfl prepare is
 * byte-identical to snarkjs prepare phase2; tampered files (a flipped
 * byte, a substituted point, swapped contributions, a wrong Lagrange
 * point, a wrong challenge hash) are rejected with a message naming the
 * section. */
#include "test_setup_util.h"
#include "zkfl/snark.h"

/* The sanitizer build runs the same steps on a smaller ceremony. */
#ifdef ZKFL_SANITIZE
#define POWER 6
#else
#define POWER 8
#endif

static const char *dir;

static const char *P(const char *name) { return path_in(dir, name); }

/* Reads a file, lets edit() change it, writes it under a new name and
 * returns zkfl_ptau_verify's verdict on the result. */
static int verify_edited(const char *in, const char *out, void (*edit)(zkfl_ptau *))
{
    zkfl_ptau *pt = NULL;
    if (zkfl_ptau_read(&pt, in) != 0) return 1;
    edit(pt);
    int err = zkfl_ptau_write(out, pt);
    zkfl_ptau_free(pt);
    if (err) return err;
    return zkfl_ptau_verify(out, 0);
}

static void subst_tau_g1(zkfl_ptau *pt) { pt->tau_g1[5] = pt->tau_g1[6]; }
static void subst_alpha(zkfl_ptau *pt) { pt->alpha_tau_g1[2] = pt->alpha_tau_g1[3]; }
static void swap_contributions(zkfl_ptau *pt)
{
    zkfl_ptau_contribution t = pt->contributions[0];
    pt->contributions[0] = pt->contributions[1];
    pt->contributions[1] = t;
}
static void wrong_challenge(zkfl_ptau *pt) { pt->contributions[pt->n_contributions - 1].next_challenge[7] ^= 1; }
static void swap_lagrange(zkfl_ptau *pt)
{
    zkfl_g2_affine t = pt->lagrange_g2[7 + 1];
    pt->lagrange_g2[7 + 1] = pt->lagrange_g2[7 + 2];
    pt->lagrange_g2[7 + 2] = t;
}
static void other_key(zkfl_ptau *pt) { pt->contributions[0].key_g1_sx[1] = pt->contributions[0].key_g1_s[1]; }

int main(void)
{
    dir = scratch_dir("ptau");
    int node = zkfl_test_have_node_package("snarkjs");
    CHECK(dir != NULL);
    if (dir == NULL) return zkfl_test_done("snark_ptau");
    char args[4096];

    /* The committed snarkjs ceremony files verify. */
    CHECK_SNARK_OK(zkfl_ptau_verify(fixture("pot8_final.ptau"), 0));

    CHECK_OK(zkfl_ptau_new(P("z0.ptau"), POWER));
    CHECK_EQ_INT(zkfl_ptau_verify(P("z0.ptau"), 0), ZKFL_ERR_VERIFY);   /* no contribution yet */
    CHECK(strstr(zkfl_snark_last_error(), "no contributions") != NULL);
    uint8_t hash[64];
    CHECK_OK(zkfl_ptau_contribute(P("z1.ptau"), P("z0.ptau"), "zkfl one", "some entropy", hash));
    CHECK_SNARK_OK(zkfl_ptau_verify(P("z1.ptau"), 0));
    if (node) {
        snprintf(args, sizeof args, "powersoftau new bn128 %d %s", POWER, P("s0.ptau"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK(files_equal(P("z0.ptau"), P("s0.ptau")));
        snprintf(args, sizeof args, "powersoftau verify %s", P("z1.ptau"));
        CHECK(snarkjs_ok(args, "Powers of Tau Ok!"));
        snprintf(args, sizeof args, "powersoftau contribute %s %s --name=snarkjs -e=more", P("z1.ptau"), P("z2.ptau"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK_SNARK_OK(zkfl_ptau_verify(P("z2.ptau"), 0));
        CHECK_OK(zkfl_ptau_contribute(P("z3.ptau"), P("z2.ptau"), "zkfl three", NULL, NULL));
        CHECK_SNARK_OK(zkfl_ptau_verify(P("z3.ptau"), 0));
        CHECK_OK(zkfl_ptau_prepare(P("z3p.ptau"), P("z3.ptau"), 0));
        snprintf(args, sizeof args, "powersoftau prepare phase2 %s %s", P("z3.ptau"), P("s3p.ptau"));
        CHECK(snarkjs_ok(args, NULL));
        CHECK(files_equal(P("z3p.ptau"), P("s3p.ptau")));
    } else {
        CHECK_OK(zkfl_ptau_contribute(P("z3.ptau"), P("z1.ptau"), "zkfl three", NULL, NULL));
        CHECK_OK(zkfl_ptau_prepare(P("z3p.ptau"), P("z3.ptau"), 0));
    }
    CHECK_SNARK_OK(zkfl_ptau_verify(P("z3p.ptau"), 0));

    /* Tampering. A flipped byte inside tau G1 point 3 (section 2 starts
     * after the 12-byte file header and the 12+44-byte header section). */
    size_t len;
    uint8_t *f = slurp_file(P("z3.ptau"), &len);
    CHECK(f != NULL);
    if (f != NULL) {
        f[12 + 56 + 12 + 3 * 64 + 10] ^= 0x04;
        CHECK_OK(write_bytes(P("flip.ptau"), f, len));
        CHECK(zkfl_ptau_verify(P("flip.ptau"), 0) < 0);
        CHECK(strstr(zkfl_snark_last_error(), "section 2 (tau G1): point 3") != NULL);
        free(f);
    }
    CHECK_SNARK_ERR(verify_edited(P("z3.ptau"), P("t1.ptau"), subst_tau_g1), ZKFL_ERR_VERIFY, "section 2 (tau G1)");
    CHECK_SNARK_ERR(verify_edited(P("z3.ptau"), P("t2.ptau"), subst_alpha), ZKFL_ERR_VERIFY, "section 4 (alpha tau G1)");
    CHECK_SNARK_ERR(verify_edited(P("z3.ptau"), P("t3.ptau"), swap_contributions), ZKFL_ERR_VERIFY, "contribution #1");
    CHECK_SNARK_ERR(verify_edited(P("z3.ptau"), P("t4.ptau"), wrong_challenge), ZKFL_ERR_VERIFY, "next challenge");
    CHECK_SNARK_ERR(verify_edited(P("z3p.ptau"), P("t5.ptau"), swap_lagrange), ZKFL_ERR_VERIFY, "section 13 (Lagrange G2)");
    CHECK_SNARK_ERR(verify_edited(P("z3.ptau"), P("t6.ptau"), other_key), ZKFL_ERR_VERIFY, "proof of knowledge for alpha");
    return zkfl_test_done("snark_ptau");
}
