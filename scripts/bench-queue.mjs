#!/usr/bin/env node
/**
 * Queue benchmark: jobs per second through `xxgk queue` (BullMQ on a local
 * redis-server) with 1 and 2 worker processes, against a local batch
 * (`xxgk extract DIR`) with --jobs 1 and 2 on the same files: the queue's
 * overhead per job.
 *
 * The files are the corpus documents replicated into a temporary folder; each
 * copy gets a few distinct trailing bytes (a comment line for text/HTML, a
 * `%` comment after %%EOF for PDF, bytes after the zip's end record for DOCX)
 * because the queue extracts one job per distinct content (job id = sha256).
 * A queue run is: `queue add` (timed apart), then W workers (`queue work -j 1`)
 * and `queue collect --drain`; its time runs from the workers' start to the
 * collector's end (process start-ups included, as in the local runs).
 * CPU seconds are those of the child processes (from /proc/self/stat cutime
 * and cstime once they are reaped); redis-server's own CPU is given apart.
 *
 *   node scripts/bench-queue.mjs [--files 300]
 *
 * Skips (says so, exit 0) when redis-server is not installed. Needs dist/.
 * Prints a table and one `BENCH_QUEUE {json}` line.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusSources } from './bench-lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const BIN = path.join(ROOT, 'bin', 'xxgk.js');
const i = process.argv.indexOf('--files');
const FILES = Number(i >= 0 ? process.argv[i + 1] : 300);
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.log('\nbench-queue: SKIPPED, redis-server is not installed (apt-get install redis-server)');
  process.exit(0);
}
if (!existsSync(path.join(ROOT, 'dist', 'queue', 'work.js'))) {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
}

// ---------------------------------------------------------------- the files
const sources = corpusSources(CORPUS);
const work = mkdtempSync(path.join(tmpdir(), 'xxgk-bench-queue-'));
const dir = path.join(work, 'in');
mkdirSync(dir);
let n = 0;
for (let k = 0; n < FILES; k++) {
  for (const s of sources) {
    if (n >= FILES) break;
    const ext = path.extname(s.file).toLowerCase();
    const to = path.join(dir, `${s.id}-${String(k).padStart(4, '0')}${ext}`);
    copyFileSync(s.file, to);
    const tail = ext === '.html' || ext === '.htm' ? `\n<!-- copy ${k} -->\n` : ext === '.pdf' ? `\n%copy ${k}\n` : ext === '.docx' ? `copy ${k}` : `\n\n`.repeat(k + 1);
    if (k > 0) appendFileSync(to, tail);
    n++;
  }
}

// ---------------------------------------------------------------- helpers
const childCpu = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) / TICK; // cutime, cstime (fields 16, 17)
};
const procCpu = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK; // utime, stime
  } catch {
    return 0;
  }
};
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function start(args, stdio = ['ignore', 'ignore', 'pipe']) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio });
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, err: () => err };
}
async function runCli(args) {
  const p = start(args);
  const code = await p.exit;
  if (code !== 0 && code !== 1) throw new Error(`xxgk ${args.join(' ')} exited with ${code}: ${p.err().slice(-2000)}`);
}
const count = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
const errors = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"error":{"code"')).length;

// ---------------------------------------------------------------- runs
const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work], { stdio: ['ignore', 'pipe', 'ignore'] });
await new Promise((resolve, reject) => {
  let out = '';
  redis.stdout.on('data', (d) => ((out += d), /Ready to accept/.test(out) && resolve()));
  redis.on('exit', (c) => reject(new Error(`redis-server exited ${c}`)));
  setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
});
const url = `redis://127.0.0.1:${port}`;
const results = [];
try {
  console.log(`\nbench-queue: ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(1)}; ${n} distinct files (${sources.length} corpus documents replicated), redis-server on 127.0.0.1:${port}`);
  for (const jobs of [1, 2]) {
    const out = path.join(work, `local-${jobs}.jsonl`);
    const c0 = childCpu();
    const t0 = performance.now();
    await runCli(['extract', dir, '-o', out, '--jobs', String(jobs), '--quiet']);
    const s = (performance.now() - t0) / 1000;
    results.push({ mode: 'local', workers: jobs, seconds: s, cpu: childCpu() - c0, records: count(out), errors: errors(out) });
  }
  for (const workers of [1, 2]) {
    const q = `bench-${workers}`;
    const out = path.join(work, `queue-${workers}.jsonl`);
    const c0 = childCpu();
    const r0 = procCpu(redis.pid);
    const a0 = performance.now();
    await runCli(['queue', 'add', dir, '--redis', url, '--queue', q, '--quiet']);
    const addSeconds = (performance.now() - a0) / 1000;
    const t0 = performance.now();
    const ws = Array.from({ length: workers }, () => start(['queue', 'work', '--redis', url, '--queue', q, '-j', '1', '--quiet']));
    await runCli(['queue', 'collect', '--redis', url, '--queue', q, '-o', out, '--drain', '--quiet']);
    const s = (performance.now() - t0) / 1000;
    for (const w of ws) w.child.kill('SIGTERM');
    await Promise.all(ws.map((w) => w.exit));
    results.push({ mode: 'queue', workers, seconds: s, addSeconds, cpu: childCpu() - c0, redisCpu: procCpu(redis.pid) - r0, records: count(out), errors: errors(out) });
  }
} finally {
  redis.kill('SIGTERM');
  await new Promise((r) => redis.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}

for (const r of results) {
  const label = r.mode === 'local' ? `local extract --jobs ${r.workers}` : `queue, ${r.workers} worker(s) -j 1`;
  const extra = r.mode === 'queue' ? `; add ${r.addSeconds.toFixed(1)} s; redis-server CPU ${r.redisCpu.toFixed(1)} s` : '';
  console.log(`  ${label.padEnd(30)} ${r.seconds.toFixed(1).padStart(6)} s  ${(n / r.seconds).toFixed(1).padStart(6)} jobs/s  CPU ${r.cpu.toFixed(1)} s (${((r.cpu * 1000) / n).toFixed(0)} ms/job)  ${r.records} records (${r.errors} errors)${extra}`);
  if (r.records !== n) console.log(`  WARNING: ${r.records} records for ${n} inputs`);
}
for (const w of [1, 2]) {
  const l = results.find((r) => r.mode === 'local' && r.workers === w);
  const q = results.find((r) => r.mode === 'queue' && r.workers === w);
  console.log(`  queue overhead with ${w} worker(s): ${(((q.seconds - l.seconds) * 1000) / n).toFixed(1)} ms/job wall, ${(((q.cpu + q.redisCpu - l.cpu) * 1000) / n).toFixed(1)} ms/job CPU (redis included)`);
}
console.log('BENCH_QUEUE ' + JSON.stringify({ files: n, runs: results.map((r) => ({ ...r, seconds: +r.seconds.toFixed(2), jobs_per_s: +(n / r.seconds).toFixed(2), cpu: +r.cpu.toFixed(2) })) }));
