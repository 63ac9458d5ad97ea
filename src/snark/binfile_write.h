/* Writing pieces the snarkjs binary formats (.ptau, .zkey) share on top of
 * binfile.h's zkfl_binwriter. */
#ifndef ZKFL_SNARK_BINFILE_WRITE_H
#define ZKFL_SNARK_BINFILE_WRITE_H

#include "snark/binfile.h"

/* Appends n points in snarkjs's little-endian Montgomery form (64 bytes a
 * G1 point, 128 a G2 point); after an earlier failure the writer stays
 * failed and nothing is appended. */
void zkfl_binwriter_g1(zkfl_binwriter *w, const zkfl_g1_affine *p, size_t n);
void zkfl_binwriter_g2(zkfl_binwriter *w, const zkfl_g2_affine *p, size_t n);
/* A whole section holding just those points (most sections of both files). */
void zkfl_binwriter_g1_section(zkfl_binwriter *w, uint32_t type, const zkfl_g1_affine *p, size_t n);
void zkfl_binwriter_g2_section(zkfl_binwriter *w, uint32_t type, const zkfl_g2_affine *p, size_t n);

/* The end of a zkfl_*_write(path, ...): err and buf/len are what the
 * matching zkfl_*_write_mem returned. Writes the encoding to path
 * (zkfl_write_file) unless err, frees buf, and returns the first error. */
int zkfl_write_encoded(const char *path, int err, uint8_t *buf, size_t len);

#endif
