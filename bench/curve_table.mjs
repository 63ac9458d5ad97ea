// Turns the JSON lines of `zkfl bench curve --json` and bench/curve_peers.mjs
// into the markdown of the curve section of docs/PERFORMANCE.md.
//   node bench/curve_table.mjs ZKFL.jsonl PEERS.jsonl PEERS.log COMMAND DATE CPU LOAD
import { readFileSync } from 'node:fs';

const [zf, pf, logf, command, date, cpu, load] = process.argv.slice(2);
const readLines = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const zkfl = readLines(zf), peers = readLines(pf);
const skipped = readFileSync(logf, 'utf8').split('\n').filter((l) => l.trim());

const key = (r) => `${r.op}|${r.size}|${r.threads}`;
const peer = new Map();
for (const r of peers) peer.set(`${r.impl}|${key(r)}`, r.ns);

const fmt = (ns) => {
  if (ns === undefined) return '—';
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(ns >= 1e8 ? 0 : 2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
};
const ratio = (peerNs, ns) => (peerNs === undefined ? '—' : `${(peerNs / ns).toFixed(1)}×`);
const size = (n) => (n > 1 && (n & (n - 1)) === 0 ? `2^${Math.log2(n)}` : String(n));

const out = [];
out.push(`Measured ${date} with \`${command}\` on ${cpu}; load average at the end: ${load}.`);
out.push('The machine is shared with other engineers\' builds and tests, so absolute numbers are noisy');
out.push('(medians of several runs; MSM/NTT medians of at least 3). Ratios > 1 mean zkfl is faster.');
out.push('');
out.push('| op | size | threads | zkfl | ffjavascript | noble | ffjavascript / zkfl | noble / zkfl |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of zkfl) {
  const f = peer.get(`ffjavascript|${key(r)}`), n = peer.get(`noble|${key(r)}`);
  out.push(`| ${r.op} | ${size(r.size)} | ${r.threads} | ${fmt(r.ns)} | ${fmt(f)} | ${fmt(n)} | ${ratio(f, r.ns)} | ${ratio(n, r.ns)} |`);
}
out.push('');

// Targets from the issue.
const get = (op, size, threads) => zkfl.find((r) => r.op === op && r.size === size && (threads === undefined || r.threads === threads));
const maxThreads = Math.max(...zkfl.map((r) => r.threads));
const targets = [];
const target = (name, value, ok) => targets.push(`| ${name} | ${value} | ${ok === undefined ? 'not measured' : ok ? 'met' : 'not met'} |`);
const fpm = get('fp_mul', 1, 1);
target('Fp mul ≤ 15 ns', fpm ? fmt(fpm.ns) : '—', fpm && fpm.ns <= 15);
const pr = get('pairing', 1, 1);
target('pairing ≤ 0.6 ms (1 thread)', pr ? fmt(pr.ns) : '—', pr && pr.ns <= 0.6e6);
const msm16 = get('g1_msm', 1 << 16, 1);
target('G1 MSM 2^16 ≤ 250 ms (1 thread)', msm16 ? fmt(msm16.ns) : '—', msm16 && msm16.ns <= 250e6);
const ntt20 = get('ntt', 1 << 20, maxThreads);
target(`NTT 2^20 ≤ 60 ms (${maxThreads} threads)`, ntt20 ? fmt(ntt20.ns) : '—', ntt20 && ntt20.ns <= 60e6);
const fp = pr && peer.get(`ffjavascript|${key(pr)}`);
target('pairing ≥ 10× faster than ffjavascript', fp ? ratio(fp, pr.ns) : '—', fp ? fp / pr.ns >= 10 : undefined);
const msmRatios = zkfl.filter((r) => r.op === 'g1_msm' && peer.has(`ffjavascript|${key(r)}`))
  .map((r) => ({ r, x: peer.get(`ffjavascript|${key(r)}`) / r.ns }));
if (msmRatios.length) {
  const worst = msmRatios.reduce((a, b) => (b.x < a.x ? b : a));
  target('G1 MSM ≥ 10× faster than ffjavascript (every measured size)',
    `worst ${worst.x.toFixed(1)}× (${size(worst.r.size)}, ${worst.r.threads} thr)`, worst.x >= 10);
} else {
  target('G1 MSM ≥ 10× faster than ffjavascript', '—', undefined);
}
out.push('| target | zkfl | status |');
out.push('|---|---:|---|');
out.push(...targets);
out.push('');
out.push('Notes:');
out.push('- ffjavascript field and group operations are single calls through its JS API into wasm (F1.mul,');
out.push('  G1.add on buffers), so per-call overhead dominates them; its multi_pairing is `pairingEq` over 4');
out.push('  pairs; its multi-threaded rows use its worker pool.');
out.push('- noble is pure JavaScript with BigInt and single-threaded; its MSM is `pippenger` from');
out.push('  `abstract/curve`.');
out.push('- zkfl MSM bases are consecutive multiples of the generator, scalars uniform below 2^253.');
for (const s of skipped) out.push(`- ${s}.`);
console.log(out.join('\n'));
