/**
 * The panel row as a zod schema (`xxgk panel` output, one JSON Lines row),
 * for readers of panel files (e.g. a summary of failed Y checks) to validate
 * against. Mirrors `PanelRow` of build.ts and `PanelCheck` of checks.ts.
 */
import { z } from 'zod';
import type { PanelRow } from './build.js';

export const PanelCheckSchema = z.strictObject({
  id: z.string().regex(/^Y[12]\.[a-z_]+$/),
  status: z.enum(['pass', 'fail', 'uncertain']),
  expected: z.number().nullable().describe("left side: year N's carried forward (Y1); in force (N-1) + issued (N) - repealed (N) (Y2)"),
  actual: z.number().nullable().describe("right side: year N+1's carried over (Y1); in force (N) (Y2)"),
  sources: z.tuple([z.string(), z.string()]).describe('the two reports compared, the earlier year first'),
  missing: z.array(z.string()).optional().describe('null terms (`<year>:<path>`) that made the check uncertain'),
});

export const PanelRowSchema = z.strictObject({
  agency_key: z.string(),
  agency: z.string().describe('as printed in the first source, Simplified script'),
  region: z.strictObject({ code: z.string().regex(/^\d{6}$/), name: z.string(), level: z.enum(['province', 'city', 'county']) }).nullable(),
  year: z.number().int(),
  sources: z.array(z.string()).min(1).describe('every report for this agency-year, in input order; the first gives totals and checks'),
  conflicts: z.array(z.string()).describe('totals on which a later source disagrees with the first'),
  totals: z.record(z.string(), z.number().nullable()),
  checks: z.array(PanelCheckSchema),
});

export type PanelRowRecord = z.infer<typeof PanelRowSchema>;

/** Compile-time guard: the schema and the `PanelRow` interface describe one shape. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const PANEL_ROW_SCHEMA_MATCHES: Same<PanelRow, PanelRowRecord> = true;
