#!/usr/bin/env bash
# Curve arithmetic: zkfl vs ffjavascript (the wasm engine under snarkjs) vs
# @noble/curves, measured in the same run on the same machine. Writes the
# table between the curve markers of docs/PERFORMANCE.md.
#   bench/curve.sh     (env: THREADS=<all cores>, FFJS_MAX_LOG=18,
#                       NOBLE_MAX_LOG=12, ROUNDS=5, BUDGET_MS=300,
#                       QUICK=1 for a fast trial run that does not touch
#                       the docs)
# Row by row and interleaved: for each row of `zkfl bench curve --list`,
# ROUNDS rounds of zkfl (`zkfl bench curve --op --size --threads`), then
# ffjavascript, then noble, back to back (bench/curve_peers.mjs --zkfl
# drives it), each timing for BUDGET_MS at least; the table shows the median
# over the rounds of each side and the fastest run of each side. The
# machine's speed drifts by up to 2x within minutes, so the two sides of a
# ratio must be taken seconds apart.
# CPU heavy (about 12-16 minutes): run it under `nice` on a shared machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${THREADS:-$(nproc)}"
rounds="${ROUNDS:-5}"
quick=()
budget="${BUDGET_MS:-300}"
if [ "${QUICK:-0}" = 1 ]; then
  quick=(--quick)
  budget="${BUDGET_MS:-20}"
fi
build="$root/build/bench-curve"
work="$build/work"
mkdir -p "$work"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j 2 --target zkfl >&2

started="$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "curve.sh: zkfl, ffjavascript and noble, row by row, $rounds rounds each" >&2
ZKFL_NODE_MODULES="$root/tools/js/node_modules" node "$root/bench/curve_peers.mjs" \
  --zkfl "$build/zkfl" --rounds "$rounds" --budget-ms "$budget" \
  --threads "$threads" --max-log-ffjs "${FFJS_MAX_LOG:-18}" --max-log-noble "${NOBLE_MAX_LOG:-12}" \
  "${quick[@]}" >"$work/records.jsonl" 2>"$work/peers.log"
cat "$work/peers.log" >&2

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
node "$root/bench/curve_table.mjs" "$work/records.jsonl" "$work/peers.log" \
  "bench/curve.sh (THREADS=$threads FFJS_MAX_LOG=${FFJS_MAX_LOG:-18} NOBLE_MAX_LOG=${NOBLE_MAX_LOG:-12} ROUNDS=$rounds BUDGET_MS=$budget${QUICK:+ QUICK=$QUICK})" \
  "$started" "$cpu" "$load" >"$work/table.md"
cat "$work/table.md"

if [ "${QUICK:-0}" = 1 ]; then
  echo "curve.sh: QUICK run, docs/PERFORMANCE.md left as it is" >&2
  exit 0
fi
doc="$root/docs/PERFORMANCE.md"
node -e '
const fs = require("fs");
const [doc, table] = process.argv.slice(1);
const text = fs.readFileSync(doc, "utf8");
const begin = "<!-- BEGIN curve -->", end = "<!-- END curve -->";
const i = text.indexOf(begin), j = text.indexOf(end);
if (i < 0 || j < i) { console.error("curve markers not found in " + doc); process.exit(1); }
fs.writeFileSync(doc, text.slice(0, i + begin.length) + "\n" + fs.readFileSync(table, "utf8").trimEnd() + "\n" + text.slice(j));
' "$doc" "$work/table.md"
echo "curve.sh: updated $doc" >&2
