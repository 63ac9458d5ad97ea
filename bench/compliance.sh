#!/usr/bin/env bash
# Update proofs (zkfl compliance) at several update sizes d, for both
# range-check methods: constraints, setup, prove and verify times through
# the CLI, proof size. Writes the table between the compliance markers of
# docs/PERFORMANCE.md.
#   bench/compliance.sh     (env: DIMS="1024 256 64" largest first, THREADS=2,
#                            DOC=file to write instead of docs/PERFORMANCE.md)
# The largest size's setup creates a local single-contributor .ptau
# (zkfl compliance setup without --ptau); the others reuse it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dims="${DIMS:-1024 256 64}"
threads="${THREADS:-2}"
doc="${DOC:-$root/docs/PERFORMANCE.md}"
build="$root/build/bench-compliance"
work="$build/work"
mkdir -p "$work"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j 2 --target zkfl >&2
zkfl="$build/zkfl"
export ZKFL_THREADS="$threads"
hash=$(printf '5a%.0s' $(seq 32))
jf() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }
# timed OUT CMD...: "wall user" seconds into OUT
timed() { local out="$1"; shift; /usr/bin/time -f "%e %U" -o "$out" "$@"; }

echo '{"num_samples": 100}' > "$work/meta.json"
rows=""
ptau=""
for method in lookup bits; do
  ptau=""   # the largest size of each method makes a ptau big enough for the rest
  cat > "$work/rules_$method.json" <<JSON
{"update": {"bits": 16, "l2_max": 1000000000000, "linf_max": 20000, "range_check": "$method"},
 "metadata": {"num_samples": {"min": 10}}, "bind": ["round", "client_id", "model_hash"]}
JSON
  for d in $dims; do
    dir="$work/keys_${method}_$d"
    python3 -c "
import struct,random,sys
d=int(sys.argv[1]); random.seed(d)
v=[random.randint(-20000,20000) for _ in range(d)]
open(sys.argv[2],'wb').write(b'ZKUP'+struct.pack('<II',1,d)+struct.pack('<%di'%d,*v))" "$d" "$work/u$d.bin"
    args=()
    [ -n "$ptau" ] && args=(--ptau "$ptau")
    setup_json=$(timed "$work/t_setup" "$zkfl" compliance setup "$work/rules_$method.json" --dim "$d" --out "$dir" --json "${args[@]}")
    if [ -z "$ptau" ]; then ptau=$(echo "$setup_json" | jf ptau); fi
    nc=$(echo "$setup_json" | jf constraints); per=$(echo "$setup_json" | jf constraints_per_element)
    setup_ms=$(echo "$setup_json" | jf setup_ms)
    prove_json=$(timed "$work/t_prove" "$zkfl" compliance prove "$dir" "$work/u$d.bin" "$work/meta.json" \
      --round 1 --client 2 --model-hash "$hash" -o "$work/p.bin" --json)
    prove_ms=$(echo "$prove_json" | jf prove_ms); bytes=$(echo "$prove_json" | jf bytes)
    timed "$work/t_verify" "$zkfl" compliance verify "$dir" "$work/p.bin" --round 1 --client 2 --model-hash "$hash" >/dev/null
    read -r pw pu < "$work/t_prove"; read -r vw vu < "$work/t_verify"
    rows+="| $method | $d | $nc | $per | $(printf '%.0f' "$setup_ms") ms | $(printf '%.0f' "$prove_ms") ms | ${pw} s / ${pu} s | ${vw} s / ${vu} s | $bytes B |"$'\n'
    echo "$method d=$d: $nc constraints, prove ${prove_ms} ms" >&2
  done
done

table="Command: \`bench/compliance.sh\` (DIMS=\"$dims\", $threads threads, $(date -u '+%Y-%m-%d %H:%M UTC'); shared,
noisy machine: wall times are inflated, CPU (user) times are the steadier numbers). Rules: 16-bit
updates, l2 and linf bounds, minimum sample count, bound to round, client and model hash. \"setup\"
and \"prove\" are the library calls (zkfl_compliance_setup, zkfl_update_prove); the CLI columns
are whole runs including key loading (the proving key is validated point by point).

| range check | d | constraints | per element | setup | prove | prove CLI wall / user | verify CLI wall / user | proof |
|---|---|---|---|---|---|---|---|---|
$rows"
python3 - "$doc" "$table" <<'PY'
import sys, re
path, table = sys.argv[1], sys.argv[2]
s = open(path).read()
s = re.sub(r'(<!-- BEGIN compliance -->\n).*?(<!-- END compliance -->)', lambda m: m.group(1) + table + m.group(2), s, flags=re.S)
open(path, 'w').write(s)
PY
echo "$table"
