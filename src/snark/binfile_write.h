/* Writing pieces every iden3 binary format zkfl writes (.r1cs, .wtns,
 * .ptau, .zkey) shares on top of binfile.h's zkfl_binwriter: the field
 * descriptor, scalars and points in the formats' encodings, and the step
 * from an encoded buffer to a file. */
#ifndef ZKFL_SNARK_BINFILE_WRITE_H
#define ZKFL_SNARK_BINFILE_WRITE_H

#include "snark/binfile.h"

/* Appends n8 = 32 and the 32-byte little-endian prime: how every header
 * names its field (zkfl_cursor_prime reads it back). */
void zkfl_binwriter_prime(zkfl_binwriter *w, const uint8_t prime_le[32]);
/* Appends n scalars as canonical 32-byte little-endian integers (.wtns
 * values, .r1cs and .zkey coefficients). */
void zkfl_binwriter_fr(zkfl_binwriter *w, const zkfl_fr *v, size_t n);
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
 * (zkfl_write_file) unless err, frees buf, and returns the first error.
 * The _secret form wipes buf before freeing it (a witness). */
int zkfl_write_encoded(const char *path, int err, uint8_t *buf, size_t len);
int zkfl_write_encoded_secret(const char *path, int err, uint8_t *buf, size_t len);

#endif
