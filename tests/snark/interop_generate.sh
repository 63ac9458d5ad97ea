#!/usr/bin/env bash
# Regenerates the committed Groth16 interop fixtures in tests/snark/circuits/
# with the reference tools only (circom2 + snarkjs): for each interop_*.circom
# the .r1cs, the witness .wtns of interop_<name>_input.json, a proving key
# .zkey (phase 2 with one contribution) and snarkjs's verification key
# interop_<name>_vk.json, and one snarkjs proof (interop_<name>_proof.json,
# interop_<name>_public.json). The phase-1 .ptau (power 11, one contribution) is
# made in a scratch directory unless PTAU=path names an existing prepared one
# (making it takes a few minutes). Run from anywhere; needs tools/js.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/circuits"
nm="$here/../../tools/js/node_modules"
snarkjs=(node "$nm/snarkjs/build/cli.cjs")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

ptau="${PTAU:-}"
if [ -z "$ptau" ]; then
  "${snarkjs[@]}" powersoftau new bn128 11 "$tmp/pot0.ptau" >/dev/null
  "${snarkjs[@]}" powersoftau contribute "$tmp/pot0.ptau" "$tmp/pot1.ptau" --name=zkfl-interop -e="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >/dev/null
  "${snarkjs[@]}" powersoftau prepare phase2 "$tmp/pot1.ptau" "$tmp/pot11.ptau" >/dev/null
  ptau="$tmp/pot11.ptau"
fi

# circom2 runs under WASI and sees only its working directory, so the
# circuit and circomlib are copied next to each other.
mkdir -p "$tmp/circomlib"
cp -r "$nm/circomlib/circuits" "$tmp/circomlib/"
for src in "$dir"/interop_*.circom; do
  name="$(basename "$src" .circom)"
  cp "$src" "$tmp/"
  (cd "$tmp" && node "$nm/circom2/cli.js" "$name.circom" --r1cs --wasm -o . >/dev/null)
  cp "$tmp/$name.r1cs" "$dir/$name.r1cs"
  "${snarkjs[@]}" wtns calculate "$tmp/${name}_js/$name.wasm" "$dir/${name}_input.json" "$dir/$name.wtns" >/dev/null
  "${snarkjs[@]}" groth16 setup "$dir/$name.r1cs" "$ptau" "$tmp/${name}_0.zkey" >/dev/null
  "${snarkjs[@]}" zkey contribute "$tmp/${name}_0.zkey" "$dir/$name.zkey" --name=zkfl-interop \
    -e="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >/dev/null
  "${snarkjs[@]}" zkey export verificationkey "$dir/$name.zkey" "$dir/${name}_vk.json" >/dev/null
  # A proof made by snarkjs: the known-answer input of the C verifier tests.
  "${snarkjs[@]}" groth16 prove "$dir/$name.zkey" "$dir/$name.wtns" "$dir/${name}_proof.json" "$dir/${name}_public.json" >/dev/null
  echo "interop fixtures: $name"
done
