/**
 * The text of src/tables.ts — the TypeScript types of `Result.tables`, leaf by
 * leaf — generated from the template data (src/template.ts), so the types and
 * the template cannot drift: tests/table-types.test.ts fails when the file is
 * stale, and rewrites it with XXGK_WRITE_TYPES=1.
 */
import { ACTIVE_2019, ACTIVE_2021, APPLICATIONS, REVIEW_LITIGATION, type TableDef } from '../../src/template.js';

function tableInterface(name: string, t: TableDef, doc: string): string {
  const rows = t.rows.map((r) => {
    const cols = r.columns.map((c) => `    /** ${c.label}${c.type === 'decimal' ? ' (decimal)' : c.type === 'signed_int' ? ' (may be negative)' : ''} */\n    ${c.key}: number | null;`).join('\n');
    const where = [r.block ?? r.group, r.label].filter(Boolean).join(' › ');
    return `  /** ${where}${r.only ? ` (printed by the ${r.only} layout only; null with kind absent otherwise)` : ''} */\n  ${r.key}: {\n${cols}\n  };`;
  });
  return `/** ${doc}: ${t.heading} */\nexport interface ${name} {\n${rows.join('\n')}\n}\n`;
}

export function tableTypesSource(): string {
  return [
    '/**',
    ' * GENERATED from src/template.ts by tests/table-types.test.ts (XXGK_WRITE_TYPES=1 npx vitest run',
    ' * tests/table-types.test.ts): do not edit. The types of `Result.tables`, every leaf `number | null`.',
    ' */',
    '',
    tableInterface('ActiveDisclosure2021', ACTIVE_2021, 'Table 二, 2021 template'),
    tableInterface('ActiveDisclosure2019', ACTIVE_2019, 'Table 二, 2019 template'),
    tableInterface('Applications', APPLICATIONS, 'Table 三 (both templates)'),
    tableInterface('ReviewLitigation', REVIEW_LITIGATION, 'Table 四 (both templates)'),
    '/** The tables of a 2021-template report. */',
    'export interface Tables2021 {',
    '  active_disclosure: ActiveDisclosure2021;',
    '  applications: Applications;',
    '  review_litigation: ReviewLitigation;',
    '}',
    '',
    '/** The tables of a 2019-template report. */',
    'export interface Tables2019 {',
    '  active_disclosure: ActiveDisclosure2019;',
    '  applications: Applications;',
    '  review_litigation: ReviewLitigation;',
    '}',
    '',
    "/** `Result.tables`: narrow table 二 with `report.template` or `'issued' in t.active_disclosure.regulations`. */",
    'export type Tables = Tables2021 | Tables2019;',
    '',
  ].join('\n');
}
