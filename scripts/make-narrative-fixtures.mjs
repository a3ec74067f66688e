#!/usr/bin/env node
/**
 * Narrative-check fixtures (issue 13), each a corpus document with one sentence of its prose
 * changed and nothing else (tables untouched):
 * - pingtan-2023-says-83.html: the report says it received 83 applications (共计81件 → 共计83件)
 *   over a table of 81: a report that disagrees with itself → N.applications.new_received.total fails, 83 vs 81;
 * - shayibake-2024-cn-numerals.txt: the seed with its count in Chinese numerals
 *   (累计办理依申请公开信息49件 → 四十九件) → N.applications.processed_total.total passes, 49.
 *
 * Run from the checkout: node scripts/make-narrative-fixtures.mjs (needs ../shared/corpus).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
const out = path.join(root, 'fixtures/narrative');

function derive(source, target, from, to) {
  const text = readFileSync(path.join(corpus, source), 'utf8');
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`${source}: "${from}" occurs ${n} times, expected once`);
  writeFileSync(path.join(out, target), text.replace(from, to));
  console.log(`${target}: ${from} → ${to}`);
}

derive('pingtan-2023-html/source.html', 'pingtan-2023-says-83.html', '政府信息公开申请共计81件', '政府信息公开申请共计83件');
derive('seed-shayibake-2024-txt/source.txt', 'shayibake-2024-cn-numerals.txt', '累计办理依申请公开信息49件', '累计办理依申请公开信息四十九件');
