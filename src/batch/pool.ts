/**
 * A pool of extraction workers (piscina over worker_threads) with a per-file
 * time limit and a per-worker heap cap.
 *
 * - A task over `timeoutMs` is aborted: piscina terminates the worker that
 *   runs it (a synchronous hang included) and starts a fresh one; the input
 *   becomes an error record with code `timeout`.
 * - A worker that exceeds its heap cap (`resourceLimits`) dies with
 *   ERR_WORKER_OUT_OF_MEMORY; the input becomes a `too_large` record and the
 *   worker is replaced. Any other worker death is an `internal_error` record.
 *
 * The worker script is compiled JavaScript: `dist/batch/worker.js`. When this
 * module itself runs from the TypeScript sources (vitest), it falls back to
 * the built copy under dist/, so build (`npx tsc`) before using it that way.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ErrorCode } from '../errors.js';
import type { OutputRecord } from '../schema.js';
import type { LineReply, WorkerNote, WorkerTask } from './worker.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS, OCR_PAGE_ALLOWANCE_MS, defaultJobs } from './limits.js';

export interface PoolOptions {
  /** Worker threads (default: available CPUs). */
  jobs?: number;
  /** Per-file wall-clock limit in milliseconds (default 60 000), from the moment a worker starts the file, plus `ocrPageMs` for each page read by OCR. */
  timeoutMs?: number;
  /** Time added to a file's limit per page it reads by OCR (default OCR_PAGE_ALLOWANCE_MS, 30 s). */
  ocrPageMs?: number;
  /** Heap cap of each worker in MB (default 1024). */
  maxMemoryMb?: number;
  /** The compiled worker script to run (default: `workerScript()`). */
  workerFile?: string;
}

export { DEFAULT_TIMEOUT_MS, DEFAULT_MAX_MEMORY_MB, OCR_PAGE_ALLOWANCE_MS, defaultJobs };

/** Young-generation size of each worker's V8 heap, in MB (see the pool's resourceLimits). */
export const YOUNG_GENERATION_MB = 24;

/** Where the compiled worker script is: next to this module, or under dist/ when running from src/. */
export function workerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'worker.js'), path.resolve(here, '../../dist/batch/worker.js')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`xxgk: the worker script is not built (looked for ${candidates.join(', ')}): run \`npx tsc -p tsconfig.json\``);
  }
  return found;
}

export class ExtractPool {
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly ocrPageMs: number;
  readonly maxMemoryMb: number;
  private readonly pool: Piscina;
  private closed = false;
  private nextTaskId = 0;
  /** What to do with a worker's note about each running task (`WorkerNote`), by task id. */
  private readonly listeners = new Map<number, (m: WorkerNote) => void>();

  constructor(opts: PoolOptions = {}) {
    this.jobs = Math.max(1, Math.floor(opts.jobs ?? defaultJobs()));
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ocrPageMs = opts.ocrPageMs ?? OCR_PAGE_ALLOWANCE_MS;
    this.maxMemoryMb = opts.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    this.pool = new Piscina({
      filename: pathToFileURL(opts.workerFile ?? workerScript()).href,
      minThreads: this.jobs,
      maxThreads: this.jobs,
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
      // young generation 24 MB (two 8 MB semi-spaces; V8's default for this heap is 48 MB): peak RSS of
      // 1,008 mixed corpus files at --jobs 1 257 → 218 MB for about +1% CPU (12 MB: 206 MB, but +9% CPU)
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      // the worker caps the PDF engine's WebAssembly memory (outside the V8 heap) at the same size
      workerData: { maxMemoryMb: this.maxMemoryMb },
    });
    // A worker dying outside any task must not crash the process.
    this.pool.on('error', () => {});
    // the workers' notes about their tasks (a note that comes after its task ended finds no listener)
    this.pool.on('message', (m: WorkerNote) => {
      if (typeof m?.xxgkTask === 'number') this.listeners.get(m.xxgkTask)?.(m);
    });
  }

  /** Extract one document in a worker. Never throws: failures are error records. */
  async run(task: WorkerTask): Promise<OutputRecord> {
    return (await this.runTask({ ...task, jsonl: false })) as OutputRecord;
  }

  /**
   * Extract one document in a worker and get its JSON line, serialised there, with the
   * record's head (`LineReply`: a result without tables and cells). Never throws.
   */
  async runLine(task: WorkerTask): Promise<LineReply> {
    const r = await this.runTask({ ...task, jsonl: true });
    if ('line' in r) return r as LineReply;
    // a failure record made here (timeout, memory cap, a dead worker)
    return { line: JSON.stringify(r), head: r };
  }

  private async runTask(task: WorkerTask): Promise<OutputRecord | LineReply> {
    if (this.closed) throw new Error('pool is closed');
    const ac = new AbortController();
    // the clock starts when a worker picks the task up (it notes `started`), not while the
    // task waits in the queue or a fresh worker is still loading its modules; the limit is
    // timeoutMs, plus ocrPageMs per page when the worker reports that the document is OCR'd
    let limit = this.timeoutMs;
    let start = 0;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ac.abort(new Error('timeout')), Math.max(0, start + limit - Date.now()));
    };
    const taskId = this.nextTaskId++;
    this.listeners.set(taskId, (m) => {
      if (ac.signal.aborted) return;
      if (m?.started) {
        start = Date.now();
        arm();
      } else if (typeof m?.ocrPages === 'number' && m.ocrPages > 0) {
        limit += m.ocrPages * this.ocrPageMs;
        if (start) arm();
      }
    });
    try {
      return (await this.pool.run({ ...task, taskId } satisfies WorkerTask, { signal: ac.signal })) as OutputRecord | LineReply;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      let code: ErrorCode;
      let message: string;
      if (ac.signal.aborted) {
        code = 'timeout';
        message = `extraction took longer than ${limit / 1000} s${limit > this.timeoutMs ? ` (--timeout plus ${this.ocrPageMs / 1000} s per OCR'd page)` : ''}; the worker was stopped`;
      } else if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // (the PDF engine's WebAssembly memory is capped inside the worker: that read returns a too_large record itself)
        code = 'too_large';
        message = `extraction exceeded the ${this.maxMemoryMb} MB heap cap (--max-memory); the worker was stopped`;
      } else {
        code = 'internal_error';
        message = `worker failed: ${err?.message ?? String(e)}`;
      }
      // the extractor is loaded here only for this rare path: the main thread of a batch never needs it otherwise
      const { errorRecord } = await import('../api.js');
      return errorRecord(task.bytes ?? (await readOrNull(task.path)), task.path, code, message);
    } finally {
      clearTimeout(timer);
      this.listeners.delete(taskId);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}

async function readOrNull(p: string | null): Promise<Uint8Array | null> {
  if (p === null) return null;
  try {
    return await readFile(p);
  } catch {
    return null;
  }
}
