/**
 * `xxgk convert FILE.jsonl -o OUT` — turn an xxgk JSONL file into another
 * output format (csv, csv-long, tsv, xlsx, json, jsonl) without extracting
 * again. Streamed: one record in memory at a time (xlsx rows are committed as
 * they come), so a 10,000-report file converts in flat memory.
 *
 * The output rules are those of `xxgk extract`: the format from `--format` or
 * the extension of `-o`; an existing non-empty output needs `--force`; CSV
 * error records go to `<out>.errors.csv` (or `--errors FILE`, or stderr lines).
 * Lines of the input that are not records are reported by number and make the
 * exit status 1; nothing else is dropped.
 */
import { describeFsError } from '../errno.js';
import { ERROR_CODES } from '../errors.js';
import { TABULAR, csvErrorSink, lineErrorSink, makeWriter, type ErrorSink, type Format } from '../write/records.js';
import { fileSink, streamSink, type Sink } from '../write/sink.js';
import { lineList, readJsonl } from './jsonl.js';
import { outputTarget } from './output.js';
import { errorsFileFor, guardOutput, outputFormat } from './plan.js';
import { EXIT, UsageError } from './usage.js';

export interface ConvertOpts {
  format?: Format;
  output?: string;
  errors?: string;
  excel?: boolean;
  force?: boolean;
  pretty?: boolean;
  quiet?: boolean;
}


export async function runConvert(file: string, opts: ConvertOpts): Promise<number> {
  const stderr = process.stderr;
  let format: Format = opts.format ?? 'csv';
  const tabular = () => TABULAR.includes(format);
  if (opts.output) {
    const target = await outputTarget(opts.output);
    guardOutput(opts.output, target, { force: opts.force, resumable: false });
    format = outputFormat(opts.output, opts.format, target, 'csv');
    const errFile = opts.errors ?? errorsFileFor(opts.output);
    if (tabular()) guardOutput(errFile, await outputTarget(errFile), { force: opts.force, resumable: false }, 'errors file');
  } else if (format === 'xlsx' && process.stdout.isTTY) {
    throw new UsageError('xlsx is a binary file: give -o FILE.xlsx (or redirect standard output)');
  } else if (opts.errors && tabular()) {
    guardOutput(opts.errors, await outputTarget(opts.errors), { force: opts.force, resumable: false }, 'errors file');
  }
  const items = readJsonl(file);
  // open the input before creating any output: an unreadable input leaves nothing behind
  let first: IteratorResult<Awaited<ReturnType<typeof items.next>>['value']>;
  try {
    first = await items.next();
  } catch (e) {
    stderr.write(`xxgk: cannot read ${file}: ${describeFsError(e)}\n`);
    return ERROR_CODES.io_error;
  }

  let out: Sink | null = null;
  let errors: ErrorSink | undefined;
  try {
    if (format !== 'xlsx') out = opts.output ? fileSink(opts.output) : streamSink(process.stdout);
    if (tabular()) {
      const errFile = opts.errors ?? (opts.output ? errorsFileFor(opts.output) : null);
      errors = errFile ? await csvErrorSink(fileSink(errFile), { excel: opts.excel }) : lineErrorSink(streamSink(stderr));
    }
  } catch (e) {
    stderr.write(`xxgk: cannot open output ${(e as { path?: string }).path ?? opts.output ?? 'standard output'}: ${describeFsError(e)}\n`);
    return EXIT.outputFailed;
  }

  const bad: number[] = [];
  let records = 0;
  try {
    const writer = await makeWriter(format, out!, {
      pretty: opts.pretty,
      excel: opts.excel,
      errors,
      xlsx: format === 'xlsx' ? (opts.output ? { file: opts.output } : { stream: process.stdout }) : undefined,
    });
    for (let it = first; !it.done; it = await items.next()) {
      const item = it.value;
      if ('bad' in item) {
        bad.push(item.line);
        continue;
      }
      await writer.write(item.record);
      records++;
    }
    await writer.end();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return EXIT.outputFailed;
    stderr.write(`xxgk: cannot write ${opts.output ?? 'standard output'}: ${describeFsError(err)}\n`);
    return EXIT.outputFailed;
  }
  if (bad.length) stderr.write(`xxgk: warning: ${file}: ${bad.length} line(s) are not records and were not converted (line ${lineList(bad)})\n`);
  if (!opts.quiet) stderr.write(`xxgk: converted ${records} record(s) from ${file} to ${format}${opts.output ? ` in ${opts.output}` : ''}\n`);
  return bad.length ? EXIT.someFailed : EXIT.ok;
}
