/* The parsed compliance rules. */
#ifndef ZKFL_RULES_INTERNAL_H
#define ZKFL_RULES_INTERNAL_H

#include "zkfl/circuits.h"

#define RULES_MAX_DIM (1u << 26)
#define RULES_MIN_BITS 2
#define RULES_MAX_BITS 32
/* Slack variables of the bound checks (l2_max - sum u_i^2, num_samples -
 * min, ...) are range checked on at most this many bits. */
#define RULES_MAX_BOUND_BITS 63

struct zkfl_rules {
    zkfl_rules_params p;
    int dim_set;
};

#endif
