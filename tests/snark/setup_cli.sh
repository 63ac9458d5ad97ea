#!/usr/bin/env bash
# CLI test of `zkfl ptau` and the zkfl groth16 setup commands: a small
# ceremony through the command line, exit statuses (0 ok, 1 invalid,
# 2 bad usage/input), --json output and a tampered file.
# usage: setup_cli.sh ZKFL_BINARY SOURCE_DIR
set -u
zkfl="$1"
fix="$2/tests/snark/setup_fixtures"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect STATUS DESCRIPTION -- command...
    local want="$1" what="$2"; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/out" "$tmp/err"; fail=1
    fi
}
expect 0 "ptau --help" -- "$zkfl" ptau --help
expect 0 "ptau new --help" -- "$zkfl" ptau new --help
expect 2 "ptau new without args" -- "$zkfl" ptau new
expect 2 "ptau new bad power" -- "$zkfl" ptau new 99 "$tmp/x.ptau"
expect 0 "ptau new" -- "$zkfl" ptau new 5 "$tmp/p0.ptau"
expect 1 "verify without contributions" -- "$zkfl" ptau verify "$tmp/p0.ptau"
expect 0 "ptau contribute" -- "$zkfl" ptau contribute "$tmp/p0.ptau" "$tmp/p1.ptau" --name cli --entropy "x y z" --json
grep -q '"contribution_hash": "[0-9a-f]\{128\}"' "$tmp/out" || { echo "FAIL: contribute --json output"; cat "$tmp/out"; fail=1; }
expect 0 "ptau verify" -- "$zkfl" ptau verify "$tmp/p1.ptau"
expect 0 "ptau prepare" -- "$zkfl" ptau prepare "$tmp/p1.ptau" "$tmp/p1p.ptau"
expect 0 "ptau verify prepared --json" -- "$zkfl" ptau verify "$tmp/p1p.ptau" --json
grep -q '"valid": true' "$tmp/out" || { echo "FAIL: verify --json"; cat "$tmp/out"; fail=1; }
expect 0 "ptau info" -- "$zkfl" ptau info "$tmp/p1p.ptau" --json
grep -q '"name": "cli"' "$tmp/out" || { echo "FAIL: info --json"; cat "$tmp/out"; fail=1; }
expect 0 "ptau beacon --help" -- "$zkfl" ptau beacon --help
expect 0 "ptau beacon" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/p2.ptau" 0123456789abcdef 10 --name final --json
grep -q '"contribution_hash": "[0-9a-f]\{128\}"' "$tmp/out" || { echo "FAIL: beacon --json output"; cat "$tmp/out"; fail=1; }
expect 0 "ptau verify beacon" -- "$zkfl" ptau verify "$tmp/p2.ptau"
expect 0 "ptau beacon again" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/p2b.ptau" 0123456789abcdef 10 --name final
cmp -s "$tmp/p2.ptau" "$tmp/p2b.ptau" || { echo "FAIL: the same beacon gave two different files"; fail=1; }
expect 2 "ptau beacon odd hex" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/x.ptau" 0123456789abcde 10
expect 2 "ptau beacon 0x hex" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/x.ptau" 0x0123 10
expect 2 "ptau beacon non-hex" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/x.ptau" 01zz 10
expect 2 "ptau beacon small exponent" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/x.ptau" 0123 9
expect 2 "ptau beacon large exponent" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/x.ptau" 0123 64
expect 2 "ptau beacon missing exponent" -- "$zkfl" ptau beacon "$tmp/p1.ptau" "$tmp/x.ptau" 0123
expect 2 "ptau verify missing file" -- "$zkfl" ptau verify "$tmp/missing.ptau"
# Flip bits of one byte inside the first tau G1 point (after the file and
# header sections). XOR, not a fixed value: the contribution is random, and
# the byte already held any fixed value once in 256 runs (a flaky pass).
cp "$tmp/p1.ptau" "$tmp/bad.ptau"
off=$((12 + 56 + 12 + 64 + 5))
old="$(od -An -tu1 -j "$off" -N1 "$tmp/bad.ptau" | tr -d ' ')"
printf "\\x$(printf %02x $((old ^ 0x55)))" | dd of="$tmp/bad.ptau" bs=1 seek="$off" conv=notrunc status=none
cmp -s "$tmp/p1.ptau" "$tmp/bad.ptau" && { echo "FAIL: the tampered copy equals the original"; fail=1; }
expect 1 "ptau verify tampered" -- "$zkfl" ptau verify "$tmp/bad.ptau"
grep -q "section 2" "$tmp/err" || { echo "FAIL: tampered message"; cat "$tmp/err"; fail=1; }

# Phase 2 through the groth16 commands (when the groth16 table lists them).
if "$zkfl" groth16 --help | grep -q "verify-setup"; then
    expect 0 "groth16 setup" -- "$zkfl" groth16 setup "$fix/poly.r1cs" "$fix/pot8_final.ptau" "$tmp/c0.zkey"
    expect 0 "groth16 contribute" -- "$zkfl" groth16 contribute "$tmp/c0.zkey" "$tmp/c1.zkey" --name cli
    expect 0 "groth16 verify-setup" -- "$zkfl" groth16 verify-setup "$fix/poly.r1cs" "$fix/pot8_final.ptau" "$tmp/c1.zkey"
    expect 0 "groth16 beacon --help" -- "$zkfl" groth16 beacon --help
    expect 0 "groth16 beacon" -- "$zkfl" groth16 beacon "$tmp/c1.zkey" "$tmp/c2.zkey" ffee 10 --name final
    expect 0 "groth16 verify-setup after beacon" -- "$zkfl" groth16 verify-setup "$fix/poly.r1cs" "$fix/pot8_final.ptau" "$tmp/c2.zkey"
    expect 2 "groth16 beacon bad hex" -- "$zkfl" groth16 beacon "$tmp/c1.zkey" "$tmp/x.zkey" fff 10
    expect 2 "groth16 beacon bad exponent" -- "$zkfl" groth16 beacon "$tmp/c1.zkey" "$tmp/x.zkey" ff ten
    expect 1 "groth16 verify-setup wrong ptau" -- "$zkfl" groth16 verify-setup "$fix/poly.r1cs" "$tmp/p1p.ptau" "$tmp/c1.zkey"
    # The prover reads its key without curve checks on the big point arrays;
    # a corrupt point must be named, not reported as a bad witness. Byte 7200
    # is in H point 2's y coordinate (section 9 starts at 7040 in this file).
    expect 0 "groth16 prove" -- "$zkfl" groth16 prove "$fix/poly_0001.zkey" "$fix/poly.wtns" "$tmp/proof.json" "$tmp/public.json"
    cp "$fix/poly_0001.zkey" "$tmp/corrupt.zkey"
    printf '\x5a' | dd of="$tmp/corrupt.zkey" bs=1 seek=7200 conv=notrunc status=none
    expect 2 "groth16 prove corrupt key" -- "$zkfl" groth16 prove "$tmp/corrupt.zkey" "$fix/poly.wtns" "$tmp/proof2.json" "$tmp/public2.json"
    grep -q "corrupt.zkey is corrupt: .*section 9 (H points): point 2" "$tmp/err" || { echo "FAIL: corrupt key message"; cat "$tmp/err"; fail=1; }
    expect 2 "groth16 setup usage" -- "$zkfl" groth16 setup "$fix/poly.r1cs"
fi
[ "$fail" -eq 0 ] && echo "setup_cli: all passed"
exit "$fail"
