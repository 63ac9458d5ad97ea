/* Pippenger MSM on G2 with the GLS split: msm_template.h instantiated again
 * over Fp2, with psi as the endomorphism and k = sum_e k_e l^e (l = 6x^2,
 * four parts of about 64 bits, msm_decompose_gls_vartime below). The
 * Pippenger pass then runs over 4n points with about a quarter of the
 * windows: the same number of bucket additions, but fewer buckets to
 * reduce and fewer doublings. That pays only at small sizes: msm_plan.c's
 * cost model decides per call, and above MSM_G2S_MAX_SPLIT big scalars the
 * MSM runs unsplit (see there).
 *
 * psi acts as [l] only on G2 = E'[r]. On a twist point P = P_r + P_h with a
 * component P_h of cofactor order, sum_e k_e psi^e(P_h) is in general not
 * k P_h, so the result is only defined for points of G2: callers either know
 * their points are in G2 or check the result (the Groth16 provers check
 * pi_B before it leaves them). zkfl_g2_msm_vartime (msm_g2.c) stays exact
 * for every twist point and is the one for untrusted inputs. */
#include <pthread.h>
#include "ec/ec_impl.h"
#include "ec/msm_impl.h"
#include "ff/ff_generic.h"
#include "ec/msm_g2_impl.h"

/* ---- GLS split in variable time ----
 * glv.c's zkfl_ec_gls_decompose is constant time (Fr multiplications, used
 * by the constant-time scalar multiplication). Its result
 * part_i = [i = 0] k + sum_j c_j m_ji, c_j = round(k g_j / 2^256), is an
 * identity over the integers once the m_ji are read as the small signed
 * lattice entries they are, and |part_i| < 2^70, so it can be evaluated
 * modulo 2^128 with plain integer products: about a tenth of the work,
 * which counts when every scalar of a large MSM goes through it
 * (tests/ec/test_msm_g2_subgroup.c compares the two on edge scalars). */

static inline ff_u128 u128_of(const uint64_t v[2]) { return ((ff_u128)v[1] << 64) | v[0]; }

/* m_ji of glv.c as 128-bit two's complement integers. */
static ff_u128 gls_m[4][4];
static pthread_once_t gls_m_once = PTHREAD_ONCE_INIT;

static void gls_m_init(void)
{
    const zkfl_fr *m[4][4] = {
        {&zkfl_ec_gls_m00, &zkfl_ec_gls_m01, &zkfl_ec_gls_m02, &zkfl_ec_gls_m03},
        {&zkfl_ec_gls_m10, &zkfl_ec_gls_m11, &zkfl_ec_gls_m12, &zkfl_ec_gls_m13},
        {&zkfl_ec_gls_m20, &zkfl_ec_gls_m21, &zkfl_ec_gls_m22, &zkfl_ec_gls_m23},
        {&zkfl_ec_gls_m30, &zkfl_ec_gls_m31, &zkfl_ec_gls_m32, &zkfl_ec_gls_m33}};
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++) {
            uint64_t v[4], t[4];
            ff_from_mont(v, m[j][i]->v, &ff_fr_modulus);
            if (ff_sub4_borrow(t, ff_fr_modulus.half, v))   /* above r/2: v - r */
                ff_sub4_borrow(v, v, ff_fr_modulus.m);
            gls_m[j][i] = u128_of(v);
        }
}

void msm_decompose_gls_vartime(uint64_t part[][4], uint8_t neg[], const uint64_t k[4])
{
    static const uint64_t *const g[4] = {zkfl_ec_gls_g0, zkfl_ec_gls_g1, zkfl_ec_gls_g2,
                                         zkfl_ec_gls_g3};
    pthread_once(&gls_m_once, gls_m_init);
    ff_u128 c[4];
    for (int j = 0; j < 4; j++) {
        uint64_t cj[2];
        ec_mul_shift_round(cj, 2, k, g[j], 4);   /* the low 128 bits: the rest cancels */
        c[j] = u128_of(cj);
    }
    for (int i = 0; i < 4; i++) {
        ff_u128 acc = i == 0 ? u128_of(k) : 0;
        for (int j = 0; j < 4; j++)
            acc += c[j] * gls_m[j][i];
        neg[i] = (uint8_t)(acc >> 127);
        if (neg[i])
            acc = -acc;
        part[i][0] = (uint64_t)acc;
        part[i][1] = (uint64_t)(acc >> 64);
        part[i][2] = part[i][3] = 0;
    }
    zkfl_memzero(c, sizeof c);   /* follow the (witness) scalar */
}

/* psi on affine points: (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)), the
 * constants of g2_psi.c. The zero encoding of infinity maps to itself, and
 * r may alias a. */
static inline void msm_g2s_psi(zkfl_g2_affine *r, const zkfl_g2_affine *a)
{
    zkfl_fp2 t;
    ec_fp2_conj(&t, &a->x);
    ec_fp2_mul(&r->x, &t, &zkfl_ec_psi_cx);
    ec_fp2_conj(&t, &a->y);
    ec_fp2_mul(&r->y, &t, &zkfl_ec_psi_cy);
}

#define MSM_FN(name) msm_g2s_##name
#define MSM_ENDO msm_g2s_psi
#define MSM_DECOMPOSE msm_decompose_gls_vartime
#define MSM_DIM 4u
#include "ec/msm_template.h"

/* Above this many big scalars the split costs more time than it saves,
 * although it still saves instructions (callgrind, 2^14 random scalars:
 * -5%): 4n split points of 128 bytes and the wider bucket arrays the model
 * picks for them (2^13 buckets = 1 MiB at c = 14; the model's cache
 * penalty starts at c = 15, set for G1's 64-byte points) miss L2. Same-run
 * CPU times, split vs unsplit: 2^12 -10..-14%, 2^13 about 0, 2^14 +5..9%,
 * 2^15 +14%. */
#define MSM_G2S_MAX_SPLIT ((size_t)1 << 13)

/* 1 when more than MSM_G2S_MAX_SPLIT scalars have over 16 bits (the plan's
 * split applies only above its small-scalar bound of 14 bits). */
static int many_big_scalars(const zkfl_fr *scalars, size_t n)
{
    size_t big = 0;
    uint64_t raw[4];
    for (size_t i = 0; i < n && big <= MSM_G2S_MAX_SPLIT; i++) {
        ff_from_mont(raw, scalars[i].v, &ff_fr_modulus);
        big += (raw[0] >> 16 | raw[1] | raw[2] | raw[3]) != 0;
    }
    zkfl_memzero(raw, sizeof raw);   /* a witness value */
    return big > MSM_G2S_MAX_SPLIT;
}

int zkfl_g2_msm_subgroup_vartime(zkfl_g2 *out, const zkfl_g2_affine *points,
                                 const zkfl_fr *scalars, size_t n, int threads)
{
    /* zkfl_msm_use_endo = 2 (tests) forces the split at any size */
    if (n > MSM_G2S_MAX_SPLIT && scalars != NULL && zkfl_msm_use_endo != 2 &&
        many_big_scalars(scalars, n))
        return zkfl_g2_msm_vartime(out, points, scalars, n, threads);
    return msm_g2s_msm(out, points, scalars, n, threads);
}
