#!/usr/bin/env bash
# zkfl compliance setup --ptau / contribute / verify-setup end to end
# through the binary (the multi-party phase 2): setup from a ptau, two
# contributions, verify-setup (exit 0), proofs under the final keys; swapped
# sigma bases, a dropped record and keys of other rules exit 1 with the part
# named; keys of the local one-party setup cannot be extended (exit 2).
# The rest of zkfl compliance: compliance_cli.sh.
set -u
source "$(dirname "$0")/compliance_testlib.sh" "$1"
cat > rules.json <<'J'
{"update": {"bits": 16, "l2_max": 100000000, "linf_max": 3000, "nonzero_min": 4, "range_check": "lookup"},
 "metadata": {"num_samples": {"min": 100}}, "bind": ["round", "client_id", "model_hash"]}
J
echo '{"num_samples": 250}' > meta.json
H=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
write_update upd.bin 3000 -3000 17 0 0 -1 2 0 5 0 0 0 0 0 0 9
expect 0 "local setup" -- "$zkfl" compliance setup rules.json --dim 16 --out keys
# ---- multi-party phase 2: setup from a ptau, two more contributors, verify-setup ----
expect 0 "ptau new" -- "$zkfl" ptau new 9 p0.ptau
expect 0 "ptau contribute" -- "$zkfl" ptau contribute p0.ptau p1.ptau --name t --entropy x
expect 0 "ptau prepare" -- "$zkfl" ptau prepare p1.ptau p9.ptau
expect 0 "setup from the ptau" -- "$zkfl" compliance setup rules.json --dim 16 --out c0 --ptau p9.ptau
expect 0 "contribution by alice" -- "$zkfl" compliance contribute c0 c1 --name alice --entropy "coin flips"
contains out.txt "hash: " "contribute prints the record's hash"
expect 0 "contribution by bob" -- "$zkfl" compliance contribute c1 c2 --name bob --json
contains out.txt '"contribution": 3' "bob's is the third record"
expect 0 "verify-setup of the chain" -- "$zkfl" compliance verify-setup c2 --ptau p9.ptau
contains out.txt "contribution #2: alice" "verify-setup lists the contributors"
expect 0 "prove with the final keys" -- "$zkfl" compliance prove c2 upd.bin meta.json --round 3 --client 7 --model-hash $H -o pc.bin
expect 0 "verify with the final keys" -- "$zkfl" compliance verify c2 pc.bin --round 3 --client 7 --model-hash $H
expect 1 "a proof under an earlier key of the chain" -- "$zkfl" compliance verify c1 pc.bin --round 3 --client 7 --model-hash $H
# tampering: two sigma bases swapped (the last two points of compliance.pk)
cp -r c2 ct
python3 -c 'b=bytearray(open("ct/compliance.pk","rb").read()); b[-128:]=b[-64:]+b[-128:-64]; open("ct/compliance.pk","wb").write(b)'
expect 1 "swapped sigma bases" -- "$zkfl" compliance verify-setup ct --ptau p9.ptau
contains err.txt "sigma bases" "the changed part is named"
# the last record dropped (bob's transcript replaced by alice's)
cp -r c2 cd && cp c1/compliance.ceremony cd/
expect 1 "dropped record" -- "$zkfl" compliance verify-setup cd --ptau p9.ptau
# keys of other rules (same sizes, another circuit) next to these rules
cat > ra.json <<'J'
{"update": {"bits": 16, "l2_max": 100000000, "range_check": "lookup"}, "bind": ["round"]}
J
sed 's/"bits": 16/"bits": 12/' ra.json > rb.json
expect 0 "setup of other rules from the ptau" -- "$zkfl" compliance setup rb.json --dim 16 --out cb --ptau p9.ptau
mkdir cm && cp cb/compliance.* cm/ && "$zkfl" compliance setup ra.json --dim 16 --out ca >/dev/null 2>&1 && cp ca/rules.json cm/
expect 1 "keys of other rules" -- "$zkfl" compliance verify-setup cm --ptau p9.ptau
contains err.txt "another initial key" "the mismatch is named"
expect 1 "local keys have no transcript" -- "$zkfl" compliance verify-setup keys --ptau p9.ptau
expect 2 "local keys cannot be extended" -- "$zkfl" compliance contribute keys kx --name eve
expect 2 "contribute needs a name" -- "$zkfl" compliance contribute c2 c3
expect 0 "help" -- "$zkfl" compliance verify-setup --help
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
