/**
 * `xxgk review`: review pages (src/review).
 *
 *   xxgk review <input> [-o review.html]                 one report → one HTML file (stdout without -o)
 *   xxgk review FILE.jsonl --sources DIR -o OUTDIR/      a batch's records → one page each + OUTDIR/index.html
 *
 * A single input is extracted in this process. In batch mode the records are
 * taken as they are in FILE.jsonl (nothing is extracted again); each record's
 * source is looked up under DIR (its `source.path`, then its last two path
 * parts, then its file name) and
 * used only when its sha256 matches the record.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { exitCodeFor } from '../errors.js';
import type { OcrMode } from '../read/types.js';
import type { OutputRecord } from '../schema.js';
import { errorLine } from '../write/error-line.js';
import { mayWriteOutput } from './output.js';
import { readStdinBytes } from './stdin.js';
import { EXIT } from './usage.js';

/** The options of `xxgk review` as commander parses them (commands.ts). */
export interface ReviewCliOpts {
  output?: string;
  sources?: string;
  dpi: number;
  maxPages: number;
  quiet?: boolean;
  force?: boolean;
  password?: string;
  ocr?: OcrMode;
}

const USAGE = EXIT.usage;
const OUTPUT_FAILED = EXIT.outputFailed;


/**
 * A safe, unique file name for a record's page: its position and the last two
 * parts of its source path, `0007-huaian-2024-pdf_source.pdf.html` (characters
 * outside [A-Za-z0-9._-] become `_`).
 */
export function pageFileName(index: number, sourcePath: string | null): string {
  const base = (sourcePath ? sourcePath.split(/[\\/]+/).filter(Boolean).slice(-2).join('_') : 'stdin').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80);
  return `${String(index + 1).padStart(4, '0')}-${base}.html`;
}

async function sourceBytes(rec: OutputRecord, dir: string): Promise<{ bytes: Uint8Array | null; note?: string }> {
  const p = rec.source.path;
  if (!p) return { bytes: null, note: 'the record has no source path' };
  const parts = p.split(/[\\/]+/).filter(Boolean);
  const tries = [...new Set([path.resolve(dir, p), path.resolve(dir, ...parts.slice(-2)), path.resolve(dir, parts[parts.length - 1] ?? p)])];
  for (const file of tries) {
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) continue;
    if (createHash('sha256').update(bytes).digest('hex') === rec.source.sha256) return { bytes };
    return { bytes: null, note: `${file} differs from the document the record was made from (sha256)` };
  }
  return { bytes: null, note: `the source was not found under ${dir}` };
}

async function single(input: string, opts: ReviewCliOpts): Promise<number> {
  // never empty an existing page by accident (as `extract`): file untouched, exit 2
  if (opts.output && !(await mayWriteOutput(opts.output, opts.force))) return USAGE;
  const [api, review] = await Promise.all([import('../api.js'), import('../review/index.js')]);
  const bytes = input === '-' ? await readStdinBytes() : await readFile(input).catch(() => null);
  const extractOpts = { path: input === '-' ? null : input, ...(opts.password !== undefined ? { password: opts.password } : {}), ...(opts.ocr ? { ocr: opts.ocr } : {}) };
  const rec = bytes ? await api.extractRecord(bytes, extractOpts) : api.errorRecord(null, input, 'io_error', `cannot read ${input}`);
  const html = await review.reviewHtml(rec, bytes, { dpi: opts.dpi, maxPages: opts.maxPages, password: opts.password });
  try {
    if (opts.output) await writeFile(opts.output, html);
    else process.stdout.write(html);
  } catch (e) {
    process.stderr.write(`xxgk: cannot write output: ${(e as Error).message}\n`);
    return OUTPUT_FAILED;
  }
  if ('error' in rec) {
    process.stderr.write(`${errorLine(rec)}\n`);
    return exitCodeFor(rec.error.code);
  }
  return 0;
}

async function batch(file: string, opts: ReviewCliOpts): Promise<number> {
  if (!opts.output) {
    process.stderr.write('xxgk: review of a JSON Lines file needs -o DIR (the folder for the pages and index.html)\n');
    return USAGE;
  }
  const review = await import('../review/index.js');
  const outDir = opts.output;
  const srcDir = opts.sources ?? '.';
  // never mix pages into a folder that holds other files (an earlier review, or anything else)
  const present = await readdir(outDir).catch(() => null);
  if (present && present.length > 0 && !opts.force) {
    process.stderr.write(`xxgk: ${outDir} is not empty; choose another folder, or --force to write into it (same-named pages are replaced)\n`);
    return USAGE;
  }
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    process.stderr.write(`xxgk: cannot create ${outDir}: ${(e as Error).message}\n`);
    return OUTPUT_FAILED;
  }
  const entries: import('../review/index.js').IndexEntry[] = [];
  let bad = 0;
  let missing = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      let rec: OutputRecord;
      try {
        rec = JSON.parse(line) as OutputRecord;
        if (!rec || typeof rec !== 'object' || !rec.source || typeof rec.source.sha256 !== 'string') throw new Error('not a record');
      } catch {
        bad++;
        continue;
      }
      const { bytes, note } = await sourceBytes(rec, srcDir);
      if (note && !('error' in rec)) missing++;
      const view = note && !('error' in rec) ? { kind: 'none' as const, reason: note } : await review.sourceViewFor(rec, bytes, { dpi: opts.dpi, maxPages: opts.maxPages, password: opts.password });
      const name = pageFileName(entries.length, rec.source.path);
      await writeFile(path.join(outDir, name), review.renderReportPage(rec, view));
      entries.push(review.indexEntry(rec, name));
    }
    await writeFile(path.join(outDir, 'index.html'), review.renderIndexPage(entries));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`xxgk: review: ${err.code === 'ENOENT' && err.path === file ? `cannot read ${file}` : err.message}\n`);
    return err.path === file ? exitCodeFor('io_error') : OUTPUT_FAILED;
  }
  if (!opts.quiet) {
    process.stderr.write(`xxgk: review: ${entries.length} page(s) and index.html written to ${outDir}${missing ? `; ${missing} without their source` : ''}${bad ? `; ${bad} line(s) skipped (not records)` : ''}\n`);
  }
  return 0;
}

/** Run `xxgk review` (its definition: commands.ts): records of a .jsonl file, or one report; returns the exit status. */
export async function runReview(input: string, opts: ReviewCliOpts): Promise<number> {
  const isRecords = /\.(jsonl|ndjson)$/i.test(input) || opts.sources !== undefined;
  return isRecords ? batch(input, opts) : single(input, opts);
}
