/**
 * Compiled (never run) by tests/table-types.test.ts: what a library user
 * writes. Each @ts-expect-error must be an error, or tsc fails.
 */
import type { Result, WarningCode } from '../../src/index.js';

declare const r: Result;
export const total: number | null = r.tables.applications.new_received.total;
export const review: number | null = r.tables.review_litigation.review.upheld;
// @ts-expect-error a misspelt key is a compile error
export const typo = r.tables.applications.new_recieved;
// @ts-expect-error a leaf is a number or null, not a string
export const text: string = r.tables.applications.new_received.total;
export const code: WarningCode = r.warnings[0].code;
// @ts-expect-error not a warning code
export const bad: WarningCode = 'no_value';
export const issued = 'issued' in r.tables.active_disclosure.regulations ? r.tables.active_disclosure.regulations.issued : null;
