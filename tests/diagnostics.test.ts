/**
 * The diagnostics registry (src/diagnostics.ts) is the one list of warning codes: README's
 * warning table, the JSON Schema and the codes the sources raise all follow it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS, SEVERITIES, WARNING_CODES } from '../src/diagnostics.js';
import { jsonSchema } from '../src/schema.js';
import { ROOT } from './helpers/corpus.js';

/** Rows `| \`code\` | severity | stages | meaning |` of README's warning table. */
function readmeTable(): Map<string, { severity: string; stages: string[] }> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| code | severity | stage | meaning |');
  expect(start, 'README has the warning table').toBeGreaterThan(0);
  const out = new Map<string, { severity: string; stages: string[] }>();
  for (const line of readme.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [code, severity, stages] = line.split('|').slice(1, 4).map((c) => c.trim());
    out.set(code.replace(/`/g, ''), { severity, stages: stages.split(',').map((s) => s.trim()) });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('diagnostics registry', () => {
  it("README's warning table lists exactly the registry's codes, with their severity and stages", () => {
    const table = readmeTable();
    expect([...table.keys()].sort()).toEqual([...WARNING_CODES].sort());
    for (const code of WARNING_CODES) {
      expect(table.get(code), code).toEqual({ severity: DIAGNOSTICS[code].severity, stages: [...DIAGNOSTICS[code].stages] });
    }
  });

  it('xxgk schema shows warnings inline: code one enum of every code, severity an enum of the three severities', () => {
    const schema = jsonSchema() as { anyOf: { properties: Record<string, { items?: { properties: Record<string, { enum?: string[] }> } }> }[] };
    const items = schema.anyOf[0].properties.warnings.items!;
    expect(items.properties.code.enum).toEqual(WARNING_CODES);
    expect(items.properties.severity.enum).toEqual([...SEVERITIES]);
  });

  it('every code raised in src/ is declared, and every declared code is raised somewhere', () => {
    const raised = new Set<string>();
    for (const f of sourceFiles(path.join(ROOT, 'src'))) {
      if (f.endsWith('diagnostics.ts')) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:code: |warn\(\s*|collect\(warnings\)\(\s*)'([a-z_]+)'/g)) raised.add(m[1]);
    }
    const declared = new Set<string>(WARNING_CODES);
    expect([...raised].filter((c) => !declared.has(c))).toEqual([]);
    expect([...declared].filter((c) => !raised.has(c))).toEqual([]);
  });
});
