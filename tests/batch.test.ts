/**
 * Batches through the built CLI (`node bin/xxgk.js`, dist/ built by
 * tests/global-setup.ts) and the batch library API.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { extract } from '../src/api.js';
import { extractMany, extractManyIndexed } from '../src/batch/index.js';
import { Progress, newTally } from '../src/cli/progress.js';
import { RecordSchema, type OutputRecord, type Result } from '../src/schema.js';
import { cellPaths } from '../src/template.js';
import { jsonl, parseCsv } from './helpers/cli.js';
import { CORPUS, FIXTURES } from './helpers/corpus.js';

/** The private build made by tests/global-setup.ts. */
const BUILD = inject('xxgkBuild');
const BIN = BUILD.bin;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function xxgk(args: string[], opts: { cwd?: string; input?: Buffer | string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - t0 }));
    child.stdin.end(opts.input ?? '');
  });
}

const isErr = (r: OutputRecord) => 'error' in r;

let tmp: string;
/** Names (under tmp/in) of the good documents and the bad ones with their expected codes. */
const good: string[] = [];
const bad: Record<string, string> = {};

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-batch-'));
  const dir = path.join(tmp, 'in');
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  for (const id of readdirSync(CORPUS).sort()) {
    const d = path.join(CORPUS, id);
    if (!existsSync(path.join(d, 'expected.json'))) continue;
    const src = readdirSync(d).find((f) => f.startsWith('source.'));
    if (!src) continue;
    const name = `${id}${path.extname(src)}`;
    copyFileSync(path.join(d, src), path.join(dir, name));
    good.push(name);
  }
  for (const f of readdirSync(path.join(FIXTURES, 'docx')).filter((f) => f.endsWith('.docx'))) {
    copyFileSync(path.join(FIXTURES, 'docx', f), path.join(dir, 'sub', f));
    good.push(`sub/${f}`);
  }
  const pdf = readFileSync(path.join(CORPUS, 'huaian-2024-pdf', 'source.pdf'));
  writeFileSync(path.join(dir, 'truncated.pdf'), pdf.subarray(0, 4000));
  bad['truncated.pdf'] = 'corrupt_file';
  const garbage = Buffer.alloc(6000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  writeFileSync(path.join(dir, 'garbage.pdf'), garbage);
  bad['garbage.pdf'] = 'unsupported_format';
  writeFileSync(path.join(dir, 'empty.pdf'), '');
  bad['empty.pdf'] = 'corrupt_file';
  writeFileSync(path.join(dir, 'not-a-report.html'), '<!doctype html><html><head><title>通知</title></head><body><p>今天天气很好。</p><table><tr><td>a</td><td>1</td></tr></table></body></html>');
  bad['not-a-report.html'] = 'not_a_report';
  // not reports: skipped by content sniffing when found in a directory
  writeFileSync(path.join(dir, 'style.css'), 'body { color: red }\n');
  writeFileSync(path.join(dir, 'app.js'), 'document.write("<div>hi</div>");\n');
  writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
}, 60_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The expected input order of a directory walk: paths sorted by code point. */
function expectedOrder(): string[] {
  return [...good, ...Object.keys(bad)].map((n) => `in/${n}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('batch: mixed good and corrupt inputs', () => {
  let run: Run;
  let records: OutputRecord[];
  beforeAll(async () => {
    run = await xxgk(['extract', 'in', '-o', 'full.jsonl', '--jobs', '2'], { cwd: tmp });
    records = jsonl(readFileSync(path.join(tmp, 'full.jsonl'), 'utf8'));
  }, 120_000);

  it('yields exactly one valid record per input, in input order', () => {
    expect(records.map((r) => r.source.path)).toEqual(expectedOrder());
    for (const r of records) expect(() => RecordSchema.parse(r)).not.toThrow();
  });

  it('skips files that are not reports (css, js, png) and says so', () => {
    expect(records.some((r) => /\.(css|js|png)$/.test(r.source.path ?? ''))).toBe(false);
    expect(run.stderr).toMatch(/skipped 3 file\(s\) that are not reports/);
  });

  it('gives typed error records for the corrupt inputs and exit status 1', () => {
    for (const [name, code] of Object.entries(bad)) {
      const r = records.find((x) => x.source.path === `in/${name}`)!;
      expect(r, name).toBeDefined();
      expect(isErr(r) ? (r as { error: { code: string } }).error.code : 'result', name).toBe(code);
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/errors by code:/);
  });

  it('gives the good documents the same result as single-file extraction', async () => {
    for (const name of good) {
      const p = `in/${name}`;
      const rec = records.find((x) => x.source.path === p)!;
      const single = await extract(readFileSync(path.join(tmp, p)), { path: p }).catch((e: { code?: string }) => ({ error: e.code }));
      if (isErr(rec)) {
        // a corpus document the extractor cannot read yet fails the same way alone
        expect((single as { error?: string }).error, p).toBe((rec as { error: { code: string } }).error.code);
      } else {
        expect(rec, p).toEqual(single);
      }
    }
    const viaCli = await xxgk(['extract', `in/${good[0]}`], { cwd: tmp });
    expect(JSON.parse(viaCli.stdout)).toEqual(records.find((r) => r.source.path === `in/${good[0]}`));
  }, 120_000);

  it('keeps the progress line off when stderr is not a terminal', () => {
    expect(run.stderr).not.toMatch(/\r|\x1b\[|ETA/);
  });

  it('resumes after a simulated kill with no duplicate and no gap', async () => {
    const full = readFileSync(path.join(tmp, 'full.jsonl'), 'utf8');
    const lines = full.split('\n').filter(Boolean);
    const keep = 6;
    const partial = lines.slice(0, keep).join('\n') + '\n' + lines[keep].slice(0, Math.floor(lines[keep].length / 2));
    writeFileSync(path.join(tmp, 'part.jsonl'), partial);
    const r = await xxgk(['extract', 'in', '-o', 'part.jsonl', '--resume', '--jobs', '2'], { cwd: tmp });
    expect(r.stderr).toMatch(/cut a partial last line/);
    expect(r.stderr).toMatch(new RegExp(`skipped ${keep} input\\(s\\) already in the output`));
    const resumed = readFileSync(path.join(tmp, 'part.jsonl'), 'utf8');
    expect(resumed).toBe(full);
    // and once more: nothing left to do, nothing appended
    const again = await xxgk(['extract', 'in', '-o', 'part.jsonl', '--resume', '--quiet'], { cwd: tmp });
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'part.jsonl'), 'utf8')).toBe(full);
  }, 120_000);

  it('writes wide CSV in the contract column order, errors to <out>.errors.csv', async () => {
    const r = await xxgk(['extract', 'in', '-o', 'wide.csv', '--quiet'], { cwd: tmp });
    expect(r.code).toBe(1);
    const rows = parseCsv(readFileSync(path.join(tmp, 'wide.csv'), 'utf8'));
    const header = rows[0];
    const isActive = (p: string) => p.startsWith('active_disclosure.');
    const p21 = cellPaths('2021');
    const only19 = cellPaths('2019').filter((p) => isActive(p) && !p21.includes(p));
    expect(header).toEqual([
      'source.path',
      'source.sha256',
      'source.format',
      'report.title',
      'report.agency',
      'report.year',
      'report.published',
      'report.template',
      'report.mixed',
      ...[...p21.filter(isActive), ...only19, ...p21.filter((p) => !isActive(p))].map((p) => `tables.${p}`),
      'checks_failed',
      'checks_failed_ids',
      'checks_uncertain',
      'narrative_failed',
      'cells_null',
      'warnings',
      'warnings_info',
      'warnings_warning',
      'warnings_data_loss',
    ]);
    // every path of both templates exactly once
    const tableCols = header.filter((h) => h.startsWith('tables.'));
    expect(new Set(tableCols).size).toBe(tableCols.length);
    expect(new Set(tableCols)).toEqual(new Set([...p21, ...cellPaths('2019')].map((p) => `tables.${p}`)));

    const results = jsonl(readFileSync(path.join(tmp, 'full.jsonl'), 'utf8')).filter((x) => !isErr(x)) as Result[];
    const data = rows.slice(1);
    expect(data.map((d) => d[0])).toEqual(results.map((x) => x.source.path));
    for (const [i, res] of results.entries()) {
      const row = Object.fromEntries(header.map((h, j) => [h, data[i][j]]));
      for (const p of cellPaths(res.report.template)) {
        const [t, rr, c] = p.split('.');
        const v = (res.tables as Record<string, Record<string, Record<string, number | null>>>)[t][rr][c];
        expect(row[`tables.${p}`], `${res.source.path} ${p}`).toBe(v === null ? '' : String(v));
      }
      expect(row['report.year']).toBe(res.report.year === null ? '' : String(res.report.year));
      const failed = res.checks.filter((c) => /^(A1|A2|A3|B1)\./.test(c.id) && c.status === 'fail');
      expect(row.checks_failed).toBe(String(failed.length));
      expect(row.checks_failed_ids).toBe(failed.map((c) => c.id).join(' '));
      expect(row['report.template']).toBe(res.report.template);
      expect(row['report.mixed']).toBe(String(res.report.mixed));
      expect(row['source.format']).toBe(res.source.format);
      expect(row.warnings).toBe(String(res.warnings.length));
    }
    const errs = parseCsv(readFileSync(path.join(tmp, 'wide.errors.csv'), 'utf8'));
    expect(errs[0]).toEqual(['source.path', 'source.sha256', 'source.format', 'source.bytes', 'error.code', 'error.message', 'warnings']);
    expect(errs.length - 1 + data.length).toBe(expectedOrder().length);
    for (const [name, code] of Object.entries(bad)) expect(errs.find((e) => e[0] === `in/${name}`)?.[4]).toBe(code);
  }, 120_000);

  it('writes csv-long with one row per contract cell per report; --excel adds a BOM', async () => {
    const r = await xxgk(['extract', 'in', '--format', 'csv-long', '--excel', '--quiet'], { cwd: tmp });
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(r.stdout.slice(1));
    expect(rows[0].slice(0, 11)).toEqual(['source.path', 'source.sha256', 'report.agency', 'report.year', 'report.template', 'table', 'row', 'column', 'value', 'kind', 'raw']);
    expect(rows[0].slice(11)).toEqual(['cell.page', 'cell.table', 'cell.row', 'cell.col', 'cell.line', 'cell.x', 'cell.y', 'cell.w', 'cell.h']);
    const results = records.filter((x) => !isErr(x)) as Result[];
    for (const res of results) {
      const mine = rows.slice(1).filter((x) => x[0] === res.source.path);
      expect(mine.map((x) => `${x[5]}.${x[6]}.${x[7]}`)).toEqual(cellPaths(res.report.template));
      for (const x of mine) {
        const cell = res.cells[`${x[5]}.${x[6]}.${x[7]}`];
        expect(x[9]).toBe(cell.kind);
        expect([x[1], x[4]]).toEqual([res.source.sha256, res.report.template]);
        // where the cell was found, as in the JSON
        expect(x.slice(11, 16)).toEqual([cell.page, cell.table, cell.row, cell.col, cell.line].map((v) => (v === undefined ? '' : String(v))));
      }
    }
    expect(rows.length - 1).toBe(results.reduce((n, res) => n + cellPaths(res.report.template).length, 0));
    // error records went to stderr as lines, one per failed input
    for (const name of Object.keys(bad)) expect(r.stderr).toContain(`xxgk: in/${name}: ${bad[name]}:`);
  }, 120_000);
});

describe('batch: inputs named by a glob', () => {
  it('records the paths as the pattern names them: an absolute pattern absolute, a relative one relative', async () => {
    // found by a new user: '/…/corpus/*/source.*' recorded '../shared/corpus/…', relative to wherever it was run
    const tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-glob-'));
    try {
      mkdirSync(path.join(tmp, 'in'));
      copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(tmp, 'in', 'a.html'));
      copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(tmp, 'in', 'b.html'));
      const abs = await xxgk(['extract', path.join(tmp, 'in', '*.html'), '--format', 'jsonl', '-q', '-j', '1'], { cwd: FIXTURES });
      expect(abs.code, abs.stderr).toBe(0);
      expect(jsonl(abs.stdout).map((r) => r.source.path)).toEqual([path.join(tmp, 'in', 'a.html'), path.join(tmp, 'in', 'b.html')]);
      const rel = await xxgk(['extract', 'in/*.html', '--format', 'jsonl', '-q', '-j', '1'], { cwd: tmp });
      expect(rel.code, rel.stderr).toBe(0);
      expect(jsonl(rel.stdout).map((r) => r.source.path)).toEqual(['in/a.html', 'in/b.html']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('batch: single file and stdin', () => {
  it('reads one document from stdin', async () => {
    const html = readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'));
    const r = await xxgk(['extract', '-', '--pretty'], { input: html });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{\n {2}"schema_version"/);
    expect(JSON.parse(r.stdout)).toEqual(await extract(html, { path: null }));
  }, 60_000);

  it('keeps the single-file exit status of the error code', async () => {
    const r = await xxgk(['extract', path.join(tmp, 'in', 'empty.pdf')]);
    expect(r.code).toBe(11);
    expect(JSON.parse(r.stdout).error.code).toBe('corrupt_file');
    const missing = await xxgk(['extract', path.join(tmp, 'no-such-file.pdf')]);
    expect(missing.code).toBe(16);
    expect(JSON.parse(missing.stdout).error.code).toBe('io_error');
  }, 60_000);

  it('rejects bad usage with status 2', async () => {
    const noOut = await xxgk(['extract', 'in', '--resume'], { cwd: tmp });
    expect(noOut.code, noOut.stderr).toBe(2);
    expect((await xxgk(['extract', 'in', '--jobs', '0'], { cwd: tmp })).code).toBe(2);
    expect((await xxgk(['extract', 'in', '--format', 'xml'], { cwd: tmp })).code).toBe(2);
  }, 60_000);
});

describe('batch: limits', () => {
  it('turns a file over --timeout into a timeout record without blocking the others', async () => {
    const dir = path.join(tmp, 'slow');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'b__xxgk_hang__.txt'), 'hangs (test hook)');
    copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(dir, 'a.html'));
    copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(dir, 'c.html'));
    const r = await xxgk(['extract', 'slow', '--jobs', '1', '--timeout', '2'], { cwd: tmp, env: { XXGK_TEST_HOOKS: '1' } });
    const recs = jsonl(r.stdout);
    expect(recs.map((x) => x.source.path), r.stderr).toEqual(['slow/a.html', 'slow/b__xxgk_hang__.txt', 'slow/c.html']);
    expect((recs[1] as { error: { code: string } }).error.code).toBe('timeout');
    expect(isErr(recs[0])).toBe(false);
    expect(isErr(recs[2])).toBe(false);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(20_000);
  }, 60_000);

  it('turns a worker that exceeds --max-memory into a too_large record', async () => {
    const dir = path.join(tmp, 'fat');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a__xxgk_bloat__.txt'), 'bloats (test hook)');
    copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(dir, 'b.html'));
    const r = await xxgk(['extract', 'fat', '--jobs', '1', '--max-memory', '64', '--timeout', '30'], { cwd: tmp, env: { XXGK_TEST_HOOKS: '1' } });
    const recs = jsonl(r.stdout);
    expect((recs[0] as { error: { code: string } }).error.code).toBe('too_large');
    expect(isErr(recs[1])).toBe(false);
  }, 60_000);

  it('caps the PDF engine\'s WebAssembly memory (outside the V8 heap) at --max-memory: too_large, and the next PDF on that worker reads', async () => {
    // a content stream that inflates to 100 MB (fixtures/hostile/flate-bomb-content.pdf)
    const dir = path.join(tmp, 'wasm');
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(FIXTURES, 'hostile', 'flate-bomb-content.pdf'), path.join(dir, 'a.pdf'));
    copyFileSync(path.join(FIXTURES, 'real', 'huaian-2024.pdf'), path.join(dir, 'b.pdf'));
    const r = await xxgk(['extract', 'wasm', '--jobs', '1', '--max-memory', '64', '--timeout', '30'], { cwd: tmp });
    const recs = jsonl(r.stdout);
    expect((recs[0] as { error: { code: string } }).error.code, r.stderr).toBe('too_large');
    expect(isErr(recs[1])).toBe(false);
    // a single input runs in-process: the same cap, the error code's exit status
    const one = await xxgk(['extract', 'wasm/a.pdf', '--max-memory', '64'], { cwd: tmp });
    expect(one.code).toBe(18);
    expect(JSON.parse(one.stdout).error.code).toBe('too_large');
  }, 60_000);
});

describe('batch: files done while an earlier one holds the output', () => {
  it('onDone counts every finished file at once, though records wait for the slow first one (input order)', async () => {
    // found by a new user: the progress line said 0/174 for seconds while a second worker finished 173 files
    const dir = path.join(tmp, 'held');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a__xxgk_hang__.txt'), 'hangs (test hook)');
    for (const n of ['b', 'c', 'd']) copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(dir, `${n}.html`));
    const before = process.env.XXGK_TEST_HOOKS;
    process.env.XXGK_TEST_HOOKS = '1'; // read by the workers started below
    try {
      const doneAt: number[] = [];
      const seen: { index: number; finishedBefore: number[] }[] = [];
      const inputs = ['a__xxgk_hang__.txt', 'b.html', 'c.html', 'd.html'].map((n) => path.join(dir, n));
      for await (const r of extractManyIndexed(inputs, { jobs: 2, timeoutMs: 4000, onDone: (i) => doneAt.push(i) })) seen.push({ index: r.index, finishedBefore: [...doneAt] });
      expect(seen.map((s) => s.index)).toEqual([0, 1, 2, 3]);
      // when the slow first record came out, the three others had been counted done already
      expect(seen[0].finishedBefore.slice().sort()).toEqual([0, 1, 2, 3]);
      expect(doneAt.indexOf(0)).toBe(3);
    } finally {
      if (before === undefined) delete process.env.XXGK_TEST_HOOKS;
      else process.env.XXGK_TEST_HOOKS = before;
    }
  }, 60_000);

  it('the progress line shows files finished, not only records written', () => {
    const t = newTally(174);
    t.finished = 173;
    const tty = { isTTY: true, columns: 120, text: '', write(s: string) { this.text += s; } };
    new Progress(t, tty, true).tick(true);
    expect(tty.text).toMatch(/ 173\/174 /);
  });
});

describe('batch: a stray rejection in a worker', () => {
  const hostile = path.join(FIXTURES, 'hostile', 'deep-nesting-pagecount.pdf');
  it('does not cost the next file on the same worker', async () => {
    const dir = path.join(tmp, 'stray');
    mkdirSync(dir, { recursive: true });
    copyFileSync(hostile, path.join(dir, 'a.pdf'));
    for (const n of ['b', 'c', 'd']) copyFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), path.join(dir, `${n}.html`));
    const r = await xxgk(['extract', 'stray', '--jobs', '1', '--quiet'], { cwd: tmp });
    const recs = jsonl(r.stdout);
    expect(recs.map((x) => x.source.path)).toEqual(['stray/a.pdf', 'stray/b.html', 'stray/c.html', 'stray/d.html']);
    expect(isErr(recs[0])).toBe(true);
    for (const x of recs.slice(1)) expect(isErr(x), JSON.stringify((x as { error?: unknown }).error)).toBe(false);
  }, 60_000);
});

describe('batch: library API and progress', () => {
  it('extractMany yields one record per input in input order, completion order holds the same set', async () => {
    const files = ['pingtan-2023-html', 'huaian-2024-pdf', 'template-blank-2021-docx'].map((id) => {
      const d = path.join(CORPUS, id);
      return path.join(d, readdirSync(d).find((f) => f.startsWith('source.'))!);
    });
    const inputs = [...files, { path: 'mem.pdf', bytes: new Uint8Array() }];
    const ordered: OutputRecord[] = [];
    for await (const r of extractMany(inputs, { jobs: 2, workerFile: BUILD.worker })) ordered.push(r);
    expect(ordered.map((r) => r.source.path)).toEqual([...files, 'mem.pdf']);
    expect((ordered[3] as { error: { code: string } }).error.code).toBe('corrupt_file');
    const unordered: OutputRecord[] = [];
    for await (const r of extractMany(inputs, { jobs: 2, order: 'completion', workerFile: BUILD.worker })) unordered.push(r);
    expect(new Set(unordered.map((r) => r.source.path))).toEqual(new Set(ordered.map((r) => r.source.path)));
  }, 60_000);

  it('draws progress only on a terminal and not when quiet', () => {
    const sink = (isTTY: boolean) => ({ isTTY, columns: 120, text: '', write(s: string) { this.text += s; } });
    const t = newTally(10);
    t.done = 4;
    t.errors = 1;
    t.failures = 1;
    const tty = sink(true);
    const p = new Progress(t, tty, Progress.wanted(tty, false));
    p.tick(true);
    expect(tty.text).toMatch(/4\/10 .* files\/s ETA .* failed 1/);
    const pipe = sink(false);
    new Progress(t, pipe, Progress.wanted(pipe, false)).tick(true);
    expect(pipe.text).toBe('');
    const quiet = sink(true);
    new Progress(t, quiet, Progress.wanted(quiet, true)).tick(true);
    expect(quiet.text).toBe('');
  });
});
