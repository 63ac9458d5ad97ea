#!/usr/bin/env bash
# Regenerates the committed circom fixtures of the snark setup tests:
# poly.r1cs (circom2), poly.wasm and poly.wtns (snarkjs wtns calculate).
# circom2 runs under WASI and only sees the current directory, so it
# compiles inside a scratch directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nm="$here/../../../tools/js/node_modules"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$here/poly.circom" "$tmp/"
(cd "$tmp" && node "$nm/circom2/cli.js" poly.circom --r1cs --wasm -o . >/dev/null)
cp "$tmp/poly.r1cs" "$here/poly.r1cs"
cp "$tmp/poly_js/poly.wasm" "$here/poly.wasm"
node "$nm/snarkjs/build/cli.cjs" wtns calculate "$here/poly.wasm" "$here/poly_input.json" "$here/poly.wtns"
# A small snarkjs ceremony (power 8) and phase-2 key for the reader tests
# and the fuzz seeds: pot8_0001 (one contribution), pot8_final (prepared),
# poly_0000.zkey (groth16 setup) and poly_0001.zkey (+ one contribution).
snarkjs() { node "$nm/snarkjs/build/cli.cjs" "$@" >/dev/null; }
snarkjs powersoftau new bn128 8 "$tmp/pot8_0000.ptau"
snarkjs powersoftau contribute "$tmp/pot8_0000.ptau" "$here/pot8_0001.ptau" --name=first -e="zkfl fixture entropy"
snarkjs powersoftau prepare phase2 "$here/pot8_0001.ptau" "$here/pot8_final.ptau"
snarkjs groth16 setup "$here/poly.r1cs" "$here/pot8_final.ptau" "$here/poly_0000.zkey"
snarkjs zkey contribute "$here/poly_0000.zkey" "$here/poly_0001.zkey" --name=alice -e="zkfl fixture zkey entropy"
