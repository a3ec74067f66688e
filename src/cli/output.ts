/**
 * The output file of `xxgk extract -o FILE`: its format (from the extension),
 * the guard that never lets a run empty an existing output, and the sidecar
 * `<FILE>.xxgk.json` recording the options that produced it (checked by
 * `--resume`).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SCHEMA_VERSION } from '../schema-version.js';
import type { Format } from '../write/records.js';
import { UsageError } from './usage.js';

/** Output file extension → format. Anything else is a usage error (unless --format is given). */
export const EXTENSION_FORMATS: Readonly<Record<string, Format>> = {
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.xlsx': 'xlsx',
};

/** What is at an output path before the run. */
export type OutputTarget = 'absent' | 'empty' | 'nonempty' | 'special';

export async function outputTarget(file: string): Promise<OutputTarget> {
  const st = await stat(file).catch(() => null);
  if (!st) return 'absent';
  if (!st.isFile()) return 'special'; // /dev/null, a FIFO, a terminal
  return st.size === 0 ? 'empty' : 'nonempty';
}

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
export function guardOutput(file: string, target: OutputTarget, opts: { resume?: boolean; force?: boolean }, what = 'output'): void {
  if (target !== 'nonempty' || opts.resume || opts.force) return;
  throw new UsageError(`${what} ${file} already exists and is not empty; nothing was written. Continue it with --resume (JSONL), overwrite it with --force, or choose another name`);
}

/** The options that change what a record says; a resumed file must have been made with the same ones. */
export interface RecordOptions {
  blank_as_zero: boolean;
}

/** `<out>.xxgk.json`: how an output file was made. */
export interface Sidecar {
  /** the xxgk version that wrote it */
  xxgk: string;
  schema_version: string;
  format: Format;
  options: RecordOptions;
  /** ISO time of the first run, and of the last run that wrote to it */
  created: string;
  updated: string;
}

export const SIDECAR_SUFFIX = '.xxgk.json';
export const sidecarPath = (out: string): string => out + SIDECAR_SUFFIX;

/** The sidecar of an output, or null if there is none (or it is not one of ours). */
export async function readSidecar(out: string): Promise<Sidecar | null> {
  try {
    const v = JSON.parse(await readFile(sidecarPath(out), 'utf8')) as Sidecar;
    return v && typeof v === 'object' && v.options && typeof v.options === 'object' ? v : null;
  } catch {
    return null;
  }
}

export async function writeSidecar(out: string, s: Sidecar): Promise<void> {
  await writeFile(sidecarPath(out), JSON.stringify(s, null, 2) + '\n');
}

/** Names (as command-line options) of the record options that differ between a sidecar and this run. */
export function optionDifferences(recorded: RecordOptions, now: RecordOptions): string[] {
  const diff: string[] = [];
  if (!!recorded.blank_as_zero !== now.blank_as_zero) diff.push(`--blank-as-zero (file made ${recorded.blank_as_zero ? 'with' : 'without'} it)`);
  return diff;
}

/** A fresh sidecar for this run (keeping `created` of an earlier one). */
export function newSidecar(version: string, format: Format, options: RecordOptions, earlier: Sidecar | null): Sidecar {
  const now = new Date().toISOString();
  return { xxgk: version, schema_version: SCHEMA_VERSION, format, options, created: earlier?.created ?? now, updated: now };
}

/** The errors CSV of a CSV/TSV output: `out.csv` → `out.errors.csv`; any other name gets `.errors.csv` appended. */
export function errorsFileFor(out: string): string {
  return /\.csv$/i.test(out) ? out.replace(/\.csv$/i, '.errors.csv') : `${out}.errors.csv`;
}
