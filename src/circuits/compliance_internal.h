/* Internal: the compliance key and the error helper. */
#ifndef ZKFL_CIRCUITS_COMPLIANCE_INTERNAL_H
#define ZKFL_CIRCUITS_COMPLIANCE_INTERNAL_H

#include "zkfl/compliance.h"

struct zkfl_compliance_key {
    zkfl_rules *rules;
    uint8_t rules_hash[32];
    zkfl_cgroth16_pk *pk;         /* NULL when loaded for verification */
    zkfl_cgroth16_vk *vk_owned;   /* when loaded without pk */
    const zkfl_cgroth16_vk *vk;
    size_t n_constraints;
    /* Set when loaded with pk: whether the key's wire count and domain are
     * the ones the rules' circuit has now (a key cached by an older circuit
     * layout for the same rules is not; the cache rebuilds it). */
    int layout_current;
};

/* The rules as JSON (docs/RULES.md syntax, dim included), malloc'd. */
int compliance_rules_json(char **out, const zkfl_rules *r);
void compliance_clear_error(void);
int compliance_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
