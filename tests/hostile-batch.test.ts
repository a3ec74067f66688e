/**
 * Issue 6's batch guarantee: a batch mixing every hostile fixture with good reports yields one
 * record per input — each hostile one with its typed error (or result) as in its expected.json —
 * and the good results exactly as single-file extraction gives them.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { extractRecord } from '../src/api.js';
import { RecordSchema, type OutputRecord } from '../src/schema.js';
import { CORPUS, FIXTURES } from './helpers/corpus.js';

const BIN = inject('xxgkBuild').bin;
const HOSTILE = path.join(FIXTURES, 'hostile');
const tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-hostile-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a batch of all hostile fixtures mixed with good reports', () => {
  it('gives one record per input, the typed outcomes of the fixtures and unchanged good results', async () => {
    const inputs: { file: string; expect: string | 'result'; good?: boolean }[] = [];
    for (const f of readdirSync(HOSTILE).filter((f) => !f.endsWith('.json')).sort()) {
      const exp = JSON.parse(readFileSync(path.join(HOSTILE, f.replace(/\.[^.]+$/, '.expected.json')), 'utf8')) as { error?: string };
      copyFileSync(path.join(HOSTILE, f), path.join(tmp, `h-${f}`));
      inputs.push({ file: `h-${f}`, expect: exp.error ?? 'result' });
    }
    for (const id of ['pingtan-2023-html', 'hongze-2023-pdf', 'seed-shayibake-2024-txt', 'template-blank-2021-docx']) {
      const src = readdirSync(path.join(CORPUS, id)).find((f) => f.startsWith('source.'))!;
      const name = `g-${id}${path.extname(src)}`;
      copyFileSync(path.join(CORPUS, id, src), path.join(tmp, name));
      inputs.push({ file: name, expect: 'result', good: true });
    }
    // interleave good and hostile inputs on the command line
    const order = inputs.map((x, i) => ({ x, k: (i * 7) % inputs.length })).sort((a, b) => a.k - b.k).map((o) => o.x);
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'extract', ...order.map((o) => o.file), '--jobs', '2', '--quiet'], { cwd: tmp, maxBuffer: 256 * 1024 * 1024 }, (err, stdout) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    const records = out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutputRecord);
    expect(records.map((r) => r.source.path)).toEqual(order.map((o) => o.file));
    expect(out.code).toBe(1);
    for (const [i, r] of records.entries()) {
      RecordSchema.parse(r);
      const want = order[i];
      const got = 'error' in r ? r.error.code : 'result';
      expect(got, want.file).toBe(want.expect);
      if (want.good) {
        const single = await extractRecord(readFileSync(path.join(tmp, want.file)), { path: want.file });
        expect(r, want.file).toEqual(single);
      }
    }
  }, 180_000);
});
