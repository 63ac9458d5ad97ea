// Reference for zkfl's random-beacon key derivation: for a beacon hash (hex)
// and an iteration exponent, prints what snarkjs's zkey beacon draws first
// (misc.js rngFromBeaconParams, then Fr.fromRng and G1.fromRng from
// ffjavascript): "d g1_s.x g1_s.y" as decimals.
// usage: node beacon_key.cjs HEX EXP   (ZKFL_NODE_MODULES set)
const { buildBn128, ChaCha } = require(process.env.ZKFL_NODE_MODULES + "/ffjavascript");
const crypto = require("crypto");

(async () => {
    const curve = await buildBn128(true);
    let h = Buffer.from(process.argv[2], "hex");
    const n = 2 ** Number(process.argv[3]);
    for (let i = 0; i < n; i++) h = crypto.createHash("sha256").update(h).digest();
    const seed = [];
    for (let i = 0; i < 8; i++) seed[i] = h.readUInt32BE(4 * i);
    const rng = new ChaCha(seed);
    const d = curve.Fr.toObject(curve.Fr.fromRng(rng));
    const p = curve.G1.toObject(curve.G1.toAffine(curve.G1.fromRng(rng)));
    console.log([d, p[0], p[1]].map(String).join(" "));
    await curve.terminate();
})();
