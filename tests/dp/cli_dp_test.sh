#!/bin/sh
# CLI test of 'zkfl dp': the three commands reproduce the published values
# (Opacus, TF Privacy, Balle & Wang), JSON output parses, bad input exits 2.
# usage: cli_dp_test.sh PATH/TO/zkfl
set -u
zkfl="$1"
fail=0
checks=0

# expect_close NAME ACTUAL EXPECTED RELTOL
expect_close() {
    checks=$((checks + 1))
    if ! awk -v a="$2" -v e="$3" -v t="$4" 'BEGIN { d = a - e; if (d < 0) d = -d; m = e < 0 ? -e : e;
            exit !(a != "" && d <= t * m) }'; then
        echo "FAIL: $1: got '$2', expected $3 (rel tol $4)" >&2
        fail=$((fail + 1))
    fi
}
# expect_status NAME ACTUAL EXPECTED
expect_status() {
    checks=$((checks + 1))
    if [ "$2" -ne "$3" ]; then
        echo "FAIL: $1: exit status $2, expected $3" >&2
        fail=$((fail + 1))
    fi
}
# json_field JSON KEY -> the number after "KEY":
json_field() {
    printf '%s\n' "$1" | sed -n "s/.*\"$2\":\([-0-9.eE+]*\).*/\1/p"
}

out=$("$zkfl" dp epsilon --sampling-rate 0.04 --noise-multiplier 1.5 --steps 2250 --delta 1e-5 --json)
expect_status "epsilon opacus" $? 0
expect_close "Opacus epsilon" "$(json_field "$out" epsilon)" 7.32911117143 1e-9
expect_close "Opacus best order" "$(json_field "$out" best_order)" 3.9 1e-12

out=$("$zkfl" dp epsilon --sampling-rate 0.0025 --noise-multiplier 1.3 --steps 6000 --delta 1e-5 \
      --orders tf-privacy --conversion improved --json)
expect_status "epsilon tf-privacy" $? 0
expect_close "TF Privacy epsilon" "$(json_field "$out" epsilon)" 0.7242234026109595 1e-9

out=$("$zkfl" dp epsilon --sampling-rate=0.04 --noise-multiplier=1.5 --steps=2250 --delta=1e-5 \
      --orders 2,3.9,8 --json)
expect_close "custom orders" "$(json_field "$out" epsilon)" 7.32911117143 1e-9
out=$("$zkfl" dp epsilon --sampling-rate 0.04 --noise-multiplier 1.5 --steps 2250 --delta 1e-5 \
      --conversion classic --json)
checks=$((checks + 1))
awk -v a="$(json_field "$out" epsilon)" 'BEGIN { exit !(a > 7.33) }' || { echo "FAIL: classic conversion not looser" >&2; fail=$((fail + 1)); }

out=$("$zkfl" dp calibrate --epsilon 1 --delta 1e-5 --sensitivity 1 --json)
expect_status "calibrate" $? 0
expect_close "analytic sigma" "$(json_field "$out" sigma)" 3.730632 2.7e-7
out=$("$zkfl" dp calibrate --epsilon 0.5 --delta 1e-5 --sensitivity 2 --method classic --json)
expect_close "classic sigma" "$(json_field "$out" sigma)" 19.379221050421556 1e-12

out=$("$zkfl" dp noise-multiplier --sampling-rate 0.04 --steps 2250 --epsilon 7.32911117143865 --delta 1e-5 --json)
expect_status "noise-multiplier" $? 0
expect_close "noise multiplier inverts Opacus" "$(json_field "$out" noise_multiplier)" 1.5 1e-8
out=$("$zkfl" dp noise-multiplier --sampling-rate 0.0025 --steps 6000 --epsilon 0.7242234026109595 \
      --delta 1e-5 --orders tf-privacy --json)
expect_close "noise multiplier inverts TF Privacy" "$(json_field "$out" noise_multiplier)" 1.3 1e-8

# Human-readable output names the value.
out=$("$zkfl" dp epsilon --sampling-rate 0.04 --noise-multiplier 1.5 --steps 2250 --delta 1e-5)
checks=$((checks + 1))
case "$out" in "epsilon = 7.3291111714"*) ;; *) echo "FAIL: text output: $out" >&2; fail=$((fail + 1)) ;; esac

# Help everywhere, exit 0.
for c in "" calibrate epsilon noise-multiplier; do
    "$zkfl" dp $c --help >/dev/null
    expect_status "dp $c --help" $? 0
done
# Bad usage exits 2 with a message on stderr.
bad() {
    err=$("$zkfl" "$@" 2>&1 >/dev/null)
    st=$?
    expect_status "$*" $st 2
    checks=$((checks + 1))
    [ -n "$err" ] || { echo "FAIL: $*: no error message" >&2; fail=$((fail + 1)); }
}
bad dp
bad dp nosuch
bad dp calibrate --epsilon 1 --delta 1e-5 --sensitivity 1 --method classic
bad dp calibrate --epsilon 1 --delta 1e-5
bad dp calibrate --epsilon 1 --delta 2 --sensitivity 1
bad dp calibrate --epsilon abc --delta 1e-5 --sensitivity 1
bad dp calibrate --epsilon 1 --delta 1e-5 --sensitivity 1 --method laplace
bad dp epsilon --sampling-rate 1.5 --noise-multiplier 1 --steps 10 --delta 1e-5
bad dp epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 0 --delta 1e-5
bad dp epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 1x --delta 1e-5
bad dp epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --delta 1e-5 --orders 0.5,2
bad dp epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --delta 1e-5 --conversion fast
bad dp epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --delta 1e-5 --json=1
bad dp epsilon --sampling-rate 0.1 --noise-multiplier 1 --steps 10 --delta
bad dp noise-multiplier --sampling-rate 0.1 --steps 10 --epsilon 0 --delta 1e-5
bad dp noise-multiplier --sampling-rate 0.1 --steps 10 --epsilon 1 --delta 1e-5 extra

echo "cli_dp: $checks checks, $fail failed"
[ "$fail" -eq 0 ]
