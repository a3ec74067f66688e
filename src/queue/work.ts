/**
 * `xxgk queue work`: a worker process that takes jobs from the queue and
 * extracts them in the same pool as `xxgk extract` (`ExtractPool`: piscina
 * worker threads, per-file `timeoutMs`, per-worker heap cap `maxMemoryMb`).
 *
 * - Concurrency = the pool's `jobs`; every record the pool makes, error
 *   records included (timeout, too_large, …), is the job's return value, so a
 *   bad document is a completed job with an error record, never a retry loop.
 * - A job is held under a BullMQ lock renewed every `stallIntervalMs / 2`;
 *   when this process dies (SIGKILL, power loss) the lock lapses and BullMQ's
 *   stall check (run by any live worker every `stallIntervalMs`) puts the job
 *   back in the queue. A job whose worker process dies `attempts` times is
 *   failed by BullMQ ("job stalled more than allowable limit") and `queue
 *   collect` writes an `internal_error` record for it.
 * - The worker checks that the bytes it reads still have the job id's sha256;
 *   a file changed (or unreadable) since it was queued gives an `io_error`
 *   record for the queued content.
 * - `stop()` (SIGTERM/SIGINT in the CLI) takes no new job and waits for the
 *   active ones to finish; `stop(true)` abandons them (their locks lapse and
 *   another worker takes them after the stall interval).
 */
import { readFile } from 'node:fs/promises';
import { Worker, type Job } from 'bullmq';
import { errorRecord } from '../api.js';
import { ExtractPool, type PoolOptions } from '../batch/index.js';
import { sha256Hex } from '../batch/resume.js';
import type { OutputRecord } from '../schema.js';
import { DEFAULT_QUEUE, connect, type JobData, type QueueTarget } from './connection.js';

import { DEFAULT_ATTEMPTS, DEFAULT_STALL_INTERVAL_MS } from './defaults.js';

export { DEFAULT_ATTEMPTS, DEFAULT_STALL_INTERVAL_MS };

export interface WorkOptions extends QueueTarget, PoolOptions {
  /** Lock duration and stall-check interval in ms (default 30 000, BullMQ's). */
  stallIntervalMs?: number;
  /** Worker-process deaths on one job before it is failed (default 3). */
  attempts?: number;
  /** Progress and fault notes (one line each, no newline). */
  log?: (line: string) => void;
}

export interface QueueWorker {
  /** Jobs this process finished. */
  readonly done: () => number;
  /**
   * Stop taking jobs; wait for the active ones (or, with `force`, abandon
   * them). Closes the pool and Redis. After a forced stop BullMQ may still
   * hold timers or its blocking connection: the caller should exit the process.
   */
  stop(force?: boolean): Promise<void>;
  /** Resolves when the worker has stopped. */
  readonly stopped: Promise<void>;
}

/** The record of a job whose input the worker could not read as queued. */
function unreadable(job: Job<JobData>, bytes: Uint8Array | null, message: string): OutputRecord {
  const rec = errorRecord(bytes, job.data.path, 'io_error', message);
  rec.source.sha256 = job.id!;
  rec.source.bytes = job.data.size;
  return rec;
}

/**
 * Test-only hooks, active only when XXGK_TEST_HOOKS=1: a job whose path
 * contains `__xxgk_die__` SIGKILLs this worker process (a document that kills
 * workers), and XXGK_TEST_JOB_DELAY_MS delays every job (so that a test can
 * kill a worker while it holds a job).
 */
async function testHooks(p: string): Promise<void> {
  if (process.env.XXGK_TEST_HOOKS !== '1') return;
  if (p.includes('__xxgk_die__')) process.kill(process.pid, 'SIGKILL');
  const delay = Number(process.env.XXGK_TEST_JOB_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
}

/** Start a worker on the queue (see the module comment). */
export function startWorker(opts: WorkOptions): QueueWorker {
  const log = opts.log ?? (() => {});
  const pool = new ExtractPool(opts);
  const client = connect(opts.redis);
  const stall = opts.stallIntervalMs ?? DEFAULT_STALL_INTERVAL_MS;
  const attempts = Math.max(1, opts.attempts ?? DEFAULT_ATTEMPTS);
  let done = 0;
  let abandoned = false;

  const processor = async (job: Job<JobData, OutputRecord>): Promise<OutputRecord> => {
    const data = job.data;
    await testHooks(data.path);
    let bytes: Uint8Array;
    if (data.inline !== undefined) bytes = Buffer.from(data.inline, 'base64');
    else if (data.file) {
      try {
        bytes = await readFile(data.file);
      } catch (e) {
        return unreadable(job, null, `the worker cannot read ${data.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (queued inputs must be on storage every worker reads at the same path, or queued with --inline)`);
      }
    } else return unreadable(job, null, 'the job carries neither a path nor inline bytes');
    const sha = sha256Hex(bytes);
    if (sha !== job.id) return unreadable(job, null, `${data.file ?? data.path} changed since it was queued (sha256 now ${sha}); queue it again`);
    return pool.run({ path: data.path, bytes, blankAsZero: data.blankAsZero });
  };
  // Abandoned by stop(true): the pool was torn down under the job, so its
  // record (or error) would be false; report nothing, and the lock lapses.
  const never = () => new Promise<OutputRecord>(() => {});
  const guarded = async (job: Job<JobData, OutputRecord>): Promise<OutputRecord> => {
    let rec: OutputRecord;
    try {
      rec = await processor(job);
    } catch (e) {
      if (abandoned) return never();
      throw e;
    }
    return abandoned ? never() : rec;
  };

  const worker = new Worker<JobData, OutputRecord>(opts.queue ?? DEFAULT_QUEUE, guarded, {
    connection: client,
    concurrency: pool.jobs,
    lockDuration: stall,
    stalledInterval: stall,
    maxStalledCount: attempts - 1,
  });
  worker.on('completed', () => void done++);
  worker.on('stalled', (id) => log(`job ${id} stalled (its worker stopped renewing the lock): queued again`));
  worker.on('failed', (job, err) => log(`job ${job?.id ?? '?'} failed: ${err.message}`));
  let lastError = '';
  worker.on('error', (e) => {
    // Redis going away shows up as a burst of the same error: report each kind once
    const msg = e.message;
    if (msg !== lastError) log(`redis: ${msg} (retrying)`);
    lastError = msg;
  });
  worker.on('ready', () => {
    if (lastError) log('redis: connected again');
    lastError = '';
  });

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | null = null;
  const stop = (force = false): Promise<void> => {
    if (stopping && !force) return stopping;
    const run = (async () => {
      try {
        if (force) {
          // cut Redis first: nothing the torn-down pool returns may reach the
          // queue. (BullMQ's close(true) would wait for a close() already under
          // way, i.e. for the active jobs: it is not awaited.)
          abandoned = true;
          client.disconnect();
          void worker.close(true).catch(() => {});
        } else await worker.close();
      } finally {
        await pool.close();
        client.disconnect();
        resolveStopped();
      }
    })();
    stopping ??= run;
    return run;
  };
  return { done: () => done, stop, stopped };
}
