/**
 * The dataset commands, registered on the program by main.ts:
 *
 * - `xxgk convert FILE.jsonl [-o OUT] [--format F]` (convert.ts)
 * - `xxgk summary FILE.jsonl [--json]` (summary.ts)
 * - `xxgk keys [--format csv|json] [--columns wide|long]` — the data
 *   dictionary (write/dictionary.ts): every contract key with its Chinese
 *   labels, unit, type and templates; or, with `--columns`, every column of the
 *   wide or long CSV with its dtype.
 */
import { Option, type Command } from 'commander';
import { FORMATS } from '../write/records.js';
import type { ConvertOpts } from './convert.js';

// each command's code loads when it runs: `xxgk extract` starts without any of it

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
