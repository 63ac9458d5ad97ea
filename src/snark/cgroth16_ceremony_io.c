/* The phase-2 ceremony transcript of a commit-carrying Groth16 key: its
 * accessors and its file format (docs/PROTOCOL.md, "Formats"):
 *   "ZCGC" u32 version = 1, initial-key hash (64 bytes), u32 n_groups,
 *   u32 n, then per record: u32 name length (<= 64), name bytes,
 *   G1 delta_after, PoK, n_groups x (G2 sigma_after, PoK), hash (64 bytes);
 *   PoK = G1 g1_s, G1 g1_sx, G2 g2_spx.
 * Integers little-endian, points uncompressed (EIP-196/197, 64 / 128
 * bytes). The reader checks every count against the bytes left, every
 * point (curve, G2 subgroup), and rejects trailing bytes. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"

#define CG_CEREMONY_MAGIC "ZCGC"
#define POK_BYTES (64 + 64 + 128)

const zkfl_cgroth16_ceremony *zkfl_cgroth16_pk_ceremony(const zkfl_cgroth16_pk *pk)
{
    return pk ? pk->ceremony : NULL;
}

size_t zkfl_cgroth16_ceremony_n(const zkfl_cgroth16_ceremony *c) { return c ? c->n : 0; }

int zkfl_cgroth16_ceremony_entry(const char **name, const uint8_t **hash, const zkfl_cgroth16_ceremony *c, size_t i)
{
    if (c == NULL || i >= c->n) return ZKFL_ERR_INVALID_ARG;
    if (name) *name = c->c[i].name;
    if (hash) *hash = c->c[i].hash;
    return 0;
}

void zkfl_cgroth16_ceremony_free(zkfl_cgroth16_ceremony *c)
{
    if (c == NULL) return;
    free(c->c);
    free(c);
}

int zkfl_cgroth16_pk_set_ceremony(zkfl_cgroth16_pk *pk, zkfl_cgroth16_ceremony *c)
{
    if (pk == NULL) return ZKFL_ERR_INVALID_ARG;
    if (c != NULL && c->n_groups != pk->vk.n_groups)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "ceremony transcript: %u groups, the key has %u", c->n_groups,
                               pk->vk.n_groups);
    zkfl_cgroth16_ceremony_free(pk->ceremony);
    pk->ceremony = c;
    return 0;
}

/* ---- writing ---- */

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t *put_pok(uint8_t *p, const zkfl_cg_pok *k)
{
    zkfl_g1_to_bytes_eth(p, &k->g1_s);
    zkfl_g1_to_bytes_eth(p + 64, &k->g1_sx);
    zkfl_g2_to_bytes_eth(p + 128, &k->g2_spx);
    return p + POK_BYTES;
}

int zkfl_cgroth16_ceremony_write_mem(uint8_t **out, size_t *out_len, const zkfl_cgroth16_ceremony *c)
{
    if (out == NULL || out_len == NULL || c == NULL) return ZKFL_ERR_INVALID_ARG;
    size_t len = 4 + 4 + 64 + 4 + 4;
    for (uint32_t i = 0; i < c->n; i++)
        len += 4 + strlen(c->c[i].name) + 64 + POK_BYTES + c->n_groups * (128 + POK_BYTES) + 64;
    uint8_t *b = malloc(len), *p = b;
    if (b == NULL) return ZKFL_ERR_NOMEM;
    memcpy(p, CG_CEREMONY_MAGIC, 4);
    put_u32(p + 4, 1);
    memcpy(p + 8, c->initial, 64);
    put_u32(p + 72, c->n_groups);
    put_u32(p + 76, c->n);
    p += 80;
    for (uint32_t i = 0; i < c->n; i++) {
        const zkfl_cg_contribution *r = &c->c[i];
        size_t nl = strlen(r->name);
        put_u32(p, (uint32_t)nl);
        memcpy(p + 4, r->name, nl);
        p += 4 + nl;
        zkfl_g1_to_bytes_eth(p, &r->delta_after);
        p = put_pok(p + 64, &r->delta_pok);
        for (uint32_t g = 0; g < c->n_groups; g++) {
            zkfl_g2_to_bytes_eth(p, &r->sigma_after[g]);
            p = put_pok(p + 128, &r->sigma_pok[g]);
        }
        memcpy(p, r->hash, 64);
        p += 64;
    }
    *out = b;
    *out_len = len;
    return 0;
}

/* ---- reading ---- */

typedef struct {
    const uint8_t *buf;
    size_t len, pos;
    const char *name;
} reader;

static int need(reader *r, size_t n, const char *what)
{
    if (n > r->len - r->pos)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: truncated at byte %zu (%s needs %zu bytes, %zu left)", r->name,
                               r->pos, what, n, r->len - r->pos);
    return 0;
}

static int get_u32(uint32_t *v, reader *r, const char *what)
{
    int rc = need(r, 4, what);
    if (rc) return rc;
    const uint8_t *b = r->buf + r->pos;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    r->pos += 4;
    return 0;
}

static int get_g1(zkfl_g1_affine *p, reader *r, uint32_t rec, const char *what)
{
    int rc = need(r, 64, what);
    if (!rc) rc = zkfl_g1_from_bytes_eth(p, r->buf + r->pos);
    if (rc) return zkfl_snark_fail(rc, "%s: record %u: %s: %s", r->name, rec + 1, what, zkfl_strerror(rc));
    r->pos += 64;
    return 0;
}

static int get_g2(zkfl_g2_affine *p, reader *r, uint32_t rec, const char *what)
{
    int rc = need(r, 128, what);
    if (!rc) rc = zkfl_g2_from_bytes_eth(p, r->buf + r->pos);
    if (rc) return zkfl_snark_fail(rc, "%s: record %u: %s: %s", r->name, rec + 1, what, zkfl_strerror(rc));
    r->pos += 128;
    return 0;
}

static int get_pok(zkfl_cg_pok *k, reader *r, uint32_t rec)
{
    int rc;
    if ((rc = get_g1(&k->g1_s, r, rec, "proof of knowledge (s)")) ||
        (rc = get_g1(&k->g1_sx, r, rec, "proof of knowledge (s x)")) ||
        (rc = get_g2(&k->g2_spx, r, rec, "proof of knowledge (x H)")))
        return rc;
    return 0;
}

static int read_records(zkfl_cgroth16_ceremony *c, reader *r)
{
    int rc;
    uint32_t version;
    if ((rc = need(r, 4, "magic"))) return rc;
    if (memcmp(r->buf, CG_CEREMONY_MAGIC, 4) != 0)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: not a ceremony transcript (magic ZCGC expected)", r->name);
    r->pos = 4;
    if ((rc = get_u32(&version, r, "version"))) return rc;
    if (version != 1)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: version %u, this build reads version 1", r->name, version);
    if ((rc = need(r, 64, "initial hash"))) return rc;
    memcpy(c->initial, r->buf + r->pos, 64);
    r->pos += 64;
    uint32_t n;
    if ((rc = get_u32(&c->n_groups, r, "n_groups")) || (rc = get_u32(&n, r, "n"))) return rc;
    if (c->n_groups > ZKFL_CGROTH16_MAX_GROUPS)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %u groups (at most %d)", r->name, c->n_groups,
                               ZKFL_CGROTH16_MAX_GROUPS);
    size_t min_record = 4 + 64 + POK_BYTES + (size_t)c->n_groups * (128 + POK_BYTES) + 64;
    if (n > (r->len - r->pos) / min_record)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %u records exceed the file", r->name, n);
    c->c = calloc(n ? n : 1, sizeof *c->c);
    if (c->c == NULL) return ZKFL_ERR_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        zkfl_cg_contribution *k = &c->c[i];
        uint32_t nl;
        if ((rc = get_u32(&nl, r, "name length"))) return rc;
        if (nl > CG_NAME_MAX)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: record %u: name of %u bytes (at most %d)", r->name, i + 1, nl,
                                   CG_NAME_MAX);
        if ((rc = need(r, nl, "name"))) return rc;
        if (memchr(r->buf + r->pos, 0, nl) != NULL)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: record %u: NUL byte in the name", r->name, i + 1);
        memcpy(k->name, r->buf + r->pos, nl);
        r->pos += nl;
        if ((rc = get_g1(&k->delta_after, r, i, "delta")) || (rc = get_pok(&k->delta_pok, r, i))) return rc;
        for (uint32_t g = 0; g < c->n_groups; g++)
            if ((rc = get_g2(&k->sigma_after[g], r, i, "sigma")) || (rc = get_pok(&k->sigma_pok[g], r, i))) return rc;
        if ((rc = need(r, 64, "record hash"))) return rc;
        memcpy(k->hash, r->buf + r->pos, 64);
        r->pos += 64;
        c->n = i + 1;
    }
    if (r->pos != r->len) return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %zu trailing bytes", r->name, r->len - r->pos);
    return 0;
}

int zkfl_cgroth16_ceremony_read_mem(zkfl_cgroth16_ceremony **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL || (buf == NULL && len > 0)) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_snark_clear_error();
    zkfl_cgroth16_ceremony *c = calloc(1, sizeof *c);
    if (c == NULL) return ZKFL_ERR_NOMEM;
    reader r = {buf, len, 0, name ? name : "ceremony transcript"};
    int rc = read_records(c, &r);
    if (rc) {
        zkfl_cgroth16_ceremony_free(c);
        return rc;
    }
    *out = c;
    return 0;
}
