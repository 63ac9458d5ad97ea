/* Rules files (docs/RULES.md): strict JSON validation, so a typo in a rule
 * name is an error rather than a silently missing rule. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "circuits/circuit_internal.h"
#include "circuits/rules_internal.h"

static int only_keys(const json_t *obj, const char *const *allowed, const char *name,
                     const char *where)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val) {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(key, allowed[i]) == 0) ok = 1;
        if (!ok)
            return circ_fail(ZKFL_ERR_FORMAT, "%s: %s: unknown key \"%.64s\"", name, where, key);
    }
    return 0;
}

/* An integer member in [lo, hi]; *present = 0 when absent. */
static int get_uint(uint64_t *out, int *present, const json_t *obj, const char *key,
                    uint64_t lo, uint64_t hi, const char *name, const char *where)
{
    json_t *v = json_object_get(obj, key);
    *present = v != NULL;
    if (v == NULL) return 0;
    if (!json_is_integer(v))
        return circ_fail(ZKFL_ERR_FORMAT, "%s: %s.%s: expected an integer", name, where, key);
    json_int_t x = json_integer_value(v);
    if (x < 0 || (uint64_t)x < lo || (uint64_t)x > hi)
        return circ_fail(ZKFL_ERR_RANGE, "%s: %s.%s: %lld is outside [%" PRIu64 ", %" PRIu64 "]",
                         name, where, key, (long long)x, lo, hi);
    *out = (uint64_t)x;
    return 0;
}

static int parse_update(zkfl_rules_params *p, const json_t *u, const char *name)
{
    static const char *const keys[] = {"bits", "l2_max", "linf_max", "nonzero_min",
                                       "range_check", NULL};
    if (!json_is_object(u)) return circ_fail(ZKFL_ERR_FORMAT, "%s: update: expected an object", name);
    int rc = only_keys(u, keys, name, "update");
    if (rc) return rc;
    uint64_t x = 0;
    int present;
    rc = get_uint(&x, &present, u, "bits", RULES_MIN_BITS, RULES_MAX_BITS, name, "update");
    if (rc) return rc;
    if (!present) return circ_fail(ZKFL_ERR_FORMAT, "%s: update.bits is required", name);
    p->bits = (unsigned)x;
    rc = get_uint(&p->l2_max, &p->has_l2, u, "l2_max", 0, ((uint64_t)1 << RULES_MAX_BOUND_BITS) - 1,
                  name, "update");
    if (rc) return rc;
    rc = get_uint(&p->linf_max, &p->has_linf, u, "linf_max", 0,
                  ((uint64_t)1 << (p->bits - 1)) - 1, name, "update");
    if (rc) return rc;
    rc = get_uint(&x, &p->has_nonzero, u, "nonzero_min", 1, RULES_MAX_DIM, name, "update");
    if (rc) return rc;
    p->nonzero_min = (uint32_t)x;
    json_t *m = json_object_get(u, "range_check");
    p->range = ZKFL_RANGE_BITS;
    if (m) {
        const char *s = json_string_value(m);
        if (s && strcmp(s, "bits") == 0) p->range = ZKFL_RANGE_BITS;
        else if (s && strcmp(s, "lookup") == 0) p->range = ZKFL_RANGE_LOOKUP;
        else return circ_fail(ZKFL_ERR_FORMAT, "%s: update.range_check: expected \"bits\" or \"lookup\"", name);
    }
    return 0;
}

static int parse_metadata(zkfl_rules_params *p, const json_t *m, const char *name)
{
    static const char *const keys[] = {"num_samples", NULL};
    static const char *const skeys[] = {"min", "max", "public", NULL};
    if (!json_is_object(m)) return circ_fail(ZKFL_ERR_FORMAT, "%s: metadata: expected an object", name);
    int rc = only_keys(m, keys, name, "metadata");
    if (rc) return rc;
    json_t *s = json_object_get(m, "num_samples");
    if (s == NULL) return 0;
    if (!json_is_object(s))
        return circ_fail(ZKFL_ERR_FORMAT, "%s: metadata.num_samples: expected an object", name);
    rc = only_keys(s, skeys, name, "metadata.num_samples");
    const uint64_t max = ((uint64_t)1 << RULES_MAX_BOUND_BITS) - 1;
    if (rc == 0) rc = get_uint(&p->samples_min, &p->has_samples_min, s, "min", 0, max, name, "metadata.num_samples");
    if (rc == 0) rc = get_uint(&p->samples_max, &p->has_samples_max, s, "max", 0, max, name, "metadata.num_samples");
    if (rc) return rc;
    json_t *pub = json_object_get(s, "public");
    if (pub) {
        if (!json_is_boolean(pub))
            return circ_fail(ZKFL_ERR_FORMAT, "%s: metadata.num_samples.public: expected true or false", name);
        p->samples_public = json_is_true(pub);
    }
    if (!p->has_samples_min && !p->has_samples_max)
        return circ_fail(ZKFL_ERR_FORMAT, "%s: metadata.num_samples: needs \"min\" and/or \"max\"", name);
    if (p->has_samples_min && p->has_samples_max && p->samples_min > p->samples_max)
        return circ_fail(ZKFL_ERR_RANGE, "%s: metadata.num_samples: min %" PRIu64 " > max %" PRIu64,
                         name, p->samples_min, p->samples_max);
    return 0;
}

static int parse_bind(zkfl_rules_params *p, const json_t *b, const char *name)
{
    if (!json_is_array(b)) return circ_fail(ZKFL_ERR_FORMAT, "%s: bind: expected an array of names", name);
    size_t i;
    json_t *v;
    json_array_foreach(b, i, v) {
        const char *s = json_string_value(v);
        int *flag = NULL;
        if (s && strcmp(s, "round") == 0) flag = &p->bind_round;
        else if (s && strcmp(s, "client_id") == 0) flag = &p->bind_client;
        else if (s && strcmp(s, "model_hash") == 0) flag = &p->bind_model;
        if (flag == NULL)
            return circ_fail(ZKFL_ERR_FORMAT,
                             "%s: bind[%zu]: expected \"round\", \"client_id\" or \"model_hash\"", name, i);
        if (*flag) return circ_fail(ZKFL_ERR_FORMAT, "%s: bind[%zu]: \"%s\" listed twice", name, i, s);
        *flag = 1;
    }
    return 0;
}

/* Cross-field checks once d is known: no sum can wrap around the field and
 * every rule can be met. */
static int check_dim(const zkfl_rules_params *p, const char *name)
{
    if (p->has_nonzero && p->nonzero_min > p->dim)
        return circ_fail(ZKFL_ERR_RANGE, "%s: update.nonzero_min %u exceeds dim %u", name,
                         p->nonzero_min, p->dim);
    /* sum u_i^2 <= d * 2^(2 bits - 2) <= 2^26 * 2^62 = 2^88, far below the
     * field size (~2^254), so the sum in the circuit equals the integer sum
     * and l2_max - sum is negative exactly when the field value is huge. */
    return 0;
}

int zkfl_rules_parse(zkfl_rules **out, const char *json, size_t len, const char *name)
{
    if (out == NULL || json == NULL) return ZKFL_ERR_INVALID_ARG;
    if (name == NULL) name = "rules";
    circ_clear_error();
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return circ_fail(ZKFL_ERR_FORMAT, "%s: line %d: %s", name, jerr.line, jerr.text);
    zkfl_rules *r = calloc(1, sizeof *r);
    int rc = r ? 0 : ZKFL_ERR_NOMEM;
    static const char *const keys[] = {"dim", "update", "metadata", "bind", NULL};
    if (rc == 0 && !json_is_object(root)) rc = circ_fail(ZKFL_ERR_FORMAT, "%s: expected a JSON object", name);
    if (rc == 0) rc = only_keys(root, keys, name, "rules");
    uint64_t dim = 0;
    int has_dim = 0;
    if (rc == 0) rc = get_uint(&dim, &has_dim, root, "dim", 1, RULES_MAX_DIM, name, "rules");
    json_t *u = json_object_get(root, "update");
    if (rc == 0 && u == NULL) rc = circ_fail(ZKFL_ERR_FORMAT, "%s: \"update\" is required", name);
    if (rc == 0) rc = parse_update(&r->p, u, name);
    json_t *m = json_object_get(root, "metadata");
    if (rc == 0 && m) rc = parse_metadata(&r->p, m, name);
    json_t *b = json_object_get(root, "bind");
    if (rc == 0 && b) rc = parse_bind(&r->p, b, name);
    if (rc == 0 && has_dim) {
        r->p.dim = (uint32_t)dim;
        r->dim_set = 1;
        rc = check_dim(&r->p, name);
    }
    json_decref(root);
    if (rc != 0) {
        free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int zkfl_rules_read(zkfl_rules **out, const char *path)
{
    if (out == NULL || path == NULL) return ZKFL_ERR_INVALID_ARG;
    FILE *f = fopen(path, "rb");
    if (f == NULL) return circ_fail(ZKFL_ERR_IO, "%s: cannot open", path);
    /* Rules files are tiny; refuse anything large before reading it. */
    char *buf = malloc(1 << 16);
    size_t n = buf ? fread(buf, 1, 1 << 16, f) : 0;
    int err = ferror(f), more = !feof(f) && n == (1 << 16);
    fclose(f);
    if (buf == NULL) return ZKFL_ERR_NOMEM;
    if (err) {
        free(buf);
        return circ_fail(ZKFL_ERR_IO, "%s: read error", path);
    }
    if (more) {
        free(buf);
        return circ_fail(ZKFL_ERR_FORMAT, "%s: larger than 64 KiB, not a rules file", path);
    }
    int rc = zkfl_rules_parse(out, buf, n, path);
    free(buf);
    return rc;
}

void zkfl_rules_free(zkfl_rules *r)
{
    free(r);
}

int zkfl_rules_set_dim(zkfl_rules *r, uint32_t dim)
{
    if (r == NULL) return ZKFL_ERR_INVALID_ARG;
    if (r->dim_set) {
        if (r->p.dim != dim)
            return circ_fail(ZKFL_ERR_RANGE, "rules: dim %u given, the rules file says %u", dim, r->p.dim);
        return 0;
    }
    if (dim < 1 || dim > RULES_MAX_DIM)
        return circ_fail(ZKFL_ERR_RANGE, "rules: dim %u is outside [1, %u]", dim, RULES_MAX_DIM);
    zkfl_rules_params p = r->p;
    p.dim = dim;
    int rc = check_dim(&p, "rules");
    if (rc) return rc;
    r->p = p;
    r->dim_set = 1;
    return 0;
}

const zkfl_rules_params *zkfl_rules_get(const zkfl_rules *r)
{
    return r ? &r->p : NULL;
}
