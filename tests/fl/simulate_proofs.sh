#!/usr/bin/env bash
# zkfl simulate --proofs end to end on a tiny CSV federation (logreg, d = 8):
# every sampled client's update is proved and batch-verified, the JSON
# summary counts them; proofs are off by default with a notice; contradicting
# flags exit 2. No timing assertions. usage: simulate_proofs.sh PATH/TO/zkfl
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

# 3 clients x 2 rounds = 6 proved updates, all verified.
"$zkfl" simulate --json --dataset "csv:$tmp/d.csv" --model logreg --clients 3 --rounds 2 \
    --proofs --proof-cache "$tmp/cache" >"$tmp/out.json" 2>"$tmp/err"
check '[ $? -eq 0 ]'
node -e '
  const objs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
  if (objs.length !== 3) throw new Error("want 2 rounds + summary, got " + objs.length);
  for (const r of objs.slice(0, 2)) {
    if (!(r.seconds.prove >= 0) || !(r.seconds.verify >= 0)) throw new Error("prove/verify times missing");
    if (r.rejected_clients.length !== 0) throw new Error("unexpected rejection");
  }
  const s = objs[2];
  if (s.proofs !== true) throw new Error("summary.proofs must be true");
  if (s.proofs_verified !== 6 || s.proofs_rejected !== 0)
    throw new Error("proofs_verified " + s.proofs_verified + ", proofs_rejected " + s.proofs_rejected);
' "$tmp/out.json"
check '[ $? -eq 0 ]'
check 'ls "$tmp"/cache/*/compliance.vk >/dev/null 2>&1'

# Second run: keys come from the cache (text output says so), same counts.
"$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --proofs --proof-cache "$tmp/cache" >"$tmp/out.txt" 2>&1
check '[ $? -eq 0 ]'
check 'grep -q "loaded from the cache" "$tmp/out.txt"'
check 'grep -q "proofs: 2 verified, 0 rejected" "$tmp/out.txt"'

# Default: off, never silently.
"$zkfl" simulate --json --dataset "csv:$tmp/d.csv" --model logreg --clients 2 --rounds 1 \
    --proof-cache "$tmp/cache2" >"$tmp/off.json" 2>"$tmp/off.err"
check '[ $? -eq 0 ]'
check 'grep -q "compliance proofs off" "$tmp/off.err"'
check 'tail -n 1 "$tmp/off.json" | grep -q "\"proofs\":false"'
check 'tail -n 1 "$tmp/off.json" | grep -q "\"proofs_verified\":0"'
check '[ ! -e "$tmp/cache2" ]'

for args in "--proofs --no-proofs" "--proofs --no-quantize" "--proof-max-dim x" "--proof-cache="; do
  # shellcheck disable=SC2086
  "$zkfl" simulate --dataset "csv:$tmp/d.csv" --model logreg $args >/dev/null 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 2 ]; then echo "FAILED: '$args' exited $rc, want 2" >&2; fail=1; fi
done
exit $fail
