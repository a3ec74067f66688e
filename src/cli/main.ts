/**
 * The command line: `xxgk extract <inputs…>`, `xxgk schema`.
 *
 * One file (or `-`) → one JSON object and the error code's exit status, as
 * before. Several files, directories or globs → a batch through the worker
 * pool (src/batch), written as JSON Lines, a JSON array or CSV (src/write).
 * See README.md, "Batches and datasets".
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { alreadyDone, prepareResume, sha256Hex, type ResumeState } from '../batch/resume.js';
import type { BatchInput, BatchRecord, InputRef } from '../batch/index.js';
import { discoverInputs } from '../batch/inputs.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS, defaultJobs } from '../batch/limits.js';
import { ERROR_CODES, exitCodeFor } from '../errors.js';
import type { OutputRecord } from '../schema.js';
import { FORMATS, csvErrorSink, lineErrorSink, makeWriter, type ErrorSink, type Format } from '../write/records.js';
import { fileSink, streamSink, type Sink } from '../write/sink.js';
import { Progress, count, newTally, summary } from './progress.js';
import { reviewCommand } from './review.js';

/** Batch exit statuses (single-file mode uses the error code's own status). */
export const BATCH_EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;
/** The output itself could not be written (same status as the io_error code). */
export const OUTPUT_FAILED = ERROR_CODES.io_error;

const EXAMPLES = `
Examples:
  $ xxgk extract fixtures/html/pingtan-2023.html --pretty
  $ xxgk extract report.pdf > report.json
  $ cat page.html | xxgk extract -
  $ xxgk extract reports/ -o reports.jsonl            # a whole tree, JSON Lines
  $ xxgk extract 'crawl/**/*.pdf' -o tables.csv --excel  # wide CSV (+ tables.errors.csv)
  $ xxgk extract reports/ --format csv-long > cells.csv
  $ xxgk extract reports/ -o reports.jsonl --resume   # continue an interrupted run
  $ xxgk schema > xxgk.schema.json

Exit status: single file or -: 0 success, else the error code's status
(${Object.entries(ERROR_CODES)
  .map(([k, v]) => `${v} ${k}`)
  .join('; ')}).
Batch: 0 every input gave a result; 1 at least one input gave an error record.
Always: 2 usage error or nothing to extract; ${OUTPUT_FAILED} the output could not be written.`;

class UsageError extends Error {}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer is required');
  return n;
};
const positiveNum = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number is required');
  return n;
};
const memoryMb = (v: string) => {
  const n = positiveInt(v);
  if (n < 32) throw new InvalidArgumentError('at least 32 MB');
  return n;
};

interface ExtractOpts {
  format?: Format;
  output?: string;
  errors?: string;
  excel?: boolean;
  jobs: number;
  timeout: number;
  maxMemory: number;
  resume?: boolean;
  order: 'input' | 'completion';
  quiet?: boolean;
  pretty?: boolean;
  blankAsZero?: boolean;
}

/** Format from the output file's extension, if it tells. */
function formatFromName(file: string): Format | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : undefined;
}

/** `out.csv` → `out.errors.csv`; any other name gets `.errors.csv` appended. */
export function errorsFileFor(out: string): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, '.errors.csv') : `${out}.errors.csv`;
}

/**
 * Batches with several workers run faster on a V8 platform without background
 * threads: with concurrent GC and compilation each worker keeps 1.3–1.6 cores
 * busy, so N workers on N cores contend. Measured on 2 cores, 180 corpus files:
 * --jobs 2 took 17.0 s with the default platform and 13.0 s with
 * --single-threaded (--jobs 1: 20 s). The flag is process-wide and must be given
 * at start-up, so the CLI re-runs itself with it (XXGK_V8_DEFAULT=1 opts out).
 * Returns the child's exit status, or null when no re-run is needed.
 */
/** Anything but one existing file or `-` may expand to several inputs (a directory, a glob). */
async function mayBeBatch(args: string[]): Promise<boolean> {
  if (args.length !== 1) return true;
  if (args[0] === '-') return false;
  const { stat } = await import('node:fs/promises');
  const st = await stat(args[0]).catch(() => null);
  return !st?.isFile();
}

async function reexecSingleThreadedV8(): Promise<number | null> {
  if (process.execArgv.includes('--single-threaded') || process.env.XXGK_V8_DEFAULT === '1' || !process.argv[1]) return null;
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  const child = spawn(process.execPath, ['--single-threaded', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  // the child does the work: pass termination on to it and report how it ended
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) process.on(sig, forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code, signal) => {
      for (const sig of signals) process.off(sig, forward);
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}

async function runExtract(args: string[], opts: ExtractOpts): Promise<number> {
  const stderr = process.stderr;
  // decide before discovery, which reads the head of every file: the child discovers again
  if (opts.jobs >= 2 && (await mayBeBatch(args))) {
    const code = await reexecSingleThreadedV8();
    if (code !== null) return code;
  }
  const discovery = await discoverInputs(args);
  for (const g of discovery.unmatched) stderr.write(`xxgk: warning: no report files match ${g}\n`);
  // never read our own output (e.g. `xxgk extract reports/ -o reports/out.jsonl --resume`)
  const own = new Set([opts.output, opts.errors, opts.output ? errorsFileFor(opts.output) : undefined].filter((x): x is string => !!x).map((x) => path.resolve(x)));
  const inputs = discovery.single ? discovery.inputs : discovery.inputs.filter((i) => i.kind !== 'file' || !own.has(path.resolve(i.path)));
  if (inputs.length === 0) {
    const why = discovery.skipped.length ? ` (${discovery.skipped.length} file(s) skipped: not reports)` : '';
    throw new UsageError(`nothing to extract${why}`);
  }
  const single = discovery.single && inputs.length === 1;
  const format: Format = opts.format ?? (opts.output ? formatFromName(opts.output) : undefined) ?? (single ? 'json' : 'jsonl');
  const csv = format === 'csv' || format === 'csv-long';
  if (opts.resume) {
    if (!opts.output) throw new UsageError('--resume needs -o FILE (the output to continue)');
    if (format !== 'jsonl') throw new UsageError(`--resume works with --format jsonl only (got ${format})`);
  }
  if (opts.excel && !csv) stderr.write('xxgk: warning: --excel only affects CSV output\n');
  if (opts.errors && !csv) stderr.write('xxgk: warning: --errors only applies to CSV output (JSON formats carry error records inline)\n');

  let resume: ResumeState | null = null;
  if (opts.resume && opts.output) {
    resume = await prepareResume(opts.output);
    if (!opts.quiet && resume.repairedBytes) stderr.write(`xxgk: resume: cut a partial last line (${resume.repairedBytes} bytes) from ${opts.output}\n`);
    if (resume.badLines) stderr.write(`xxgk: warning: resume: ${resume.badLines} line(s) of ${opts.output} are not records; kept and ignored\n`);
  }

  // sinks
  let out: Sink;
  let errors: ErrorSink | undefined;
  try {
    out = opts.output ? fileSink(opts.output, { append: !!resume }) : streamSink(process.stdout);
    if (csv) {
      const errFile = opts.errors ?? (opts.output ? errorsFileFor(opts.output) : null);
      errors = errFile ? await csvErrorSink(fileSink(errFile), { excel: opts.excel }) : lineErrorSink(streamSink(stderr));
    }
  } catch (e) {
    stderr.write(`xxgk: cannot open output: ${(e as Error).message}\n`);
    return OUTPUT_FAILED;
  }
  const tally = newTally(inputs.length);
  tally.skippedNotReports = discovery.skipped.length;
  const progress = new Progress(tally, stderr, !single && Progress.wanted(stderr, !!opts.quiet));
  if (errors && csv && !opts.output && !opts.errors) {
    // error lines on stderr: lift the progress line out of their way
    const lines = errors;
    errors = {
      write: async (rec) => {
        progress.clear();
        await lines.write(rec);
      },
      close: () => lines.close(),
    };
  }
  const writer = await makeWriter(format, out, { single: single && format === 'json', pretty: opts.pretty, excel: opts.excel, errors, appending: !!resume });

  async function* feed(): AsyncGenerator<BatchInput> {
    for (const ref of inputs as InputRef[]) {
      let input: BatchInput;
      if (ref.kind === 'stdin') input = { path: null, bytes: await readStdin() };
      else input = ref.path;
      if (resume) {
        const bytes = typeof input === 'string' ? await readFile(input).catch(() => new Uint8Array()) : input.bytes!;
        if (alreadyDone(resume, sha256Hex(bytes))) {
          tally.resumed++;
          tally.total--;
          progress.tick();
          continue;
        }
      }
      yield input;
    }
  }

  let exit: number = BATCH_EXIT.ok;
  let lastError: OutputRecord | null = null;
  progress.tick(true);
  // keep rate and ETA moving while a slow file holds the count still
  const redraw = setInterval(() => progress.tick(), 500).unref();
  // one input runs in this process (no worker pool to start); a batch goes through the pool
  const records = single && !resume ? inProcess(feed(), opts) : (await import('../batch/index.js')).extractManyIndexed(feed(), {
    jobs: opts.jobs,
    timeoutMs: opts.timeout * 1000,
    maxMemoryMb: opts.maxMemory,
    blankAsZero: opts.blankAsZero,
    order: opts.order,
  });
  try {
    for await (const { record } of records) {
      await writer.write(record);
      count(tally, record);
      if ('error' in record) lastError = record;
      progress.tick();
    }
    await writer.end();
  } catch (e) {
    clearInterval(redraw);
    progress.clear();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return OUTPUT_FAILED;
    stderr.write(`xxgk: cannot write output: ${err.message}\n`);
    return OUTPUT_FAILED;
  }
  clearInterval(redraw);
  progress.clear();

  if (single) {
    if (lastError && 'error' in lastError) {
      // (CSV to stdout without --errors already printed this line through its error sink)
      const printed = csv && !opts.output && !opts.errors;
      if (!printed) stderr.write(`xxgk: ${lastError.source.path ?? '-'}: ${lastError.error.code}: ${lastError.error.message}\n`);
      exit = exitCodeFor(lastError.error.code);
    }
  } else {
    if (!opts.quiet) stderr.write(summary(tally, progress.elapsed()));
    exit = tally.errors > 0 ? BATCH_EXIT.someFailed : BATCH_EXIT.ok;
  }
  return exit;
}

/**
 * A single input, extracted in the calling process: the time limit is a timer
 * (it ends a read that waits, not one stuck in synchronous code) and the PDF
 * engine's WebAssembly memory is capped at `--max-memory` as in the workers.
 */
async function* inProcess(inputs: AsyncIterable<BatchInput>, opts: ExtractOpts): AsyncGenerator<BatchRecord> {
  const [api, engine] = await Promise.all([import('../api.js'), import('../read/pdf/engine/pdfium.js')]);
  engine.setWasmMemoryLimit(opts.maxMemory * 1024 * 1024);
  let index = 0;
  for await (const input of inputs) {
    const p = typeof input === 'string' ? input : input.path;
    const work = typeof input === 'string' ? api.extractFile(input, { blankAsZero: opts.blankAsZero }) : api.extractRecord(input.bytes ?? new Uint8Array(), { path: input.path, blankAsZero: opts.blankAsZero });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<OutputRecord>((resolve) => {
      timer = setTimeout(() => resolve(api.errorRecord(typeof input === 'string' ? null : (input.bytes ?? null), p, 'timeout', `extraction took longer than ${opts.timeout} s`)), opts.timeout * 1000);
      timer.unref();
    });
    try {
      yield { index: index++, record: await Promise.race([work, late]) };
    } finally {
      clearTimeout(timer);
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  let exit = 0;
  const program = new Command();
  program
    .name('xxgk')
    .description('Extract the fixed tables (二/三/四) of 政府信息公开工作年度报告 into validated JSON')
    .version('0.1.0')
    .exitOverride()
    .addHelpText('after', EXAMPLES);

  program
    .command('extract')
    .description('extract reports (PDF, DOCX, HTML or text; format sniffed from content): files, directories (recursed), globs, or - for standard input')
    .argument('<inputs...>', 'report files, directories, globs, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format (default: json for one file or -, jsonl otherwise; with -o, guessed from .json/.jsonl/.ndjson/.csv)').choices(FORMATS))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--errors <file>', 'CSV formats: error records go here (default: <out>.errors.csv next to -o, or lines on stderr)')
    .option('--excel', 'CSV formats: start with a UTF-8 byte-order mark so Excel reads Chinese text')
    .option('-j, --jobs <n>', `worker threads (default: number of CPUs, here ${defaultJobs()})`, positiveInt, defaultJobs())
    .option('--timeout <seconds>', 'per-file time limit; a file over it becomes a `timeout` error record', positiveNum, DEFAULT_TIMEOUT_MS / 1000)
    .option('--max-memory <mb>', 'memory cap of each worker (its heap, and the PDF engine\'s WebAssembly memory); a file over it becomes a `too_large` error record', memoryMb, DEFAULT_MAX_MEMORY_MB)
    .option('--resume', 'with -o FILE.jsonl: skip inputs already in FILE (by sha256), repair a cut last line, append the rest')
    .addOption(new Option('--order <order>', 'record order').choices(['input', 'completion']).default('input'))
    .option('-q, --quiet', 'no progress line and no summary on stderr')
    .option('--pretty', 'indent JSON (format json)')
    .option('--blank-as-zero', 'report blank cells as 0 (their kind stays "blank")')
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], opts: ExtractOpts) => {
      exit = await runExtract(inputs, opts);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the output records')
    .action(async () => {
      const { jsonSchema } = await import('../schema.js');
      process.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
    });

  program.addCommand(reviewCommand((code) => (exit = code)));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : BATCH_EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`xxgk: ${e.message}\n`);
      return BATCH_EXIT.usage;
    }
    throw e;
  }
  return exit;
}
