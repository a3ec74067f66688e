/**
 * `xxgk extract`, the plan: pure functions from the parsed options, the input
 * discovery and a few facts about files (gathered by the runner, extract.ts) to
 * what the run will do — or a `UsageError`. No I/O here: the option logic is
 * tested without spawning the CLI (tests/cli-plan.test.ts).
 *
 * The run reads things between its decisions, so the plan comes in stages, each
 * called by the runner with the facts it gathered for it:
 *
 * 1. `listSource` — the `--files-from` list to read, if any (before reading it).
 * 2. `planStart` — the arguments, the output guard, and whether to re-run
 *    single-threaded (before discovery, which reads the head of every file).
 * 3. `planExtract` — after discovery: inputs, single or batch, format, where
 *    records, error records and the sidecar go, notices, pool and writer options,
 *    progress and summary.
 * 4. `planResume` and `resumeNotices` — `--resume` against the sidecar and the
 *    repaired file.
 * 5. `singleOutcome` and `batchExit` — the closing line and exit status.
 *
 * It also holds the naming and format rules of output files that `xxgk convert`
 * shares (extension → format, the guard, `<out>.errors.csv`, `<out>.xxgk.json`).
 */
import path from 'node:path';
import type { Discovery, InputRef } from '../batch/inputs.js';
import { exitCodeFor } from '../errors.js';
import type { OcrMode } from '../read/types.js';
import type { ErrorRecord } from '../schema.js';
import { errorLine } from '../write/error-line.js';
import { TABULAR, type Format } from '../write/records.js';
import type { StdinOffer } from './stdin.js';
import { EXIT, UsageError } from './usage.js';

/** The options of `xxgk extract` as commander parses them (README, "Batches and datasets"). */
export interface ExtractOpts {
  format?: Format;
  output?: string;
  errors?: string;
  excel?: boolean;
  jobs: number;
  /** seconds */
  timeout: number;
  /** MB */
  maxMemory: number;
  resume?: boolean;
  order: 'input' | 'completion';
  quiet?: boolean;
  pretty?: boolean;
  blankAsZero?: boolean;
  force?: boolean;
  password?: string;
  /** PDF pages read by OCR (default auto). */
  ocr?: OcrMode;
  filesFrom?: string;
  skipped?: string;
}

// ---------------------------------------------------------------- output files

/** Output file extension → format. Anything else is a usage error (unless --format is given). */
export const EXTENSION_FORMATS: Readonly<Record<string, Format>> = {
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.xlsx': 'xlsx',
};

/** What is at an output path before the run (output.ts `outputTarget` finds out). */
export type OutputTarget = 'absent' | 'empty' | 'nonempty' | 'special';

/**
 * The format of `-o FILE`: `--format` when given, else the extension
 * (EXTENSION_FORMATS). A name with another extension is a usage error, except
 * a special file such as `/dev/null`, which takes `fallback`.
 */
export function outputFormat(file: string, explicit: Format | undefined, target: OutputTarget, fallback: Format): Format {
  if (explicit) return explicit;
  const ext = path.extname(file).toLowerCase();
  const f = EXTENSION_FORMATS[ext];
  if (f) return f;
  if (target === 'special') return fallback;
  const known = Object.keys(EXTENSION_FORMATS).join(' ');
  throw new UsageError(`cannot tell the output format from the name ${JSON.stringify(file)} (extensions: ${known}); name it so or give --format`);
}

/**
 * Never empty an existing output by accident: an existing non-empty regular
 * file is refused (usage error, file untouched) unless `--resume` (continue
 * it) or `--force` (overwrite it). Special files (`/dev/null`) and empty files
 * are always fine.
 */
export function guardOutput(file: string, target: OutputTarget, opts: { resume?: boolean; force?: boolean; resumable?: boolean }, what = 'output'): void {
  if (target !== 'nonempty' || opts.resume || opts.force) return;
  const how = opts.resumable === false ? 'Overwrite it with --force' : 'Continue it with --resume (JSONL), overwrite it with --force';
  throw new UsageError(`${what} ${file} already exists and is not empty; nothing was written. ${how}, or choose another name`);
}

/** The errors CSV of a CSV/TSV output: `out.csv` → `out.errors.csv`; any other name gets `.errors.csv` appended. */
export function errorsFileFor(out: string): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, '.errors.csv') : `${out}.errors.csv`;
}

export const SIDECAR_SUFFIX = '.xxgk.json';
/** `<out>.xxgk.json`: the sidecar recording how an output file was made (output.ts reads and writes it). */
export const sidecarPath = (out: string): string => out + SIDECAR_SUFFIX;

/** The options that change what a record says; a resumed file must have been made with the same ones. */
export interface RecordOptions {
  blank_as_zero: boolean;
}

/** Names (as command-line options) of the record options that differ between a sidecar and this run. */
export function optionDifferences(recorded: RecordOptions, now: RecordOptions): string[] {
  const diff: string[] = [];
  if (!!recorded.blank_as_zero !== now.blank_as_zero) diff.push(`--blank-as-zero (file made ${recorded.blank_as_zero ? 'with' : 'without'} it)`);
  return diff;
}

// ---------------------------------------------------------------- 1. the list

/** The `--files-from` source to read (a file, or `-` for standard input), or null without the option. */
export function listSource(args: readonly string[], opts: Pick<ExtractOpts, 'filesFrom'>): string | null {
  if (opts.filesFrom === undefined) return null;
  if (opts.filesFrom === '-' && args.includes('-')) throw new UsageError('--files-from - and the input - both want standard input');
  return opts.filesFrom;
}

// ---------------------------------------------------------------- 2. the start

/** The arguments to use when none were given: `['-']`, or a usage error saying why not. */
export function defaultInputs(offer: StdinOffer): string[] {
  if (offer === 'document') return ['-'];
  if (offer === 'empty') throw new UsageError('nothing to extract: standard input is empty');
  throw new UsageError('no input given: name report files, directories or globs, use --files-from FILE, or pipe a document into standard input (or give - to read a terminal)');
}

/** What the runner found out before planning the start. */
export interface StartFacts {
  /** The paths read from `--files-from` (null without the option). */
  listed: string[] | null;
  /** What standard input offers (consulted only when no input is named). */
  stdin: StdinOffer;
  /** What is at `-o` and at `--errors` (null when not given). */
  output: OutputTarget | null;
  errors: OutputTarget | null;
  /** The one named argument is an existing regular file (false when there is not exactly one, or it is `-`). */
  argIsFile: boolean;
  /** This process may re-run itself single-threaded: not one already, not opted out (XXGK_V8_DEFAULT=1), a script path known. */
  canReexec: boolean;
}

export interface StartPlan {
  /** The inputs to discover: the named ones, then the listed ones (or `-` for standard input). */
  args: string[];
  /** The inputs came (also) from `--files-from`: always a batch. */
  listed: boolean;
  /** `--files-from -`: the list this process read from standard input, NUL-separated, for the re-run child. */
  handOn?: string;
  /**
   * Re-run this command under `node --single-threaded` and pass its exit status on: a batch with several
   * workers runs faster on a V8 platform without background threads (extract.ts, `reexecSingleThreadedV8`).
   * Anything but one existing file or `-` may expand to several inputs (a directory, a glob).
   */
  reexec: boolean;
}

/** Decide the arguments, check the outputs, and decide the re-run. Throws `UsageError`. */
export function planStart(args: readonly string[], opts: ExtractOpts, facts: StartFacts): StartPlan {
  let inputs = [...args];
  const listed = facts.listed !== null;
  let handOn: string | undefined;
  if (facts.listed !== null) {
    if (opts.filesFrom === '-') handOn = facts.listed.map((p) => p + '\0').join('');
    inputs = [...inputs, ...facts.listed];
    if (inputs.length === 0) throw new UsageError(`nothing to extract: --files-from ${opts.filesFrom} lists no path`);
  }
  if (inputs.length === 0) inputs = defaultInputs(facts.stdin);
  if (opts.resume && opts.force) throw new UsageError('--resume and --force contradict each other (continue the output, or overwrite it?)');
  if (opts.output) guardOutput(opts.output, facts.output ?? 'absent', opts);
  // --errors FILE is guarded with or without -o (before, without -o it was emptied unasked)
  if (opts.errors) guardOutput(opts.errors, facts.errors ?? 'absent', { force: opts.force }, 'errors file');
  const mayBeBatch = listed || inputs.length !== 1 || (inputs[0] !== '-' && !facts.argIsFile);
  return { args: inputs, listed, handOn, reexec: opts.jobs >= 2 && mayBeBatch && facts.canReexec };
}

// ---------------------------------------------------------------- 3. the run

/** What the runner found out after discovery. */
export interface ExtractFacts {
  /** What is at `-o` (null when not given). */
  output: OutputTarget | null;
  /** What is at `<out>.errors.csv` (null without `-o`). */
  errorsDefault: OutputTarget | null;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export interface ExtractPlan {
  inputs: InputRef[];
  /** Exactly one file or `-`, not from a list: one record, the error code's exit status, no progress. */
  single: boolean;
  format: Format;
  /** CSV/TSV: error records go to a separate error sink, not inline. */
  tabular: boolean;
  /** Output file, or null for standard output. */
  output: string | null;
  /** Tabular formats: the errors CSV, or null for `xxgk: …` lines on stderr. Null for other formats. */
  errorsFile: string | null;
  /** Tabular error records as lines on stderr: the progress line must be cleared before each. */
  errorsOnStderr: boolean;
  /** Write the sidecar `<out>.xxgk.json` (jsonl to a regular file). */
  sidecar: boolean;
  /** Continue `output` (jsonl) with the inputs not yet in it. */
  resume: boolean;
  recordOptions: RecordOptions;
  /** Lines for stderr, printed before the run. */
  notices: string[];
  /** Draw the progress line (a batch, not --quiet, stderr a terminal). */
  progress: boolean;
  /** Print the closing summary and the skipped list (a batch, not --quiet). */
  summary: boolean;
  /** Batch: Ctrl-C prints how far the run got, and the file `--resume` would continue (or null). Null for a single input. */
  interrupt: { resumable: string | null } | null;
  /** One input without --resume runs in this process; anything else goes through the worker pool. */
  engine: 'in-process' | 'pool';
  /** The extraction options, for the pool and for the in-process run alike. */
  pool: { jobs: number; timeoutMs: number; maxMemoryMb: number; blankAsZero: boolean; password: string | undefined; ocr: OcrMode; order: 'input' | 'completion' };
  /** For makeWriter (the sinks are the runner's): `xlsx` writes to `output`, or to standard output when null. */
  writer: { single: boolean; pretty: boolean; excel: boolean; appending: boolean; xlsx: boolean };
  /** `--skipped FILE` (batch), or null. */
  skippedFile: string | null;
}

/** Decide the run. Throws `UsageError` for option combinations that cannot run. */
export function planExtract(opts: ExtractOpts, start: Pick<StartPlan, 'listed'>, discovery: Discovery, facts: ExtractFacts): ExtractPlan {
  const output = opts.output ?? null;
  const errorsDefault = output ? errorsFileFor(output) : null;
  // never read our own output (e.g. `xxgk extract reports/ -o reports/out.jsonl --resume`)
  const ownFiles = [output, opts.errors, errorsDefault, output ? sidecarPath(output) : undefined, opts.skipped];
  const own = new Set(ownFiles.filter((x): x is string => !!x).map((x) => path.resolve(x)));
  const inputs = discovery.single ? discovery.inputs : discovery.inputs.filter((i) => i.kind !== 'file' || !own.has(path.resolve(i.path)));
  if (inputs.length === 0) {
    const why = discovery.skipped.length ? ` (${discovery.skipped.length} file(s) skipped: not reports)` : '';
    throw new UsageError(`nothing to extract${why}`);
  }
  const single = !start.listed && discovery.single && inputs.length === 1;
  const fallback: Format = single ? 'json' : 'jsonl';
  const format: Format = output && facts.output ? outputFormat(output, opts.format, facts.output, fallback) : (opts.format ?? fallback);
  const tabular = TABULAR.includes(format);
  if (opts.resume) {
    if (!output) throw new UsageError('--resume needs -o FILE (the output to continue)');
    if (format !== 'jsonl') throw new UsageError(`--resume works with --format jsonl only (got ${format})`);
  }
  if (format === 'xlsx' && !output && facts.stdoutIsTTY) throw new UsageError('xlsx is a binary file: give -o FILE.xlsx (or redirect standard output)');
  const notices: string[] = [];
  if (opts.excel && !tabular) notices.push('xxgk: warning: --excel only affects CSV/TSV output');
  if (opts.errors && !tabular) notices.push('xxgk: warning: --errors only applies to CSV/TSV output (JSON formats carry error records inline; xlsx has an errors sheet)');
  if (tabular && !opts.errors && errorsDefault) guardOutput(errorsDefault, facts.errorsDefault ?? 'absent', { force: opts.force }, 'errors file');
  const resume = !!opts.resume;
  const errorsFile = tabular ? (opts.errors ?? errorsDefault) : null;
  return {
    inputs,
    single,
    format,
    tabular,
    output,
    errorsFile,
    errorsOnStderr: tabular && errorsFile === null,
    sidecar: !!output && format === 'jsonl' && facts.output !== 'special',
    resume,
    recordOptions: { blank_as_zero: !!opts.blankAsZero },
    notices,
    progress: !single && !opts.quiet && facts.stderrIsTTY,
    summary: !single && !opts.quiet,
    interrupt: single ? null : { resumable: output && format === 'jsonl' ? output : null },
    engine: single && !resume ? 'in-process' : 'pool',
    pool: { jobs: opts.jobs, timeoutMs: opts.timeout * 1000, maxMemoryMb: opts.maxMemory, blankAsZero: !!opts.blankAsZero, password: opts.password, ocr: opts.ocr ?? 'auto', order: opts.order },
    writer: { single: single && format === 'json', pretty: !!opts.pretty, excel: !!opts.excel, appending: resume, xlsx: format === 'xlsx' },
    skippedFile: single ? null : (opts.skipped ?? null),
  };
}

// ---------------------------------------------------------------- 4. --resume

/**
 * `--resume` against the sidecar of the output (null when there is none): other record options than the
 * ones that made the file are a usage error; a non-empty file without a sidecar (an older xxgk, or cut by
 * hand) resumes with a warning. Returns the lines for stderr.
 */
export function planResume(output: string, now: RecordOptions, sidecar: { options: RecordOptions } | null, target: OutputTarget | null): string[] {
  if (sidecar) {
    const diff = optionDifferences(sidecar.options, now);
    if (diff.length) throw new UsageError(`cannot resume ${output} with other options than the ones that made it: ${diff.join(', ')} (see ${sidecarPath(output)})`);
    return [];
  }
  if (target !== 'nonempty') return [];
  return [`xxgk: warning: resume: ${output} has no ${path.basename(sidecarPath(output))} (an older xxgk, or cut by hand): the options that made it are unknown; resuming with these`];
}

/** The lines for stderr after the output was repaired for `--resume` (batch/resume.ts `prepareResume`). */
export function resumeNotices(output: string, state: { repairedBytes: number; removedLines: readonly number[]; removedBytes: number }, quiet: boolean): string[] {
  const lines: string[] = [];
  if (!quiet && state.repairedBytes) lines.push(`xxgk: resume: cut a partial last line (${state.repairedBytes} bytes) from ${output}`);
  if (state.removedLines.length) {
    const at = state.removedLines.slice(0, 10).join(', ') + (state.removedLines.length > 10 ? ', …' : '');
    lines.push(`xxgk: warning: resume: removed ${state.removedLines.length} line(s) of ${output} that are not records (line ${at}; ${state.removedBytes} bytes, e.g. a torn record closed by a newline); their inputs are extracted again`);
  }
  return lines;
}

// ---------------------------------------------------------------- 5. the end

/**
 * A single input's end: its error (if any) on stderr — unless the CSV error sink already printed that line
 * there, though an `encrypted` input without `--password` always gets the line with the hint — and the
 * error code's exit status.
 */
export function singleOutcome(plan: Pick<ExtractPlan, 'errorsOnStderr'>, error: ErrorRecord | null, passwordGiven: boolean): { line: string | null; exit: number } {
  if (!error) return { line: null, exit: EXIT.ok };
  const hint = error.error.code === 'encrypted' && !passwordGiven ? ' (give its password with --password)' : '';
  const line = !plan.errorsOnStderr || hint ? errorLine(error, hint) : null;
  return { line, exit: exitCodeFor(error.error.code) };
}

/** A batch's exit status: 1 when an input that should have been a report failed (outcome.ts `isFailure`). */
export const batchExit = (failures: number): number => (failures > 0 ? EXIT.someFailed : EXIT.ok);
