/**
 * The output file of `xxgk extract -o FILE` on disk: what is at the path
 * before the run, and the sidecar `<FILE>.xxgk.json` recording the options
 * that produced it (checked by `--resume`). The rules — format from the
 * extension, the guard, the names of the errors CSV and the sidecar — are pure
 * and live in plan.ts.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SCHEMA_VERSION } from '../schema-version.js';
import type { Format } from '../write/records.js';
import { guardOutput, sidecarPath, type OutputTarget, type RecordOptions } from './plan.js';
import { UsageError } from './usage.js';

/** What is at an output path now: nothing, an empty or non-empty regular file, or a special file (/dev/null, a FIFO, a terminal). */
export async function outputTarget(file: string): Promise<OutputTarget> {
  const st = await stat(file).catch(() => null);
  if (!st) return 'absent';
  if (!st.isFile()) return 'special';
  return st.size === 0 ? 'empty' : 'nonempty';
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

/** A fresh sidecar for this run (keeping `created` of an earlier one). */
export function newSidecar(version: string, format: Format, options: RecordOptions, earlier: Sidecar | null): Sidecar {
  const now = new Date().toISOString();
  return { xxgk: version, schema_version: SCHEMA_VERSION, format, options, created: earlier?.created ?? now, updated: now };
}

/**
 * The overwrite guard of a command whose output cannot be resumed (`panel -o`, `review -o`):
 * true when `file` may be written; otherwise the refusal is printed on stderr (the caller exits 2,
 * nothing written). Same rule and words as `extract`/`convert` (`guardOutput`).
 */
export async function mayWriteOutput(file: string, force: boolean | undefined): Promise<boolean> {
  try {
    guardOutput(file, await outputTarget(file), { force, resumable: false });
    return true;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`xxgk: ${e.message}\n`);
    return false;
  }
}
