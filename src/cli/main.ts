/**
 * The command line: `xxgk extract <inputs…>`, `xxgk convert`, `xxgk summary`,
 * `xxgk keys`, `xxgk schema`.
 *
 * One file (or `-`) → one JSON object and the error code's exit status, as
 * before. Several files, directories or globs → a batch through the worker
 * pool (src/batch), written as JSON Lines, a JSON array or CSV (src/write).
 * See README.md, "Batches and datasets".
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { alreadyDone, prepareResume, ResumeVersionMismatch, sha256Hex, type ResumeState } from '../batch/resume.js';
import type { BatchInput, BatchRecord, InputRef } from '../batch/index.js';
import { discoverInputs } from '../batch/inputs.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS, defaultJobs } from '../batch/limits.js';
import { describeFsError } from '../errno.js';
import { ERROR_CODES, exitCodeFor } from '../errors.js';
import type { OutputRecord } from '../schema.js';
import { SCHEMA_VERSION } from '../schema-version.js';
import { FORMATS, TABULAR, csvErrorSink, lineErrorSink, makeWriter, type ErrorSink, type Format } from '../write/records.js';
import { fileSink, streamSink, type Sink } from '../write/sink.js';
import { registerDatasetCommands } from './commands.js';
import { onInterrupt } from './interrupt.js';
import { isFailure, skippedEntries, skippedListing, writeSkipped, type SkippedEntry } from './outcome.js';
import { errorsFileFor, guardOutput, newSidecar, optionDifferences, outputFormat, outputTarget, readSidecar, sidecarPath, writeSidecar, type OutputTarget } from './output.js';
import { panelCommand } from './panel.js';
import { childSpawnOptions, exitWithParent, releaseChannel } from './parent.js';
import { Progress, count, newTally, summary } from './progress.js';
import { reviewCommand } from './review.js';
import { defaultInputs, readPathList, readStdinBytes } from './stdin.js';
import { EXIT, UsageError, VERSION } from './usage.js';

export { errorsFileFor };
import { registerQueue } from './queue.js';

/** Batch exit statuses (single-file mode uses the error code's own status). */
export const BATCH_EXIT = { ok: EXIT.ok, someFailed: EXIT.someFailed, usage: EXIT.usage } as const;
/** The output itself could not be opened or written (distinct from io_error, an unreadable input). */
export const OUTPUT_FAILED = EXIT.outputFailed;

const EXAMPLES = `
Examples:
  $ xxgk extract fixtures/real/pingtan-2023.html --pretty
  $ xxgk extract report.pdf > report.json
  $ cat page.html | xxgk extract -
  $ xxgk extract reports/ -o reports.jsonl            # a whole tree, JSON Lines
  $ xxgk extract 'crawl/**/*.pdf' -o tables.csv --excel  # wide CSV (+ tables.errors.csv)
  $ xxgk extract reports/ --format csv-long > cells.csv
  $ xxgk extract reports/ -o reports.jsonl --resume   # continue an interrupted run
  $ find crawl -name '*.pdf' | xxgk extract --files-from - -o tables.xlsx
  $ xxgk convert reports.jsonl -o reports.csv         # no re-extraction
  $ xxgk summary reports.jsonl
  $ xxgk keys > keys.csv                              # the data dictionary
  $ xxgk schema > xxgk.schema.json

Exit status: single file or -: 0 success, else the error code's status
(${Object.entries(ERROR_CODES)
  .map(([k, v]) => `${v} ${k}`)
  .join('; ')}).
Batch: 0 no input that should have been a report failed (not_a_report, template_unknown and
unsupported_format records are counted apart); 1 at least one did.
Always: 2 usage error or nothing to extract; ${OUTPUT_FAILED} the output could not be opened or written;
130 interrupted.`;

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
  force?: boolean;
  password?: string;
  filesFrom?: string;
  skipped?: string;
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
async function mayBeBatch(args: string[], listed: boolean): Promise<boolean> {
  if (listed || args.length !== 1) return true;
  if (args[0] === '-') return false;
  const { stat } = await import('node:fs/promises');
  const st = await stat(args[0]).catch(() => null);
  return !st?.isFile();
}

async function reexecSingleThreadedV8(stdinText?: string): Promise<number | null> {
  if (process.execArgv.includes('--single-threaded') || process.env.XXGK_V8_DEFAULT === '1' || !process.argv[1]) return null;
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  // an IPC channel, closed by the OS when this process dies however it dies: the child exits with it (parent.ts)
  const child = spawn(process.execPath, ['--single-threaded', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], childSpawnOptions(stdinText !== undefined));
  releaseChannel(child);
  if (stdinText !== undefined) {
    // `--files-from -`: this process has read standard input; hand the list on
    child.stdin!.on('error', () => {});
    child.stdin!.end(stdinText);
  }
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

/** Checks on `-o` (and the errors file) that need nothing but the command line: before any work. */
async function preflightOutput(opts: ExtractOpts): Promise<OutputTarget | null> {
  if (opts.resume && opts.force) throw new UsageError('--resume and --force contradict each other (continue the output, or overwrite it?)');
  if (!opts.output) return null;
  const target = await outputTarget(opts.output);
  guardOutput(opts.output, target, opts);
  if (opts.errors) guardOutput(opts.errors, await outputTarget(opts.errors), { force: opts.force }, 'errors file');
  return target;
}

async function runExtract(args: string[], opts: ExtractOpts): Promise<number> {
  const stderr = process.stderr;
  exitWithParent();
  const listed = opts.filesFrom !== undefined;
  let listedFromStdin: string | undefined;
  if (listed) {
    if (opts.filesFrom === '-' && args.includes('-')) throw new UsageError('--files-from - and the input - both want standard input');
    const paths = await readPathList(opts.filesFrom!);
    if (opts.filesFrom === '-') listedFromStdin = paths.map((p) => p + '\0').join('');
    args = [...args, ...paths];
    if (args.length === 0) throw new UsageError(`nothing to extract: --files-from ${opts.filesFrom} lists no path`);
  }
  if (args.length === 0) args = defaultInputs();
  const target = await preflightOutput(opts);
  // decide before discovery, which reads the head of every file: the child discovers again
  if (opts.jobs >= 2 && (await mayBeBatch(args, listed))) {
    const code = await reexecSingleThreadedV8(listedFromStdin);
    if (code !== null) return code;
  }
  const discovery = await discoverInputs(args);
  for (const g of discovery.unmatched) stderr.write(`xxgk: warning: no report files match ${g}\n`);
  const errorsDefault = opts.output ? errorsFileFor(opts.output) : undefined;
  // never read our own output (e.g. `xxgk extract reports/ -o reports/out.jsonl --resume`)
  const ownFiles = [opts.output, opts.errors, errorsDefault, opts.output ? sidecarPath(opts.output) : undefined, opts.skipped];
  const own = new Set(ownFiles.filter((x): x is string => !!x).map((x) => path.resolve(x)));
  const inputs = discovery.single ? discovery.inputs : discovery.inputs.filter((i) => i.kind !== 'file' || !own.has(path.resolve(i.path)));
  if (inputs.length === 0) {
    const why = discovery.skipped.length ? ` (${discovery.skipped.length} file(s) skipped: not reports)` : '';
    throw new UsageError(`nothing to extract${why}`);
  }
  const single = !listed && discovery.single && inputs.length === 1;
  const fallback: Format = single ? 'json' : 'jsonl';
  const format: Format = opts.output && target ? outputFormat(opts.output, opts.format, target, fallback) : (opts.format ?? fallback);
  const tabular = TABULAR.includes(format);
  if (opts.resume) {
    if (!opts.output) throw new UsageError('--resume needs -o FILE (the output to continue)');
    if (format !== 'jsonl') throw new UsageError(`--resume works with --format jsonl only (got ${format})`);
  }
  if (format === 'xlsx' && !opts.output && process.stdout.isTTY) throw new UsageError('xlsx is a binary file: give -o FILE.xlsx (or redirect standard output)');
  if (opts.excel && !tabular) stderr.write('xxgk: warning: --excel only affects CSV/TSV output\n');
  if (opts.errors && !tabular) stderr.write('xxgk: warning: --errors only applies to CSV/TSV output (JSON formats carry error records inline; xlsx has an errors sheet)\n');
  if (tabular && !opts.errors && errorsDefault) guardOutput(errorsDefault, await outputTarget(errorsDefault), { force: opts.force }, 'errors file');

  const recordOptions = { blank_as_zero: !!opts.blankAsZero };
  let resume: ResumeState | null = null;
  if (opts.resume && opts.output) {
    const side = await readSidecar(opts.output);
    if (side) {
      const diff = optionDifferences(side.options, recordOptions);
      if (diff.length) throw new UsageError(`cannot resume ${opts.output} with other options than the ones that made it: ${diff.join(', ')} (see ${sidecarPath(opts.output)})`);
    } else if (target === 'nonempty') {
      stderr.write(`xxgk: warning: resume: ${opts.output} has no ${path.basename(sidecarPath(opts.output))} (an older xxgk, or cut by hand): the options that made it are unknown; resuming with these\n`);
    }
    try {
      resume = await prepareResume(opts.output, SCHEMA_VERSION);
    } catch (e) {
      if (e instanceof ResumeVersionMismatch) throw new UsageError(`cannot resume: ${e.message}`);
      stderr.write(`xxgk: cannot read ${opts.output} to resume it: ${describeFsError(e)}\n`);
      return OUTPUT_FAILED;
    }
    if (!opts.quiet && resume.repairedBytes) stderr.write(`xxgk: resume: cut a partial last line (${resume.repairedBytes} bytes) from ${opts.output}\n`);
    if (resume.removedLines.length) {
      const at = resume.removedLines.slice(0, 10).join(', ') + (resume.removedLines.length > 10 ? ', …' : '');
      stderr.write(`xxgk: warning: resume: removed ${resume.removedLines.length} line(s) of ${opts.output} that are not records (line ${at}; ${resume.removedBytes} bytes, e.g. a torn record closed by a newline); their inputs are extracted again\n`);
    }
  }

  // sinks
  let out: Sink | null = null;
  let errors: ErrorSink | undefined;
  const outName = opts.output ?? 'standard output';
  try {
    if (format !== 'xlsx') out = opts.output ? fileSink(opts.output, { append: !!resume }) : streamSink(process.stdout);
    if (tabular) {
      const errFile = opts.errors ?? errorsDefault ?? null;
      errors = errFile ? await csvErrorSink(fileSink(errFile), { excel: opts.excel }) : lineErrorSink(streamSink(stderr));
    }
    if (opts.output && format === 'jsonl' && target !== 'special') {
      await writeSidecar(opts.output, newSidecar(VERSION, format, recordOptions, resume ? await readSidecar(opts.output) : null));
    }
  } catch (e) {
    stderr.write(`xxgk: cannot open output ${(e as { path?: string }).path ?? outName}: ${describeFsError(e)}\n`);
    return OUTPUT_FAILED;
  }
  const tally = newTally(inputs.length);
  tally.skippedNotReports = discovery.skipped.length;
  const progress = new Progress(tally, stderr, !single && Progress.wanted(stderr, !!opts.quiet));
  if (errors && tabular && !opts.output && !opts.errors) {
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
  const nonReports: SkippedEntry[] = [];
  const stopInterrupt = single
    ? () => {}
    : onInterrupt(
        () => ({ done: tally.done + tally.resumed, total: tally.total + tally.resumed, resumable: opts.output && format === 'jsonl' ? opts.output : null }),
        () => progress.clear(),
      );

  async function* feed(): AsyncGenerator<BatchInput> {
    for (const ref of inputs as InputRef[]) {
      let input: BatchInput;
      if (ref.kind === 'stdin') input = { path: null, bytes: await readStdinBytes() };
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
    password: opts.password,
    order: opts.order,
    jsonl: format === 'jsonl', // records serialised in the workers
  });
  try {
    const writer = await makeWriter(format, out!, {
      single: single && format === 'json',
      pretty: opts.pretty,
      excel: opts.excel,
      errors,
      appending: !!resume,
      xlsx: format === 'xlsx' ? (opts.output ? { file: opts.output } : { stream: process.stdout }) : undefined,
    });
    for await (const { record, line } of records) {
      await (line !== undefined && writer.writeLine ? writer.writeLine(line) : writer.write(record));
      count(tally, record);
      if ('error' in record) {
        lastError = record;
        if (!isFailure(record.error.code)) nonReports.push({ path: record.source.path ?? '-', reason: record.error.code });
      }
      progress.tick();
    }
    await writer.end();
  } catch (e) {
    clearInterval(redraw);
    progress.clear();
    stopInterrupt();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return OUTPUT_FAILED; // the reader went away (`| head`): nothing to say
    stderr.write(`xxgk: cannot write ${outName}: ${describeFsError(err)}\n`);
    return OUTPUT_FAILED;
  }
  clearInterval(redraw);
  progress.clear();
  stopInterrupt();

  if (single) {
    if (lastError && 'error' in lastError) {
      // (CSV to stdout without --errors already printed this line through its error sink)
      const printed = tabular && !opts.output && !opts.errors;
      const hint = lastError.error.code === 'encrypted' && opts.password === undefined ? ' (give its password with --password)' : '';
      if (!printed || hint) stderr.write(`xxgk: ${lastError.source.path ?? '-'}: ${lastError.error.code}: ${lastError.error.message}${hint}\n`);
      return exitCodeFor(lastError.error.code);
    }
    return EXIT.ok;
  }
  const skipped = skippedEntries(discovery.skipped, nonReports);
  if (opts.skipped) {
    try {
      await writeSkipped(opts.skipped, skipped);
    } catch (e) {
      stderr.write(`xxgk: cannot write --skipped ${opts.skipped}: ${describeFsError(e)}\n`);
      return OUTPUT_FAILED;
    }
  }
  if (!opts.quiet) stderr.write(summary(tally, progress.elapsed()) + skippedListing(skipped, 20, opts.skipped));
  return tally.failures > 0 ? EXIT.someFailed : EXIT.ok;
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
    const work = typeof input === 'string' ? api.extractFile(input, { blankAsZero: opts.blankAsZero, password: opts.password }) : api.extractRecord(input.bytes ?? new Uint8Array(), { path: input.path, blankAsZero: opts.blankAsZero, password: opts.password });
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
    .version(VERSION)
    .exitOverride()
    .addHelpText('after', EXAMPLES);

  program
    .command('extract')
    .description('extract reports (PDF, DOCX, HTML, text, or PNG/JPEG/TIFF page images read by OCR; format sniffed from content): files, directories (recursed; images only when named), globs, or - for standard input')
    .argument('[inputs...]', 'report files, directories, globs, or - for standard input (none: standard input when it is a pipe or a file)')
    .addOption(new Option('-f, --format <format>', 'output format (default: json for one file or -, jsonl otherwise; with -o, from the extension .json .jsonl .ndjson .csv .tsv .xlsx)').choices(FORMATS))
    .option('-o, --output <file>', 'write to FILE instead of standard output (an existing non-empty FILE needs --resume or --force)')
    .option('--force', 'overwrite an existing output file')
    .option('--errors <file>', 'CSV/TSV formats: error records go here (default: <out>.errors.csv next to -o, or lines on stderr)')
    .option('--excel', 'CSV/TSV formats: start with a UTF-8 byte-order mark and neutralise text cells starting with = + - @')
    .option('--files-from <file>', 'read input paths from FILE, one per line (or NUL-separated); - for standard input')
    .option('--skipped <file>', 'batch: write the skipped files and the inputs that are not reports to FILE (CSV path,reason)')
    .option('--password <password>', 'user password for encrypted PDFs')
    .option('-j, --jobs <n>', `worker threads (default: number of CPUs, here ${defaultJobs()})`, positiveInt, defaultJobs())
    .option('--timeout <seconds>', 'per-file time limit; a file over it becomes a `timeout` error record', positiveNum, DEFAULT_TIMEOUT_MS / 1000)
    .option('--max-memory <mb>', 'memory cap of each worker (its heap, and the PDF engine\'s WebAssembly memory); a file over it becomes a `too_large` error record', memoryMb, DEFAULT_MAX_MEMORY_MB)
    .option('--resume', 'with -o FILE.jsonl: skip inputs already in FILE (by sha256), repair cut and torn lines, append the rest')
    .addOption(new Option('--order <order>', 'record order').choices(['input', 'completion']).default('input'))
    .option('-q, --quiet', 'no progress line and no summary on stderr')
    .option('--pretty', 'indent JSON (format json)')
    .option('--blank-as-zero', 'report blank cells as 0 (their kind stays "blank")')
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], opts: ExtractOpts) => {
      exit = await runExtract(inputs, opts);
    });

  registerDatasetCommands(program, (code) => (exit = code));

  program
    .command('schema')
    .description('print the JSON Schema of the output records')
    .action(async () => {
      const { jsonSchema } = await import('../schema.js');
      process.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
    });

  program.addCommand(panelCommand((code) => (exit = code)));
  registerQueue(program, (code) => (exit = code));
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
