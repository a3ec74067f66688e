/**
 * Unicode format characters (general category Cf) inside numbers and labels (issue 13): bidi
 * marks and embeddings, soft hyphen, zero-width space and (non-)joiners, word joiner, a BOM inside
 * text. They are invisible when printed, so `1\u200B2` reads 12 and labels still match; the raw
 * text of a grid cell keeps them. Inputs: the corpus documents with format characters put into
 * every run of text (numbers, labels, headings, title); expected values: the corpus expected.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { normLabel, parseValue } from '../src/normalize.js';
import { compare, corpusDocs } from './helpers/corpus.js';

/** The format characters the test inserts, in turn. */
const CF = ['\u200b', '\u200e', '\u200f', '\u202a', '\u202c', '\u00ad', '\u2060', '\u200c', '\u200d', '\ufeff', '\u2066', '\u2069', '\u202e', '\u2067', '\u202d'];

/** A format character after every third character of `run` (in turn from CF), and one before a run of one or two. */
function sprinkle(run: string, next: () => string): string {
  const a = [...run];
  if (a.length < 3) return next() + run;
  let out = '';
  a.forEach((ch, i) => (out += ch + (i % 3 === 2 && i < a.length - 1 ? next() : '')));
  return out;
}

function withFormatChars(source: string, html: boolean): string {
  let k = 0;
  const next = () => CF[k++ % CF.length];
  if (html) {
    // text between the tags of the body, outside scripts, styles and comments
    const body = source.search(/<body/i);
    return (
      source.slice(0, body) +
      source
        .slice(body)
        .split(/(<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<!--[\s\S]*?-->)/i)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/>([^<]+)</g, (m, t: string) => (t.trim() === '' ? m : `>${sprinkle(t, next)}<`))))
        .join('')
    );
  }
  // every run of characters that holds no cell separator or space (markdown separator rows too)
  return source.split('\n').map((l) => l.replace(/[^\s|]+/g, (w) => sprinkle(w, next))).join('\n');
}

const dropCf = (s: string) => s.replace(/\p{Cf}/gu, '');

describe('format characters (Cf) inside numbers and labels', () => {
  it('parseValue reads through every kind: 1\\u200B2 is 12, a soft hyphen or bidi mark inside a number or dash is dropped', () => {
    for (const ch of CF) {
      expect(parseValue(`1${ch}2`)).toMatchObject({ kind: 'number', value: 12 });
      expect(parseValue(`${ch}5949.08${ch}8667${ch}`, { decimal: true })).toMatchObject({ kind: 'number', value: 5949.088667, decimal: '5949.088667' });
    }
    expect(parseValue('\u200e-\u200f')).toMatchObject({ kind: 'dash' });
    expect(parseValue('\u2066\u2069')).toMatchObject({ kind: 'blank' });
  });

  it('labels normalise to the same text with or without them', () => {
    for (const ch of CF) {
      expect(normLabel(`一、本年新收政府信息${ch}公开申请数量`)).toBe(normLabel('一、本年新收政府信息公开申请数量'));
      expect(normLabel(`自${ch}然人`)).toBe('自然人');
    }
  });

  const docs = corpusDocs().filter((d) => ['html', 'txt', 'md'].includes(d.source.split('.').pop()!));
  it('covers the corpus HTML, text and markdown documents', () => {
    expect(docs.map((d) => d.id).sort()).toEqual(['pingtan-2019-txt', 'pingtan-2021-txt', 'pingtan-2023-html', 'seed-shayibake-2024-txt', 'shanghai-kewei-2024-md']);
  });
  for (const doc of docs) {
    it(`${doc.id} with format characters in every word gives expected.json`, async () => {
      const source = readFileSync(doc.source, 'utf8');
      const marked = withFormatChars(source, doc.source.endsWith('.html'));
      // text: one per five characters at least; HTML: over a thousand in the page's text (table cells: every value's cell)
      expect(marked.length - source.length).toBeGreaterThan(doc.source.endsWith('.html') ? 1000 : source.replace(/\s/g, '').length / 5);
      const r = await extract(new Uint8Array(Buffer.from(marked)), { path: doc.source });
      expect(compare(r, doc.expected)).toEqual([]);
      expect(r.report.agency).toBe(doc.expected.report.agency);
      expect(r.report.title).not.toMatch(/\p{Cf}/u);
    });
  }

  it('a grid cell keeps its format characters in raw', async () => {
    const doc = docs.find((d) => d.id === 'pingtan-2023-html')!;
    const r = await extract(new Uint8Array(Buffer.from(withFormatChars(readFileSync(doc.source, 'utf8'), true))), { path: doc.source });
    const cell = r.cells['applications.new_received.natural_person'];
    expect(r.tables.applications.new_received.natural_person).toBe(80);
    expect(cell.raw).toMatch(/\p{Cf}/u);
    expect(dropCf(cell.raw!)).toBe('80');
  });
});
