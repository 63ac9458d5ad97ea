/* zkfl/poly.h - number-theoretic transforms over Fr (two-adicity 28) and
 * polynomial helpers used by the Groth16 prover. */
#ifndef ZKFL_POLY_H
#define ZKFL_POLY_H

#include "zkfl/ff.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ZKFL_NTT_MAX_LOG 28

/* A primitive 2^log_n-th root of unity, the same one snarkjs/ffjavascript
 * uses (5^((r-1)/2^28) squared down), so evaluation domains match. */
int zkfl_fr_root_of_unity(zkfl_fr *w, unsigned log_n);

/* In place, natural order in and out: a[i] <- sum_j a[j] w^(ij) (forward)
 * and its inverse (including the 1/n factor). n must be a power of two
 * <= 2^28; threads <= 0 uses the default. */
int zkfl_ntt(zkfl_fr *a, size_t n, int threads);
int zkfl_intt(zkfl_fr *a, size_t n, int threads);
/* Evaluate the polynomial with coefficients a on the coset shift*<w>:
 * a[i] <- sum_j a[j] (shift w^i)^j; and back. */
int zkfl_ntt_coset(zkfl_fr *a, size_t n, const zkfl_fr *shift, int threads);
int zkfl_intt_coset(zkfl_fr *a, size_t n, const zkfl_fr *shift, int threads);

#ifdef __cplusplus
}
#endif
#endif
