/**
 * Record writers: one output format each. Every record is turned into whole
 * lines and handed to the sink in one write.
 *
 * - `json`: a single input → the object itself (indented with `pretty`);
 *   several inputs → one JSON array.
 * - `jsonl`: one record per line (results and error records alike).
 * - `csv`, `csv-long`, `tsv`: results as rows (see csv.ts; `tsv` is the wide
 *   table separated by tabs); error records go to the separate error sink,
 *   never into the data file.
 * - `xlsx`: the wide table as a workbook (xlsx.ts), error records on a sheet of their own.
 */
import type { ErrorRecord, OutputRecord } from '../schema.js';
// csv.ts (and csv-stringify) load when a CSV writer or error sink is made: a JSON run never needs them
import { errorLine } from './error-line.js';
import type { Sink } from './sink.js';
import type { XlsxTarget } from './xlsx.js';

export const FORMATS = ['json', 'jsonl', 'csv', 'csv-long', 'tsv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats whose error records go to a separate error sink (not inline). */
export const TABULAR: readonly Format[] = ['csv', 'csv-long', 'tsv'];

export interface RecordWriter {
  write(rec: OutputRecord): Promise<void>;
  /** jsonl: write a record already serialised (`JSON.stringify(record)`, no newline), e.g. by a batch worker. */
  writeLine?(line: string): Promise<void>;
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
  const { BOM, ERROR_COLUMNS, csvLines, errorRow } = await import('./csv.js');
  await sink.write((opts.excel ? BOM : '') + csvLines([ERROR_COLUMNS as unknown as string[]]));
  return {
    write: (rec) => sink.write(csvLines([errorRow(rec)], { excel: opts.excel })),
    close: () => sink.close(),
  };
}

/** Error records as `xxgk: <path>: <code>: <message>[ (warnings: …)]` lines (e.g. on stderr; error-line.ts). */
export function lineErrorSink(sink: Sink): ErrorSink {
  return {
    write: (rec) => sink.write(`${errorLine(rec)}\n`),
    close: async () => {},
  };
}

export interface WriterOptions {
  /** json only: exactly one record will be written, so write it bare (not in an array). */
  single?: boolean;
  pretty?: boolean;
  /** csv/tsv: start with a UTF-8 BOM and neutralise formula-like text (csv.ts CsvOptions.excel). */
  excel?: boolean;
  /** xlsx: where the workbook goes (required for xlsx; the sink is not used). */
  xlsx?: XlsxTarget;
  /** csv: where error records go (required for csv formats). */
  errors?: ErrorSink;
  /** jsonl/csv: the sink already holds earlier output (resume): no header, no BOM. */
  appending?: boolean;
}

export async function makeWriter(format: Format, out: Sink, opts: WriterOptions = {}): Promise<RecordWriter> {
  const indent = opts.pretty ? 2 : undefined;
  switch (format) {
    case 'jsonl':
      return { write: (rec) => out.write(JSON.stringify(rec) + '\n'), writeLine: (line) => out.write(line + '\n'), end: () => out.close() };
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
    case 'xlsx':
      if (!opts.xlsx) throw new Error('xlsx writer needs a target');
      // loaded only when asked for: exceljs is large and every other run would pay its start-up
      return (await import('./xlsx.js')).xlsxWriter(opts.xlsx);
    case 'csv':
    case 'tsv':
    case 'csv-long': {
      const errors = opts.errors;
      if (!errors) throw new Error('csv writer needs an error sink');
      const { BOM, LONG_COLUMNS, csvLines, longRows, wideColumns, wideRow } = await import('./csv.js');
      const wide = format !== 'csv-long';
      const csv = { delimiter: format === 'tsv' ? '\t' : ',', excel: opts.excel };
      if (!opts.appending) await out.write((opts.excel ? BOM : '') + csvLines([wide ? wideColumns() : [...LONG_COLUMNS]], csv));
      return {
        write: (rec) => (isError(rec) ? errors.write(rec) : out.write(csvLines(wide ? [wideRow(rec)] : longRows(rec), csv))),
        end: async () => {
          await out.close();
          await errors.close();
        },
      };
    }
  }
}
