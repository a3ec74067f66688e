/**
 * `xxgk panel FILE.jsonl… [-o panel.jsonl|panel.csv]`: one row per agency and
 * year from extraction records, with the year-over-year checks Y1/Y2
 * (src/panel). README.md, "Across reports: xxgk panel".
 *
 * Input: JSON Lines written by `xxgk extract` (a JSON array file is accepted
 * too; `-` reads standard input), read line by line; only what the panel
 * needs of each record is kept (not `cells`, `checks`, `warnings`). Lines that
 * are not records are counted and reported, never fatal. Exit status: 0 a panel was written; 2 usage error or
 * no record at all; 16 an input could not be read or the output written.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ERROR_CODES } from '../errors.js';
import type { Panel } from '../panel/build.js';
import type { PanelFormat } from '../panel/formats.js';
import type { OutputRecord } from '../schema.js';
import { fileSink, streamSink } from '../write/sink.js';
import { upgradeRecord } from '../upgrade.js';

// The record schema (zod), the panel builder and its writers load when the command runs:
// every other command (extract above all) starts without them.
type Schema = (typeof import('../schema.js'))['RecordSchema'];

/** The options of `xxgk panel` as commander parses them (commands.ts). */
export interface PanelOpts {
  output?: string;
  format?: PanelFormat;
  excel?: boolean;
  quiet?: boolean;
  force?: boolean;
}

/**
 * What the panel keeps of a record: everything but `cells`, `checks` and
 * `warnings` (most of a record's size), so large inputs fit in memory.
 */
function slim(rec: OutputRecord): OutputRecord {
  return 'error' in rec ? rec : { ...rec, cells: {}, checks: [], warnings: [] };
}

/** A record from one JSON value (an older schema_version upgraded: src/upgrade.ts), or null when it is not one. */
function toRecord(x: unknown, schema: Schema): OutputRecord | null {
  const p = schema.safeParse(upgradeRecord(x));
  return p.success ? slim(p.data as unknown as OutputRecord) : null;
}

/**
 * Records of one input, read line by line (JSON Lines) or, when the input
 * starts with `[`, as one JSON array. `bad` lists the 1-based line (or array
 * element) numbers that are not records. `RecordSchema` is schema.ts's, handed in by the
 * caller (loaded once the command runs, before its inputs are opened).
 */
export async function readRecords(lines: AsyncIterable<string>, RecordSchema: Schema): Promise<{ records: OutputRecord[]; bad: number[] }> {
  const records: OutputRecord[] = [];
  const bad: number[] = [];
  let n = 0;
  let array: string[] | null = null;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (array) {
      array.push(line);
      continue;
    }
    if (!line.trim()) continue;
    if (records.length === 0 && bad.length === 0 && line.trimStart().startsWith('[')) {
      array = [line];
      continue;
    }
    let rec: OutputRecord | null = null;
    try {
      rec = toRecord(JSON.parse(line), RecordSchema);
    } catch {
      rec = null;
    }
    if (rec) records.push(rec);
    else bad.push(n);
  }
  if (array) {
    try {
      (JSON.parse(array.join('\n')) as unknown[]).forEach((x, i) => {
        const rec = toRecord(x, RecordSchema);
        if (rec) records.push(rec);
        else bad.push(i + 1);
      });
    } catch {
      bad.push(1);
    }
  }
  return { records, bad };
}

/** The stderr summary of a panel run. */
export function panelSummary(panel: Panel): string {
  const agencies = new Set(panel.rows.map((r) => r.agency_key)).size;
  const dup = panel.rows.filter((r) => r.sources.length > 1).length;
  const failed = new Map<string, number>();
  for (const r of panel.rows) for (const c of r.checks) if (c.status === 'fail') failed.set(c.id, (failed.get(c.id) ?? 0) + 1);
  const reasons = new Map<string, number>();
  for (const s of panel.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const lines = [`xxgk panel: ${panel.rows.length} agency-year row(s), ${agencies} agenc${agencies === 1 ? 'y' : 'ies'}`];
  if (dup) lines.push(`  ${dup} agency-year(s) with more than one report (listed in sources, not merged)`);
  if (reasons.size) lines.push(`  skipped: ${[...reasons].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  lines.push(failed.size ? `  failed checks: ${[...failed].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}` : '  failed checks: none');
  return lines.join('\n') + '\n';
}

/** The lines of a file, or of standard input for `-`. */
function inputLines(file: string): AsyncIterable<string> {
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  return createInterface({ input, crlfDelay: Infinity });
}

/** Run `xxgk panel` (its definition and output guard: commands.ts); returns the exit status. */
export async function runPanel(files: string[], opts: PanelOpts): Promise<number> {
  const stderr = process.stderr;
  // (loaded before any input is opened: a line reader emits lines as soon as it is made)
  const { RecordSchema } = await import('../schema.js');
  const records: OutputRecord[] = [];
  for (const f of files) {
    let parsed: Awaited<ReturnType<typeof readRecords>>;
    try {
      parsed = await readRecords(inputLines(f), RecordSchema);
    } catch (e) {
      stderr.write(`xxgk: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return ERROR_CODES.io_error;
    }
    if (parsed.bad.length) stderr.write(`xxgk: warning: ${f}: ${parsed.bad.length} line(s) are not extraction records (first: line ${parsed.bad[0]}); ignored\n`);
    records.push(...parsed.records);
  }
  if (records.length === 0) {
    stderr.write('xxgk: no extraction records in the input\n');
    return 2;
  }
  const ext = opts.output ? path.extname(opts.output).toLowerCase() : '';
  const format: PanelFormat = opts.format ?? (ext === '.csv' ? 'csv' : 'jsonl');
  if (opts.excel && format !== 'csv') stderr.write('xxgk: warning: --excel only affects CSV output\n');
  const [{ buildPanel }, { panelText }] = await Promise.all([import('../panel/build.js'), import('../panel/write.js')]);
  const panel = buildPanel(records);
  try {
    const sink = opts.output ? fileSink(opts.output) : streamSink(process.stdout);
    await sink.write(panelText(panel.rows, format, { excel: opts.excel }));
    await sink.close();
  } catch (e) {
    stderr.write(`xxgk: cannot write output: ${(e as Error).message}\n`);
    return ERROR_CODES.io_error;
  }
  if (!opts.quiet) stderr.write(panelSummary(panel));
  return 0;
}
