// The standard compliance rules of bench/compliance.sh written with
// circomlib, for snarkjs to prove the same statement as zkfl's update proofs
// (docs/RULES.md): for a private update u (d signed integers) and a private
// sample count,
//   |u_i| <= linf_max            (which also makes u_i a 16-bit integer),
//   sum u_i^2 <= l2_max,
//   #{i : u_i != 0} >= nonzero_min,
//   num_samples >= samples_min,
// with the bounds, the round, the client id and the model hash (two 128-bit
// halves) as public inputs. Range checks are circomlib's bit decompositions
// (Num2Bits), the way circom circuits usually write them.
pragma circom 2.0.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// -m <= x <= m for 2m < 2^k: x + m and m - x are both k-bit numbers.
template AbsAtMost(k) {
    signal input x;
    signal input m;
    component low = Num2Bits(k);
    component high = Num2Bits(k);
    low.in <== x + m;
    high.in <== m - x;
}

// Public inputs are squared into a constraint so that each has a column of
// its own (as zkfl's bind.* constraints do).
template Bind() {
    signal input x;
    signal sq;
    sq <== x * x;
}

template Compliance(d, linfBits, l2Bits, countBits, samplesBits) {
    signal input l2_max;
    signal input linf_max;
    signal input nonzero_min;
    signal input samples_min;
    signal input round;
    signal input client_id;
    signal input model_hash_hi;
    signal input model_hash_lo;
    signal input u[d];
    signal input num_samples;

    component abs[d];
    component isz[d];
    signal sq[d];
    var sum = 0;
    var zeros = 0;
    for (var i = 0; i < d; i++) {
        abs[i] = AbsAtMost(linfBits);
        abs[i].x <== u[i];
        abs[i].m <== linf_max;
        sq[i] <== u[i] * u[i];
        sum += sq[i];
        isz[i] = IsZero();
        isz[i].in <== u[i];
        zeros += isz[i].out;
    }
    // Slack variables: bound - value must be a non-negative number of the
    // given width (nothing wraps: every width is far below 254 bits).
    component l2 = Num2Bits(l2Bits);
    l2.in <== l2_max - sum;
    component nz = Num2Bits(countBits);
    nz.in <== d - zeros - nonzero_min;
    component samples = Num2Bits(samplesBits);
    samples.in <== num_samples - samples_min;

    component b[4];
    for (var j = 0; j < 4; j++) b[j] = Bind();
    b[0].x <== round;
    b[1].x <== client_id;
    b[2].x <== model_hash_hi;
    b[3].x <== model_hash_lo;
}
