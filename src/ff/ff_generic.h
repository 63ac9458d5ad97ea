/* Internal: field operations that are the same for every 4-limb prime
 * field, written once against an ff_modulus (the Fp and Fr public APIs
 * are thin instantiations of these; see field_api.h). Values are
 * uint64_t[4] little-endian limbs in Montgomery form unless named raw. */
#ifndef ZKFL_FF_GENERIC_H
#define ZKFL_FF_GENERIC_H

#include "ff/fp_impl.h"

/* r = a^e, 4-bit fixed window with a constant-time table scan: the
 * sequence of operations and memory accesses is independent of a and e. */
void ff_pow_ct(uint64_t r[4], const uint64_t a[4], const uint64_t e[4], const ff_modulus *f);
/* r = a^e; time depends on e only (so it is constant time in a for a
 * public exponent, which is how inversion and square roots use it). */
void ff_pow_vartime(uint64_t r[4], const uint64_t a[4], const uint64_t e[4], const ff_modulus *f);
/* Inverses in Montgomery form (inv(0) = 0): safegcd, constant time or
 * variable time, and Fermat's a^(m-2) (a slower independent reference). */
void ff_inv_ct(uint64_t r[4], const uint64_t a[4], const ff_modulus *f);
void ff_inv_vartime(uint64_t r[4], const uint64_t a[4], const ff_modulus *f);
void ff_inv_fermat(uint64_t r[4], const uint64_t a[4], const ff_modulus *f);
/* Plain-integer inverses x^-1 mod m by Bernstein-Yang divsteps (ff_safegcd.c). */
void ff_inv_safegcd_ct(uint64_t r[4], const uint64_t x[4], const ff_modulus *f);
void ff_inv_safegcd_vartime(uint64_t r[4], const uint64_t x[4], const ff_modulus *f);
/* 1, -1 or 0 (Euler's criterion). */
int ff_legendre(const uint64_t a[4], const ff_modulus *f);

void ff_to_mont(uint64_t r[4], const uint64_t raw[4], const ff_modulus *f);
void ff_from_mont(uint64_t raw[4], const uint64_t a[4], const ff_modulus *f);
/* 1 when raw < m (constant time). */
uint64_t ff_is_canonical(const uint64_t raw[4], const ff_modulus *f);
/* raw < 2^256 reduced mod m in constant time. */
void ff_reduce_256(uint64_t r[4], const uint64_t raw[4], const ff_modulus *f);

int ff_from_raw(uint64_t r[4], const uint64_t in[4], const ff_modulus *f);
int ff_from_bytes_be(uint64_t r[4], const uint8_t in[32], const ff_modulus *f);
int ff_from_bytes_le(uint64_t r[4], const uint8_t in[32], const ff_modulus *f);
int ff_from_bytes_lem(uint64_t r[4], const uint8_t in[32], const ff_modulus *f);
void ff_to_bytes_be(uint8_t out[32], const uint64_t a[4], const ff_modulus *f);
void ff_to_bytes_le(uint8_t out[32], const uint64_t a[4], const ff_modulus *f);
void ff_to_bytes_lem(uint8_t out[32], const uint64_t a[4]);
void ff_from_bytes_be_wide(uint64_t r[4], const uint8_t in[64], const ff_modulus *f);
int ff_from_dec(uint64_t r[4], const char *s, const ff_modulus *f);
void ff_to_dec(char out[ZKFL_DEC_MAX], const uint64_t a[4], const ff_modulus *f);
int ff_random(uint64_t r[4], const ff_modulus *f);

/* Raw little-endian byte/limb conversion helpers. */
void ff_limbs_from_le(uint64_t r[4], const uint8_t in[32]);
void ff_limbs_to_le(uint8_t out[32], const uint64_t a[4]);

#endif
