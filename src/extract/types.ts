/**
 * Interfaces between the extraction strategies and the result builder.
 */
import type { WarningCode } from '../diagnostics.js';
import type { Origin } from '../model.js';
import type { CellKind } from '../normalize.js';
import type { TableDef, TemplateVersion } from '../template.js';

/** What was read for one contract cell. */
export interface CellReading {
  /** Raw text as printed (null when absent). */
  raw: string | null;
  kind: CellKind;
  value: number | null;
  /** For decimals: the number as printed, e.g. "5949.088667". */
  decimal?: string;
  origin?: Origin;
}

/** A diagnostic from extraction, in contract form; `code` is declared in diagnostics.ts. */
export interface ExtractWarning {
  code: WarningCode;
  field?: string;
  message: string;
  origin?: Origin;
}

/** One table as read by a strategy. Keys are `<row>.<column>` of the table's TableDef. */
export interface TableReading {
  cells: Map<string, CellReading>;
  warnings: ExtractWarning[];
  /** Row keys that were found printed (a row not found → its cells are `absent`). */
  rowsFound: Set<string>;
}

/** A line of text with its origin, as the stream strategy sees the document. */
export interface TextLine {
  text: string;
  origin: Origin;
}

/** A strategy that reads a table out of flowing text (text dumps, broken markdown). */
export type StreamStrategy = (def: TableDef, version: TemplateVersion, lines: TextLine[]) => TableReading | null;

/** A warning pusher over `out` (the stream steps collect their warnings and return them). */
export function collect(out: ExtractWarning[]): (code: WarningCode, message: string, field?: string, origin?: Origin) => void {
  return (code, message, field, origin) => {
    out.push({ code, message, ...(field ? { field } : {}), ...(origin ? { origin } : {}) });
  };
}
