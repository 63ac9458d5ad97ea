// Reference for zkfl's snarkjs-compatible hash to G2: for each 64-byte hex
// digest on the command line, prints ffjavascript's G2.fromRng(ChaCha(seed))
// (exactly snarkjs keypair.js hashToG2) as "x.c0 x.c1 y.c0 y.c1" decimals.
// Run with ZKFL_NODE_MODULES pointing at tools/js/node_modules.
const { buildBn128, ChaCha } = require(process.env.ZKFL_NODE_MODULES + "/ffjavascript");

(async () => {
    const curve = await buildBn128(true);
    for (const hex of process.argv.slice(2)) {
        const hash = Buffer.from(hex, "hex");
        const v = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
        const seed = [];
        for (let i = 0; i < 8; i++) seed[i] = v.getUint32(i * 4);
        const p = curve.G2.toObject(curve.G2.toAffine(curve.G2.fromRng(new ChaCha(seed))));
        console.log([p[0][0], p[0][1], p[1][0], p[1][1]].map(String).join(" "));
    }
    await curve.terminate();
})();
