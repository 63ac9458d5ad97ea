/* Internal helpers of the ff layer that the Fp2/Fp6/Fp12 code and other
 * layers may use beyond the public API. */
#ifndef ZKFL_FF_FP_FIELD_H
#define ZKFL_FF_FP_FIELD_H

#include "ff/fp_impl.h"

/* r = a candidate square root of a; returns 1 when r*r == a, else 0 (r is
 * then meaningless). Constant time. */
uint64_t ff_fp_sqrt_ct(zkfl_fp *r, const zkfl_fp *a);
uint64_t ff_fr_sqrt_ct(zkfl_fr *r, const zkfl_fr *a);
/* 5^((r-1)/2^28) in Montgomery form: Tonelli-Shanks' root of unity seed. */
extern const zkfl_fr ff_fr_ts_c5;

#endif
