/* Points and whole files for the .ptau and .zkey writers (binfile_write.h). */
#include <stdlib.h>
#include "snark/binfile_write.h"

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

int zkfl_write_encoded(const char *path, int err, uint8_t *buf, size_t len)
{
    if (err) return err;
    err = zkfl_write_file(path, buf, len);
    free(buf);
    return err;
}
