/* The library's compliance stage (zkfl_fl_proof_stage, what `zkfl
 * simulate` runs) in the round loop with real proofs: every sampled client
 * proves its encoded update (rules from zkfl_fl_update_rules, written out
 * here independently: bits, linf_max = 2^(bits-1)-1, l2_max = (linf_max +
 * ceil(sqrt d))^2, nonzero_min 1, num_samples >= 1, bound to round, client
 * and model hash), the round's proofs are batch-verified, and clients whose
 * proof fails are excluded and named with the reason. Tampering on the
 * channel: a replayed proof from the previous round and another client's
 * proof must both be rejected by the verifier; a client whose update breaks
 * a rule has no proof; an honest round rejects nobody. */
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

enum tamper { HONEST = 0, REPLAY = 1, OTHER_CLIENT = 2, BROKEN_RULE = 3 };

/* The network between clients and server, as an adversary runs it: it
 * replays the victim's proof from the previous round, or hands the server
 * another client's (valid) proof in the victim's place. */
struct channel {
    enum tamper tamper;
    uint32_t victim;
    zkfl_cgroth16_proof prev[N_CLIENTS];  /* last round's proofs, by client */
    int have_prev[N_CLIENTS];
};

static int deliver(void *ctx, zkfl_cgroth16_proof *proofs, const zkfl_round_binding *bindings,
                   const uint32_t *clients, size_t n)
{
    struct channel *ch = ctx;
    zkfl_cgroth16_proof honest[N_CLIENTS];
    CHECK(n <= N_CLIENTS);
    for (size_t j = 0; j < n; j++) {
        CHECK_EQ_INT(bindings[j].client_id, clients[j]);
        honest[j] = proofs[j];
    }
    for (size_t j = 0; j < n; j++) {
        uint32_t c = clients[j];
        if (c == ch->victim && ch->tamper == REPLAY && ch->have_prev[c])
            proofs[j] = ch->prev[c];
        if (c == ch->victim && ch->tamper == OTHER_CLIENT && j > 0)
            proofs[j] = honest[j - 1];
    }
    for (size_t j = 0; j < n; j++) {
        ch->prev[clients[j]] = honest[j];
        ch->have_prev[clients[j]] = 1;
    }
    return 0;
}

/* The compliance stage under test, with a client that breaks a rule: the
 * victim's update is set to zero before it is proved (nonzero_min 1), so it
 * has no proof at all. Otherwise the library's stage unchanged. */
struct stage {
    zkfl_fl_proof_stage *lib;
    enum tamper tamper;
    uint32_t victim;
    int32_t codes[N_CLIENTS * DIM];
};

static int check(void *ctx, uint8_t *accepted, double *t_prove, double *t_verify, uint32_t round,
                 const uint32_t *clients, const int32_t *codes, size_t k, size_t dim)
{
    struct stage *s = ctx;
    CHECK(k <= N_CLIENTS && dim == DIM);
    memcpy(s->codes, codes, k * dim * sizeof *codes);
    for (size_t j = 0; j < k; j++)
        if (s->tamper == BROKEN_RULE && clients[j] == s->victim)
            memset(s->codes + j * dim, 0, dim * sizeof *codes);
    int rc = zkfl_fl_proof_stage_check(s->lib, accepted, t_prove, t_verify, round, clients,
                                       s->codes, k, dim);
    CHECK_OK(rc);
    CHECK(*t_prove >= 0 && *t_verify >= 0);
    return rc;
}

struct expect {
    struct stage *s;
    int tamper_from_round;
    size_t rejected_total;
};

static int on_round(void *ctx, const zkfl_fl_round_report *r)
{
    struct expect *e = ctx;
    int tampered = e->s->tamper != HONEST && (int)r->round >= e->tamper_from_round;
    CHECK_EQ_INT(r->proofs_rejected, tampered ? 1 : 0);
    CHECK_EQ_INT(r->proofs_verified, N_CLIENTS - (tampered ? 1 : 0));
    CHECK_EQ_INT(zkfl_fl_proof_stage_n_rejected(e->s->lib), r->proofs_rejected);
    if (tampered && r->proofs_rejected == 1) {
        CHECK_EQ_INT(r->rejected_clients[0], e->s->victim);
        uint32_t c = 99;
        const char *why = NULL;
        CHECK_OK(zkfl_fl_proof_stage_rejected(&c, &why, e->s->lib, 0));
        CHECK_EQ_INT(c, e->s->victim);
        /* A broken rule is named by the prover; a bad proof by the verifier. */
        if (why != NULL && e->s->tamper == BROKEN_RULE)
            CHECK(strstr(why, "no proof") != NULL && strstr(why, "nonzero") != NULL);
        else if (why != NULL)
            CHECK(strstr(why, "rejected by the verifier") != NULL);
    }
    e->rejected_total += r->proofs_rejected;
    return 0;
}

static void run(const zkfl_compliance_key *key, const zkfl_dataset *ds,
                const zkfl_fl_partition *part, const zkfl_model_spec *spec, enum tamper t)
{
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_new(&m, spec, 1));
    uint64_t samples[N_CLIENTS];
    for (size_t c = 0; c < N_CLIENTS; c++)
        samples[c] = part->count[c];
    struct stage s;
    memset(&s, 0, sizeof s);
    s.tamper = t;
    s.victim = 1;
    CHECK_OK(zkfl_fl_proof_stage_new(&s.lib, key, m, samples, N_CLIENTS, 1));
    struct channel ch;
    memset(&ch, 0, sizeof ch);
    ch.tamper = t;
    ch.victim = 1;
    zkfl_fl_proof_stage_set_channel(s.lib, deliver, &ch);
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
    struct expect e = {&s, t == REPLAY ? 2 : 1, 0};
    zkfl_fl_summary sum;
    CHECK_OK(zkfl_fl_run(&sum, m, ds, part, ds, &cfg, on_round, &e));
    size_t want_rej = t == HONEST ? 0 : t == REPLAY ? 1 : 2;
    CHECK_EQ_INT(sum.proofs_rejected, want_rej);
    CHECK_EQ_INT(e.rejected_total, want_rej);
    CHECK_EQ_INT(sum.proofs_verified, 2 * N_CLIENTS - want_rej);
    zkfl_fl_proof_stage_free(s.lib);
    zkfl_model_free(m);
}

/* The stage's argument checks: a key for another dimension, no key, a
 * verification-only key. */
static void bad_stage_args(const zkfl_compliance_key *key, const zkfl_model_spec *spec)
{
    zkfl_model *m = NULL;
    CHECK_OK(zkfl_model_new(&m, spec, 1));
    uint64_t samples[N_CLIENTS] = {1, 1, 1};
    zkfl_fl_proof_stage *st = NULL;
    CHECK_EQ_INT(zkfl_fl_proof_stage_new(&st, NULL, m, samples, N_CLIENTS, 1), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_proof_stage_new(&st, key, m, samples, 0, 1), ZKFL_ERR_INVALID_ARG);
    zkfl_model_spec other = *spec;
    other.n_classes = CLASSES + 1;
    zkfl_model *m2 = NULL;
    CHECK_OK(zkfl_model_new(&m2, &other, 1));
    CHECK_EQ_INT(zkfl_fl_proof_stage_new(&st, key, m2, samples, N_CLIENTS, 1), ZKFL_ERR_INVALID_ARG);
    CHECK(st == NULL);
    zkfl_model_free(m2);
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
    zkfl_compliance_key *key = NULL;
    CHECK_OK(zkfl_compliance_setup(&key, rules, NULL, 0));  /* local one-party setup */
    /* The library derives the same rules (its canonical form hashes equal). */
    zkfl_rules *derived = NULL;
    CHECK_OK(zkfl_fl_update_rules(&derived, 16, DIM));
    uint8_t h1[32], h2[32];
    CHECK_OK(zkfl_rules_hash(h1, rules));
    CHECK_OK(zkfl_rules_hash(h2, derived));
    CHECK(memcmp(h1, h2, 32) == 0);
    zkfl_rules_free(derived);
    CHECK_EQ_INT(zkfl_fl_update_rules(&derived, 1, DIM), ZKFL_ERR_INVALID_ARG);
    CHECK_EQ_INT(zkfl_fl_update_rules(&derived, 16, 0), ZKFL_ERR_INVALID_ARG);

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
    run(key, &ds, &part, &spec, BROKEN_RULE);
    bad_stage_args(key, &spec);

    zkfl_fl_partition_free(&part);
    zkfl_dataset_free(&ds);
    zkfl_compliance_key_free(key);
    zkfl_rules_free(rules);
    return zkfl_test_done("fl_proof_stage");
}
