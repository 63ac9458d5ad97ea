/* G2 differential test: add, double, and both scalar multiplications (ct
 * and GLS/psi) on random and edge-case inputs in G2, checked by
 * @noble/curves through tests/ec/ec_ref.mjs. */
#define GD(name) zkfl_g2_##name
#define GD_T zkfl_g2
#define GD_AFF zkfl_g2_affine
#define GD_TAG "g2"
#define GD_BYTES 128
#define GD_N_ADD 20
#define GD_N_DBL 10
#define GD_N_MUL 30
#define GD_SEED 0x6732d2ff
#define GD_NAME "ec_g2_diff"
#include "group_diff_template.h"
