// Independent reference for zkfl's Poseidon: circomlibjs's buildPoseidon.
// Usage: node poseidon_ref.mjs SEED COUNT  -> lines "n in_1 .. in_n out" (decimal)
// With SEED = "kat" it prints the fixed known-answer set that
// vectors/poseidon.txt holds (regenerate: node poseidon_ref.mjs kat > vectors/poseidon.txt).
import { dirname, join } from "path";
import { fileURLToPath } from "url";
const here = dirname(fileURLToPath(import.meta.url));
const nm = process.env.ZKFL_NODE_MODULES || join(here, "..", "..", "tools", "js", "node_modules");
const { buildPoseidon } = await import(join(nm, "circomlibjs", "main.js"));
const poseidon = await buildPoseidon();
const F = poseidon.F;
const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

let state = 0n;
function rand() {           // seeded 256-bit values by an LCG over BigInt: inputs only
  state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return state;
}
function randFr(kind) {
  if (kind === 0) return 0n;
  if (kind === 1) return r - 1n;
  let x = 0n;
  for (let i = 0; i < 4; i++) x = (x << 64n) | rand();
  return x % r;
}
const [seedArg, countArg] = process.argv.slice(2);
const lines = [];
if (seedArg === "kat") {
  for (let n = 1; n <= 16; n++) {
    const ins = Array.from({ length: n }, (_, i) => BigInt(i + 1));
    lines.push([n, ...ins, F.toObject(poseidon(ins))].join(" "));
  }
  state = 42n;
  for (let n = 1; n <= 16; n++) {
    const ins = Array.from({ length: n }, (_, i) => randFr(i === 0 ? 2 : (Number(rand() % 5n))));
    lines.push([n, ...ins, F.toObject(poseidon(ins))].join(" "));
  }
} else {
  state = BigInt(seedArg);
  const count = Number(countArg);
  for (let k = 0; k < count; k++) {
    const n = 1 + (k % 16);
    const ins = Array.from({ length: n }, () => randFr(Number(rand() % 7n)));
    lines.push([n, ...ins, F.toObject(poseidon(ins))].join(" "));
  }
}
console.log(lines.join("\n"));
