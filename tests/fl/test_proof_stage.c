/* The compliance stage of the round loop with real proofs, as `zkfl
 * simulate --proofs` runs it: every sampled client proves its encoded update
 * (rules: bits, linf_max = 2^(bits-1)-1, l2_max = (linf_max + ceil(sqrt d))^2,
 * nonzero_min 1, num_samples >= 1, bound to round, client and model hash),
 * the round's proofs go through zkfl_update_verify_batch, and clients whose
 * proof fails are excluded and named in the round report. Tampering: a
 * replayed proof from the previous round and a proof bound to another
 * client must both be rejected; an honest round rejects nobody. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zkfl/compliance.h"
#include "zkfl/fl.h"

#define N_CLIENTS 3
#define FEATURES 3
#define CLASSES 2
#define DIM (FEATURES * CLASSES + CLASSES)

enum tamper { HONEST = 0, REPLAY = 1, OTHER_CLIENT = 2 };

struct stage {
    zkfl_compliance_key *key;
    const zkfl_model *model;
    const zkfl_fl_partition *part;
    enum tamper tamper;
    uint32_t victim;                    /* client whose proof is tampered with */
    zkfl_cgroth16_proof prev[N_CLIENTS];  /* last round's proofs, by client */
    int have_prev[N_CLIENTS];
    size_t rejected_total;
};

static int check(void *ctx, uint8_t *accepted, double *t_prove, double *t_verify, uint32_t round,
                 const uint32_t *clients, const int32_t *codes, size_t k, size_t dim)
{
    struct stage *s = ctx;
    uint8_t mh[32];
    CHECK_OK(zkfl_model_hash(mh, s->model));
    zkfl_cgroth16_proof proofs[N_CLIENTS];
    zkfl_round_binding b[N_CLIENTS];
    uint8_t valid[N_CLIENTS];
    int64_t u[DIM];
    CHECK(k <= N_CLIENTS && dim == DIM);
    *t_prove = 0;
    for (size_t j = 0; j < k; j++) {
        uint32_t c = clients[j];
        for (size_t i = 0; i < dim; i++)
            u[i] = codes[j * dim + i];
        b[j].round = round;
        b[j].client_id = c;
        memcpy(b[j].model_hash, mh, 32);
        int rc = zkfl_update_prove(&proofs[j], NULL, s->key, u, dim, s->part->count[c], &b[j], 1);
        CHECK_OK(rc);
        if (rc != 0)
            return rc;
        zkfl_cgroth16_proof honest = proofs[j];
        if (c == s->victim && s->tamper == REPLAY && s->have_prev[c])
            proofs[j] = s->prev[c];             /* last round's proof, replayed */
        if (c == s->victim && s->tamper == OTHER_CLIENT && j > 0)
            proofs[j] = proofs[j - 1];          /* someone else's (valid) proof */
        s->prev[c] = honest;
        s->have_prev[c] = 1;
    }
    *t_verify = 0;
    int rc = zkfl_update_verify_batch(valid, s->key, proofs, b, NULL, k);
    CHECK(rc == 0 || rc == ZKFL_ERR_VERIFY);
    for (size_t j = 0; j < k; j++)
        accepted[j] = rc == 0 ? 1 : valid[j];
    return 0;
}

struct expect {
    struct stage *s;
    int tamper_from_round;
};

static int on_round(void *ctx, const zkfl_fl_round_report *r)
{
    struct expect *e = ctx;
    int tampered = e->s->tamper != HONEST && (int)r->round >= e->tamper_from_round;
    CHECK_EQ_INT(r->proofs_rejected, tampered ? 1 : 0);
    CHECK_EQ_INT(r->proofs_verified, N_CLIENTS - (tampered ? 1 : 0));
    if (tampered && r->proofs_rejected == 1)
        CHECK_EQ_INT(r->rejected_clients[0], e->s->victim);
    e->s->rejected_total += r->proofs_rejected;
    return 0;
}

static void run(zkfl_compliance_key *key, const zkfl_dataset *ds, const zkfl_fl_partition *part,
                const zkfl_model_spec *spec, enum tamper t)
{
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_new(&m, spec, 1));
    struct stage s;
    memset(&s, 0, sizeof s);
    s.key = key;
    s.model = m;
    s.part = part;
    s.tamper = t;
    s.victim = 1;
    zkfl_fl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n_clients = N_CLIENTS;
    cfg.rounds = 2;
    cfg.sampling = ZKFL_FL_SAMPLE_ALL;
    cfg.train = zkfl_train_config_default();
    cfg.server = zkfl_fl_server_opt_default(ZKFL_FL_FEDAVG);
    cfg.quantize = 1;
    cfg.bits = 16;
    cfg.clip = 5.0;
    cfg.seed = 1;
    cfg.threads = 1;
    cfg.check_updates = check;
    cfg.check_ctx = &s;
    struct expect e = {&s, t == REPLAY ? 2 : 1};
    zkfl_fl_summary sum;
    CHECK_OK(zkfl_fl_run(&sum, m, ds, part, ds, &cfg, on_round, &e));
    size_t want_rej = t == HONEST ? 0 : t == REPLAY ? 1 : 2;
    CHECK_EQ_INT(sum.proofs_rejected, want_rej);
    CHECK_EQ_INT(sum.proofs_verified, 2 * N_CLIENTS - want_rej);
    zkfl_model_free(m);
}

int main(void)
{
    /* Rules as zkfl simulate derives them for bits 16 and d = DIM. */
    uint64_t lmax = (1u << 15) - 1, r = (uint64_t)ceil(sqrt((double)DIM));
    char json[512];
    snprintf(json, sizeof json,
             "{\"dim\": %d, \"update\": {\"bits\": 16, \"l2_max\": %llu, \"linf_max\": %llu, "
             "\"nonzero_min\": 1, \"range_check\": \"lookup\"}, "
             "\"metadata\": {\"num_samples\": {\"min\": 1}}, "
             "\"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
             DIM, (unsigned long long)((lmax + r) * (lmax + r)), (unsigned long long)lmax);
    zkfl_rules *rules = NULL;
    CHECK_OK(zkfl_rules_parse(&rules, json, strlen(json), "rules"));
    unsigned power = 0;
    CHECK_OK(zkfl_compliance_ptau_power(&power, rules));
    if (power < 4)
        power = 4;
    CHECK_OK(zkfl_ptau_new("ps_0.ptau", power));
    CHECK_OK(zkfl_ptau_contribute("ps_1.ptau", "ps_0.ptau", "test", "entropy", NULL));
    CHECK_OK(zkfl_ptau_prepare("ps.ptau", "ps_1.ptau", 0));
    zkfl_ptau *pt = NULL;
    CHECK_OK(zkfl_ptau_read(&pt, "ps.ptau"));
    zkfl_compliance_key *key = NULL;
    CHECK_OK(zkfl_compliance_setup(&key, rules, pt, 0));
    remove("ps_0.ptau");
    remove("ps_1.ptau");
    remove("ps.ptau");

    /* A separable two-class table. */
    zkfl_dataset ds;
    CHECK_OK(zkfl_dataset_alloc(&ds, 120, FEATURES, CLASSES));
    for (size_t i = 0; i < ds.n; i++) {
        int y = (int)(i % 2);
        ds.y[i] = y;
        ds.x[i * FEATURES + 0] = (float)(y ? 1.0 : -1.0) + (float)((i * 37) % 11) * 0.05f;
        ds.x[i * FEATURES + 1] = (float)((i * 53) % 7) * 0.1f - 0.3f;
        ds.x[i * FEATURES + 2] = (float)(y ? -0.5 : 0.5);
    }
    zkfl_fl_partition_spec ps = {ZKFL_FL_PARTITION_IID, 0, 0};
    zkfl_fl_partition part;
    CHECK_OK(zkfl_fl_partition_make(&part, &ps, &ds, NULL, ds.n, N_CLIENTS, 1));
    zkfl_model_spec spec;
    CHECK_OK(zkfl_model_spec_parse(&spec, "logreg", 1, 1, FEATURES, CLASSES));

    run(key, &ds, &part, &spec, HONEST);
    run(key, &ds, &part, &spec, REPLAY);
    run(key, &ds, &part, &spec, OTHER_CLIENT);

    zkfl_fl_partition_free(&part);
    zkfl_dataset_free(&ds);
    zkfl_compliance_key_free(key);
    zkfl_ptau_free(pt);
    zkfl_rules_free(rules);
    return zkfl_test_done("fl_proof_stage");
}
