// Independent reference values for zkfl's BN254 pairing tests, computed with
// @noble/curves (bn254.pairing) and ffjavascript (bn128.pairing, the code
// under snarkjs). Both must agree before a value is printed.
//
//   node pairing_ref.mjs pairing A B [A B ...]   e(A*G1, B*G2) per scalar pair
//   node pairing_ref.mjs eip197 FILE             checks the EIP-197 vector file
//   node pairing_ref.mjs kat N SEED              prints a known-answer file
//
// Scalars are hex without 0x. Fp12 values print as 384 bytes of hex in zkfl's
// order c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1 (both libraries use the
// same tower Fp2[v]/(v^3-(9+u)), Fp6[w]/(w^2-v), so the coefficient
// structure maps one to one).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The packages live in tools/js/node_modules (CTest passes ZKFL_NODE_MODULES),
// which bare ESM specifiers would not find from tests/ec.
const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const { bn254 } = await load('@noble/curves/bn254.js');
const { buildBn128 } = await load('ffjavascript/main.js');

const hex32 = (x) => x.toString(16).padStart(64, '0');
const nobleFp12Hex = (f) => [f.c0, f.c1].flatMap((c) => [c.c0, c.c1, c.c2])
  .flatMap((c) => [c.c0, c.c1]).map(hex32).join('');
const ffjsFp12Hex = (curve, f) => curve.F12.toObject(f).flat(2).map(hex32).join('');

function die(msg) { console.error('pairing_ref: ' + msg); process.exit(2); }

const [mode, ...args] = process.argv.slice(2);
const curve = await buildBn128(true);
const G1 = bn254.G1.Point, G2 = bn254.G2.Point;
const r = bn254.fields.Fr.ORDER;

function pairingBoth(a, b) {
  const P = G1.BASE.multiply(a), Q = G2.BASE.multiply(b);
  const n = nobleFp12Hex(bn254.pairing(P, Q));
  const fP = curve.G1.timesScalar(curve.G1.g, a), fQ = curve.G2.timesScalar(curve.G2.g, b);
  const f = ffjsFp12Hex(curve, curve.pairing(curve.G1.toAffine(fP), curve.G2.toAffine(fQ)));
  if (n !== f) die(`noble and ffjavascript disagree on e(${a}G1, ${b}G2)`);
  return { P: P.toAffine(), Q: Q.toAffine(), e: n };
}

function ethG1(p) { return hex32(p.x) + hex32(p.y); }
function ethG2(q) { return hex32(q.x.c1) + hex32(q.x.c0) + hex32(q.y.c1) + hex32(q.y.c0); }

function parseG1(h) {
  const x = BigInt('0x' + h.slice(0, 64)), y = BigInt('0x' + h.slice(64, 128));
  if (x === 0n && y === 0n) return G1.ZERO;
  const P = G1.fromAffine({ x, y }); P.assertValidity(); return P;
}
function parseG2(h) {
  const w = [0, 1, 2, 3].map((i) => BigInt('0x' + h.slice(64 * i, 64 * i + 64)));
  if (w.every((v) => v === 0n)) return G2.ZERO;
  const Fp2 = bn254.fields.Fp2;
  const Q = G2.fromAffine({ x: Fp2.fromBigTuple([w[1], w[0]]), y: Fp2.fromBigTuple([w[3], w[2]]) });
  Q.assertValidity(); return Q;
}

if (mode === 'pairing') {
  if (args.length === 0 || args.length % 2) die('pairing needs scalar pairs');
  for (let i = 0; i < args.length; i += 2) {
    const a = BigInt('0x' + args[i]), b = BigInt('0x' + args[i + 1]);
    if (a <= 0n || a >= r || b <= 0n || b >= r) die('scalars must be in [1, r)');
    console.log(pairingBoth(a, b).e);
  }
} else if (mode === 'eip197') {
  // The C test reads the same file; this checks its transcription against
  // noble's pairing so a typo cannot make both sides agree on a wrong value.
  const lines = readFileSync(args[0], 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [name, expected, input] = line.split(/\s+/);
    const hex = input === '-' ? '' : input;
    if (hex.length % 384) die(`${name}: input length`);
    const pairs = [];
    for (let o = 0; o < hex.length; o += 384)
      pairs.push({ g1: parseG1(hex.slice(o, o + 128)), g2: parseG2(hex.slice(o + 128, o + 384)) });
    const Fp12 = bn254.fields.Fp12;
    let acc = Fp12.ONE;
    for (const { g1, g2 } of pairs) acc = Fp12.mul(acc, bn254.pairing(g1, g2));
    const got = Fp12.eql(acc, Fp12.ONE) ? '1' : '0';
    if (got !== expected) die(`${name}: noble says ${got}, file says ${expected}`);
  }
  console.log(`ok ${lines.length}`);
} else if (mode === 'kat') {
  // Deterministic scalars (a simple LCG on BigInt: only needs to be fixed).
  const n = Number(args[0] || 4);
  let s = BigInt(args[1] || 1);
  const next = () => { s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 256n); return s % r; };
  console.log('# e(a*G1, b*G2) known answers from tests/ec/pairing_ref.mjs (noble + ffjavascript agree).');
  console.log('# a_hex b_hex g1_eth_hex g2_eth_hex pairing_hex (zkfl_fp12_to_bytes_be order)');
  const fixed = [[1n, 1n], [2n, 3n], [r - 1n, 1n]];
  for (let i = 0; i < n; i++) fixed.push([next(), next()]);
  for (const [a, b] of fixed) {
    const { P, Q, e } = pairingBoth(a, b);
    console.log([hex32(a), hex32(b), ethG1(P), ethG2(Q), e].join(' '));
  }
} else {
  die('usage: pairing_ref.mjs pairing A B ... | eip197 FILE | kat N SEED');
}
await curve.terminate();
