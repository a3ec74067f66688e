/**
 * Format sniffing (src/read/sniff.ts): the bytes decide, never the file name — and a report that
 * merely mentions `%PDF-` is not a PDF (found by a new user's trial: such a text or HTML report
 * became `corrupt_file`). Expected values from the corpus's expected.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { isPdf, sniffFormat } from '../src/read/sniff.js';
import { CORPUS, FIXTURES } from './helpers/corpus.js';

const expectedTables = (dir: string) => (JSON.parse(readFileSync(path.join(CORPUS, dir, 'expected.json'), 'utf8')) as { tables: unknown }).tables;
const enc = (s: string) => new TextEncoder().encode(s);

describe('a PDF is known by its header, not by a mention of it', () => {
  it('a text report with a line quoting %PDF-1.4 is read as text, with its numbers', async () => {
    const src = readFileSync(path.join(CORPUS, 'shanghai-kewei-2024-md', 'source.md'), 'utf8');
    const bytes = enc(`附件说明：原文件为 %PDF-1.4 格式\n${src}`);
    expect(sniffFormat(bytes)).toBe('text');
    const r = await extract(bytes);
    expect(r.tables).toEqual(expectedTables('shanghai-kewei-2024-md'));
  });

  it('an HTML report with %PDF-1.7 in a comment near the top is read as HTML, with its numbers', async () => {
    const src = readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), 'latin1');
    const bytes = Buffer.from(`<!-- export of %PDF-1.7 -->\n${src}`, 'latin1');
    expect(sniffFormat(bytes)).toBe('html');
    const r = await extract(bytes);
    expect(r.tables).toEqual(expectedTables('pingtan-2023-html'));
  });

  it('a line starting %PDF-1.4 in a text without %%EOF at its end is still text', () => {
    expect(isPdf(enc('政府信息公开工作年度报告\n%PDF-1.4 是文件格式\n一、总体情况\n'))).toBe(false);
  });

  it('a real PDF with junk before its header (an HTTP response saved with it) is a PDF, read as usual', async () => {
    const pdf = readFileSync(path.join(FIXTURES, 'real', 'huaian-2024.pdf'));
    const junk = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 417000\r\n\r\n', 'latin1');
    const bytes = Buffer.concat([junk, pdf]);
    expect(sniffFormat(bytes)).toBe('pdf');
    const want = (JSON.parse(readFileSync(path.join(FIXTURES, 'real', 'huaian-2024.expected.json'), 'utf8')) as { tables: unknown }).tables;
    expect((await extract(bytes)).tables).toEqual(want);
    // and a PDF after a byte-order mark and blank lines
    expect(isPdf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0x0a]), pdf]))).toBe(true);
  }, 60_000);
});
