/* Internal: snarkjs's deterministic hash-to-G2 (keypair.js hashToG2): a
 * ChaCha20 stream (ffjavascript's ChaCha, seeded with the first 32 bytes
 * of a BLAKE2b digest as eight big-endian words) drives ffjavascript's
 * G2.fromRng, whose point the proof-of-knowledge checks pair against. */
#ifndef ZKFL_SNARK_TRANSCRIPT_CHACHA_H
#define ZKFL_SNARK_TRANSCRIPT_CHACHA_H

#include "zkfl/ec.h"

typedef struct {
    uint32_t state[16];
    uint32_t buf[16];
    unsigned idx;
} zkfl_chacha;

void zkfl_chacha_init(zkfl_chacha *c, const uint32_t seed[8]);
uint32_t zkfl_chacha_u32(zkfl_chacha *c);
/* ffjavascript F1Field.fromRng for Fp / Fr: 4 x nextU64 (high word first),
 * masked to the modulus' bit length, rejected while >= modulus; the bytes
 * are taken as the Montgomery representation, as the wasm field does. */
void zkfl_chacha_fp(zkfl_fp *r, zkfl_chacha *c);
void zkfl_chacha_fr(zkfl_fr *r, zkfl_chacha *c);
/* G1.fromRng: random x until x^3 + 3 is a square, y's sign from a coin. */
void zkfl_chacha_g1(zkfl_g1_affine *r, zkfl_chacha *c);
/* G2.fromRng: random x until x^3 + b' is a square, y's sign from a coin,
 * times the G2 cofactor. */
void zkfl_chacha_g2(zkfl_g2_affine *r, zkfl_chacha *c);
/* keypair.js hashToG2(hash): seed from hash[0..32). */
void zkfl_hash_to_g2_snarkjs(zkfl_g2_affine *r, const uint8_t hash[64]);

/* snarkjs's random beacon (misc.js rngFromBeaconParams): SHA-256 applied
 * 2^num_iterations_exp times to the beacon hash, the last digest seeding
 * the ChaCha stream as eight big-endian words. snarkjs accepts exponents
 * 10..63 and beacon hashes of 1..255 bytes (ZKFL_ERR_INVALID_ARG
 * otherwise). Public data, so variable time. */
#define ZKFL_BEACON_MIN_EXP 10
#define ZKFL_BEACON_MAX_EXP 63
/* 1 when snarkjs accepts these parameters: the check
 * zkfl_chacha_from_beacon makes, for callers that refuse before any work. */
int zkfl_beacon_params_valid(const uint8_t *beacon_hash, size_t len, unsigned num_iterations_exp);
int zkfl_chacha_from_beacon(zkfl_chacha *c, const uint8_t *beacon_hash, size_t len,
                            unsigned num_iterations_exp);

#endif
