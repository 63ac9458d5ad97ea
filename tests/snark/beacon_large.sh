#!/usr/bin/env bash
# Slow test (ZKFL_SLOW_TESTS): a powers-of-tau beacon at power 14, where the
# sections span several of snarkjs's 1 MiB hashing chunks (tau G1 has 2^15-1
# points), must still be byte for byte snarkjs's output and verify in zkfl.
# usage: beacon_large.sh ZKFL_BINARY NODE_MODULES
set -eu
zkfl="$1"
snarkjs=(node "$2/snarkjs/build/cli.cjs")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$zkfl" ptau new 14 "$tmp/p0.ptau" >/dev/null
"$zkfl" ptau contribute "$tmp/p0.ptau" "$tmp/p1.ptau" --name first >/dev/null
"$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/z.ptau" c0ffee00c0ffee00 10 --name last >/dev/null
"${snarkjs[@]}" powersoftau beacon "$tmp/p1.ptau" "$tmp/s.ptau" c0ffee00c0ffee00 10 --name=last >/dev/null
cmp "$tmp/z.ptau" "$tmp/s.ptau"
"$zkfl" ptau verify "$tmp/s.ptau" >/dev/null
echo "beacon_large: zkfl's power-14 beacon is snarkjs's, byte for byte"
