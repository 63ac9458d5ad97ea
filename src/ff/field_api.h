/* Internal template: the public API of one 4-limb prime field (Fp or Fr),
 * instantiated by fp.c and fr.c on top of the shared engine. Before
 * including, define FF_T (element type), FF_F (name infix: fp / fr) and
 * FF_MOD (the ff_modulus constant). */
#include <stdlib.h>
#include <string.h>
#include "ff/ff_generic.h"

#define FF_CAT3(a, b, c) a##b##c
#define FF_XCAT3(a, b, c) FF_CAT3(a, b, c)
#define FF_API(name) FF_XCAT3(zkfl_, FF_F, _##name)

void FF_API(set_zero)(FF_T *r) { memset(r->v, 0, sizeof r->v); }
void FF_API(set_one)(FF_T *r) { memcpy(r->v, FF_MOD.one, sizeof r->v); }
void FF_API(set_u64)(FF_T *r, uint64_t x)
{
    uint64_t raw[4] = { x, 0, 0, 0 }; /* x < 2^64 < m */
    ff_to_mont(r->v, raw, &FF_MOD);
}
int FF_API(is_zero)(const FF_T *a) { return (int)ff_is_zero4(a->v); }
int FF_API(is_one)(const FF_T *a) { return (int)ff_eq4(a->v, FF_MOD.one); }
int FF_API(eq)(const FF_T *a, const FF_T *b) { return (int)ff_eq4(a->v, b->v); }
void FF_API(add)(FF_T *r, const FF_T *a, const FF_T *b) { ff_add_mod(r->v, a->v, b->v, FF_MOD.m); }
void FF_API(sub)(FF_T *r, const FF_T *a, const FF_T *b) { ff_sub_mod(r->v, a->v, b->v, FF_MOD.m); }
void FF_API(neg)(FF_T *r, const FF_T *a) { ff_neg_mod(r->v, a->v, FF_MOD.m); }
void FF_API(dbl)(FF_T *r, const FF_T *a) { ff_add_mod(r->v, a->v, a->v, FF_MOD.m); }
void FF_API(mul)(FF_T *r, const FF_T *a, const FF_T *b) { ff_mont_mul(r->v, a->v, b->v, FF_MOD.m, FF_MOD.n0); }
void FF_API(sqr)(FF_T *r, const FF_T *a) { ff_mont_sqr(r->v, a->v, FF_MOD.m, FF_MOD.n0); }
void FF_API(pow)(FF_T *r, const FF_T *a, const uint64_t e[4]) { ff_pow_ct(r->v, a->v, e, &FF_MOD); }
void FF_API(pow_vartime)(FF_T *r, const FF_T *a, const uint64_t e[4]) { ff_pow_vartime(r->v, a->v, e, &FF_MOD); }
void FF_API(inv)(FF_T *r, const FF_T *a) { ff_inv_ct(r->v, a->v, &FF_MOD); }
void FF_API(inv_vartime)(FF_T *r, const FF_T *a) { ff_inv_vartime(r->v, a->v, &FF_MOD); }
int FF_API(legendre)(const FF_T *a) { return ff_legendre(a->v, &FF_MOD); }
void FF_API(cmov)(FF_T *r, const FF_T *a, int flag) { ff_cmov4(r->v, a->v, (uint64_t)(flag & 1)); }
int FF_API(from_raw)(FF_T *r, const uint64_t in[4]) { return ff_from_raw(r->v, in, &FF_MOD); }
void FF_API(to_raw)(uint64_t out[4], const FF_T *a) { ff_from_mont(out, a->v, &FF_MOD); }
int FF_API(from_bytes_be)(FF_T *r, const uint8_t in[32]) { return ff_from_bytes_be(r->v, in, &FF_MOD); }
void FF_API(to_bytes_be)(uint8_t out[32], const FF_T *a) { ff_to_bytes_be(out, a->v, &FF_MOD); }
int FF_API(from_bytes_le)(FF_T *r, const uint8_t in[32]) { return ff_from_bytes_le(r->v, in, &FF_MOD); }
void FF_API(to_bytes_le)(uint8_t out[32], const FF_T *a) { ff_to_bytes_le(out, a->v, &FF_MOD); }
int FF_API(from_bytes_lem)(FF_T *r, const uint8_t in[32]) { return ff_from_bytes_lem(r->v, in, &FF_MOD); }
void FF_API(to_bytes_lem)(uint8_t out[32], const FF_T *a) { ff_to_bytes_lem(out, a->v); }
void FF_API(from_bytes_be_wide)(FF_T *r, const uint8_t in[64]) { ff_from_bytes_be_wide(r->v, in, &FF_MOD); }
int FF_API(from_dec)(FF_T *r, const char *s) { return ff_from_dec(r->v, s, &FF_MOD); }
void FF_API(to_dec)(char out[ZKFL_DEC_MAX], const FF_T *a) { ff_to_dec(out, a->v, &FF_MOD); }
int FF_API(random)(FF_T *r) { return ff_random(r->v, &FF_MOD); }

int FF_API(batch_inv_vartime)(FF_T *out, const FF_T *in, size_t n)
{
    if (n == 0)
        return ZKFL_OK;
    if (out == NULL || in == NULL)
        return ZKFL_ERR_INVALID_ARG;
    if (n > SIZE_MAX / sizeof(FF_T))
        return ZKFL_ERR_OVERFLOW;
    /* Montgomery's trick over the non-zero entries: prefix[i] is the
     * product of the non-zero in[0..i]; one inversion, then walk back. */
    FF_T *prefix = malloc(n * sizeof(FF_T));
    if (prefix == NULL)
        return ZKFL_ERR_NOMEM;
    FF_T acc;
    FF_API(set_one)(&acc);
    for (size_t i = 0; i < n; i++) {
        prefix[i] = acc;
        if (!ff_is_zero4(in[i].v))
            FF_API(mul)(&acc, &acc, &in[i]);
    }
    FF_T inv;
    FF_API(inv_vartime)(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        if (ff_is_zero4(in[i].v)) {
            FF_API(set_zero)(&out[i]);
            continue;
        }
        FF_T x = in[i]; /* out may alias in */
        FF_API(mul)(&out[i], &inv, &prefix[i]);
        FF_API(mul)(&inv, &inv, &x);
    }
    free(prefix);
    return ZKFL_OK;
}

#undef FF_API
#undef FF_XCAT3
#undef FF_CAT3
