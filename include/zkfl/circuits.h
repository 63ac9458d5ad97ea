/* zkfl/circuits.h - circuit gadgets on the R1CS builder and the compliance
 * rules compiled from them, plus the native functions the gadgets mirror. */
#ifndef ZKFL_CIRCUITS_H
#define ZKFL_CIRCUITS_H

#include "zkfl/snark.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Poseidon, compatible with circomlib's poseidon.circom / circomlibjs --
 * x^5 S-box, 8 full rounds, circomlib's partial-round counts, round
 * constants and MDS matrices, width t = n + 1 with a zero initial capacity
 * element. n must be 1..16. */
#define ZKFL_POSEIDON_MAX_INPUTS 16

int zkfl_poseidon_hash(zkfl_fr *out, const zkfl_fr *in, size_t n);
/* The full permutation on a state of width t = 2..17 (for sponges). */
int zkfl_poseidon_permute(zkfl_fr *state, size_t t);
/* Partial-round count circomlib uses for width t (0 when t is out of range). */
unsigned zkfl_poseidon_partial_rounds(size_t t);
/* Round constant r*t + i and MDS entry (i, j) for width t, in Montgomery
 * form: what a circuit gadget needs to lay out the same rounds. */
const zkfl_fr *zkfl_poseidon_round_constants(size_t t);
const zkfl_fr *zkfl_poseidon_mds(size_t t);

#ifdef __cplusplus
}
#endif
#endif
