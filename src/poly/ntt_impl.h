/* Internal to the poly layer: the cached twiddle tables of the NTT. */
#ifndef ZKFL_POLY_NTT_IMPL_H
#define ZKFL_POLY_NTT_IMPL_H

#include "zkfl/poly.h"

/* Stages up to this size keep a table (2^s entries for the stage whose
 * butterflies span 2^(s+1)); larger stages derive twiddles on the fly, so a
 * 2^28 transform does not pin 8 GiB of tables. Total cached: 2^21 elements
 * (64 MiB) at most. */
#define NTT_TABLE_MAX_LOG 20

/* Table of w^j, j < 2^s, for w a primitive 2^(s+1)-th root of unity,
 * s <= NTT_TABLE_MAX_LOG. Built once per process and never freed or
 * changed, so concurrent transforms share it safely; NULL on allocation
 * failure. */
const zkfl_fr *ntt_twiddles(unsigned s);

/* Largest stage that uses a table (default NTT_TABLE_MAX_LOG); tests lower
 * it to exercise the on-the-fly twiddles of huge sizes at small sizes. */
extern unsigned zkfl_ntt_table_limit;

/* In place a[i] <-> a[rev(i)] for the log_n-bit reversal rev (ntt_bitrev.c). */
int ntt_bit_reverse(zkfl_fr *a, unsigned log_n, int threads);

#endif
