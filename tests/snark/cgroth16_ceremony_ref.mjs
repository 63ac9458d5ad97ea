// Independent check of a zkfl commit-carrying Groth16 phase-2 transcript
// with ffjavascript (pairings, snarkjs's hash to G2: a ChaCha stream seeded
// from the hash, G2.fromRng) and @noble/hashes (BLAKE2b-512), from the
// formats in docs/PROTOCOL.md ("Ceremony transcript", "Verification key"):
// per record, with ch the previous record's hash,
//   sp = hashToG2(BLAKE2b("ZKFL-CGROTH16-PHASE2-V1-POK\0" ch u32le(label) g1_s g1_sx))
//   e(g1_s, g2_spx) = e(g1_sx, sp)                          knowledge of the factor
//   e(delta_prev, g2_spx) = e(delta_after, sp)              delta follows
//   e(g1_s, sigma_after_j) = e(g1_sx, sigma_prev_j)         sigma_j follows
//   hash = BLAKE2b("ZKFL-CGROTH16-PHASE2-V1-RECORD\0" ch record)
// and the verification key's [delta]_2 and -[sigma_j]_2 are the last
// record's.
//
//   node cgroth16_ceremony_ref.mjs TRANSCRIPT VK
// Prints "ok" / "FAIL" lines; exit 1 on any failure, 2 on bad input.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const ffjs = await load('ffjavascript/main.js');
const { blake2b } = await load('@noble/hashes/blake2.js');

let failed = 0;
const check = (cond, what) => { if (cond) console.log('ok ' + what); else { console.log('FAIL ' + what); failed++; } };
const bad = (why) => { console.error(why); process.exit(2); };
const enc = new TextEncoder();
const cstr = (s) => { const b = enc.encode(s); const o = new Uint8Array(b.length + 1); o.set(b); return o; };
const le32 = (v) => Uint8Array.of(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
const concat = (...a) => { const o = new Uint8Array(a.reduce((s, x) => s + x.length, 0)); let k = 0; for (const x of a) { o.set(x, k); k += x.length; } return o; };
const hash = (...parts) => blake2b(concat(...parts), { dkLen: 64 });
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function reader(buf, name) {
  let pos = 0;
  const take = (n) => { if (pos + n > buf.length) bad(`${name}: truncated`); const s = buf.subarray(pos, pos + n); pos += n; return s; };
  const u32 = () => { const b = take(4); return (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0; };
  return { take, u32, end: () => pos === buf.length };
}

const curve = await ffjs.buildBn128(true);
const G1 = curve.G1, G2 = curve.G2;
// EIP-196/197 bytes (all zeros = infinity) to ffjavascript points.
const g1 = (b) => (b.every((x) => x === 0) ? G1.zero : G1.fromRprUncompressed(Uint8Array.from(b), 0));
const g2 = (b) => (b.every((x) => x === 0) ? G2.zero : G2.fromRprUncompressed(Uint8Array.from(b), 0));
// snarkjs keypair.js hashToG2: ChaCha seeded with the first 32 bytes (big-endian words).
function hashToG2(h) {
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const seed = [];
  for (let i = 0; i < 8; i++) seed[i] = v.getUint32(i * 4);
  return G2.fromRng(new ffjs.ChaCha(seed));
}
// e(a1, b2) == e(b1, a2) (ffjavascript's pairingEq is asynchronous)
const sameRatio = async (a1, b1, a2, b2) => (await curve.pairingEq(a1, b2, G1.neg(b1), a2)) === true;

// ---- the verification key: [delta]_2 and -[sigma_j]_2 ----
const vk = reader(readFileSync(process.argv[3]), 'vk');
if (Buffer.from(vk.take(4)).toString() !== 'ZCGV' || vk.u32() !== 1) bad('bad vk header');
const nPublic = vk.u32();
vk.take(64 + 128 + 128);
const delta2 = g2(vk.take(128));
vk.take(64 * (nPublic + 1));
const nGroupsVk = vk.u32();
const sigmaVk = [];
for (let g = 0; g < nGroupsVk; g++) {
  const size = vk.u32();
  vk.take(4 * size + 64 * size);
  sigmaVk.push(vk.take(128));
}

// ---- the transcript ----
const t = reader(readFileSync(process.argv[2]), 'transcript');
if (Buffer.from(t.take(4)).toString() !== 'ZCGC' || t.u32() !== 1) bad('bad transcript header');
const initial = t.take(64);
const nGroups = t.u32(), n = t.u32();
check(nGroups === nGroupsVk, 'the transcript and the key have the same groups');
check(n >= 1, 'at least one contribution');
const pok = () => ({ s: t.take(64), sx: t.take(64), spx: t.take(128) });

let ch = hash(cstr('ZKFL-CGROTH16-PHASE2-V1-CHALLENGE'), initial);
let deltaPrev = G1.g;
const negG2 = new Uint8Array(128);
G2.toRprUncompressed(negG2, 0, G2.neg(G2.g));
let sigmaPrev = Array.from({ length: nGroups }, () => negG2);
let deltaLast = null;
for (let i = 1; i <= n; i++) {
  const nl = t.u32();
  if (nl > 64) bad('name too long');
  const name = t.take(nl);
  const deltaAfter = t.take(64);
  const dp = pok();
  const sig = [];
  for (let g = 0; g < nGroups; g++) sig.push({ after: t.take(128), pok: pok() });
  const stored = t.take(64);
  const label = `#${i} (${Buffer.from(name).toString()})`;
  const spFor = (k, p) => hashToG2(hash(cstr('ZKFL-CGROTH16-PHASE2-V1-POK'), ch, le32(k), p.s, p.sx));
  let sp = spFor(0, dp);
  check(await sameRatio(g1(dp.s), g1(dp.sx), sp, g2(dp.spx)), `${label}: knowledge of the delta factor`);
  check(await sameRatio(deltaPrev, g1(deltaAfter), sp, g2(dp.spx)), `${label}: delta follows by that factor`);
  for (let g = 0; g < nGroups; g++) {
    const s = sig[g];
    sp = spFor(1 + g, s.pok);
    check(await sameRatio(g1(s.pok.s), g1(s.pok.sx), sp, g2(s.pok.spx)), `${label}: knowledge of the sigma_${g} factor`);
    check(await sameRatio(g1(s.pok.s), g1(s.pok.sx), g2(sigmaPrev[g]), g2(s.after)), `${label}: sigma_${g} follows by that factor`);
    sigmaPrev[g] = s.after;
  }
  const parts = [cstr('ZKFL-CGROTH16-PHASE2-V1-RECORD'), ch, le32(nl), name, deltaAfter, dp.s, dp.sx, dp.spx, le32(nGroups)];
  for (const s of sig) parts.push(s.after, s.pok.s, s.pok.sx, s.pok.spx);
  const h = hash(...parts);
  check(same(h, stored), `${label}: record hash`);
  ch = h;
  deltaPrev = g1(deltaAfter);
  deltaLast = deltaPrev;
}
check(t.end(), 'no trailing bytes');
if (deltaLast) check(await sameRatio(G1.g, deltaLast, G2.g, delta2), 'the key\'s [delta]_2 is the last record\'s delta');
sigmaVk.forEach((s, g) => check(same(s, sigmaPrev[g]), `the key's sigma_${g} is the last record's`));
await curve.terminate();
process.exit(failed ? 1 : 0);
