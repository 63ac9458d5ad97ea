pragma circom 2.0.0;
// Small test circuit for the zkfl R1CS/.wtns/.zkey tests: one public output,
// one public input, two private inputs, a range check on x (8 bits) and a
// few multiplications, so every wire class and both A/B/C shapes appear.

template Bits(n) {
    signal input in;
    signal output out[n];
    var acc = 0;
    var e = 1;
    for (var i = 0; i < n; i++) {
        out[i] <-- (in >> i) & 1;
        out[i] * (out[i] - 1) === 0;
        acc += out[i] * e;
        e = e + e;
    }
    acc === in;
}

template Poly() {
    signal input x;
    signal input z;
    signal input k;
    signal output y;
    signal x2;
    signal x3;
    component bits = Bits(8);
    bits.in <== x;
    x2 <== x * x;
    x3 <== x2 * x;
    y <== x3 + k * x + 5 * z + 7;
}

component main {public [k]} = Poly();
