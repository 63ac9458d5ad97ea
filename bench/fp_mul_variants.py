#!/usr/bin/env python3
"""Candidate 4-limb Montgomery multiplications for bench/fp_mul_bench.c:
the variants of src/ff/gen_fp_asm.py's kernel that its docstring reports
as measured and dropped, so those numbers can be re-measured (and the next
idea tried) beside the production kernel in one process.

Prints a header with one inline function fpv_NAME per variant (the
signature of ff_mont_mul_asm) and FPV_LIST(X), which calls X(NAME, LAZY,
"what it changes") for each; LAZY variants skip the final subtraction
(result below 2m, congruent). Every variant computes the same product as
the production kernel: the benchmark checks each one against the portable
C kernel before timing it.

Run: python3 bench/fp_mul_variants.py > /tmp/fp_mul_variants.h
"""


def cios(consts='reg', zero='movl', row_clear=True, row_fold='zeroed_t4',
         red_carry='adcx', red_fold='zero', q0='mulx', final=True):
    """The interleaved CIOS of gen_fp_asm.py with one or more changes:
    consts     'reg': m and n0 in registers; 'rip': memory operands, which
               the compiler addresses RIP-relative (two registers fewer)
    zero       'movl': "movl $0, %eax" before every fold; 'reg': a register
               zeroed once
    row_clear  clear CF/OF before product rows 1-3 (after a reduction both
               flags are 0 already, but the clearing cuts the flag
               dependency on the end of the reduction)
    row_fold   how a product row ends: 'direct' (its last mulx writes t4,
               then two folds); 'zeroed_t4' (the flag-clearing xor zeroes
               t4, which then takes the OF fold and the last high half);
               'reduced_t0' (the same, relying on the reduction having
               zeroed that register)
    red_carry  the carry of t0 + lo(q m0): 'adcx' (the addition itself) or
               'blsi' (blsi q sets CF = (q != 0) and clears OF)
    red_fold   the reduction's CF fold into t4: 'zero' (zero operand),
               't0' (the reduction's zeroed t0) or 'adc0' (adc $0: no
               operand; its OF output is dead)
    q0         the first quotient: 'mulx' (t0 * n0) or 'imul' (a0 * (b0 n0))
    final      the constant-time final subtraction"""
    regs = ['t0', 't1', 't2', 't3', 't4']
    out = []
    e = out.append
    t = lambda k: '%[' + regs[k] + ']'
    if consts == 'rip':
        M = lambda j: '%[m' + str(j) + ']'
    else:
        M = lambda j: f'{8 * j}(%[m])'
    Z = '%[z]' if zero == 'reg' else '%%rax'
    if zero == 'reg':
        e('xorl %k[z], %k[z]')
    for i in range(4):
        e(f'movq {8 * i}(%[b]), %%rdx')
        if i == 0:
            e(f'mulxq 0(%[a]), {t(0)}, {t(1)}')
            e(f'mulxq 8(%[a]), %%rax, {t(2)}')
            e(f'addq %%rax, {t(1)}')
            e(f'mulxq 16(%[a]), %%rax, {t(3)}')
            e(f'adcq %%rax, {t(2)}')
            e(f'mulxq 24(%[a]), %%rax, {t(4)}')
            e(f'adcq %%rax, {t(3)}')
            e(f'adcq $0, {t(4)}')
        else:
            if row_fold == 'zeroed_t4':
                e(f'xorl %k[{regs[4]}], %k[{regs[4]}]')
            elif row_clear:
                e('xorl %%eax, %%eax')
            for j in range(3):
                e(f'mulxq {8 * j}(%[a]), %%rax, %[s]')
                e(f'adoxq %%rax, {t(j)}')
                e(f'adcxq %[s], {t(j + 1)}')
            if row_fold == 'direct':
                e(f'mulxq 24(%[a]), %%rax, {t(4)}')
                e(f'adoxq %%rax, {t(3)}')
                if zero == 'movl':
                    e('movl $0, %%eax')
                e(f'adcxq {Z}, {t(4)}')
                e(f'adoxq {Z}, {t(4)}')
            else:
                e('mulxq 24(%[a]), %%rax, %[s]')
                e(f'adoxq %%rax, {t(3)}')
                e(f'adoxq {t(4)}, {t(4)}')
                e(f'adcxq %[s], {t(4)}')
        if i == 0 and q0 == 'imul':
            e('movq 0(%[b]), %%rdx')
            e('imulq %[n0], %%rdx')
            e('imulq 0(%[a]), %%rdx')
        else:
            e(f'movq {t(0)}, %%rdx')
            e('imulq %[n0], %%rdx')
        if red_carry == 'blsi':
            e('blsiq %%rdx, %%rax')
            e(f'mulxq {M(0)}, %%rax, %[s]')
            e(f'adoxq %[s], {t(1)}')
            first = 1
        else:
            e('xorl %%eax, %%eax')
            first = 0
        for j in range(first, 4):
            e(f'mulxq {M(j)}, %%rax, %[s]')
            e(f'adcxq %%rax, {t(j)}')
            e(f'adoxq %[s], {t(j + 1)}')
        if red_fold == 't0':
            e(f'adcxq {t(0)}, {t(4)}')
        elif red_fold == 'adc0':
            e(f'adcq $0, {t(4)}')
        else:
            if zero == 'movl':
                e('movl $0, %%eax')
            e(f'adcxq {Z}, {t(4)}')
        regs = regs[1:] + regs[:1]
    if final:
        e(f'movq {t(0)}, %%rax')
        e(f'subq {M(0)}, %%rax')
        e(f'movq {t(1)}, %%rdx')
        e(f'sbbq {M(1)}, %%rdx')
        e(f'movq {t(2)}, %[s]')
        e(f'sbbq {M(2)}, %[s]')
        e(f'movq {t(3)}, {t(4)}')
        e(f'sbbq {M(3)}, {t(4)}')
        e(f'cmovncq %%rax, {t(0)}')
        e(f'cmovncq %%rdx, {t(1)}')
        e(f'cmovncq %[s], {t(2)}')
        e(f'cmovncq {t(4)}, {t(3)}')
    outs = [f'[t{k}] "=&r"(t[{k}])' for k in range(5)] + ['[s] "=&r"(s)']
    if zero == 'reg':
        outs.append('[z] "=&r"(z)')
    return out, regs[:4], outs, consts


def sos(consts='rip'):
    """Separated operand scanning: the 512-bit product first (16 mulx in
    four rows), then four reduction rounds over it; a reduction's carry out
    of word i+4 waits in the zeroed word t_i for the next round."""
    out = []
    e = out.append
    T = lambda k: '%[t' + str(k) + ']'
    M = (lambda j: '%[m' + str(j) + ']') if consts == 'rip' else (lambda j: f'{8 * j}(%[m])')
    e('movq 0(%[b]), %%rdx')
    e(f'mulxq 0(%[a]), {T(0)}, {T(1)}')
    e(f'mulxq 8(%[a]), %%rax, {T(2)}')
    e(f'addq %%rax, {T(1)}')
    e(f'mulxq 16(%[a]), %%rax, {T(3)}')
    e(f'adcq %%rax, {T(2)}')
    e(f'mulxq 24(%[a]), %%rax, {T(4)}')
    e(f'adcq %%rax, {T(3)}')
    e(f'adcq $0, {T(4)}')
    for i in range(1, 4):
        e(f'movq {8 * i}(%[b]), %%rdx')
        e('xorl %%eax, %%eax')
        for j in range(3):
            e(f'mulxq {8 * j}(%[a]), %%rax, %[s]')
            e(f'adoxq %%rax, {T(i + j)}')
            e(f'adcxq %[s], {T(i + j + 1)}')
        e(f'mulxq 24(%[a]), %%rax, {T(i + 4)}')
        e(f'adoxq %%rax, {T(i + 3)}')
        e('movl $0, %%eax')
        e(f'adcxq %%rax, {T(i + 4)}')
        e(f'adoxq %%rax, {T(i + 4)}')
    for i in range(4):
        e(f'movq {T(i)}, %%rdx')
        e('imulq %[n0], %%rdx')
        e('xorl %%eax, %%eax')
        for j in range(4):
            e(f'mulxq {M(j)}, %%rax, %[s]')
            e(f'adcxq %%rax, {T(i + j)}')
            e(f'adoxq %[s], {T(i + j + 1)}')
        # t_i is 0 now; CF is owed to t_{i+4}, OF to t_{i+5}
        e(f'adcxq {T(i - 1) if i else T(0)}, {T(i + 4)}')
        if i < 3:
            e('movl $0, %%eax')
            e(f'adcxq %%rax, {T(i)}')
            e(f'adoxq %%rax, {T(i)}')
    e(f'movq {T(4)}, %%rax')
    e(f'subq {M(0)}, %%rax')
    e(f'movq {T(5)}, %%rdx')
    e(f'sbbq {M(1)}, %%rdx')
    e(f'movq {T(6)}, %[s]')
    e(f'sbbq {M(2)}, %[s]')
    e(f'movq {T(7)}, {T(0)}')
    e(f'sbbq {M(3)}, {T(0)}')
    e(f'cmovncq %%rax, {T(4)}')
    e(f'cmovncq %%rdx, {T(5)}')
    e(f'cmovncq %[s], {T(6)}')
    e(f'cmovncq {T(0)}, {T(7)}')
    outs = [f'[t{k}] "=&r"(t[{k}])' for k in range(8)] + ['[s] "=&r"(s)']
    return out, ['t4', 't5', 't6', 't7'], outs, consts


VARIANTS = [
    ('current', False, 'the production kernel, regenerated here (sanity check)', cios()),
    ('previous', False, 'the kernel before 2026-11-22: rows end with movl $0 folds',
     cios(row_fold='direct')),
    ('ripconst', False, 'previous + m, n0 as RIP-relative memory operands (2 push/pop fewer)',
     cios(row_fold='direct', consts='rip')),
    ('zeroreg', False, 'ripconst + a zero register instead of movl $0',
     cios(row_fold='direct', consts='rip', zero='reg')),
    ('noclear', False, 'zeroreg without the flag clearing before product rows',
     cios(row_fold='direct', consts='rip', zero='reg', row_clear=False)),
    ('fewer', False, 'ripconst, no row flag clearing, zeroed registers as fold operands (127 instr.)',
     cios(consts='rip', row_clear=False, row_fold='reduced_t0', red_fold='t0')),
    ('adc0', False, 'current + adc $0 for the reduction fold (4 movl fewer)',
     cios(red_fold='adc0')),
    ('blsi', False, 'current + blsi q for the carry of t0 + lo(q m0)',
     cios(red_carry='blsi')),
    ('q0imul', False, 'previous + first quotient as a0 * (b0 n0) with imul',
     cios(row_fold='direct', q0='imul')),
    ('sos', False, 'full 512-bit product, then 4 reduction rounds', sos()),
    ('lazy', True, 'current without the final subtraction (what the subtraction costs)',
     cios(final=False)),
]


def emit(name, body, result, outs, consts):
    print(f'static inline void fpv_{name}(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],')
    print(f'{" " * (len(name) + 24)}const uint64_t m[4], uint64_t n0)')
    print('{')
    print('    uint64_t t[8], s, z;')
    print('    __asm__(')
    for line in body:
        print('        "%s\\n\\t"' % line)
    print('        : ' + ', '.join(outs))
    ins = '[a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[4])(a)), "m"(*(const uint64_t(*)[4])(b))'
    if consts == 'rip':
        ins += ', [m0] "m"(m[0]), [m1] "m"(m[1]), [m2] "m"(m[2]), [m3] "m"(m[3]), [n0] "rm"(n0)'
    else:
        ins += ', [m] "r"(m), [n0] "r"(n0), "m"(*(const uint64_t(*)[4])(m))'
    print('        : ' + ins)
    print('        : "rax", "rdx", "cc");')
    for k, reg in enumerate(result):
        print(f'    r[{k}] = t[{reg[1:]}];')
    print('    (void)s;')
    print('    (void)z;')
    print('}')
    print()


def main():
    print('/* Generated by bench/fp_mul_variants.py - candidates for bench/fp_mul_bench.c. */')
    print('#include <stdint.h>')
    print()
    for name, lazy, what, (body, result, outs, consts) in VARIANTS:
        emit(name, body, result, outs, consts)
    print('#define FPV_LIST(X) \\')
    for name, lazy, what, _ in VARIANTS:
        print(f'    X({name}, {int(lazy)}, "{what}") \\')
    print()


if __name__ == '__main__':
    main()
