/**
 * The output contract (shared/docs/report-format.md Part A) as zod schemas,
 * built from the template data. Types are inferred from these; `xxgk schema`
 * prints the JSON Schema generated from them.
 */
import { z } from 'zod';
import { SEVERITIES, WARNING_CODES } from './diagnostics.js';
import { ERROR_CODES } from './errors.js';
import type { Tables } from './tables.js';
import { ACTIVE_2019, ACTIVE_2021, APPLICATIONS, REVIEW_LITIGATION, type TableDef } from './template.js';

import { SCHEMA_VERSION } from './schema-version.js';

export { SCHEMA_VERSION };

const num = z.number().nullable();

/**
 * A table's schema. Each value carries the template's labels for `xxgk schema`
 * (and any JSON Schema reader): `title` the column label as printed,
 * `description` table heading › row group › row label › column label — the
 * same labels as `xxgk keys`.
 */
function tableSchema(t: TableDef) {
  const shape: Record<string, z.ZodObject> = {};
  for (const r of t.rows) {
    const cols: Record<string, typeof num> = {};
    const where = [t.heading, r.block ?? r.group, r.label].filter(Boolean).join(' › ');
    for (const c of r.columns) cols[c.key] = num.meta({ title: c.label, description: `${where} › ${c.label}` });
    shape[r.key] = z.strictObject(cols).meta({ title: r.label });
  }
  return z.strictObject(shape).meta({ title: t.heading });
}

export const Tables2021 = z.strictObject({
  active_disclosure: tableSchema(ACTIVE_2021),
  applications: tableSchema(APPLICATIONS),
  review_litigation: tableSchema(REVIEW_LITIGATION),
});
export const Tables2019 = z.strictObject({
  active_disclosure: tableSchema(ACTIVE_2019),
  applications: tableSchema(APPLICATIONS),
  review_litigation: tableSchema(REVIEW_LITIGATION),
});

export const SourceInfo = z.strictObject({
  path: z.string().nullable().describe('input path as given, or null for bytes/stdin'),
  format: z.enum(['pdf', 'docx', 'html', 'text', 'image']).nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  pages: z.number().int().positive().optional().describe('PDF only'),
});

export const ReportInfo = z.strictObject({
  title: z.string().nullable(),
  agency: z.string().nullable(),
  year: z.number().int().nullable().describe('the year the report covers'),
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  template: z.enum(['2019', '2021']),
  mixed: z.boolean().describe('2021 table 二 with the 2019 single （六）其他处理 row'),
  region: z
    .strictObject({
      code: z.string().regex(/^\d{6}$/).describe('GB/T 2260 six-digit code, a string ("320813")'),
      name: z.string().describe('the division as listed ("洪泽区")'),
      level: z.enum(['province', 'city', 'county']),
    })
    .nullable()
    .optional()
    .describe('the GB/T 2260 division of the publishing body; null with region_ambiguous / region_unlisted (absent in records written before it existed)'),
  agency_key: z.string().nullable().optional().describe('the agency name normalised (Simplified, region prefix resolved, whitespace and brackets folded): one body, one key across years'),
});

export const CellKindSchema = z.enum(['number', 'blank', 'dash', 'text', 'absent', 'unreadable']);

/** A box on a PDF page: top-left corner `x`, `y`, width `w`, height `h`, in points, top-left origin of the upright page. */
export const BBoxSchema = z.strictObject({
  page: z.number().int(),
  x: z.number(),
  y: z.number(),
  w: z.number(),
  h: z.number(),
});

export const CellInfo = z.strictObject({
  raw: z.string().nullable().describe('cell text as printed; null when absent'),
  kind: CellKindSchema,
  page: z.number().int().optional(),
  table: z.number().int().optional(),
  row: z.number().int().optional(),
  col: z.number().int().optional(),
  line: z.number().int().optional(),
  bbox: BBoxSchema.optional().describe('PDF and OCR\'d cells: the cell\'s box on its page'),
  bbox_parts: z.array(BBoxSchema).optional().describe('PDF: a cell continued over page breaks, its box on each page in reading order (the first is bbox)'),
  paragraph: z.number().int().optional().describe('HTML/DOCX text: 1-based number of the text block'),
});

/**
 * A check: an identity of the template (`A1|A2|A3|B1.<key>`) or a narrative check
 * (`N.<quantity>`: a count stated in the report's prose against the table, src/validate/narrative.ts).
 * Narrative checks carry the sentence (`text`) and where it was found; they never count in
 * `checks_failed`.
 */
export const Check = z.strictObject({
  id: z.string().regex(/^(?:(?:A1|A2|A3|B1)\.[a-z_]+|N\.[a-z_]+\.[a-z_]+(?:\.[a-z_]+)?)$/),
  status: z.enum(['pass', 'fail', 'uncertain']),
  expected: z.number().nullable().describe('identity: the left side (the printed total for A2, A3, B1; new_received + carried_over for A1); narrative (N.*): the number stated in the sentence'),
  actual: z.number().nullable().describe('identity: the right side, the sum of the parts; narrative (N.*): the table value (a sum for N.review_litigation.litigation)'),
  missing: z.array(z.string()).optional().describe('null terms (table paths for N.*) that made the check uncertain'),
  text: z.string().optional().describe('narrative checks: the sentence that states the count (whitespace removed; cut around the count when longer than 240 characters)'),
  note: z.string().optional().describe('narrative checks: why a differing count is uncertain rather than failed'),
  page: z.number().int().optional().describe('narrative checks, PDF: the page of the stated count'),
  line: z.number().int().optional().describe('narrative checks, text: the line of the stated count'),
  paragraph: z.number().int().optional().describe('narrative checks, HTML/DOCX: the text block of the stated count'),
});

export const Warning = z.strictObject({
  code: z.enum(WARNING_CODES).describe('one of the codes declared in src/diagnostics.ts (README: Output, warnings)'),
  severity: z.enum(SEVERITIES).describe('info: a note, nothing lost; warning: a value may be affected; data_loss: a value is null or a table missing'),
  field: z.string().optional(),
  message: z.string(),
  page: z.number().int().optional(),
  table: z.number().int().optional(),
  row: z.number().int().optional(),
  col: z.number().int().optional(),
  line: z.number().int().optional(),
  paragraph: z.number().int().optional(),
});

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]);

export const ResultSchema = z.strictObject({
  schema_version: z.literal(SCHEMA_VERSION),
  source: SourceInfo,
  report: ReportInfo,
  tables: z.union([Tables2021, Tables2019]),
  cells: z.record(z.string(), CellInfo),
  checks: z.array(Check),
  warnings: z.array(Warning),
});

export const ErrorRecordSchema = z.strictObject({
  schema_version: z.literal(SCHEMA_VERSION),
  source: SourceInfo.extend({ format: SourceInfo.shape.format }),
  error: z.strictObject({ code: ErrorCodeSchema, message: z.string() }),
  warnings: z.array(Warning).optional().describe('warnings raised before the failure (an encoding guessed before not_a_report, …); absent when there were none'),
});

export const RecordSchema = z.union([ResultSchema, ErrorRecordSchema]);

/**
 * One report's result. `tables` is typed to the leaf from the template
 * (src/tables.ts: `r.tables.applications.new_received.total` is
 * `number | null`; a misspelt key is a compile error); warning codes are
 * the union `WarningCode` of the diagnostics registry (src/diagnostics.ts).
 */
export type Result = Omit<z.infer<typeof ResultSchema>, 'tables'> & { tables: Tables };
export type ErrorRecord = z.infer<typeof ErrorRecordSchema>;
export type OutputRecord = Result | ErrorRecord;
export type CheckResult = z.infer<typeof Check>;
export type WarningRecord = z.infer<typeof Warning>;
export type CellRecord = z.infer<typeof CellInfo>;

export function jsonSchema(): unknown {
  return z.toJSONSchema(RecordSchema, { target: 'draft-2020-12' });
}
