/**
 * The CLI's option logic (src/cli/plan.ts) without spawning the CLI: README "Batches and
 * datasets" (default format, -o extension, --resume, CSV error records, own output skipped).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Discovery } from '../src/batch/inputs.js';
import { planExtract, UsageError, type ExtractOpts } from '../src/cli/plan.js';

const opts = (o: Partial<ExtractOpts> = {}): ExtractOpts => ({ jobs: 2, timeout: 60, maxMemory: 1024, order: 'input', ...o });
const files = (...paths: string[]): Discovery => ({ inputs: paths.map((p) => ({ kind: 'file' as const, path: p })), skipped: [], unmatched: [], single: false });
const single = (p: string): Discovery => ({ ...files(p), single: true });

describe('xxgk extract: the plan', () => {
  it('one file → json, a single record; a batch → jsonl; with -o the extension decides', () => {
    expect(planExtract(opts(), single('a.pdf'))).toMatchObject({ single: true, format: 'json', writer: { single: true }, chatty: false, output: null });
    expect(planExtract(opts(), files('a.pdf'))).toMatchObject({ single: false, format: 'jsonl', chatty: true });
    expect(planExtract(opts({ output: 'out.csv' }), files('a.pdf', 'b.pdf')).format).toBe('csv');
    expect(planExtract(opts({ output: 'out.ndjson' }), single('a.pdf')).format).toBe('jsonl');
    expect(planExtract(opts({ output: 'out.txt' }), files('a.pdf')).format).toBe('jsonl');
    expect(planExtract(opts({ output: 'out.csv', format: 'json' }), files('a.pdf')).format).toBe('json');
  });
  it('CSV error records go to <out>.errors.csv, --errors FILE, or lines on stderr', () => {
    expect(planExtract(opts({ output: 't.csv' }), files('a.pdf')).errorsFile).toBe('t.errors.csv');
    expect(planExtract(opts({ output: 't.csv', errors: 'e.csv' }), files('a.pdf')).errorsFile).toBe('e.csv');
    expect(planExtract(opts({ format: 'csv-long' }), files('a.pdf')).errorsFile).toBeNull();
    expect(planExtract(opts({ output: 'o.jsonl', errors: 'e.csv' }), files('a.pdf'))).toMatchObject({
      errorsFile: null,
      notices: ['xxgk: warning: --errors only applies to CSV output (JSON formats carry error records inline)'],
    });
  });
  it('--resume needs -o and jsonl', () => {
    expect(() => planExtract(opts({ resume: true }), files('a.pdf'))).toThrow(UsageError);
    expect(() => planExtract(opts({ resume: true, output: 'o.csv' }), files('a.pdf'))).toThrow(/jsonl only/);
    expect(planExtract(opts({ resume: true, output: 'o.jsonl' }), files('a.pdf'))).toMatchObject({ resume: true, writer: { appending: true } });
  });
  it('never takes its own output as an input of a batch, and refuses an empty run', () => {
    const p = planExtract(opts({ output: 'reports/out.jsonl' }), files('reports/a.pdf', 'reports/out.jsonl'));
    expect(p.inputs).toEqual([{ kind: 'file', path: 'reports/a.pdf' }]);
    expect(() => planExtract(opts({ output: path.resolve('x.jsonl') }), files('x.jsonl'))).toThrow(/nothing to extract/);
    expect(() => planExtract(opts(), { ...files(), skipped: [{ path: 'a.png', reason: 'image' }] })).toThrow('nothing to extract (1 file(s) skipped: not reports)');
  });
  it('passes the pool options through (timeout in ms)', () => {
    expect(planExtract(opts({ timeout: 2.5, blankAsZero: true, quiet: true }), files('a.pdf', 'b.pdf'))).toMatchObject({
      chatty: false,
      pool: { jobs: 2, timeoutMs: 2500, maxMemoryMb: 1024, blankAsZero: true, order: 'input' },
    });
  });
});
