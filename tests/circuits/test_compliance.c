/* Update proofs end to end on the rules compiler: honest proofs verify
 * (single, batch, after a save/load round trip), the commitment is the
 * published commitment to (u, mask), a broken rule is refused by name, and
 * proofs do not transfer to another round, client, model, rules file or
 * update. Both range-check methods (bits, log-derivative lookup with a
 * challenge). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "testlib.h"
#include "zkfl/compliance.h"

#define DIM 6

static const char RULES_LOOKUP[] =
    "{\"dim\": 6, \"update\": {\"bits\": 16, \"l2_max\": 3000000, \"linf_max\": 1000, \"range_check\": \"lookup\"},"
    " \"metadata\": {\"num_samples\": {\"min\": 10}}, \"bind\": [\"round\", \"client_id\", \"model_hash\"]}";
static const char RULES_BITS[] =
    "{\"dim\": 6, \"update\": {\"bits\": 12, \"l2_max\": 3000000},"
    " \"bind\": [\"round\", \"client_id\", \"model_hash\"]}";

static zkfl_compliance_key *setup(const char *json, const zkfl_ptau *pt)
{
    zkfl_rules *r = NULL;
    zkfl_compliance_key *k = NULL;
    CHECK_OK(zkfl_rules_parse(&r, json, strlen(json), "rules.json"));
    if (r == NULL) return NULL;
    unsigned power = 0;
    CHECK_OK(zkfl_compliance_ptau_power(&power, r));
    CHECK(power <= pt->power);
    int rc = zkfl_compliance_setup(&k, r, pt, 0);
    if (rc) fprintf(stderr, "setup: %s\n", zkfl_compliance_last_error());
    CHECK_OK(rc);
    zkfl_rules_free(r);
    return k;
}

static zkfl_round_binding bind(uint64_t round, uint64_t client)
{
    zkfl_round_binding b;
    memset(&b, 0, sizeof b);
    b.round = round;
    b.client_id = client;
    for (int i = 0; i < 32; i++) b.model_hash[i] = (uint8_t)(i * 7 + 1);
    return b;
}

static void run(zkfl_compliance_key *k, zkfl_compliance_key *other, int lookup)
{
    int64_t u1[DIM] = {5, -300, 0, 999, -1000, 42}, u2[DIM] = {1, 2, 3, -4, 5, -6};
    zkfl_round_binding b = bind(7, 3);
    zkfl_cgroth16_proof p1, p2, t;
    zkfl_fr mask;
    int rc = zkfl_update_prove(&p1, &mask, k, u1, DIM, 50, &b, 0);
    if (rc) fprintf(stderr, "prove: %s\n", zkfl_compliance_last_error());
    CHECK_OK(rc);
    CHECK_OK(zkfl_update_verify(k, &p1, &b, 0));
    CHECK(p1.n_commitments == (lookup ? 2u : 1u));

    /* D_0 is the published commitment to (u, mask). */
    zkfl_fr uf[DIM];
    for (int i = 0; i < DIM; i++) zkfl_fr_set_i64(&uf[i], u1[i]);
    zkfl_g1_affine d;
    CHECK_OK(zkfl_cgroth16_commit(&d, zkfl_compliance_key_vk(k), 0, uf, &mask));
    CHECK(memcmp(&d, &p1.d[0], sizeof d) == 0);

    /* Context binding. */
    zkfl_round_binding w = b;
    w.round = 8;
    CHECK(zkfl_update_verify(k, &p1, &w, 0) == ZKFL_ERR_VERIFY);
    w = b;
    w.client_id = 4;
    CHECK(zkfl_update_verify(k, &p1, &w, 0) == ZKFL_ERR_VERIFY);
    w = b;
    w.model_hash[31] ^= 1;
    CHECK(zkfl_update_verify(k, &p1, &w, 0) == ZKFL_ERR_VERIFY);
    /* Another rules file's key. */
    CHECK(zkfl_update_verify(other, &p1, &b, 0) < 0);

    /* D of another update, D swapped with another proof's. */
    zkfl_round_binding b2 = bind(7, 4);
    CHECK_OK(zkfl_update_prove(&p2, NULL, k, u2, DIM, 10, &b2, 0));
    for (int i = 0; i < DIM; i++) zkfl_fr_set_i64(&uf[i], u2[i]);
    CHECK_OK(zkfl_cgroth16_commit(&d, zkfl_compliance_key_vk(k), 0, uf, &mask));
    t = p1; t.d[0] = d; CHECK(zkfl_update_verify(k, &t, &b, 0) == ZKFL_ERR_VERIFY);
    t = p1; t.d[0] = p2.d[0]; CHECK(zkfl_update_verify(k, &t, &b, 0) == ZKFL_ERR_VERIFY);

    /* Batch: names the invalid one. */
    zkfl_cgroth16_proof ps[3] = {p1, p2, p1};
    zkfl_round_binding bs[3] = {b, b2, b};
    uint8_t valid[3];
    CHECK_OK(zkfl_update_verify_batch(valid, k, ps, bs, NULL, 3));
    bs[2].round = 9;
    CHECK(zkfl_update_verify_batch(valid, k, ps, bs, NULL, 3) == ZKFL_ERR_VERIFY);
    CHECK(valid[0] == 1 && valid[1] == 1 && valid[2] == 0);

    /* Broken rules are refused, naming the rule. */
    int64_t big[DIM] = {0, 0, 0, 0, 0, lookup ? 1001 : 2048};
    rc = zkfl_update_prove(&t, NULL, k, big, DIM, 50, &b, 0);
    CHECK(rc == ZKFL_ERR_RANGE);
    fprintf(stderr, "expected refusal: %s\n", zkfl_compliance_last_error());
    CHECK(strstr(zkfl_compliance_last_error(), lookup ? "linf" : "bits") != NULL);
    int64_t heavy[DIM] = {999, 999, 999, -999, 0, 0};   /* sum of squares 3992004 > 3000000 */
    rc = zkfl_update_prove(&t, NULL, k, heavy, DIM, 50, &b, 0);
    CHECK(rc == ZKFL_ERR_RANGE);
    fprintf(stderr, "expected refusal: %s\n", zkfl_compliance_last_error());
    CHECK(strstr(zkfl_compliance_last_error(), "l2") != NULL);
    if (lookup) {
        CHECK(zkfl_update_prove(&t, NULL, k, u1, DIM, 9, &b, 0) == ZKFL_ERR_RANGE);
        fprintf(stderr, "expected refusal: %s\n", zkfl_compliance_last_error());
    }
    CHECK(zkfl_update_prove(&t, NULL, k, u1, DIM - 1, 50, &b, 0) == ZKFL_ERR_INVALID_ARG);
}

/* Removes a key directory a previous run left (so the cache test starts cold). */
static void remove_keys(const char *dir)
{
    static const char *const names[] = {"rules.json", "compliance.pk", "compliance.vk", "compliance.ceremony"};
    char path[1024];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    remove(dir);
}

static void clean(void)
{
    remove_keys("comp_keys");
    zkfl_rules *r = NULL;
    uint8_t h[32];
    if (zkfl_rules_parse(&r, RULES_BITS, strlen(RULES_BITS), "rules.json") == 0 && zkfl_rules_hash(h, r) == 0) {
        char dir[128] = "comp_cache/";
        for (int i = 0; i < 32; i++) snprintf(dir + 11 + 2 * i, 3, "%02x", h[i]);
        remove_keys(dir);
    }
    zkfl_rules_free(r);
    remove("comp_cache");
}

/* The local one-party setup (pt = NULL): proofs verify, not under the
 * ptau key of the same rules nor in another round, and the key cache makes
 * local keys when it has no ptau. (The full tamper list runs on local keys
 * in snark_test_cgroth16_local.) */
static void check_local_setup(zkfl_compliance_key *ptau_key)
{
    zkfl_rules *r = NULL;
    CHECK_OK(zkfl_rules_parse(&r, RULES_LOOKUP, strlen(RULES_LOOKUP), "rules.json"));
    if (r == NULL) return;
    zkfl_compliance_key *k = NULL, *c1 = NULL, *c2 = NULL;
    int rc = zkfl_compliance_setup(&k, r, NULL, 0);
    if (rc) fprintf(stderr, "local setup: %s\n", zkfl_compliance_last_error());
    CHECK_OK(rc);
    if (k != NULL) {   /* proves; the proof is bound to this key */
        int64_t u[DIM] = {5, -300, 0, 999, -1000, 42};
        zkfl_round_binding b = bind(7, 3);
        zkfl_cgroth16_proof p;
        zkfl_fr mask;
        CHECK_OK(zkfl_update_prove(&p, &mask, k, u, DIM, 50, &b, 0));
        CHECK_OK(zkfl_update_verify(k, &p, &b, 0));
        CHECK(zkfl_update_verify(ptau_key, &p, &b, 0) == ZKFL_ERR_VERIFY);
        b.round = 8;
        CHECK(zkfl_update_verify(k, &p, &b, 0) == ZKFL_ERR_VERIFY);
    }
    char dir[160] = "comp_cache_local/";
    const uint8_t *h = k ? zkfl_compliance_key_rules_hash(k) : NULL;
    for (int i = 0; h != NULL && i < 32; i++) snprintf(dir + 17 + 2 * i, 3, "%02x", h[i]);
    remove_keys(dir);
    int created = -1;
    CHECK_OK(zkfl_compliance_key_cached(&c1, &created, "comp_cache_local", r, NULL, 0));
    CHECK_EQ_INT(created, 1);
    CHECK_OK(zkfl_compliance_key_cached(&c2, &created, "comp_cache_local", r, NULL, 0));
    CHECK_EQ_INT(created, 0);
    if (c1 && c2 && k) {
        int64_t u[DIM] = {7, -7, 0, 1, 2, 3};
        zkfl_round_binding b = bind(2, 9);
        zkfl_cgroth16_proof p;
        CHECK_OK(zkfl_update_prove(&p, NULL, c2, u, DIM, 11, &b, 0));
        CHECK_OK(zkfl_update_verify(c1, &p, &b, 0));
        CHECK(zkfl_update_verify(k, &p, &b, 0) == ZKFL_ERR_VERIFY);
    }
    zkfl_compliance_key_free(k);
    zkfl_compliance_key_free(c1);
    zkfl_compliance_key_free(c2);
    zkfl_rules_free(r);
    remove_keys(dir);
    remove("comp_cache_local");
}

/* Rules whose coordinates are looked up whole in a direct table (small
 * linf_max, so the table is cheaper than limbs): proofs at every bound
 * verify, one past a bound is refused, a proof does not verify for another
 * round or after tampering with its commitment. */
static void check_direct_table(void)
{
    static const char json[] =
        "{\"dim\": 24, \"update\": {\"bits\": 16, \"l2_max\": 400, \"linf_max\": 7, \"nonzero_min\": 9,"
        " \"range_check\": \"lookup\"}, \"metadata\": {\"num_samples\": {\"min\": 10}},"
        " \"bind\": [\"round\", \"client_id\", \"model_hash\"]}";
    zkfl_rules *r = NULL;
    CHECK_OK(zkfl_rules_parse(&r, json, strlen(json), "direct.json"));
    if (r == NULL) return;
    zkfl_compliance_key *k = NULL;
    int rc = zkfl_compliance_setup(&k, r, NULL, 0);
    if (rc) fprintf(stderr, "direct setup: %s\n", zkfl_compliance_last_error());
    CHECK_OK(rc);
    if (k != NULL) {
        /* 7^2 * 8 + 2^2 * 1 = 396 <= 400, exactly 9 non-zeros, |u| <= 7. */
        int64_t u[24] = {7, -7, 7, -7, 7, -7, 7, -7, 2};
        zkfl_round_binding b = bind(5, 6), b2 = bind(6, 6);
        zkfl_cgroth16_proof p, t;
        rc = zkfl_update_prove(&p, NULL, k, u, 24, 10, &b, 0);
        if (rc) fprintf(stderr, "direct prove: %s\n", zkfl_compliance_last_error());
        CHECK_OK(rc);
        CHECK_OK(zkfl_update_verify(k, &p, &b, 0));
        CHECK(zkfl_update_verify(k, &p, &b2, 0) == ZKFL_ERR_VERIFY);
        t = p;
        t.d[0] = p.d[1];
        CHECK(zkfl_update_verify(k, &t, &b, 0) != 0);
        int64_t bad[3][24] = {{8, -7, 7, -7, 7, -7, 7, -7, 2}, {7, -7, 7, -7, 7, -7, 7, -7, 3},
                              {7, -7, 7, -7, 7, -7, 7, -7, 0}};
        const char *rule[3] = {"linf", "l2", "nonzero"};
        for (int i = 0; i < 3; i++) {
            CHECK(zkfl_update_prove(&t, NULL, k, bad[i], 24, 10, &b, 0) == ZKFL_ERR_RANGE);
            CHECK(strstr(zkfl_compliance_last_error(), rule[i]) != NULL);
        }
    }
    zkfl_compliance_key_free(k);
    zkfl_rules_free(r);
}

/* The multi-party phase 2 through the compliance API: keys saved by a
 * ptau setup carry their transcript; one more contribution, a save/load
 * round trip, and the chain verifies against the rules and the ptau; the
 * final keys prove. (Longer chains and tampering: snark_test_cgroth16_ceremony
 * and tests/cli/compliance_ceremony_cli.sh.) */
static void check_ceremony(const char *dir, const zkfl_ptau *pt, zkfl_compliance_key *other_rules)
{
    zkfl_compliance_key *k = NULL, *back = NULL;
    int rc = zkfl_compliance_key_load(&k, dir, 1);
    if (rc) fprintf(stderr, "load: %s\n", zkfl_compliance_last_error());
    CHECK_OK(rc);
    if (k == NULL) return;
    const zkfl_cgroth16_ceremony *c = zkfl_cgroth16_pk_ceremony(zkfl_compliance_key_pk(k));
    CHECK_EQ_INT(zkfl_cgroth16_ceremony_n(c), 1);
    uint8_t h[64];
    CHECK_OK(zkfl_compliance_contribute(k, h, "hospital A", "dice: 3 5 1 6", 0));
    CHECK_OK(zkfl_compliance_key_save(k, dir));
    CHECK_OK(zkfl_compliance_key_load(&back, dir, 1));
    if (back != NULL) {
        rc = zkfl_compliance_verify_setup(back, pt, 0);
        if (rc) fprintf(stderr, "verify-setup: %s\n", zkfl_compliance_last_error());
        CHECK_OK(rc);
        c = zkfl_cgroth16_pk_ceremony(zkfl_compliance_key_pk(back));
        const char *name = NULL;
        const uint8_t *hash = NULL;
        CHECK_EQ_INT(zkfl_cgroth16_ceremony_n(c), 2);
        CHECK_OK(zkfl_cgroth16_ceremony_entry(&name, &hash, c, 1));
        CHECK(name && strcmp(name, "hospital A") == 0 && memcmp(hash, h, 64) == 0);
        int64_t u[DIM] = {3, 1, -4, 1, -5, 9};
        zkfl_round_binding b = bind(4, 2);
        zkfl_cgroth16_proof p;
        CHECK_OK(zkfl_update_prove(&p, NULL, back, u, DIM, 30, &b, 0));
        CHECK_OK(zkfl_update_verify(back, &p, &b, 0));
    }
    /* any ptau key is a one-contribution ceremony of its own rules */
    CHECK_OK(zkfl_compliance_verify_setup(other_rules, pt, 0));
    zkfl_compliance_key_free(k);
    zkfl_compliance_key_free(back);
}

int main(void)
{
    clean();
    CHECK_OK(zkfl_ptau_new("comp_0.ptau", 9));
    CHECK_OK(zkfl_ptau_contribute("comp_1.ptau", "comp_0.ptau", "test", "entropy", NULL));
    CHECK_OK(zkfl_ptau_prepare("comp.ptau", "comp_1.ptau", 0));
    zkfl_ptau *pt = NULL;
    CHECK_OK(zkfl_ptau_read(&pt, "comp.ptau"));
    if (pt == NULL) return zkfl_test_done("compliance");
    check_direct_table();
    zkfl_compliance_key *kl = setup(RULES_LOOKUP, pt), *kb = setup(RULES_BITS, pt);
    if (kl && kb) {
        fprintf(stderr, "constraints: lookup %zu, bits %zu (d = %d)\n", zkfl_compliance_key_n_constraints(kl),
                zkfl_compliance_key_n_constraints(kb), DIM);
        run(kl, kb, 1);
        run(kb, kl, 0);
        /* Save and load: prover side and verifier side. */
        mkdir("comp_keys", 0755);
        CHECK_OK(zkfl_compliance_key_save(kl, "comp_keys"));
        zkfl_compliance_key *lp = NULL, *lv = NULL;
        int rc = zkfl_compliance_key_load(&lp, "comp_keys", 1);
        if (rc) fprintf(stderr, "load: %s\n", zkfl_compliance_last_error());
        CHECK_OK(rc);
        CHECK_OK(zkfl_compliance_key_load(&lv, "comp_keys", 0));
        if (lp && lv) {
            CHECK(memcmp(zkfl_compliance_key_rules_hash(lp), zkfl_compliance_key_rules_hash(kl), 32) == 0);
            CHECK_EQ_INT(zkfl_compliance_key_n_constraints(lp), zkfl_compliance_key_n_constraints(kl));
            int64_t u[DIM] = {1, 1, 1, 1, 1, 1};
            zkfl_round_binding b = bind(1, 1);
            zkfl_cgroth16_proof p;
            CHECK_OK(zkfl_update_prove(&p, NULL, lp, u, DIM, 20, &b, 0));
            CHECK_OK(zkfl_update_verify(lv, &p, &b, 0));
            CHECK_OK(zkfl_update_verify(kl, &p, &b, 0));
            CHECK(zkfl_update_prove(&p, NULL, lv, u, DIM, 20, &b, 0) == ZKFL_ERR_INVALID_ARG);
        }
        zkfl_compliance_key_free(lp);
        zkfl_compliance_key_free(lv);
        /* The key cache by rules hash: made once, then loaded. */
        {
            zkfl_rules *r = NULL;
            CHECK_OK(zkfl_rules_parse(&r, RULES_BITS, strlen(RULES_BITS), "rules.json"));
            zkfl_compliance_key *c1 = NULL, *c2 = NULL;
            int created = -1;
            rc = zkfl_compliance_key_cached(&c1, &created, "comp_cache", r, pt, 0);
            if (rc) fprintf(stderr, "cache: %s\n", zkfl_compliance_last_error());
            CHECK_OK(rc);
            CHECK_EQ_INT(created, 1);
            CHECK_OK(zkfl_compliance_key_cached(&c2, &created, "comp_cache", r, NULL, 0));
            CHECK_EQ_INT(created, 0);
            if (c1 && c2) {
                CHECK(memcmp(zkfl_cgroth16_vk_digest(zkfl_compliance_key_vk(c1)),
                             zkfl_cgroth16_vk_digest(zkfl_compliance_key_vk(c2)), 32) == 0);
                int64_t u[DIM] = {2, -2, 2, -2, 2, -2};
                zkfl_round_binding b = bind(5, 5);
                zkfl_cgroth16_proof p;
                CHECK_OK(zkfl_update_prove(&p, NULL, c2, u, DIM, 1, &b, 0));
                CHECK_OK(zkfl_update_verify(c1, &p, &b, 0));
            }
            zkfl_compliance_key_free(c1);
            zkfl_compliance_key_free(c2);
            zkfl_rules_free(r);
        }
        check_local_setup(kl);
        check_ceremony("comp_keys", pt, kb);
        /* Keys of one rules file next to another's rules.json. */
        CHECK(zkfl_compliance_key_save(kb, "comp_keys_missing/x") == ZKFL_ERR_IO);
    }
    /* The update file. */
    {
        int64_t u[3] = {-5, 0, 2147483647}, *back = NULL;
        uint8_t *buf = NULL;
        size_t len = 0, d = 0;
        CHECK_OK(zkfl_update_file_write(&buf, &len, u, 3));
        CHECK_EQ_INT(len, 24);
        CHECK_OK(zkfl_update_file_read(&back, &d, buf, len, "u.bin"));
        CHECK(d == 3 && back && back[0] == -5 && back[2] == 2147483647);
        free(back);
        CHECK(zkfl_update_file_read(&back, &d, buf, len - 1, "u.bin") == ZKFL_ERR_FORMAT);
        buf[0] = 'X';
        CHECK(zkfl_update_file_read(&back, &d, buf, len, "u.bin") == ZKFL_ERR_FORMAT);
        free(buf);
        int64_t wide = (int64_t)1 << 40;
        CHECK(zkfl_update_file_write(&buf, &len, &wide, 1) == ZKFL_ERR_RANGE);
    }
    zkfl_compliance_key_free(kl);
    zkfl_compliance_key_free(kb);
    zkfl_ptau_free(pt);
    remove("comp_0.ptau");
    remove("comp_1.ptau");
    remove("comp.ptau");
    clean();
    return zkfl_test_done("compliance");
}
