/* Compliance keys on disk (DIR/rules.json, DIR/compliance.pk,
 * DIR/compliance.vk) and the update file format. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "circuits/compliance_internal.h"

#define UPDATE_MAGIC "ZKUP"
#define UPDATE_MAX_DIM (1u << 26)

static int write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) return compliance_fail(ZKFL_ERR_IO, "%s: %s", path, strerror(errno));
    int ok = fwrite(buf, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    return ok ? 0 : compliance_fail(ZKFL_ERR_IO, "%s: write failed", path);
}

static int read_file(uint8_t **out, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return compliance_fail(ZKFL_ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap + 1);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        cap *= 2;
        uint8_t *nb = realloc(buf, cap + 1);
        if (nb == NULL) { free(buf); buf = NULL; break; }
        buf = nb;
    }
    int err = ferror(f);
    fclose(f);
    if (buf == NULL) return ZKFL_ERR_NOMEM;
    if (err) {
        free(buf);
        return compliance_fail(ZKFL_ERR_IO, "%s: read failed", path);
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

static void join(char *out, size_t cap, const char *dir, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

int zkfl_compliance_key_save(const zkfl_compliance_key *key, const char *dir)
{
    if (key == NULL || dir == NULL) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    char path[4096];
    char *canon = NULL;
    uint8_t *buf = NULL;
    size_t len = 0;
    int rc = compliance_rules_json(&canon, key->rules);
    if (rc) return compliance_fail(rc, "rules: cannot serialize");
    join(path, sizeof path, dir, "rules.json");
    rc = write_file(path, canon, strlen(canon));
    free(canon);
    if (rc) return rc;
    if ((rc = zkfl_cgroth16_vk_write_mem(&buf, &len, key->vk))) return rc;
    join(path, sizeof path, dir, "compliance.vk");
    rc = write_file(path, buf, len);
    free(buf);
    if (rc || key->pk == NULL) return rc;
    if ((rc = zkfl_cgroth16_pk_write_mem(&buf, &len, key->pk))) return rc;
    join(path, sizeof path, dir, "compliance.pk");
    rc = write_file(path, buf, len);
    free(buf);
    if (rc) return rc;
    /* The transcript, or no file: a stale one would describe other keys. */
    join(path, sizeof path, dir, "compliance.ceremony");
    const zkfl_cgroth16_ceremony *cer = zkfl_cgroth16_pk_ceremony(key->pk);
    if (cer == NULL) {
        if (remove(path) != 0 && errno != ENOENT) return compliance_fail(ZKFL_ERR_IO, "%s: %s", path, strerror(errno));
        return 0;
    }
    if ((rc = zkfl_cgroth16_ceremony_write_mem(&buf, &len, cer))) return rc;
    rc = write_file(path, buf, len);
    free(buf);
    return rc;
}

/* DIR/compliance.ceremony into the proving key, when present. */
static int load_ceremony(zkfl_cgroth16_pk *pk, const char *dir)
{
    char path[4096];
    join(path, sizeof path, dir, "compliance.ceremony");
    FILE *f = fopen(path, "rb");
    if (f == NULL) return errno == ENOENT ? 0 : compliance_fail(ZKFL_ERR_IO, "%s: %s", path, strerror(errno));
    fclose(f);
    uint8_t *buf = NULL;
    size_t len = 0;
    zkfl_cgroth16_ceremony *c = NULL;
    int rc = read_file(&buf, &len, path);
    if (rc) return rc;
    rc = zkfl_cgroth16_ceremony_read_mem(&c, buf, len, path);
    free(buf);
    if (rc == 0) rc = zkfl_cgroth16_pk_set_ceremony(pk, c);
    if (rc) {
        zkfl_cgroth16_ceremony_free(c);
        return compliance_fail(rc, "%s", zkfl_snark_last_error());
    }
    return 0;
}

int zkfl_compliance_key_load(zkfl_compliance_key **out, const char *dir, int with_pk)
{
    if (out == NULL || dir == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    compliance_clear_error();
    char path[4096];
    uint8_t *buf = NULL;
    size_t len = 0;
    zkfl_compliance_key *key = calloc(1, sizeof *key);
    if (key == NULL) return ZKFL_ERR_NOMEM;
    join(path, sizeof path, dir, "rules.json");
    int rc = zkfl_rules_read(&key->rules, path);
    if (rc) {
        rc = compliance_fail(rc, "%s", zkfl_circuits_last_error());
        goto out;
    }
    if ((rc = zkfl_rules_hash(key->rules_hash, key->rules))) {
        rc = compliance_fail(rc, "%s: %s (is \"dim\" set?)", path, zkfl_circuits_last_error());
        goto out;
    }
    if (with_pk) {
        join(path, sizeof path, dir, "compliance.pk");
        if ((rc = read_file(&buf, &len, path))) goto out;
        rc = zkfl_cgroth16_pk_read_mem(&key->pk, buf, len, path);
        if (rc) {
            rc = compliance_fail(rc, "%s", zkfl_snark_last_error());
            goto out;
        }
        key->vk = zkfl_cgroth16_pk_vk(key->pk);
        if ((rc = load_ceremony(key->pk, dir))) goto out;
        /* The key must be the rules' circuit: compare its shape. */
        zkfl_circuit *c = NULL;
        if ((rc = zkfl_rules_circuit(&c, key->rules, NULL))) {
            rc = compliance_fail(rc, "%s", zkfl_circuits_last_error());
            goto out;
        }
        key->n_constraints = zkfl_r1cs_n_constraints(zkfl_circuit_r1cs(c));
        size_t ng = zkfl_circuit_n_commit_groups(c);
        /* Wires and domain: a key cached by an older zkfl for the same rules
         * may belong to a differently laid-out circuit (the cache rebuilds it;
         * verify-setup names it as another initial key). */
        const zkfl_r1cs *cs = zkfl_circuit_r1cs(c);
        size_t domain = 1;
        while (domain < (size_t)key->n_constraints + zkfl_r1cs_n_public(cs) + 1) domain <<= 1;
        key->layout_current = zkfl_r1cs_n_wires(cs) == zkfl_cgroth16_pk_n_wires(key->pk) &&
                              domain == zkfl_cgroth16_pk_domain_size(key->pk);
        int same = ng == zkfl_cgroth16_vk_n_groups(key->vk) &&
                   zkfl_circuit_n_public(c) == zkfl_cgroth16_vk_n_public(key->vk);
        for (size_t g = 0; same && g < ng; g++) {
            const uint32_t *w;
            size_t n;
            same = zkfl_circuit_commit_group(&w, &n, c, g) == 0 && n == zkfl_cgroth16_vk_group_size(key->vk, g);
        }
        zkfl_circuit_free(c);
        if (!same) {
            rc = compliance_fail(ZKFL_ERR_FORMAT, "%s: the key was not made for %s/rules.json", path, dir);
            goto out;
        }
    } else {
        join(path, sizeof path, dir, "compliance.vk");
        if ((rc = read_file(&buf, &len, path))) goto out;
        rc = zkfl_cgroth16_vk_read_mem(&key->vk_owned, buf, len, path);
        if (rc) {
            rc = compliance_fail(rc, "%s", zkfl_snark_last_error());
            goto out;
        }
        key->vk = key->vk_owned;
    }
    if (zkfl_cgroth16_vk_n_public(key->vk) != zkfl_rules_n_public(key->rules) ||
        zkfl_cgroth16_vk_group_size(key->vk, 0) != (size_t)zkfl_rules_get(key->rules)->dim + 1) {
        rc = compliance_fail(ZKFL_ERR_FORMAT, "%s: the key does not match %s/rules.json", path, dir);
        goto out;
    }
out:
    free(buf);
    if (rc) {
        zkfl_compliance_key_free(key);
        return rc;
    }
    *out = key;
    return 0;
}

int zkfl_update_file_write(uint8_t **out, size_t *out_len, const int64_t *update, size_t d)
{
    if (out == NULL || out_len == NULL || (d > 0 && update == NULL) || d > UPDATE_MAX_DIM)
        return ZKFL_ERR_INVALID_ARG;
    size_t len = 12 + 4 * d;
    uint8_t *b = malloc(len);
    if (b == NULL) return ZKFL_ERR_NOMEM;
    memcpy(b, UPDATE_MAGIC, 4);
    uint32_t hdr[2] = {1, (uint32_t)d};
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < 4; j++) b[4 + 4 * k + j] = (uint8_t)(hdr[k] >> (8 * j));
    for (size_t i = 0; i < d; i++) {
        if (update[i] < INT32_MIN || update[i] > INT32_MAX) {
            free(b);
            return compliance_fail(ZKFL_ERR_RANGE, "update[%zu] = %lld does not fit in int32", i, (long long)update[i]);
        }
        uint32_t v = (uint32_t)(int32_t)update[i];
        for (int j = 0; j < 4; j++) b[12 + 4 * i + j] = (uint8_t)(v >> (8 * j));
    }
    *out = b;
    *out_len = len;
    return 0;
}

int zkfl_update_file_read(int64_t **update, size_t *d, const uint8_t *buf, size_t len, const char *name)
{
    if (update == NULL || d == NULL || (buf == NULL && len > 0)) return ZKFL_ERR_INVALID_ARG;
    compliance_clear_error();
    if (name == NULL) name = "update";
    if (len < 12 || memcmp(buf, UPDATE_MAGIC, 4) != 0)
        return compliance_fail(ZKFL_ERR_FORMAT, "%s: not an update file (magic ZKUP expected)", name);
    uint32_t ver = (uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 | (uint32_t)buf[7] << 24;
    uint32_t n = (uint32_t)buf[8] | (uint32_t)buf[9] << 8 | (uint32_t)buf[10] << 16 | (uint32_t)buf[11] << 24;
    if (ver != 1) return compliance_fail(ZKFL_ERR_UNSUPPORTED, "%s: version %u (this build reads 1)", name, ver);
    if (n == 0 || n > UPDATE_MAX_DIM || (len - 12) / 4 != n || (len - 12) % 4 != 0)
        return compliance_fail(ZKFL_ERR_FORMAT, "%s: d = %u but %zu value bytes", name, n, len - 12);
    int64_t *u = malloc(n * sizeof *u);
    if (u == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = buf + 12 + 4 * i;
        u[i] = (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    }
    *update = u;
    *d = n;
    return 0;
}

int zkfl_compliance_key_cached(zkfl_compliance_key **out, int *created, const char *cache_dir,
                               const zkfl_rules *rules, const zkfl_ptau *pt, int threads)
{
    if (out == NULL || cache_dir == NULL || rules == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    if (created) *created = 0;
    uint8_t h[32];
    int rc = zkfl_rules_hash(h, rules);
    if (rc) return compliance_fail(rc, "rules: %s", zkfl_circuits_last_error());
    char dir[4096];
    int n = snprintf(dir, sizeof dir, "%s/", cache_dir);
    if (n < 0 || (size_t)n + 65 > sizeof dir) return compliance_fail(ZKFL_ERR_INVALID_ARG, "cache directory name too long");
    for (int i = 0; i < 32; i++) snprintf(dir + n + 2 * i, 3, "%02x", h[i]);
    zkfl_compliance_key *key = NULL;
    if (zkfl_compliance_key_load(&key, dir, 1) == 0) {
        if (memcmp(key->rules_hash, h, 32) == 0 && key->layout_current) {
            *out = key;
            return 0;
        }
        zkfl_compliance_key_free(key);   /* other rules, or an older circuit layout: rebuild */
        key = NULL;
    }
    compliance_clear_error();
    if (mkdir(cache_dir, 0755) != 0 && errno != EEXIST)
        return compliance_fail(ZKFL_ERR_IO, "%s: %s", cache_dir, strerror(errno));
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return compliance_fail(ZKFL_ERR_IO, "%s: %s", dir, strerror(errno));
    if ((rc = zkfl_compliance_setup(&key, rules, pt, threads)) != 0) return rc;
    if ((rc = zkfl_compliance_key_save(key, dir)) != 0) {
        zkfl_compliance_key_free(key);
        return rc;
    }
    if (created) *created = 1;
    *out = key;
    return 0;
}
