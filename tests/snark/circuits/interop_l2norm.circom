pragma circom 2.0.0;
// Groth16 interop fixture: the update-bound check of federated learning.
// Eight private update coordinates, each a signed 16-bit integer (range
// checked as x + 2^15 in [0, 2^16)), whose squared L2 norm must not exceed
// the public bound. The public output is the sum of the coordinates.
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

template L2Bound(n, bits) {
    signal input x[n];
    signal input bound;
    signal output total;
    component range[n];
    signal sq[n];
    var norm = 0;
    var sum = 0;
    for (var i = 0; i < n; i++) {
        range[i] = Num2Bits(bits);
        range[i].in <== x[i] + (1 << (bits - 1));
        sq[i] <== x[i] * x[i];
        norm += sq[i];
        sum += x[i];
    }
    // bits-bit squares summed n times fit in 2*bits + log2(n) + 1 bits.
    component le = LessEqThan(2 * bits + 4);
    le.in[0] <== norm;
    le.in[1] <== bound;
    le.out === 1;
    total <== sum;
}

component main {public [bound]} = L2Bound(8, 16);
