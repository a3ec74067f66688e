#!/usr/bin/env node
/**
 * `xxgk convert` of a JSONL of N records (default 1,000) to CSV, csv-long and
 * xlsx: wall time, CPU seconds and peak RSS of the process, side by side with
 * a reference that only reads and JSON.parses the same file (the floor of any
 * converter). Run again with 4× the records to show that memory stays flat
 * (streamed). Records are the corpus documents' real results, repeated with
 * distinct paths. Needs `npm run build` (uses bin/xxgk.js and dist/).
 *
 *   node scripts/bench-convert.mjs [--records 1000] [--keep]
 *
 * Peak RSS: `/usr/bin/time -f %M` when available, else VmHWM sampled from /proc.
 * Prints one `BENCH_CONVERT {json}` line at the end.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTime, measureNode } from './bench-lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const BIN = path.join(ROOT, 'bin', 'xxgk.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('--records', '1000'));
const keep = process.argv.includes('--keep');

const { extractRecord } = await import(path.join(ROOT, 'dist', 'api.js'));
const seeds = [];
for (const id of readdirSync(CORPUS).sort()) {
  const d = path.join(CORPUS, id);
  if (!statSync(d).isDirectory()) continue;
  const src = readdirSync(d).find((f) => f.startsWith('source.'));
  if (src) seeds.push(await extractRecord(readFileSync(path.join(d, src)), { path: `${id}/${src}` }));
}
const work = mkdtempSync(path.join(tmpdir(), 'xxgk-bench-convert-'));

function makeJsonl(n) {
  const file = path.join(work, `records-${n}.jsonl`);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const r = seeds[i % seeds.length];
    lines.push(JSON.stringify({ ...r, source: { ...r.source, path: `bench/${String(i).padStart(5, '0')}-${r.source.path}` } }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Run `node <args>` and measure it; a non-zero exit is a failure. */
async function measure(nodeArgs) {
  const r = await measureNode(nodeArgs);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr.slice(-1500)}`);
  return { wall: r.wall, cpu: r.cpu, peakMb: r.peakMb };
}

const REFERENCE = `const rl=require('readline').createInterface({input:require('fs').createReadStream(process.argv[1])});let n=0;rl.on('line',l=>{if(l)JSON.parse(l),n++});rl.on('close',()=>{if(!n)process.exit(1)})`;

const rows = [];
const results = [];
for (const n of [N, N * 4]) {
  const file = makeJsonl(n);
  const mb = statSync(file).size / 1e6;
  const ref = await measure(['-e', REFERENCE, file]);
  rows.push([n, mb.toFixed(1), 'reference: read + JSON.parse', ref.wall.toFixed(2), ref.cpu?.toFixed(2) ?? 'n/a', ref.peakMb.toFixed(0), '']);
  for (const [format, ext] of [['csv', 'csv'], ['csv-long', 'csv'], ['xlsx', 'xlsx']]) {
    const out = path.join(work, `out-${n}-${format}.${ext}`);
    const r = await measure([BIN, 'convert', file, '--format', format, '-o', out, '-q', '--force']);
    const outMb = statSync(out).size / 1e6;
    rows.push([n, mb.toFixed(1), `xxgk convert --format ${format}`, r.wall.toFixed(2), r.cpu?.toFixed(2) ?? 'n/a', r.peakMb.toFixed(0), outMb.toFixed(1)]);
    results.push({ records: n, format, wall_s: r.wall, cpu_s: r.cpu, peak_rss_mb: r.peakMb, out_mb: outMb, reference_cpu_s: ref.cpu, reference_peak_rss_mb: ref.peakMb });
  }
}

const header = ['records', 'JSONL MB', 'run', 'wall s', 'CPU s', 'peak RSS MB', 'out MB'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(`\nxxgk convert (${seeds.length} corpus results repeated; peak RSS ${hasTime ? 'from /usr/bin/time' : 'sampled from /proc'})`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`BENCH_CONVERT ${JSON.stringify(results)}`);
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
