// Writes src/ec/g1_constants.c and src/ec/g2_constants.c: Montgomery forms
// (a * 2^256 mod m, little-endian 64-bit limbs) of the BN254 curve constants,
// derived here from first principles with BigInt so that the C code carries
// no hand-typed field element. Run: node tests/ec/gen_ec_constants.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const srcEc = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'ec');
const p = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const r = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const X = 4965661367192848881n;
const mod = (a, m) => ((a % m) + m) % m;
const pow = (b, e, m) => { let x = 1n; b = mod(b, m); while (e > 0n) { if (e & 1n) x = x * b % m; b = b * b % m; e >>= 1n; } return x; };
const inv = (a, m) => pow(a, m - 2n, m);
const limbs = (a) => { const o = []; for (let i = 0; i < 4; i++) { o.push('0x' + (a & 0xffffffffffffffffn).toString(16).padStart(16, '0') + 'ull'); a >>= 64n; } return o; };
const mont = (a, m) => limbs(mod(a, m) * (1n << 256n) % m);
const fp = (name, a) => `const zkfl_fp ${name} = {{${mont(a, p).join(', ')}}};`;
const fr = (name, a) => `const zkfl_fr ${name} = {{${mont(a, r).join(', ')}}};`;
const raw = (name, a) => `const uint64_t ${name}[4] = {${limbs(a).join(', ')}};`;
// Fp2 = Fp[u]/(u^2+1)
const f2 = { mul: (a, b) => [mod(a[0] * b[0] - a[1] * b[1], p), mod(a[0] * b[1] + a[1] * b[0], p)],
  inv: (a) => { const n = inv(mod(a[0] * a[0] + a[1] * a[1], p), p); return [mod(a[0] * n, p), mod(-a[1] * n, p)]; } };
f2.pow = (b, e) => { let x = [1n, 0n]; while (e > 0n) { if (e & 1n) x = f2.mul(x, b); b = f2.mul(b, b); e >>= 1n; } return x; };
const fp2 = (name, a) => `const zkfl_fp2 ${name} = {{{${mont(a[0], p).join(', ')}}}, {{${mont(a[1], p).join(', ')}}}};`;
const xi = [9n, 1n];
const b2 = f2.mul([3n, 0n], f2.inv(xi));
const out = [], out2 = [];
out.push(fp('zkfl_ec_fp_b', 3n));
out2.push(fp2('zkfl_ec_fp2_b', b2));
out.push(fp('zkfl_ec_g1_gen_x', 1n), fp('zkfl_ec_g1_gen_y', 2n));
const g2x = [10857046999023057135944570762232829481370756359578518086990519993285655852781n, 11559732032986387107991004021392285783925812861821192530917403151452391805634n];
const g2y = [8495653923123431417604973247489272438418190587263600148770280649306958101930n, 4082367875863433681332203403145435568316851327593401208105741076214120093531n];
out2.push(fp2('zkfl_ec_g2_gen_x', g2x), fp2('zkfl_ec_g2_gen_y', g2y));
// psi = twist^-1 o Frobenius o twist on the D-type twist: (x, y) -> (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)).
out2.push(fp2('zkfl_ec_psi_cx', f2.pow(xi, (p - 1n) / 3n)), fp2('zkfl_ec_psi_cy', f2.pow(xi, (p - 1n) / 2n)));
// GLV on G1: beta is a primitive cube root of unity in Fp and lambda the one in Fr with
// (beta x, y) = [lambda](x, y). Which pairs with which is checked in C (test_g1_glv) and here
// by the curve arithmetic below.
let zc = 2n; while (pow(zc, (p - 1n) / 3n, p) === 1n) zc++;
const betas = [pow(zc, (p - 1n) / 3n, p)]; betas.push(betas[0] * betas[0] % p);
// Lambda as the root of l^2 + l + 1 = 0 mod r: l = (-1 + sqrt(-3)) / 2.
const sqrtR = (a) => { // Tonelli-Shanks mod r
  let q = r - 1n, s = 0n; while (!(q & 1n)) { q >>= 1n; s++; }
  let z = 2n; while (pow(z, (r - 1n) / 2n, r) !== r - 1n) z++;
  let m = s, c = pow(z, q, r), t = pow(a, q, r), R = pow(a, (q + 1n) / 2n, r);
  while (t !== 1n) { let i = 0n, tt = t; while (tt !== 1n) { tt = tt * tt % r; i++; } const b = pow(c, 1n << (m - i - 1n), r); m = i; c = b * b % r; t = t * c % r; R = R * b % r; }
  return R; };
const s3 = sqrtR(r - 3n);
const lambdas = [mod((-1n + s3) * inv(2n, r), r), mod((-1n - s3) * inv(2n, r), r)];
// Affine G1 arithmetic to pair beta with lambda.
const add = (P, Q) => { if (!P) return Q; if (!Q) return P; let l;
  if (P[0] === Q[0]) { if (mod(P[1] + Q[1], p) === 0n) return null; l = 3n * P[0] * P[0] * inv(2n * P[1], p) % p; }
  else l = mod(Q[1] - P[1], p) * inv(mod(Q[0] - P[0], p), p) % p;
  const x = mod(l * l - P[0] - Q[0], p); return [x, mod(l * (P[0] - x) - P[1], p)]; };
const mul = (P, k) => { let R = null; while (k > 0n) { if (k & 1n) R = add(R, P); P = add(P, P); k >>= 1n; } return R; };
const G = [1n, 2n];
let beta, lambda;
for (const l of lambdas) { const L = mul(G, l); for (const b of betas) if (L[0] === b && L[1] === 2n) { beta = b; lambda = l; } }
if (beta === undefined) throw new Error('no beta/lambda pair');
// The short lattice basis of {(a, b): a + b*lambda = 0 mod r} from the extended
// Euclidean algorithm on (r, lambda) (GLV 2001, section 4).
// find the first remainder below sqrt(r)
const isqrt = (n) => { let x = 1n << 128n; for (;;) { const y = (x + n / x) >> 1n; if (y >= x) return x; x = y; } };
const sr = isqrt(r);
let [R0, T0, R1, T1] = [r, 0n, lambda, 1n], prev;
for (;;) { const q = R0 / R1; const R2 = R0 - q * R1, T2 = T0 - q * T1; if (R1 < sr) { prev = { rl: R0, tl: T0, rl1: R1, tl1: T1, rl2: R2, tl2: T2 }; break; } [R0, T0, R1, T1] = [R1, T1, R2, T2]; }
// v1 = (r_{l+1}, -t_{l+1}); v2 = shorter of (r_l, -t_l), (r_{l+2}, -t_{l+2})
const a1 = prev.rl1, b1 = -prev.tl1;
let a2 = prev.rl, b2v = -prev.tl;
if (prev.rl2 * prev.rl2 + prev.tl2 * prev.tl2 < a2 * a2 + b2v * b2v) { a2 = prev.rl2; b2v = -prev.tl2; }
for (const [a, b] of [[a1, b1], [a2, b2v]]) if (mod(a + b * lambda, r) !== 0n) throw new Error('bad basis');
// c1 = round(b2 k / r), c2 = round(-b1 k / r); g_i = round(2^256 |.| / r) and the sign folded into m_ij.
const rnd = (n, d) => (2n * n + d) / (2n * d);
const abs = (a) => a < 0n ? -a : a, sgn = (a) => a < 0n ? -1n : 1n;
const g1 = rnd(abs(b2v) << 256n, r), s1 = sgn(b2v);
const g2 = rnd(abs(b1) << 256n, r), s2 = -sgn(b1);
out.push(fp('zkfl_ec_glv_beta', beta));
out.push(raw('zkfl_ec_glv_lambda_raw', lambda));
out.push(raw('zkfl_ec_glv_g1', g1), raw('zkfl_ec_glv_g2', g2));
// k1 = k + c1*m11 + c2*m12, k2 = c1*m21 + c2*m22 (mod r)
out.push(fr('zkfl_ec_glv_m11', -s1 * a1), fr('zkfl_ec_glv_m12', -s2 * a2));
out.push(fr('zkfl_ec_glv_m21', -s1 * b1), fr('zkfl_ec_glv_m22', -s2 * b2v));
// SvdW (RFC 9380 section 6.6.1) for y^2 = x^3 + 3 with Z = 1:
// c1 = g(Z), c2 = -Z/2, c3 = sqrt(-g(Z) (3 Z^2 + 4A)) with sgn0(c3) = 0, c4 = -4 g(Z) / (3 Z^2 + 4A).
const gZ = 4n;
let c3 = pow(mod(-gZ * 3n, p), (p + 1n) / 4n, p);
if (c3 * c3 % p !== mod(-12n, p)) throw new Error('no sqrt(-12)');
if (c3 & 1n) c3 = p - c3;
out.push(fp('zkfl_ec_svdw_c1', gZ), fp('zkfl_ec_svdw_c2', mod(-inv(2n, p), p)));
out.push(fp('zkfl_ec_svdw_c3', c3), fp('zkfl_ec_svdw_c4', mod(-4n * gZ * inv(3n, p), p)));
// 4-dimensional GLS on G2 with psi (eigenvalue lambda2 = 6x^2 mod r): the
// short vectors of {a : sum a_i lambda2^i = 0 mod r} given by Galbraith and
// Scott ("Exponentiation in pairing-friendly groups using homomorphisms",
// 2008, BN example), checked here. They span a sublattice of index 3
// (det = -3r), which is enough: any integer combination of them sums to 0
// against the eigenvalues. Babai rounding c_j = round(k * A_j / det) with
// A_j = cofactor(j, 0) (first column of the adjugate), computed as
// g_j = round(2^256 |A_j / det|) with the sign folded into
// m_ji = -sgn(A_j / det) * B_j[i] (mod r), so k_i = [i == 0] k + sum_j c_j m_ji.
{
  const l2 = mod(6n * X * X, r);
  const L = [1n, l2, l2 * l2 % r, l2 * l2 % r * l2 % r];
  const B = [[X + 1n, X, X, -2n * X], [2n * X + 1n, -X, -(X + 1n), -X],
             [2n * X, 2n * X + 1n, 2n * X + 1n, 2n * X + 1n], [X - 1n, 4n * X + 2n, -2n * X + 1n, X - 1n]];
  for (const row of B) if (mod(row.reduce((acc, a, i) => acc + a * L[i], 0n), r) !== 0n) throw new Error('bad GLS basis');
  const det3 = (m) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const minor = (i, j) => B.filter((_, a) => a !== i).map((row) => row.filter((_, b) => b !== j));
  const cof = (i, j) => ((i + j) % 2 ? -1n : 1n) * det3(minor(i, j));
  const det = B[0].reduce((acc, a, j) => acc + a * cof(0, j), 0n);
  if (det === 0n || det % r !== 0n) throw new Error('GLS vectors are not independent lattice vectors');
  // inverse: Binv[i][j] = cof(j, i) / det; c_j = k * Binv[0][j]
  const A = [0, 1, 2, 3].map((j) => cof(j, 0) * (det < 0n ? -1n : 1n));
  for (let j = 0; j < 4; j++) {
    out2.push(raw(`zkfl_ec_gls_g${j}`, rnd(abs(A[j]) << 256n, abs(det))));
    for (let i = 0; i < 4; i++) out2.push(fr(`zkfl_ec_gls_m${j}${i}`, -sgn(A[j]) * B[j][i]));
  }
}
const head = (what) => `/* ${what}\n * Generated by tests/ec/gen_ec_constants.mjs (BigInt, from the curve\n * definition); Montgomery form a*2^256 mod m, little-endian limbs. Do not edit. */\n#include "ec/ec_impl.h"\n\n`;
writeFileSync(join(srcEc, 'g1_constants.c'), head('BN254 G1 constants: b, generator, GLV endomorphism and lattice, SvdW map.') + out.join('\n') + '\n');
writeFileSync(join(srcEc, 'g2_constants.c'), head('BN254 G2 constants: twist b, generator, psi coefficients, 4-dimensional GLS lattice.') + out2.join('\n') + '\n');
console.error(`lambda=${lambda.toString(16)} beta=${beta.toString(16)}\nv1=(${a1}, ${b1})\nv2=(${a2}, ${b2v})\nbits ${abs(a1).toString(2).length} ${abs(b1).toString(2).length} ${abs(a2).toString(2).length} ${abs(b2v).toString(2).length}\nc3=${c3.toString(16)}`);
