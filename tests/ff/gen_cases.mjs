// Prints BN254 field test cases computed by independent implementations:
// @noble/curves (Fp, Fr, Fp2, Fp6, Fp12; the same tower u^2=-1, v^3=9+u,
// w^2=v) and ffjavascript's F1Field for snarkjs's Montgomery byte layout.
// Usage: node gen_cases.mjs SEED COUNT   (node_modules from ZKFL_NODE_MODULES)
// One case per line: "<field> <op> <inputs...> = <outputs...>", elements as
// decimal coefficients in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, ...;
// exponents and byte strings as hex. tests/ff/ff_cases.h checks each line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const nm = process.env.ZKFL_NODE_MODULES ||
  path.join(path.dirname(new URL(import.meta.url).pathname), '../../tools/js/node_modules');
const imp = (p) => import(pathToFileURL(path.join(nm, p)).href);
const { bn254 } = await imp('@noble/curves/bn254.js');
const { FpLegendre } = await imp('@noble/curves/abstract/modular.js');
const { F1Field } = await imp('ffjavascript/main.js');

const seed = BigInt(process.argv[2] || '1');
const count = Number(process.argv[3] || '50');
const { Fp, Fr, Fp2, Fp6, Fp12 } = bn254.fields;

// splitmix64: reproducible inputs from the seed
let state = seed & 0xffffffffffffffffn;
const M64 = 0xffffffffffffffffn;
function next64() {
  state = (state + 0x9e3779b97f4a7c15n) & M64;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}
function bigRand(limbs) {
  let x = 0n;
  for (let i = 0; i < limbs; i++) x = (x << 64n) | next64();
  return x;
}
// mostly uniform elements, sometimes 0, 1, -1, 2 or a small value
function elt(F) {
  const k = Number(next64() % 16n);
  if (k === 0) return F.ZERO;
  if (k === 1) return F.ONE;
  if (k === 2) return F.neg(F.ONE);
  if (k === 3) return F.create(next64() % 1000n);
  return F.create(bigRand(5) % F.ORDER);
}
const fp2 = () => Fp2.fromBigTuple([elt(Fp), elt(Fp)]);
const fp6 = () => ({ c0: fp2(), c1: fp2(), c2: fp2() });
const fp12 = () => ({ c0: fp6(), c1: fp6() });

const s1 = (x) => x.toString();
const s2 = (x) => `${x.c0} ${x.c1}`;
const s6 = (x) => `${s2(x.c0)} ${s2(x.c1)} ${s2(x.c2)}`;
const s12 = (x) => `${s6(x.c0)} ${s6(x.c1)}`;
const hex = (x, digits) => x.toString(16).padStart(digits, '0');
const out = [];
const emit = (line) => out.push(line);

function sqrtOrNone(F, a, s) {
  try { return s(F.sqrt(a)); } catch (e) { return 'none'; }
}

for (const [name, F] of [['fp', Fp], ['fr', Fr]]) {
  const lem = new F1Field(F.ORDER);
  for (let i = 0; i < count; i++) {
    const a = elt(F), b = elt(F);
    emit(`${name} add ${a} ${b} = ${F.add(a, b)}`);
    emit(`${name} sub ${a} ${b} = ${F.sub(a, b)}`);
    emit(`${name} mul ${a} ${b} = ${F.mul(a, b)}`);
    emit(`${name} sqr ${a} = ${F.sqr(a)}`);
    emit(`${name} neg ${a} = ${F.neg(a)}`);
    emit(`${name} inv ${a} = ${F.is0(a) ? 0n : F.inv(a)}`);
    emit(`${name} sqrt ${a} = ${sqrtOrNone(F, a, s1)}`);
    emit(`${name} legendre ${a} = ${F.is0(a) ? 0 : FpLegendre(F, a)}`);
    const e = bigRand(4);
    emit(`${name} pow ${a} ${hex(e, 64)} = ${F.pow(a, e)}`);
    const buf = new Uint8Array(32);
    lem.toRprLEM(buf, 0, lem.e(a));
    emit(`${name} lem ${a} = ${Buffer.from(buf).toString('hex')}`);
    const wide = bigRand(8);
    emit(`${name} wide ${hex(wide, 128)} = ${F.create(wide % F.ORDER)}`);
  }
}

for (let i = 0; i < count; i++) {
  const a = fp2(), b = fp2();
  emit(`fp2 add ${s2(a)} ${s2(b)} = ${s2(Fp2.add(a, b))}`);
  emit(`fp2 sub ${s2(a)} ${s2(b)} = ${s2(Fp2.sub(a, b))}`);
  emit(`fp2 mul ${s2(a)} ${s2(b)} = ${s2(Fp2.mul(a, b))}`);
  emit(`fp2 sqr ${s2(a)} = ${s2(Fp2.sqr(a))}`);
  emit(`fp2 inv ${s2(a)} = ${s2(Fp2.is0(a) ? Fp2.ZERO : Fp2.inv(a))}`);
  emit(`fp2 xi ${s2(a)} = ${s2(Fp2.mulByNonresidue(a))}`);
  emit(`fp2 frob ${s2(a)} = ${s2(Fp2.frobeniusMap(a, 1))}`);
  emit(`fp2 sqrt ${s2(a)} = ${sqrtOrNone(Fp2, a, s2)}`);
  const sq = Fp2.sqr(a);
  emit(`fp2 sqrt ${s2(sq)} = ${sqrtOrNone(Fp2, sq, s2)}`);
  const e = bigRand(4);
  emit(`fp2 pow ${s2(a)} ${hex(e, 64)} = ${s2(Fp2.pow(a, e))}`);
}

const n6 = Math.max(1, Math.floor(count / 2));
for (let i = 0; i < n6; i++) {
  const a = fp6(), b = fp6();
  emit(`fp6 add ${s6(a)} ${s6(b)} = ${s6(Fp6.add(a, b))}`);
  emit(`fp6 sub ${s6(a)} ${s6(b)} = ${s6(Fp6.sub(a, b))}`);
  emit(`fp6 mul ${s6(a)} ${s6(b)} = ${s6(Fp6.mul(a, b))}`);
  emit(`fp6 sqr ${s6(a)} = ${s6(Fp6.sqr(a))}`);
  emit(`fp6 inv ${s6(a)} = ${s6(Fp6.is0(a) ? Fp6.ZERO : Fp6.inv(a))}`);
  emit(`fp6 mulv ${s6(a)} = ${s6(Fp6.mulByNonresidue(a))}`);
  const k = i % 6;
  emit(`fp6 frob ${k} ${s6(a)} = ${s6(Fp6.frobeniusMap(a, k))}`);
}

for (let i = 0; i < n6; i++) {
  const a = fp12(), b = fp12();
  emit(`fp12 mul ${s12(a)} ${s12(b)} = ${s12(Fp12.mul(a, b))}`);
  emit(`fp12 sqr ${s12(a)} = ${s12(Fp12.sqr(a))}`);
  emit(`fp12 inv ${s12(a)} = ${s12(Fp12.inv(a))}`);
  emit(`fp12 conj ${s12(a)} = ${s12(Fp12.conjugate(a))}`);
  const k = i % 12;
  emit(`fp12 frob ${k} ${s12(a)} = ${s12(Fp12.frobeniusMap(a, k))}`);
  // an element of the cyclotomic subgroup: f^((p^6-1)(p^2+1))
  const t = Fp12.mul(Fp12.conjugate(a), Fp12.inv(a));
  const g = Fp12.mul(Fp12.frobeniusMap(t, 2), t);
  emit(`fp12 cyclosqr ${s12(g)} = ${s12(Fp12._cyclotomicSquare(g))}`);
  const e = bigRand(1 + (i % 6));
  emit(`fp12 pow ${s12(a)} ${hex(e, 16 * (1 + (i % 6)))} = ${s12(Fp12.pow(a, e))}`);
  emit(`fp12 bytes ${s12(a)} = ${Buffer.from(Fp12.toBytes(a)).toString('hex')}`);
}

process.stdout.write(out.join('\n') + '\n');
