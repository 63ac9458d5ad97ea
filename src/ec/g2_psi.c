/* The endomorphism psi of the twist and the fast G2 membership test.
 *
 * psi = untwist^-1 o Frobenius_p o untwist. With the untwisting map
 * (x, y) -> (x w^2, y w^3), w^6 = xi = 9 + u, it reads
 * psi(x, y) = (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)), and because it is
 * Frobenius-semilinear the same holds on Jacobian coordinates with conj(Z).
 *
 * Membership: on the twist E'(Fp2), of order r * (2p - r), psi satisfies
 * psi^2 - t psi + p = 0, and Q is in G2 = E'[r] iff psi(Q) = [6x^2] Q
 * (6x^2 = t - 1 = p mod r): the kernel of psi - [6x^2] has
 * deg = (6x^2)^2 - t 6x^2 + p = p - 6x^2 = r points, and G2 lies in it, so
 * the kernel is exactly G2. This is the BN case of El Housni, Guillevic and
 * Piellard, "Co-factor clearing and subgroup membership testing on
 * pairing-friendly curves" (AFRICACRYPT 2022, ePrint 2022/352, section 4),
 * following Scott, "A note on group membership tests for G1, G2 and GT on
 * BLS pairing-friendly curves" (ePrint 2021/1130). The tests compare it with
 * the definition [r] Q = 0 on points inside and outside G2. */
#include "ec/ec_impl.h"

/* 6 x^2 = 0x6f4d8248eeb859fbf83e9682e87cfd46 (127 bits). */
const uint64_t zkfl_ec_six_x2[2] = {0xf83e9682e87cfd46ull, 0x6f4d8248eeb859fbull};

void zkfl_ec_g2_psi(zkfl_g2 *r, const zkfl_g2 *a)
{
    zkfl_fp2 t;
    ec_fp2_conj(&t, &a->x);
    ec_fp2_mul(&r->x, &t, &zkfl_ec_psi_cx);
    ec_fp2_conj(&t, &a->y);
    ec_fp2_mul(&r->y, &t, &zkfl_ec_psi_cy);
    ec_fp2_conj(&r->z, &a->z);
}

int zkfl_g2_affine_is_in_subgroup(const zkfl_g2_affine *a)
{
    if (zkfl_g2_affine_is_infinity(a)) return 1;
    zkfl_g2 p, lhs, rhs;
    zkfl_g2_from_affine(&p, a);
    zkfl_ec_g2_psi(&lhs, &p);
    zkfl_ec_g2_mul_plain_vartime(&rhs, &p, zkfl_ec_six_x2, 2);
    return zkfl_g2_eq(&lhs, &rhs);
}
