/**
 * Rules on the shape of the code base itself (issue 12): they bind every later change.
 * - No test can turn into a skip: a missing reader, fixture or corpus file must fail, not skip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

describe('code base structure', () => {
  it('has no test that can turn into a skip (skipIf/runIf/skip/todo)', () => {
    const offenders: string[] = [];
    for (const f of files(path.join(ROOT, 'tests'), '.ts')) {
      if (f === path.join(ROOT, 'tests', 'structure.test.ts')) continue;
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (/\b(?:it|test|describe)\.(?:skipIf|runIf|skip|todo)\b|\bctx\.skip\(|\bcontext\.skip\(/.test(line)) offenders.push(`${path.relative(ROOT, f)}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
