#!/usr/bin/env bash
# zkfl simulate's defaults end to end on a tiny CSV federation (logreg,
# d = 8): proofs and record-level DP are on without flags - every sampled
# client's update is proved and batch-verified, the JSON has per-round
# prove/verify times and epsilon, the summary counts the proofs and states
# the DP guarantee; keys come from the cache the second time; proofs go off
# with a notice (--no-proofs, --proof-max-dim); contradicting flags exit 2.
# No timing assertions. usage: simulate_proofs.sh PATH/TO/zkfl
set -u
zkfl="$1"
fail=0
check() { if ! eval "$1"; then echo "FAILED: $1" >&2; fail=1; fi; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

{
  echo "a,b,c,label"
  for i in $(seq 0 299); do
    l=$((i % 2))
    echo "$(( (i * 37) % 11 - 5 + 3 * l )).5,$(( (i * 53) % 7 - 3 - 2 * l )).25,$(( (i * 19) % 5 - 2 )).0,$l"
  done
} >"$tmp/d.csv"

"$zkfl" simulate --help >"$tmp/help"; check '[ $? -eq 0 ]'
check 'grep -q -- "--proofs" "$tmp/help" && grep -q -- "--proof-cache" "$tmp/help"'

# Defaults (batch and lr set for this small table): 3 clients x 2 rounds = 6
# proved updates, all verified; record-level DP.
"$zkfl" simulate --json --dataset "csv:$tmp/d.csv" --model logreg --clients 3 --rounds 2 \
    --batch-size 16 --lr 0.3 --proof-cache "$tmp/cache" >"$tmp/out.json" 2>"$tmp/err"
check '[ $? -eq 0 ]'
node -e '
  const objs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
  if (objs.length !== 3) throw new Error("want 2 rounds + summary, got " + objs.length);
  for (const r of objs.slice(0, 2)) {
    if (!(r.seconds.prove >= 0) || !(r.seconds.verify >= 0)) throw new Error("prove/verify times missing");
    if (r.rejected_clients.length !== 0 || r.rejections.length !== 0) throw new Error("unexpected rejection");
    if (!(r.epsilon > 0 && r.epsilon <= 8)) throw new Error("epsilon per round");
  }
  if (!(objs[1].epsilon > objs[0].epsilon)) throw new Error("epsilon must grow");
  const s = objs[2];
  if (s.proofs !== true) throw new Error("summary.proofs must be true");
  if (s.proofs_verified !== 6 || s.proofs_rejected !== 0)
    throw new Error("proofs_verified " + s.proofs_verified + ", proofs_rejected " + s.proofs_rejected);
  if (s.dp !== "record" || !(s.epsilon > 7.9 && s.epsilon <= 8) || s.epsilon_budget !== 8 ||
      s.delta !== 1e-5 || s.dp_clip !== 1 || !(s.noise_multiplier > 0) || s.stopped_by_budget)
    throw new Error("DP fields: " + JSON.stringify(s));
  if (s.bits !== 16 || s.batch_size !== 16) throw new Error("bits/batch");
  if (!(s.stage_seconds.prove > 0) || !(s.stage_seconds.verify >= 0)) throw new Error("stage times");
  if (!(s.test_accuracy >= 0.65)) throw new Error("must learn (chance 0.5, no DP 0.77): accuracy " + s.test_accuracy);
' "$tmp/out.json"
check '[ $? -eq 0 ]'
check 'ls "$tmp"/cache/*/compliance.vk >/dev/null 2>&1'
check 'grep -q "one-off key setup for d = 8" "$tmp/err"'

# Second run: keys come from the cache (text output says so), same counts.
"$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --proofs --proof-cache "$tmp/cache" >"$tmp/out.txt" 2>&1
check '[ $? -eq 0 ]'
check 'grep -q "loaded from the cache" "$tmp/out.txt"'
check 'grep -q "proofs: 2 verified, 0 rejected" "$tmp/out.txt"'

# A client that cannot prove is left out and named with the broken rule: at
# lr 1e-9 every update rounds to zero (the seeded rounding makes this
# deterministic), which breaks nonzero_min.
"$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 --lr 1e-9 \
    --no-dp --proof-cache "$tmp/cache" >"$tmp/rej.txt" 2>&1
check '[ $? -eq 0 ]'
check 'grep -q "rejected clients: 0 1" "$tmp/rej.txt"'
check 'grep -q "client 1 rejected: no proof: .*nonzero_min" "$tmp/rej.txt"'
check 'grep -q "proofs: 0 verified, 2 rejected" "$tmp/rej.txt"'
"$zkfl" simulate --json --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --lr 1e-9 --no-dp --proof-cache "$tmp/cache" 2>/dev/null | head -n 1 >"$tmp/rej.json"
check 'node -e "const r = JSON.parse(require(\"fs\").readFileSync(process.argv[1], \"utf8\")); if (r.rejections.length !== 2 || r.rejections[0].client !== 0 || !/nonzero_min/.test(r.rejections[0].reason)) process.exit(1)" "$tmp/rej.json"'

# Off, never silently: above --proof-max-dim (unless --proofs), --no-proofs.
"$zkfl" simulate --json --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --proof-max-dim 7 --proof-cache "$tmp/cache2" >"$tmp/off.json" 2>"$tmp/off.err"
check '[ $? -eq 0 ]'
check 'grep -q "compliance proofs off: d = 8 is above --proof-max-dim 7" "$tmp/off.err"'
check 'tail -n 1 "$tmp/off.json" | grep -q "\"proofs\":false"'
check 'tail -n 1 "$tmp/off.json" | grep -q "\"proofs_verified\":0"'
check '[ ! -e "$tmp/cache2" ]'
"$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --no-proofs --proof-cache "$tmp/cache2" >"$tmp/off.txt" 2>&1
check 'grep -q "compliance proofs off (--no-proofs)" "$tmp/off.txt"'
check 'grep -q "proofs: off" "$tmp/off.txt"'
check '[ ! -e "$tmp/cache2" ]'
"$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --proof-max-dim 7 --proofs --proof-cache "$tmp/cache" >"$tmp/forced.txt" 2>&1
check 'grep -q "proofs: 2 verified, 0 rejected" "$tmp/forced.txt"'
check 'grep -q "prove [0-9.]*s verify [0-9.]*s" "$tmp/forced.txt"'

for args in "--proofs --no-proofs" "--proofs --no-quantize" "--proof-max-dim x" "--proof-cache="; do
  # shellcheck disable=SC2086
  "$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg $args >/dev/null 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 2 ]; then echo "FAILED: '$args' exited $rc, want 2" >&2; fail=1; fi
done
exit $fail
