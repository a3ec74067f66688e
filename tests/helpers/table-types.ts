/**
 * The text of src/tables.ts — the TypeScript types of `Result.tables`, leaf by
 * leaf — generated from the template data (src/template.ts), so the types and
 * the template cannot drift: tests/table-types.test.ts fails when the file is
 * stale, and rewrites it with XXGK_WRITE_TYPES=1.
 */
import { ACTIVE_2019, ACTIVE_2021, APPLICANT_COLUMNS, APPLICATIONS, OUTCOME_COLUMNS, REVIEW_LITIGATION, type ColumnDef, type TableDef } from '../../src/template.js';

const note = (c: ColumnDef) => (c.type === 'decimal' ? ' (decimal)' : c.type === 'signed_int' ? ' (may be negative)' : '');

/** A column set shared by many rows, as a named interface with a doc comment per leaf. */
function columnsInterface(name: string, cols: ColumnDef[], doc: string): string {
  return `/** ${doc} */\nexport interface ${name} {\n${cols.map((c) => `  /** ${c.label}${note(c)} */\n  ${c.key}: V;`).join('\n')}\n}\n`;
}

const SHARED: [ColumnDef[], string][] = [
  [APPLICANT_COLUMNS, 'ApplicantCounts'],
  [OUTCOME_COLUMNS, 'OutcomeCounts'],
];

function tableInterface(name: string, t: TableDef, doc: string): string {
  const rows = t.rows.map((r) => {
    const where = [r.block ?? r.group, r.label].filter(Boolean).join(' › ') + (r.only ? ` (printed by the ${r.only} layout only; null with kind absent otherwise)` : '');
    const shared = SHARED.find(([cols]) => cols === r.columns);
    if (shared) return `  /** ${where} */\n  ${r.key}: ${shared[1]};`;
    const labels = r.columns.map((c) => `${c.key} = ${c.label}${note(c)}`).join('; ');
    return `  /** ${where}. ${labels} */\n  ${r.key}: { ${r.columns.map((c) => `${c.key}: V;`).join(' ')} };`;
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
    '/** A table value: the number printed, or null (see `cells[path].kind` for why). */',
    'export type V = number | null;',
    '',
    columnsInterface('ApplicantCounts', APPLICANT_COLUMNS, 'Table 三 columns: the applicant types and the total'),
    columnsInterface('OutcomeCounts', OUTCOME_COLUMNS, 'Table 四 columns: the outcomes and the total'),
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
    "/** `Result.tables`: narrow table 二 with `'issued' in t.active_disclosure.regulations` (2021) or the report's template. */",
    'export type Tables = Tables2021 | Tables2019;',
    '',
  ].join('\n');
}
