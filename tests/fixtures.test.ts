/**
 * Golden files: every fixtures/<format>/<name>.expected.json against the
 * extraction of its sibling source file, field by field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { ResultSchema } from '../src/schema.js';
import { compare, FIXTURES, type Expected } from './helpers/corpus.js';

interface Golden {
  name: string;
  source: string;
  format: string;
  expected: Expected & { error?: string };
}

function goldens(): Golden[] {
  const out: Golden[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const d = path.join(FIXTURES, dir.name);
    for (const f of readdirSync(d)) {
      if (!f.endsWith('.expected.json')) continue;
      const base = f.slice(0, -'.expected.json'.length);
      const source = readdirSync(d).find((s) => s.startsWith(base + '.') && !s.endsWith('.expected.json'));
      if (!source) continue;
      const ext = path.extname(source).slice(1);
      out.push({ name: `${dir.name}/${base}`, source: path.join(d, source), format: ext === 'htm' ? 'html' : ext, expected: JSON.parse(readFileSync(path.join(d, f), 'utf8')) });
    }
  }
  return out;
}

const all = goldens();

describe('fixtures', () => {
  it('exist', () => {
    expect(existsSync(FIXTURES)).toBe(true);
    expect(all.length).toBeGreaterThan(0);
  });
  for (const g of all.filter((x) => !x.expected.error)) {
    it(`${g.name} matches its golden file`, async () => {
      const result = await extract(readFileSync(g.source), { path: g.source });
      ResultSchema.parse(result);
      expect(compare(result, g.expected)).toEqual([]);
    });
  }
});
