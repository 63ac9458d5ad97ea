// The operations of `zkfl bench curve`, measured in ffjavascript (the wasm
// engine under snarkjs) and @noble/curves (pure JS, BigInt), printed as the
// same JSON lines plus an "impl" key:
//   {"impl": "ffjavascript", "op": "pairing", "size": 1, "threads": 1, "ns": 4200000.0, "cpu_ns": ...,
//    "best_ns": ..., "best_cpu_ns": ...}
// (ns: median wall clock; cpu_ns: median CPU time of this process, all its
// threads, for the same runs; worker threads of ffjavascript's pool run in
// the same process; best_*: the fastest run's).
//
//   node bench/curve_peers.mjs [--quick] [--threads N] [--max-log-ffjs K] [--max-log-noble K]
//        [--max-log-noble-ntt K] [--noble-g2-msm] [--only-ffjs | --only-noble]
//        [--op NAME] [--size N] [--budget-ms MS] [--zkfl PATH [--rounds R]]
//
// --op / --size (a count or 2^K) / --threads select rows as `zkfl bench
// curve` does (with --op, --threads N keeps only the rows with exactly N
// threads); only the inputs of the selected rows are made. --budget-ms is
// the time spent per row and implementation, at least (default 1000,
// --quick 20).
//
// --zkfl PATH interleaves: for every row that `PATH bench curve --list`
// names, R rounds (default 3) of zkfl (PATH bench curve --op --size
// --threads --json, run as a child while this process waits), then
// ffjavascript, then noble, back to back. Every record then carries
// "round" (1..R) and zkfl's records "impl": "zkfl". This is what
// bench/curve.sh runs: on a machine whose speed drifts within minutes, the
// two sides of a ratio are measured seconds apart, never minutes.
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
import { execFileSync } from 'node:child_process';

const nm = process.env.ZKFL_NODE_MODULES ||
  join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'js', 'node_modules');
const load = (rel) => import(pathToFileURL(join(nm, rel)).href);
const { bn254 } = await load('@noble/curves/bn254.js');
const { pippenger } = await load('@noble/curves/abstract/curve.js');
const { FFT, rootsOfUnity } = await load('@noble/curves/abstract/fft.js');
const { buildBn128 } = await load('ffjavascript/main.js');

const args = process.argv.slice(2);
const has = (name) => args.includes(name);
const val = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const opt = (name, dflt) => (val(name) === undefined ? dflt : Number(val(name)));
const quick = has('--quick');
const threads = opt('--threads', cpus().length);
const maxLogFfjs = opt('--max-log-ffjs', quick ? 10 : 18);
const maxLogNoble = opt('--max-log-noble', quick ? 10 : 12);
const maxLogNobleNtt = opt('--max-log-noble-ntt', quick ? 12 : 16);
const budgetMs = opt('--budget-ms', quick ? 20 : 1000);
const budgetNs = budgetMs * 1e6;
const zkflBin = val('--zkfl');
const rounds = opt('--rounds', 3);
const selOp = val('--op');
const selSize = val('--size') === undefined ? undefined
  : val('--size').startsWith('2^') ? 2 ** Number(val('--size').slice(2)) : Number(val('--size'));
const exactThreads = selOp !== undefined && has('--threads');
const selected = (op, size, thr) => (selOp === undefined || op === selOp) &&
  (selSize === undefined || size === selSize) && (!exactThreads || thr === threads);
const which = has('--only-noble') ? ['noble'] : has('--only-ffjs') ? ['ffjavascript'] : ['ffjavascript', 'noble'];

const record = (impl, op, size, thr, t, round) => JSON.stringify({
  impl, op, size, threads: thr, ...(round === undefined ? {} : { round }),
  ns: Math.round(t.ns * 10) / 10, cpu_ns: Math.round(t.cpu * 10) / 10,
  best_ns: Math.round(t.bestNs * 10) / 10, best_cpu_ns: Math.round(t.bestCpu * 10) / 10 });

// Median and fastest of per-call times: at least minRuns calls, more until
// the budget is spent (at most 31); one call over three budgets is enough.
const med = (t) => {
  t.sort((a, b) => a - b);
  const n = t.length;
  return n % 2 ? t[(n - 1) / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
};
async function median(fn, minRuns) {
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
  return { ns: med(t), cpu: med(c), bestNs: t[0], bestCpu: c[0] };   // med sorted them
}

// A row: setup() makes its inputs (outside the timing; shared inputs are
// memoized with once()), fn(ctx) is one timed call doing `per` operations.
const rows = [];
const notes = [];
const addRow = (impl, op, size, thr, setup, fn, minRuns, per = 1) =>
  rows.push({ impl, op, size, threads: thr, setup, fn, minRuns, per });
// a row left out (size cap): noted on stderr if it was asked for
const skipRow = (op, size, thr, why) => notes.push({ op, size, threads: thr, why });
const once = (f) => { let p; return () => (p ??= f()); };
async function timeRow(r) {
  const ctx = await r.setup();
  const t = await median(() => r.fn(ctx), r.minRuns);
  return { ns: t.ns / r.per, cpu: t.cpu / r.per, bestNs: t.bestNs / r.per, bestCpu: t.bestCpu / r.per };
}

const CHAIN = quick ? 1 << 10 : 1 << 14;
const randScalar = (r) => BigInt('0x' + randomBytes(32).toString('hex')) % r;
const msmLogs = quick ? [10] : [12, 14, 16, 18, 20];
const nttLogs = quick ? [12] : [16, 18, 20, 22];
const g2Log = quick ? 8 : 16;
const threadRows = threads > 1 ? [1, threads] : [1];
const scalarBytes = (n) => {   // uniform below 2^253
  const s = randomBytes(32 * n);
  for (let i = 0; i < n; i++) s[32 * i + 31] &= 0x1f;
  return s;
};

// ---------------- ffjavascript ----------------
// Engines are built on first use; ended() terminates what was built.
const engine1 = once(() => buildBn128(true));            // single-threaded engine
const engineN = once(() => (threads > 1 ? buildBn128(false) : engine1()));
const engineFor = (thr) => (thr === 1 ? engine1() : engineN());
let ffjsUsed = false;
async function endFfjs() {
  if (!ffjsUsed) return;
  const c1 = await engine1(), cN = await engineN();
  await c1.terminate();
  if (cN !== c1) await cN.terminate();
}

function ffjsRows() {
  const I = 'ffjavascript';
  const curve = once(async () => { ffjsUsed = true; return engine1(); });
  const field = (name, pick) => addRow(I, name, 1, 1, async () => {
    const F = pick(await curve());
    return { F, x: F.e(randScalar(F.p)), y: F.e(randScalar(F.p)) };
  }, (c) => { for (let i = 0; i < CHAIN; i++) c.x = c.F.mul(c.x, c.y); }, 5, CHAIN);
  field('fp_mul', (c) => c.F1);
  field('fr_mul', (c) => c.Fr);
  const ADD = CHAIN >> 2;
  const group = (name, pick) => addRow(I, name, 1, 1, async () => {
    const c = await curve(), G = pick(c), r = c.Fr.p;
    return { G, p: G.timesScalar(G.g, randScalar(r)), q: G.timesScalar(G.g, randScalar(r)) };
  }, (c) => { for (let i = 0; i < ADD; i++) c.p = c.G.add(c.p, c.q); }, 5, ADD);
  group('g1_add', (c) => c.G1);
  group('g2_add', (c) => c.G2);

  const pairs = once(async () => {
    const c = await curve(), r = c.Fr.p, P = [], Q = [];
    for (let i = 0; i < 4; i++) {
      P.push(c.G1.toAffine(c.G1.timesScalar(c.G1.g, randScalar(r))));
      Q.push(c.G2.toAffine(c.G2.timesScalar(c.G2.g, randScalar(r))));
    }
    return { c, P, Q };
  });
  addRow(I, 'pairing', 1, 1, pairs, ({ c, P, Q }) => { c.pairing(P[0], Q[0]); }, 5);
  addRow(I, 'multi_pairing', 4, 1, pairs,
    ({ c, P, Q }) => c.pairingEq(P[0], Q[0], P[1], Q[1], P[2], Q[2], P[3], Q[3]), 5);

  // MSM bases: the generator times first*inc^i (batchApplyKey, in wasm, on
  // the worker pool), made once for the largest selected size.
  const fill = (s, one, n) => { const buf = new Uint8Array(s * n); for (let i = 0; i < n; i++) buf.set(one, i * s); return buf; };
  const basesOf = async (G, n) => {
    const c = await curve(), s = G(c).F.n8 * 2, one = new Uint8Array(s);
    G(c).toRprLEM(one, 0, G(c).toAffine(G(c).g));
    return { s, b: await G(await engineN()).batchApplyKey(fill(s, one, n), c.Fr.e(1), c.Fr.e(randScalar(c.Fr.p)), 'affine', 'affine') };
  };
  const logs = msmLogs.filter((l) => l <= maxLogFfjs);
  for (const l of msmLogs.filter((l) => l > maxLogFfjs))
    for (const t of threadRows) skipRow('g1_msm', 1 << l, t, `ffjavascript g1_msm 2^${l} not run (bounded run time; --max-log-ffjs)`);
  const maxG1 = 1 << Math.max(0, ...logs.filter((l) => threadRows.some((t) => selected('g1_msm', 1 << l, t))));
  const g1in = once(async () => ({ ...(await basesOf((c) => c.G1, maxG1)), ss: scalarBytes(maxG1) }));
  for (const l of logs) {
    const n = 1 << l;
    for (const t of threadRows) {
      addRow(I, 'g1_msm', n, t, async () => {
        const m = await g1in();
        return { c: await engineFor(t), bb: m.b.slice(0, n * m.s), ss: m.ss.subarray(0, n * 32) };
      }, ({ c, bb, ss }) => c.G1.multiExpAffine(bb, ss), 3);
    }
  }
  const n2 = 1 << g2Log;
  const g2in = once(async () => ({ ...(await basesOf((c) => c.G2, n2)), ss: scalarBytes(n2) }));
  for (const t of threadRows)
    addRow(I, 'g2_msm', n2, t, async () => ({ c: await engineFor(t), ...(await g2in()) }),
      ({ c, b, ss }) => c.G2.multiExpAffine(b, ss), 3);

  for (const l of nttLogs) {
    const n = 1 << l;
    const data = once(async () => {
      const c = await curve(), buf = new Uint8Array(32 * n);
      for (let i = 0; i < n; i++) c.Fr.toRprLE(buf, 32 * i, c.Fr.e(randScalar(c.Fr.p)));
      return buf;
    });
    for (const t of threadRows)
      addRow(I, 'ntt', n, t, async () => ({ c: await engineFor(t), buf: await data() }), ({ c, buf }) => c.Fr.fft(buf), 3);
  }
}

// ---------------- noble ----------------
function nobleRows() {
  const I = 'noble';
  const { Fp, Fr } = bn254.fields;
  const G1 = bn254.G1.Point, G2 = bn254.G2.Point;
  const r = Fr.ORDER;
  const point = (G) => G.BASE.multiply(randScalar(r) || 1n);
  addRow(I, 'fp_mul', 1, 1, () => ({ x: randScalar(Fp.ORDER), y: randScalar(Fp.ORDER) }),
    (c) => { for (let i = 0; i < CHAIN; i++) c.x = Fp.mul(c.x, c.y); }, 5, CHAIN);
  addRow(I, 'fr_mul', 1, 1, () => ({ x: randScalar(r), y: randScalar(r) }),
    (c) => { for (let i = 0; i < CHAIN; i++) c.x = Fr.mul(c.x, c.y); }, 5, CHAIN);
  const ADD = CHAIN >> 4;
  addRow(I, 'g1_add', 1, 1, () => ({ p: point(G1), q: point(G1) }),
    (c) => { for (let i = 0; i < ADD; i++) c.p = c.p.add(c.q); }, 5, ADD);
  addRow(I, 'g2_add', 1, 1, () => ({ p: point(G2), q: point(G2) }),
    (c) => { for (let i = 0; i < ADD; i++) c.p = c.p.add(c.q); }, 5, ADD);

  const pairs = once(() => {
    const P = [], Q = [];
    for (let i = 0; i < 4; i++) { P.push(point(G1)); Q.push(point(G2)); }
    bn254.pairing(P[0], Q[0]); // warm-up: lazy precomputations
    return { P, Q };
  });
  addRow(I, 'pairing', 1, 1, pairs, ({ P, Q }) => { bn254.pairing(P[0], Q[0]); }, 3);
  addRow(I, 'multi_pairing', 4, 1, pairs,
    ({ P, Q }) => { bn254.pairingBatch(P.map((g1, i) => ({ g1, g2: Q[i] }))); }, 3);

  // bases: consecutive multiples of the generator, as in zkfl
  const multiples = (G, n) => { const b = []; let acc = G.BASE; for (let i = 0; i < n; i++) { b.push(acc); acc = acc.add(G.BASE); } return b; };
  for (const l of msmLogs) {
    const n = 1 << l;
    if (l > maxLogNoble) { skipRow('g1_msm', n, 1, `noble g1_msm 2^${l} not run (BigInt Pippenger takes minutes; --max-log-noble)`); continue; }
    addRow(I, 'g1_msm', n, 1, () => ({ bb: multiples(G1, n), ss: Array.from({ length: n }, () => randScalar(r)) }),
      ({ bb, ss }) => { pippenger(G1, bb, ss); }, 3);
  }
  // noble's G2 MSM takes seconds already at 2^8, so 2^16 is left out of
  // full runs (--noble-g2-msm forces it).
  const n2 = 1 << g2Log;
  if (quick || has('--noble-g2-msm'))
    addRow(I, 'g2_msm', n2, 1, () => ({ bb: multiples(G2, n2), ss: Array.from({ length: n2 }, () => randScalar(r)) }),
      ({ bb, ss }) => { pippenger(G2, bb, ss); }, 3);
  else
    skipRow('g2_msm', n2, 1, 'noble g2_msm 2^16 not run (seconds already at 2^8 in BigInt; --noble-g2-msm forces it)');

  const fft = once(() => FFT(rootsOfUnity(Fr), Fr));
  for (const l of nttLogs) {
    if (l > maxLogNobleNtt) { skipRow('ntt', 1 << l, 1, `noble ntt 2^${l} not run (BigInt NTT; --max-log-noble-ntt)`); continue; }
    addRow(I, 'ntt', 1 << l, 1, () => ({ f: fft(), vals: Array.from({ length: 1 << l }, () => randScalar(r)) }),
      ({ f, vals }) => { f.direct(vals); }, 3);
  }
}

if (which.includes('ffjavascript')) ffjsRows();
if (which.includes('noble')) nobleRows();
const noteFor = (op, size, thr) => {
  for (const n of notes) if (n.op === op && n.size === size && n.threads === thr) console.error(n.why);
};

if (zkflBin === undefined) {
  // standalone: the selected rows of ffjavascript, then of noble
  for (const n of notes) if (selected(n.op, n.size, n.threads)) console.error(n.why);
  for (const r of rows)
    if (selected(r.op, r.size, r.threads)) console.log(record(r.impl, r.op, r.size, r.threads, await timeRow(r)));
} else {
  // interleaved with zkfl, row by row. (zkfl loads OpenBLAS only when it
  // trains, so no BLAS thread pool spins beside bench curve's rows.)
  const zkfl = (extra) => execFileSync(zkflBin, ['bench', 'curve', '--json', ...(quick ? ['--quick'] : []), ...extra],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  // every row (--threads sets the multi-threaded rows' count), then this
  // script's selection
  const zrows = zkfl(['--list', '--threads', String(threads)]).filter((z) => selected(z.op, z.size, z.threads));
  for (const z of zrows) {
    const peers = rows.filter((r) => r.op === z.op && r.size === z.size && r.threads === z.threads);
    noteFor(z.op, z.size, z.threads);
    for (const r of peers) await r.setup();   // inputs made before the first round, not between two timings
    for (let round = 1; round <= rounds; round++) {
      const [m] = zkfl(['--op', z.op, '--size', String(z.size), '--threads', String(z.threads), '--budget-ms', String(budgetMs)]);
      console.log(record('zkfl', m.op, m.size, m.threads, { ns: m.ns, cpu: m.cpu_ns, bestNs: m.best_ns, bestCpu: m.best_cpu_ns }, round));
      for (const r of peers) console.log(record(r.impl, r.op, r.size, r.threads, await timeRow(r), round));
    }
  }
}
await endFfjs();
