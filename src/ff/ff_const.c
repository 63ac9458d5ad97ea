/* The constants of the BN254 base field p and scalar field r (computed with
 * Python big integers). tests/ff/test_ff_constants.c re-derives every one of
 * them from the modulus alone, so a typo here fails the suite. */
#include "ff/fp_impl.h"

const ff_modulus ff_fp_modulus = {
    .m = { FF_FP_M0, FF_FP_M1, FF_FP_M2, FF_FP_M3 },
    .n0 = FF_FP_N0,
    .one = { 0xd35d438dc58f0d9dull, 0x0a78eb28f5c70b3dull, 0x666ea36f7879462cull, 0x0e0a77c19a07df2full },
    .r2 = { 0xf32cfc5b538afa89ull, 0xb5e71911d44501fbull, 0x47ab1eff0a417ff6ull, 0x06d89f71cab8351full },
    .r3 = { 0xb1cd6dafda1530dfull, 0x62f210e6a7283db6ull, 0xef7f0b0c0ada0afbull, 0x20fd6e902d592544ull },
    .m_minus_2 = { 0x3c208c16d87cfd45ull, 0x97816a916871ca8dull, 0xb85045b68181585dull, 0x30644e72e131a029ull },
    .half = { 0x9e10460b6c3e7ea3ull, 0xcbc0b548b438e546ull, 0xdc2822db40c0ac2eull, 0x183227397098d014ull },
};

const ff_modulus ff_fr_modulus = {
    .m = { FF_FR_M0, FF_FR_M1, FF_FR_M2, FF_FR_M3 },
    .n0 = FF_FR_N0,
    .one = { 0xac96341c4ffffffbull, 0x36fc76959f60cd29ull, 0x666ea36f7879462eull, 0x0e0a77c19a07df2full },
    .r2 = { 0x1bb8e645ae216da7ull, 0x53fe3ab1e35c59e3ull, 0x8c49833d53bb8085ull, 0x0216d0b17f4e44a5ull },
    .r3 = { 0x5e94d8e1b4bf0040ull, 0x2a489cbe1cfbb6b8ull, 0x893cc664a19fcfedull, 0x0cf8594b7fcc657cull },
    .m_minus_2 = { 0x43e1f593efffffffull, 0x2833e84879b97091ull, 0xb85045b68181585dull, 0x30644e72e131a029ull },
    .half = { 0xa1f0fac9f8000000ull, 0x9419f4243cdcb848ull, 0xdc2822db40c0ac2eull, 0x183227397098d014ull },
};
