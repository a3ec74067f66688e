/**
 * Record writers: one output format each. Every record is turned into whole
 * lines and handed to the sink in one write.
 *
 * - `json`: a single input → the object itself (indented with `pretty`);
 *   several inputs → one JSON array.
 * - `jsonl`: one record per line (results and error records alike).
 * - `csv`, `csv-long`: results as rows (see csv.ts); error records go to the
 *   separate error sink, never into the data CSV.
 */
import type { ErrorRecord, OutputRecord } from '../schema.js';
import { BOM, ERROR_COLUMNS, LONG_COLUMNS, csvLines, errorRow, longRows, wideColumns, wideRow } from './csv.js';
import type { Sink } from './sink.js';

export const FORMATS = ['json', 'jsonl', 'csv', 'csv-long'] as const;
export type Format = (typeof FORMATS)[number];

export interface RecordWriter {
  write(rec: OutputRecord): Promise<void>;
  end(): Promise<void>;
}

const isError = (r: OutputRecord): r is ErrorRecord => 'error' in r;

/** Where a CSV run puts its error records. */
export interface ErrorSink {
  write(rec: ErrorRecord): Promise<void>;
  close(): Promise<void>;
}

/** Error records as rows of an errors CSV (header written first). */
export async function csvErrorSink(sink: Sink, opts: { excel?: boolean } = {}): Promise<ErrorSink> {
  await sink.write((opts.excel ? BOM : '') + csvLines([ERROR_COLUMNS as unknown as string[]]));
  return {
    write: (rec) => sink.write(csvLines([errorRow(rec)])),
    close: () => sink.close(),
  };
}

/** Error records as `xxgk: <path>: <code>: <message>` lines (e.g. on stderr). */
export function lineErrorSink(sink: Sink): ErrorSink {
  return {
    write: (rec) => sink.write(`xxgk: ${rec.source.path ?? '-'}: ${rec.error.code}: ${rec.error.message}\n`),
    close: async () => {},
  };
}

export interface WriterOptions {
  /** json only: exactly one record will be written, so write it bare (not in an array). */
  single?: boolean;
  pretty?: boolean;
  /** csv: start with a UTF-8 BOM. */
  excel?: boolean;
  /** csv: where error records go (required for csv formats). */
  errors?: ErrorSink;
  /** jsonl/csv: the sink already holds earlier output (resume): no header, no BOM. */
  appending?: boolean;
}

export async function makeWriter(format: Format, out: Sink, opts: WriterOptions = {}): Promise<RecordWriter> {
  const indent = opts.pretty ? 2 : undefined;
  switch (format) {
    case 'jsonl':
      return { write: (rec) => out.write(JSON.stringify(rec) + '\n'), end: () => out.close() };
    case 'json': {
      if (opts.single) return { write: (rec) => out.write(JSON.stringify(rec, null, indent) + '\n'), end: () => out.close() };
      let n = 0;
      return {
        write: (rec) => out.write((n++ === 0 ? '[\n' : ',\n') + JSON.stringify(rec, null, indent)),
        end: async () => {
          await out.write(n === 0 ? '[]\n' : '\n]\n');
          await out.close();
        },
      };
    }
    case 'csv':
    case 'csv-long': {
      const errors = opts.errors;
      if (!errors) throw new Error('csv writer needs an error sink');
      const wide = format === 'csv';
      if (!opts.appending) await out.write((opts.excel ? BOM : '') + csvLines([wide ? wideColumns() : [...LONG_COLUMNS]]));
      return {
        write: (rec) => (isError(rec) ? errors.write(rec) : out.write(csvLines(wide ? [wideRow(rec)] : longRows(rec)))),
        end: async () => {
          await out.close();
          await errors.close();
        },
      };
    }
  }
}
