/**
 * The dataset commands, registered on the program by main.ts:
 *
 * - `xxgk convert FILE.jsonl [-o OUT] [--format F]` (convert.ts)
 * - `xxgk summary FILE.jsonl [--json]` (summary.ts)
 * - `xxgk keys [--format csv|json] [--columns wide|long]` — the data
 *   dictionary (write/dictionary.ts): every contract key with its Chinese
 *   labels, unit, type and templates; or, with `--columns`, every column of the
 *   wide or long CSV with its dtype.
 *
 * and the definitions of `xxgk panel` (panel.ts) and `xxgk review` (review.ts), added by main.ts.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { PANEL_FORMATS } from '../panel/formats.js';
import { OCR_MODES } from '../read/types.js';
import { FORMATS } from '../write/records.js';
import type { ConvertOpts } from './convert.js';
import { mayWriteOutput } from './output.js';
import type { PanelOpts } from './panel.js';
import type { ReviewCliOpts } from './review.js';

// each command's code loads when it runs: `xxgk extract` starts without any of it (panel.ts and
// review.ts with their readers and writers: 3–4 ms of module loading in every run of the CLI)

async function printKeys(opts: { format: 'csv' | 'json'; columns?: 'wide' | 'long' | 'errors' }): Promise<void> {
  const [{ csvLines }, { KEY_COLUMNS, columnDictionary, keyRows }] = await Promise.all([import('../write/csv.js'), import('../write/dictionary.js')]);
  const rows: Record<string, string>[] = opts.columns ? (columnDictionary(opts.columns) as unknown as Record<string, string>[]) : (keyRows() as unknown as Record<string, string>[]);
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const cols = opts.columns ? ['column', 'dtype', 'description'] : (KEY_COLUMNS as string[]);
  process.stdout.write(csvLines([cols, ...rows.map((r) => cols.map((c) => r[c] ?? null))]));
}

export function registerDatasetCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('convert')
    .description('convert an xxgk JSONL file to another format without extracting again (streamed)')
    .argument('<file>', 'JSONL written by xxgk extract (- for standard input)')
    .addOption(new Option('-f, --format <format>', 'output format (default: from the extension of -o; csv on standard output)').choices(FORMATS))
    .option('-o, --output <file>', 'write to FILE instead of standard output (an existing non-empty FILE needs --force)')
    .option('--force', 'overwrite an existing output file')
    .option('--errors <file>', 'CSV/TSV formats: error records go here (default: <out>.errors.csv next to -o, or lines on stderr)')
    .option('--excel', 'CSV/TSV formats: start with a UTF-8 byte-order mark and neutralise text cells starting with = + - @')
    .option('--pretty', 'indent JSON (format json)')
    .option('-q, --quiet', 'no closing line on stderr')
    .action(async (file: string, opts: ConvertOpts) => setExit(await (await import('./convert.js')).runConvert(file, opts)));

  program
    .command('summary')
    .description('counts of an xxgk JSONL file: formats, templates, years, errors by code, failed checks, warnings by code and severity')
    .argument('<file>', 'JSONL written by xxgk extract (- for standard input)')
    .option('--json', 'machine-readable JSON')
    .action(async (file: string, opts: { json?: boolean }) => setExit(await (await import('./summary.js')).runSummary(file, opts)));

  program
    .command('keys')
    .description('the data dictionary: every contract key with its Chinese labels, unit, type and templates (CSV)')
    .addOption(new Option('-f, --format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
    .addOption(new Option('--columns <table>', 'instead: the columns of the wide, long or errors CSV with their dtypes').choices(['wide', 'long', 'errors']))
    .action((opts: { format: 'csv' | 'json'; columns?: 'wide' | 'long' | 'errors' }) => printKeys(opts));
}

/** The `panel` command; `onExit` receives the exit status. */
export function panelCommand(onExit: (code: number) => void): Command {
  return new Command('panel')
    .description('one row per agency and year from extraction records (JSON Lines), with the year-over-year checks Y1 (carried forward = next year’s carried over) and Y2 (规章/行政规范性文件 in force)')
    .argument('<files...>', 'JSON Lines written by `xxgk extract` (or - for standard input)')
    .option('-o, --output <file>', 'write to FILE (.csv → CSV, otherwise JSON Lines) instead of standard output')
    .addOption(new Option('-f, --format <format>', 'output format (default: from the -o extension, else jsonl)').choices(PANEL_FORMATS))
    .option('--excel', 'CSV: start with a UTF-8 byte-order mark so Excel reads Chinese text')
    .option('--force', 'overwrite an existing non-empty output file')
    .option('-q, --quiet', 'no summary on stderr')
    .exitOverride()
    .action(async (files: string[], opts: PanelOpts) => {
      // never empty an existing output by accident (as `extract` and `convert`): file untouched, exit 2
      if (opts.output && !(await mayWriteOutput(opts.output, opts.force))) return onExit(2);
      onExit(await (await import('./panel.js')).runPanel(files, opts));
    });
}

const intIn = (lo: number, hi: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new InvalidArgumentError(`an integer from ${lo} to ${hi} is required`);
  return n;
};

/** The `review` subcommand; `done` receives the exit status. */
export function reviewCommand(done: (code: number) => void): Command {
  return new Command('review')
    .exitOverride()
    .description('write a self-contained HTML review page: the source beside the extracted tables, every value linked to its place; FILE.jsonl (a batch\'s records) → one page each and an index')
    .argument('<input>', 'a report (PDF, DOCX, HTML, text) or - for standard input; or a .jsonl/.ndjson file of records')
    .option('-o, --output <path>', 'the HTML file (one report; default standard output) or the folder (a .jsonl file)')
    .option('--sources <dir>', 'with a .jsonl file: where the records\' source.path values are found (default: the current folder)')
    .option('--dpi <n>', 'resolution of PDF page images', intIn(36, 300), 120)
    .option('--max-pages <n>', 'render at most this many PDF pages per report (pages holding extracted cells are always rendered)', intIn(1, 1000), 30)
    .option('--force', 'overwrite an existing non-empty -o file (one report) or write into a non-empty -o folder (JSON Lines)')
    .option('--password <password>', 'user password of encrypted PDFs (to read one report and to render PDF pages)')
    .addOption(new Option('--ocr <mode>', 'one report: which PDF pages are read by OCR (as extract)').choices(OCR_MODES))
    .option('-q, --quiet', 'no summary on stderr (batch)')
    .addHelpText('after', '\nExamples:\n  $ xxgk review report.pdf -o review.html\n  $ xxgk extract reports/ -o out.jsonl && xxgk review out.jsonl --sources . -o review/\n')
    .action(async (input: string, opts: ReviewCliOpts) => done(await (await import('./review.js')).runReview(input, opts)));
}
