/* Compliance keys: the rules compiled in shape mode, their commitment
 * groups and challenges handed to the commit-carrying Groth16 setup
 * (from a prepared ptau, or the local one-party setup when pt is NULL). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "circuits/compliance_internal.h"

void zkfl_compliance_key_free(zkfl_compliance_key *key)
{
    if (key == NULL) return;
    zkfl_rules_free(key->rules);
    zkfl_cgroth16_pk_free(key->pk);
    zkfl_cgroth16_vk_free(key->vk_owned);
    free(key);
}

const zkfl_rules *zkfl_compliance_key_rules(const zkfl_compliance_key *k) { return k ? k->rules : NULL; }
const zkfl_cgroth16_vk *zkfl_compliance_key_vk(const zkfl_compliance_key *k) { return k ? k->vk : NULL; }
const uint8_t *zkfl_compliance_key_rules_hash(const zkfl_compliance_key *k) { return k ? k->rules_hash : NULL; }
size_t zkfl_compliance_key_n_constraints(const zkfl_compliance_key *k) { return k ? k->n_constraints : 0; }

int compliance_rules_json(char **out, const zkfl_rules *r)
{
    const zkfl_rules_params *p = zkfl_rules_get(r);
    size_t cap = 1024, pos = 0;
    char *b = malloc(cap);
    if (b == NULL) return ZKFL_ERR_NOMEM;
#define PUT(...) do { int n_ = snprintf(b + pos, cap - pos, __VA_ARGS__); \
        if (n_ < 0 || (size_t)n_ >= cap - pos) { free(b); return ZKFL_ERR_INTERNAL; } pos += (size_t)n_; } while (0)
    PUT("{\"dim\": %u, \"update\": {\"bits\": %u, \"range_check\": \"%s\"", p->dim, p->bits,
        p->range == ZKFL_RANGE_LOOKUP ? "lookup" : "bits");
    if (p->has_l2) PUT(", \"l2_max\": %llu", (unsigned long long)p->l2_max);
    if (p->has_linf) PUT(", \"linf_max\": %llu", (unsigned long long)p->linf_max);
    if (p->has_nonzero) PUT(", \"nonzero_min\": %u", p->nonzero_min);
    PUT("}");
    if (p->has_samples_min || p->has_samples_max || p->samples_public) {
        const char *sep = "";
        PUT(", \"metadata\": {\"num_samples\": {");
        if (p->has_samples_min) { PUT("\"min\": %llu", (unsigned long long)p->samples_min); sep = ", "; }
        if (p->has_samples_max) { PUT("%s\"max\": %llu", sep, (unsigned long long)p->samples_max); sep = ", "; }
        if (p->samples_public) PUT("%s\"public\": true", sep);
        PUT("}}");
    }
    PUT(", \"bind\": [");
    const char *sep = "";
    if (p->bind_round) { PUT("\"round\""); sep = ", "; }
    if (p->bind_client) { PUT("%s\"client_id\"", sep); sep = ", "; }
    if (p->bind_model) PUT("%s\"model_hash\"", sep);
    PUT("]}\n");
#undef PUT
    *out = b;
    return 0;
}

/* A private copy of the rules (keys outlive the caller's rules), checked
 * to mean the same (equal canonical hashes). */
static int copy_rules(zkfl_rules **out, const zkfl_rules *r)
{
    char *json = NULL;
    uint8_t h1[32], h2[32];
    int rc = compliance_rules_json(&json, r);
    if (rc) return compliance_fail(rc, "rules: cannot serialize");
    rc = zkfl_rules_parse(out, json, strlen(json), "rules copy");
    free(json);
    if (rc == 0) rc = zkfl_rules_hash(h1, r);
    if (rc == 0) rc = zkfl_rules_hash(h2, *out);
    if (rc) return compliance_fail(rc, "rules: %s", zkfl_circuits_last_error());
    if (memcmp(h1, h2, 32) != 0) return compliance_fail(ZKFL_ERR_INTERNAL, "rules: the copy differs from the original");
    return 0;
}

static int shape(zkfl_circuit **c, const zkfl_rules *rules)
{
    int rc = zkfl_rules_circuit(c, rules, NULL);
    if (rc) return compliance_fail(rc, "compiling the rules: %s", zkfl_circuits_last_error());
    return 0;
}

int zkfl_compliance_ptau_power(unsigned *power, const zkfl_rules *rules)
{
    if (power == NULL || rules == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_circuit *c = NULL;
    int rc = shape(&c, rules);
    if (rc) return rc;
    uint64_t need = zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c)) + zkfl_circuit_n_public(c);
    unsigned p = 0;
    while (((uint64_t)1 << p) <= need) p++;   /* as zkfl_zkey_setup sizes the domain */
    *power = p;
    zkfl_circuit_free(c);
    return 0;
}

/* The rules' circuit in shape mode with its commitment groups and
 * challenges in the form the cgroth16 setup takes (pointing into c). */
typedef struct {
    zkfl_circuit *c;
    zkfl_cgroth16_group groups[ZKFL_CGROTH16_MAX_GROUPS];
    zkfl_cgroth16_challenge ch[ZKFL_CGROTH16_MAX_CHALLENGES];
    uint32_t chg[ZKFL_CGROTH16_MAX_CHALLENGES][ZKFL_CGROTH16_MAX_GROUPS];
    size_t ng, nch;
} layout;

static int circuit_layout(layout *l, const zkfl_rules *rules)
{
    memset(l, 0, sizeof *l);
    int rc = shape(&l->c, rules);
    if (rc) return rc;
    l->ng = zkfl_circuit_n_commit_groups(l->c);
    l->nch = zkfl_circuit_n_challenges(l->c);
    if (l->ng > ZKFL_CGROTH16_MAX_GROUPS || l->nch > ZKFL_CGROTH16_MAX_CHALLENGES)
        return compliance_fail(ZKFL_ERR_UNSUPPORTED, "the rules' circuit has %zu commitment groups and %zu challenges",
                               l->ng, l->nch);
    for (size_t g = 0; g < l->ng && rc == 0; g++)
        rc = zkfl_circuit_commit_group(&l->groups[g].wires, &l->groups[g].n, l->c, g);
    for (size_t k = 0; k < l->nch && rc == 0; k++) {
        const size_t *gs = NULL;
        size_t n = 0;
        rc = zkfl_circuit_challenge(&l->ch[k].wire, &gs, &n, l->c, k);
        if (rc == 0 && n > ZKFL_CGROTH16_MAX_GROUPS) rc = ZKFL_ERR_UNSUPPORTED;
        for (size_t t = 0; rc == 0 && t < n; t++) l->chg[k][t] = (uint32_t)gs[t];
        l->ch[k].groups = l->chg[k];
        l->ch[k].n_groups = n;
    }
    if (rc) return compliance_fail(rc, "reading the circuit's commitment groups: %s", zkfl_circuits_last_error());
    return 0;
}

int zkfl_compliance_setup(zkfl_compliance_key **out, const zkfl_rules *rules, const zkfl_ptau *pt,
                          int threads)
{
    if (out == NULL || rules == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    compliance_clear_error();
    zkfl_compliance_key *key = calloc(1, sizeof *key);
    layout l;
    memset(&l, 0, sizeof l);
    if (key == NULL) return ZKFL_ERR_NOMEM;
    int rc = copy_rules(&key->rules, rules);
    if (rc == 0) rc = zkfl_rules_hash(key->rules_hash, key->rules);
    if (rc == 0) rc = circuit_layout(&l, key->rules);
    if (rc) goto out;
    rc = zkfl_cgroth16_setup(&key->pk, zkfl_circuit_r1cs(l.c), l.groups, l.ng, l.ch, l.nch, pt, threads);
    if (rc) {
        rc = compliance_fail(rc, "setup: %s", zkfl_snark_last_error());
        goto out;
    }
    key->vk = zkfl_cgroth16_pk_vk(key->pk);
    key->n_constraints = zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(l.c));
out:
    zkfl_circuit_free(l.c);
    if (rc) {
        zkfl_compliance_key_free(key);
        return rc;
    }
    *out = key;
    return 0;
}

const zkfl_cgroth16_pk *zkfl_compliance_key_pk(const zkfl_compliance_key *key) { return key ? key->pk : NULL; }

int zkfl_compliance_contribute(zkfl_compliance_key *key, uint8_t hash_out[64], const char *name, const char *entropy,
                               int threads)
{
    if (key == NULL) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    if (key->pk == NULL) return compliance_fail(ZKFL_ERR_INVALID_ARG, "contribute: the key was loaded without its proving key");
    int rc = zkfl_cgroth16_contribute(key->pk, hash_out, name, entropy, threads);
    if (rc) return compliance_fail(rc, "contribute: %s", zkfl_snark_last_error());
    return 0;
}

int zkfl_compliance_verify_setup(const zkfl_compliance_key *key, const zkfl_ptau *pt, int threads)
{
    if (key == NULL || pt == NULL) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    if (key->pk == NULL) return compliance_fail(ZKFL_ERR_INVALID_ARG, "verify-setup: needs the proving key");
    layout l;
    int rc = circuit_layout(&l, key->rules);
    if (rc == 0) {
        rc = zkfl_cgroth16_verify_setup(key->pk, zkfl_circuit_r1cs(l.c), l.groups, l.ng, l.ch, l.nch, pt, threads);
        if (rc) rc = compliance_fail(rc, "%s", zkfl_snark_last_error());
    }
    zkfl_circuit_free(l.c);
    return rc;
}
