/**
 * The corpus comparison: every real report in ../shared/corpus through the
 * full pipeline, compared field by field with its expected.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { ResultSchema } from '../src/schema.js';
import { compare, corpusDocs } from './helpers/corpus.js';

const docs = corpusDocs();

describe('corpus', () => {
  it('has documents', () => {
    expect(docs.length).toBeGreaterThan(0);
  });
  for (const d of docs) {
    it(`${d.id} matches expected.json`, async () => {
      const result = await extract(readFileSync(d.source), { path: d.source });
      ResultSchema.parse(result);
      expect(compare(result, d.expected)).toEqual([]);
    }, 60_000);
  }
});
