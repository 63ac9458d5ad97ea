#!/usr/bin/env python3
"""Generates src/ff/fp_x86_x2.c: the Fp2 multiplication and squaring
kernels for x86-64 BMI2/ADX.

Both run two independent Montgomery "lanes" interleaved in one function
(10 accumulator registers). Measured on the Cascade Lake machine, two
lanes cost about as much as two separate multiplications (the kernels are
bound by instruction throughput, above all the multiplier port, not by
their dependency chains); what the Fp2 kernels save is the modular
additions around the products, the operand copies and the calls.
Variants that measured slower and were dropped: Karatsuba with three
512-bit products and two reductions (88 multiplications instead of 104,
but 55 vs 49 ns: the extra 512-bit additions and the product-then-reduce
chains cost more), and a lazy Fp6 product as six sums of six Fp products
reduced once (452 vs 420 ns for the Karatsuba Fp6 product over these
kernels: 36 products instead of 24 outweigh the saved reductions and
additions).

ff_x86_fp2_mul(out, a, b), out = a * b in Fp2 (u^2 = -1):
  lane 0: c0 = a0*b0 + a1*(p - b1)      lane 1: c1 = a0*b1 + a1*b0
Each lane is a sum of two products reduced once: a sum below 2p^2 <
p*2^256 reduces to below 1.5p, so one conditional subtraction still
suffices. p - b1 lies in [1, p] (no reduction needed: it only has to keep
the sum below p*2^256) and is computed on the stack, so the caller passes
the Fp2 elements as they are (the earlier interface copied them into
operand blocks first).

ff_x86_fp2_sqr(out, a), out = a^2:
  lane 0: c0 = (a0 + a1) * (a0 + p - a1)   lane 1: c1 = a0 * (2 a1)
The factors are below 2p and are not reduced: a product of two values
below 2p is below 4p^2 < p*2^256 (p < 2^254), so the Montgomery result is
below p*(1 + 4p/2^256) < 2p and one conditional subtraction still gives a
fully reduced result. This replaces two separate multiplications and
three modular additions.

Registers: lane accumulators r8-r12 / r13-r15, rbx, rbp; rax, rcx, rdx
scratch; rsi = a, rdi = b; the output pointer and the derived operands
live on the stack. The modulus and n0 sit in .rodata and are read
RIP-relative.

Run: python3 src/ff/gen_fp_x2.py > src/ff/fp_x86_x2.c
"""

P = 21888242871839275222246405745257275088696311157297823662689037894645226208583

LANE_REGS = [['%r8', '%r9', '%r10', '%r11', '%r12'],
             ['%r13', '%r14', '%r15', '%rbx', '%rbp']]
LABEL = '.Lzkfl_fp'


def limbs(x):
    return [(x >> (64 * i)) & (2**64 - 1) for i in range(4)]


def modulus(j):
    return f'{LABEL}_m+{8 * j}(%rip)'


def cios_lanes(e, terms):
    """Two interleaved lanes; terms[lane] = list of (x, y) where x(j) and
    y(i) give the memory operands of limb j / i of the two factors. Leaves
    each lane's unreduced result (< 2p) in its first four registers and
    returns the rotated register lists."""
    regs = [list(r) for r in LANE_REGS]

    def t(lane, k):
        return regs[lane][k]

    for i in range(4):
        for k in range(max(len(tl) for tl in terms)):
            for lane in range(2):
                if k >= len(terms[lane]):
                    continue
                x, y = terms[lane][k]
                e(f'    movq {y(i)}, %rdx')
                if i == 0 and k == 0:
                    e(f'    mulxq {x(0)}, {t(lane, 0)}, {t(lane, 1)}')
                    e(f'    mulxq {x(1)}, %rax, {t(lane, 2)}')
                    e(f'    addq %rax, {t(lane, 1)}')
                    e(f'    mulxq {x(2)}, %rax, {t(lane, 3)}')
                    e(f'    adcq %rax, {t(lane, 2)}')
                    e(f'    mulxq {x(3)}, %rax, {t(lane, 4)}')
                    e(f'    adcq %rax, {t(lane, 3)}')
                    e(f'    adcq $0, {t(lane, 4)}')
                elif k == 0:
                    # accumulator has 4 live words; t4 is fresh
                    e('    xorl %eax, %eax')
                    for j in range(3):
                        e(f'    mulxq {x(j)}, %rax, %rcx')
                        e(f'    adoxq %rax, {t(lane, j)}')
                        e(f'    adcxq %rcx, {t(lane, j + 1)}')
                    e(f'    mulxq {x(3)}, %rax, {t(lane, 4)}')
                    e(f'    adoxq %rax, {t(lane, 3)}')
                    e('    movl $0, %eax')
                    e(f'    adcxq %rax, {t(lane, 4)}')
                    e(f'    adoxq %rax, {t(lane, 4)}')
                else:
                    # add a further product into all 5 live words
                    e('    xorl %eax, %eax')
                    for j in range(4):
                        e(f'    mulxq {x(j)}, %rax, %rcx')
                        e(f'    adoxq %rax, {t(lane, j)}')
                        e(f'    adcxq %rcx, {t(lane, j + 1)}')
                    e('    movl $0, %eax')
                    e(f'    adoxq %rax, {t(lane, 4)}')
        # reductions: q = t0 * n0; t += q*m zeroes t0; shift down a word
        for lane in range(2):
            e(f'    movq {t(lane, 0)}, %rdx')
            e(f'    imulq {LABEL}_n0(%rip), %rdx')
            e('    xorl %eax, %eax')
            for j in range(4):
                e(f'    mulxq {modulus(j)}, %rax, %rcx')
                e(f'    adcxq %rax, {t(lane, j)}')
                e(f'    adoxq %rcx, {t(lane, j + 1)}')
            e('    movl $0, %eax')
            e(f'    adcxq %rax, {t(lane, 4)}')
            regs[lane] = regs[lane][1:] + regs[lane][:1]
    return regs


def store_reduced(e, regs, out_reg):
    """Final conditional subtraction of each lane and the stores."""
    for lane in range(2):
        r = regs[lane]
        scratch = ['%rax', '%rcx', '%rdx', r[4]]
        for j in range(4):
            e(f'    movq {r[j]}, {scratch[j]}')
            op = 'subq' if j == 0 else 'sbbq'
            e(f'    {op} {modulus(j)}, {scratch[j]}')
        for j in range(4):
            e(f'    cmovncq {scratch[j]}, {r[j]}')
            e(f'    movq {r[j]}, {32 * lane + 8 * j}({out_reg})')


def function(name, locals_bytes, prologue, terms):
    out = []
    e = out.append
    e(f'    .globl {name}')
    e(f'    .type {name}, @function')
    e('    .p2align 5')
    e(f'{name}:')
    for reg in ['%rbx', '%rbp', '%r12', '%r13', '%r14', '%r15', '%rdi']:
        e(f'    pushq {reg}')
    e(f'    subq ${locals_bytes}, %rsp')
    prologue(e)
    regs = cios_lanes(e, terms)
    e(f'    addq ${locals_bytes}, %rsp')
    e('    popq %rsi')  # the output pointer
    store_reduced(e, regs, '%rsi')
    for reg in ['%r15', '%r14', '%r13', '%r12', '%rbp', '%rbx']:
        e(f'    popq {reg}')
    e('    ret')
    e(f'    .size {name}, .-{name}')
    return out


def mem(base, offset):
    return lambda j: f'{offset + 8 * j}({base})'


def fp2_mul():
    # entry: rdi = out, rsi = a, rdx = b. Stack local 0..31: p - b1.
    def prologue(e):
        e('    movq %rdx, %rdi')
        for j in range(4):
            e(f'    movq {modulus(j)}, %rax')
            e(f'    {"subq" if j == 0 else "sbbq"} {32 + 8 * j}(%rdi), %rax')
            e(f'    movq %rax, {8 * j}(%rsp)')
    a0, a1 = mem('%rsi', 0), mem('%rsi', 32)
    b0, b1, nb1 = mem('%rdi', 0), mem('%rdi', 32), mem('%rsp', 0)
    return function('ff_x86_fp2_mul', 32, prologue, [[(a0, b0), (a1, nb1)], [(a0, b1), (a1, b0)]])


def fp2_sqr():
    # entry: rdi = out, rsi = a. Stack locals: 0: a0 + a1, 32: a0 + p - a1,
    # 64: 2 a1 (none reduced, all below 2p).
    def prologue(e):
        regs = ['%rax', '%rcx', '%rdx', '%rdi']
        for j in range(4):
            e(f'    movq {8 * j}(%rsi), {regs[j]}')
        for j in range(4):
            e(f'    {"addq" if j == 0 else "adcq"} {32 + 8 * j}(%rsi), {regs[j]}')
        for j in range(4):
            e(f'    movq {regs[j]}, {8 * j}(%rsp)')
        for j in range(4):
            e(f'    movq {modulus(j)}, {regs[j]}')
        for j in range(4):
            e(f'    {"subq" if j == 0 else "sbbq"} {32 + 8 * j}(%rsi), {regs[j]}')
        for j in range(4):
            e(f'    {"addq" if j == 0 else "adcq"} {8 * j}(%rsi), {regs[j]}')
        for j in range(4):
            e(f'    movq {regs[j]}, {32 + 8 * j}(%rsp)')
        for j in range(4):
            e(f'    movq {32 + 8 * j}(%rsi), {regs[j]}')
        for j in range(4):
            e(f'    {"addq" if j == 0 else "adcq"} {regs[j]}, {regs[j]}')
        for j in range(4):
            e(f'    movq {regs[j]}, {64 + 8 * j}(%rsp)')
    s, d, a1x2, a0 = mem('%rsp', 0), mem('%rsp', 32), mem('%rsp', 64), mem('%rsi', 0)
    return function('ff_x86_fp2_sqr', 96, prologue, [[(s, d)], [(a0, a1x2)]])


def main():
    print('/* Generated by src/ff/gen_fp_x2.py - do not edit by hand.')
    print(' * Fp2 multiplication and squaring kernels for x86-64 BMI2/ADX (see the')
    print(' * generator for the design); declared in fp2_impl.h. Inputs must be < p;')
    print(' * results are fully reduced; the output may alias the inputs. */')
    print('#include "ff/fp2_impl.h"')
    print()
    print('#ifdef FF_USE_ASM')
    print('__asm__(')
    lines = ['    .pushsection .rodata', '    .p2align 5']
    n0 = (-pow(P, -1, 2**64)) % 2**64
    lines.append(f'{LABEL}_m:')
    for l in limbs(P):
        lines.append(f'    .quad 0x{l:016x}')
    lines.append(f'{LABEL}_n0:')
    lines.append(f'    .quad 0x{n0:016x}')
    lines.append('    .popsection')
    lines.append('    .pushsection .text')
    lines += fp2_mul()
    lines += fp2_sqr()
    lines.append('    .popsection')
    for l in lines:
        print(f'    "{l}\\n"')
    print(');')
    print('#else')
    print('/* portable builds use the C fallbacks in fp2_impl.h */')
    print('typedef int ff_x86_x2_unused;')
    print('#endif')


main()
