/**
 * Quick seeded fuzz run (the long run is `npm run fuzz -- --count N`, scripts/fuzz.mjs, on dist/).
 *
 * Mutates corpus and fixture files with the mutator of scripts/fuzz.mjs (truncation, byte flips,
 * deleted/duplicated ranges, shuffled/unclosed/nested HTML and XML tags, huge spans, corrupted zip
 * central directory / local headers / EOCD, broken PDF xref / streams / references / page trees)
 * and checks every case: `extractRecord` returns a record that validates against RecordSchema, is
 * not `internal_error`, arrives within the time bound, and leaves no unhandled rejection behind.
 *
 * Reproduce a failing case: `npm run fuzz -- --seed <seed> --case <index> --save /tmp/xxgk-fuzz`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { describeCase, makeCase, seedFiles } from '../scripts/fuzz.mjs';
import { checkedRecord } from './helpers/fuzz.js';

interface FuzzCase {
  index: number;
  seed: number;
  file: string;
  format: string;
  bytes: Uint8Array;
  mutations: string[];
}

const SEED = 20250220;
const COUNT = Number(process.env.XXGK_FUZZ_COUNT ?? 300);
const BOUND_MS = 10_000;

const files = seedFiles() as { path: string; rel: string; format: string }[];

describe(`quick fuzz: ${COUNT} seeded cases (seed ${SEED})`, () => {
  const late: { after: number; error: string }[] = [];
  let current = -1;
  const saved: ((...a: unknown[]) => void)[] = [];
  const collector = (e: unknown) => void late.push({ after: current, error: String((e as Error)?.stack ?? e).split('\n').slice(0, 4).join(' | ') });
  const outcomes = new Map<string, number>();

  beforeAll(() => {
    // collect late rejections (work a reader left running) per case instead of failing the whole run blindly
    saved.push(...(process.listeners('unhandledRejection') as ((...a: unknown[]) => void)[]));
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', collector);
  });
  afterAll(() => {
    process.off('unhandledRejection', collector);
    for (const l of saved) process.on('unhandledRejection', l);
    console.log(`quick fuzz outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });

  it('has seed files of every format', () => {
    for (const f of ['html', 'text', 'docx', 'pdf']) expect(files.some((x) => x.format === f), f).toBe(true);
  });

  for (let i = 0; i < COUNT; i++) {
    it(`case ${i}`, async () => {
      const c = makeCase(files, SEED, i) as FuzzCase;
      current = i;
      // OCR off: a mutated PDF whose text layer no longer decodes would otherwise be OCR'd, which
      // legitimately takes seconds per page (batches grant --timeout plus 30 s per OCR'd page) and
      // would tie the per-case bound to the machine's load (a mutated sweep print took 11.9 s under
      // two concurrent suites). The OCR reader has hostile inputs of its own (tests/ocr*.test.ts);
      // the long run (`npm run fuzz`) keeps OCR on.
      const r = await checkedRecord(c.bytes, null, 'off');
      const what = describeCase(c);
      outcomes.set(r.code, (outcomes.get(r.code) ?? 0) + 1);
      expect(r.schemaErrors, what).toBeNull();
      expect(r.code, `${what}\n${'error' in r.record ? r.record.error.message : ''}`).not.toBe('internal_error');
      expect(r.ms, what).toBeLessThan(BOUND_MS);
      expect(late, 'unhandled rejection after a case').toEqual([]);
    }, BOUND_MS * 2);
  }

  it('leaves no unhandled rejection behind', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    expect(late).toEqual([]);
  });
});
