/**
 * The command line: `xxgk extract`, `xxgk schema`.
 */
import { Command, CommanderError } from 'commander';
import { readFile } from 'node:fs/promises';
import { extractFile, extractRecord, isErrorRecord } from '../api.js';
import { ERROR_CODES, exitCodeFor } from '../errors.js';
import { jsonSchema, type OutputRecord } from '../schema.js';

const EXAMPLES = `
Examples:
  $ xxgk extract fixtures/html/pingtan-2023.html --pretty
  $ xxgk extract report.pdf > report.json
  $ cat page.html | xxgk extract -
  $ xxgk schema > xxgk.schema.json

Exit status: 0 success; ${Object.entries(ERROR_CODES)
  .map(([k, v]) => `${v} ${k}`)
  .join('; ')}; 2 usage error.`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
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
    .description('extract one report (PDF, DOCX, HTML or text; format sniffed from content) and print its JSON')
    .argument('<input>', 'report file, or - for standard input')
    .option('--pretty', 'indent the JSON')
    .option('--blank-as-zero', 'report blank cells as 0 (their kind stays "blank")')
    .addHelpText('after', EXAMPLES)
    .action(async (input: string, opts: { pretty?: boolean; blankAsZero?: boolean }) => {
      let rec: OutputRecord;
      if (input === '-') {
        rec = await extractRecord(await readStdin(), { path: null, blankAsZero: opts.blankAsZero });
      } else {
        rec = await extractFile(input, { blankAsZero: opts.blankAsZero });
      }
      process.stdout.write(JSON.stringify(rec, null, opts.pretty ? 2 : undefined) + '\n');
      if (isErrorRecord(rec)) {
        process.stderr.write(`xxgk: ${input}: ${rec.error.code}: ${rec.error.message}\n`);
        exit = exitCodeFor(rec.error.code);
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the output records')
    .action(() => {
      process.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    throw e;
  }
  return exit;
}
