#!/usr/bin/env bash
# zkfl compliance setup / prove / verify end to end through the binary:
# an honest update verifies (exit 0); wrong round, client or model hash and
# a proof checked under another rules file's key are invalid (exit 1); a
# broken rule is refused by the prover with the rule named (exit 1); bad
# input files exit 2. Keys without --ptau come from the local one-party
# setup. (The multi-party phase 2: compliance_ceremony_cli.sh.)
set -u
source "$(dirname "$0")/compliance_testlib.sh" "$1"
cat > rules.json <<'J'
{"update": {"bits": 16, "l2_max": 100000000, "linf_max": 3000, "nonzero_min": 4, "range_check": "lookup"},
 "metadata": {"num_samples": {"min": 100}}, "bind": ["round", "client_id", "model_hash"]}
J
cat > rules2.json <<'J'
{"update": {"bits": 16, "l2_max": 200000000, "linf_max": 3000, "nonzero_min": 4, "range_check": "lookup"},
 "metadata": {"num_samples": {"min": 100}}, "bind": ["round", "client_id", "model_hash"]}
J
echo '{"num_samples": 250}' > meta.json
echo '{"num_samples": 99}' > meta_small.json
H=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
H2=ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
write_update upd.bin 3000 -3000 17 0 0 -1 2 0 5 0 0 0 0 0 0 9
write_update big.bin 3001 -3000 17 0 0 -1 2 0 5 0 0 0 0 0 0 9

expect 0 "setup" -- "$zkfl" compliance setup rules.json --dim 16 --out keys --json
contains out.txt '"constraints"' "setup --json reports constraints"
expect 0 "setup of a second rules file" -- "$zkfl" compliance setup rules2.json --dim 16 --out keys2
expect 0 "honest prove" -- "$zkfl" compliance prove keys upd.bin meta.json --round 3 --client 7 --model-hash $H -o proof.bin
expect 0 "honest verify" -- "$zkfl" compliance verify keys proof.bin --round 3 --client 7 --model-hash $H
expect 1 "wrong round" -- "$zkfl" compliance verify keys proof.bin --round 4 --client 7 --model-hash $H
expect 1 "wrong client" -- "$zkfl" compliance verify keys proof.bin --round 3 --client 8 --model-hash $H
expect 1 "wrong model hash" -- "$zkfl" compliance verify keys proof.bin --round 3 --client 7 --model-hash $H2
expect 1 "other rules' key" -- "$zkfl" compliance verify keys2 proof.bin --round 3 --client 7 --model-hash $H
expect 1 "L-inf + 1 refused" -- "$zkfl" compliance prove keys big.bin meta.json --round 3 --client 7 --model-hash $H -o p2.bin
contains err.txt "linf" "the broken rule is named"
expect 1 "num_samples below the minimum refused" -- "$zkfl" compliance prove keys upd.bin meta_small.json --round 3 --client 7 --model-hash $H -o p3.bin
printf 'garbage' > junk.bin
expect 2 "malformed proof file" -- "$zkfl" compliance verify keys junk.bin --round 3 --client 7 --model-hash $H
expect 2 "malformed update file" -- "$zkfl" compliance prove keys junk.bin meta.json --round 3 --client 7 --model-hash $H -o p4.bin
expect 2 "missing arguments" -- "$zkfl" compliance verify keys
expect 0 "help" -- "$zkfl" compliance prove --help
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
