/* Internal: the Frobenius constants ff_frob_gamma[k][m] = xi^(m (p^k - 1)/6)
 * (see frob_consts.c). */
#ifndef ZKFL_FF_FROB_CONSTS_H
#define ZKFL_FF_FROB_CONSTS_H

#include "zkfl/ff.h"

extern const zkfl_fp2 ff_frob_gamma[12][6];

#endif
