/**
 * The option logic of `xxgk extract` (src/cli/plan.ts) without spawning the CLI. Expected values
 * come from README ("Batches and datasets", "Exit status") and issue 14: default format, the
 * output's extension, the guard (--resume/--force), the errors CSV, the sidecar, --resume, stdin
 * and --files-from, the re-run, progress, pool and writer options, the closing line.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Discovery } from '../src/batch/inputs.js';
import {
  batchExit,
  errorsFileFor,
  guardOutput,
  listSource,
  optionDifferences,
  outputFormat,
  planExtract,
  planResume,
  planStart,
  resumeNotices,
  singleOutcome,
  type ExtractFacts,
  type ExtractOpts,
  type StartFacts,
} from '../src/cli/plan.js';
import { UsageError } from '../src/cli/usage.js';
import type { ErrorRecord } from '../src/schema.js';

const opts = (o: Partial<ExtractOpts> = {}): ExtractOpts => ({ jobs: 2, timeout: 60, maxMemory: 1024, order: 'input', ...o });
const files = (...paths: string[]): Discovery => ({ inputs: paths.map((p) => ({ kind: 'file' as const, path: p })), skipped: [], unmatched: [], single: false });
const single = (p: string): Discovery => ({ ...files(p), single: true });
const stdin: Discovery = { inputs: [{ kind: 'stdin' }], skipped: [], unmatched: [], single: true };
const noTTY: ExtractFacts = { output: null, errorsDefault: null, stdoutIsTTY: false, stderrIsTTY: false };
/** planExtract with -o facts: `out` is what is at -o (absent unless said). */
const plan = (o: Partial<ExtractOpts>, d: Discovery, f: Partial<ExtractFacts> = {}, listed = false) =>
  planExtract(opts(o), { listed }, d, { ...noTTY, output: o.output ? 'absent' : null, errorsDefault: o.output ? 'absent' : null, ...f });
const startFacts = (f: Partial<StartFacts> = {}): StartFacts => ({ listed: null, stdin: 'none', output: null, errors: null, argIsFile: false, canReexec: true, ...f });
const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no usage error');
};
const errorRecord = (code: ErrorRecord['error']['code'], p: string | null = 'a.pdf'): ErrorRecord => ({
  schema_version: '2',
  source: { path: p, format: 'pdf', sha256: '0'.repeat(64), bytes: 10 },
  error: { code, message: 'why' },
});

describe('xxgk extract: the output file rules', () => {
  it('takes the format from --format, else the extension (.json .jsonl .ndjson .csv .tsv .xlsx, any case)', () => {
    expect(outputFormat('o.json', undefined, 'absent', 'jsonl')).toBe('json');
    expect(outputFormat('o.JSONL', undefined, 'absent', 'json')).toBe('jsonl');
    expect(outputFormat('o.ndjson', undefined, 'absent', 'json')).toBe('jsonl');
    expect(outputFormat('o.csv', undefined, 'absent', 'json')).toBe('csv');
    expect(outputFormat('o.tsv', undefined, 'absent', 'json')).toBe('tsv');
    expect(outputFormat('o.xlsx', undefined, 'absent', 'json')).toBe('xlsx');
    expect(outputFormat('o.txt', 'csv-long', 'absent', 'json')).toBe('csv-long');
  });
  it('refuses an unknown extension, except for a special file such as /dev/null (the default format)', () => {
    expect(usage(() => outputFormat('out.txt', undefined, 'absent', 'jsonl'))).toBe(
      'cannot tell the output format from the name "out.txt" (extensions: .json .jsonl .ndjson .csv .tsv .xlsx); name it so or give --format',
    );
    expect(() => outputFormat('noext', undefined, 'nonempty', 'jsonl')).toThrow(UsageError);
    expect(outputFormat('/dev/null', undefined, 'special', 'jsonl')).toBe('jsonl');
  });
  it('never empties an existing non-empty regular file without --resume or --force', () => {
    expect(usage(() => guardOutput('o.jsonl', 'nonempty', {}))).toBe(
      'output o.jsonl already exists and is not empty; nothing was written. Continue it with --resume (JSONL), overwrite it with --force, or choose another name',
    );
    expect(usage(() => guardOutput('o.errors.csv', 'nonempty', {}, 'errors file'))).toMatch(/^errors file o\.errors\.csv already exists/);
    for (const target of ['absent', 'empty', 'special'] as const) expect(() => guardOutput('o.jsonl', target, {})).not.toThrow();
    expect(() => guardOutput('o.jsonl', 'nonempty', { resume: true })).not.toThrow();
    expect(() => guardOutput('o.jsonl', 'nonempty', { force: true })).not.toThrow();
  });
  it('names the errors CSV after the output', () => {
    expect(errorsFileFor('t.csv')).toBe('t.errors.csv');
    expect(errorsFileFor('T.CSV')).toBe('T.errors.csv');
    expect(errorsFileFor('t.tsv')).toBe('t.tsv.errors.csv');
  });
  it('names the record options that differ from the sidecar', () => {
    expect(optionDifferences({ blank_as_zero: false }, { blank_as_zero: false })).toEqual([]);
    expect(optionDifferences({ blank_as_zero: true }, { blank_as_zero: false })).toEqual(['--blank-as-zero (file made with it)']);
    expect(optionDifferences({ blank_as_zero: false }, { blank_as_zero: true })).toEqual(['--blank-as-zero (file made without it)']);
  });
});

describe('xxgk extract: the start (before discovery)', () => {
  it('--files-from - and the input - cannot both read standard input', () => {
    expect(usage(() => listSource(['-'], { filesFrom: '-' }))).toBe('--files-from - and the input - both want standard input');
    expect(listSource(['-'], { filesFrom: 'list.txt' })).toBe('list.txt');
    expect(listSource(['a.pdf'], {})).toBeNull();
  });
  it('adds the listed paths to the named ones; a list from standard input is handed on to the re-run NUL-separated', () => {
    expect(planStart(['a.pdf'], opts({ filesFrom: 'l.txt' }), startFacts({ listed: ['b.pdf', 'c d.pdf'] }))).toMatchObject({ args: ['a.pdf', 'b.pdf', 'c d.pdf'], listed: true, handOn: undefined });
    expect(planStart([], opts({ filesFrom: '-' }), startFacts({ listed: ['b.pdf', 'c d.pdf'] })).handOn).toBe('b.pdf\0c d.pdf\0');
    expect(usage(() => planStart([], opts({ filesFrom: 'l.txt' }), startFacts({ listed: [] })))).toBe('nothing to extract: --files-from l.txt lists no path');
  });
  it('with no input named, reads standard input only when it is a pipe or a non-empty file', () => {
    expect(planStart([], opts(), startFacts({ stdin: 'document' })).args).toEqual(['-']);
    expect(usage(() => planStart([], opts(), startFacts({ stdin: 'empty' })))).toBe('nothing to extract: standard input is empty');
    expect(usage(() => planStart([], opts(), startFacts({ stdin: 'none' })))).toMatch(/^no input given: name report files/);
  });
  it('refuses --resume with --force, and an existing non-empty output or errors file', () => {
    expect(usage(() => planStart(['d'], opts({ resume: true, force: true, output: 'o.jsonl' }), startFacts()))).toMatch(/^--resume and --force contradict each other/);
    expect(usage(() => planStart(['d'], opts({ output: 'o.jsonl' }), startFacts({ output: 'nonempty' })))).toMatch(/^output o\.jsonl already exists/);
    expect(planStart(['d'], opts({ output: 'o.jsonl', resume: true }), startFacts({ output: 'nonempty' })).args).toEqual(['d']);
    expect(planStart(['d'], opts({ output: 'o.jsonl', force: true }), startFacts({ output: 'nonempty' })).args).toEqual(['d']);
    // --resume continues the output, not the errors file
    expect(usage(() => planStart(['d'], opts({ output: 'o.csv', errors: 'e.csv', resume: true }), startFacts({ output: 'nonempty', errors: 'nonempty' })))).toMatch(/^errors file e\.csv/);
    expect(planStart(['d'], opts({ output: 'o.csv', errors: 'e.csv', force: true }), startFacts({ output: 'nonempty', errors: 'nonempty' })).reexec).toBe(true);
    // --errors FILE without -o (CSV on standard output) is guarded too
    expect(usage(() => planStart(['d'], opts({ format: 'csv', errors: 'e.csv' }), startFacts({ errors: 'nonempty' })))).toMatch(/^errors file e\.csv already exists/);
  });
  it('re-runs single-threaded for what may be a batch with several workers, never for one file or -', () => {
    expect(planStart(['dir'], opts(), startFacts()).reexec).toBe(true);
    expect(planStart(['a.pdf', 'b.pdf'], opts(), startFacts({ argIsFile: true })).reexec).toBe(true);
    expect(planStart(['a.pdf'], opts(), startFacts({ argIsFile: true })).reexec).toBe(false);
    expect(planStart(['-'], opts(), startFacts()).reexec).toBe(false);
    expect(planStart([], opts(), startFacts({ stdin: 'document' })).reexec).toBe(false);
    // a list is always a batch, even of one file
    expect(planStart([], opts({ filesFrom: 'l' }), startFacts({ listed: ['a.pdf'], argIsFile: true })).reexec).toBe(true);
    expect(planStart(['dir'], opts({ jobs: 1 }), startFacts()).reexec).toBe(false);
    expect(planStart(['dir'], opts(), startFacts({ canReexec: false })).reexec).toBe(false);
  });
});

describe('xxgk extract: the run', () => {
  it('one file or - → json, a bare record, in this process; a batch → jsonl through the pool', () => {
    expect(plan({}, single('a.pdf'))).toMatchObject({ single: true, format: 'json', writer: { single: true }, engine: 'in-process', interrupt: null, summary: false, output: null });
    expect(plan({}, stdin)).toMatchObject({ single: true, format: 'json', engine: 'in-process' });
    expect(plan({}, files('a.pdf'))).toMatchObject({ single: false, format: 'jsonl', writer: { single: false }, engine: 'pool', summary: true, interrupt: { resumable: null } });
    expect(plan({ format: 'json' }, files('a.pdf', 'b.pdf')).writer.single).toBe(false);
    // one file from a --files-from list is a batch
    expect(plan({}, single('a.pdf'), {}, true)).toMatchObject({ single: false, format: 'jsonl', engine: 'pool' });
  });
  it('with -o the extension decides; an unknown one is a usage error; /dev/null takes the default', () => {
    expect(plan({ output: 'out.csv' }, files('a.pdf', 'b.pdf'))).toMatchObject({ format: 'csv', tabular: true });
    expect(plan({ output: 'out.tsv' }, files('a.pdf'))).toMatchObject({ format: 'tsv', tabular: true });
    expect(plan({ output: 'out.ndjson' }, single('a.pdf')).format).toBe('jsonl');
    expect(plan({ output: 'out.xlsx' }, files('a.pdf'))).toMatchObject({ format: 'xlsx', tabular: false, errorsFile: null, writer: { xlsx: true } });
    expect(plan({ output: 'out.csv', format: 'json' }, files('a.pdf')).format).toBe('json');
    expect(() => plan({ output: 'out.txt' }, files('a.pdf'))).toThrow(/cannot tell the output format from the name "out.txt"/);
    expect(plan({ output: '/dev/null' }, files('a.pdf'), { output: 'special' }).format).toBe('jsonl');
    expect(plan({ output: '/dev/null' }, single('a.pdf'), { output: 'special' }).format).toBe('json');
    expect(plan({ format: 'csv-long' }, files('a.pdf'))).toMatchObject({ format: 'csv-long', tabular: true });
  });
  it('xlsx to a terminal is refused; to a pipe or a file it is written', () => {
    expect(() => plan({ format: 'xlsx' }, files('a.pdf'), { stdoutIsTTY: true })).toThrow('xlsx is a binary file: give -o FILE.xlsx (or redirect standard output)');
    expect(plan({ format: 'xlsx' }, files('a.pdf')).writer.xlsx).toBe(true);
    expect(plan({ output: 'o.xlsx' }, files('a.pdf'), { stdoutIsTTY: true }).format).toBe('xlsx');
  });
  it('tabular error records go to <out>.errors.csv, --errors FILE, or lines on stderr', () => {
    expect(plan({ output: 't.csv' }, files('a.pdf'))).toMatchObject({ errorsFile: 't.errors.csv', errorsOnStderr: false });
    expect(plan({ output: 't.csv', errors: 'e.csv' }, files('a.pdf'))).toMatchObject({ errorsFile: 'e.csv', errorsOnStderr: false });
    expect(plan({ errors: 'e.csv', format: 'tsv' }, files('a.pdf'))).toMatchObject({ errorsFile: 'e.csv', errorsOnStderr: false });
    expect(plan({ format: 'csv-long' }, files('a.pdf'))).toMatchObject({ errorsFile: null, errorsOnStderr: true });
    expect(plan({ output: 'o.jsonl' }, files('a.pdf'))).toMatchObject({ errorsFile: null, errorsOnStderr: false });
  });
  it('guards the default errors CSV of a tabular output too (not when --errors names another)', () => {
    expect(() => plan({ output: 't.csv' }, files('a.pdf'), { errorsDefault: 'nonempty' })).toThrow(/^errors file t\.errors\.csv already exists/);
    expect(plan({ output: 't.csv', force: true }, files('a.pdf'), { errorsDefault: 'nonempty' }).errorsFile).toBe('t.errors.csv');
    expect(plan({ output: 't.csv', errors: 'e.csv' }, files('a.pdf'), { errorsDefault: 'nonempty' }).errorsFile).toBe('e.csv');
    expect(plan({ output: 'o.jsonl' }, files('a.pdf'), { errorsDefault: 'nonempty' }).format).toBe('jsonl');
  });
  it('warns that --excel and --errors do nothing outside CSV/TSV', () => {
    expect(plan({ output: 'o.jsonl', errors: 'e.csv', excel: true }, files('a.pdf')).notices).toEqual([
      'xxgk: warning: --excel only affects CSV/TSV output',
      'xxgk: warning: --errors only applies to CSV/TSV output (JSON formats carry error records inline; xlsx has an errors sheet)',
    ]);
    expect(plan({ output: 'o.csv', errors: 'e.csv', excel: true }, files('a.pdf'))).toMatchObject({ notices: [], writer: { excel: true } });
  });
  it('writes the sidecar for jsonl to a regular file only', () => {
    expect(plan({ output: 'o.jsonl' }, files('a.pdf')).sidecar).toBe(true);
    expect(plan({ output: 'o.jsonl' }, single('a.pdf')).sidecar).toBe(true);
    expect(plan({ output: 'o.csv' }, files('a.pdf')).sidecar).toBe(false);
    expect(plan({ output: '/dev/null' }, files('a.pdf'), { output: 'special' }).sidecar).toBe(false);
    expect(plan({}, files('a.pdf')).sidecar).toBe(false);
  });
  it('--resume needs -o and jsonl; it appends, through the pool even for one file', () => {
    expect(usage(() => plan({ resume: true }, files('a.pdf')))).toBe('--resume needs -o FILE (the output to continue)');
    expect(usage(() => plan({ resume: true, output: 'o.csv' }, files('a.pdf')))).toBe('--resume works with --format jsonl only (got csv)');
    expect(usage(() => plan({ resume: true, output: 'o.jsonl', format: 'json' }, files('a.pdf')))).toBe('--resume works with --format jsonl only (got json)');
    expect(plan({ resume: true, output: 'o.jsonl' }, files('a.pdf'))).toMatchObject({ resume: true, writer: { appending: true }, interrupt: { resumable: 'o.jsonl' } });
    expect(plan({ resume: true, output: 'o.jsonl' }, single('a.pdf'))).toMatchObject({ single: true, engine: 'pool', resume: true });
  });
  it('never takes its own output, errors file, sidecar or skipped list as an input of a batch', () => {
    const p = plan({ output: 'reports/out.csv', skipped: 'reports/skipped.csv' }, files('reports/a.pdf', 'reports/out.csv', 'reports/out.errors.csv', 'reports/skipped.csv'));
    expect(p.inputs).toEqual([{ kind: 'file', path: 'reports/a.pdf' }]);
    expect(plan({ output: 'r/o.jsonl' }, files('r/a.pdf', 'r/o.jsonl.xxgk.json')).inputs).toEqual([{ kind: 'file', path: 'r/a.pdf' }]);
    expect(plan({ output: 'o.csv', errors: 'r/e.csv' }, files('r/a.pdf', path.resolve('r/e.csv'))).inputs).toHaveLength(1);
    // a single named file is taken as asked, even if it is the output
    expect(plan({ output: 'o.json', force: true }, single('o.json')).inputs).toEqual([{ kind: 'file', path: 'o.json' }]);
  });
  it('refuses a run with nothing to extract, saying how many files were skipped', () => {
    expect(usage(() => plan({ output: path.resolve('x.jsonl') }, files('x.jsonl')))).toBe('nothing to extract');
    expect(usage(() => plan({}, { ...files(), skipped: [{ path: 'a.png', reason: 'image' }] }))).toBe('nothing to extract (1 file(s) skipped: not reports)');
  });
  it('draws progress for a batch on a terminal, prints the summary unless --quiet', () => {
    expect(plan({}, files('a.pdf'), { stderrIsTTY: true })).toMatchObject({ progress: true, summary: true });
    expect(plan({}, files('a.pdf'), { stderrIsTTY: false })).toMatchObject({ progress: false, summary: true });
    expect(plan({ quiet: true }, files('a.pdf'), { stderrIsTTY: true })).toMatchObject({ progress: false, summary: false });
    expect(plan({}, single('a.pdf'), { stderrIsTTY: true })).toMatchObject({ progress: false, summary: false });
  });
  it('passes the extraction options through (timeout in ms, the password), and writes --skipped for a batch only', () => {
    expect(plan({ timeout: 2.5, blankAsZero: true, password: 'pw', order: 'completion', maxMemory: 256, jobs: 3 }, files('a.pdf', 'b.pdf'))).toMatchObject({
      recordOptions: { blank_as_zero: true },
      pool: { jobs: 3, timeoutMs: 2500, maxMemoryMb: 256, blankAsZero: true, password: 'pw', order: 'completion' },
    });
    expect(plan({}, files('a.pdf')).pool).toMatchObject({ blankAsZero: false, password: undefined });
    expect(plan({ pretty: true }, single('a.pdf')).writer.pretty).toBe(true);
    expect(plan({ skipped: 's.csv' }, files('a.pdf')).skippedFile).toBe('s.csv');
    expect(plan({ skipped: 's.csv' }, single('a.pdf')).skippedFile).toBeNull();
  });
});

describe('xxgk extract: --resume and the end of a run', () => {
  const now = { blank_as_zero: false };
  it('refuses to resume a file made with other record options; warns when the file has no sidecar', () => {
    expect(usage(() => planResume('o.jsonl', now, { options: { blank_as_zero: true } }, 'nonempty'))).toBe(
      'cannot resume o.jsonl with other options than the ones that made it: --blank-as-zero (file made with it) (see o.jsonl.xxgk.json)',
    );
    expect(planResume('o.jsonl', now, { options: now }, 'nonempty')).toEqual([]);
    expect(planResume('d/o.jsonl', now, null, 'nonempty')).toEqual([
      'xxgk: warning: resume: d/o.jsonl has no o.jsonl.xxgk.json (an older xxgk, or cut by hand): the options that made it are unknown; resuming with these',
    ]);
    expect(planResume('o.jsonl', now, null, 'absent')).toEqual([]);
    expect(planResume('o.jsonl', now, null, 'empty')).toEqual([]);
  });
  it('says what the repair of the output did (the cut tail only when not --quiet)', () => {
    const state = { repairedBytes: 215, removedLines: [6], removedBytes: 216 };
    expect(resumeNotices('o.jsonl', state, false)).toEqual([
      'xxgk: resume: cut a partial last line (215 bytes) from o.jsonl',
      'xxgk: warning: resume: removed 1 line(s) of o.jsonl that are not records (line 6; 216 bytes, e.g. a torn record closed by a newline); their inputs are extracted again',
    ]);
    expect(resumeNotices('o.jsonl', state, true)).toHaveLength(1);
    const many = resumeNotices('o.jsonl', { repairedBytes: 0, removedLines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], removedBytes: 99 }, false);
    expect(many[0]).toMatch(/removed 11 line\(s\) .* \(line 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …; 99 bytes/);
    expect(resumeNotices('o.jsonl', { repairedBytes: 0, removedLines: [], removedBytes: 0 }, false)).toEqual([]);
  });
  it("ends a single input with its error line and the error code's exit status (README, Exit status)", () => {
    expect(singleOutcome({ errorsOnStderr: false }, null, false)).toEqual({ line: null, exit: 0 });
    expect(singleOutcome({ errorsOnStderr: false }, errorRecord('not_a_report'), false)).toEqual({ line: 'xxgk: a.pdf: not_a_report: why', exit: 14 });
    expect(singleOutcome({ errorsOnStderr: false }, errorRecord('corrupt_file', null), false)).toEqual({ line: 'xxgk: -: corrupt_file: why', exit: 11 });
    // CSV to stdout: the error sink printed the line already
    expect(singleOutcome({ errorsOnStderr: true }, errorRecord('timeout'), false)).toEqual({ line: null, exit: 17 });
    // encrypted without --password: the line names the option, even after the error sink's line
    expect(singleOutcome({ errorsOnStderr: true }, errorRecord('encrypted'), false)).toEqual({ line: 'xxgk: a.pdf: encrypted: why (give its password with --password)', exit: 12 });
    expect(singleOutcome({ errorsOnStderr: false }, errorRecord('encrypted'), true)).toEqual({ line: 'xxgk: a.pdf: encrypted: why', exit: 12 });
  });
  it('ends a batch with 1 only when an input that should have been a report failed', () => {
    expect(batchExit(0)).toBe(0);
    expect(batchExit(3)).toBe(1);
  });
});
