// Writes the seed corpora of fuzz/fuzz_ec_g1_decode, fuzz_ec_g2_decode and
// fuzz_ec_hash_to_curve from @noble/curves and ffjavascript (independent of
// the C code): valid points in every format, infinity, a sign-flipped
// compressed point, a non-canonical x and a twist point outside G2.
// Run: node tests/ec/gen_fuzz_seeds.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nm = process.env.ZKFL_NODE_MODULES || join(root, 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const { bn254 } = await load('@noble/curves/bn254.js');
const { buildBn128 } = await load('ffjavascript/main.js');
const curve = await buildBn128(true);

const p = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const be32 = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const Fp2 = bn254.fields.Fp2;
const g1eth = (P) => { if (P.is0()) return Buffer.alloc(64); const a = P.toAffine(); return Buffer.concat([be32(a.x), be32(a.y)]); };
const g2eth = (P) => { if (P.is0()) return Buffer.alloc(128); const a = P.toAffine(); return Buffer.concat([be32(a.x.c1), be32(a.x.c0), be32(a.y.c1), be32(a.y.c0)]); };
function formats(grp, eth, n8) {
  const P = grp.fromRprUncompressed(new Uint8Array(eth), 0);
  const c = new Uint8Array(n8), l = new Uint8Array(2 * n8);
  grp.toRprCompressed(c, 0, P);
  grp.toRprLEM(l, 0, P);
  return { eth, c: Buffer.from(c), l: Buffer.from(l) };
}
function write(dir, name, sel, bytes) {
  mkdirSync(join(root, 'fuzz', 'corpus', dir), { recursive: true });
  writeFileSync(join(root, 'fuzz', 'corpus', dir, name), Buffer.concat([Buffer.from([sel]), bytes]));
}

const G1 = bn254.G1.Point.BASE, G2 = bn254.G2.Point.BASE;
for (const [name, P] of [['gen', G1], ['seven', G1.multiply(7n)], ['inf', bn254.G1.Point.ZERO], ['neg', G1.negate()]]) {
  const f = formats(curve.G1, g1eth(P), 32);
  write('fuzz_ec_g1_decode', `${name}_eth`, 0, f.eth);
  write('fuzz_ec_g1_decode', `${name}_compressed`, 1, f.c);
  write('fuzz_ec_g1_decode', `${name}_lem`, 2, f.l);
}
write('fuzz_ec_g1_decode', 'x_eq_p_eth', 0, Buffer.concat([be32(p), be32(2n)]));
for (const [name, P] of [['gen', G2], ['five', G2.multiply(5n)], ['inf', bn254.G2.Point.ZERO], ['neg', G2.negate()]]) {
  const f = formats(curve.G2, g2eth(P), 64);
  write('fuzz_ec_g2_decode', `${name}_eth`, 0, f.eth);
  write('fuzz_ec_g2_decode', `${name}_compressed`, 1, f.c);
  write('fuzz_ec_g2_decode', `${name}_lem`, 2, f.l);
}
// On the twist, outside G2: the smallest x = (k, 1) with x^3 + b' a square.
const b2 = bn254.G2.Point.CURVE ? bn254.G2.Point.CURVE().b : bn254.G2.CURVE.b;
for (let k = 1n; ; k++) {
  const x = Fp2.fromBigTuple([k, 1n]);
  const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b2);
  let y;
  try { y = Fp2.sqrt(rhs); } catch { continue; }
  if (!y || !Fp2.eql(Fp2.sqr(y), rhs)) continue;
  const tw = Buffer.concat([be32(x.c1), be32(x.c0), be32(y.c1), be32(y.c0)]);
  write('fuzz_ec_g2_decode', 'twist_not_g2_eth', 0, tw);
  break;
}
for (const [name, dst, msg] of [['empty_msg', 'QUUX-V01-CS02-with-BN254G1_XMD:SHA-256_SVDW_RO_', ''],
  ['abc', 'QUUX-V01-CS02-with-BN254G1_XMD:SHA-256_SVDW_RO_', 'abc'], ['zkfl', 'zkfl-bases', 'H0'], ['no_dst', '', 'x']]) {
  write('fuzz_ec_hash_to_curve', name, Buffer.byteLength(dst), Buffer.from(dst + msg));
}
await curve.terminate();
