/* G1 differential test: add, double, and both scalar multiplications on
 * random and edge-case inputs, checked by @noble/curves through
 * tests/ec/ec_ref.mjs (which recomputes every line and compares bytes). */
#define GD(name) zkfl_g1_##name
#define GD_T zkfl_g1
#define GD_AFF zkfl_g1_affine
#define GD_TAG "g1"
#define GD_BYTES 64
#define GD_N_ADD 60
#define GD_N_DBL 20
#define GD_N_MUL 80
#define GD_SEED 0x6731d1ff
#define GD_NAME "ec_g1_diff"
#include "group_diff_template.h"
