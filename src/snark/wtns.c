/* .wtns version 2 (circom witness files). Section 1: n8, prime, u32 count.
 * Section 2: count values, n8 bytes each, canonical little-endian. */
#include <stdlib.h>
#include <string.h>
#include "snark/binfile_write.h"

enum { SEC_HEADER = 1, SEC_VALUES = 2 };

static int read_body(zkfl_fr **out, size_t *n_out, const zkfl_binfile *bf)
{
    const zkfl_bin_section *sh, *sv;
    int err;
    if ((err = zkfl_binfile_section(&sh, bf, SEC_HEADER, "header")) != 0) return err;
    if ((err = zkfl_binfile_section(&sv, bf, SEC_VALUES, "witness values")) != 0) return err;
    zkfl_cursor c;
    zkfl_cursor_init(&c, bf, sh, "1 (header)");
    uint32_t n;
    if ((err = zkfl_cursor_prime(&c, zkfl_bn254_r_le, "scalar")) != 0) return err;
    if ((err = zkfl_cursor_u32(&n, &c)) != 0) return err;
    if ((err = zkfl_cursor_end(&c)) != 0) return err;
    if (sv->size != (uint64_t)n * 32)
        return zkfl_snark_fail(ZKFL_ERR_FORMAT, "%s: section 2 (witness values): %llu bytes, expected %llu for %u values",
                               bf->name, (unsigned long long)sv->size, (unsigned long long)n * 32, n);
    zkfl_fr *w = malloc((n ? n : 1) * sizeof *w);
    if (w == NULL) return ZKFL_ERR_NOMEM;
    const uint8_t *p = bf->buf + sv->offset;
    for (uint32_t i = 0; i < n; i++) {
        if (zkfl_fr_from_bytes_le(&w[i], p + 32 * (size_t)i) != 0) {
            zkfl_memzero(w, (size_t)n * sizeof *w);
            free(w);
            return zkfl_snark_fail(ZKFL_ERR_NOT_CANONICAL, "%s: section 2 (witness values): value %u is >= r",
                                   bf->name, i);
        }
    }
    *out = w;
    *n_out = n;
    return 0;
}

int zkfl_wtns_read_mem(zkfl_fr **out, size_t *n, const uint8_t *buf, size_t len, const char *name)
{
    if (out == NULL || n == NULL) return ZKFL_ERR_INVALID_ARG;
    *out = NULL;
    *n = 0;
    zkfl_binfile bf;
    int err = zkfl_binfile_open(&bf, buf, len, name, "wtns", 2);
    if (err) return err;
    if (bf.version != 2)
        err = zkfl_snark_fail(ZKFL_ERR_UNSUPPORTED, "%s: wtns version %u, only version 2 is supported",
                              bf.name, bf.version);
    else
        err = read_body(out, n, &bf);
    zkfl_binfile_close(&bf);
    return err;
}

int zkfl_wtns_read(zkfl_fr **out, size_t *n, const char *path)
{
    if (path == NULL) return ZKFL_ERR_INVALID_ARG;
    zkfl_mapped_file m;
    int err = zkfl_map_file(&m, path);
    if (err) return err;
    err = zkfl_wtns_read_mem(out, n, m.buf, m.len, path);
    zkfl_unmap_file(&m);
    return err;
}

int zkfl_wtns_write_mem(uint8_t **out, size_t *out_len, const zkfl_fr *witness, size_t n)
{
    if (out == NULL || out_len == NULL || (witness == NULL && n != 0)) return ZKFL_ERR_INVALID_ARG;
    if (n > UINT32_MAX) return ZKFL_ERR_RANGE;
    zkfl_binwriter w;
    zkfl_binwriter_init_secret(&w, "wtns", 2, 2);
    zkfl_binwriter_begin(&w, SEC_HEADER);
    zkfl_binwriter_prime(&w, zkfl_bn254_r_le);
    zkfl_binwriter_u32(&w, (uint32_t)n);
    zkfl_binwriter_end(&w);
    zkfl_binwriter_begin(&w, SEC_VALUES);
    zkfl_binwriter_fr(&w, witness, n);
    zkfl_binwriter_end(&w);
    return zkfl_binwriter_finish(out, out_len, &w);
}

int zkfl_wtns_write(const char *path, const zkfl_fr *witness, size_t n)
{
    if (path == NULL) return ZKFL_ERR_INVALID_ARG;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = zkfl_wtns_write_mem(&buf, &len, witness, n);
    return zkfl_write_encoded_secret(path, err, buf, len);
}
