#!/usr/bin/env bash
# bench/circom/compliance_r1cs.py against circom2 and snarkjs: for small d
# (2: the smallest d it supports; 5; 300: wire numbers past 255, where circom's term
# order stops being numeric), circom2 --O1 compiles bench/circom/compliance.circom
# and snarkjs computes a witness with zeros, negatives and the bounds; the
# generator's files must be byte-identical. Then a changed witness value and
# a changed constraint must both be noticed by the comparison.
set -euo pipefail
src="${ZKFL_SOURCE_DIR:?}"
nm="${ZKFL_NODE_MODULES:?}"
gen="$src/bench/circom/compliance_r1cs.py"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/circomlib"
cp -r "$nm/circomlib/circuits" "$work/circomlib/"
cp "$src/bench/circom/compliance.circom" "$work/"
cd "$work"
for d in 2 5 300; do
  cat > "main_$d.circom" <<CIRCOM
pragma circom 2.0.0;
include "compliance.circom";
component main {public [l2_max, linf_max, nonzero_min, samples_min, round, client_id, model_hash_hi, model_hash_lo]} = Compliance($d, 16, 40, $(python3 -c "print(($d).bit_length())"), 64);
CIRCOM
  node "$nm/circom2/cli.js" "main_$d.circom" --r1cs --wasm --O1 -o . > "main_$d.log"
  python3 - "$d" "in_$d.json" <<'PY'
import json, random, sys
d = int(sys.argv[1]); random.seed(7 * d)
p = 21888242871839275222246405745257275088548364400416034343698204186575808495617
u = [random.randint(-20000, 20000) for _ in range(d)]
for i in range(0, d, 3): u[i] = 0                  # zeros (IsZero's other branch)
u[-1] = 20000 if d > 1 else 0                       # exactly the L-inf bound
if d > 2: u[1] = -20000
json.dump({"l2_max": str(sum(x * x for x in u) + 5), "linf_max": "20000",
           "nonzero_min": str(sum(1 for x in u if x)), "samples_min": "10", "round": "3",
           "client_id": "4", "model_hash_hi": str(2**127 + 5), "model_hash_lo": "6",
           "u": [str(x % p) for x in u], "num_samples": "10"}, open(sys.argv[2], "w"))
PY
  node "$nm/snarkjs/build/cli.cjs" wtns calculate "main_${d}_js/main_$d.wasm" "in_$d.json" "circom_$d.wtns"
  python3 "$gen" "$d" "gen_$d.r1cs" "in_$d.json" "gen_$d.wtns" 2>/dev/null
  cmp "gen_$d.r1cs" "main_$d.r1cs"
  cmp "gen_$d.wtns" "circom_$d.wtns"
  # snarkjs's own check that the generated witness satisfies the generated constraints.
  node "$nm/snarkjs/build/cli.cjs" wtns check "gen_$d.r1cs" "gen_$d.wtns" | grep -q "WITNESS IS CORRECT"
  echo "d=$d: .r1cs and .wtns identical to circom2's and snarkjs's"
done

# The comparison sees a one-byte change in either file.
python3 - gen_300.r1cs gen_300.wtns <<'PY'
import sys
for path, at in ((sys.argv[1], 1000), (sys.argv[2], -1)):
    b = bytearray(open(path, "rb").read()); b[at] ^= 1; open(path + ".bad", "wb").write(bytes(b))
PY
if cmp -s gen_300.r1cs.bad main_300.r1cs || cmp -s gen_300.wtns.bad circom_300.wtns; then
  echo "a tampered file compared equal" >&2; exit 1
fi
# An input that breaks a rule has no witness: the generator refuses it.
python3 - in_5.json bad_5.json <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); j["linf_max"] = "19999"; json.dump(j, open(sys.argv[2], "w"))
PY
if python3 "$gen" 5 bad.r1cs bad_5.json bad.wtns 2>err.txt; then
  echo "the generator wrote a witness for an input beyond the L-inf bound" >&2; exit 1
fi
grep -q "does not fit" err.txt
echo "compliance_r1cs.sh: ok"
