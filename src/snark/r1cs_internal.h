/* Internal: the layout of zkfl_r1cs, shared by the builder and the .r1cs
 * reader/writer. Terms of all constraints live in one array; constraint i's
 * A, B and C are terms[offs[3i]..offs[3i+1]), [offs[3i+1]..offs[3i+2]) and
 * [offs[3i+2]..offs[3i+3]). */
#ifndef ZKFL_SNARK_R1CS_INTERNAL_H
#define ZKFL_SNARK_R1CS_INTERNAL_H

#include "zkfl/snark.h"

struct zkfl_r1cs {
    uint32_t n_wires, n_pub_out, n_pub_in, n_prv_in;
    uint64_t n_labels;
    size_t n_constraints, cap_constraints;
    size_t *offs;          /* 3 * cap_constraints + 1 */
    zkfl_lc_term *terms;
    size_t n_terms, cap_terms;
    uint64_t *labels;      /* n_wires used */
    size_t labels_cap;
};

/* An empty system with the given counts and no labels array. */
int zkfl_r1cs_alloc(zkfl_r1cs **out, uint32_t n_wires, uint32_t n_pub_out, uint32_t n_pub_in,
                    uint32_t n_prv_in);
/* Grows the arrays to hold at least this many constraints and terms. */
int zkfl_r1cs_reserve(zkfl_r1cs *cs, size_t n_constraints, size_t n_terms);

#endif
