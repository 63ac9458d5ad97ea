/* Public pairing entry points: single, multi (one shared Miller loop and
 * one final exponentiation) and the product-equals-one check that proof
 * verifiers use. */
#include "ec/pairing_internal.h"

void zkfl_pairing(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q)
{
    zkfl_fp12 f;
    zkfl_miller_loop(&f, p, q, 1);
    zkfl_final_exponentiation(out, &f);
}

/* Untrusted callers may hand in points that are not on the curves; the
 * formulas would still run but compute a meaningless value, so say so.
 * (Subgroup membership of G2 points is the decoders' job.) */
static int check_points(const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n)
{
    if (n > 0 && (p == NULL || q == NULL))
        return ZKFL_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++)
        if (!zkfl_g1_affine_is_on_curve(&p[i]) || !zkfl_g2_affine_is_on_curve(&q[i]))
            return ZKFL_ERR_NOT_ON_CURVE;
    return 0;
}

int zkfl_multi_pairing(zkfl_fp12 *out, const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n)
{
    if (out == NULL)
        return ZKFL_ERR_INVALID_ARG;
    int err = check_points(p, q, n);
    if (err != 0)
        return err;
    zkfl_fp12 f;
    zkfl_miller_loop(&f, p, q, n);
    zkfl_final_exponentiation(out, &f);
    return 0;
}

int zkfl_pairing_check(const zkfl_g1_affine *p, const zkfl_g2_affine *q, size_t n)
{
    zkfl_fp12 e;
    int err = zkfl_multi_pairing(&e, p, q, n);
    if (err != 0)
        return err;
    return zkfl_fp12_is_one(&e);
}
