/* Internal to the poly layer: the cached twiddle tables of the NTT. */
#ifndef ZKFL_POLY_NTT_IMPL_H
#define ZKFL_POLY_NTT_IMPL_H

#include "zkfl/poly.h"

/* Stages up to this size keep a table (2^s entries for the stage whose
 * butterflies span 2^(s+1)); larger stages derive twiddles on the fly, so a
 * 2^28 transform does not pin 8 GiB of tables. Total cached: 2^21 elements
 * (64 MiB) at most, plus as much again in column order
 * (ntt_late_twiddles) once transforms above 2^13 have run. */
#define NTT_TABLE_MAX_LOG 20

/* Table of w^j, j < 2^s, for w a primitive 2^(s+1)-th root of unity,
 * s <= NTT_TABLE_MAX_LOG. Built once per process and never freed or
 * changed, so concurrent transforms share it safely; NULL on allocation
 * failure. */
const zkfl_fr *ntt_twiddles(unsigned s);

/* The forward transform's in-cache blocks (2^13 elements = 256 KiB, in L2
 * with their twiddles) and the column tasks of its late stages, which
 * transform NTT_COLS adjacent columns of the (rows x 2^log_b) view at once
 * (ntt.c explains the layout). */
#define NTT_BLOCK_LOG 13u
#define NTT_COLS 8u

/* The twiddles of late stage s (NTT_BLOCK_LOG <= s <= NTT_TABLE_MAX_LOG)
 * for blocks of B = 2^NTT_BLOCK_LOG columns, in the order the column tasks
 * read them: entry (cb h + r) NTT_COLS + k is w^(r B + cb NTT_COLS + k),
 * h = 2^(s - NTT_BLOCK_LOG), w the 2^(s+1)-th root. The same values as
 * ntt_twiddles(s), but each task reads one contiguous run instead of h
 * runs 256 KiB apart (a cache and TLB miss each). Cached like
 * ntt_twiddles; NULL on allocation failure or s out of range. */
const zkfl_fr *ntt_late_twiddles(unsigned s);

/* Largest stage that uses a table (default NTT_TABLE_MAX_LOG); tests lower
 * it to exercise the on-the-fly twiddles of huge sizes at small sizes. */
extern unsigned zkfl_ntt_table_limit;
/* 0: the late stages read ntt_twiddles even when column-ordered tables
 * exist (tests compare both paths; benchmarks measure the difference). */
extern int zkfl_ntt_column_tables;

/* The AVX-512F stages (ntt_vec.c) for 2^NTT_VEC_MIN_LOG <= n <=
 * 2^NTT_VEC_MAX_LOG: ntt_vec_available() is 1 when this build has them;
 * ntt_vec_stages runs every butterfly stage of the forward transform on
 * bit-reversed input (canonical in, canonical out), multiplying every
 * output by *scale unless scale is NULL, and with coset != NULL first
 * every input at position j by coset^rev(j) (the coset evaluation's
 * a_i shift^i, applied after the bit reversal). zkfl_ntt_use_vec = 0
 * makes ntt.c use its scalar stages (tests compare both). */
#define NTT_VEC_MIN_LOG 13u
#define NTT_VEC_MAX_LOG 24u
int ntt_vec_available(void);
int ntt_vec_stages(zkfl_fr *a, unsigned log_n, const zkfl_fr *scale, const zkfl_fr *coset, int threads);
extern int zkfl_ntt_use_vec;
/* Largest block the vector phases A and B transform before phase C takes
 * the remaining stages (default 20; tests lower it to reach phase C at
 * small sizes). */
extern unsigned zkfl_ntt_vec_inner_log;
/* In place a[i] <-> a[rev(i)] for the log_n-bit reversal rev (ntt_bitrev.c). */
int ntt_bit_reverse(zkfl_fr *a, unsigned log_n, int threads);

#endif
