/* Poseidon in R1CS with the rounds of the native zkfl_poseidon_permute
 * (circomlib's parameters): round constants and the MDS mix are linear and
 * cost nothing; each x^5 S-box costs three products (x^2, x^4, x^5). */
#include "circuits/circuit_internal.h"

#define FULL_ROUNDS 8

static int sbox(zkfl_var *x, zkfl_circuit *c, const char *tag, uint32_t round)
{
    zkfl_var x2, x4, x5;
    int rc = zkfl_circuit_mul(&x2, c, x, x, tag, round);
    if (rc == 0) rc = zkfl_circuit_mul(&x4, c, &x2, &x2, tag, round);
    if (rc == 0) rc = zkfl_circuit_mul(&x5, c, &x4, x, tag, round);
    if (rc == 0) *x = x5;
    return rc;
}

int zkfl_gadget_poseidon(zkfl_var *out, zkfl_circuit *c, const zkfl_var *in, size_t n,
                         const char *tag)
{
    if (out == NULL || c == NULL || in == NULL || n < 1 || n > ZKFL_POSEIDON_MAX_INPUTS)
        return ZKFL_ERR_INVALID_ARG;
    size_t t = n + 1;
    const zkfl_fr *rcst = zkfl_poseidon_round_constants(t);
    const zkfl_fr *mds = zkfl_poseidon_mds(t);
    if (rcst == NULL || mds == NULL) return ZKFL_ERR_INTERNAL;
    unsigned np = zkfl_poseidon_partial_rounds(t);
    unsigned rounds = FULL_ROUNDS + np;
    zkfl_var state[ZKFL_POSEIDON_MAX_INPUTS + 1], next[ZKFL_POSEIDON_MAX_INPUTS + 1];
    int rc = zkfl_var_const_i64(&state[0], c, 0);
    for (size_t i = 0; i < n; i++) state[i + 1] = in[i];
    for (unsigned r = 0; rc == 0 && r < rounds; r++) {
        for (size_t i = 0; rc == 0 && i < t; i++) {
            zkfl_var k;
            rc = zkfl_var_const(&k, c, &rcst[r * t + i]);
            if (rc == 0) rc = zkfl_var_add(&state[i], c, &state[i], &k);
        }
        int full = r < FULL_ROUNDS / 2 || r >= FULL_ROUNDS / 2 + np;
        for (size_t i = 0; rc == 0 && i < (full ? t : 1); i++) rc = sbox(&state[i], c, tag, r);
        for (size_t i = 0; rc == 0 && i < t; i++)
            rc = zkfl_var_sum(&next[i], c, state, &mds[i * t], t);
        for (size_t i = 0; rc == 0 && i < t; i++) state[i] = next[i];
    }
    if (rc == 0) *out = state[0];
    return rc;
}
