// Independent check of zkfl's commit-carrying Groth16 with @noble/curves:
// parses the verification key from its documented binary format
// (docs/PROTOCOL.md), recomputes the key digest, the challenges and the
// PoK folding value with noble's RFC 9380 expand_message_xmd, and checks
//   e(A,B) = e(alpha,beta) e(vk_x + sum D_j, gamma) e(C, delta),
//   e(Pok, G2) prod_j e(rho^j D_j, -sigma_j G2) = 1,
//   D_0 = sum u_i P_i + mask P_mask.
// Then a commitment exchanged between groups must fail the knowledge check.
//
//   node cgroth16_ref.mjs FILE.json   (written by tests/snark/test_cgroth16.c)
// Prints "ok" lines; exit 1 on any mismatch, 2 on bad input.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const { bn254 } = await load('@noble/curves/bn254.js');
const { expand_message_xmd } = await load('@noble/curves/abstract/hash-to-curve.js');
const { sha256 } = await load('@noble/hashes/sha2.js');

const G1 = bn254.G1.Point, G2 = bn254.G2.Point, Fp12 = bn254.fields.Fp12;
const p = bn254.fields.Fp.ORDER, r = bn254.fields.Fr.ORDER;
const enc = new TextEncoder();
let failed = 0;
const check = (cond, what) => { if (cond) console.log('ok ' + what); else { console.log('FAIL ' + what); failed++; } };

const hexToBytes = (h) => Uint8Array.from(h.match(/../g) || [], (b) => parseInt(b, 16));
const be = (b) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
const mod = (a, m) => ((a % m) + m) % m;

function g1(b) {
  const x = be(b.subarray(0, 32)), y = be(b.subarray(32, 64));
  return x === 0n && y === 0n ? G1.ZERO : G1.fromAffine({ x, y });
}
function g2(b) {
  const x = { c1: be(b.subarray(0, 32)), c0: be(b.subarray(32, 64)) };
  const y = { c1: be(b.subarray(64, 96)), c0: be(b.subarray(96, 128)) };
  return G2.fromAffine({ x, y });
}
// ffjavascript's compressed G1 (zkfl's hash input): x big-endian, 0x80 when y > (p-1)/2.
function compress(P) {
  const out = new Uint8Array(32);
  if (P.equals(G1.ZERO)) { out[0] = 0x40; return out; }
  const { x, y } = P.toAffine();
  out.set(hexToBytes(x.toString(16).padStart(64, '0')));
  if (y > (p - 1n) / 2n) out[0] |= 0x80;
  return out;
}
const xmd = (msg, dst, len) => expand_message_xmd(msg, enc.encode(dst), len, sha256);
const concat = (...a) => { const o = new Uint8Array(a.reduce((s, x) => s + x.length, 0)); let k = 0; for (const x of a) { o.set(x, k); k += x.length; } return o; };

// ---- parse the verification key (docs/PROTOCOL.md) ----
const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const vkb = hexToBytes(input.vk);
let pos = 0;
const take = (n) => { if (pos + n > vkb.length) { console.error('vk truncated'); process.exit(2); } const s = vkb.subarray(pos, pos + n); pos += n; return s; };
const u32 = () => { const b = take(4); return b[0] | b[1] << 8 | b[2] << 16 | (b[3] << 24 >>> 0); };
if (Buffer.from(take(4)).toString() !== 'ZCGV' || u32() !== 1) { console.error('bad vk header'); process.exit(2); }
const nPublic = u32();
const alpha = g1(take(64)), beta = g2(take(128)), gamma = g2(take(128)), delta = g2(take(128));
const ic = []; for (let i = 0; i <= nPublic; i++) ic.push(g1(take(64)));
const groups = [];
for (let g = 0, n = u32(); g < n; g++) {
  const size = u32(), wires = [], bases = [];
  for (let i = 0; i < size; i++) wires.push(u32());
  for (let i = 0; i < size; i++) bases.push(g1(take(64)));
  groups.push({ wires, bases, sigmaNeg: g2(take(128)) });
}
const challenges = [];
for (let k = 0, n = u32(); k < n; k++) {
  const wire = u32(), cnt = u32(), gs = [];
  for (let t = 0; t < cnt; t++) gs.push(u32());
  challenges.push({ wire, groups: gs });
}
check(pos === vkb.length, 'vk parsed to its end');

const digest = xmd(vkb, 'ZKFL-CGROTH16-V1-VK', 32);
const pr = input.proof;
const A = g1(hexToBytes(pr.a)), B = g2(hexToBytes(pr.b)), C = g1(hexToBytes(pr.c));
const D = pr.d.map((h) => g1(hexToBytes(h))), Pok = g1(hexToBytes(pr.pok));
const publics = input.publics.map((h) => BigInt('0x' + h));

// ---- challenges ----
function challengeValues(Ds) {
  return challenges.map((ch, k) => {
    const kb = Uint8Array.from([k >>> 24, (k >>> 16) & 255, (k >>> 8) & 255, k & 255]);
    return mod(be(xmd(concat(digest, kb, ...ch.groups.map((g) => compress(Ds[g]))), 'ZKFL-CGROTH16-V1-CHALLENGE', 64)), r);
  });
}
const chv = challengeValues(D);
challenges.forEach((ch, k) => check(publics[ch.wire - 1] === chv[k], `challenge ${k} equals the prover's public wire ${ch.wire}`));

// ---- the Groth16 equation with the commitments ----
function groth16Ok(Ds) {
  let vkx = ic[0];
  publics.forEach((x, i) => { if (x !== 0n) vkx = vkx.add(ic[i + 1].multiply(x)); });
  for (const d of Ds) vkx = vkx.add(d);
  const lhs = bn254.pairing(A, B);
  const rhs = Fp12.mul(Fp12.mul(bn254.pairing(alpha, beta), bn254.pairing(vkx, gamma)), bn254.pairing(C, delta));
  return Fp12.eql(lhs, rhs);
}
function pokOk(Ds) {
  const rho = mod(be(xmd(concat(digest, Uint8Array.from([Ds.length]), ...Ds.map(compress)), 'ZKFL-CGROTH16-V1-POK-FOLD', 64)), r);
  let acc = bn254.pairing(Pok, G2.BASE), rp = 1n;
  Ds.forEach((d, j) => { acc = Fp12.mul(acc, bn254.pairing(d.multiply(rp), groups[j].sigmaNeg)); rp = mod(rp * rho, r); });
  return Fp12.eql(acc, Fp12.ONE);
}
check(groth16Ok(D), 'Groth16 equation with vk_x + sum D_j');
check(pokOk(D), 'folded knowledge proof');

// ---- D_0 is the Pedersen commitment to (u, mask) ----
const vals = input.values.map((h) => BigInt('0x' + h));
let c0 = G1.ZERO;
groups[0].bases.forEach((P, i) => { if (vals[i] !== 0n) c0 = c0.add(P.multiply(vals[i])); });
check(c0.equals(D[0]), 'D_0 = sum u_i P_i + mask P_mask');

// ---- negative: commitments exchanged between groups ----
if (D.length >= 2) {
  const swapped = [D[1], D[0], ...D.slice(2)];
  check(!pokOk(swapped), 'exchanged commitments fail the knowledge check');
}
process.exit(failed ? 1 : 0);
