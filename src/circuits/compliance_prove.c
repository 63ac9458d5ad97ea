/* Update proofs: the rules compiled with the client's witness (phase 1),
 * then the commit-carrying Groth16 prover, whose phase-2 callback finishes
 * the circuit's witness with the challenges it derived from the
 * commitments. */
#include <stdlib.h>
#include <string.h>
#include "circuits/compliance_internal.h"

static int finish(void *ctx, const zkfl_fr *challenges, size_t n, const zkfl_fr **full)
{
    zkfl_circuit *c = ctx;
    if (n != zkfl_circuit_n_challenges(c)) return ZKFL_ERR_INTERNAL;
    int rc = zkfl_circuit_finish_witness(c, challenges);
    if (rc) return compliance_fail(rc, "phase 2: %s", zkfl_circuits_last_error());
    *full = zkfl_circuit_witness(c);
    return 0;
}

int zkfl_update_prove(zkfl_cgroth16_proof *proof, zkfl_fr *mask, const zkfl_compliance_key *key,
                      const int64_t *update, size_t d, uint64_t num_samples,
                      const zkfl_round_binding *binding, int threads)
{
    if (proof == NULL || key == NULL || update == NULL || binding == NULL) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    if (key->pk == NULL)
        return compliance_fail(ZKFL_ERR_INVALID_ARG, "update prove: the key was loaded without its proving key");
    const zkfl_rules_params *p = zkfl_rules_get(key->rules);
    if (d != p->dim)
        return compliance_fail(ZKFL_ERR_INVALID_ARG, "update prove: the update has %zu values, the rules' dim is %u", d,
                               p->dim);
    zkfl_compliance_witness w = {update, num_samples, *binding};
    zkfl_circuit *c = NULL;
    int rc = zkfl_rules_circuit(&c, key->rules, &w);
    if (rc) return compliance_fail(rc, "the update breaks a rule: %s", zkfl_circuits_last_error());
    const zkfl_cgroth16_vk *vk = key->vk;
    const uint32_t *g0 = NULL;
    size_t g0n = 0;
    rc = zkfl_circuit_commit_group(&g0, &g0n, c, 0);
    if (rc == 0 && g0n != zkfl_cgroth16_vk_group_size(vk, 0))
        rc = compliance_fail(ZKFL_ERR_INVALID_ARG, "update prove: the key does not belong to these rules");
    if (rc == 0) {
        rc = zkfl_cgroth16_prove(proof, key->pk, zkfl_circuit_witness(c), zkfl_circuit_n_wires(c), finish, c,
                                 threads);
        if (rc == ZKFL_ERR_UNSATISFIED) {
            size_t bad = 0;
            char what[128] = "";
            if (zkfl_circuit_check(c, &bad) != 0) zkfl_circuit_describe(what, sizeof what, c, bad);
            rc = compliance_fail(rc, "the update breaks a rule: constraint %zu (%s) is not satisfied", bad, what);
        } else if (rc != 0 && zkfl_compliance_last_error()[0] == '\0') {
            rc = compliance_fail(rc, "update prove: %s", zkfl_snark_last_error());
        }
    }
    if (rc == 0 && mask != NULL) *mask = zkfl_circuit_witness(c)[g0[g0n - 1]];
    zkfl_circuit_free(c);   /* wipes the witness */
    return rc;
}

static int publics_for(zkfl_fr *out, const zkfl_compliance_key *key, const zkfl_round_binding *b,
                       uint64_t samples)
{
    size_t np = zkfl_cgroth16_vk_n_public(key->vk);
    if (np != zkfl_rules_n_public(key->rules))
        return compliance_fail(ZKFL_ERR_INVALID_ARG, "verify: the key has %zu public inputs, the rules %zu", np,
                               zkfl_rules_n_public(key->rules));
    int rc = zkfl_rules_public_inputs(out, np, key->rules, b, samples);
    if (rc) return compliance_fail(rc, "verify: public inputs: %s", zkfl_circuits_last_error());
    return 0;
}

int zkfl_update_verify(const zkfl_compliance_key *key, const zkfl_cgroth16_proof *proof,
                       const zkfl_round_binding *binding, uint64_t public_samples)
{
    if (key == NULL || proof == NULL || binding == NULL) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    size_t np = zkfl_cgroth16_vk_n_public(key->vk);
    zkfl_fr *pub = malloc((np ? np : 1) * sizeof *pub);
    if (pub == NULL) return ZKFL_ERR_NOMEM;
    int rc = publics_for(pub, key, binding, public_samples);
    if (rc == 0) {
        rc = zkfl_cgroth16_verify_vartime(key->vk, pub, np, proof);
        if (rc) compliance_fail(rc, "update proof rejected: %s", zkfl_snark_last_error());
    }
    free(pub);
    return rc;
}

int zkfl_update_verify_batch(uint8_t *valid, const zkfl_compliance_key *key,
                             const zkfl_cgroth16_proof *proofs, const zkfl_round_binding *bindings,
                             const uint64_t *public_samples, size_t n)
{
    if (key == NULL || (n > 0 && (proofs == NULL || bindings == NULL))) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    if (n == 0) return 0;
    size_t np = zkfl_cgroth16_vk_n_public(key->vk);
    zkfl_fr *pub = malloc((np ? np : 1) * n * sizeof *pub);
    if (pub == NULL) return ZKFL_ERR_NOMEM;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = publics_for(pub + i * np, key, &bindings[i], public_samples ? public_samples[i] : 0);
    if (rc == 0) {
        rc = zkfl_cgroth16_verify_batch_vartime(valid, key->vk, pub, proofs, n);
        if (rc) compliance_fail(rc, "batch: %s", zkfl_snark_last_error());
    }
    free(pub);
    return rc;
}
