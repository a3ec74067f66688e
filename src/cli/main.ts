/**
 * The command line: program setup and the registration of its commands —
 * `xxgk extract` (its options here; the plan in plan.ts, the runner in
 * extract.ts), `xxgk convert`, `summary` and `keys` (commands.ts), `schema`,
 * `panel` (panel.ts), `queue` (queue.ts) and `review` (review.ts).
 *
 * One file (or `-`) → one JSON object and the error code's exit status.
 * Several files, directories or globs → a batch through the worker pool
 * (src/batch). See README.md, "Batches and datasets".
 */
import { Command, CommanderError, Option } from 'commander';
import { memoryMb, positiveInt, positiveNum } from './args.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS, defaultJobs } from '../batch/limits.js';
import { ERROR_CODES } from '../errors.js';
import { OCR_MODES } from '../read/types.js';
import { FORMATS } from '../write/records.js';
import { panelCommand, registerDatasetCommands, reviewCommand } from './commands.js';
import { runExtract } from './extract.js';
import type { ExtractOpts } from './plan.js';
import { registerQueue } from './queue.js';
import { EXIT, UsageError, VERSION } from './usage.js';

export { errorsFileFor } from './plan.js';

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
    .addOption(new Option('--ocr <mode>', 'PDF pages read by OCR: auto = pages without a usable text layer, force = every page, off = none').choices(OCR_MODES).default('auto'))
    .addOption(new Option('-j, --jobs <n>', 'worker threads').argParser(positiveInt).default(defaultJobs(), `number of CPUs, here ${defaultJobs()}`))
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
