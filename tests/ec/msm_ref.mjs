// Independent reference for tests/ec/test_msm_ffjs.c: ffjavascript's
// (wasm) G1.multiExpAffine / G2.multiExpAffine, the MSM under snarkjs.
// Usage: node msm_ref.mjs g1|g2 INPUT, INPUT holding one line "k s" per
// term (decimal): the base is k*generator (k = 0: infinity), the scalar s.
// Prints the affine result "x y" (G1) or "x.c0 x.c1 y.c0 y.c1" (G2) in
// decimal, or "inf", and the milliseconds multiExpAffine took on stderr.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tools", "js", "node_modules");
const { buildBn128 } = await import(pathToFileURL(join(nm, "ffjavascript/main.js")).href);

const group = process.argv[2];
const terms = readFileSync(process.argv[3], "utf8").trim().split("\n").map((l) => l.trim().split(/\s+/));
const curve = await buildBn128(true);
const G = group === "g2" ? curve.G2 : curve.G1;
const Fr = curve.Fr;
const n = terms.length;
const sb = G.F.n8 * 2;
const bases = new Uint8Array(n * sb);
const scalars = new Uint8Array(n * Fr.n8);
for (let i = 0; i < n; i++) {
  const k = Fr.e(terms[i][0]);
  const p = G.toAffine(G.timesFr(G.g, k));
  G.toRprLEM(bases, i * sb, p);
  Fr.toRprLE(scalars, i * Fr.n8, Fr.e(terms[i][1]));
}
const t0 = Date.now();
const r = await G.multiExpAffine(bases, scalars);
console.error(`multiExpAffine ${group} n=${n}: ${Date.now() - t0} ms`);
if (G.isZero(r)) {
  console.log("inf");
} else {
  const a = G.toObject(G.toAffine(r));
  console.log((group === "g2" ? [a[0][0], a[0][1], a[1][0], a[1][1]] : [a[0], a[1]]).map(String).join(" "));
}
await curve.terminate();
