/* Commit-carrying Groth16 binary formats (docs/PROTOCOL.md, "Formats").
 * All integers little-endian; G1 points 64 bytes and G2 points 128 bytes in
 * the EIP-196/197 encodings (uncompressed: keys are read often, and the
 * decoder's curve and subgroup checks are what makes them safe), proofs
 * compressed. Every reader bounds-checks each count against the bytes left
 * and rejects trailing bytes. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile.h"
#include "snark/cgroth16_internal.h"

/* ---- growable output ---- */
typedef struct {
    uint8_t *buf;
    size_t len, cap;
    int err;
} wbuf;

static uint8_t *wb_take(wbuf *w, size_t n)
{
    if (w->err) return NULL;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 1024;
        while (cap < w->len + n) cap *= 2;
        uint8_t *nb = realloc(w->buf, cap);
        if (nb == NULL) {
            w->err = ZKFL_ERR_NOMEM;
            return NULL;
        }
        w->buf = nb;
        w->cap = cap;
    }
    uint8_t *p = w->buf + w->len;
    w->len += n;
    return p;
}

static void wb_bytes(wbuf *w, const void *src, size_t n)
{
    uint8_t *p = wb_take(w, n);
    if (p) memcpy(p, src, n);
}

static void wb_u32(wbuf *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    wb_bytes(w, b, 4);
}

static void wb_u64(wbuf *w, uint64_t v)
{
    wb_u32(w, (uint32_t)v);
    wb_u32(w, (uint32_t)(v >> 32));
}

static void wb_g1(wbuf *w, const zkfl_g1_affine *p)
{
    uint8_t *b = wb_take(w, 64);
    if (b) zkfl_g1_to_bytes_eth(b, p);
}

static void wb_g2(wbuf *w, const zkfl_g2_affine *p)
{
    uint8_t *b = wb_take(w, 128);
    if (b) zkfl_g2_to_bytes_eth(b, p);
}

/* ---- bounded input ---- */
typedef struct {
    const uint8_t *buf;
    size_t len, pos;
    const char *name;
} rbuf;

static int rb_need(rbuf *r, size_t n, const char *what)
{
    if (n > r->len - r->pos)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: truncated at byte %zu (%s needs %zu bytes, %zu left)", r->name,
                               r->pos, what, n, r->len - r->pos);
    return 0;
}

static int rb_u32(uint32_t *v, rbuf *r, const char *what)
{
    int rc = rb_need(r, 4, what);
    if (rc) return rc;
    const uint8_t *b = r->buf + r->pos;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    r->pos += 4;
    return 0;
}

static int rb_u64(uint64_t *v, rbuf *r, const char *what)
{
    uint32_t lo, hi;
    int rc = rb_u32(&lo, r, what);
    if (!rc) rc = rb_u32(&hi, r, what);
    *v = (uint64_t)hi << 32 | lo;
    return rc;
}

static int rb_g1(zkfl_g1_affine *p, rbuf *r, const char *what)
{
    int rc = rb_need(r, 64, what);
    if (rc) return rc;
    rc = zkfl_g1_from_bytes_eth(p, r->buf + r->pos);
    if (rc) return zkfl_snark_fail(rc, "%s: %s at byte %zu: %s", r->name, what, r->pos, zkfl_strerror(rc));
    r->pos += 64;
    return 0;
}

static int rb_g2(zkfl_g2_affine *p, rbuf *r, const char *what)
{
    int rc = rb_need(r, 128, what);
    if (rc) return rc;
    rc = zkfl_g2_from_bytes_eth(p, r->buf + r->pos);
    if (rc) return zkfl_snark_fail(rc, "%s: %s at byte %zu: %s", r->name, what, r->pos, zkfl_strerror(rc));
    r->pos += 128;
    return 0;
}

static int rb_magic(rbuf *r, const char magic[4])
{
    uint32_t version;
    int rc = rb_need(r, 4, "magic");
    if (rc) return rc;
    if (memcmp(r->buf, magic, 4) != 0)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: not a %.4s file (bad magic)", r->name, magic);
    r->pos = 4;
    if ((rc = rb_u32(&version, r, "version"))) return rc;
    if (version != CG_VERSION)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: version %u, this build reads version %d", r->name,
                               version, CG_VERSION);
    return 0;
}

/* ---- verification key ----
 * "ZCGV" u32 version, u32 n_public, alpha1 G1, beta2 gamma2 delta2 G2,
 * IC[n_public + 1] G1, u32 n_groups, per group: u32 size, u32 wires[size],
 * G1 bases[size], G2 -sigma; u32 n_challenges, per challenge: u32 wire,
 * u32 n, u32 groups[n]. */
static void vk_write(wbuf *w, const zkfl_cgroth16_vk *vk)
{
    wb_bytes(w, CG_VK_MAGIC, 4);
    wb_u32(w, CG_VERSION);
    wb_u32(w, vk->n_public);
    wb_g1(w, &vk->alpha1);
    wb_g2(w, &vk->beta2);
    wb_g2(w, &vk->gamma2);
    wb_g2(w, &vk->delta2);
    for (size_t s = 0; s <= vk->n_public; s++) wb_g1(w, &vk->ic[s]);
    wb_u32(w, vk->n_groups);
    for (uint32_t g = 0; g < vk->n_groups; g++) {
        uint32_t off = vk->group_start[g], n = vk->group_start[g + 1] - off;
        wb_u32(w, n);
        for (uint32_t t = 0; t < n; t++) wb_u32(w, vk->wires[off + t]);
        for (uint32_t t = 0; t < n; t++) wb_g1(w, &vk->bases[off + t]);
        wb_g2(w, &vk->sigma_neg[g]);
    }
    wb_u32(w, vk->n_challenges);
    for (uint32_t k = 0; k < vk->n_challenges; k++) {
        wb_u32(w, vk->ch_wire[k]);
        wb_u32(w, vk->ch_n[k]);
        for (uint32_t t = 0; t < vk->ch_n[k]; t++) wb_u32(w, vk->ch_groups[k][t]);
    }
}

int zkfl_cgroth16_vk_write_mem(uint8_t **out, size_t *out_len, const zkfl_cgroth16_vk *vk)
{
    if (out == NULL || out_len == NULL || vk == NULL) return ZKFL_ERR_INVALID_ARG;
    wbuf w = {0};
    vk_write(&w, vk);
    if (w.err) {
        free(w.buf);
        return w.err;
    }
    *out = w.buf;
    *out_len = w.len;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* No wire may be committed twice (in one group or across groups). Sorted
 * copy: a pairwise scan is quadratic, seconds at d = 100,000. */
static int check_wires_distinct(const uint32_t *wires, size_t n, const char *name)
{
    if (n < 2) return 0;
    uint32_t *w = malloc(n * sizeof *w);
    if (w == NULL) return ZKFL_ERR_NOMEM;
    memcpy(w, wires, n * sizeof *w);
    qsort(w, n, sizeof *w, cmp_u32);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++)
        if (w[i] == w[i - 1])
            rc = zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: wire %u is committed twice", name, w[i]);
    free(w);
    return rc;
}

static int vk_read(zkfl_cgroth16_vk *vk, rbuf *r)
{
    int rc;
    memset(vk, 0, sizeof *vk);
    if ((rc = rb_magic(r, CG_VK_MAGIC))) return rc;
    if ((rc = rb_u32(&vk->n_public, r, "n_public"))) return rc;
    if ((rc = rb_g1(&vk->alpha1, r, "alpha")) || (rc = rb_g2(&vk->beta2, r, "beta")) ||
        (rc = rb_g2(&vk->gamma2, r, "gamma")) || (rc = rb_g2(&vk->delta2, r, "delta")))
        return rc;
    if (zkfl_g2_affine_is_infinity(&vk->gamma2) || zkfl_g2_affine_is_infinity(&vk->delta2))
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: gamma or delta is the point at infinity", r->name);
    if ((uint64_t)vk->n_public + 1 > (r->len - r->pos) / 64)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: n_public %u exceeds the file", r->name, vk->n_public);
    vk->ic = malloc(((size_t)vk->n_public + 1) * sizeof *vk->ic);
    if (vk->ic == NULL) return ZKFL_ERR_NOMEM;
    for (size_t s = 0; s <= vk->n_public; s++)
        if ((rc = rb_g1(&vk->ic[s], r, "IC"))) return rc;
    if ((rc = rb_u32(&vk->n_groups, r, "n_groups"))) return rc;
    if (vk->n_groups > ZKFL_CGROTH16_MAX_GROUPS)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %u commitment groups (at most %d)", r->name, vk->n_groups,
                               ZKFL_CGROTH16_MAX_GROUPS);
    /* Group sizes first pass is not possible (interleaved), so grow. */
    size_t total = 0, cap = 0;
    for (uint32_t g = 0; g < vk->n_groups; g++) {
        uint32_t n;
        if ((rc = rb_u32(&n, r, "group size"))) return rc;
        if (n == 0 || (uint64_t)n > (r->len - r->pos) / 68)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: group %u: size %u is zero or exceeds the file", r->name, g, n);
        vk->group_start[g] = (uint32_t)total;
        if (total + n > cap) {
            cap = total + n;
            uint32_t *nw = realloc(vk->wires, cap * sizeof *nw);
            if (nw == NULL) return ZKFL_ERR_NOMEM;
            vk->wires = nw;
            zkfl_g1_affine *nb = realloc(vk->bases, cap * sizeof *nb);
            if (nb == NULL) return ZKFL_ERR_NOMEM;
            vk->bases = nb;
        }
        for (uint32_t t = 0; t < n; t++) {
            if ((rc = rb_u32(&vk->wires[total + t], r, "wire"))) return rc;
            if (vk->wires[total + t] <= vk->n_public)
                return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: group %u commits to public wire %u", r->name, g,
                                       vk->wires[total + t]);
        }
        for (uint32_t t = 0; t < n; t++)
            if ((rc = rb_g1(&vk->bases[total + t], r, "commitment basis"))) return rc;
        if ((rc = rb_g2(&vk->sigma_neg[g], r, "sigma"))) return rc;
        if (zkfl_g2_affine_is_infinity(&vk->sigma_neg[g]))
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: group %u: sigma is the point at infinity", r->name, g);
        total += n;
    }
    vk->group_start[vk->n_groups] = (uint32_t)total;
    if ((rc = check_wires_distinct(vk->wires, total, r->name))) return rc;
    if ((rc = rb_u32(&vk->n_challenges, r, "n_challenges"))) return rc;
    if (vk->n_challenges > ZKFL_CGROTH16_MAX_CHALLENGES)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %u challenges (at most %d)", r->name, vk->n_challenges,
                               ZKFL_CGROTH16_MAX_CHALLENGES);
    for (uint32_t k = 0; k < vk->n_challenges; k++) {
        if ((rc = rb_u32(&vk->ch_wire[k], r, "challenge wire")) || (rc = rb_u32(&vk->ch_n[k], r, "challenge groups")))
            return rc;
        if (vk->ch_wire[k] == 0 || vk->ch_wire[k] > vk->n_public)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: challenge %u: wire %u is not public", r->name, k,
                                   vk->ch_wire[k]);
        for (uint32_t j = 0; j < k; j++)
            if (vk->ch_wire[j] == vk->ch_wire[k])
                return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: wire %u is two challenges", r->name, vk->ch_wire[k]);
        if (vk->ch_n[k] == 0 || vk->ch_n[k] > ZKFL_CGROTH16_MAX_GROUPS)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: challenge %u depends on %u groups", r->name, k, vk->ch_n[k]);
        for (uint32_t t = 0; t < vk->ch_n[k]; t++) {
            if ((rc = rb_u32(&vk->ch_groups[k][t], r, "challenge group"))) return rc;
            if (vk->ch_groups[k][t] >= vk->n_groups)
                return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: challenge %u: no group %u", r->name, k,
                                       vk->ch_groups[k][t]);
        }
    }
    if ((rc = zkfl_cg_check_bases(vk))) return rc;
    return zkfl_cg_vk_update_digest(vk);
}

int zkfl_cgroth16_vk_read_mem(zkfl_cgroth16_vk **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL || (buf == NULL && len > 0)) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_snark_clear_error();
    zkfl_cgroth16_vk *vk = calloc(1, sizeof *vk);
    if (vk == NULL) return ZKFL_ERR_NOMEM;
    rbuf r = {buf, len, 0, name ? name : "verification key"};
    int rc = vk_read(vk, &r);
    if (rc == 0 && r.pos != len)
        rc = zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %zu trailing bytes", r.name, len - r.pos);
    if (rc) {
        zkfl_cgroth16_vk_free(vk);
        return rc;
    }
    *out = vk;
    return 0;
}

/* ---- proving key ----
 * "ZCGK" u32 version, u64 vk length, the verification key, u64 zkey
 * length, the Groth16 key as a snarkjs .zkey (committed wires' C points at
 * infinity), then sigma_j P_i (G1) for every committed wire in vk order. */
int zkfl_cgroth16_pk_write_mem(uint8_t **out, size_t *out_len, const zkfl_cgroth16_pk *pk)
{
    if (out == NULL || out_len == NULL || pk == NULL) return ZKFL_ERR_INVALID_ARG;
    uint8_t *zbuf = NULL;
    size_t zlen = 0;
    int rc = zkfl_zkey_write_mem(&zbuf, &zlen, pk->zk);
    if (rc) return rc;
    wbuf vw = {0}, w = {0};
    vk_write(&vw, &pk->vk);
    wb_bytes(&w, CG_PK_MAGIC, 4);
    wb_u32(&w, CG_VERSION);
    wb_u64(&w, vw.len);
    if (!vw.err) wb_bytes(&w, vw.buf, vw.len);
    wb_u64(&w, zlen);
    wb_bytes(&w, zbuf, zlen);
    for (size_t i = 0; i < pk->vk.group_start[pk->vk.n_groups]; i++) wb_g1(&w, &pk->sigma_bases[i]);
    free(zbuf);
    rc = vw.err ? vw.err : w.err;
    free(vw.buf);
    if (rc) {
        free(w.buf);
        return rc;
    }
    *out = w.buf;
    *out_len = w.len;
    return 0;
}

static int g1_same(const zkfl_g1_affine *a, const zkfl_g1_affine *b) { return memcmp(a, b, sizeof *a) == 0; }
static int g2_same(const zkfl_g2_affine *a, const zkfl_g2_affine *b) { return memcmp(a, b, sizeof *a) == 0; }

static int pk_read(zkfl_cgroth16_pk *pk, rbuf *r)
{
    int rc;
    uint64_t vlen, zlen;
    if ((rc = rb_magic(r, CG_PK_MAGIC)) || (rc = rb_u64(&vlen, r, "vk length"))) return rc;
    if ((rc = rb_need(r, vlen, "verification key"))) return rc;
    rbuf vr = {r->buf + r->pos, (size_t)vlen, 0, r->name};
    if ((rc = vk_read(&pk->vk, &vr))) return rc;
    if (vr.pos != vlen)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: verification key: %zu trailing bytes", r->name, (size_t)vlen - vr.pos);
    r->pos += vlen;
    if ((rc = rb_u64(&zlen, r, "zkey length")) || (rc = rb_need(r, zlen, "Groth16 key"))) return rc;
    if ((rc = zkfl_zkey_read_mem(&pk->zk, r->buf + r->pos, (size_t)zlen, r->name))) return rc;
    r->pos += zlen;
    const zkfl_zkey *zk = pk->zk;
    const zkfl_cgroth16_vk *vk = &pk->vk;
    if (zk->n_public != vk->n_public || !g1_same(&zk->alpha1, &vk->alpha1) || !g2_same(&zk->beta2, &vk->beta2) ||
        !g2_same(&zk->gamma2, &vk->gamma2) || !g2_same(&zk->delta2, &vk->delta2))
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: the Groth16 key does not match the verification key", r->name);
    for (size_t s = 0; s <= vk->n_public; s++)
        if (!g1_same(&zk->ic[s], &vk->ic[s]))
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: IC[%zu] differs between the keys", r->name, s);
    size_t total = vk->group_start[vk->n_groups];
    for (size_t i = 0; i < total; i++) {
        if (vk->wires[i] >= zk->n_vars)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: committed wire %u >= %u wires", r->name, vk->wires[i], zk->n_vars);
        if (!zkfl_g1_affine_is_infinity(&zk->c[vk->wires[i] - vk->n_public - 1]))
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: committed wire %u still has a C point", r->name, vk->wires[i]);
    }
    if ((uint64_t)total > (r->len - r->pos) / 64)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: truncated sigma bases", r->name);
    pk->sigma_bases = malloc((total ? total : 1) * sizeof *pk->sigma_bases);
    if (pk->sigma_bases == NULL) return ZKFL_ERR_NOMEM;
    for (size_t i = 0; i < total; i++)
        if ((rc = rb_g1(&pk->sigma_bases[i], r, "sigma basis"))) return rc;
    return 0;
}

int zkfl_cgroth16_pk_read_mem(zkfl_cgroth16_pk **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL || (buf == NULL && len > 0)) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_snark_clear_error();
    zkfl_cgroth16_pk *pk = calloc(1, sizeof *pk);
    if (pk == NULL) return ZKFL_ERR_NOMEM;
    rbuf r = {buf, len, 0, name ? name : "proving key"};
    int rc = pk_read(pk, &r);
    if (rc == 0 && r.pos != len)
        rc = zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %zu trailing bytes", r.name, len - r.pos);
    if (rc) {
        zkfl_cgroth16_pk_free(pk);
        return rc;
    }
    *out = pk;
    return 0;
}

/* ---- proof ---- */
size_t zkfl_cgroth16_proof_size(size_t m) { return 4 + 1 + 1 + 32 + 64 + 32 + 32 * m + 32; }

int zkfl_cgroth16_proof_to_bytes(uint8_t *out, size_t out_len, const zkfl_cgroth16_proof *p)
{
    if (out == NULL || p == NULL || p->n_commitments > ZKFL_CGROTH16_MAX_GROUPS) return ZKFL_ERR_INVALID_ARG;
    if (out_len != zkfl_cgroth16_proof_size(p->n_commitments)) return ZKFL_ERR_INVALID_ARG;
    memcpy(out, CG_PROOF_MAGIC, 4);
    out[4] = CG_VERSION;
    out[5] = (uint8_t)p->n_commitments;
    zkfl_g1_to_bytes_compressed(out + 6, &p->a);
    zkfl_g2_to_bytes_compressed(out + 38, &p->b);
    zkfl_g1_to_bytes_compressed(out + 102, &p->c);
    size_t o = 134;
    for (uint32_t j = 0; j < p->n_commitments; j++, o += 32) zkfl_g1_to_bytes_compressed(out + o, &p->d[j]);
    zkfl_g1_to_bytes_compressed(out + o, &p->pok);
    return 0;
}

int zkfl_cgroth16_proof_from_bytes(zkfl_cgroth16_proof *p, const uint8_t *in, size_t len)
{
    if (p == NULL || (in == NULL && len > 0)) return ZKFL_ERR_INVALID_ARG;
    zkfl_snark_clear_error();
    memset(p, 0, sizeof *p);
    if (len < 6 || memcmp(in, CG_PROOF_MAGIC, 4) != 0)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "proof: bad magic (expected ZCGP)");
    if (in[4] != CG_VERSION)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "proof: version %u, this build reads version %d", in[4], CG_VERSION);
    if (in[5] > ZKFL_CGROTH16_MAX_GROUPS || len != zkfl_cgroth16_proof_size(in[5]))
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "proof: %zu bytes for %u commitments (expected %zu)", len, in[5],
                               in[5] > ZKFL_CGROTH16_MAX_GROUPS ? 0 : zkfl_cgroth16_proof_size(in[5]));
    p->n_commitments = in[5];
    int rc;
    if ((rc = zkfl_g1_from_bytes_compressed(&p->a, in + 6)))
        return zkfl_snark_fail(rc, "proof: A: %s", zkfl_strerror(rc));
    if ((rc = zkfl_g2_from_bytes_compressed(&p->b, in + 38)))
        return zkfl_snark_fail(rc, "proof: B: %s", zkfl_strerror(rc));
    if ((rc = zkfl_g1_from_bytes_compressed(&p->c, in + 102)))
        return zkfl_snark_fail(rc, "proof: C: %s", zkfl_strerror(rc));
    size_t o = 134;
    for (uint32_t j = 0; j < p->n_commitments; j++, o += 32)
        if ((rc = zkfl_g1_from_bytes_compressed(&p->d[j], in + o)))
            return zkfl_snark_fail(rc, "proof: commitment %u: %s", j, zkfl_strerror(rc));
    if ((rc = zkfl_g1_from_bytes_compressed(&p->pok, in + o)))
        return zkfl_snark_fail(rc, "proof: knowledge proof: %s", zkfl_strerror(rc));
    return 0;
}
