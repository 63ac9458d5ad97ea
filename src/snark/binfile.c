/* The iden3 binary container and the shared reader/writer plumbing. */
#define _GNU_SOURCE
#include "snark/binfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const uint8_t zkfl_bn254_p_le[32] = {
    0x47, 0xfd, 0x7c, 0xd8, 0x16, 0x8c, 0x20, 0x3c, 0x8d, 0xca, 0x71, 0x68, 0x91, 0x6a, 0x81, 0x97,
    0x5d, 0x58, 0x81, 0x81, 0xb6, 0x45, 0x50, 0xb8, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30};
const uint8_t zkfl_bn254_r_le[32] = {
    0x01, 0x00, 0x00, 0xf0, 0x93, 0xf5, 0xe1, 0x43, 0x91, 0x70, 0xb9, 0x79, 0x48, 0xe8, 0x33, 0x28,
    0x5d, 0x58, 0x81, 0x81, 0xb6, 0x45, 0x50, 0xb8, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30};

static _Thread_local char last_error[512];

const char *zkfl_snark_last_error(void) { return last_error; }
void zkfl_snark_clear_error(void) { last_error[0] = '\0'; }

int zkfl_snark_fail(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return err;
}

/* ---- container ---- */

int zkfl_binfile_open(zkfl_binfile *bf, const uint8_t *buf, size_t len, const char *name,
                      const char magic[4], uint32_t max_version)
{
    memset(bf, 0, sizeof *bf);
    bf->buf = buf;
    bf->len = len;
    bf->name = name != NULL ? name : "(buffer)";
    if (buf == NULL && len != 0) return zkfl_snark_fail(ZKFL_ERR_INVALID_ARG, "%s: no data", bf->name);
    if (len < 12)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %zu bytes, too short for a %.4s file header",
                               bf->name, len, magic);
    if (memcmp(buf, magic, 4) != 0)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: not a %.4s file (bad magic)", bf->name, magic);
    bf->version = zkfl_load_u32le(buf + 4);
    if (bf->version < 1 || bf->version > max_version)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: %.4s version %u is not supported (max %u)",
                               bf->name, magic, bf->version, max_version);
    uint32_t n = zkfl_load_u32le(buf + 8);
    /* Each section needs at least its 12-byte header, which bounds n before
     * anything is allocated. */
    if ((uint64_t)n * 12 > len - 12)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: claims %u sections, the file is too short",
                               bf->name, n);
    bf->sections = calloc(n ? n : 1, sizeof *bf->sections);
    if (bf->sections == NULL) return ZKFL_ERR_NOMEM;
    size_t pos = 12;
    for (uint32_t i = 0; i < n; i++) {
        if (len - pos < 12) {
            zkfl_binfile_close(bf);
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %u header is truncated", bf->name, i);
        }
        uint32_t type = zkfl_load_u32le(buf + pos);
        uint64_t size = zkfl_load_u64le(buf + pos + 4);
        pos += 12;
        if (size > len - pos) {
            zkfl_binfile_close(bf);
            return zkfl_snark_fail(ZKFL_ERR_FORMAT,
                                   "%s: section type %u claims %llu bytes, only %zu remain",
                                   bf->name, type, (unsigned long long)size, len - pos);
        }
        bf->sections[i].type = type;
        bf->sections[i].offset = pos;
        bf->sections[i].size = size;
        pos += (size_t)size;
    }
    if (pos != len) {
        zkfl_binfile_close(bf);
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: %zu trailing bytes after the last section",
                               bf->name, len - pos);
    }
    bf->n_sections = n;
    return 0;
}

void zkfl_binfile_close(zkfl_binfile *bf)
{
    free(bf->sections);
    bf->sections = NULL;
    bf->n_sections = 0;
}

int zkfl_binfile_has(const zkfl_binfile *bf, uint32_t type)
{
    for (uint32_t i = 0; i < bf->n_sections; i++)
        if (bf->sections[i].type == type) return 1;
    return 0;
}

int zkfl_binfile_section(const zkfl_bin_section **out, const zkfl_binfile *bf, uint32_t type,
                         const char *what)
{
    const zkfl_bin_section *found = NULL;
    for (uint32_t i = 0; i < bf->n_sections; i++) {
        if (bf->sections[i].type != type) continue;
        if (found != NULL)
            return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %u (%s) appears more than once",
                                   bf->name, type, what);
        found = &bf->sections[i];
    }
    if (found == NULL)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %u (%s) is missing", bf->name, type, what);
    *out = found;
    return 0;
}

void zkfl_cursor_init(zkfl_cursor *c, const zkfl_binfile *bf, const zkfl_bin_section *s,
                      const char *what)
{
    c->p = bf->buf + s->offset;
    c->left = (size_t)s->size;
    c->bf = bf;
    c->what = what;
}

int zkfl_cursor_bytes(const uint8_t **out, zkfl_cursor *c, size_t n)
{
    if (n > c->left)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %s is truncated (needs %zu more bytes, has %zu)",
                               c->bf->name, c->what, n, c->left);
    *out = c->p;
    c->p += n;
    c->left -= n;
    return 0;
}

int zkfl_cursor_u32(uint32_t *out, zkfl_cursor *c)
{
    const uint8_t *p = NULL;
    int err = zkfl_cursor_bytes(&p, c, 4);
    if (err == 0) *out = zkfl_load_u32le(p);
    return err;
}

int zkfl_cursor_u64(uint64_t *out, zkfl_cursor *c)
{
    const uint8_t *p = NULL;
    int err = zkfl_cursor_bytes(&p, c, 8);
    if (err == 0) *out = zkfl_load_u64le(p);
    return err;
}

int zkfl_cursor_end(const zkfl_cursor *c)
{
    if (c->left != 0)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section %s has %zu unexpected trailing bytes",
                               c->bf->name, c->what, c->left);
    return 0;
}

int zkfl_cursor_prime(zkfl_cursor *c, const uint8_t expected[32], const char *field)
{
    uint32_t n8;
    const uint8_t *q = NULL;
    int err = zkfl_cursor_u32(&n8, c);
    if (err) return err;
    if (n8 != 32)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: section %s: %u-byte %s field, only BN254 (32 bytes) is supported",
                               c->bf->name, c->what, n8, field);
    if ((err = zkfl_cursor_bytes(&q, c, 32)) != 0) return err;
    if (memcmp(q, expected, 32) != 0)
        return zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: section %s: the %s prime is not BN254's",
                               c->bf->name, c->what, field);
    return 0;
}

/* ---- parallel point decoding ---- */

typedef struct {
    void *dst;
    const uint8_t *src;
    int g2;            /* 0: G1, 1: G2 with subgroup check, 2: G2 on-curve only,
                          3 / 4: G1 / G2 coordinates canonical only (dst may be NULL) */
    size_t first_bad;  /* SIZE_MAX: none */
    int err;
    int worker_err[64];
    size_t worker_bad[64];
} decode_job;

/* Canonical coordinates and the curve equation, without the subgroup check
 * (see zkfl_decode_g2_lem_on_curve). */
static int g2_lem_on_curve(zkfl_g2_affine *r, const uint8_t in[128])
{
    zkfl_g2_affine t;
    int rc;
    if ((rc = zkfl_fp_from_bytes_lem(&t.x.c0, in)) != 0 ||
        (rc = zkfl_fp_from_bytes_lem(&t.x.c1, in + 32)) != 0 ||
        (rc = zkfl_fp_from_bytes_lem(&t.y.c0, in + 64)) != 0 ||
        (rc = zkfl_fp_from_bytes_lem(&t.y.c1, in + 96)) != 0)
        return rc;
    if (!zkfl_g2_affine_is_on_curve(&t))
        return ZKFL_ERR_NOT_ON_CURVE;
    *r = t;
    return 0;
}

/* Every coordinate of n_fp consecutive LEM field elements below p; the
 * values are copied to dst when it is not NULL. */
static int lem_canonical(void *dst, const uint8_t *in, unsigned n_fp)
{
    for (unsigned k = 0; k < n_fp; k++) {
        zkfl_fp t;
        int rc = zkfl_fp_from_bytes_lem(&t, in + 32 * k);
        if (rc != 0) return rc;
        if (dst != NULL) ((zkfl_fp *)dst)[k] = t;
    }
    return 0;
}

static void decode_range(void *ctx, size_t begin, size_t end, int worker)
{
    decode_job *j = ctx;
    int w = worker & 63;
    for (size_t i = begin; i < end; i++) {
        int err = j->g2 == 3 ? lem_canonical(j->dst ? (zkfl_g1_affine *)j->dst + i : NULL, j->src + i * 64, 2)
                  : j->g2 == 4 ? lem_canonical(j->dst ? (zkfl_g2_affine *)j->dst + i : NULL, j->src + i * 128, 4)
                  : j->g2 == 2 ? g2_lem_on_curve((zkfl_g2_affine *)j->dst + i, j->src + i * 128)
                  : j->g2 ? zkfl_g2_from_bytes_lem((zkfl_g2_affine *)j->dst + i, j->src + i * 128)
                          : zkfl_g1_from_bytes_lem((zkfl_g1_affine *)j->dst + i, j->src + i * 64);
        if (err) {
            if (j->worker_err[w] == 0 || i < j->worker_bad[w]) {
                j->worker_err[w] = err;
                j->worker_bad[w] = i;
            }
            return;
        }
    }
}

static int decode_points(void *dst, const uint8_t *src, size_t n, int g2, const zkfl_binfile *bf,
                         const char *what)
{
    decode_job j;
    memset(&j, 0, sizeof j);
    j.dst = dst;
    j.src = src;
    j.g2 = g2;
    /* Small arrays are not worth the thread start-up. */
    int threads = n < 256 ? 1 : (zkfl_default_threads() > 64 ? 64 : 0);
    int err = zkfl_parallel_for(n, threads, decode_range, &j);
    if (err) return err;
    int bad_err = 0;
    size_t bad = SIZE_MAX;
    for (int w = 0; w < 64; w++)
        if (j.worker_err[w] != 0 && j.worker_bad[w] < bad) {
            bad = j.worker_bad[w];
            bad_err = j.worker_err[w];
        }
    if (bad_err != 0)
        return zkfl_snark_fail(bad_err, "%s: section %s: point %zu is invalid (%s)", bf->name, what,
                               bad, zkfl_strerror(bad_err));
    return 0;
}

int zkfl_decode_g1_lem(zkfl_g1_affine *dst, const uint8_t *src, size_t n, const zkfl_binfile *bf,
                       const char *what)
{
    return decode_points(dst, src, n, 0, bf, what);
}

int zkfl_decode_g2_lem(zkfl_g2_affine *dst, const uint8_t *src, size_t n, const zkfl_binfile *bf,
                       const char *what)
{
    return decode_points(dst, src, n, 1, bf, what);
}

int zkfl_decode_g2_lem_on_curve(zkfl_g2_affine *dst, const uint8_t *src, size_t n,
                                const zkfl_binfile *bf, const char *what)
{
    return decode_points(dst, src, n, 2, bf, what);
}

int zkfl_check_g1_lem_canonical(zkfl_g1_affine *dst, const uint8_t *src, size_t n, const zkfl_binfile *bf,
                                const char *what)
{
    return decode_points(dst, src, n, 3, bf, what);
}

int zkfl_check_g2_lem_canonical(zkfl_g2_affine *dst, const uint8_t *src, size_t n, const zkfl_binfile *bf,
                                const char *what)
{
    return decode_points(dst, src, n, 4, bf, what);
}

void zkfl_encode_g1_lem(uint8_t *dst, const zkfl_g1_affine *src, size_t n)
{
    for (size_t i = 0; i < n; i++) zkfl_g1_to_bytes_lem(dst + 64 * i, src + i);
}

void zkfl_encode_g2_lem(uint8_t *dst, const zkfl_g2_affine *src, size_t n)
{
    for (size_t i = 0; i < n; i++) zkfl_g2_to_bytes_lem(dst + 128 * i, src + i);
}

/* ---- files ---- */

int zkfl_map_file(zkfl_mapped_file *m, const char *path)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return zkfl_snark_fail(ZKFL_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return zkfl_snark_fail(ZKFL_ERR_IO, "%s: not a regular file", path);
    }
    if (st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            close(fd);
            return zkfl_snark_fail(ZKFL_ERR_IO, "%s: cannot map: %s", path, strerror(e));
        }
        m->map = p;
        m->buf = p;
        m->len = (size_t)st.st_size;
    }
    close(fd);
    return 0;
}

void zkfl_unmap_file(zkfl_mapped_file *m)
{
    if (m->map != NULL) munmap(m->map, m->len);
    memset(m, 0, sizeof *m);
}

int zkfl_write_file(const char *path, const uint8_t *buf, size_t len)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (tmp == NULL) return ZKFL_ERR_NOMEM;
    snprintf(tmp, plen + 16, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        int e = errno;
        free(tmp);
        return zkfl_snark_fail(ZKFL_ERR_IO, "%s: cannot create: %s", path, strerror(e));
    }
    int ok = fwrite(buf, 1, len, f) == len;
    ok &= fflush(f) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return zkfl_snark_fail(ZKFL_ERR_IO, "%s: write failed: %s", path, strerror(e));
    }
    free(tmp);
    return 0;
}

/* ---- writer ---- */

void zkfl_binwriter_init(zkfl_binwriter *w, const char magic[4], uint32_t version, uint32_t n_sections)
{
    memset(w, 0, sizeof *w);
    w->section_size_at = SIZE_MAX;
    zkfl_binwriter_bytes(w, magic, 4);
    zkfl_binwriter_u32(w, version);
    zkfl_binwriter_u32(w, n_sections);
}

void zkfl_binwriter_init_secret(zkfl_binwriter *w, const char magic[4], uint32_t version,
                                uint32_t n_sections)
{
    zkfl_binwriter_init(w, magic, version, n_sections);
    w->secret = 1;
}

/* realloc may leave the old block's bytes behind in freed memory; a
 * secret buffer is copied and its old block wiped instead. */
static uint8_t *move_buffer(zkfl_binwriter *w, size_t cap)
{
    if (!w->secret) return realloc(w->buf, cap);
    uint8_t *b = malloc(cap);
    if (b != NULL && w->buf != NULL) {
        memcpy(b, w->buf, w->len);
        zkfl_memzero(w->buf, w->len);
        free(w->buf);
    }
    return b;
}

uint8_t *zkfl_binwriter_grow_slow(zkfl_binwriter *w, size_t n)
{
    if (w->err) return NULL;
    if (n > SIZE_MAX / 2 - w->len) { w->err = ZKFL_ERR_OVERFLOW; return NULL; }
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->len + n) cap *= 2;
        uint8_t *b = move_buffer(w, cap);
        if (b == NULL) { w->err = ZKFL_ERR_NOMEM; return NULL; }
        w->buf = b;
        w->cap = cap;
    }
    uint8_t *p = w->buf + w->len;
    w->len += n;
    return p;
}

void zkfl_binwriter_u32(zkfl_binwriter *w, uint32_t v)
{
    uint8_t *p = zkfl_binwriter_grow(w, 4);
    if (p) zkfl_store_u32le(p, v);
}

void zkfl_binwriter_u64(zkfl_binwriter *w, uint64_t v)
{
    uint8_t *p = zkfl_binwriter_grow(w, 8);
    if (p) zkfl_store_u64le(p, v);
}

void zkfl_binwriter_bytes(zkfl_binwriter *w, const void *src, size_t n)
{
    uint8_t *p = zkfl_binwriter_grow(w, n);
    if (p && n) memcpy(p, src, n);
}

void zkfl_binwriter_begin(zkfl_binwriter *w, uint32_t type)
{
    zkfl_binwriter_u32(w, type);
    w->section_size_at = w->len;
    zkfl_binwriter_u64(w, 0);
}

void zkfl_binwriter_end(zkfl_binwriter *w)
{
    if (w->err) return;
    if (w->section_size_at == SIZE_MAX) { w->err = ZKFL_ERR_INTERNAL; return; }
    zkfl_store_u64le(w->buf + w->section_size_at, (uint64_t)(w->len - w->section_size_at - 8));
    w->section_size_at = SIZE_MAX;
}

int zkfl_binwriter_finish(uint8_t **out, size_t *out_len, zkfl_binwriter *w)
{
    if (w->err || w->section_size_at != SIZE_MAX) {
        int err = w->err ? w->err : ZKFL_ERR_INTERNAL;
        if (w->secret && w->buf != NULL) zkfl_memzero(w->buf, w->len);
        free(w->buf);
        memset(w, 0, sizeof *w);
        return err;
    }
    *out = w->buf;
    *out_len = w->len;
    memset(w, 0, sizeof *w);
    return 0;
}
