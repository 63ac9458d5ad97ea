#!/usr/bin/env python3
"""Generates src/ff/fp_asm.h: x86-64 (BMI2 + ADX) Montgomery multiplication
for 4-limb moduli below 2^254, as GCC/Clang extended inline assembly.

Interleaved CIOS: each of the 4 rounds adds a*b[i] to the 5-word
accumulator (two carry chains: OF via adox for low halves, CF via adcx for
high halves), then adds q*m with q = t0*n0 so the low word cancels, and
the accumulator shifts down by one word simply by renaming registers. The
modulus top bit is clear twice over (m < 2^254), so the accumulator stays
below 2m and fits in 5 words without a sixth ("no-carry" CIOS). A final
constant-time conditional subtraction gives the fully reduced result.
The same rounds without that subtraction are ff_mont_mul_lazy_asm, the
product of the NTT's lazy butterflies (src/poly/ntt_butterfly.h), so the
mulx sequence has this one source. Product rows 1-3 start by zeroing the
register the previous reduction shifted out (their new top word): that
one xor clears both flags and gives the OF fold its zero, so the rows
need no "movl $0" (3 ALU instructions fewer per product).

Measured with bench/fp_mul_bench.c (the candidates are in
bench/fp_mul_variants.py; the command is at the top of the .c file): one
process, alternating, best of 300 runs of 4096 products, core clock
3.08 GHz, cycles per product. lat = out-of-line calls x = x*y, tput =
out-of-line calls out[i&7] = x*y (zkfl bench curve's fp_mul and
fp_mul_throughput), in-lat / in-tput = the kernel inlined into the loop
(2026-11-22; repeated runs agree to ~0.3 cycles):

  kernel      lat   tput  in-lat in-tput
  previous    60.1  52.2   65.0   51.8   (rows with movl $0 folds)
  this one    60.1  51.0   64.4   50.8   (also -falign-functions=16: 59.8 /
                                          51.5 vs 60.0 / 52.3, 64.3 / 50.7
                                          vs 64.8 / 51.7)
  ripconst    63.8  52.7   64.9   51.8   m, n0 as RIP-relative memory
                                         operands: 2 registers and 2
                                         push/pop fewer in zkfl_fp_mul
  zeroreg     68.9  50.6   65.8   50.1   ripconst + a zero register
                                         instead of every movl $0
  noclear     69.2  51.2   66.2   50.9   zeroreg without clearing the flags
                                         before product rows
  fewer       68.0  51.5   64.1   50.7   no row flag clearing, zeroed words
                                         as fold operands (127 instr.)
  adc0        59.9  53.0   66.1   52.4   adc $0 as the reduction's CF fold
                                         (no movl $0 there either); a
                                         later run, where this kernel gave
                                         59.8 / 53.0 / 64.2 / 52.4
  blsi        69.0  53.6   68.5   52.4   blsi q (CF = q != 0, OF = 0)
                                         instead of xor + adcx lo(q m0)
  q0imul      60.2  54.4   65.8   53.0   first quotient a0 * (b0 n0)
  sos         81.0  60.3   78.2   60.1   512-bit product, then 4 rounds
  lazy        58.0  48.8   57.2   48.3   no final subtraction (reference)

End to end, two release builds alternating (zkfl bench curve --threads 1,
best of 7 runs each, machine under load): fp_mul_throughput 17.7 ->
17.3 ns, fr_mul_throughput 17.6 -> 17.5, fp_mul and fr_mul 19.9 -> 19.9,
pairing 402 -> 398 us; the NTT (lazy product) did not move (2^16 forward
8.8 vs 8.9 ms CPU, best of 4).

What bounds it (the brief's three hypotheses):
- Call overhead: small. The out-of-line zkfl_fp_mul adds 4 push/pop, 3
  setup moves and 4 stores around the kernel (~15 of ~155 instructions);
  inlining the kernel into the loop saves ~0.5 cycles of throughput and
  costs ~5 of latency (the chained value goes through memory either way).
  Freeing registers (ripconst) drops 2 push/pop pairs and gains nothing.
- Critical path: the q chain (imul 3 + mulx 4 + 3 additions per round)
  costs ~4 cycles of throughput: a timing-only copy whose quotients come
  from b instead of the accumulator (wrong products) ran 47.5 cycles
  against 51.2 with nothing else between products. SOS lengthens the
  chain: its 16 product mulx occupy port 1 ahead of the quotient mulx.
  q0imul shortens the first round's chain yet measured no faster.
- Uops: the rest is execution ports. Per product, 32 mulx (p1 + p5) and
  4 imul (p1) against ~76 adc/adcx/adox/sbb/cmov that only p0 and p6
  run: ~38 cycles on p0/p6 alone, ~39 for all four ALU ports (mulx
  throughput measured 1.0 cycle on a quiet core, 1.4 earlier with the
  sibling hyperthread busy). The front-end is not the limit (24 added
  nops: +0 cycles inlined, +3.7 out of line). Dropping ALU uops helps throughput a little (this kernel,
  zeroreg); dropping flag clearings (noclear, fewer) lets a product row
  wait on the flags of the whole previous reduction, and the variants
  with RIP-relative constants, a zero register or blsi lose 3-9 cycles of
  latency for reasons the port model does not show (with other load on
  the machine they gained 1-2 instead, so part of it is scheduling luck
  of this core). Earlier drops, same conclusion: a two-word quotient
  (+1 ns), the multiplicand in registers instead of memory operands
  (+1.5 ns throughput), a dedicated squaring (latency +3 ns).
The remaining gap to ~46 cycles (15 ns) is port 0/6 pressure that the
CIOS carry chains need; no rearrangement of them measured closer.

Run: python3 src/ff/gen_fp_asm.py > src/ff/fp_asm.h
"""

HEADER = '''/* Generated by src/ff/gen_fp_asm.py - do not edit by hand.
 * x86-64 BMI2/ADX Montgomery multiplication for 4-limb moduli < 2^254:
 * r = a*b/2^256 mod m, inputs < m, output fully reduced, constant time
 * (ff_mont_mul_lazy_asm, for the NTT, skips the final reduction).
 * Included by fp_impl.h only when FF_USE_ASM is defined. */
#ifndef ZKFL_FF_FP_ASM_H
#define ZKFL_FF_FP_ASM_H

#include <stdint.h>

/* The "m" operands tell an optimizing compiler exactly which memory the
 * kernels read. Unoptimized builds would give each of them a register of
 * its own and run out, so there a "memory" clobber says the same thing. */
#ifdef __OPTIMIZE__
#define FF_ASM_IN2(x, y) , "m"(*(const uint64_t(*)[4])(x)), "m"(*(const uint64_t(*)[4])(y))
#define FF_ASM_IN3(x, y, z) FF_ASM_IN2(x, y), "m"(*(const uint64_t(*)[4])(z))
#define FF_ASM_CLOBBERS "cc"
#else
#define FF_ASM_IN2(x, y)
#define FF_ASM_IN3(x, y, z)
#define FF_ASM_CLOBBERS "cc", "memory"
#endif
'''


ADD_SUB = r'''/* r = a + b mod m (a, b < m < 2^254: the sum cannot carry out of 256 bits). */
static inline void ff_add_mod_asm(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4])
{
    uint64_t t0, t1, t2, t3, s0, s1, s2, s3;
    __asm__(
        "movq 0(%8), %0\n\t"
        "movq 8(%8), %1\n\t"
        "movq 16(%8), %2\n\t"
        "movq 24(%8), %3\n\t"
        "addq 0(%9), %0\n\t"
        "adcq 8(%9), %1\n\t"
        "adcq 16(%9), %2\n\t"
        "adcq 24(%9), %3\n\t"
        "movq %0, %4\n\t"
        "subq 0(%10), %4\n\t"
        "movq %1, %5\n\t"
        "sbbq 8(%10), %5\n\t"
        "movq %2, %6\n\t"
        "sbbq 16(%10), %6\n\t"
        "movq %3, %7\n\t"
        "sbbq 24(%10), %7\n\t"
        "cmovncq %4, %0\n\t"
        "cmovncq %5, %1\n\t"
        "cmovncq %6, %2\n\t"
        "cmovncq %7, %3\n\t"
        : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3), "=&r"(s0), "=&r"(s1), "=&r"(s2), "=&r"(s3)
        : "r"(a), "r"(b), "r"(m) FF_ASM_IN3(a, b, m)
        : FF_ASM_CLOBBERS);
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
}

/* r = a - b mod m: subtract, then add back m masked by the borrow. */
static inline void ff_sub_mod_asm(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4])
{
    uint64_t t0, t1, t2, t3, s0, s1, s2, s3;
    __asm__(
        "movq 0(%8), %0\n\t"
        "movq 8(%8), %1\n\t"
        "movq 16(%8), %2\n\t"
        "movq 24(%8), %3\n\t"
        "subq 0(%9), %0\n\t"
        "sbbq 8(%9), %1\n\t"
        "sbbq 16(%9), %2\n\t"
        "sbbq 24(%9), %3\n\t"
        "sbbq %7, %7\n\t"
        "movq 0(%10), %4\n\t"
        "movq 8(%10), %5\n\t"
        "movq 16(%10), %6\n\t"
        "andq %7, %4\n\t"
        "andq %7, %5\n\t"
        "andq %7, %6\n\t"
        "andq 24(%10), %7\n\t"
        "addq %4, %0\n\t"
        "adcq %5, %1\n\t"
        "adcq %6, %2\n\t"
        "adcq %7, %3\n\t"
        : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3), "=&r"(s0), "=&r"(s1), "=&r"(s2), "=&r"(s3)
        : "r"(a), "r"(b), "r"(m) FF_ASM_IN3(a, b, m)
        : FF_ASM_CLOBBERS);
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
}


'''

def mul9_asm(name, subtract):
    """r = (9 a + b) mod m, or (9 a - b) mod m computed as 9 a + m - b, for
    a < m, b <= m, m one of the BN254 moduli (both have the top word
    0x30644e72e131a029, which the constant 21 is derived from): t < 10m;
    k = the high word of (t >> 194) * 21 is floor(t/m) or one less (the
    generator's check_mul9_estimate() tests that on the range edges);
    t - k m is computed mod 2^256 as t + k (2^256 - m) (nm = 2^256 - m),
    exact because the result lies in [0, 2m); then one conditional
    subtraction. All in registers: the tower calls it for every
    multiplication by xi = 9 + u."""
    o = []
    e = o.append
    e('movl $9, %%edx')
    e('mulxq 0(%6), %0, %1')
    e('mulxq 8(%6), %%rax, %2')
    e('addq %%rax, %1')
    e('mulxq 16(%6), %%rax, %3')
    e('adcq %%rax, %2')
    e('mulxq 24(%6), %%rax, %4')
    e('adcq %%rax, %3')
    e('adcq $0, %4')
    if subtract:
        for j in range(4):
            e(f'{"addq" if j == 0 else "adcq"} {8 * j}(%8), %{j}')
        e('adcq $0, %4')
        for j in range(4):
            e(f'{"subq" if j == 0 else "sbbq"} {8 * j}(%7), %{j}')
        e('sbbq $0, %4')
    else:
        for j in range(4):
            e(f'{"addq" if j == 0 else "adcq"} {8 * j}(%7), %{j}')
        e('adcq $0, %4')
    e('movq %3, %%rdx')
    e('shrdq $2, %4, %%rdx')
    e('movl $21, %%eax')
    e('mulxq %%rax, %%rax, %%rdx')
    e('xorl %%eax, %%eax')
    for j in range(4):
        e(f'mulxq {8 * j}(%9), %%rax, %5')
        e(f'adcxq %%rax, %{j}')
        if j < 3:
            e(f'adoxq %5, %{j + 1}')
    e('movq %0, %%rax')
    e('subq 0(%8), %%rax')
    e('movq %1, %%rdx')
    e('sbbq 8(%8), %%rdx')
    e('movq %2, %5')
    e('sbbq 16(%8), %5')
    e('movq %3, %4')
    e('sbbq 24(%8), %4')
    e('cmovncq %%rax, %0')
    e('cmovncq %%rdx, %1')
    e('cmovncq %5, %2')
    e('cmovncq %4, %3')
    what = 'r = (9 a - b) mod m' if subtract else 'r = (9 a + b) mod m'
    L = [f'/* {what}, a < m, b <= m: see mul9_asm() in gen_fp_asm.py. */',
         f'static inline void {name}(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],',
         '                                       const uint64_t m[4], const uint64_t nm[4])',
         '{',
         '    uint64_t t0, t1, t2, t3, t4, s;',
         '    __asm__(']
    L += ['        "%s\\n\\t"' % l for l in o]
    L += ['        : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3), "=&r"(t4), "=&r"(s)',
          '        : "r"(a), "r"(b), "r"(m), "r"(nm) FF_ASM_IN3(a, b, m), "m"(*(const uint64_t(*)[4])(nm))',
          '        : "rax", "rdx", FF_ASM_CLOBBERS);',
          '    r[0] = t0;', '    r[1] = t1;', '    r[2] = t2;', '    r[3] = t3;', '}']
    return '\n'.join(L)


def check_mul9_estimate():
    """The quotient estimate of mul9_asm on the edges of its range."""
    for m in (P_MOD, R_MOD):
        for t in [0, 1, m - 1, m, 2 * m - 1, 10 * m - 1] + [k * m + d for k in range(10) for d in (-1, 0, 1)]:
            if not 0 <= t < 10 * m:
                continue
            k = (((t >> 194) * 21) >> 64)
            assert 0 <= t - k * m < 2 * m, (m, t)


P_MOD = 21888242871839275222246405745257275088696311157297823662689037894645226208583
R_MOD = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def mul_rounds_asm():
    """The four interleaved CIOS rounds, without the final subtraction.
    Returns the instructions and the register order: afterwards the
    operands %regs[0..3] hold (a b + q m) / 2^256 < 2m (below 2m also for
    a < 4m, b < m: see ff_mont_mul_lazy_asm) and %regs[4] is free."""
    # asm operands: %0..%4 accumulator registers (rotating roles t0..t4),
    # %5 scratch, %6 a, %7 b, %8 m, %9 n0. "%%rax" is a literal register.
    regs = [0, 1, 2, 3, 4]
    out = []
    t = lambda k: '%' + str(regs[k])
    emit = out.append

    for i in range(4):
        emit(f'movq {8 * i}(%7), %%rdx')
        if i == 0:
            emit(f'mulxq 0(%6), {t(0)}, {t(1)}')
            emit(f'mulxq 8(%6), %%rax, {t(2)}')
            emit(f'addq %%rax, {t(1)}')
            emit(f'mulxq 16(%6), %%rax, {t(3)}')
            emit(f'adcq %%rax, {t(2)}')
            emit(f'mulxq 24(%6), %%rax, {t(4)}')
            emit(f'adcq %%rax, {t(3)}')
            emit(f'adcq $0, {t(4)}')
        else:
            # t4 is the register the last reduction shifted out: zeroing it
            # also clears CF and OF for the two carry chains, and the zero
            # then takes the OF fold, so the row needs no "movl $0" operand
            emit(f'xorl %k{regs[4]}, %k{regs[4]}')
            emit('mulxq 0(%6), %%rax, %5')
            emit(f'adoxq %%rax, {t(0)}')
            emit(f'adcxq %5, {t(1)}')
            emit('mulxq 8(%6), %%rax, %5')
            emit(f'adoxq %%rax, {t(1)}')
            emit(f'adcxq %5, {t(2)}')
            emit('mulxq 16(%6), %%rax, %5')
            emit(f'adoxq %%rax, {t(2)}')
            emit(f'adcxq %5, {t(3)}')
            emit('mulxq 24(%6), %%rax, %5')
            emit(f'adoxq %%rax, {t(3)}')
            emit(f'adoxq {t(4)}, {t(4)}')
            emit(f'adcxq %5, {t(4)}')
        # reduction: q = t0 * n0; t += q*m, which zeroes t0
        emit(f'movq {t(0)}, %%rdx')
        emit('imulq %9, %%rdx')
        emit('xorl %%eax, %%eax')
        emit('mulxq 0(%8), %%rax, %5')
        emit(f'adcxq %%rax, {t(0)}')
        emit(f'adoxq %5, {t(1)}')
        emit('mulxq 8(%8), %%rax, %5')
        emit(f'adcxq %%rax, {t(1)}')
        emit(f'adoxq %5, {t(2)}')
        emit('mulxq 16(%8), %%rax, %5')
        emit(f'adcxq %%rax, {t(2)}')
        emit(f'adoxq %5, {t(3)}')
        emit('mulxq 24(%8), %%rax, %5')
        emit(f'adcxq %%rax, {t(3)}')
        emit(f'adoxq %5, {t(4)}')
        emit('movl $0, %%eax')
        emit(f'adcxq %%rax, {t(4)}')
        # shift down one word: the zeroed t0 register becomes the next t4
        regs = regs[1:] + regs[:1]
    return out, regs


def mul_asm():
    """ff_mont_mul_asm: the rounds, then one conditional subtraction."""
    out, regs = mul_rounds_asm()
    t = lambda k: '%' + str(regs[k])
    emit = out.append
    # result in t0..t3 (< 2m): subtract m, keep the difference unless it
    # borrowed; scratch: t4, rax, rdx, %5
    emit(f'movq {t(0)}, %%rax')
    emit('subq 0(%8), %%rax')
    emit(f'movq {t(1)}, %%rdx')
    emit('sbbq 8(%8), %%rdx')
    emit(f'movq {t(2)}, %5')
    emit('sbbq 16(%8), %5')
    emit(f'movq {t(3)}, {t(4)}')
    emit(f'sbbq 24(%8), {t(4)}')
    emit(f'cmovncq %%rax, {t(0)}')
    emit(f'cmovncq %%rdx, {t(1)}')
    emit(f'cmovncq %5, {t(2)}')
    emit(f'cmovncq {t(4)}, {t(3)}')
    return out, regs


def print_mul_function(name, body, regs, unused):
    """Prints one Montgomery kernel as an inline function: the asm body
    leaves the result in operands regs[0..3]; unused names the other
    outputs the function body mentions only to keep the compiler quiet."""
    pad = ' ' * len(f'static inline void {name}(')
    print(f'static inline void {name}(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],')
    print(f'{pad}const uint64_t m[4], uint64_t n0)')
    print('{')
    print('    uint64_t t0, t1, t2, t3, t4, s;')
    print('    __asm__(')
    for line in body:
        print('        "%s\\n\\t"' % line)
    print('        : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3), "=&r"(t4), "=&r"(s)')
    print('        : "r"(a), "r"(b), "r"(m), "r"(n0) FF_ASM_IN3(a, b, m)')
    print('        : "rax", "rdx", FF_ASM_CLOBBERS);')
    names = ['t0', 't1', 't2', 't3', 't4']
    for k in range(4):
        print('    r[%d] = %s;' % (k, names[regs[k]]))
    for v in unused:
        print('    (void)%s;' % v)
    print('}')
    print()


LAZY_COMMENT = '''/* r = (a b + q m) / 2^256 in [0, 2m), congruent to a b / 2^256: the
 * rounds of ff_mont_mul_asm without its final subtraction, for lazy
 * (Harvey) NTT butterflies (src/poly/ntt_butterfly.h), which accept a
 * product below 2m. Inputs a < 4m, b < m, for a modulus with 5m < 2^256
 * (both BN254 moduli are below 0.19 * 2^256): after every round the
 * accumulator is below a + m < 5m, so it fits in 4 words once shifted, and
 * the result is below 4m * m / 2^256 + m < 2m. The caller can keep r in
 * registers: the function inlines to the one asm statement. */'''


def check_lazy_bound():
    """The input range of ff_mont_mul_lazy_asm holds for both moduli."""
    for m in (P_MOD, R_MOD):
        assert 5 * m < 2 ** 256 and 4 * m * m // 2 ** 256 + m < 2 * m, m


def main():
    body, regs = mul_asm()
    print(HEADER)
    print_mul_function('ff_mont_mul_asm', body, regs, ['s'])
    # A dedicated squaring (10 product mulx instead of 16, then a separate
    # reduction) measured slower here: the reduction must wait for the
    # doubled product, which lengthens the dependency chain that bounds
    # this kernel. Squaring therefore reuses the interleaved CIOS.
    print('static inline void ff_mont_sqr_asm(uint64_t r[4], const uint64_t a[4], const uint64_t m[4], uint64_t n0)')
    print('{')
    print('    ff_mont_mul_asm(r, a, a, m, n0);')
    print('}')
    print()
    check_lazy_bound()
    lazy_body, lazy_regs = mul_rounds_asm()
    print(LAZY_COMMENT)
    print_mul_function('ff_mont_mul_lazy_asm', lazy_body, lazy_regs, ['t' + str(lazy_regs[4]), 's'])
    print(ADD_SUB)
    check_mul9_estimate()
    print(mul9_asm('ff_mul9_add_mod_asm', False))
    print()
    print(mul9_asm('ff_mul9_sub_mod_asm', True))
    print()
    print('#endif')


main()
