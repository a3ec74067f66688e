/**
 * The `xlsx` output: the wide table (csv.ts `wideColumns()` / `wideRow()`) as
 * an Excel workbook, written as it goes with exceljs's streaming
 * `stream.xlsx.WorkbookWriter` (each row is committed and leaves memory; the
 * zip is deflated as a stream), so memory stays flat however many reports.
 *
 * Sheets: `reports` (one row per result, header row frozen) and `errors`
 * (ERROR_COLUMNS, one row per error record; written at the end, error rows are
 * held until then). Numbers are numeric cells, text is text (never a formula:
 * a cell starting with `=` stays text in xlsx), null is an empty cell.
 */
import ExcelJS from 'exceljs';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ErrorRecord, OutputRecord } from '../schema.js';
import { ERROR_COLUMNS, errorRow, wideColumns, wideRow, type Field } from './csv.js';
import type { RecordWriter } from './records.js';

/** Where the workbook goes: a file path, or a stream such as stdout. */
export type XlsxTarget = { file: string } | { stream: Writable };

type Cell = string | number | boolean | null;

const cellValue = (v: Field | boolean): Cell => (v === null || v === undefined ? null : v);

/**
 * The xlsx record writer. A file target is opened at once (so an unwritable
 * path fails here, not later); a failure of the underlying stream (a closed
 * pipe, a full disk) rejects the next `write` or `end`, never leaves them
 * pending.
 */
export function xlsxWriter(target: XlsxTarget): RecordWriter {
  const stream: Writable = 'file' in target ? createWriteStream('', { fd: openSync(target.file, 'w') }) : target.stream;
  let failure: Error | null = null;
  const failed = new Promise<never>((_, reject) => {
    stream.once('error', (e: Error) => {
      failure = e;
      reject(e);
    });
  });
  failed.catch(() => {}); // observed through write/end
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  wb.creator = 'xxgk';
  const reports = wb.addWorksheet('reports', { views: [{ state: 'frozen', ySplit: 1 }] });
  reports.addRow(wideColumns()).commit();
  const errors: ErrorRecord[] = [];
  return {
    async write(rec: OutputRecord) {
      if (failure) throw failure;
      if ('error' in rec) {
        errors.push(rec);
        return;
      }
      reports.addRow(wideRow(rec).map(cellValue)).commit();
    },
    async end() {
      if (failure) throw failure;
      reports.commit();
      const sheet = wb.addWorksheet('errors', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.addRow([...ERROR_COLUMNS]).commit();
      for (const e of errors) sheet.addRow(errorRow(e).map(cellValue)).commit();
      sheet.commit();
      await Promise.race([wb.commit(), failed]);
      if (failure) throw failure;
    },
  };
}
