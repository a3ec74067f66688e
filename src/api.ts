/**
 * Library API: bytes (plus an optional name) → a contract result, or a typed
 * error. `extractRecord` never throws for bad input: it returns an error record.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { agencyIdentity } from './agency/region.js';
import { severityOf } from './diagnostics.js';
import { describeFsError } from './errno.js';
import { XxgkError, isXxgkError, type ErrorCode } from './errors.js';
import { boxFields, extractFromDoc, originFields, type Extraction } from './extract/index.js';
import { streamTable } from './extract/stream/index.js';
import type { ReadWarning, SourceFormat } from './model.js';
import { resultWarnings } from './postcheck.js';
import { readDocument, sniffFormat } from './read/index.js';
import { closeOcr, ocrSessionOf, verifyOcr } from './read/ocr/entry.js'; // the OCR pipeline loads on first use
import type { CellRecord, ErrorRecord, OutputRecord, Result, WarningRecord } from './schema.js';
import { SCHEMA_VERSION } from './schema-version.js';
import type { OcrMode } from './read/types.js';
import type { PdfSettingsInput } from './read/pdf/types.js';
import { cellPaths } from './template.js';
import { runChecks, type TablesData } from './validate/identities.js';
import { isIdentityCheck, narrativeChecks } from './validate/narrative.js';

export interface ExtractOptions {
  /** Path recorded in `source.path` (default null). */
  path?: string | null;
  /** Treat blank cells as 0 (kind stays `blank`). Off by default: a blank is not a zero. */
  blankAsZero?: boolean;
  /**
   * Refuse inputs larger than this many bytes with `too_large` before reading them
   * (default 256 MiB; a 50 MB HTML page takes ~25 s and ~1.5 GB of memory).
   */
  maxInputBytes?: number;
  /**
   * User password of an encrypted PDF, handed to the reader (`ReadOptions.password`).
   * Without it such a PDF is an `encrypted` error.
   */
  password?: string;
  /**
   * Which PDF pages are read by OCR (`ReadOptions.ocr`): `auto` (default) the pages without a usable
   * text layer, `force` every page, `off` none (`no_text_layer` / `text_undecodable` errors).
   */
  ocr?: OcrMode;
  /** Called after each OCR'd page of a PDF (progress on a TTY). */
  onPage?: (done: number, total: number) => void;
  /**
   * PDF: tolerances of the table finder and the page join, any subset (`ReadOptions.pdf`; defaults:
   * `DEFAULT_SETTINGS` in read/pdf/types.ts). For PDFs whose rules or gaps fall outside the defaults.
   */
  pdf?: PdfSettingsInput;
}

export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function safeFormat(bytes: Uint8Array): SourceFormat | null {
  try {
    return sniffFormat(bytes);
  } catch {
    return null;
  }
}

/**
 * Extract one document. Throws `XxgkError` for unreadable input.
 *
 * A PDF whose text is invisible (render mode 3: a scanner's OCR layer over page images) is read
 * from that layer first; when its tables fail an identity and `ocr` is `auto`, the document is
 * read again with those pages OCR'd (issue 11) and that reading is returned.
 */
export async function extract(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<Result> {
  const first = await extractOnce(bytes, opts, false);
  const retry = (opts.ocr ?? 'auto') === 'auto' && first.warnings.some((w) => w.code === 'page_text_invisible') && first.checks.some((c) => isIdentityCheck(c) && c.status === 'fail');
  return retry ? extractOnce(bytes, opts, true) : first;
}

async function extractOnce(bytes: Uint8Array, opts: ExtractOptions, ocrInvisible: boolean): Promise<Result> {
  const max = opts.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (bytes.byteLength > max) throw new XxgkError('too_large', `the input is ${bytes.byteLength} bytes; the limit is ${max}`);
  const doc = await readDocument(bytes, {
    name: opts.path ?? undefined,
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    ...(opts.ocr !== undefined ? { ocr: opts.ocr } : {}),
    ...(opts.onPage ? { onPage: opts.onPage } : {}),
    ...(opts.pdf ? { pdf: opts.pdf } : {}),
    ...(ocrInvisible ? { ocrInvisible } : {}),
  });
  const ocr = ocrSessionOf(doc);
  let ex: Extraction;
  try {
    ex = extractFromDoc(doc, { stream: streamTable });
    // OCR'd numbers: re-read cells of failed identities, null the unconfirmed (issue 11)
    if (ocr) await verifyOcr(ocr, ex.cells, ex.template, ex.layout, ex.warnings);
  } catch (e) {
    // the error record carries what the reader warned about before the failure (an encoding guessed, …)
    if (isXxgkError(e)) e.warnings = [...doc.warnings, ...(e.warnings ?? [])];
    throw e;
  } finally {
    await closeOcr(doc);
  }

  const { tables, cells } = tablesAndCells(ex, !!opts.blankAsZero);
  const warnings = recordWarnings(ex, cells);
  // agency identity (issue 15): a pure function of what was extracted, and the path
  const identity = agencyIdentity({ title: ex.meta.title, agency: ex.meta.agency, path: opts.path ?? null });
  warnings.push(...identity.warnings.map((w) => ({ ...w, severity: severityOf(w.code) })));
  // identities, then the counts the prose states (never change a value; N.* not in checks_failed)
  const checks = [...runChecks(tables, ex.layout), ...narrativeChecks(doc, tables, { year: ex.meta.year, agency: ex.meta.agency, layout: ex.layout })];
  const report = { title: ex.meta.title, agency: ex.meta.agency, year: ex.meta.year, published: ex.meta.published, template: ex.template, mixed: ex.mixed, region: identity.region, agency_key: identity.agency_key };
  warnings.push(...resultWarnings({ report, cells }).map((w) => ({ ...w, severity: severityOf(w.code) })));
  return {
    schema_version: SCHEMA_VERSION,
    source: { path: opts.path ?? null, format: doc.format, sha256: sha256(bytes), bytes: bytes.byteLength, ...(doc.pages ? { pages: doc.pages } : {}) },
    report,
    tables: tables as unknown as Result['tables'],
    cells,
    checks,
    warnings: warnings as Result['warnings'], // codes from the extractor: the WarningCode union (tests/table-types.test.ts)
  };
}

// The per-cell loops live in small functions of their own: a long orchestrating function with
// hot loops gets optimized (and deoptimized, and optimized again) whole, with everything it inlines.

/** Each template's cell paths (contract order) with their table, row and column keys, split once per process. */
const splitPaths = new Map<Extraction['template'], { path: string; t: string; r: string; c: string }[]>();
function splitPathsOf(template: Extraction['template']) {
  let out = splitPaths.get(template);
  if (!out) {
    out = cellPaths(template).map((path) => {
      const [t, r, c] = path.split('.');
      return { path, t, r, c };
    });
    splitPaths.set(template, out);
  }
  return out;
}

/** The contract tables (values) and the per-cell records (raw text, kind, origin, box) of an extraction. */
function tablesAndCells(ex: Extraction, blankAsZero: boolean): { tables: TablesData; cells: Record<string, CellRecord> } {
  const tables: TablesData = {};
  const cells: Record<string, CellRecord> = {};
  for (const { path, t, r, c } of splitPathsOf(ex.template)) {
    const reading = ex.cells.get(path)!;
    ((tables[t] ??= {})[r] ??= {})[c] = blankAsZero && reading.kind === 'blank' ? 0 : reading.value;
    // fields written in place, in the record's order (raw, kind, origin, box): no object spread per cell
    const record: CellRecord = { raw: reading.raw, kind: reading.kind };
    boxFields(reading.origin, originFields(reading.origin, record));
    cells[path] = record;
  }
  return { tables, cells };
}

/** The extractor's warnings as record warnings, then `cell_unreadable` for each unreadable cell no warning names. */
function recordWarnings(ex: Extraction, cells: Record<string, CellRecord>): WarningRecord[] {
  const warnings: WarningRecord[] = [];
  const named = new Set<string>();
  for (const w of ex.warnings) {
    const record: WarningRecord = { code: w.code, severity: severityOf(w.code), message: w.message };
    if (w.field) {
      record.field = w.field;
      named.add(w.field);
    }
    warnings.push(originFields(w.origin, record));
  }
  for (const path in cells) {
    if (cells[path].kind === 'unreadable' && !named.has(path)) {
      warnings.push(originFields(ex.cells.get(path)?.origin, { code: 'cell_unreadable', severity: severityOf('cell_unreadable'), field: path, message: 'cell could not be read with certainty' }));
    }
  }
  return warnings;
}

/**
 * Build the error record of an input that could not be extracted. `warnings`: those raised before
 * the failure (`XxgkError.warnings`), written as `warnings` in the record's warning shape; the key
 * is left out when there are none (records of schema version 2 before it had none).
 */
export function errorRecord(bytes: Uint8Array | null, path: string | null, code: ErrorCode, message: string, warnings: readonly ReadWarning[] = []): ErrorRecord {
  return {
    schema_version: SCHEMA_VERSION,
    source: {
      path,
      format: bytes ? safeFormat(bytes) : null,
      sha256: sha256(bytes ?? new Uint8Array()),
      bytes: bytes?.byteLength ?? 0,
    },
    error: { code, message },
    ...(warnings.length ? { warnings: warnings.map((w) => ({ code: w.code, severity: severityOf(w.code), message: w.message, ...originFields(w.origin) })) } : {}),
  };
}

/**
 * Never throws: a result or an error record. An unexpected exception (a bug,
 * or a library tripping over malformed input) becomes `internal_error`.
 */
export async function extractRecord(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<OutputRecord> {
  try {
    return await extract(bytes, opts);
  } catch (e) {
    if (isXxgkError(e)) return errorRecord(bytes, opts.path ?? null, e.code, e.message, e.warnings ?? []);
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return errorRecord(bytes, opts.path ?? null, 'internal_error', `unexpected failure: ${msg}`);
  }
}

/** Read a file and extract it; I/O failures become `io_error` records. */
export async function extractFile(path: string, opts: Omit<ExtractOptions, 'path'> = {}): Promise<OutputRecord> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return errorRecord(null, path, 'io_error', `cannot read ${path}: ${describeFsError(e)}`);
  }
  return extractRecord(bytes, { ...opts, path });
}

export function isErrorRecord(r: OutputRecord): r is ErrorRecord {
  return 'error' in r;
}

export { XxgkError };
