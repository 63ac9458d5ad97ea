/* The BN254 scalar field Fr: the shared engine instantiated for r, plus
 * signed embedding and a constant-time Tonelli-Shanks square root
 * (r - 1 = 2^28 * c2 with c2 odd). */
#include "ff/fp_field.h"

#define FF_T zkfl_fr
#define FF_F fr
#define FF_MOD ff_fr_modulus
#include "ff/field_api.h"

void zkfl_fr_set_i64(zkfl_fr *r, int64_t x)
{
    /* |x| without branching on the sign; INT64_MIN works via unsigned wrap */
    uint64_t neg = (uint64_t)x >> 63;
    uint64_t mag = ((uint64_t)x ^ ((uint64_t)0 - neg)) + neg;
    zkfl_fr t, n;
    zkfl_fr_set_u64(&t, mag);
    zkfl_fr_neg(&n, &t);
    ff_cmov4(t.v, n.v, neg);
    *r = t;
}

/* Tonelli-Shanks constants (RFC 9380, appendix I.4) */
#define FR_TWO_ADICITY 28
/* c3 = (c2 - 1) / 2 with c2 = (r - 1) / 2^28 */
static const uint64_t fr_ts_c3[4] = {
    0xcdcb848a1f0fac9full, 0x0c0ac2e9419f4243ull, 0x098d014dc2822db4ull, 0x0000000183227397ull
};
/* c5 = 5^c2 in Montgomery form (5 is a non-residue mod r); checked by
 * tests/ff/test_ff_constants.c */
const zkfl_fr ff_fr_ts_c5 = { { 0x636e735580d13d9cull, 0xa22bf3742445ffd6ull,
                               0x56452ac01eb203d8ull, 0x1860ef942963f9e7ull } };

uint64_t ff_fr_sqrt_ct(zkfl_fr *r, const zkfl_fr *a)
{
    zkfl_fr z, t, b, c, tmp;
    ff_pow_vartime(z.v, a->v, fr_ts_c3, &ff_fr_modulus); /* z = a^c3 */
    ff_fr_sqr(&t, &z);
    ff_fr_mul(&t, &t, a);                                /* t = a^c2 */
    ff_fr_mul(&z, &z, a);                                /* z = a^((c2+1)/2) */
    b = t;
    c = ff_fr_ts_c5;
    /* fixed iteration counts: the loop shape never depends on a */
    for (int i = FR_TWO_ADICITY; i >= 2; i--) {
        for (int j = 1; j <= i - 2; j++)
            ff_fr_sqr(&b, &b);
        uint64_t b_is_one = ff_eq4(b.v, ff_fr_modulus.one);
        ff_fr_mul(&tmp, &z, &c);
        ff_cmov4(z.v, tmp.v, b_is_one ^ 1);
        ff_fr_sqr(&c, &c);
        ff_fr_mul(&tmp, &t, &c);
        ff_cmov4(t.v, tmp.v, b_is_one ^ 1);
        b = t;
    }
    ff_fr_sqr(&tmp, &z);
    *r = z;
    return ff_eq4(tmp.v, a->v);
}

int zkfl_fr_sqrt(zkfl_fr *r, const zkfl_fr *a)
{
    zkfl_fr s;
    uint64_t ok = ff_fr_sqrt_ct(&s, a);
    ff_cmov4(r->v, s.v, ok);
    return ok ? ZKFL_OK : ZKFL_ERR_NO_SQRT;
}
