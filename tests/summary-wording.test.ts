/**
 * Wording a new user can read (new-user trial): the review page's narrative-check heading counts
 * passed / uncertain / failed (it said "0 failed, 14 other"), and the batch summary says what its
 * warning count counts (it said "warnings: 513").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { count, newTally, summary } from '../src/cli/progress.js';
import { renderChecks } from '../src/review/tables.js';
import type { Result } from '../src/schema.js';
import { CORPUS, FIXTURES } from './helpers/corpus.js';

const PINGTAN = path.join(CORPUS, 'pingtan-2023-html', 'source.html');

describe('review page: narrative checks by status', () => {
  it('pingtan-2023: the 12 counts part 一 states all agree with the tables → 0 failed, 0 uncertain, 12 passed', async () => {
    // corpus notes: part 一 states 77 行政规范性文件 issued, 81 applications (自然人80, 商业企业1), 81
    // processed, 予以公开及部分公开42, 不予公开5, 无法提供31, 不予处理1, 其他处理2, 行政复议2, 行政诉讼7
    const r = await extract(readFileSync(PINGTAN), { path: 'pingtan.html' });
    const html = renderChecks(r);
    expect(html).toContain('<h2>正文 narrative checks: 0 failed, 0 uncertain, 12 passed (not counted in checks_failed)</h2>');
    expect(html).not.toMatch(/\d+ other\b/);
  });

  it('a page whose prose says 83 applications where the table says 81: 1 failed, the rest passed', async () => {
    const r = await extract(readFileSync(path.join(FIXTURES, 'narrative/pingtan-2023-says-83.html')), { path: 'said83.html' });
    const ns = r.checks.filter((c) => c.id.startsWith('N.'));
    const html = renderChecks(r);
    expect(html).toContain(`正文 narrative checks: 1 failed, 0 uncertain, ${ns.length - 1} passed`);
  });
});

describe('batch summary: what the warning count counts', () => {
  it('warnings in results, all severities, then by severity; error records\' warnings are not in it', async () => {
    const base = await extract(readFileSync(PINGTAN), { path: 'a.html' });
    const w = (code: string, severity: 'info' | 'warning' | 'data_loss') => ({ code, severity, message: code }) as Result['warnings'][number];
    const a: Result = { ...base, warnings: [w('table_not_found', 'data_loss'), w('template_guessed', 'warning'), w('encoding_guessed', 'warning')] };
    const b: Result = { ...base, warnings: [w('agency_from_path', 'info')] };
    const t = newTally(3);
    count(t, a);
    count(t, b);
    count(t, { schema_version: '2', source: { path: 'c.docx', format: 'docx', sha256: 'c'.repeat(64), bytes: 1 }, error: { code: 'not_a_report', message: 'x' }, warnings: [w('docx_altchunk_ignored', 'warning')] });
    const s = summary(t, 0);
    expect(s).toContain('  results with failed checks: 0; warnings in results (all severities): 4 (data_loss 1, warning 2, info 1)\n');
  });
});
