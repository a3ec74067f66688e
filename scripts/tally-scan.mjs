#!/usr/bin/env node
/**
 * Accuracy of the OCR reader on the scan fixtures (issue 11): every printed field of the source
 * document's expected JSON counted as exact, null-and-flagged (kind `unreadable` with a warning
 * naming it) or wrong; a field the expected JSON gives kind `blank` is exact only as null of kind
 * `blank`. Also the CPU of `extract()` (engine start-up included, process start-up not) per page
 * and the process's peak RSS. Reads dist/ (run `npm run build` first).
 *
 *   node scripts/tally-scan.mjs FILE EXPECTED.json [-v]   # one file: a JSON line (-v: and its warnings)
 *   node scripts/tally-scan.mjs --all                      # the scanned-PDF fixtures, one process each: a table
 *   node scripts/tally-scan.mjs --images                   # the page-image fixtures (ruled pages 1–2, hongze-2024
 *                                                          # pages 2–4) summed per condition: a table
 * Fields "read" are those whose cell the result has (a row or table not found on a page image is
 * counted under "not read", never as exact).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCAN = 'fixtures/scan';
const CITY = 'fixtures/pdf-sweep/expected/city-2020.json';
const COUNTY = `${SCAN}/county-2019-blank.expected.json`;
/** The scanned-PDF fixtures and the expected JSON of the document each was scanned from. */
const ALL = [
  ...['150q40', '200g', '300bw', 'seal'].map((c) => [`${SCAN}/county-2019-blank-scan-${c}.pdf`, COUNTY]),
  ...['150q40', '200g', '300bw', 'seal'].map((c) => [`${SCAN}/city-2020-scan-${c}.pdf`, CITY]),
  [`${SCAN}/ruled-scan-200g.pdf`, 'fixtures/pdf/ruled.expected.json'],
  [`${SCAN}/ruled-scan-seal.pdf`, 'fixtures/pdf/ruled.expected.json'],
  [`${SCAN}/hongze-2024-scan-150q40.pdf`, `${SCAN}/hongze-2024.expected.json`],
  // text pages 1–2 + scanned pages 3–4 (scripts/make-mixed-scan-fixture.sh): table 三 from a text page onto OCR'd pages
  [`${SCAN}/county-2019-blank-mixed.pdf`, COUNTY],
];

async function one(file, exp, verbose) {
  const { extract } = await import(path.join(ROOT, 'dist/api.js'));
  const E = JSON.parse(readFileSync(path.resolve(ROOT, exp), 'utf8'));
  const c0 = process.cpuUsage();
  const r = await extract(readFileSync(path.resolve(ROOT, file)), { path: path.basename(file) });
  const u = process.cpuUsage(c0);
  let read = 0, exact = 0, flagged = 0, blank = 0;
  const wrong = [], unread = [];
  for (const [t, rows] of Object.entries(E.tables)) {
    for (const [row, cols] of Object.entries(rows)) {
      for (const [k, want] of Object.entries(cols)) {
        const p = `${t}.${row}.${k}`;
        const ek = E.kinds?.[p];
        if (ek === 'absent' || (want === null && ek !== 'blank')) continue;
        const c = r.cells[p];
        const got = r.tables[t][row][k];
        if (!c || c.kind === 'absent') {
          unread.push(p);
          continue;
        }
        read++;
        const ok = ek === 'blank' ? got === null && c.kind === 'blank' : got === want;
        if (ok) {
          exact++;
          if (ek === 'blank') blank++;
        } else if (got === null && c.kind === 'unreadable' && r.warnings.some((w) => w.field === p)) flagged++;
        else wrong.push(`${p}: got ${got} (${c.kind} ${JSON.stringify(c.raw)}), document prints ${ek === 'blank' ? 'a blank' : want}`);
      }
    }
  }
  const pages = r.source.pages ?? 1;
  const out = { file: path.basename(file), pages, read, exact, pct: +((100 * exact) / read).toFixed(2), flagged, wrong, unread: unread.length, blank, cpu: +((u.user + u.system) / 1e6).toFixed(2), cpuPerPage: +((u.user + u.system) / 1e6 / pages).toFixed(2), rssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  console.log(JSON.stringify(out));
  if (verbose) for (const w of r.warnings) console.log(w.code, w.field ?? '', w.message);
}

const RULED = 'fixtures/pdf/ruled.expected.json', HONGZE = `${SCAN}/hongze-2024.expected.json`;
/** Page-image conditions: the images of each source (one document each) and its expected JSON. */
const pageImages = (suffix) => [
  ...[1, 2].map((p) => [`${SCAN}/ruled-p${p}-${suffix}`, RULED]),
  ...[2, 3, 4].map((p) => [`${SCAN}/hongze-2024-p${p}-${suffix}`, HONGZE]),
];
const IMAGES = [
  ['200 dpi gray PNG', pageImages('200g.png')],
  ['150 dpi gray JPEG quality 40', pageImages('150q40.jpg')],
  ['200 dpi gray rotated, noise, JPEG quality 70', pageImages('rot.jpg')],
  ['200 dpi colour, red seal', pageImages('seal.png')],
  ['300 dpi bilevel G4 TIFF (two multi-page TIFFs)', [[`${SCAN}/ruled-300bw.tif`, RULED], [`${SCAN}/hongze-2024-300bw.tif`, HONGZE]]],
];

function child(file, exp) {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), file, exp], { encoding: 'utf8', cwd: ROOT });
  const line = res.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) console.error(file, res.stderr.slice(0, 400));
  return line ? JSON.parse(line) : null;
}

const args = process.argv.slice(2);
if (args[0] === '--images') {
  console.log('| condition | pages | fields read | exact | null, flagged | wrong | not read | CPU s / page |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [label, files] of IMAGES) {
    const rs = files.map(([f, e]) => child(f, e)).filter(Boolean);
    const sum = (k) => rs.reduce((s, r) => s + (Array.isArray(r[k]) ? r[k].length : r[k]), 0);
    console.log(`| ${label} | ${sum('pages')} | ${sum('read')} | ${sum('exact')} | ${sum('flagged')} | ${sum('wrong')} | ${sum('unread')} | ${(sum('cpu') / sum('pages')).toFixed(2)} |`);
    for (const r of rs) for (const w of r.wrong) console.log(`WRONG ${r.file} ${w}`);
  }
} else if (args[0] === '--all') {
  const rows = [];
  for (const [file, exp] of ALL) {
    const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), file, exp], { encoding: 'utf8', cwd: ROOT });
    const line = res.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) {
      console.error(file, res.stderr.slice(0, 400));
      continue;
    }
    rows.push(JSON.parse(line));
  }
  console.log('| PDF | pages | fields read | exact | null, flagged | wrong | not read | CPU s / page | peak RSS MB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.file} | ${r.pages} | ${r.read} | ${r.exact} (${r.pct}%) | ${r.flagged} | ${r.wrong.length} | ${r.unread} | ${r.cpuPerPage} | ${r.rssMB} |`);
  for (const r of rows) for (const w of r.wrong) console.log(`WRONG ${r.file} ${w}`);
} else if (args.length >= 2) await one(args[0], args[1], args.includes('-v'));
else {
  console.error('usage: node scripts/tally-scan.mjs FILE EXPECTED.json [-v] | --all');
  process.exit(2);
}
