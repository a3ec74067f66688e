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

/**
 * OCR: CPU seconds per scanned table page at 200 dpi (and the other fixture conditions), in a
 * child process so that its peak memory (max RSS, tesseract workers included) is its own.
 * CPU is process CPU (user + system over all threads); engine start-up is reported apart.
 */
async function benchOcr() {
  const SCAN = path.join(ROOT, 'fixtures/scan');
  const files = ['ruled-p2-200g.png', 'hongze-2024-p3-200g.png', 'hongze-2024-p4-200g.png', 'hongze-2024-p3-150q40.jpg', 'hongze-2024-p3-seal.png', 'ruled-300bw.tif'];
  const child = `
    const fs = await import('node:fs');
    const { decodeImage } = await import(${JSON.stringify(path.join(ROOT, 'dist/read/ocr/decode.js'))});
    const { ocrPages } = await import(${JSON.stringify(path.join(ROOT, 'dist/read/ocr/index.js'))});
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
    const files = ${JSON.stringify(files)};
    const out = [];
    let c0 = cpu();
    // engine start-up: one tiny page through both workers
    const { session } = await ocrPages([]);
    const blank = { width: 40, height: 20, data: new Uint8Array(800).fill(255) };
    await session.engine.readDigits(blank); await session.engine.readText(blank);
    const startup = cpu() - c0;
    for (const f of files) {
      const pages = await decodeImage(fs.readFileSync(${JSON.stringify(SCAN)} + '/' + f));
      c0 = cpu();
      const r = await ocrPages(pages.map((bitmap, i) => ({ page: i + 1, bitmap })), { session });
      out.push([f, pages.length, ((cpu() - c0) / pages.length).toFixed(2), session.engine.reads]);
    }
    await session.close();
    console.log(JSON.stringify({ startup, out, rss: process.resourceUsage().maxRSS }));
  `;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = res.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) {
    console.log('\nOCR: failed', res.stderr.slice(0, 500));
    return;
  }
  const r = JSON.parse(line);
  printTable(
    `OCR reading of scanned table pages (CPU s per page, reading only; engine start-up ${r.startup.toFixed(2)} s CPU once per document; peak RSS ${Math.round(r.rss / 1024)} MB; target <= 3 s, aim <= 1 s at 200 dpi)`,
    ['file', 'pages', 'CPU s/page', 'crops read (cumulative)'],
    r.out,
  );
}

const SECTIONS = [benchPdfReader, benchBatch, benchOcr];
const only = process.argv[2];

for (const section of SECTIONS) if (!only || section.name === only) await section();
