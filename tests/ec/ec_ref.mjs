// Independent reference for the ec tests: reads a file of cases written by a
// C test (one per line, hex fields), recomputes each with @noble/curves
// (group law, scalar multiplication, RFC 9380 expand/hash_to_field),
// ffjavascript (snarkjs's compressed and LEM encodings) and a BigInt
// transcription of RFC 9380 appendix F.1 (SvdW map), and prints one line per
// mismatch and a final "checked N". Exit 1 on any mismatch or unknown case.
//   node ec_ref.mjs CASEFILE
// With --emit-encodings N SEED it instead prints N random G1 and N random G2
// points as "g1|g2 ETH COMPRESSED LEM" lines produced by noble + ffjavascript,
// for the C decoders to read (the other direction of the encoding test).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Packages live in tools/js/node_modules (CTest passes ZKFL_NODE_MODULES).
const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const { bn254 } = await load('@noble/curves/bn254.js');
const { expand_message_xmd, hash_to_field } = await load('@noble/curves/abstract/hash-to-curve.js');
const { sha256 } = await load('@noble/hashes/sha2.js');
const { buildBn128 } = await load('ffjavascript/main.js');

const p = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const big = (b) => (b.length ? BigInt('0x' + hex(b)) : 0n);
const be32 = (x) => x.toString(16).padStart(64, '0');
const { G1, G2 } = bn254;
const Fp2 = bn254.fields.Fp2;

// Parsed (and validated) points by hex, since the cases repeat operands.
const cache = new Map();
const cached = (fn) => (h) => { const k = fn.name + h; if (!cache.has(k)) cache.set(k, fn(h)); return cache.get(k); };
function g1Parse(h) {
  const b = unhex(h);
  const x = big(b.slice(0, 32)), y = big(b.slice(32));
  if (x === 0n && y === 0n) return G1.Point.ZERO;
  const P = G1.Point.fromAffine({ x, y });
  P.assertValidity();
  return P;
}
function g1Hex(P) {
  if (P.is0()) return '00'.repeat(64);
  const a = P.toAffine();
  return be32(a.x) + be32(a.y);
}
const g1From = cached(g1Parse);
function g2Parse(h) {
  const b = unhex(h);
  const f = (i) => big(b.slice(32 * i, 32 * i + 32));
  const x = Fp2.fromBigTuple([f(1), f(0)]), y = Fp2.fromBigTuple([f(3), f(2)]);
  if (Fp2.is0(x) && Fp2.is0(y)) return G2.Point.ZERO;
  const P = G2.Point.fromAffine({ x, y });
  P.assertValidity();
  return P;
}
const g2From = cached(g2Parse);
function g2Hex(P) {
  if (P.is0()) return '00'.repeat(128);
  const a = P.toAffine();
  return be32(a.x.c1) + be32(a.x.c0) + be32(a.y.c1) + be32(a.y.c0);
}
const mul = (P, k) => (k === 0n ? P.multiplyUnsafe(0n) : P.multiply(k));

// RFC 9380 F.1 (straight-line SvdW) for y^2 = x^3 + 3, Z = 1, constants derived here.
const md = (a) => ((a % p) + p) % p;
const pw = (b, e) => { let r = 1n; b = md(b); while (e) { if (e & 1n) r = r * b % p; b = b * b % p; e >>= 1n; } return r; };
const inv0 = (a) => pw(a, p - 2n);
const isSq = (a) => md(a) === 0n || pw(a, (p - 1n) / 2n) === 1n;
const sqrt = (a) => pw(a, (p + 1n) / 4n);
const sgn0 = (a) => md(a) & 1n;
const g = (x) => md(x * x * x + 3n);
const Z = 1n, c1 = g(Z), c2 = md(-Z * inv0(2n));
let c3 = sqrt(md(-g(Z) * (3n * Z * Z)));
if (sgn0(c3) === 1n) c3 = md(-c3);
const c4 = md(-4n * g(Z) * inv0(3n * Z * Z));
function svdw(u) {
  let tv1 = md(u * u * c1);
  const tv2 = md(1n + tv1);
  tv1 = md(1n - tv1);
  const tv3 = inv0(md(tv1 * tv2));
  const tv4 = md(u * tv1 * tv3 * c3);
  const x1 = md(c2 - tv4), e1 = isSq(g(x1));
  const x2 = md(c2 + tv4), e2 = isSq(g(x2)) && !e1;
  let x3 = md(tv2 * tv2 * tv3); x3 = md(x3 * x3 * c4 + Z);
  let x = x3; if (e1) x = x1; if (e2) x = x2;
  let y = sqrt(g(x));
  if (sgn0(u) !== sgn0(y)) y = md(-y);
  return [x, y];
}

// ffjavascript's wasm curve is slow to build: only for encoding cases.
let curve = null;
function ffjsPoint(group, ethHex, n8) {
  // ffjavascript's "uncompressed" form is the EIP-196/197 byte order
  return group.fromRprUncompressed(unhex(ethHex), 0);
}

if (process.argv[2] === '--emit-encodings') {
  const count = Number(process.argv[3]);
  let seed = BigInt(process.argv[4] || '1');
  const next = () => { seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 64n); return seed; };
  const scalar = () => ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % bn254.fields.Fr.ORDER;
  curve = await buildBn128(true);
  for (const [tag, grp, P0, toHex, n8] of [['g1', curve.G1, G1.Point.BASE, g1Hex, 32], ['g2', curve.G2, G2.Point.BASE, g2Hex, 64]]) {
    for (let i = 0; i < count; i++) {
      const k = i === 0 ? 0n : scalar();
      const eth = toHex(k === 0n ? P0.multiplyUnsafe(0n) : P0.multiply(k));
      const P = grp.fromRprUncompressed(unhex(eth), 0);
      const c = new Uint8Array(n8), l = new Uint8Array(2 * n8);
      grp.toRprCompressed(c, 0, P);
      grp.toRprLEM(l, 0, P);
      console.log(`${tag} ${eth} ${hex(c)} ${hex(l)}`);
    }
  }
  await curve.terminate();
  process.exit(0);
}
const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim() !== '');
let bad = 0, n = 0;
const expect = (what, got, want) => { n++; if (got !== want) { bad++; console.log(`MISMATCH ${what}\n  got  ${got}\n  want ${want}`); } };
for (const line of lines) {
  const f = line.trim().split(/\s+/);
  const op = f[0];
  try {
    switch (op) {
      case 'g1add': expect(line, f[3], g1Hex(g1From(f[1]).add(g1From(f[2])))); break;
      case 'g1dbl': expect(line, f[2], g1Hex(g1From(f[1]).double())); break;
      case 'g1mul': expect(line, f[3], g1Hex(mul(g1From(f[2]), BigInt('0x' + f[1])))); break;
      case 'g2add': expect(line, f[3], g2Hex(g2From(f[1]).add(g2From(f[2])))); break;
      case 'g2dbl': expect(line, f[2], g2Hex(g2From(f[1]).double())); break;
      case 'g2mul': expect(line, f[3], g2Hex(mul(g2From(f[2]), BigInt('0x' + f[1])))); break;
      case 'g1enc': case 'g2enc': {
        if (curve === null) curve = await buildBn128(true);
        const grp = op === 'g1enc' ? curve.G1 : curve.G2;
        const n8 = op === 'g1enc' ? 32 : 64;
        (op === 'g1enc' ? g1From : g2From)(f[1]);     // valid point (noble)
        const P = ffjsPoint(grp, f[1], n8);
        const c = new Uint8Array(n8), l = new Uint8Array(2 * n8);
        grp.toRprCompressed(c, 0, P);
        grp.toRprLEM(l, 0, P);
        expect(line + ' compressed', f[2], hex(c));
        expect(line + ' lem', f[3], hex(l));
        // and back: ffjavascript's decoders give the same point
        const back = grp.fromRprCompressed(unhex(f[2]), 0);
        const u = new Uint8Array(2 * n8);
        grp.toRprUncompressed(u, 0, back);
        expect(line + ' decompress', hex(u), f[1]);
        const back2 = grp.fromRprLEM(unhex(f[3]), 0);
        grp.toRprUncompressed(u, 0, back2);
        expect(line + ' fromLEM', hex(u), f[1]);
        break;
      }
      case 'xmd': expect(line, f[4], hex(expand_message_xmd(unhex(f[1] === '-' ? '' : f[1]), unhex(f[2]), Number(f[3]), sha256))); break;
      case 'h2f': {
        const u = hash_to_field(unhex(f[1] === '-' ? '' : f[1]), 2, { DST: unhex(f[2]), p, m: 1, k: 128, expand: 'xmd', hash: sha256 });
        expect(line, f[3] + ' ' + f[4], be32(u[0][0]) + ' ' + be32(u[1][0]));
        break;
      }
      case 'svdw': { const [x, y] = svdw(BigInt('0x' + f[1])); expect(line, f[2], be32(x) + be32(y)); break; }
      case 'h2c': {
        const u = hash_to_field(unhex(f[1] === '-' ? '' : f[1]), 2, { DST: unhex(f[2]), p, m: 1, k: 128, expand: 'xmd', hash: sha256 });
        const [x0, y0] = svdw(u[0][0]), [x1, y1] = svdw(u[1][0]);
        const R = G1.Point.fromAffine({ x: x0, y: y0 }).add(G1.Point.fromAffine({ x: x1, y: y1 }));
        expect(line, f[3], g1Hex(R));
        break;
      }
      default: bad++; console.log(`UNKNOWN ${op}`);
    }
  } catch (e) { bad++; console.log(`ERROR ${line.slice(0, 80)}: ${e.message}`); }
}
if (curve !== null) await curve.terminate();
console.log(`checked ${n}${bad ? `, ${bad} failed` : ''}`);
process.exit(bad ? 1 : 0);
