/**
 * `xxgk extract`, part one: the plan. A pure function from the parsed options and the input
 * discovery to what the run will do — which inputs, single-file or batch, the output format,
 * where records and error records go, the notices for stderr — or a usage error. No I/O: the
 * option logic is tested without spawning the CLI (tests/cli-plan.test.ts). The runner
 * (main.ts) carries the plan out.
 */
import path from 'node:path';
import type { Discovery, InputRef } from '../batch/inputs.js';
import type { Format } from '../write/records.js';

/** A usage error: printed as `xxgk: <message>`, exit status 2. */
export class UsageError extends Error {}

/** The options of `xxgk extract` as commander parses them. */
export interface ExtractOpts {
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

export interface ExtractPlan {
  inputs: InputRef[];
  /** Exactly one file or `-`: one JSON object and the error code's exit status. */
  single: boolean;
  format: Format;
  csv: boolean;
  /** Output file, or null for standard output. */
  output: string | null;
  /** CSV formats: where error records go — a CSV file, or lines on stderr (null). Unused for JSON formats. */
  errorsFile: string | null;
  /** Continue `output` (jsonl) with the inputs not yet in it. */
  resume: boolean;
  /** Lines for stderr before the run (`xxgk: warning: …`); globs that matched nothing are the runner's, printed before planning. */
  notices: string[];
  /** Files of the discovery that are not reports (counted in the summary). */
  skipped: number;
  /** Progress line and summary allowed (a batch, not --quiet); the progress line still needs a terminal. */
  chatty: boolean;
  writer: { single: boolean; pretty: boolean; excel: boolean; appending: boolean };
  pool: { jobs: number; timeoutMs: number; maxMemoryMb: number; blankAsZero: boolean; order: 'input' | 'completion' };
}

/** Format from the output file's extension, if it tells. */
export function formatFromName(file: string): Format | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : undefined;
}

/** `out.csv` → `out.errors.csv`; any other name gets `.errors.csv` appended. */
export function errorsFileFor(out: string): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, '.errors.csv') : `${out}.errors.csv`;
}

/** Decide the run. Throws `UsageError` for option combinations that cannot run. */
export function planExtract(opts: ExtractOpts, discovery: Discovery): ExtractPlan {
  const notices: string[] = [];
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
  if (opts.excel && !csv) notices.push('xxgk: warning: --excel only affects CSV output');
  if (opts.errors && !csv) notices.push('xxgk: warning: --errors only applies to CSV output (JSON formats carry error records inline)');
  const resume = !!opts.resume;
  return {
    inputs,
    single,
    format,
    csv,
    output: opts.output ?? null,
    errorsFile: csv ? (opts.errors ?? (opts.output ? errorsFileFor(opts.output) : null)) : null,
    resume,
    notices,
    skipped: discovery.skipped.length,
    chatty: !single && !opts.quiet,
    writer: { single: single && format === 'json', pretty: !!opts.pretty, excel: !!opts.excel, appending: resume },
    pool: { jobs: opts.jobs, timeoutMs: opts.timeout * 1000, maxMemoryMb: opts.maxMemory, blankAsZero: !!opts.blankAsZero, order: opts.order },
  };
}
