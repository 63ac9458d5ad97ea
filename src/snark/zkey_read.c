/* Reading snarkjs Groth16 .zkey files (protocol 1). The file is mapped and
 * each point section decoded in parallel straight into its array. */
#include <stdlib.h>
#include <string.h>
#include "snark/zkey_internal.h"

/* R^2 and R^-2 mod r (R = 2^256), little-endian canonical bytes. */
static const uint8_t r2_le[32] = {
    0xa7, 0x6d, 0x21, 0xae, 0x45, 0xe6, 0xb8, 0x1b, 0xe3, 0x59, 0x5c, 0xe3, 0xb1, 0x3a, 0xfe, 0x53,
    0x85, 0x80, 0xbb, 0x53, 0x3d, 0x83, 0x49, 0x8c, 0xa5, 0x44, 0x4e, 0x7f, 0xb1, 0xd0, 0x16, 0x02};
static const uint8_t r2inv_le[32] = {
    0x48, 0x11, 0xc7, 0xd3, 0x81, 0xba, 0x12, 0xae, 0x28, 0x24, 0x8e, 0xb3, 0x70, 0x82, 0xf2, 0x52,
    0xeb, 0xed, 0xa1, 0x79, 0xe3, 0xf3, 0x65, 0xe0, 0x1e, 0x63, 0x36, 0xe4, 0x75, 0xf7, 0xd5, 0x12};

void zkfl_zkey_coef_from_file(zkfl_fr *value, const zkfl_fr *stored)
{
    zkfl_fr k;
    zkfl_fr_from_bytes_le(&k, r2inv_le);
    zkfl_fr_mul(value, stored, &k);
}

void zkfl_zkey_coef_to_file(zkfl_fr *stored, const zkfl_fr *value)
{
    zkfl_fr k;
    zkfl_fr_from_bytes_le(&k, r2_le);
    zkfl_fr_mul(stored, value, &k);
}

int zkfl_zkey_alloc_arrays(zkfl_zkey *zk)
{
    size_t nv = zk->n_vars, np = (size_t)zk->n_public + 1;
    zk->ic = calloc(np, sizeof *zk->ic);
    zk->coefs = calloc(zk->n_coefs ? zk->n_coefs : 1, sizeof *zk->coefs);
    zk->a = calloc(nv, sizeof *zk->a);
    zk->b1 = calloc(nv, sizeof *zk->b1);
    zk->b2 = calloc(nv, sizeof *zk->b2);
    zk->c = calloc(nv - np ? nv - np : 1, sizeof *zk->c);
    zk->h = calloc(zk->domain_size, sizeof *zk->h);
    if (!zk->ic || !zk->coefs || !zk->a || !zk->b1 || !zk->b2 || !zk->c || !zk->h) return ZKFL_ERR_NOMEM;
    return 0;
}

/* Frees an array unless it lies in the key's file mapping. */
static void free_array(const zkfl_zkey *zk, void *p)
{
    const uint8_t *m = zk->mapping, *q = p;
    if (m != NULL && q >= m && q < m + zk->mapping_len) return;
    free(p);
}

void zkfl_zkey_free(zkfl_zkey *zk)
{
    if (zk == NULL) return;
    free(zk->ic);
    free(zk->coefs);
    free_array(zk, zk->a);
    free_array(zk, zk->b1);
    free_array(zk, zk->b2);
    free_array(zk, zk->c);
    free_array(zk, zk->h);
    free(zk->contributions);
    if (zk->mapping != NULL && zk->owns_mapping) {
        zkfl_mapped_file m = {zk->mapping, zk->mapping_len, (void *)(uintptr_t)zk->mapping};
        zkfl_unmap_file(&m);
    }
    free(zk);
}

/* Finds a section and checks its exact size. */
static int sized_section(const uint8_t **data, const zkfl_binfile *bf, uint32_t type, const char *what,
                         uint64_t expected)
{
    const zkfl_bin_section *s;
    int err = zkfl_binfile_section(&s, bf, type, what);
    if (err) return err;
    if (s->size != expected)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %u (%s): %llu bytes, expected %llu",
                               bf->name, type, what, (unsigned long long)s->size,
                               (unsigned long long)expected);
    *data = bf->buf + s->offset;
    return 0;
}

static int read_header(zkfl_zkey *zk, const zkfl_binfile *bf)
{
    const zkfl_bin_section *s;
    zkfl_cursor c;
    uint32_t protocol;
    int err;
    if ((err = zkfl_binfile_section(&s, bf, ZKEY_SEC_HEADER, "protocol")) != 0) return err;
    zkfl_cursor_init(&c, bf, s, "1 (protocol)");
    if ((err = zkfl_cursor_u32(&protocol, &c)) != 0) return err;
    if (protocol != 1)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: protocol %u (%s) is not supported, only Groth16",
                               bf->name, protocol, protocol == 2 ? "PLONK" : protocol == 10 ? "FFLONK" : "unknown");
    if ((err = zkfl_cursor_end(&c)) != 0) return err;

    if ((err = zkfl_binfile_section(&s, bf, ZKEY_SEC_GROTH, "Groth16 header")) != 0) return err;
    zkfl_cursor_init(&c, bf, s, "2 (Groth16 header)");
    const uint8_t *p = NULL;
    if ((err = zkfl_cursor_prime(&c, zkfl_bn254_p_le, "base")) != 0) return err;
    if ((err = zkfl_cursor_prime(&c, zkfl_bn254_r_le, "scalar")) != 0) return err;
    if ((err = zkfl_cursor_u32(&zk->n_vars, &c)) || (err = zkfl_cursor_u32(&zk->n_public, &c)) ||
        (err = zkfl_cursor_u32(&zk->domain_size, &c)))
        return err;
    if ((err = zkfl_cursor_bytes(&p, &c, 3 * 64 + 3 * 128)) != 0) return err;
    if ((err = zkfl_cursor_end(&c)) != 0) return err;
    if (zk->n_vars == 0 || zk->n_public >= zk->n_vars)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 2 (Groth16 header): %u public of %u variables",
                               bf->name, zk->n_public, zk->n_vars);
    uint32_t d = zk->domain_size;
    if (d == 0 || (d & (d - 1)) != 0 || d > (1u << 28))
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 2 (Groth16 header): domain size %u is not a power of two <= 2^28",
                               bf->name, d);
    zk->power = 0;
    while ((1u << zk->power) < d) zk->power++;
    /* alpha1, beta1, beta2, gamma2, delta1, delta2 in file order. */
    if ((err = zkfl_decode_g1_lem(&zk->alpha1, p, 1, bf, "2 (alpha1)")) ||
        (err = zkfl_decode_g1_lem(&zk->beta1, p + 64, 1, bf, "2 (beta1)")) ||
        (err = zkfl_decode_g2_lem(&zk->beta2, p + 128, 1, bf, "2 (beta2)")) ||
        (err = zkfl_decode_g2_lem(&zk->gamma2, p + 256, 1, bf, "2 (gamma2)")) ||
        (err = zkfl_decode_g1_lem(&zk->delta1, p + 384, 1, bf, "2 (delta1)")) ||
        (err = zkfl_decode_g2_lem(&zk->delta2, p + 448, 1, bf, "2 (delta2)")))
        return err;
    return 0;
}

/* Section 4 in parallel: each entry's indices are range-checked and its
 * stored value s = v R^2 (canonical) becomes v. Read as Montgomery limbs,
 * s means s / R, so one multiplication by the element whose limbs are 1
 * (1 / R) gives s / R^2 = v: one multiplication instead of a conversion
 * into Montgomery form and a multiplication by R^-2. */
typedef struct {
    zkfl_zkey *zk;
    const uint8_t *src;
    zkfl_fr one_raw;
    size_t worker_bad[64];
    int worker_err[64];
} coefs_job;

static void coefs_range(void *ctx, size_t begin, size_t end, int worker)
{
    coefs_job *j = ctx;
    zkfl_zkey *zk = j->zk;
    int w = worker & 63;
    const uint8_t *p = j->src + begin * 44;
    for (size_t i = begin; i < end; i++, p += 44) {
        zkfl_zkey_coef *co = &zk->coefs[i];
        co->matrix = zkfl_load_u32le(p);
        co->constraint = zkfl_load_u32le(p + 4);
        co->signal = zkfl_load_u32le(p + 8);
        zkfl_fr stored;
        int err = 0;
        if (co->matrix > 1 || co->constraint >= zk->domain_size || co->signal >= zk->n_vars)
            err = ZKFL_ERR_FORMAT;
        else if (zkfl_fr_from_bytes_lem(&stored, p + 12) != 0)
            err = ZKFL_ERR_NOT_CANONICAL;
        if (err) {
            if (j->worker_err[w] == 0 || i < j->worker_bad[w]) {
                j->worker_err[w] = err;
                j->worker_bad[w] = i;
            }
            return;
        }
        zkfl_fr_mul(&co->value, &stored, &j->one_raw);
    }
}

static int read_coefs(zkfl_zkey *zk, const zkfl_binfile *bf, const zkfl_bin_section *s)
{
    coefs_job j;
    memset(&j, 0, sizeof j);
    j.zk = zk;
    j.src = bf->buf + s->offset + 4;   /* after the count */
    static const uint8_t one_le[32] = {1};
    zkfl_fr_from_bytes_lem(&j.one_raw, one_le);
    int err = zkfl_parallel_for(zk->n_coefs, zk->n_coefs < 4096 ? 1 : 0, coefs_range, &j);
    if (err) return err;
    size_t bad = SIZE_MAX;
    int bad_err = 0;
    for (int w = 0; w < 64; w++)
        if (j.worker_err[w] != 0 && j.worker_bad[w] < bad) {
            bad = j.worker_bad[w];
            bad_err = j.worker_err[w];
        }
    if (bad_err == 0) return 0;
    const zkfl_zkey_coef *co = &zk->coefs[bad];
    if (bad_err == ZKFL_ERR_FORMAT)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 4 (coefficients): entry %zu (matrix %u, constraint %u, signal %u) is out of range",
                               bf->name, bad, co->matrix, co->constraint, co->signal);
    return zkfl_snark_fail(ZKFL_ERR_NOT_CANONICAL, "%s: section 4 (coefficients): entry %zu has a value >= r",
                           bf->name, bad);
}

static int read_mpc(zkfl_zkey *zk, const zkfl_binfile *bf)
{
    if (!zkfl_binfile_has(bf, ZKEY_SEC_MPC)) return 0;
    const zkfl_bin_section *s;
    zkfl_cursor c;
    const uint8_t *p = NULL;
    uint32_t n;
    int err;
    if ((err = zkfl_binfile_section(&s, bf, ZKEY_SEC_MPC, "contributions")) != 0) return err;
    zkfl_cursor_init(&c, bf, s, "10 (contributions)");
    if ((err = zkfl_cursor_bytes(&p, &c, 64)) != 0) return err;
    memcpy(zk->cs_hash, p, 64);
    if ((err = zkfl_cursor_u32(&n, &c)) != 0) return err;
    /* A contribution takes at least 3*64 + 128 + 64 + 8 bytes. */
    if ((uint64_t)n * 392 > c.left)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 10 (contributions): %u contributions cannot fit",
                               bf->name, n);
    zk->contributions = calloc(n ? n : 1, sizeof *zk->contributions);
    if (zk->contributions == NULL) return ZKFL_ERR_NOMEM;
    zk->n_contributions = n;
    zk->has_mpc = 1;
    for (uint32_t i = 0; i < n; i++) {
        zkfl_zkey_contribution *k = &zk->contributions[i];
        if ((err = zkfl_cursor_bytes(&p, &c, 3 * 64 + 128 + 64)) != 0) return err;
        if ((err = zkfl_decode_g1_lem(&k->delta_after, p, 1, bf, "10 (contribution deltaAfter)")) ||
            (err = zkfl_decode_g1_lem(&k->g1_s, p + 64, 1, bf, "10 (contribution g1_s)")) ||
            (err = zkfl_decode_g1_lem(&k->g1_sx, p + 128, 1, bf, "10 (contribution g1_sx)")) ||
            (err = zkfl_decode_g2_lem(&k->g2_spx, p + 192, 1, bf, "10 (contribution g2_spx)")))
            return err;
        memcpy(k->transcript, p + 320, 64);
        if ((err = zkfl_cursor_u32(&k->type, &c)) != 0) return err;
        if ((err = zkfl_read_contribution_params(k->name, &k->num_iterations_exp, k->beacon_hash,
                                                 &k->beacon_hash_len, &c)) != 0)
            return err;
    }
    return zkfl_cursor_end(&c);
}

/* The prover's point arrays: used in place when the file's bytes already
 * are the in-memory layout (LEM coordinates are zkfl's Montgomery limbs),
 * copied otherwise; coordinates are checked canonical either way. */
static int prover_points(void **dst, const uint8_t *src, size_t n, int g2, const zkfl_binfile *bf,
                         const char *what)
{
    size_t size = g2 ? sizeof(zkfl_g2_affine) : sizeof(zkfl_g1_affine);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    int in_place = ((uintptr_t)src % _Alignof(zkfl_g1_affine)) == 0 && size == (g2 ? 128u : 64u);
#else
    int in_place = 0;
#endif
    if (!in_place && (*dst = malloc(n ? n * size : 1)) == NULL) return ZKFL_ERR_NOMEM;
    int err = g2 ? zkfl_check_g2_lem_canonical(in_place ? NULL : *dst, src, n, bf, what)
                 : zkfl_check_g1_lem_canonical(in_place ? NULL : *dst, src, n, bf, what);
    if (in_place) *dst = (void *)(uintptr_t)src;
    return err;
}

static int read_body(zkfl_zkey *zk, const zkfl_binfile *bf, int in_place)
{
    int err = read_header(zk, bf);
    if (err) return err;
    const zkfl_bin_section *sc;
    if ((err = zkfl_binfile_section(&sc, bf, ZKEY_SEC_COEFS, "coefficients")) != 0) return err;
    if (sc->size < 4)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 4 (coefficients) is truncated", bf->name);
    uint32_t n_coefs = zkfl_load_u32le(bf->buf + sc->offset);
    if (sc->size != 4 + (uint64_t)n_coefs * 44)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 4 (coefficients): %llu bytes, expected %llu for %u entries",
                               bf->name, (unsigned long long)sc->size,
                               4 + (unsigned long long)n_coefs * 44, n_coefs);
    zk->n_coefs = n_coefs;
    uint64_t nv = zk->n_vars, np = (uint64_t)zk->n_public + 1;
    const uint8_t *ic = NULL, *a = NULL, *b1 = NULL, *b2 = NULL, *c = NULL, *h = NULL;
    /* Sizes first, so nothing is allocated for a file that cannot hold it. */
    if ((err = sized_section(&ic, bf, ZKEY_SEC_IC, "IC points", np * 64)) ||
        (err = sized_section(&a, bf, ZKEY_SEC_A, "A points", nv * 64)) ||
        (err = sized_section(&b1, bf, ZKEY_SEC_B1, "B1 points", nv * 64)) ||
        (err = sized_section(&b2, bf, ZKEY_SEC_B2, "B2 points", nv * 128)) ||
        (err = sized_section(&c, bf, ZKEY_SEC_C, "C points", (nv - np) * 64)) ||
        (err = sized_section(&h, bf, ZKEY_SEC_H, "H points", (uint64_t)zk->domain_size * 64)))
        return err;
    if (in_place) {
        zk->ic = calloc(np, sizeof *zk->ic);
        zk->coefs = calloc(zk->n_coefs ? zk->n_coefs : 1, sizeof *zk->coefs);
        if (zk->ic == NULL || zk->coefs == NULL) return ZKFL_ERR_NOMEM;
        if ((err = read_coefs(zk, bf, sc)) != 0 || (err = zkfl_decode_g1_lem(zk->ic, ic, np, bf, "3 (IC points)")) ||
            (err = prover_points((void **)&zk->a, a, nv, 0, bf, "5 (A points)")) ||
            (err = prover_points((void **)&zk->b1, b1, nv, 0, bf, "6 (B1 points)")) ||
            (err = prover_points((void **)&zk->b2, b2, nv, 1, bf, "7 (B2 points)")) ||
            (err = prover_points((void **)&zk->c, c, nv - np, 0, bf, "8 (C points)")) ||
            (err = prover_points((void **)&zk->h, h, zk->domain_size, 0, bf, "9 (H points)")))
            return err;
        return read_mpc(zk, bf);
    }
    if ((err = zkfl_zkey_alloc_arrays(zk)) != 0) return err;
    if ((err = read_coefs(zk, bf, sc)) != 0) return err;
    if ((err = zkfl_decode_g1_lem(zk->ic, ic, np, bf, "3 (IC points)")) ||
        (err = zkfl_decode_g1_lem(zk->a, a, nv, bf, "5 (A points)")) ||
        (err = zkfl_decode_g1_lem(zk->b1, b1, nv, bf, "6 (B1 points)")) ||
        (err = zkfl_decode_g2_lem_on_curve(zk->b2, b2, nv, bf, "7 (B2 points)")) ||
        (err = zkfl_decode_g1_lem(zk->c, c, nv - np, bf, "8 (C points)")) ||
        (err = zkfl_decode_g1_lem(zk->h, h, zk->domain_size, bf, "9 (H points)")))
        return err;
    return read_mpc(zk, bf);
}

int zkfl_zkey_read_mem(zkfl_zkey **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_binfile bf;
    int err = zkfl_binfile_open(&bf, buf, len, name, "zkey", 1);
    if (err) return err;
    zkfl_zkey *zk = calloc(1, sizeof *zk);
    if (zk == NULL) {
        zkfl_binfile_close(&bf);
        return ZKFL_ERR_NOMEM;
    }
    err = read_body(zk, &bf, 0);
    zkfl_binfile_close(&bf);
    if (err) {
        zkfl_zkey_free(zk);
        return err;
    }
    *out = zk;
    return 0;
}

int zkfl_zkey_read(zkfl_zkey **out, const char *path)
{
    if (out == NULL || path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_mapped_file m;
    int err = zkfl_map_file(&m, path);
    if (err) return err;
    err = zkfl_zkey_read_mem(out, m.buf, m.len, path);
    zkfl_unmap_file(&m);
    return err;
}

/* Reads buf into a key whose arrays may point into buf; when `map` is not
 * NULL the key takes ownership of that mapping (even on failure). */
static int read_prover(zkfl_zkey **out, const uint8_t *buf, size_t len, const char *name, void *map)
{
    *out = NULL;
    zkfl_zkey *zk = calloc(1, sizeof *zk);
    if (zk == NULL) {
        zkfl_mapped_file m = {buf, len, map};
        zkfl_unmap_file(&m);
        return ZKFL_ERR_NOMEM;
    }
    zk->mapping = buf;
    zk->mapping_len = len;
    zk->owns_mapping = map != NULL;
    zkfl_binfile bf;
    int err = zkfl_binfile_open(&bf, buf, len, name, "zkey", 1);
    if (!err) {
        err = read_body(zk, &bf, 1);
        zkfl_binfile_close(&bf);
    }
    if (err) {
        zkfl_zkey_free(zk);
        return err;
    }
    *out = zk;
    return 0;
}

int zkfl_zkey_read_prover_mem(zkfl_zkey **out, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL || (buf == NULL && len > 0)) return ZKFL_ERR_INVALID_ARG;
    return read_prover(out, buf, len, name, NULL);
}

int zkfl_zkey_read_prover(zkfl_zkey **out, const char *path)
{
    if (out == NULL || path == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    zkfl_mapped_file m;
    int err = zkfl_map_file(&m, path);
    if (err) return err;
    if (m.map == NULL) return read_prover(out, m.buf, m.len, path, NULL);   /* empty file */
    return read_prover(out, m.buf, m.len, path, m.map);
}
