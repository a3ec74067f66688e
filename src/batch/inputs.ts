/**
 * From command-line arguments to the list of inputs of a batch.
 *
 * - `-` is standard input (one document).
 * - An existing file is always an input, whatever it contains (it was named
 *   explicitly, so it gets a record even if it is not a report).
 * - A directory is walked recursively (hidden files and folders skipped);
 *   a glob is expanded with tinyglobby. Files found this way are kept only
 *   when they look like reports (see `isReportCandidate`); the others are
 *   counted as skipped.
 * - A path that does not exist and is not a glob stays an input: it becomes
 *   an `io_error` record, so a typo never vanishes silently.
 *
 * Order: arguments in the order given; the files of one directory or glob
 * sorted by path (code-point order). A file reached twice is kept once, at
 * its first position.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { isXxgkError } from '../errors.js';
import { sniffFormat } from '../read/sniff.js';

export type InputRef = { kind: 'file'; path: string } | { kind: 'stdin' };

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  inputs: InputRef[];
  /** Files found in directories/globs that are not reports (images, scripts, styles, …). */
  skipped: SkippedFile[];
  /** Glob arguments that matched no report file. */
  unmatched: string[];
  /** True when the arguments are a single file or `-` (single-file mode). */
  single: boolean;
}

/** Extensions a report file may carry; a file with one of them is kept even when its content is unreadable. */
const REPORT_EXTS = new Set(['pdf', 'docx', 'doc', 'wps', 'rtf', 'html', 'htm', 'shtml', 'xhtml', 'txt', 'md', 'markdown', 'text']);
/** Plain-text content counts as a report only under these extensions (or none). */
const TEXT_EXTS = new Set(['', 'txt', 'md', 'markdown', 'text']);
/** Markup-looking content under these extensions is code, styles or data, not a report page. */
const NOT_PAGE_EXTS = new Set(['js', 'mjs', 'cjs', 'ts', 'jsx', 'tsx', 'css', 'scss', 'less', 'json', 'map', 'xml', 'svg', 'csv', 'tsv', 'yml', 'yaml', 'vue', 'py', 'sh', 'log']);

const SNIFF_BYTES = 65536;

function extOf(p: string): string {
  return path.extname(p).slice(1).toLowerCase();
}

async function head(p: string): Promise<Uint8Array> {
  const fh = await open(p, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Is a file found by walking a directory (or a glob) a report to extract?
 * Content decides first (`sniffFormat` on the first 64 KiB):
 * - PDF or DOCX content: yes, whatever the name;
 * - HTML content: yes unless the extension says code/styles/data (.js, .css, .json, .xml, .svg, …);
 * - plain text: only as .txt, .md, .markdown, .text or without extension;
 * - PNG, JPEG, TIFF images: never (they are read by OCR only when named);
 * - anything else (images, archives, binary, empty): only when the name has a
 *   report extension (.pdf, .docx, .doc, .html, .txt, …), so that a broken
 *   or unconvertible report still gets an error record.
 */
export async function isReportCandidate(p: string): Promise<{ ok: boolean; reason: string }> {
  const ext = extOf(p);
  let bytes: Uint8Array;
  try {
    bytes = await head(p);
  } catch (e) {
    return { ok: true, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const fmt = sniffFormat(bytes);
    if (fmt === 'pdf' || fmt === 'docx') return { ok: true, reason: fmt };
    // logos and photos are everywhere in crawls: page images are read (OCR) only when named
    if (fmt === 'image') return { ok: false, reason: 'image (read only when named)' };
    if (fmt === 'html') return NOT_PAGE_EXTS.has(ext) ? { ok: false, reason: `markup in a .${ext} file` } : { ok: true, reason: fmt };
    return TEXT_EXTS.has(ext) ? { ok: true, reason: fmt } : { ok: false, reason: `plain text in a .${ext} file` };
  } catch (e) {
    const why = isXxgkError(e) ? e.message.split(':')[0] : 'unknown content';
    return REPORT_EXTS.has(ext) ? { ok: true, reason: why } : { ok: false, reason: why };
  }
}

async function filterCandidates(files: string[], skipped: SkippedFile[]): Promise<string[]> {
  const verdicts = new Array<{ ok: boolean; reason: string }>(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      verdicts[i] = await isReportCandidate(files[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, files.length) }, lane));
  const out: string[] = [];
  files.forEach((f, i) => (verdicts[i].ok ? out.push(f) : skipped.push({ path: f, reason: verdicts[i].reason })));
  return out;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function discoverInputs(args: string[]): Promise<Discovery> {
  const inputs: InputRef[] = [];
  const skipped: SkippedFile[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  let stdin = false;
  let single = args.length === 1;
  const add = (p: string) => {
    const key = path.resolve(p);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ kind: 'file', path: p });
  };

  for (const arg of args) {
    if (arg === '-') {
      if (!stdin) inputs.push({ kind: 'stdin' });
      stdin = true;
      continue;
    }
    const st = await stat(arg).catch(() => null);
    if (st?.isDirectory()) {
      single = false;
      const rel = await glob('**/*', { cwd: arg, onlyFiles: true, dot: false, followSymbolicLinks: true, expandDirectories: false });
      const files = rel.sort(byCodePoint).map((r) => path.join(arg, r));
      for (const f of await filterCandidates(files, skipped)) add(f);
    } else if (!st && isDynamicPattern(arg)) {
      single = false;
      // an absolute pattern gives absolute paths, as an absolute file or folder does (tinyglobby answers relative to
      // the working directory otherwise: '/data/*/x.pdf' run from /tmp recorded '../data/…')
      const absolute = path.isAbsolute(arg);
      const files = (await glob(arg, { onlyFiles: true, dot: false, followSymbolicLinks: true, expandDirectories: false, absolute })).sort(byCodePoint);
      const kept = await filterCandidates(files, skipped);
      if (kept.length === 0) unmatched.push(arg);
      for (const f of kept) add(f);
    } else {
      // an existing file, or a missing path (→ io_error record)
      add(arg);
    }
  }
  return { inputs, skipped, unmatched, single };
}
