// Independent reference for tests/poly/test_ntt_ffjs.c: ffjavascript's
// (wasm) Fr.fft / Fr.ifft, and snarkjs's coset evaluation recipe
// (multiply coefficient i by shift^i with Fr.batchApplyKey, then fft).
// Usage: node ntt_ref.mjs INPUT  (INPUT: one decimal element per line,
// the first line being the coset shift). Prints lines "w k v", "fft i v",
// "ifft i v", "coset i v" with decimal v.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Packages live in tools/js/node_modules (CTest passes ZKFL_NODE_MODULES).
const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tools", "js", "node_modules");
const { buildBn128 } = await import(pathToFileURL(join(nm, "ffjavascript/main.js")).href);

const lines = readFileSync(process.argv[2], "utf8").trim().split(/\s+/);
const curve = await buildBn128(true);
const Fr = curve.Fr;
const out = [];
for (let k = 0; k <= 28; k++) out.push(`w ${k} ${Fr.toString(Fr.w[k])}`);
const shift = Fr.e(lines[0]);
const vals = lines.slice(1);
const n = vals.length;
const buff = new Uint8Array(n * Fr.n8);
for (let i = 0; i < n; i++) buff.set(Fr.e(vals[i]), i * Fr.n8);
const dump = (tag, b) => {
  for (let i = 0; i < n; i++) out.push(`${tag} ${i} ${Fr.toString(b.slice(i * Fr.n8, (i + 1) * Fr.n8))}`);
};
dump("fft", await Fr.fft(buff.slice()));
dump("ifft", await Fr.ifft(buff.slice()));
const shifted = await Fr.batchApplyKey(buff.slice(), Fr.e(1), shift);
dump("coset", await Fr.fft(shifted));
console.log(out.join("\n"));
await curve.terminate();
