pragma circom 2.0.0;
// Groth16 interop fixture: the smallest circuit with public inputs and a
// public output (c = a * b * b with a public), used as "another circuit's
// key" in the cross-key rejection tests.
template Multiplier() {
    signal input a;
    signal input b;
    signal output c;
    signal t;
    t <== b * b;
    c <== a * t;
}

component main {public [a]} = Multiplier();
