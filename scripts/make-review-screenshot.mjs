#!/usr/bin/env node
// The README's screenshot of a review page: hongze-2023 (shared corpus), whose
// table 四 prints 行政复议 10 + 1 + 0 + 0 with 总计 0, with the failed check
// B1.review clicked. Needs `npm run build` and the system Chromium
// (CHROMIUM_PATH or /usr/bin/chromium). Usage: node scripts/make-review-screenshot.mjs [out.png]
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'docs', 'review-screenshot.png');
const source = path.resolve(root, '..', 'shared', 'corpus', 'hongze-2023-pdf', 'source.pdf');
const { extractRecord } = await import(pathToFileURL(path.join(root, 'dist', 'api.js')).href);
const { reviewHtml } = await import(pathToFileURL(path.join(root, 'dist', 'review', 'index.js')).href);

const bytes = readFileSync(source);
const rec = await extractRecord(bytes, { path: 'hongze-2023.pdf' });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xxgk-shot-'));
const file = path.join(tmp, 'review.html');
writeFileSync(file, await reviewHtml(rec, bytes));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(pathToFileURL(file).href);
  await page.click('#extracted li.fail[data-id="B1.review"]');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
