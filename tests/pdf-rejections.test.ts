/**
 * pdf.js leaves some rejections unobserved on broken files (its own prefetch of the page tree,
 * Catalog.getPageDict). The reader contains them (src/read/pdf/rejections.ts): a host process in
 * Node's default mode must survive after getting its typed error record (without the containment
 * it dies with ERR_UNHANDLED_REJECTION). Run in a child process: vitest listens for rejections itself.
 * (Known gap: under --unhandled-rejections=strict such a process would crash; the batch workers
 * ignore these rejections, see src/batch/worker.ts.)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { maxNesting } from '../src/read/pdf/nesting.js';
import { FIXTURES } from './helpers/corpus.js';

describe('pdf.js stray rejections', () => {
  it('a broken-xref PDF gives corrupt_file and the process survives pdf.js\'s unobserved prefetch rejection', () => {
    const pdf = path.join(FIXTURES, 'hostile', 'broken-xref-prefetch.pdf');
    const api = path.join(inject('xxgkBuild').root, 'dist', 'api.js');
    const script = `
      const { readFileSync } = await import('node:fs');
      const { extractRecord } = await import(${JSON.stringify(api)});
      const rec = await extractRecord(readFileSync(${JSON.stringify(pdf)}));
      await new Promise((r) => setTimeout(r, 500));
      console.log(rec.error ? rec.error.code : 'result');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('corrupt_file');
  }, 40_000);

  it('measures nesting outside streams and strings', () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /A [1 [2 [3]]] /S (a [[[ string) >> endobj\n2 0 obj << /Length 5 >> stream\n[[[[[\nendstream endobj\n');
    expect(maxNesting(pdf)).toBe(4);
    const deep = Buffer.from('%PDF-1.4\n1 0 obj ' + '['.repeat(600) + ']'.repeat(600) + ' endobj');
    expect(maxNesting(deep)).toBeGreaterThan(512);
    // a file cut inside the keyword (fuzz case 4199 of seed 7: truncated in 'stream')
    expect(maxNesting(Buffer.from('%PDF-1.4\n1 0 obj << /L 3 >> strea'))).toBe(1);
    expect(maxNesting(Buffer.from('%PDF-1.4\n<< /L 3 >> stream'))).toBe(1);
  });
});
