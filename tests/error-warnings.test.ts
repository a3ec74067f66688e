/**
 * Error records carry the warnings raised before the failure (an RTF altChunk skipped, an
 * encoding guessed): CSV/XLSX users see their codes in the errors CSV's `warnings` column and a
 * single-file run on its stderr line, not only JSON/JSONL users (new-user trial). Input: the
 * field case docx-altchunk-report (the pingtan-2023 report imported into a DOCX as an altChunk)
 * with its chunk saved as RTF, which xxgk does not read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractRecord } from '../src/api.js';
import { singleOutcome } from '../src/cli/plan.js';
import type { ErrorRecord } from '../src/schema.js';
import { ERROR_COLUMNS, csvLines, errorRow } from '../src/write/csv.js';
import { errorLine } from '../src/write/error-line.js';
import { CORPUS } from './helpers/corpus.js';
import { rtfChunkDocx } from './helpers/docx.js';
import { parseCsv } from './helpers/cli.js';

const CASES = path.resolve(CORPUS, '../field-cases');

async function errorOf(bytes: Uint8Array, name: string): Promise<ErrorRecord> {
  const rec = await extractRecord(bytes, { path: name });
  if (!('error' in rec)) throw new Error(`expected an error record for ${name}`);
  return rec;
}

describe('warnings of error records outside JSON', () => {
  it('RTF altChunk: not_a_report with docx_altchunk_ignored in the errors CSV row and on the stderr line', async () => {
    const rec = await errorOf(rtfChunkDocx(), 'report.docx');
    expect(rec.error.code).toBe('not_a_report');
    expect(rec.warnings?.map((w) => w.code)).toEqual(['docx_altchunk_ignored']);

    const csv = parseCsv(csvLines([ERROR_COLUMNS as unknown as string[], errorRow(rec)]));
    expect(csv[0]).toEqual(['source.path', 'source.sha256', 'source.format', 'source.bytes', 'error.code', 'error.message', 'warnings']);
    expect(csv[1][0]).toBe('report.docx');
    expect(csv[1][4]).toBe('not_a_report');
    expect(csv[1][6]).toBe('docx_altchunk_ignored');

    const line = `xxgk: report.docx: not_a_report: ${rec.error.message} (warnings: docx_altchunk_ignored)`;
    expect(errorLine(rec)).toBe(line);
    expect(singleOutcome({ errorsOnStderr: false }, rec, false)).toEqual({ line, exit: 14 });
  });

  it('two codes are joined with " | " in the CSV, ", " on the line; repeated codes appear once', async () => {
    // the GBK page of field case html-meta-utf8-body-gbk without its tables (encoding_guessed), twice
    const page = iconv.decode(readFileSync(path.join(CASES, 'html-meta-utf8-body-gbk', 'input.html')), 'gbk').replace(/<table[\s\S]*?<\/table>/g, '');
    const gbk = await errorOf(new Uint8Array(iconv.encode(page, 'gbk')), 'page.html');
    const rtf = await errorOf(rtfChunkDocx(), 'report.docx');
    expect(gbk.warnings?.map((w) => w.code)).toEqual(['encoding_guessed']);
    const both: ErrorRecord = { ...rtf, warnings: [...rtf.warnings!, ...gbk.warnings!, ...rtf.warnings!] };
    expect(errorRow(both)[6]).toBe('docx_altchunk_ignored | encoding_guessed');
    expect(errorLine(both)).toMatch(/ \(warnings: docx_altchunk_ignored, encoding_guessed\)$/);
  });

  it('an error without warnings: empty field, no suffix', async () => {
    const rec = await errorOf(new Uint8Array(Buffer.from('<html><body><p>关于召开会议的通知</p></body></html>')), 'x.html');
    expect(errorRow(rec)[6]).toBeNull();
    expect(errorLine(rec)).toBe(`xxgk: x.html: not_a_report: ${rec.error.message}`);
  });
});

describe('data dictionary of the errors CSV (xxgk keys --columns errors)', () => {
  it('lists every errors-CSV column, warnings included, with a dtype', async () => {
    const { columnDictionary } = await import('../src/write/dictionary.js');
    const cols = columnDictionary('errors');
    expect(cols.map((c) => c.column)).toEqual([...ERROR_COLUMNS]);
    expect(cols.find((c) => c.column === 'warnings')).toMatchObject({ dtype: 'string' });
    expect(cols.find((c) => c.column === 'source.bytes')).toMatchObject({ dtype: 'integer' });
  });
});
