/* circomlib's Poseidon parameters for widths t = 2..17 (index t - 2):
 * round constants C (t * (8 + partial rounds) each) and MDS matrices M
 * (t x t, row-major), as canonical little-endian limbs. */
#ifndef ZKFL_POSEIDON_CONSTANTS_H
#define ZKFL_POSEIDON_CONSTANTS_H
#include <stdint.h>

extern const uint64_t zkfl_poseidon_c_raw[][4];
extern const uint64_t zkfl_poseidon_m_raw[][4];
extern const uint32_t zkfl_poseidon_c_offset[16];
extern const uint32_t zkfl_poseidon_m_offset[16];

#endif
