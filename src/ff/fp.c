/* The BN254 base field Fp: the shared engine instantiated for p, plus the
 * square root, which uses p = 3 mod 4. */
#include "ff/fp_field.h"

#define FF_T zkfl_fp
#define FF_F fp
#define FF_MOD ff_fp_modulus
#include "ff/field_api.h"

/* (p+1)/4 */
static const uint64_t fp_sqrt_exp[4] = {
    0x4f082305b61f3f52ull, 0x65e05aa45a1c72a3ull, 0x6e14116da0605617ull, 0x0c19139cb84c680aull
};

uint64_t ff_fp_sqrt_ct(zkfl_fp *r, const zkfl_fp *a)
{
    /* a^((p+1)/4) squares to a exactly when a is a square (p = 3 mod 4) */
    zkfl_fp s, chk;
    ff_pow_vartime(s.v, a->v, fp_sqrt_exp, &ff_fp_modulus);
    ff_fp_sqr(&chk, &s);
    *r = s;
    return ff_eq4(chk.v, a->v);
}

int zkfl_fp_sqrt(zkfl_fp *r, const zkfl_fp *a)
{
    zkfl_fp s;
    uint64_t ok = ff_fp_sqrt_ct(&s, a);
    ff_cmov4(r->v, s.v, ok);
    return ok ? ZKFL_OK : ZKFL_ERR_NO_SQRT;
}
