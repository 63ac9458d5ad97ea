pragma circom 2.0.0;
// Groth16 interop fixture: a circomlib Poseidon hash of two private inputs
// with the digest as the public output (the commitment shape zkfl uses for
// model updates).
include "circomlib/circuits/poseidon.circom";

template HashPair() {
    signal input a;
    signal input b;
    signal output digest;
    component h = Poseidon(2);
    h.inputs[0] <== a;
    h.inputs[1] <== b;
    digest <== h.out;
}

component main = HashPair();
