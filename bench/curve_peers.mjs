// The operations of `zkfl bench curve`, measured in ffjavascript (the wasm
// engine under snarkjs) and @noble/curves (pure JS, BigInt), printed as the
// same JSON lines plus an "impl" key:
//   {"impl": "ffjavascript", "op": "pairing", "size": 1, "threads": 1, "ns": 4200000.0, "cpu_ns": ...}
// (ns: median wall clock; cpu_ns: median CPU time of this process, all its
// threads, for the same runs; worker threads of ffjavascript's pool run in
// the same process).
//
//   node bench/curve_peers.mjs [--quick] [--threads N] [--max-log-ffjs K] [--max-log-noble K]
//        [--max-log-noble-ntt K] [--noble-g2-msm] [--only-ffjs | --only-noble]
//
// Notes on what is measured (so the table is read correctly):
// - ffjavascript field/group ops go through its JS wrapper into wasm for
//   every call (F1.mul, G1.add on Uint8Array values), which is how its API is
//   used; that call overhead is part of the number.
// - ffjavascript multi-threaded runs use its worker pool (threads = N); the
//   single-threaded runs build the curve with singleThread = true.
// - ffjavascript "multi_pairing" is pairingEq over 4 pairs (one shared final
//   exponentiation plus a comparison with 1).
// - noble has no multi-threading; its MSM is `pippenger` from abstract/curve.
// - Sizes are capped (defaults: ffjavascript MSM <= 2^18, noble MSM <= 2^12,
//   noble NTT <= 2^16, no noble G2 MSM at 2^16) to keep the run bounded; what
//   was skipped is printed on stderr.
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';

const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const { bn254 } = await load('@noble/curves/bn254.js');
const { pippenger } = await load('@noble/curves/abstract/curve.js');
const { FFT, rootsOfUnity } = await load('@noble/curves/abstract/fft.js');
const { buildBn128 } = await load('ffjavascript/main.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const quick = args.includes('--quick');
const threads = opt('--threads', cpus().length);
const maxLogFfjs = opt('--max-log-ffjs', quick ? 10 : 18);
const maxLogNoble = opt('--max-log-noble', quick ? 10 : 12);
const maxLogNobleNtt = opt('--max-log-noble-ntt', quick ? 12 : 16);
const budgetNs = quick ? 20e6 : 1e9;

const emit = (impl, op, size, thr, t, per = 1) => console.log(JSON.stringify({
  impl, op, size, threads: thr, ns: Math.round(t.ns / per * 10) / 10, cpu_ns: Math.round(t.cpu / per * 10) / 10 }));

// Median of per-call times: at least minRuns calls, more until the budget is
// spent (at most 31); one call over three budgets is enough.
const med = (t) => {
  t.sort((a, b) => a - b);
  const n = t.length;
  return n % 2 ? t[(n - 1) / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
};
async function median(fn, minRuns = 5) {
  const t = [], c = [];
  let spent = 0;
  while (t.length < 31) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn();
    const d = Number(process.hrtime.bigint() - t0);
    const cu = process.cpuUsage(c0);
    t.push(d);
    c.push((cu.user + cu.system) * 1000);
    spent += d;
    if (t.length >= minRuns && spent >= budgetNs) break;
    if (t.length === 1 && d > 3 * budgetNs) break;
  }
  return { ns: med(t), cpu: med(c) };
}

const CHAIN = quick ? 1 << 10 : 1 << 14;
const randScalar = (r) => BigInt('0x' + randomBytes(32).toString('hex')) % r;

// ---------------- ffjavascript ----------------
async function benchFfjs() {
  const c1 = await buildBn128(true);            // single-threaded engine
  const cN = threads > 1 ? await buildBn128(false) : c1;
  const { F1, Fr, G1, G2 } = c1;
  const r = Fr.p;

  let x = F1.e(randScalar(F1.p)), y = F1.e(randScalar(F1.p));
  emit('ffjavascript', 'fp_mul', 1, 1, await median(() => { for (let i = 0; i < CHAIN; i++) x = F1.mul(x, y); }), CHAIN);
  let a = Fr.e(randScalar(r)), b = Fr.e(randScalar(r));
  emit('ffjavascript', 'fr_mul', 1, 1, await median(() => { for (let i = 0; i < CHAIN; i++) a = Fr.mul(a, b); }), CHAIN);

  const ADD = CHAIN >> 2;
  let p1 = G1.timesScalar(G1.g, randScalar(r)), q1 = G1.timesScalar(G1.g, randScalar(r));
  emit('ffjavascript', 'g1_add', 1, 1, await median(() => { for (let i = 0; i < ADD; i++) p1 = G1.add(p1, q1); }), ADD);
  let p2 = G2.timesScalar(G2.g, randScalar(r)), q2 = G2.timesScalar(G2.g, randScalar(r));
  emit('ffjavascript', 'g2_add', 1, 1, await median(() => { for (let i = 0; i < ADD; i++) p2 = G2.add(p2, q2); }), ADD);

  const P = [], Q = [];
  for (let i = 0; i < 4; i++) {
    P.push(G1.toAffine(G1.timesScalar(G1.g, randScalar(r))));
    Q.push(G2.toAffine(G2.timesScalar(G2.g, randScalar(r))));
  }
  emit('ffjavascript', 'pairing', 1, 1, await median(() => { c1.pairing(P[0], Q[0]); }));
  emit('ffjavascript', 'multi_pairing', 4, 1,
    await median(() => c1.pairingEq(P[0], Q[0], P[1], Q[1], P[2], Q[2], P[3], Q[3])));

  // MSM bases: the generator times first*inc^i (batchApplyKey, in wasm).
  const logs = (quick ? [10] : [12, 14, 16, 18, 20]).filter((l) => l <= maxLogFfjs);
  const skipped = (quick ? [10] : [12, 14, 16, 18, 20]).filter((l) => l > maxLogFfjs);
  if (skipped.length) console.error(`ffjavascript g1_msm 2^${skipped.join(', 2^')} not run (bounded run time; --max-log-ffjs)`);
  const maxN = 1 << Math.max(quick ? 8 : 16, ...logs);
  const sG1 = G1.F.n8 * 2, sG2 = G2.F.n8 * 2;
  const fill = (s, one, n) => { const buf = new Uint8Array(s * n); for (let i = 0; i < n; i++) buf.set(one, i * s); return buf; };
  const g1one = new Uint8Array(sG1); G1.toRprLEM(g1one, 0, G1.toAffine(G1.g));
  const g2one = new Uint8Array(sG2); G2.toRprLEM(g2one, 0, G2.toAffine(G2.g));
  const inc = Fr.e(randScalar(r));
  const bases1 = await cN.G1.batchApplyKey(fill(sG1, g1one, maxN), Fr.e(1), inc, 'affine', 'affine');
  const scalars = randomBytes(32 * maxN);
  for (let i = 0; i < maxN; i++) scalars[32 * i + 31] &= 0x1f;
  for (const l of logs) {
    const n = 1 << l;
    const bb = bases1.slice(0, n * sG1), ss = scalars.subarray(0, n * 32);
    emit('ffjavascript', 'g1_msm', n, 1, await median(() => c1.G1.multiExpAffine(bb, ss), 3));
    if (threads > 1) emit('ffjavascript', 'g1_msm', n, threads, await median(() => cN.G1.multiExpAffine(bb, ss), 3));
  }
  const n2 = quick ? 1 << 8 : 1 << 16;
  const bases2 = await cN.G2.batchApplyKey(fill(sG2, g2one, n2), Fr.e(1), inc, 'affine', 'affine');
  const ss2 = scalars.subarray(0, n2 * 32);
  emit('ffjavascript', 'g2_msm', n2, 1, await median(() => c1.G2.multiExpAffine(bases2, ss2), 3));
  if (threads > 1) emit('ffjavascript', 'g2_msm', n2, threads, await median(() => cN.G2.multiExpAffine(bases2, ss2), 3));

  for (const l of quick ? [12] : [16, 18, 20, 22]) {
    const n = 1 << l;
    const buf = new Uint8Array(32 * n);
    for (let i = 0; i < n; i++) Fr.toRprLE(buf, 32 * i, Fr.e(randScalar(r)));
    emit('ffjavascript', 'ntt', n, 1, await median(() => c1.Fr.fft(buf), 3));
    if (threads > 1) emit('ffjavascript', 'ntt', n, threads, await median(() => cN.Fr.fft(buf), 3));
  }
  await c1.terminate();
  if (cN !== c1) await cN.terminate();
}

// ---------------- noble ----------------
async function benchNoble() {
  const { Fp, Fr } = bn254.fields;
  const G1 = bn254.G1.Point, G2 = bn254.G2.Point;
  const r = Fr.ORDER;
  let x = randScalar(Fp.ORDER), y = randScalar(Fp.ORDER);
  emit('noble', 'fp_mul', 1, 1, await median(() => { for (let i = 0; i < CHAIN; i++) x = Fp.mul(x, y); }), CHAIN);
  let a = randScalar(r), b = randScalar(r);
  emit('noble', 'fr_mul', 1, 1, await median(() => { for (let i = 0; i < CHAIN; i++) a = Fr.mul(a, b); }), CHAIN);
  const ADD = CHAIN >> 4;
  let p1 = G1.BASE.multiply(randScalar(r) || 1n), q1 = G1.BASE.multiply(randScalar(r) || 1n);
  emit('noble', 'g1_add', 1, 1, await median(() => { for (let i = 0; i < ADD; i++) p1 = p1.add(q1); }), ADD);
  let p2 = G2.BASE.multiply(randScalar(r) || 1n), q2 = G2.BASE.multiply(randScalar(r) || 1n);
  emit('noble', 'g2_add', 1, 1, await median(() => { for (let i = 0; i < ADD; i++) p2 = p2.add(q2); }), ADD);

  const P = [], Q = [];
  for (let i = 0; i < 4; i++) { P.push(G1.BASE.multiply(randScalar(r) || 1n)); Q.push(G2.BASE.multiply(randScalar(r) || 1n)); }
  bn254.pairing(P[0], Q[0]); // warm-up: lazy precomputations
  emit('noble', 'pairing', 1, 1, await median(() => { bn254.pairing(P[0], Q[0]); }, 3));
  emit('noble', 'multi_pairing', 4, 1,
    await median(() => { bn254.pairingBatch(P.map((g1, i) => ({ g1, g2: Q[i] }))); }, 3));

  const allLogs = quick ? [10] : [12, 14, 16, 18, 20];
  const logs = allLogs.filter((l) => l <= maxLogNoble);
  const notRun = allLogs.filter((l) => l > maxLogNoble);
  if (notRun.length) console.error(`noble g1_msm 2^${notRun.join(', 2^')} not run (BigInt Pippenger takes minutes; --max-log-noble)`);
  const maxN = 1 << Math.max(...logs, 1);
  const bases = [];
  let acc = G1.BASE;
  for (let i = 0; i < maxN; i++) { bases.push(acc); acc = acc.add(G1.BASE); }
  const sc = Array.from({ length: Math.max(maxN, 1 << (quick ? 8 : 16)) }, () => randScalar(r));
  for (const l of logs) {
    const n = 1 << l;
    const bb = bases.slice(0, n), ss = sc.slice(0, n);
    emit('noble', 'g1_msm', n, 1, await median(() => { pippenger(G1, bb, ss); }, 3));
  }
  // noble's G2 MSM takes seconds already at 2^8, so 2^16 is left out of
  // full runs (--noble-g2-msm forces it).
  const n2 = 1 << (quick ? 8 : 16);
  if (quick || args.includes('--noble-g2-msm')) {
    const b2 = [];
    let acc2 = G2.BASE;
    for (let i = 0; i < n2; i++) { b2.push(acc2); acc2 = acc2.add(G2.BASE); }
    emit('noble', 'g2_msm', n2, 1, await median(() => { pippenger(G2, b2, sc.slice(0, n2)); }, 3));
  } else {
    console.error(`noble g2_msm 2^16 not run (seconds already at 2^8 in BigInt; --noble-g2-msm forces it)`);
  }

  const roots = rootsOfUnity(Fr);
  const fft = FFT(roots, Fr);
  for (const l of quick ? [12] : [16, 18, 20, 22]) {
    if (l > maxLogNobleNtt) { console.error(`noble ntt 2^${l} not run (BigInt NTT; --max-log-noble-ntt)`); continue; }
    const vals = Array.from({ length: 1 << l }, () => randScalar(r));
    emit('noble', 'ntt', 1 << l, 1, await median(() => { fft.direct(vals); }, 3));
  }
}

const which = args.includes('--only-noble') ? ['noble'] : args.includes('--only-ffjs') ? ['ffjs'] : ['ffjs', 'noble'];
if (which.includes('ffjs')) await benchFfjs();
if (which.includes('noble')) await benchNoble();
