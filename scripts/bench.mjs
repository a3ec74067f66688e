#!/usr/bin/env node
// Benchmarks. Run `npm run build` first: the readers are imported from dist/.
// Sections are independent functions; add new ones (e.g. batch throughput) to SECTIONS.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const PDF_DOCS = ['huaian-2024-pdf', 'hongze-2023-pdf', 'hongze-2024-pdf'];
const RUNS = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function timeIt(fn, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function printTable(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** PDF reader read() vs `pdftotext -layout`, median of RUNS per corpus PDF. */
async function benchPdfReader() {
  const t0 = performance.now();
  const { pdfReader } = await import(path.join(ROOT, 'dist/read/pdf.js'));
  // first read includes pdf.js import and font setup: report it separately
  const first = readFileSync(path.join(CORPUS, PDF_DOCS[0], 'source.pdf'));
  await pdfReader.read(first);
  const warm = performance.now() - t0;
  const pdftotext = hasCommand('pdftotext');
  const rows = [];
  for (const id of PDF_DOCS) {
    const file = path.join(CORPUS, id, 'source.pdf');
    const bytes = readFileSync(file);
    let pages = 0;
    let tables = 0;
    const ms = await timeIt(async () => {
      const doc = await pdfReader.read(bytes);
      pages = doc.pages;
      tables = doc.blocks.filter((b) => b.kind === 'table').length;
    });
    const ref = pdftotext ? await timeIt(() => execFileSync('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] })) : null;
    rows.push([id, pages, tables, ms.toFixed(0), (ms / pages).toFixed(0), ref === null ? 'n/a' : ref.toFixed(0), ref === null ? '' : (ms / ref).toFixed(1) + '×']);
  }
  printTable(
    `PDF reader (median of ${RUNS} runs; first call incl. pdf.js import: ${warm.toFixed(0)} ms)`,
    ['document', 'pages', 'tables', 'read ms', 'ms/page', 'pdftotext -layout ms', 'ratio'],
    rows,
  );
}

/** Batch throughput and peak RSS (scripts/bench-batch.mjs), jobs 1 and 2 over ≥ 1,000 replicated corpus files. */
async function benchBatch() {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench-batch.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench-batch exited with ${r.status}`);
}

/** Jobs per second through `xxgk queue` (1 and 2 workers) vs a local batch (scripts/bench-queue.mjs; skipped without redis-server). */
async function benchQueue() {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench-queue.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench-queue exited with ${r.status}`);
}

const SECTIONS = [benchPdfReader, benchBatch, benchQueue];

for (const section of SECTIONS) await section();
