/* Field descriptors, scalars, points and whole files for the iden3 binary
 * writers (binfile_write.h). */
#include <stdlib.h>
#include "snark/binfile_write.h"

void zkfl_binwriter_prime(zkfl_binwriter *w, const uint8_t prime_le[32])
{
    zkfl_binwriter_u32(w, 32);
    zkfl_binwriter_bytes(w, prime_le, 32);
}

void zkfl_binwriter_fr(zkfl_binwriter *w, const zkfl_fr *v, size_t n)
{
    uint8_t *d = zkfl_binwriter_grow(w, 32 * n);
    for (size_t i = 0; d != NULL && i < n; i++) zkfl_fr_to_bytes_le(d + 32 * i, &v[i]);
}

void zkfl_binwriter_g1(zkfl_binwriter *w, const zkfl_g1_affine *p, size_t n)
{
    uint8_t *d = zkfl_binwriter_grow(w, 64 * n);
    if (d) zkfl_encode_g1_lem(d, p, n);
}

void zkfl_binwriter_g2(zkfl_binwriter *w, const zkfl_g2_affine *p, size_t n)
{
    uint8_t *d = zkfl_binwriter_grow(w, 128 * n);
    if (d) zkfl_encode_g2_lem(d, p, n);
}

void zkfl_binwriter_g1_section(zkfl_binwriter *w, uint32_t type, const zkfl_g1_affine *p, size_t n)
{
    zkfl_binwriter_begin(w, type);
    zkfl_binwriter_g1(w, p, n);
    zkfl_binwriter_end(w);
}

void zkfl_binwriter_g2_section(zkfl_binwriter *w, uint32_t type, const zkfl_g2_affine *p, size_t n)
{
    zkfl_binwriter_begin(w, type);
    zkfl_binwriter_g2(w, p, n);
    zkfl_binwriter_end(w);
}

static int write_encoded(const char *path, int err, uint8_t *buf, size_t len, int secret)
{
    if (err) return err;
    err = zkfl_write_file(path, buf, len);
    if (secret) zkfl_memzero(buf, len);
    free(buf);
    return err;
}

int zkfl_write_encoded(const char *path, int err, uint8_t *buf, size_t len)
{
    return write_encoded(path, err, buf, len, 0);
}

int zkfl_write_encoded_secret(const char *path, int err, uint8_t *buf, size_t len)
{
    return write_encoded(path, err, buf, len, 1);
}
