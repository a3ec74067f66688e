/**
 * The worker-thread side of the batch pool: one task = one document.
 *
 * Runs inside a piscina worker (worker_threads). It never throws for bad
 * input: `extractRecord`/`extractFile` turn every failure into an error
 * record. Time and memory limits are enforced from outside (the pool
 * terminates the worker), so nothing here needs to watch the clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractFile, extractRecord } from '../api.js';
import { setWasmMemoryLimit } from '../read/pdf/engine/pdfium.js';
import type { OcrMode } from '../read/types.js';
import type { OutputRecord } from '../schema.js';

// the pool's --max-memory also caps the PDF engine's WebAssembly memory, which the V8 heap limit does not cover
const capMb = (workerData as { maxMemoryMb?: number } | undefined)?.maxMemoryMb;
if (capMb) setWasmMemoryLimit(capMb * 1024 * 1024);

/**
 * A library can leave a rejected promise behind a document it gave up on
 * (pdf.js did on some broken page trees). Under Node's
 * default that kills the worker *after* the record was returned — and with it
 * whatever file the worker took next. The document already has its record, so
 * a stray rejection is ignored here; it must not cost an innocent file.
 */
process.on('unhandledRejection', () => {});

export interface WorkerTask {
  /** Path recorded in `source.path` (and read from disk when `bytes` is absent). */
  path: string | null;
  /** The document itself (stdin, or a caller holding bytes). */
  bytes?: Uint8Array;
  blankAsZero?: boolean;
  /** User password for encrypted PDFs (ExtractOptions.password). */
  password?: string;
  /** Which PDF pages are read by OCR (ExtractOptions.ocr). */
  ocr?: OcrMode;
  /**
   * The pool's number for this task: the worker posts `{ xxgkTask, started: true }` to the pool
   * when it picks the task up (the timeout counts from then) and `{ xxgkTask, ocrPages }` when a
   * document starts OCR (a longer limit). See `WorkerNote`.
   */
  taskId?: number;
  /** Answer with the record's JSON line and its head (`LineReply`) instead of the record (JSON Lines output). */
  jsonl?: boolean;
}

/**
 * Test-only hooks, active only when XXGK_TEST_HOOKS=1: a path containing
 * `__xxgk_hang__` spins the CPU forever (a synchronous hang, so only
 * terminating the thread stops it) and `__xxgk_bloat__` allocates until the
 * heap cap kills the worker.
 */
function testHooks(path: string | null): void {
  if (process.env.XXGK_TEST_HOOKS !== '1' || !path) return;
  if (path.includes('__xxgk_hang__')) {
    for (;;) {
      /* spin */
    }
  }
  if (path.includes('__xxgk_bloat__')) {
    const hoard: unknown[] = [];
    for (;;) hoard.push(new Array(1 << 16).fill({ x: hoard.length }));
  }
}

/**
 * A record serialised here, in the worker: its JSON line (no newline; the same text as
 * `JSON.stringify(record)`) and its head — an error record whole, a result without `tables`
 * and `cells` (the bulk of it), which is all a batch's caller needs to count and report it.
 * The main thread then neither receives the whole object graph nor serialises it again.
 */
export interface LineReply {
  line: string;
  head: OutputRecord;
}

/** The head of a record (see `LineReply`). */
export function recordHead(rec: OutputRecord): OutputRecord {
  if ('error' in rec) return rec;
  const { tables: _t, cells: _c, ...head } = rec;
  return head as OutputRecord;
}

/**
 * What a worker tells the pool about a running task, on the worker's own channel to the main
 * thread (`parentPort`; piscina emits it as the pool's `message` event). One channel for every
 * task, instead of a MessageChannel made, transferred and closed per task (that cost ≈ 0.05 ms of
 * CPU per task, measured over 1,000 piscina tasks).
 */
export interface WorkerNote {
  /** `WorkerTask.taskId` of the task. */
  xxgkTask: number;
  /** The worker has picked the task up. */
  started?: true;
  /** The document reads this many pages by OCR. */
  ocrPages?: number;
}

function note(task: WorkerTask, m: Omit<WorkerNote, 'xxgkTask'>): void {
  if (task.taskId !== undefined) parentPort?.postMessage({ xxgkTask: task.taskId, ...m } satisfies WorkerNote);
}

async function extractTask(task: WorkerTask): Promise<OutputRecord> {
  const onPage = (done: number, total: number) => {
    if (done === 0) note(task, { ocrPages: total });
  };
  const opts = { blankAsZero: task.blankAsZero, password: task.password, ...(task.ocr ? { ocr: task.ocr } : {}), onPage };
  if (task.bytes) return extractRecord(task.bytes, { ...opts, path: task.path });
  if (task.path === null) throw new Error('worker task without path or bytes');
  return extractFile(task.path, opts);
}

export default async function runTask(task: WorkerTask): Promise<OutputRecord | LineReply> {
  note(task, { started: true });
  testHooks(task.path);
  const rec = await extractTask(task);
  return task.jsonl ? { line: JSON.stringify(rec), head: recordHead(rec) } : rec;
}
