/* The endomorphism splits used by the MSM plan (msm_impl.h), in the plan's
 * form: parts as 4-limb magnitudes plus sign flags.
 *
 * G1 uses the GLV lattice of glv.c, but in variable time on plain integers:
 * (k1, k2) = (k, 0) - c1 v1 - c2 v2 holds exactly over the integers, and
 * |k1|, |k2| < 2^129, so it can be evaluated modulo 2^256 (two's
 * complement, truncated products) instead of with Fr multiplications; about
 * a tenth of the constant-time version's work, which matters when every
 * scalar of a 2^20-term MSM goes through it. Three limbs (modulo 2^192)
 * hold every intermediate, which halves the products again. */
#include <pthread.h>
#include <string.h>
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ff/ff_generic.h"

/* acc += a * b mod 2^192. */
static void mul_add_192(uint64_t acc[3], const uint64_t a[3], const uint64_t b[3])
{
    ff_u128 t0 = (ff_u128)a[0] * b[0];
    ff_u128 t1 = (ff_u128)a[0] * b[1] + (uint64_t)(t0 >> 64);
    uint64_t hi1 = (uint64_t)(t1 >> 64);
    ff_u128 t1b = (ff_u128)a[1] * b[0] + (uint64_t)t1;
    uint64_t t2 = a[0] * b[2] + a[1] * b[1] + a[2] * b[0] + hi1 + (uint64_t)(t1b >> 64);
    uint64_t c = 0;
    acc[0] = ff_addc(acc[0], (uint64_t)t0, &c);
    acc[1] = ff_addc(acc[1], (uint64_t)t1b, &c);
    acc[2] = acc[2] + t2 + c;
}

/* The basis coefficients m_ij of glv.c (Fr constants, small signed
 * integers mod r) as 192-bit two's complement integers, and the rounding
 * constants g1, g2 in three limbs. */
static uint64_t glv_m[2][2][3];
static uint64_t glv_g[2][3];
static pthread_once_t glv_m_once = PTHREAD_ONCE_INIT;

static void glv_m_init(void)
{
    const zkfl_fr *m[2][2] = { { &zkfl_ec_glv_m11, &zkfl_ec_glv_m12 },
                               { &zkfl_ec_glv_m21, &zkfl_ec_glv_m22 } };
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            uint64_t v[4], t[4];
            ff_from_mont(v, m[i][j]->v, &ff_fr_modulus);
            /* above r/2: the negative value v - r */
            if (ff_sub4_borrow(t, ff_fr_modulus.half, v))
                ff_sub4_borrow(v, v, ff_fr_modulus.m);
            memcpy(glv_m[i][j], v, sizeof glv_m[i][j]);
        }
    memcpy(glv_g[0], zkfl_ec_glv_g1, sizeof glv_g[0]);   /* limb 3 is zero */
    memcpy(glv_g[1], zkfl_ec_glv_g2, sizeof glv_g[1]);
}

/* A value in [-2^191, 2^191) as a 4-limb magnitude and a sign. */
static void to_sign_magnitude(uint64_t part[4], uint8_t *neg, const uint64_t v[3])
{
    *neg = (uint8_t)(v[2] >> 63);
    if (*neg) {
        uint64_t b = 0;
        part[0] = ff_subb(0, v[0], &b);
        part[1] = ff_subb(0, v[1], &b);
        part[2] = ff_subb(0, v[2], &b);
    } else {
        memcpy(part, v, 3 * sizeof *v);
    }
    part[3] = 0;
}

/* (k1, k2) = (k, 0) - c1 v1 - c2 v2 holds over the integers with
 * |k1|, |k2| < 2^129, so it is evaluated modulo 2^192. */
void msm_decompose_glv(uint64_t part[][4], uint8_t neg[], const uint64_t k[4])
{
    pthread_once(&glv_m_once, glv_m_init);
    uint64_t c1[3], c2[3], k1[3], k2[3] = {0};
    /* glv_g below 2^192 (66 and 130 bits) and k < 2^254: c1, c2 < 2^130 */
    ec_mul_shift_round(c1, 3, k, glv_g[0], 3);
    ec_mul_shift_round(c2, 3, k, glv_g[1], 3);
    memcpy(k1, k, sizeof k1);
    mul_add_192(k1, c1, glv_m[0][0]);
    mul_add_192(k1, c2, glv_m[0][1]);
    mul_add_192(k2, c1, glv_m[1][0]);
    mul_add_192(k2, c2, glv_m[1][1]);
    to_sign_magnitude(part[0], &neg[0], k1);
    to_sign_magnitude(part[1], &neg[1], k2);
}

void msm_decompose_gls(uint64_t part[][4], uint8_t neg[], const uint64_t k[4])
{
    uint64_t p[4][2];
    int n[4];
    zkfl_fr kf;
    zkfl_fr_from_raw(&kf, k);
    zkfl_ec_gls_decompose(p, n, &kf);
    for (int e = 0; e < 4; e++) {
        part[e][0] = p[e][0];
        part[e][1] = p[e][1];
        part[e][2] = part[e][3] = 0;
        neg[e] = (uint8_t)n[e];
    }
    zkfl_memzero(p, sizeof p);
    zkfl_memzero(&kf, sizeof kf);
}
