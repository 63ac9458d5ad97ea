#!/usr/bin/env bash
# `zkfl bench curve` row selection, which bench/curve.sh relies on to time
# zkfl and its peers row by row: --list names every row without timing it,
# --op/--size/--threads time exactly the selected row, bad values exit 2.
set -euo pipefail
zkfl="$1"
fail() { echo "bench curve select: $*"; exit 1; }

# every row of a full run, with 1 and 2 threads for MSM and NTT
list="$("$zkfl" bench curve --list --threads 2)"
[ "$(printf '%s\n' "$list" | wc -l)" -eq 28 ] || fail "want 28 rows, got: $list"
printf '%s\n' "$list" | grep -qx 'g1_msm 65536 1' || fail "no 'g1_msm 65536 1' row"
printf '%s\n' "$list" | grep -qx 'g2_msm 65536 2' || fail "no 'g2_msm 65536 2' row"
printf '%s\n' "$list" | grep -qx 'ntt 4194304 2' || fail "no 'ntt 4194304 2' row"
[ "$("$zkfl" bench curve --list --json --op pairing)" = '{"op": "pairing", "size": 1, "threads": 1}' ] ||
  fail "--list --json --op pairing"
# with --op, --threads N keeps only the rows of N threads; 2^K and counts
[ "$("$zkfl" bench curve --list --op g1_msm --size 2^16 --threads 1)" = 'g1_msm 65536 1' ] || fail "--size 2^16"
[ "$("$zkfl" bench curve --list --op ntt --size 65536 --threads 2)" = 'ntt 65536 2' ] || fail "--size 65536"
[ -z "$("$zkfl" bench curve --list --op pairing --threads 2)" ] || fail "pairing has no 2-thread row"
[ "$("$zkfl" bench curve --list --quick --op g1_msm --threads 2 | wc -l)" -eq 1 ] || fail "--quick sizes"

# timing one selected row: one JSON record, that row
out="$("$zkfl" bench curve --json --quick --op g1_msm --size 1024 --threads 1 --budget-ms 0)"
printf '%s\n' "$out" | node -e '
const l = require("fs").readFileSync(0, "utf8").trim().split("\n");
const o = JSON.parse(l[0]);
if (l.length !== 1 || o.op !== "g1_msm" || o.size !== 1024 || o.threads !== 1 || !(o.ns > 0) || !(o.cpu_ns >= 0)) {
  console.error("bad selected row: " + l.join(" | ")); process.exit(1);
}'

# usage errors exit 2
for bad in "--op nosuch" "--size 2^x" "--size 0" "--budget-ms -1" "--budget-ms" "--op"; do
  set +e
  # shellcheck disable=SC2086
  "$zkfl" bench curve --list $bad >/dev/null 2>&1
  st=$?
  set -e
  [ "$st" -eq 2 ] || fail "'$bad' exited $st (want 2)"
done
echo "bench curve select: ok"
