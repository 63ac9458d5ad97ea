#!/usr/bin/env bash
# Smoke test of `zkfl bench curve --quick --json`: the command succeeds, every
# line is a JSON object {"op", "size", "threads", "ns", "cpu_ns", "best_ns", "best_cpu_ns"}
# with sane values (the fastest run no slower than the median), and
# every operation of the benchmark is present. Timings are not judged.
set -euo pipefail
zkfl="$1"
out="$("$zkfl" bench curve --quick --json --threads 2)"
printf '%s\n' "$out" | node -e '
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length);
const want = ["fp_mul", "fr_mul", "fp_mul_throughput", "fr_mul_throughput", "g1_add", "g2_add", "pairing", "multi_pairing", "g1_msm", "g2_msm", "ntt"];
const seen = new Map();
let bad = 0;
for (const l of lines) {
  let o;
  try { o = JSON.parse(l); } catch (e) { console.error("not JSON: " + l); bad++; continue; }
  const keys = Object.keys(o).sort().join(",");
  if (keys !== "best_cpu_ns,best_ns,cpu_ns,ns,op,size,threads" || typeof o.op !== "string" || !Number.isInteger(o.size) ||
      o.size < 1 || !Number.isInteger(o.threads) || o.threads < 1 || typeof o.ns !== "number" ||
      !(o.ns > 0) || typeof o.cpu_ns !== "number" || !(o.cpu_ns >= 0) ||
      !(o.best_ns > 0 && o.best_ns <= o.ns) || !(o.best_cpu_ns >= 0 && o.best_cpu_ns <= o.cpu_ns)) {
    console.error("bad record: " + l); bad++; continue;
  }
  seen.set(o.op, (seen.get(o.op) || new Set()).add(o.threads));
}
for (const op of want) if (!seen.has(op)) { console.error("missing op: " + op); bad++; }
for (const op of ["g1_msm", "g2_msm", "ntt"])
  if (seen.has(op) && !(seen.get(op).has(1) && seen.get(op).has(2))) { console.error(op + ": want 1 and 2 threads"); bad++; }
for (const op of seen.keys()) if (!want.includes(op)) { console.error("unexpected op: " + op); bad++; }
console.log(`${lines.length} lines, ${bad} problems`);
process.exit(bad ? 1 : 0);
'
# Usage errors exit 2, --help exits 0.
"$zkfl" bench curve --help >/dev/null
set +e
"$zkfl" bench curve --threads 0 >/dev/null 2>&1; st1=$?
"$zkfl" bench curve --bogus >/dev/null 2>&1; st2=$?
"$zkfl" bench nosuch >/dev/null 2>&1; st3=$?
set -e
[ "$st1" -eq 2 ] && [ "$st2" -eq 2 ] && [ "$st3" -eq 2 ] || { echo "usage errors: $st1 $st2 $st3 (want 2)"; exit 1; }
echo "bench curve smoke: ok"
