/* Internal: helpers shared by the phase-1 (ptau) and phase-2 (zkey)
 * ceremony code: transcript hashing of point arrays in snarkjs's layouts,
 * the same-ratio pairing check, random linear combinations and group FFTs. */
#ifndef ZKFL_SNARK_SETUP_COMMON_H
#define ZKFL_SNARK_SETUP_COMMON_H

#include "snark/transcript.h"
#include "zkfl/snark.h"

/* Hash n points in ffjavascript's "uncompressed" (EIP-196/197 big-endian)
 * or "compressed" layout; encoding runs in parallel, hashing in order. */
int zkfl_setup_hash_g1(zkfl_blake2b *h, const zkfl_g1_affine *p, size_t n, int compressed);
int zkfl_setup_hash_g2(zkfl_blake2b *h, const zkfl_g2_affine *p, size_t n, int compressed);
void zkfl_setup_hash_g1_one(zkfl_blake2b *h, const zkfl_g1_affine *p);
void zkfl_setup_hash_g2_one(zkfl_blake2b *h, const zkfl_g2_affine *p);

/* e(a1, b2) == e(b1, a2), all four points non-zero (snarkjs sameRatio).
 * Returns 1 or 0. */
int zkfl_same_ratio(const zkfl_g1_affine *a1, const zkfl_g1_affine *b1, const zkfl_g2_affine *a2,
                    const zkfl_g2_affine *b2);

/* A contribution record's name: NUL-terminated, cut at 64 bytes as snarkjs
 * stores it; empty for NULL. */
void zkfl_setup_contribution_name(char dst[256], const char *name);

/* n uniformly random 64-bit scalars from zkfl_randombytes. */
int zkfl_setup_random_scalars(zkfl_fr *out, size_t n);

/* A secret scalar from zkfl_randombytes with the optional entropy text and
 * a domain label hashed in (BLAKE2b-512, reduced mod r); never zero. */
int zkfl_setup_secret(zkfl_fr *out, const char *entropy, const char *label);

/* In-place inverse FFTs over the group (natural order in and out, 1/n
 * included): out_i = (1/n) sum_j w^(-ij) in_j. n a power of two <= 2^28. */
int zkfl_g1_ifft(zkfl_g1_affine *a, size_t n, int threads);
int zkfl_g2_ifft(zkfl_g2_affine *a, size_t n, int threads);

/* Multiplies every point by first * inc^i (constant time: the factors are
 * ceremony secrets), in parallel. */
int zkfl_g1_apply_powers(zkfl_g1_affine *p, size_t n, const zkfl_fr *first, const zkfl_fr *inc, int threads);
int zkfl_g2_apply_powers(zkfl_g2_affine *p, size_t n, const zkfl_fr *first, const zkfl_fr *inc, int threads);

#endif
