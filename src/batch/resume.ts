/**
 * `--resume`: continue a JSONL output that a previous run left behind.
 *
 * Lines are written whole, so a killed run leaves at most one partial line at
 * the end: it is cut off (the file is truncated after its last newline). A
 * line that is not a record can also sit inside the file: a torn record that
 * something else closed with a newline (`echo >>`, a second writer, an editor),
 * as in shared/field-cases/jsonl-resume-torn-line t2. Such lines are removed
 * (the file is rewritten through a temporary file and a rename) and reported by
 * line number, so the file never keeps a line that is not JSON; the input the
 * torn record belonged to has no sha256 in the file any more, so it is redone.
 *
 * Every record's `source.sha256` is counted; an input is skipped when its
 * sha256 still has an unused count. Counting (rather than a plain set) keeps
 * identical copies under different names right: k records of one content skip
 * exactly the first k inputs with that content. Error records count too: an
 * input that failed is not retried by --resume (delete its line to retry it).
 *
 * A file that could not be read at all has no content to hash: its `io_error` record carries the
 * sha256 of zero bytes. Such records are matched by path instead (`unreadableKey`), against inputs
 * that still cannot be read — an empty file is then not taken for it (it was: the empty file got no
 * record and the unreadable one a second), and a file readable now is extracted, its record after
 * the earlier `io_error` line.
 *
 * A file holding records of another `schema_version` is not resumed (and not
 * touched): one dataset, one shape.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, truncate, writeFile } from 'node:fs/promises';

export interface ResumeState {
  /** sha256 (or `unreadableKey`) → records in the existing output not yet matched to an input. */
  counts: Map<string, number>;
  /** Complete records found. */
  records: number;
  /** Bytes of a partial last line that were cut off (0 if none). */
  repairedBytes: number;
  /**
   * Complete lines that were not records (not JSON, or JSON without
   * `source.sha256`): their 1-based line numbers in the file as it was found.
   * They have been removed from the file.
   */
  removedLines: number[];
  /** Bytes removed with `removedLines` (newlines included). */
  removedBytes: number;
}


let emptySha: string | undefined;

/**
 * The resume key of an input that cannot be read (`path`: as given, as in `source.path`): the
 * file has no content to hash, so its earlier `io_error` record is found by path.
 */
export function unreadableKey(path: string | null): string {
  return `io_error\0${path ?? ''}`;
}

/**
 * A line's resume key — its `source.sha256`, or `unreadableKey` for the `io_error` record of a file
 * that could not be read (null when the line is not a record) — and its `schema_version`.
 */
function recordFields(line: string): { sha: string | null; version: string | null } {
  try {
    const v = JSON.parse(line) as { source?: { sha256?: unknown; path?: unknown; bytes?: unknown }; error?: { code?: unknown }; schema_version?: unknown } | null;
    const sha = v?.source?.sha256;
    const version = typeof v?.schema_version === 'string' ? v.schema_version : null;
    if (typeof sha !== 'string') return { sha: null, version };
    // the sha256 of zero bytes: what the io_error record of a file that could not be read carries
    const unread = v?.error?.code === 'io_error' && v?.source?.bytes === 0 && sha === (emptySha ??= sha256Hex(new Uint8Array(0)));
    const path = v?.source?.path;
    return { sha: unread ? unreadableKey(typeof path === 'string' ? path : null) : sha, version };
  } catch {
    return { sha: null, version: null };
  }
}

/**
 * The output holds records of another `schema_version` than this xxgk writes: resuming would
 * mix two shapes in one dataset, so it is refused before the file is touched.
 */
export class ResumeVersionMismatch extends Error {
  constructor(
    readonly file: string,
    /** Versions found in the file other than the expected one. */
    readonly found: string[],
    readonly expected: string,
    /** 1-based numbers of complete lines that are not records (they would have been removed). */
    readonly notRecords: number[],
  ) {
    const torn = notRecords.length ? `; line ${notRecords.slice(0, 10).join(', ')} ${notRecords.length > 1 ? 'are' : 'is'} not a record` : '';
    super(`${file} holds records of schema_version ${found.join(', ')} and this xxgk writes ${expected}: resuming would mix the two${torn}. Extract into a new file, or overwrite it with --force`);
  }
}

/**
 * Read (and repair in place) the output of an earlier run. A missing file is
 * an empty state. Throws the file system error for any other read failure, and
 * `ResumeVersionMismatch` (file untouched) when `expectVersion` is given and a
 * record carries another `schema_version`.
 */
export async function prepareResume(file: string, expectVersion?: string): Promise<ResumeState> {
  const state: ResumeState = { counts: new Map(), records: 0, repairedBytes: 0, removedLines: [], removedBytes: 0 };
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw e;
  }
  const end = buf.lastIndexOf(0x0a) + 1; // 0 when there is no newline at all
  const kept: Buffer[] = [];
  const versions = new Set<string>();
  let start = 0;
  let lineNo = 0;
  while (start < end) {
    const nl = buf.indexOf(0x0a, start);
    const line = buf.subarray(start, nl + 1);
    start = nl + 1;
    lineNo++;
    const text = line.toString('utf8');
    if (!text.trim()) {
      kept.push(line);
      continue;
    }
    const { sha, version } = recordFields(text);
    if (sha === null) {
      state.removedLines.push(lineNo);
      state.removedBytes += line.length;
      continue;
    }
    if (version !== null) versions.add(version);
    kept.push(line);
    state.counts.set(sha, (state.counts.get(sha) ?? 0) + 1);
    state.records++;
  }
  const other = [...versions].filter((v) => v !== expectVersion);
  if (expectVersion !== undefined && other.length) throw new ResumeVersionMismatch(file, other, expectVersion, state.removedLines);
  if (end < buf.length) {
    await truncate(file, end);
    state.repairedBytes = buf.length - end;
  }
  if (state.removedLines.length) {
    const tmp = `${file}.xxgk-repair-${process.pid}`;
    await writeFile(tmp, Buffer.concat(kept));
    await rename(tmp, file);
  }
  return state;
}

/** True (and the count used up) when an input with this content (sha256, or `unreadableKey`) is already in the output. */
export function alreadyDone(state: ResumeState, sha: string): boolean {
  const n = state.counts.get(sha) ?? 0;
  if (n <= 0) return false;
  state.counts.set(sha, n - 1);
  return true;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
