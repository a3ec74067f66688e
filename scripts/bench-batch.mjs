#!/usr/bin/env node
/**
 * Batch benchmark: throughput (files/s) and peak RSS of `xxgk extract` over a
 * directory of ≥ 1,000 report files, with --jobs 1 and --jobs 2.
 *
 * The batch is built by replicating the corpus documents
 * (../shared/corpus/<id>/source.*) into a temporary directory. Each run is
 * the real CLI (`node bin/xxgk.js extract DIR -o OUT.jsonl --quiet`); the
 * worker threads live in that one process, so its peak RSS is the peak of the
 * whole tree. Peak RSS comes from `/usr/bin/time -f %M` when available, else
 * from sampling /proc/<pid>/status (VmHWM) every 50 ms.
 *
 *   node scripts/bench-batch.mjs [--files N] [--jobs 1,2] [--keep]
 *
 * Needs a build (dist/); runs `tsc` first when dist/batch/worker.js is missing.
 * Prints a table and one `BENCH_BATCH {json}` line for machines.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusSources, measureNode } from './bench-lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const BIN = path.join(ROOT, 'bin', 'xxgk.js');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const FILES = Number(arg('files', '1000'));
const JOBS = String(arg('jobs', '1,2')).split(',').map(Number);
const KEEP = process.argv.includes('--keep');

if (!existsSync(path.join(ROOT, 'dist', 'batch', 'worker.js'))) {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
}

// ---------------------------------------------------------------- the batch
const sources = corpusSources(CORPUS);

const work = mkdtempSync(path.join(tmpdir(), 'xxgk-bench-batch-'));
const dir = path.join(work, 'in');
const copies = Math.ceil(FILES / sources.length);
execFileSync('mkdir', ['-p', dir]);
let n = 0;
let bytes = 0;
const mix = {};
for (let k = 0; k < copies; k++) {
  for (const s of sources) {
    const ext = path.extname(s.file);
    copyFileSync(s.file, path.join(dir, `${s.id}-${String(k).padStart(4, '0')}${ext}`));
    bytes += readFileSync(s.file).length;
    mix[ext] = (mix[ext] ?? 0) + 1;
    n++;
  }
}

// ---------------------------------------------------------------- runs
async function runOnce(jobs) {
  const out = path.join(work, `out-j${jobs}.jsonl`);
  const r = await measureNode([BIN, 'extract', dir, '-o', out, '--force', '--jobs', String(jobs), '--quiet'], 50);
  if (r.code !== 0 && r.code !== 1) throw new Error(`xxgk exited with ${r.code}: ${r.stderr.slice(-2000)}`);
  const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
  const errors = lines.filter((l) => l.includes('"error":{"code"')).length;
  return { jobs, files: n, records: lines.length, errors, seconds: r.wall, filesPerSec: n / r.wall, peakRssMb: r.peakMb, cpuSeconds: r.cpu, load: loadavg()[0] };
}

console.log(`bench-batch: ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)} before the runs (a busy machine flattens the --jobs speedup)`);
console.log(`bench-batch: ${n} files (${sources.length} corpus documents × ${copies}; ${Object.entries(mix).map(([k, v]) => `${v} ${k}`).join(', ')}; ${(bytes / 1e6).toFixed(1)} MB) in ${dir}`);
const results = [];
for (const j of JOBS) {
  const r = await runOnce(j);
  results.push(r);
  const cpu = r.cpuSeconds === null ? '' : `, CPU ${r.cpuSeconds.toFixed(1)} s (${(r.cpuSeconds / r.seconds).toFixed(2)} cores busy)`;
  console.log(`  --jobs ${j}: ${r.seconds.toFixed(1)} s, ${r.filesPerSec.toFixed(1)} files/s, peak RSS ${r.peakRssMb.toFixed(0)} MB${cpu}, ${r.records} records (${r.errors} error records), load average ${r.load.toFixed(1)}`);
  if (r.records !== n) console.log(`  WARNING: ${r.records} records for ${n} inputs`);
}
const base = results.find((r) => r.jobs === 1);
if (base)
  for (const r of results) {
    if (r === base) continue;
    console.log(`  speedup --jobs ${r.jobs} vs --jobs 1: ×${(r.filesPerSec / base.filesPerSec).toFixed(2)}`);
    // What the wall-clock speedup cannot show on a small or busy machine: how much more CPU the same
    // files cost with more workers (each worker starts, loads PDFium and warms its JIT on its own), and
    // the most this machine could give when --jobs 1 already keeps more than one core busy.
    if (r.cpuSeconds !== null && base.cpuSeconds !== null) {
      const busy1 = base.cpuSeconds / base.seconds;
      const ceiling = Math.min(r.jobs, availableParallelism() / busy1);
      console.log(`  CPU --jobs ${r.jobs} ÷ --jobs 1: ×${(r.cpuSeconds / base.cpuSeconds).toFixed(2)}; --jobs 1 keeps ${busy1.toFixed(2)} cores busy, so ${availableParallelism()} cores allow at most ×${ceiling.toFixed(2)}`);
    }
  }
console.log('BENCH_BATCH ' + JSON.stringify({ files: n, runs: results.map((r) => ({ jobs: r.jobs, seconds: +r.seconds.toFixed(2), files_per_s: +r.filesPerSec.toFixed(2), peak_rss_mb: Math.round(r.peakRssMb), cpu_s: r.cpuSeconds === null ? null : +r.cpuSeconds.toFixed(1), records: r.records, errors: r.errors })) }));

if (KEEP) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
