#!/usr/bin/env bash
# Federated accuracy quality bars, measured with `zkfl simulate --json`:
# Fashion-MNIST, FedAvg, no DP, 10 clients all sampled each round (IID mlp
# with float and 16-bit updates, IID cnn, Dirichlet(0.5) cnn) and the
# breast-cancer table with 4 hospitals (logreg). Writes the table between
# the accuracy markers of docs/PERFORMANCE.md.
# usage: bench/accuracy.sh   (env: CASES="mlp-float mlp-16 cnn-iid cnn-dir bc",
#                              MLP_ROUNDS=20, CNN_ROUNDS=20, BC_ROUNDS=10, THREADS=2,
#                              ZKFL=path/to/an/already/built/release/zkfl)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="${CASES:-mlp-float mlp-16 cnn-iid cnn-dir bc}"
mlp_rounds="${MLP_ROUNDS:-20}"
cnn_rounds="${CNN_ROUNDS:-20}"
bc_rounds="${BC_ROUNDS:-10}"
threads="${THREADS:-2}"
bc_csv=/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv
zkfl="${ZKFL:-}"
if [ -z "$zkfl" ]; then
  build="$root/build/bench-accuracy"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j 2 --target zkfl >&2
  zkfl="$build/zkfl"
fi

# run NAME BAR ARGS...: one federation; appends a table row.
rows=""
run() {
  local name="$1" bar="$2"; shift 2
  local out
  out="$("$zkfl" simulate --json --no-dp --threads "$threads" "$@" | tail -1)"
  echo "$name: $out" >&2
  local acc secs rounds
  acc="$(node -e 'const s = JSON.parse(process.argv[1]); process.stdout.write(s.test_accuracy.toFixed(4))' "$out")"
  secs="$(node -e 'const s = JSON.parse(process.argv[1]); process.stdout.write(s.seconds.toFixed(0))' "$out")"
  rounds="$(node -e 'const s = JSON.parse(process.argv[1]); process.stdout.write(String(s.rounds))' "$out")"
  local verdict
  verdict="$(awk "BEGIN{print ($acc >= $bar) ? \"yes\" : \"NO\"}")"
  rows+="| $name | \`zkfl simulate $*\` | $rounds | $acc | $bar | $verdict | $secs |"$'\n'
  last_acc="$acc"
}

mlp_float=""; mlp_16=""
for c in $cases; do
  case "$c" in
    mlp-float) run "IID mlp, float updates" 0.88 --clients 10 --rounds "$mlp_rounds" --model mlp \
                 --no-quantize; mlp_float="$last_acc" ;;
    mlp-16)    run "IID mlp, 16-bit updates" 0.88 --clients 10 --rounds "$mlp_rounds" --model mlp \
                 --bits 16; mlp_16="$last_acc" ;;
    cnn-iid)   run "IID cnn, 16-bit updates" 0.895 --clients 10 --rounds "$cnn_rounds" --model cnn ;;
    cnn-dir)   run "Dirichlet(0.5) cnn, 16-bit updates" 0.88 --clients 10 --rounds "$cnn_rounds" \
                 --model cnn --partition dirichlet:0.5 ;;
    bc)        run "breast cancer, 4 hospitals, logreg" 0.95 --clients 4 --rounds "$bc_rounds" \
                 --model logreg --dataset "csv:$bc_csv" --lr 0.05 --batch-size 16 ;;
    *) echo "accuracy.sh: unknown case $c" >&2; exit 2 ;;
  esac
done
quant_line=""
if [ -n "$mlp_float" ] && [ -n "$mlp_16" ]; then
  loss="$(awk "BEGIN{printf \"%.2f\", ($mlp_float - $mlp_16) * 100}")"
  ok="$(awk "BEGIN{print ($loss <= 0.3) ? \"yes\" : \"NO\"}")"
  quant_line="16-bit quantization costs $loss accuracy points against float updates (bar: <= 0.3; met: $ok;
a negative cost means the quantized run ended higher, within run-to-run noise)."
fi
skipped=""
for c in mlp-float mlp-16 cnn-iid cnn-dir bc; do
  case " $cases " in *" $c "*) ;; *) skipped+=" $c" ;; esac
done
[ -n "$skipped" ] && quant_line+=$'\n'"Not run in this measurement (bars not verified):$skipped."

load="$(cut -d' ' -f1-3 /proc/loadavg)"
table="Final test accuracy (10000 Fashion-MNIST test images; breast cancer: 25%
held-out split) after the given rounds of FedAvg without DP, every client
sampled each round, 1 local epoch (SGD lr 0.02, momentum 0.9, batch 64 unless
shown), updates clipped to L2 <= 5. Load average at the end: $load
(shared machine; 2 cores), $threads threads.

| setting | command | rounds | test accuracy | bar | met | seconds |
| --- | --- | --- | --- | --- | --- | --- |
${rows}
$quant_line

Command: \`nice bench/accuracy.sh\` (CASES=\"$cases\", MLP_ROUNDS=$mlp_rounds, CNN_ROUNDS=$cnn_rounds, BC_ROUNDS=$bc_rounds), $(date -u +%Y-%m-%d)."
printf '%s\n' "$table"

doc="$root/docs/PERFORMANCE.md"
TABLE="$table" python3 - "$doc" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
new = "<!-- BEGIN accuracy -->\n" + os.environ["TABLE"].rstrip() + "\n<!-- END accuracy -->"
text, n = re.subn(r"<!-- BEGIN accuracy -->.*?<!-- END accuracy -->", lambda m: new, text, flags=re.S)
if n != 1:
    sys.exit("accuracy.sh: accuracy markers not found in " + path)
open(path, "w").write(text)
PY
