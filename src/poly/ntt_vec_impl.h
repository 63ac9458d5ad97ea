/* Internal to the poly layer: what the vector NTT's stages (ntt_vec.c)
 * share with its tables (ntt_vec_tables.c). AVX-512F builds only. */
#ifndef ZKFL_POLY_NTT_VEC_IMPL_H
#define ZKFL_POLY_NTT_VEC_IMPL_H

#include "poly/ntt_impl.h"
#include "poly/ntt_vec_kernels.h"

#define NTT_VEC_COL_LOG 10u
#define NTT_VEC_COLS ((size_t)1 << NTT_VEC_COL_LOG)
#define NTT_VEC_ROW_TABLES (NTT_VEC_MAX_LOG - NTT_VEC_COL_LOG)   /* k < this */

/* w 2^261 mod r (the vector product's twiddle form) from the Montgomery
 * form w 2^256, as 9 limbs of 29 bits. */
void ntt_vec_form(uint64_t out[V8_LIMBS], const zkfl_fr *w);

/* The cached tables (ntt_vec_tables.c explains each layout); NULL on
 * allocation failure or an index out of range. */
const uint64_t *ntt_vec_row_table(unsigned k);
const uint64_t *ntt_vec_col_table(unsigned s);
const uint32_t *ntt_vec_stage_table(unsigned s);

#endif
