#!/usr/bin/env bash
# Groth16 prove / verify / batch-verify, zkfl vs snarkjs in the same run on
# the same proving keys and witnesses. Writes the table between the groth16
# markers of docs/PERFORMANCE.md.
#   bench/groth16.sh            (env: SIZES="12 16 18 20", BATCH=100, THREADS=2,
#                                DOC=file to write instead of docs/PERFORMANCE.md)
# Circuits: synthetic chains of 2^k - 8 constraints made by
# bench/groth16_bench.c; keys: generated directly from random toxic waste by
# the same helper (no ceremony: zkfl's and snarkjs's phase-1 tools need
# hours at 2^18 on two cores; keygen itself takes ~20 min at 2^20), written
# as snarkjs .zkey files, so snarkjs proves with the very same key and
# witness.
# Cached in build/bench-groth16/work (delete it to redo the setup).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${SIZES:-12 16 18 20}"
batch="${BATCH:-100}"
threads="${THREADS:-2}"
doc="${DOC:-$root/docs/PERFORMANCE.md}"
build="$root/build/bench-groth16"
work="$build/work"
nm="$root/tools/js/node_modules"
snarkjs=(node "$nm/snarkjs/build/cli.cjs")
mkdir -p "$work"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j 2 --target zkfl zkfl_snark >&2
bench="$build/groth16_bench"
cc -O3 -march=native -std=c11 -I"$root/include" "$root/bench/groth16_bench.c" -o "$bench" \
  "$build/libzkfl_snark.a" "$build/libzkfl_poly.a" "$build/libzkfl_ec.a" "$build/libzkfl_ff.a" \
  "$build/libzkfl_util.a" $(pkg-config --libs jansson) -lcrypto -lpthread -lm
zkfl="$build/zkfl"
export ZKFL_THREADS="$threads"

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
jfield() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }
# timed OUTFILE CMD...: runs CMD, writes "wall_seconds max_rss_kib user_s sys_s" to OUTFILE
timed() { local out="$1"; shift; /usr/bin/time -f "%e %M %U %S" -o "$out" "$@"; }
cpu_of() { awk '{printf "%.2f", $3 + $4}' "$1"; }

rows=""
for k in $sizes; do
  c="$work/c$k"
  if [ ! -f "$c.zkey" ] || [ ! -f "$c.wtns" ]; then
    echo "groth16.sh: circuit and key for 2^$k" >&2
    "$bench" circuit "$k" "$c" >&2
    "$bench" keygen "$c.r1cs" "$c.zkey" >&2
  fi
  constraints="$((2 ** k - 8))"
  "$zkfl" groth16 export-vk "$c.zkey" "$c.vk.json"

  echo "groth16.sh: 2^$k: zkfl prove" >&2
  timed "$c.ztime" "$zkfl" groth16 prove "$c.zkey" "$c.wtns" "$c.zproof.json" "$c.zpublic.json" --json >"$c.zjson"
  z_prove_ms="$(jfield prove_ms <"$c.zjson")"
  z_rss="$(jfield peak_rss_kib <"$c.zjson")"
  z_wall="$(cut -d' ' -f1 "$c.ztime")"

  echo "groth16.sh: 2^$k: snarkjs prove" >&2
  timed "$c.stime" "${snarkjs[@]}" groth16 prove "$c.zkey" "$c.wtns" "$c.sproof.json" "$c.spublic.json"
  s_wall="$(cut -d' ' -f1 "$c.stime")"
  s_rss="$(cut -d' ' -f2 "$c.stime")"

  # Cross-checks: each verifier accepts the other's proof.
  "${snarkjs[@]}" groth16 verify "$c.vk.json" "$c.zpublic.json" "$c.zproof.json" >/dev/null
  "$zkfl" groth16 verify "$c.vk.json" "$c.spublic.json" "$c.sproof.json" >/dev/null

  z_load_ms="$(jfield load_ms <"$c.zjson")"
  speedup="$(awk "BEGIN{printf \"%.1f\", $s_wall / $z_wall}")"
  prove_ratio="$(awk "BEGIN{printf \"%.1f\", $s_wall * 1000 / $z_prove_ms}")"
  z_cpu="$(cpu_of "$c.ztime")"
  s_cpu="$(cpu_of "$c.stime")"
  cpu_ratio="$(awk "BEGIN{printf \"%.1f\", $s_cpu / $z_cpu}")"
  rows+="| 2^$k ($constraints) | $(awk "BEGIN{printf \"%.1f\", $z_prove_ms / 1000}") s | $(awk "BEGIN{printf \"%.2f\", $z_load_ms / 1000}") s | $z_wall s | $s_wall s | ${prove_ratio}x | ${speedup}x | $z_cpu s | $s_cpu s | ${cpu_ratio}x | $((z_rss / 1024)) MiB | $((s_rss / 1024)) MiB |"$'\n'
done

# Verification: library time per call (zkfl) vs snarkjs's groth16.verify in
# one warmed-up node process; CLI wall time for both.
k0="$(echo "$sizes" | awk '{print $1}')"
c="$work/c$k0"
verify_line="$("$bench" verify "$c.zkey" "$c.wtns" 200)"
s_verify="$(node -e '
  const s = require(process.argv[1] + "/snarkjs"), fs = require("fs");
  const r = f => JSON.parse(fs.readFileSync(f));
  (async () => {
    const vk = r(process.argv[2]), pub = r(process.argv[3]), pr = r(process.argv[4]);
    if (!await s.groth16.verify(vk, pub, pr)) process.exit(1);
    const n = 20, t0 = performance.now();
    for (let i = 0; i < n; i++) await s.groth16.verify(vk, pub, pr);
    console.log(((performance.now() - t0) / n).toFixed(2));
    process.exit(0);
  })();' "$nm" "$c.vk.json" "$c.zpublic.json" "$c.zproof.json")"
t0="$(date +%s%N)"
"$zkfl" groth16 verify "$c.vk.json" "$c.zpublic.json" "$c.zproof.json" >/dev/null
z_cli_verify_ms="$(( ($(date +%s%N) - t0) / 1000000 ))"
timed "$c.svtime" "${snarkjs[@]}" groth16 verify "$c.vk.json" "$c.zpublic.json" "$c.zproof.json" >/dev/null
batch_line="$("$bench" batch "$c.zkey" "$c.wtns" "$batch")"

{
  echo "Command: \`bench/groth16.sh\` (SIZES=\"$sizes\", $threads threads, $(date -u +%Y-%m-%d), load average"
  echo "at the end: $(cut -d' ' -f1-3 /proc/loadavg) on 2 cores shared with other jobs, so wall times are"
  echo "inflated; CPU times and side-by-side ratios are the meaningful numbers). Synthetic circuits of"
  echo "2^k - 8 constraints and keys from random toxic waste (bench/groth16_bench.c); snarkjs"
  echo "$(node -p "require('$nm/snarkjs/package.json').version") proves with the same .zkey and .wtns, and each verifier accepts the other's proof."
  echo "\"zkfl prove\" is zkfl_groth16_prove alone, \"zkfl key load\" is zkfl_zkey_read_prover and the"
  echo "witness read (the key stays mapped and its big point arrays are used in place; every size, index"
  echo "and coordinate is checked, the curve equation of those arrays is left to the proof's own check"
  echo "against the key; snarkjs checks none), CLI walls are whole runs; ratios are snarkjs's whole run"
  echo "over zkfl's proving / zkfl's whole run. CPU columns are user + system time of the whole run."
  echo
  echo "| constraints | zkfl prove | zkfl key load | zkfl CLI wall | snarkjs CLI wall | snarkjs / zkfl prove | snarkjs / zkfl CLI | zkfl CLI CPU | snarkjs CLI CPU | snarkjs / zkfl CPU | zkfl peak RSS | snarkjs peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf "%s" "$rows"
  echo
  echo "| verification (2^$k0 circuit, 1 public input) | zkfl | snarkjs |"
  echo "|---|---|---|"
  echo "| one proof, library call, wall | $(echo "$verify_line" | field verify_ms) ms | $s_verify ms (warm node process) |"
  echo "| one proof, library call, CPU | $(echo "$verify_line" | field verify_cpu_ms) ms | - |"
  echo "| one proof, CLI wall | $z_cli_verify_ms ms | $(cut -d' ' -f1 "$c.svtime") s |"
  echo "| batch of $batch, per proof, wall | $(echo "$batch_line" | field batch_per_proof_ms) ms | - |"
  echo "| batch of $batch, per proof, CPU (2 threads) | $(echo "$batch_line" | field batch_cpu_per_proof_ms) ms | - |"
  echo "| $batch one by one, per proof, wall | $(echo "$batch_line" | field individual_per_proof_ms) ms | - |"
} >"$work/section.md"
cat "$work/section.md"

python3 - "$doc" "$work/section.md" <<'EOF'
import sys
doc, sec = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
text = open(doc).read()
begin, end = "<!-- BEGIN groth16 -->", "<!-- END groth16 -->"
i, j = text.index(begin) + len(begin), text.index(end)
open(doc, "w").write(text[:i] + "\n" + sec + "\n" + text[j:])
EOF
