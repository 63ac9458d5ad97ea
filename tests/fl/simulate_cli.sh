#!/usr/bin/env bash
# zkfl simulate from the outside: --help, a tiny --json run whose every line
# parses (with the summary's required keys), --plot writes an SVG, DP levels
# and budget stops, and bad flags exit 2. Proofs are off here (--no-proofs;
# simulate_proofs.sh tests them), so no key cache is touched.
# usage: simulate_cli.sh PATH/TO/zkfl
set -u
zkfl="$1"
fail=0
check() { if ! eval "$1"; then echo "FAILED: $1" >&2; fail=1; fi; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$zkfl" simulate --help >"$tmp/help"; check '[ $? -eq 0 ]'
check 'grep -q -- "--dp-epsilon" "$tmp/help"'
check 'grep -q -- "--partition" "$tmp/help"'
check 'grep -q -- "--dp LEVEL" "$tmp/help" && grep -q -- "--dp-clip" "$tmp/help"'
check 'grep -q "mlp:32, IID, 10 rounds, 16-bit updates" "$tmp/help"'
check 'grep -q "compliance proofs, record-level DP epsilon 8" "$tmp/help"'

# Bad flags and values: exit 2 with a message naming the problem.
bad_cases=(
  "--bogus" "--clients 0" "--clients abc" "--rounds -1" "--model resnet" "--partition dirichlet:0"
  "--partition shards:0" "--strategy sgd" "--bits 1" "--bits 40" "--clip 0" "--lr nan"
  "--sample-rate 1.5" "--sample-clients 9 --clients 4" "--dp-delta 1" "--dp-epsilon -1"
  "--dataset mnist" "--dataset csv:/nonexistent.csv" "--no-dp --dp-epsilon 3" "--json=1"
  "--mu 0.1" "--rounds" "--no-quantize --bits 8" "positional" "--no-dp --dp-plan-rounds 2"
  "--partition dirichlet:1e9" "--dp bogus" "--dp" "--no-dp --dp record" "--no-dp --dp-clip 1"
  "--dp user --dp-clip 1" "--dp-clip 0" "--dp-clip -2"
)
for args in "${bad_cases[@]}"; do
  # shellcheck disable=SC2086
  "$zkfl" simulate $args --max-train 100 --max-test 50 >/dev/null 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 2 ]; then echo "FAILED: '$args' exited $rc, want 2" >&2; fail=1; fi
  if [ ! -s "$tmp/err" ]; then echo "FAILED: '$args' printed no error" >&2; fail=1; fi
done

have_fmnist=0
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] && have_fmnist=1
if [ $have_fmnist -eq 1 ]; then
  "$zkfl" simulate --json --clients 3 --rounds 2 --model logreg --max-train 1500 --max-test 300 --dp-epsilon 8 \
      --no-proofs --plot "$tmp/chart.svg" >"$tmp/out.json"
  check '[ $? -eq 0 ]'
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
    const objs = lines.map((l) => JSON.parse(l));
    if (objs.length !== 3) throw new Error("want 2 rounds + summary, got " + objs.length);
    for (let i = 0; i < 2; i++) {
      const r = objs[i];
      if (r.round !== i + 1) throw new Error("round number");
      if (!(r.test_accuracy >= 0 && r.test_accuracy <= 1)) throw new Error("accuracy");
      if (!(r.epsilon > 0)) throw new Error("epsilon per round with DP on");
      if (r.seconds.prove !== null || r.seconds.verify !== null) throw new Error("prove/verify must be null");
      if (!(r.seconds.train >= 0)) throw new Error("train time");
    }
    const s = objs[2];
    for (const k of ["rounds", "test_accuracy", "test_loss", "epsilon", "proofs_verified",
                     "proofs_rejected", "seconds"])
      if (!(k in s)) throw new Error("summary lacks " + k);
    if (s.rounds !== 2 || !(s.epsilon > 0 && s.epsilon <= 8)) throw new Error("summary values");
    if (s.dp !== "record" || s.dp_clip !== 1 || !(s.noise_multiplier > 0)) throw new Error("record-level DP is the default");
    if (!(objs[1].epsilon > objs[0].epsilon)) throw new Error("epsilon must grow per round");
  ' "$tmp/out.json"
  check '[ $? -eq 0 ]'
  check 'grep -q "<svg" "$tmp/chart.svg" && grep -q "polyline" "$tmp/chart.svg"'
  # Without DP, epsilon is null.
  "$zkfl" simulate --json --clients 2 --rounds 1 --model logreg --max-train 1000 --no-dp \
      --no-proofs --max-test 200 --partition dirichlet:0.5 | tail -1 >"$tmp/nodp.json"
  check 'node -e "const s = JSON.parse(require(\"fs\").readFileSync(process.argv[1], \"utf8\")); if (s.epsilon !== null || s.dp !== null) process.exit(1)" "$tmp/nodp.json"'
  # The plain-text progress has one line per round with the stage split.
  "$zkfl" simulate --clients 2 --rounds 2 --model logreg --max-train 1000 --max-test 200 \
      --partition shards:2 --strategy fedyogi --show-partition --no-proofs >"$tmp/out.txt"
  check '[ $(grep -c "^round" "$tmp/out.txt") -eq 2 ]'
  check 'grep -q "prove - verify -" "$tmp/out.txt"'
  check 'grep -q "^summary:" "$tmp/out.txt"'
  check '[ $(grep -c "^client" "$tmp/out.txt") -eq 2 ]'
  check 'grep -q "record-level DP (DP-SGD at every client)" "$tmp/out.txt"'
  # DP calibrated for 2 rounds: a 4-round run stops after 2, at both levels.
  for level in record user; do
    "$zkfl" simulate --clients 3 --rounds 4 --dp-plan-rounds 2 --dp-epsilon 3 --model logreg \
        --dp "$level" --max-train 1000 --max-test 200 --no-proofs >"$tmp/budget.txt"
    check '[ $(grep -c "^round" "$tmp/budget.txt") -eq 2 ]'
    check 'grep -q "$level-level DP epsilon 3.000 of 3.*stopped by the budget" "$tmp/budget.txt"'
  done
else
  echo "fashion-mnist not installed: run checks skipped"
fi
exit $fail
