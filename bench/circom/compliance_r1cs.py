#!/usr/bin/env python3
"""Writes the .r1cs that circom2 --O1 writes for bench/circom/compliance.circom
(Compliance(d, 16, 40, d.bit_length(), 64), public inputs as in
bench/compliance.sh), and optionally the .wtns that snarkjs computes for an
input.json, for any d, without compiling.

Why: circom2's compile time grows about with d squared (4.6 min CPU at
d = 10,000, ~32 min at 25,000, so ~10 hours at 100,000), and the native
circom compiler is not installable here. The circuit is regular, so its
constraint system can be written directly, in circom's own layout: the same
wire numbering (signals in circom's order, minus those --O1 substitutes
away), the same constraints in the same order with the same signs and the
same order of terms, the same wire-to-label map. bench/compliance.sh checks the
output byte for byte against circom2's .r1cs and snarkjs's .wtns wherever
circom2 has compiled the circuit (d = 1k, 10k, 25k), and
tests/bench/compliance_r1cs.sh does so at small d in the test suite.

circom's layout, as read off the .sym and .r1cs files circom2 writes
(labels = every signal, wires = the signals --O1 keeps):
  label 0 = the constant one; main's inputs in declaration order (the 8
  public ones, u[0..d-1], num_samples); main's sq[0..d-1]; then the
  subcomponents in alphabetical order of name (abs, b, isz, l2, nz, samples)
  and index order within an array (numeric: abs[2] before abs[10]), each
  with its outputs, inputs and intermediates: abs[i] = x, m (substituted), high (out[0..15], in),
  low (out[0..15], in); b[j] = x (substituted), sq; isz[i] = out, in
  (substituted), inv; l2, nz, samples = out[...], in.
  Constraints: the quadratic ones in the same component order (main's
  sq, each Num2Bits's bits, Bind's squares, IsZero's pair), then the linear
  ones: main's three slack assignments, then per abs[i] its low.in and
  high.in assignments and the high and low Num2Bits sums, then the l2, nz
  and samples sums. Within a linear combination, terms are sorted by wire
  number compared as little-endian bytes (what the term order in circom2's
  files shows once wire numbers pass 255).

  python3 compliance_r1cs.py D OUT.r1cs [INPUT.json OUT.wtns]
"""
import json
import struct
import sys

P = 21888242871839275222246405745257275088548364400416034343698204186575808495617
LINF_BITS, L2_BITS, SAMPLES_BITS = 16, 40, 64
N_PUBLIC = 8  # l2_max, linf_max, nonzero_min, samples_min, round, client_id, model_hash_hi, model_hash_lo


def fe(x):
    return (x % P).to_bytes(32, 'little')


class Layout:
    """Label and wire numbers of every signal for one d."""

    def __init__(self, d):
        self.d = d
        self.count_bits = d.bit_length()
        labels = []  # True = kept as a wire, False = substituted away by --O1

        def take(n, kept=True):
            start = len(labels)
            labels.extend([kept] * n)
            return start

        take(1)                          # one
        self.pub = take(N_PUBLIC)
        self.u = take(d)
        self.num_samples = take(1)
        self.sq = take(d)
        self.abs = []
        for _ in range(d):
            take(2, kept=False)          # abs[i].x, abs[i].m
            high = take(LINF_BITS + 1)   # out[0..15], in
            low = take(LINF_BITS + 1)
            self.abs.append((high, low))
        self.b_sq = []
        for _ in range(4):
            take(1, kept=False)          # b[j].x
            self.b_sq.append(take(1))
        self.isz = []
        for _ in range(d):
            out = take(1)
            take(1, kept=False)          # isz[i].in
            inv = take(1)
            self.isz.append((out, inv))
        self.l2 = take(L2_BITS + 1)
        self.nz = take(self.count_bits + 1)
        self.samples = take(SAMPLES_BITS + 1)
        self.n_labels = len(labels)
        self.wire = [0] * len(labels)
        self.label_of_wire = []
        for lab, kept in enumerate(labels):
            if kept:
                self.wire[lab] = len(self.label_of_wire)
                self.label_of_wire.append(lab)
            else:
                self.wire[lab] = -1
        self.n_wires = len(self.label_of_wire)


ONE, MINUS_ONE = fe(1), fe(-1)
NEG_POW2 = [fe(-(1 << k)) for k in range(SAMPLES_BITS)]


def lc(terms):
    """A linear combination: (wire, coefficient bytes) pairs in circom's order, which sorts the
    wire numbers as little-endian byte strings (low byte first: 1024, 1280, 1, 1025, ...)."""
    terms = sorted(terms, key=lambda t: struct.pack('<I', t[0]))
    return struct.pack('<I', len(terms)) + b''.join(struct.pack('<I', w) + c for w, c in terms)


EMPTY = struct.pack('<I', 0)


def constraints(L):
    w = L.wire
    d = L.d

    def bits_quadratic(first, n):
        # Num2Bits: out[k] * (out[k] - 1) === 0, written as (out[k] - 1) * out[k] - 0.
        for k in range(n):
            b = w[first + k]
            yield lc([(0, MINUS_ONE), (b, ONE)]) + lc([(b, ONE)]) + EMPTY

    def bits_sum(first, n):
        # Num2Bits: sum 2^k out[k] === in.
        terms = [(w[first + k], NEG_POW2[k]) for k in range(n)] + [(w[first + n], ONE)]
        return EMPTY + EMPTY + lc(terms)

    for i in range(d):
        u = w[L.u + i]
        yield lc([(u, MINUS_ONE)]) + lc([(u, ONE)]) + lc([(w[L.sq + i], MINUS_ONE)])
    for high, low in L.abs:
        yield from bits_quadratic(high, LINF_BITS)
        yield from bits_quadratic(low, LINF_BITS)
    for j in range(4):
        x = w[L.pub + 4 + j]
        yield lc([(x, MINUS_ONE)]) + lc([(x, ONE)]) + lc([(w[L.b_sq[j]], MINUS_ONE)])
    for i, (out, inv) in enumerate(L.isz):
        u, out, inv = w[L.u + i], w[out], w[inv]
        yield lc([(u, ONE)]) + lc([(inv, ONE)]) + lc([(0, ONE), (out, MINUS_ONE)])
        yield lc([(u, ONE)]) + lc([(out, ONE)]) + EMPTY
    yield from bits_quadratic(L.l2, L2_BITS)
    yield from bits_quadratic(L.nz, L.count_bits)
    yield from bits_quadratic(L.samples, SAMPLES_BITS)

    # l2.in <== l2_max - sum sq; nz.in <== d - zeros - nonzero_min; samples.in <== num_samples - samples_min
    l2_max, linf_max, nonzero_min, samples_min = (w[L.pub + k] for k in range(4))
    yield EMPTY + EMPTY + lc([(l2_max, ONE)] + [(w[L.sq + i], MINUS_ONE) for i in range(d)] +
                             [(w[L.l2 + L2_BITS], MINUS_ONE)])
    yield EMPTY + EMPTY + lc([(0, fe(d)), (nonzero_min, MINUS_ONE)] +
                             [(w[out], MINUS_ONE) for out, _ in L.isz] +
                             [(w[L.nz + L.count_bits], MINUS_ONE)])
    yield EMPTY + EMPTY + lc([(samples_min, MINUS_ONE), (w[L.num_samples], ONE),
                              (w[L.samples + SAMPLES_BITS], MINUS_ONE)])
    for i, (high, low) in enumerate(L.abs):
        u = w[L.u + i]
        yield EMPTY + EMPTY + lc([(linf_max, ONE), (u, ONE), (w[low + LINF_BITS], MINUS_ONE)])
        yield EMPTY + EMPTY + lc([(linf_max, ONE), (u, MINUS_ONE), (w[high + LINF_BITS], MINUS_ONE)])
        yield bits_sum(high, LINF_BITS)
        yield bits_sum(low, LINF_BITS)
    yield bits_sum(L.l2, L2_BITS)
    yield bits_sum(L.nz, L.count_bits)
    yield bits_sum(L.samples, SAMPLES_BITS)


def write_r1cs(path, L):
    body = []
    m = 0
    for c in constraints(L):
        body.append(c)
        m += 1
    body = b''.join(body)
    header = (struct.pack('<I', 32) + P.to_bytes(32, 'little') +
              struct.pack('<IIIIQI', L.n_wires, 0, N_PUBLIC, L.d + 1, L.n_labels, m))
    labels = struct.pack('<%dQ' % L.n_wires, *L.label_of_wire)
    with open(path, 'wb') as f:
        f.write(b'r1cs' + struct.pack('<II', 1, 3))
        for kind, data in ((2, body), (1, header), (3, labels)):
            f.write(struct.pack('<IQ', kind, len(data)))
            f.write(data)
    return m


def witness(L, inp):
    """Every wire's value for input.json (the values snarkjs's witness calculator computes)."""
    d = L.d
    val = [0] * L.n_labels
    val[0] = 1
    names = ['l2_max', 'linf_max', 'nonzero_min', 'samples_min', 'round', 'client_id',
             'model_hash_hi', 'model_hash_lo']
    for k, name in enumerate(names):
        val[L.pub + k] = int(inp[name]) % P
    u = [int(x) % P for x in inp['u']]
    if len(u) != d:
        sys.exit('compliance_r1cs.py: input has %d update values, the circuit %d' % (len(u), d))
    val[L.num_samples] = int(inp['num_samples']) % P
    linf = val[L.pub + 1]

    def bits(first, n, x):
        if x >= 1 << n:
            sys.exit('compliance_r1cs.py: %d does not fit in %d bits: the input breaks a rule' % (x, n))
        for k in range(n):
            val[first + k] = (x >> k) & 1
        val[first + n] = x

    zeros = 0
    total = 0
    for i in range(d):
        val[L.u + i] = u[i]
        val[L.sq + i] = u[i] * u[i] % P
        total += val[L.sq + i]
        high, low = L.abs[i]
        bits(high, LINF_BITS, (linf - u[i]) % P)
        bits(low, LINF_BITS, (linf + u[i]) % P)
        out, inv = L.isz[i]
        val[out] = 1 if u[i] == 0 else 0
        val[inv] = pow(u[i], P - 2, P) if u[i] else 0
        zeros += val[out]
    for j in range(4):
        x = val[L.pub + 4 + j]
        val[L.b_sq[j]] = x * x % P
    bits(L.l2, L2_BITS, (val[L.pub] - total) % P)
    bits(L.nz, L.count_bits, (d - zeros - val[L.pub + 2]) % P)
    bits(L.samples, SAMPLES_BITS, (val[L.num_samples] - val[L.pub + 3]) % P)
    return [val[lab] for lab in L.label_of_wire]


def write_wtns(path, values):
    header = struct.pack('<I', 32) + P.to_bytes(32, 'little') + struct.pack('<I', len(values))
    data = b''.join(fe(v) for v in values)
    with open(path, 'wb') as f:
        f.write(b'wtns' + struct.pack('<II', 2, 2))
        for kind, sec in ((1, header), (2, data)):
            f.write(struct.pack('<IQ', kind, len(sec)))
            f.write(sec)


def main(argv):
    # d = 1 is left out: there nz is a one-bit Num2Bits whose sum constraint
    # is a plain equality, which --O1 substitutes away (another layout).
    if len(argv) not in (3, 5) or not argv[1].isdigit() or int(argv[1]) < 2:
        sys.exit(__doc__.rsplit('\n\n', 1)[-1].strip() + '\n(D >= 2)')
    L = Layout(int(argv[1]))
    m = write_r1cs(argv[2], L)
    print('compliance_r1cs.py: d=%d: %d constraints, %d wires, %d labels' % (L.d, m, L.n_wires, L.n_labels),
          file=sys.stderr)
    if len(argv) == 5:
        with open(argv[3]) as f:
            write_wtns(argv[4], witness(L, json.load(f)))


if __name__ == '__main__':
    main(sys.argv)
