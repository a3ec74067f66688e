/**
 * Batch API: many documents through the worker pool, one record per input.
 *
 *   for await (const rec of extractMany(['a.pdf', 'b.html'], { jobs: 4 })) …
 *
 * Every input yields exactly one record — a result or an error record — and
 * records come out in input order by default (completions that arrive early
 * are held until every earlier input has been yielded). With
 * `order: 'completion'` they come out as they finish.
 */
import type { OcrMode } from '../read/types.js';
import type { OutputRecord } from '../schema.js';
import { ExtractPool, type PoolOptions } from './pool.js';

export { ExtractPool, defaultJobs, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_MEMORY_MB, OCR_PAGE_ALLOWANCE_MS, type PoolOptions } from './pool.js';
export { discoverInputs, isReportCandidate, type Discovery, type InputRef, type SkippedFile } from './inputs.js';

/** A path to read, or bytes already in memory (with the path to record, or null). */
export type BatchInput = string | { path: string | null; bytes?: Uint8Array };

export interface BatchOptions extends PoolOptions {
  blankAsZero?: boolean;
  /** User password for encrypted PDFs (ExtractOptions.password). */
  password?: string;
  /** Which PDF pages are read by OCR (ExtractOptions.ocr; default auto). */
  ocr?: OcrMode;
  /** 'input' (default): records in input order. 'completion': as they finish. */
  order?: 'input' | 'completion';
  /** Reuse a pool (it is not closed at the end); otherwise one is made and closed. */
  pool?: ExtractPool;
  /**
   * JSON Lines output: each record is serialised in its worker and comes as `BatchRecord.line`,
   * with `record` holding its head only (a result without `tables` and `cells`).
   */
  jsonl?: boolean;
  /** Called when an input starts (index in input order). */
  onStart?: (index: number, input: BatchInput) => void;
  /**
   * Called when an input's record is ready (index in input order), before it waits for earlier
   * inputs in input order: how many files are done, however long a slow first file holds the output.
   */
  onDone?: (index: number) => void;
}

export interface BatchRecord {
  /** Position of the input in the input sequence. */
  index: number;
  /** The record; with the `jsonl` option, its head only (a result without `tables` and `cells`). */
  record: OutputRecord;
  /** With the `jsonl` option: the record's JSON line (`JSON.stringify(record)` of the whole record, no newline). */
  line?: string;
}

/**
 * The records of a batch with their input positions. Inputs are pulled
 * lazily, at most `jobs` run at once, and at most `jobs + 256` finished
 * records wait for an earlier slow one (input order), which bounds memory.
 */
export async function* extractManyIndexed(
  inputs: Iterable<BatchInput> | AsyncIterable<BatchInput>,
  opts: BatchOptions = {},
): AsyncGenerator<BatchRecord> {
  const pool = opts.pool ?? new ExtractPool(opts);
  const ordered = (opts.order ?? 'input') === 'input';
  const maxAhead = pool.jobs + 256;
  const it = Symbol.asyncIterator in inputs ? (inputs as AsyncIterable<BatchInput>)[Symbol.asyncIterator]() : (inputs as Iterable<BatchInput>)[Symbol.iterator]();

  const done = new Map<number, { record: OutputRecord; line?: string }>(); // finished, not yet yielded
  const finishOrder: number[] = []; // for completion order
  let launched = 0;
  let running = 0;
  let nextOut = 0;
  let exhausted = false;
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const launch = (index: number, input: BatchInput) => {
    running++;
    opts.onStart?.(index, input);
    const common = { blankAsZero: opts.blankAsZero, password: opts.password, ocr: opts.ocr };
    const task = typeof input === 'string' ? { path: input, ...common } : { path: input.path, bytes: input.bytes, ...common };
    (opts.jsonl ? pool.runLine(task).then((r) => ({ record: r.head, line: r.line })) : pool.run(task).then((record) => ({ record })))
      .then(
        (rec) => {
          done.set(index, rec);
          finishOrder.push(index);
          opts.onDone?.(index);
        },
        (e) => {
          failure ??= e;
        },
      )
      .finally(() => {
        running--;
        signal();
      });
  };

  try {
    for (;;) {
      // fill the pool
      while (!exhausted && running < pool.jobs && launched - nextOut < maxAhead) {
        const n = await it.next();
        if (n.done) {
          exhausted = true;
          break;
        }
        launch(launched++, n.value);
      }
      if (failure) throw failure;
      // hand out what is ready
      if (ordered) {
        while (done.has(nextOut)) {
          const rec = done.get(nextOut)!;
          done.delete(nextOut);
          yield { index: nextOut++, ...rec };
        }
      } else {
        while (finishOrder.length) {
          const index = finishOrder.shift()!;
          const rec = done.get(index)!;
          done.delete(index);
          nextOut++;
          yield { index, ...rec };
        }
      }
      if (exhausted && running === 0 && done.size === 0) return;
      // wait for a completion unless something can be done right now
      // (completions that landed while we were yielding are seen here)
      const ready = ordered ? done.has(nextOut) : finishOrder.length > 0;
      const canLaunch = !exhausted && running < pool.jobs && launched - nextOut < maxAhead;
      if (!ready && !canLaunch && !failure) await new Promise<void>((r) => (wake = r));
    }
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** The records of a batch, one per input (input order unless `order: 'completion'`). */
export async function* extractMany(inputs: Iterable<BatchInput> | AsyncIterable<BatchInput>, opts: BatchOptions = {}): AsyncGenerator<OutputRecord> {
  for await (const { record } of extractManyIndexed(inputs, opts)) yield record;
}
