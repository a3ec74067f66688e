/** Helpers for golden comparisons against corpus/fixture expected.json files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../src/schema.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface Expected {
  report: { agency: string | null; year: number | null; template: '2019' | '2021' };
  tables: Record<string, Record<string, Record<string, number | null>>>;
  kinds?: Record<string, string>;
  accept_null?: string[];
  source_anomalies?: string[];
}

export interface CorpusDoc {
  id: string;
  dir: string;
  source: string;
  format: string;
  expected: Expected;
}

export function corpusDocs(): CorpusDoc[] {
  if (!existsSync(CORPUS)) throw new Error(`corpus folder missing: ${CORPUS}`);
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(CORPUS, d.name);
      const source = readdirSync(dir).find((f) => f.startsWith('source.'))!;
      const prov = JSON.parse(readFileSync(path.join(dir, 'provenance.json'), 'utf8')) as { format: string };
      return { id: d.name, dir, source: path.join(dir, source), format: prov.format, expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected };
    });
}

/** Every difference between a result and an expected.json, as readable strings. */
export function compare(result: Result, exp: Expected): string[] {
  const diffs: string[] = [];
  if (result.report.template !== exp.report.template) diffs.push(`report.template: expected ${exp.report.template}, got ${result.report.template}`);
  if (result.report.year !== exp.report.year) diffs.push(`report.year: expected ${exp.report.year}, got ${result.report.year}`);
  const accept = new Set(exp.accept_null ?? []);
  const tables = result.tables as unknown as Expected['tables'];
  for (const [t, rows] of Object.entries(exp.tables)) {
    for (const [r, cols] of Object.entries(rows)) {
      for (const [c, want] of Object.entries(cols)) {
        const p = `${t}.${r}.${c}`;
        const got = tables[t]?.[r]?.[c];
        if (got === undefined) {
          diffs.push(`${p}: missing from result`);
          continue;
        }
        if (got === null && accept.has(p)) {
          if (!result.warnings.some((w) => w.field === p)) diffs.push(`${p}: null (accepted) but no warning names it`);
          continue;
        }
        const equal = typeof want === 'number' && typeof got === 'number' ? Math.abs(want - got) < 1e-9 : want === got;
        if (!equal) diffs.push(`${p}: expected ${want}, got ${got} (raw ${JSON.stringify(result.cells[p]?.raw)}, kind ${result.cells[p]?.kind})`);
        if (want === null && got === null) {
          const wantKind = exp.kinds?.[p];
          const gotKind = result.cells[p]?.kind;
          if (wantKind && gotKind !== wantKind) diffs.push(`${p}: kind expected ${wantKind}, got ${gotKind}`);
        }
      }
    }
  }
  for (const t of Object.keys(tables)) {
    for (const r of Object.keys(tables[t])) for (const c of Object.keys(tables[t][r])) if (exp.tables[t]?.[r]?.[c] === undefined) diffs.push(`${t}.${r}.${c}: not in expected (extra key)`);
  }
  const wantFails = new Set((exp.source_anomalies ?? []).map((a) => a.split(/\s/)[0]));
  const gotFails = new Set(result.checks.filter((c) => c.status === 'fail').map((c) => c.id));
  for (const f of wantFails) if (!gotFails.has(f)) diffs.push(`check ${f}: expected to fail (source anomaly), got ${result.checks.find((c) => c.id === f)?.status}`);
  for (const f of gotFails) if (!wantFails.has(f)) diffs.push(`check ${f}: failed but is no source anomaly`);
  return diffs;
}
