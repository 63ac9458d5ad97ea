// Runs snarkjs's Groth16 verifier (the library behind `snarkjs groth16
// verify`) over many cases in one node process:
//   node interop_groth16_verify.cjs NODE_MODULES CASES_FILE
// Each line of CASES_FILE: "valid|invalid VK.json PUBLIC.json PROOF.json".
// Prints one line per case; exits 1 if any verdict differs.
const fs = require("fs");
const path = require("path");
const snarkjs = require(path.join(process.argv[2], "snarkjs"));

(async () => {
    const lines = fs.readFileSync(process.argv[3], "utf8").split("\n").filter(l => l.trim());
    let bad = 0;
    for (const line of lines) {
        const [want, vkPath, pubPath, proofPath] = line.trim().split(/\s+/);
        const read = p => JSON.parse(fs.readFileSync(p, "utf8"));
        let ok;
        try {
            ok = await snarkjs.groth16.verify(read(vkPath), read(pubPath), read(proofPath));
        } catch (e) {
            ok = false;   // snarkjs throws on some malformed inputs: a rejection
        }
        const got = ok ? "valid" : "invalid";
        if (got !== want) bad++;
        console.log(`${got === want ? "ok  " : "FAIL"} snarkjs says ${got}, want ${want}: ${pubPath} ${proofPath}`);
    }
    process.exit(bad ? 1 : 0);
})().catch(e => { console.error(e); process.exit(2); });
