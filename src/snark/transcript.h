/* Internal: BLAKE2b-512 with an exportable state. snarkjs hashes ceremony
 * transcripts with BLAKE2b-512 and stores a half-finished hash (the
 * "partial hash" of every .ptau contribution: the state after the response
 * up to the contributor's public key) in its own 216-byte layout, which
 * OpenSSL's EVP interface cannot export or resume, hence this
 * implementation (tested against EVP "BLAKE2B-512"). */
#ifndef ZKFL_SNARK_TRANSCRIPT_H
#define ZKFL_SNARK_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t h[8];
    uint64_t t;          /* bytes already compressed */
    uint8_t buf[128];
    size_t pos;          /* bytes waiting in buf, 1..128 once data arrived */
} zkfl_blake2b;

void zkfl_blake2b_init(zkfl_blake2b *s);
void zkfl_blake2b_update(zkfl_blake2b *s, const void *data, size_t n);
void zkfl_blake2b_final(uint8_t out[64], zkfl_blake2b *s);
void zkfl_blake2b_512(uint8_t out[64], const void *data, size_t n);

/* snarkjs's partial-hash layout (misc.js toPartialHash): the 128-byte block
 * buffer, then 32-bit little-endian words h0.lo, h0.hi, ... h7.hi, t.lo,
 * t.hi, pos, 0. */
void zkfl_blake2b_export(uint8_t out[216], const zkfl_blake2b *s);
/* Fails (ZKFL_ERR_FORMAT) on a position outside 0..128. */
int zkfl_blake2b_import(zkfl_blake2b *s, const uint8_t in[216]);

#endif
