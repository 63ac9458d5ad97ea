/* The compliance-proof stage of a federated round: clients prove their
 * encoded updates, the server batch-verifies them and rejects (and names)
 * the clients whose proofs fail, before aggregation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkfl/fl.h"

int zkfl_fl_update_rules(zkfl_rules **out, uint32_t bits, size_t dim)
{
    if (out == NULL || bits < 2 || bits > 31 || dim == 0 || dim > ((size_t)1 << 26))
        return ZKFL_ERR_INVALID_ARG;
    uint64_t m = ((uint64_t)1 << (bits - 1)) - 1;
    uint64_t r = (uint64_t)ceil(sqrt((double)dim));
    while (r * r < dim)
        r++;
    /* (2^30 + 2^13)^2 < 2^63: fits the rules' l2_max. */
    uint64_t l2 = (m + r) * (m + r);
    char json[512];
    snprintf(json, sizeof json,
             "{\"dim\": %zu, \"update\": {\"bits\": %u, \"l2_max\": %llu, \"linf_max\": %llu, "
             "\"nonzero_min\": 1, \"range_check\": \"lookup\"}, "
             "\"metadata\": {\"num_samples\": {\"min\": 1}}, "
             "\"bind\": [\"round\", \"client_id\", \"model_hash\"]}",
             dim, bits, (unsigned long long)l2, (unsigned long long)m);
    return zkfl_rules_parse(out, json, strlen(json), "federation update rules");
}

int zkfl_fl_proof_keys(zkfl_compliance_key **out, int *created, const char *cache_dir,
                       uint32_t bits, size_t dim, int threads)
{
    if (out == NULL || cache_dir == NULL)
        return ZKFL_ERR_INVALID_ARG;
    zkfl_rules *rules = NULL;
    int rc = zkfl_fl_update_rules(&rules, bits, dim);
    if (rc != 0)
        return rc;
    rc = zkfl_compliance_key_cached(out, created, cache_dir, rules, NULL, threads);
    zkfl_rules_free(rules);
    return rc;
}

struct rejection {
    uint32_t client;
    char reason[200];
};

struct zkfl_fl_proof_stage {
    const zkfl_compliance_key *key;
    const zkfl_model *global;
    const uint64_t *num_samples;
    size_t n_clients;
    int threads;
    zkfl_fl_proof_channel_fn channel;
    void *channel_ctx;
    int64_t *u;                       /* the update being proved, widened */
    zkfl_cgroth16_proof *proofs;      /* n_clients: this round's proofs */
    zkfl_round_binding *bindings;
    uint32_t *proved_clients;
    size_t *slot;                     /* proofs[i] belongs to round slot slot[i] */
    uint8_t *valid;
    struct rejection *rejected;
    size_t n_rejected;
};

int zkfl_fl_proof_stage_new(zkfl_fl_proof_stage **out, const zkfl_compliance_key *key,
                            const zkfl_model *global, const uint64_t *num_samples,
                            size_t n_clients, int threads)
{
    if (out == NULL || key == NULL || global == NULL || num_samples == NULL || n_clients == 0 ||
        n_clients > UINT32_MAX)
        return ZKFL_ERR_INVALID_ARG;
    const zkfl_rules_params *rs = zkfl_rules_get(zkfl_compliance_key_rules(key));
    size_t dim = zkfl_model_num_params(global);
    if (rs == NULL || rs->dim != dim || zkfl_compliance_key_n_constraints(key) == 0)
        return ZKFL_ERR_INVALID_ARG;
    zkfl_fl_proof_stage *s = calloc(1, sizeof *s);
    if (s == NULL)
        return ZKFL_ERR_NOMEM;
    s->key = key;
    s->global = global;
    s->num_samples = num_samples;
    s->n_clients = n_clients;
    s->threads = threads;
    s->u = malloc(dim * sizeof *s->u);
    s->proofs = malloc(n_clients * sizeof *s->proofs);
    s->bindings = malloc(n_clients * sizeof *s->bindings);
    s->proved_clients = malloc(n_clients * sizeof *s->proved_clients);
    s->slot = malloc(n_clients * sizeof *s->slot);
    s->valid = malloc(n_clients);
    s->rejected = malloc(n_clients * sizeof *s->rejected);
    if (!s->u || !s->proofs || !s->bindings || !s->proved_clients || !s->slot || !s->valid ||
        !s->rejected) {
        zkfl_fl_proof_stage_free(s);
        return ZKFL_ERR_NOMEM;
    }
    *out = s;
    return 0;
}

void zkfl_fl_proof_stage_free(zkfl_fl_proof_stage *s)
{
    if (s == NULL)
        return;
    if (s->u != NULL)
        zkfl_memzero(s->u, zkfl_model_num_params(s->global) * sizeof *s->u);
    free(s->u);
    free(s->proofs);
    free(s->bindings);
    free(s->proved_clients);
    free(s->slot);
    free(s->valid);
    free(s->rejected);
    free(s);
}

void zkfl_fl_proof_stage_set_channel(zkfl_fl_proof_stage *s, zkfl_fl_proof_channel_fn fn,
                                     void *ctx)
{
    if (s == NULL)
        return;
    s->channel = fn;
    s->channel_ctx = ctx;
}

size_t zkfl_fl_proof_stage_n_rejected(const zkfl_fl_proof_stage *s)
{
    return s ? s->n_rejected : 0;
}

int zkfl_fl_proof_stage_rejected(uint32_t *client, const char **reason,
                                 const zkfl_fl_proof_stage *s, size_t i)
{
    if (client == NULL || reason == NULL || s == NULL || i >= s->n_rejected)
        return ZKFL_ERR_INVALID_ARG;
    *client = s->rejected[i].client;
    *reason = s->rejected[i].reason;
    return 0;
}

static void reject(zkfl_fl_proof_stage *s, uint8_t *accepted, size_t slot, uint32_t client,
                   const char *why, const char *detail)
{
    accepted[slot] = 0;
    struct rejection *r = &s->rejected[s->n_rejected++];
    r->client = client;
    snprintf(r->reason, sizeof r->reason, "%s%s%s", why, detail ? ": " : "", detail ? detail : "");
}

/* Client side: each sampled client proves its update. A prover that
 * refuses because a rule is broken leaves that client without a proof. */
static int prove_all(zkfl_fl_proof_stage *s, size_t *n_proved, uint8_t *accepted, uint32_t round,
                     const uint32_t *clients, const int32_t *codes, size_t k, size_t dim)
{
    uint8_t mh[32];
    int rc = zkfl_model_hash(mh, s->global);
    if (rc != 0)
        return rc;
    size_t n = 0;
    for (size_t j = 0; j < k; j++) {
        uint32_t c = clients[j];
        if (c >= s->n_clients)
            return ZKFL_ERR_INVALID_ARG;
        const int32_t *q = codes + j * dim;
        for (size_t i = 0; i < dim; i++)
            s->u[i] = q[i];
        zkfl_round_binding *b = &s->bindings[n];
        memset(b, 0, sizeof *b);
        b->round = round;
        b->client_id = c;
        memcpy(b->model_hash, mh, 32);
        rc = zkfl_update_prove(&s->proofs[n], NULL, s->key, s->u, dim, s->num_samples[c], b,
                               s->threads);
        if (rc == ZKFL_ERR_RANGE || rc == ZKFL_ERR_UNSATISFIED) {
            reject(s, accepted, j, c, "no proof", zkfl_compliance_last_error());
            continue;
        }
        if (rc != 0)
            return rc;
        s->proved_clients[n] = c;
        s->slot[n++] = j;
    }
    zkfl_memzero(s->u, dim * sizeof *s->u);
    *n_proved = n;
    return 0;
}

/* Server side: one batch; on ZKFL_ERR_VERIFY valid[] names the failing
 * proofs; any other failure of the batch (a malformed proof point, say):
 * each proof on its own. */
static int verify_all(zkfl_fl_proof_stage *s, uint8_t *accepted, size_t n)
{
    int rc = zkfl_update_verify_batch(s->valid, s->key, s->proofs, s->bindings, NULL, n);
    if (rc == ZKFL_ERR_NOMEM)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            s->valid[i] = 1;
        else if (rc != ZKFL_ERR_VERIFY)
            s->valid[i] = zkfl_update_verify(s->key, &s->proofs[i], &s->bindings[i], 0) == 0;
        if (!s->valid[i])
            reject(s, accepted, s->slot[i], s->proved_clients[i], "proof rejected by the verifier",
                   NULL);
    }
    return 0;
}

int zkfl_fl_proof_stage_check(void *stage, uint8_t *accepted, double *t_prove, double *t_verify,
                              uint32_t round, const uint32_t *clients, const int32_t *codes,
                              size_t k, size_t dim)
{
    zkfl_fl_proof_stage *s = stage;
    if (s == NULL || accepted == NULL || t_prove == NULL || t_verify == NULL ||
        (k > 0 && (clients == NULL || codes == NULL)) || k > s->n_clients ||
        dim != zkfl_model_num_params(s->global))
        return ZKFL_ERR_INVALID_ARG;
    s->n_rejected = 0;
    for (size_t j = 0; j < k; j++)
        accepted[j] = 1;
    uint64_t t0 = zkfl_now_ns();
    size_t n = 0;
    int rc = prove_all(s, &n, accepted, round, clients, codes, k, dim);
    if (rc != 0)
        return rc;
    *t_prove = (double)(zkfl_now_ns() - t0) * 1e-9;
    if (s->channel != NULL && n > 0 &&
        (rc = s->channel(s->channel_ctx, s->proofs, s->bindings, s->proved_clients, n)) != 0)
        return rc;
    t0 = zkfl_now_ns();
    rc = verify_all(s, accepted, n);
    *t_verify = (double)(zkfl_now_ns() - t0) * 1e-9;
    return rc;
}
