#!/usr/bin/env bash
# Groth16 interop between zkfl and snarkjs (CTest: snark_interop_groth16).
#   interop_groth16.sh ZKFL_BINARY SOURCE_DIR NODE_MODULES
# For every circuit in tests/snark/circuits/interop_*.zkey (Poseidon hash,
# L2-norm bound, multiplier; keys made by snarkjs):
#  - zkfl groth16 export-vk equals snarkjs's verification_key.json,
#  - a fresh snarkjs proof verifies with zkfl (JSON),
#  - a zkfl proof verifies with `snarkjs groth16 verify` and with zkfl (JSON
#    and binary), and its public.json equals snarkjs's,
#  - tampered proofs, tampered public inputs and another circuit's key are
#    rejected by both (snarkjs's rejections run in one node process through
#    interop_groth16_verify.cjs, as node starts slowly), malformed input
#    gives exit status 2,
#  - zkfl groth16 verify-batch accepts the valid set and names the bad proof.
set -uo pipefail
zkfl="$1"; src="$2"; nm="$3"
[ -x "$zkfl" ] || { echo "interop_groth16: no zkfl binary at $zkfl (build the zkfl target)" >&2; exit 1; }
dir="$src/tests/snark/circuits"
snarkjs=(node "$nm/snarkjs/build/cli.cjs")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0

expect() {   # expect STATUS DESCRIPTION COMMAND...
  local want="$1" what="$2"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  checks=$((checks + 1))
  if [ "$want" = nonzero ]; then
    [ "$got" -ne 0 ] && return 0
  elif [ "$got" -eq "$want" ]; then
    return 0
  fi
  echo "FAIL: $what: exit $got, want $want: $*" >&2
  sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20 >&2
  fails=$((fails + 1))
}

# JSON edits in python (starts in milliseconds; node takes ~1 s here).
json_eq() { python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }
# tamper IN OUT PYTHON-STATEMENT-OVER-x
tamper() { python3 -c 'import json,sys
x = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(x, open(sys.argv[2], "w"), indent=1)' "$1" "$2" "$3"; }
# Cases for snarkjs's verifier, run together in one node process at the end.
snarkjs_cases="$tmp/snarkjs_cases.txt"
: >"$snarkjs_cases"
snarkjs_expect() { echo "$1 $2 $3 $4" >>"$snarkjs_cases"; }

circuits=(poseidon l2norm multiplier)
for c in "${circuits[@]}"; do
  k="$dir/interop_$c.zkey"; wtns="$dir/interop_$c.wtns"; ref_vk="$dir/interop_${c}_vk.json"
  w="$tmp/$c"; mkdir -p "$w"

  expect 0 "$c: zkfl export-vk" "$zkfl" groth16 export-vk "$k" "$w/vk.json"
  expect 0 "$c: export-vk equals snarkjs's verification_key.json" json_eq "$w/vk.json" "$ref_vk"

  expect 0 "$c: snarkjs prove" "${snarkjs[@]}" groth16 prove "$k" "$wtns" "$w/proof_s.json" "$w/public_s.json"
  expect 0 "$c: zkfl verifies the snarkjs proof" "$zkfl" groth16 verify "$w/vk.json" "$w/public_s.json" "$w/proof_s.json"

  expect 0 "$c: zkfl prove" "$zkfl" groth16 prove "$k" "$wtns" "$w/proof_z.json" "$w/public_z.json" --binary "$w/proof_z.bin" --json
  grep -q '"peak_rss_kib"' "$tmp/out" || { echo "FAIL: $c: prove --json lacks peak_rss_kib" >&2; fails=$((fails + 1)); }
  expect 0 "$c: zkfl public.json equals snarkjs's" json_eq "$w/public_z.json" "$w/public_s.json"
  expect 0 "$c: snarkjs verifies the zkfl proof" "${snarkjs[@]}" groth16 verify "$ref_vk" "$w/public_z.json" "$w/proof_z.json"
  expect 0 "$c: zkfl verifies its proof" "$zkfl" groth16 verify "$ref_vk" "$w/public_z.json" "$w/proof_z.json"
  expect 0 "$c: zkfl verifies its binary proof" "$zkfl" groth16 verify --binary "$ref_vk" "$w/public_z.json" "$w/proof_z.bin"

  # Tampered public input: both reject.
  tamper "$w/public_z.json" "$w/public_t.json" 'x[0] = str(int(x[0]) + 1)'
  expect 1 "$c: zkfl rejects a tampered public input" "$zkfl" groth16 verify "$ref_vk" "$w/public_t.json" "$w/proof_z.json"
  snarkjs_expect invalid "$ref_vk" "$w/public_t.json" "$w/proof_z.json"
  # Tampered proof (pi_c replaced by pi_a: valid points, wrong equation).
  tamper "$w/proof_z.json" "$w/proof_t.json" 'x["pi_c"] = x["pi_a"]'
  expect 1 "$c: zkfl rejects a tampered proof" "$zkfl" groth16 verify "$ref_vk" "$w/public_z.json" "$w/proof_t.json"
  snarkjs_expect invalid "$ref_vk" "$w/public_z.json" "$w/proof_t.json"
  # Tampered snarkjs proof (pi_a off the curve): both reject, zkfl as bad input.
  tamper "$w/proof_s.json" "$w/proof_off.json" 'x["pi_a"][1] = str(int(x["pi_a"][1]) + 1)'
  expect 2 "$c: zkfl rejects pi_a off the curve" "$zkfl" groth16 verify "$ref_vk" "$w/public_s.json" "$w/proof_off.json"
  grep -q "not on the G1 curve" "$tmp/err" || { echo "FAIL: $c: message does not say 'not on the G1 curve'" >&2; fails=$((fails + 1)); }
  snarkjs_expect invalid "$ref_vk" "$w/public_s.json" "$w/proof_off.json"
  # Public input >= r and a wrong number of inputs: bad input.
  tamper "$w/public_z.json" "$w/public_r.json" 'x[0] = "21888242871839275222246405745257275088548364400416034343698204186575808495617"'
  expect 2 "$c: zkfl rejects a public input >= r" "$zkfl" groth16 verify "$ref_vk" "$w/public_r.json" "$w/proof_z.json"
  tamper "$w/public_z.json" "$w/public_n.json" 'x.append("1")'
  expect 2 "$c: zkfl rejects a wrong input count" "$zkfl" groth16 verify "$ref_vk" "$w/public_n.json" "$w/proof_z.json"
  expect 2 "$c: zkfl reports a missing file" "$zkfl" groth16 verify "$ref_vk" "$w/public_z.json" "$w/nonexistent.json"
done

# Another circuit's key: l2norm and multiplier both have two public signals.
m="$tmp/multiplier"; l="$tmp/l2norm"
expect 1 "zkfl rejects an l2norm proof under the multiplier key" "$zkfl" groth16 verify "$m/vk.json" "$l/public_z.json" "$l/proof_z.json"
snarkjs_expect invalid "$m/vk.json" "$l/public_z.json" "$l/proof_z.json"
expect 2 "zkfl rejects a poseidon proof under the multiplier key (input count)" "$zkfl" groth16 verify "$m/vk.json" "$tmp/poseidon/public_z.json" "$tmp/poseidon/proof_z.json"
snarkjs_expect invalid "$m/vk.json" "$tmp/poseidon/public_z.json" "$tmp/poseidon/proof_z.json"
snarkjs_expect valid "$l/vk.json" "$l/public_z.json" "$l/proof_z.json"

# Batch: the valid set passes, a tampered proof is named.
expect 0 "verify-batch accepts valid proofs" "$zkfl" groth16 verify-batch "$l/vk.json" \
  "$l/public_z.json" "$l/proof_z.json" "$l/public_s.json" "$l/proof_s.json"
expect 1 "verify-batch rejects a set with a tampered proof" "$zkfl" groth16 verify-batch "$l/vk.json" \
  "$l/public_z.json" "$l/proof_z.json" "$l/public_z.json" "$l/proof_t.json" "$l/public_s.json" "$l/proof_s.json" --json
grep -q '"index": 1, "proof": "[^"]*proof_t.json"' "$tmp/out" && ! grep -q '"index": [02]' "$tmp/out" ||
  { echo "FAIL: verify-batch did not name exactly proof_t.json" >&2; cat "$tmp/out" >&2; fails=$((fails + 1)); }
expect 2 "verify-batch wants pairs" "$zkfl" groth16 verify-batch "$l/vk.json" "$l/public_z.json"
expect 0 "groth16 --help" "$zkfl" groth16 --help
expect 0 "groth16 prove --help" "$zkfl" groth16 prove --help

expect 0 "snarkjs's verifier agrees on every case" node "$src/tests/snark/interop_groth16_verify.cjs" "$nm" "$snarkjs_cases"
cat "$tmp/out"

echo "interop_groth16: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
