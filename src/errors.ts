/**
 * Typed errors. Every failure that is the input's fault is an `XxgkError`
 * with one of these codes; each code has a documented process exit status.
 */
import type { ReadWarning } from './model.js';

export const ERROR_CODES = {
  unsupported_format: 10,
  corrupt_file: 11,
  encrypted: 12,
  no_text_layer: 13,
  not_a_report: 14,
  template_unknown: 15,
  io_error: 16,
  timeout: 17,
  too_large: 18,
  text_undecodable: 19,
  internal_error: 70,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class XxgkError extends Error {
  readonly code: ErrorCode;
  /**
   * Warnings raised before the failure (an encoding guessed, an altChunk skipped, …): the error
   * record carries them (`warnings`, absent when there are none). A reader that throws after
   * raising warnings passes them; `extract` adds the document's read warnings to an error of the
   * extraction.
   */
  warnings: ReadWarning[];
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; warnings?: readonly ReadWarning[] }) {
    super(message, options);
    this.code = code;
    this.name = 'XxgkError';
    this.warnings = [...(options?.warnings ?? [])];
  }
}

export function isXxgkError(e: unknown): e is XxgkError {
  return e instanceof XxgkError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'XxgkError' && typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code in ERROR_CODES);
}

export function exitCodeFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}
