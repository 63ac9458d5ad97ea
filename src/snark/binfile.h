/* Internal: the iden3 binary container shared by .r1cs, .wtns, .zkey and
 * .ptau files ("magic", u32 version, u32 section count, then sections of
 * u32 type, u64 size, data; all little-endian), plus the pieces every
 * reader and writer of those formats needs: error messages, memory-mapped
 * input, a growable output buffer and parallel point decoding. */
#ifndef ZKFL_SNARK_BINFILE_H
#define ZKFL_SNARK_BINFILE_H

#include <stdarg.h>
#include "zkfl/snark.h"

/* Records a message for zkfl_snark_last_error() and returns err. */
int zkfl_snark_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zkfl_snark_clear_error(void);

/* ---- reading ---- */

typedef struct {
    uint32_t type;
    uint64_t offset;   /* of the data, from the start of the buffer */
    uint64_t size;
} zkfl_bin_section;

typedef struct {
    const uint8_t *buf;
    size_t len;
    const char *name;  /* for messages */
    uint32_t version;
    uint32_t n_sections;
    zkfl_bin_section *sections;
} zkfl_binfile;

/* Parses the container: checks the magic, the version (1..max_version) and
 * that every section lies inside the buffer. */
int zkfl_binfile_open(zkfl_binfile *bf, const uint8_t *buf, size_t len, const char *name,
                      const char magic[4], uint32_t max_version);
void zkfl_binfile_close(zkfl_binfile *bf);
/* The one section of this type; fails (naming `what`) when it is missing or
 * repeated. */
int zkfl_binfile_section(const zkfl_bin_section **out, const zkfl_binfile *bf, uint32_t type,
                         const char *what);
/* 1 when at least one section of this type exists. */
int zkfl_binfile_has(const zkfl_binfile *bf, uint32_t type);

/* A bounds-checked cursor over one section. */
typedef struct {
    const uint8_t *p;
    size_t left;
    const zkfl_binfile *bf;
    const char *what;  /* section description for messages */
} zkfl_cursor;

void zkfl_cursor_init(zkfl_cursor *c, const zkfl_binfile *bf, const zkfl_bin_section *s,
                      const char *what);
int zkfl_cursor_u32(uint32_t *out, zkfl_cursor *c);
int zkfl_cursor_u64(uint64_t *out, zkfl_cursor *c);
/* Points *out at the next n bytes and skips them. */
int zkfl_cursor_bytes(const uint8_t **out, zkfl_cursor *c, size_t n);
/* Fails unless the section was consumed exactly. */
int zkfl_cursor_end(const zkfl_cursor *c);
/* Reads a u32 n8 and an n8-byte little-endian prime and checks they are the
 * 32-byte BN254 modulus `expected` (little-endian bytes). */
int zkfl_cursor_prime(zkfl_cursor *c, const uint8_t expected[32], const char *field);

extern const uint8_t zkfl_bn254_p_le[32];
extern const uint8_t zkfl_bn254_r_le[32];

/* Decodes n points stored in LEM layout at src (bytes) into dst, in
 * parallel; fails naming `what` and the index of the first bad point. */
int zkfl_decode_g1_lem(zkfl_g1_affine *dst, const uint8_t *src, size_t n,
                       const zkfl_binfile *bf, const char *what);
int zkfl_decode_g2_lem(zkfl_g2_affine *dst, const uint8_t *src, size_t n,
                       const zkfl_binfile *bf, const char *what);
/* Like zkfl_decode_g2_lem but without the G2 subgroup check, for the
 * prover's B2 query only: a subgroup check costs ~90 us a point and
 * dominated loading large keys. Skipping it is safe there because every
 * proof's pi_B is subgroup-checked before it leaves the prover (a B2 point
 * with a cofactor component would otherwise leak through pi_B), verifiers
 * check pi_B themselves, and verify-setup compares B2 with values recomputed
 * from the (fully checked) .ptau. */
int zkfl_decode_g2_lem_on_curve(zkfl_g2_affine *dst, const uint8_t *src, size_t n,
                                const zkfl_binfile *bf, const char *what);
/* Only checks that every coordinate is canonical (< p) and copies the
 * points to dst unless dst is NULL; no curve check. For the prover's own
 * key (zkfl_zkey_read_prover), whose points are used in place. */
int zkfl_check_g1_lem_canonical(zkfl_g1_affine *dst, const uint8_t *src, size_t n,
                                const zkfl_binfile *bf, const char *what);
int zkfl_check_g2_lem_canonical(zkfl_g2_affine *dst, const uint8_t *src, size_t n,
                                const zkfl_binfile *bf, const char *what);
void zkfl_encode_g1_lem(uint8_t *dst, const zkfl_g1_affine *src, size_t n);
void zkfl_encode_g2_lem(uint8_t *dst, const zkfl_g2_affine *src, size_t n);

/* ---- files ---- */

typedef struct {
    const uint8_t *buf;
    size_t len;
    void *map;         /* munmap handle, NULL for an empty file */
} zkfl_mapped_file;

/* Maps the whole file read-only; message names the path on failure. */
int zkfl_map_file(zkfl_mapped_file *m, const char *path);
void zkfl_unmap_file(zkfl_mapped_file *m);
/* Writes len bytes to path (via a temporary file and rename, so a failed
 * write never leaves a truncated output behind). */
int zkfl_write_file(const char *path, const uint8_t *buf, size_t len);

/* ---- writing ---- */

typedef struct {
    uint8_t *buf;
    size_t len, cap;
    size_t section_size_at; /* offset of the open section's u64 size */
    int err;                /* first failure, sticky */
    int secret;             /* see zkfl_binwriter_init_secret */
} zkfl_binwriter;

void zkfl_binwriter_init(zkfl_binwriter *w, const char magic[4], uint32_t version,
                         uint32_t n_sections);
/* For content that must not linger in freed memory (a witness): growing
 * moves the buffer by copy and wipe instead of realloc, and a failed
 * finish wipes it. The caller wipes the finished buffer. */
void zkfl_binwriter_init_secret(zkfl_binwriter *w, const char magic[4], uint32_t version,
                                uint32_t n_sections);
/* Returns a pointer to n fresh bytes at the end (NULL after a failure).
 * Inline while the buffer has room: writers append field by field (a u32,
 * a scalar), and two calls per field made writing a large .r1cs ~30%
 * slower. */
uint8_t *zkfl_binwriter_grow_slow(zkfl_binwriter *w, size_t n);
static inline uint8_t *zkfl_binwriter_grow(zkfl_binwriter *w, size_t n)
{
    if (w->err != 0 || n > w->cap - w->len) return zkfl_binwriter_grow_slow(w, n);
    uint8_t *p = w->buf + w->len;
    w->len += n;
    return p;
}
void zkfl_binwriter_u32(zkfl_binwriter *w, uint32_t v);
void zkfl_binwriter_u64(zkfl_binwriter *w, uint64_t v);
void zkfl_binwriter_bytes(zkfl_binwriter *w, const void *p, size_t n);
void zkfl_binwriter_begin(zkfl_binwriter *w, uint32_t type);
void zkfl_binwriter_end(zkfl_binwriter *w);
/* Hands the buffer to the caller (*out, malloc'd) or frees it on failure. */
int zkfl_binwriter_finish(uint8_t **out, size_t *out_len, zkfl_binwriter *w);

/* ---- contribution parameters (ptau section 7, zkey section 10) ----
 * u32 length, then (type byte, value) pairs in increasing type order:
 * 1 name (length byte + UTF-8), 2 beacon iteration exponent (1 byte),
 * 3 beacon hash (length byte + bytes). */
int zkfl_read_contribution_params(char name[256], uint8_t *num_iterations_exp,
                                  uint8_t beacon_hash[255], uint8_t *beacon_hash_len,
                                  zkfl_cursor *c);
/* Names longer than 64 bytes are cut at 64, as snarkjs does. */
void zkfl_write_contribution_params(zkfl_binwriter *w, const char *name, uint32_t type,
                                    uint8_t num_iterations_exp, const uint8_t *beacon_hash,
                                    uint8_t beacon_hash_len);

static inline uint32_t zkfl_load_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t zkfl_load_u64le(const uint8_t *p)
{
    return (uint64_t)zkfl_load_u32le(p) | (uint64_t)zkfl_load_u32le(p + 4) << 32;
}
static inline void zkfl_store_u32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void zkfl_store_u64le(uint8_t *p, uint64_t v)
{
    zkfl_store_u32le(p, (uint32_t)v);
    zkfl_store_u32le(p + 4, (uint32_t)(v >> 32));
}

#endif
