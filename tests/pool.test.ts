/**
 * The batch pool's time limit (src/batch/pool.ts): measured from the moment a worker picks the
 * file up. A fresh worker that is still loading its modules must not eat the file's time
 * (issue 12: a timeout test failed under load because the clock started at submission).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ExtractPool } from '../src/batch/pool.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-pool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A worker script that spends `ms` loading (busy, as a cold module graph does) before it takes tasks. */
function slowStartWorker(ms: number): string {
  const file = path.join(tmp, `slow-start-${ms}.mjs`);
  const real = pathToFileURL(inject('xxgkBuild').worker).href;
  writeFileSync(file, `const t = Date.now();\nwhile (Date.now() - t < ${ms}) {}\nexport { default } from ${JSON.stringify(real)};\n`);
  return file;
}

describe('pool time limit', () => {
  it('starts the clock when the worker picks the task up, not while it is still loading', async () => {
    // the task itself takes milliseconds (a short text that is no report), so load on the machine cannot time it out
    const pool = new ExtractPool({ jobs: 1, timeoutMs: 1200, workerFile: slowStartWorker(2500) });
    try {
      const rec = await pool.run({ path: 'note.txt', bytes: new TextEncoder().encode('通知：本周五下午召开全体会议。') });
      expect('error' in rec ? rec.error.code : null).toBe('not_a_report');
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('still stops a file that runs over the limit once started', async () => {
    process.env.XXGK_TEST_HOOKS = '1';
    const pool = new ExtractPool({ jobs: 1, timeoutMs: 1000, workerFile: inject('xxgkBuild').worker });
    try {
      const rec = await pool.run({ path: path.join(tmp, '__xxgk_hang__.txt') });
      expect('error' in rec ? rec.error.code : null).toBe('timeout');
    } finally {
      await pool.close();
      delete process.env.XXGK_TEST_HOOKS;
    }
  }, 30_000);
});
