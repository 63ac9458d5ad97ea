/* The canonical rules serialization and its SHA-256: keys, proofs and
 * caches are indexed by what the rules mean, not by how the file happened
 * to be written (key order, whitespace, defaults spelled out or not). */
#include <inttypes.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include "circuits/circuit_internal.h"
#include "circuits/rules_internal.h"

static void put_opt(char *buf, size_t len, size_t *pos, const char *key, int has, uint64_t v)
{
    int n = has ? snprintf(buf + *pos, len - *pos, "%s=%" PRIu64 "\n", key, v)
                : snprintf(buf + *pos, len - *pos, "%s=-\n", key);
    if (n > 0 && (size_t)n < len - *pos) *pos += (size_t)n;
}

int zkfl_rules_canonical(char **out, const zkfl_rules *r)
{
    if (out == NULL || r == NULL) return ZKFL_ERR_INVALID_ARG;
    if (!r->dim_set) return circ_fail(ZKFL_ERR_INVALID_ARG, "rules: dim is not set");
    const zkfl_rules_params *p = &r->p;
    size_t len = 1024, pos = 0;
    char *buf = malloc(len);
    if (buf == NULL) return ZKFL_ERR_NOMEM;
    int n = snprintf(buf, len, "zkfl-rules/v1\ndim=%u\nbits=%u\nrange_check=%s\n", p->dim, p->bits,
                     p->range == ZKFL_RANGE_LOOKUP ? "lookup" : "bits");
    pos = (size_t)n;
    put_opt(buf, len, &pos, "l2_max", p->has_l2, p->l2_max);
    put_opt(buf, len, &pos, "linf_max", p->has_linf, p->linf_max);
    put_opt(buf, len, &pos, "nonzero_min", p->has_nonzero, p->nonzero_min);
    put_opt(buf, len, &pos, "num_samples.min", p->has_samples_min, p->samples_min);
    put_opt(buf, len, &pos, "num_samples.max", p->has_samples_max, p->samples_max);
    n = snprintf(buf + pos, len - pos, "num_samples.public=%d\nbind.round=%d\nbind.client_id=%d\nbind.model_hash=%d\n",
                 p->samples_public, p->bind_round, p->bind_client, p->bind_model);
    if (n < 0 || (size_t)n >= len - pos) {
        free(buf);
        return ZKFL_ERR_INTERNAL;
    }
    *out = buf;
    return 0;
}

int zkfl_rules_hash(uint8_t out[32], const zkfl_rules *r)
{
    if (out == NULL || r == NULL) return ZKFL_ERR_INVALID_ARG;
    char *s;
    int rc = zkfl_rules_canonical(&s, r);
    if (rc != 0) return rc;
    size_t n = 0;
    while (s[n]) n++;
    if (SHA256((const unsigned char *)s, n, out) == NULL) rc = ZKFL_ERR_INTERNAL;
    free(s);
    return rc;
}
