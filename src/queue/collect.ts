/**
 * `xxgk queue collect`: every finished job's record into a JSONL file, exactly
 * once, across stops and restarts.
 *
 * One round: take up to 100 finished jobs (completed: the worker's record;
 * failed: an `internal_error` record made here), append the records whose job
 * id is not in the file yet, fsync, then add the ids to the queue's collected
 * set and remove the jobs from Redis. The file is the ledger:
 * - on start, a partial last line (a killed collector) is cut off and the
 *   `source.sha256` of every complete line is read (`prepareResume`);
 * - a job whose id is already in the file is not written again, only
 *   acknowledged (collected set, removal), so a collector killed between the
 *   fsync and the removal writes no duplicate when it restarts;
 * - a job is removed from Redis only after its line is on disk, so a killed
 *   collector leaves no gap.
 * Every record's `source.sha256` is its job id (the workers guarantee it), so
 * the file and the queue speak of the same ids. Run one collector per queue
 * and output file.
 */
import { open, readFile } from 'node:fs/promises';
import { Queue, type Job } from 'bullmq';
import { errorRecord } from '../api.js';
import { prepareResume } from '../batch/resume.js';
import type { OutputRecord } from '../schema.js';
import { DEFAULT_QUEUE, collectedKey, connect, type JobData, type QueueTarget } from './connection.js';

export interface CollectOptions extends QueueTarget {
  /** The JSONL file (created, or continued). */
  output: string;
  /** Keep collecting as jobs finish, until `signal` aborts. */
  follow?: boolean;
  /** Keep collecting until nothing is waiting, delayed or active and every finished job is collected. */
  drain?: boolean;
  /** Pause between polls when nothing is finished (ms, default 500). */
  pollMs?: number;
  /** Stops a following/draining collector after the current round. */
  signal?: AbortSignal;
  /** Called after each round that wrote records. */
  onProgress?: (written: number) => void;
}

export interface CollectReport {
  /** Records appended by this run. */
  written: number;
  /** Finished jobs found already in the file (a previous run stopped before acknowledging them). */
  acknowledged: number;
  /** Records already in the file when this run started. */
  before: number;
  /** Bytes of a partial last line cut off at start. */
  repairedBytes: number;
  /** Error records among those written (worker results with `error`, and failed jobs). */
  errors: number;
}

const PAGE = 100;

/**
 * The record of a failed job: BullMQ failed it because worker processes died
 * on it `attempts` times ("job stalled more than allowable limit"), or the
 * processor threw. An `internal_error` record, never a silent drop.
 */
async function failedRecord(job: Job<JobData>): Promise<OutputRecord> {
  const data = job.data;
  let bytes: Uint8Array | null = null;
  if (data.inline !== undefined) bytes = Buffer.from(data.inline, 'base64');
  else if (data.file) bytes = await readFile(data.file).catch(() => null);
  const stalled = /stalled/i.test(job.failedReason ?? '');
  const message = stalled
    ? `worker processes died while extracting this document (${job.failedReason}); given up after ${job.stalledCounter ?? '?'} stall(s)`
    : `the queue worker failed on this document: ${job.failedReason ?? 'no reason given'}`;
  const rec = errorRecord(bytes, data.path, 'internal_error', message);
  rec.source.sha256 = job.id!;
  rec.source.bytes = data.size;
  return rec;
}

function isRecord(v: unknown): v is OutputRecord {
  return typeof v === 'object' && v !== null && 'source' in v && 'schema_version' in v;
}

/** Collect finished records into `opts.output` (see the module comment). */
export async function collect(opts: CollectOptions): Promise<CollectReport> {
  const name = opts.queue ?? DEFAULT_QUEUE;
  const state = await prepareResume(opts.output);
  const inFile = new Set(state.counts.keys());
  const report: CollectReport = { written: 0, acknowledged: 0, before: state.records, repairedBytes: state.repairedBytes, errors: 0 };
  const client = connect(opts.redis, { failFast: !opts.follow && !opts.drain });
  const queue = new Queue<JobData, OutputRecord>(name, { connection: client });
  queue.on('error', () => {}); // connection trouble surfaces in the awaited commands
  const fh = await open(opts.output, 'a');
  const pollMs = opts.pollMs ?? 500;
  try {
    for (;;) {
      const completed = await queue.getJobs(['completed'], 0, PAGE - 1, true);
      const failed = await queue.getJobs(['failed'], 0, PAGE - 1, true);
      const jobs: { job: Job<JobData, OutputRecord>; failed: boolean }[] = [...completed.map((job) => ({ job, failed: false })), ...failed.map((job) => ({ job, failed: true }))].filter((j) => j.job?.id);
      if (jobs.length) {
        let text = '';
        let wrote = 0;
        for (const { job, failed: f } of jobs) {
          const id = job.id!;
          if (inFile.has(id)) {
            report.acknowledged++;
            continue;
          }
          let rec: OutputRecord;
          if (f) rec = await failedRecord(job);
          else if (isRecord(job.returnvalue)) rec = job.returnvalue;
          else {
            rec = errorRecord(null, job.data.path, 'internal_error', 'the queue worker returned no record for this document');
            rec.source.sha256 = id;
            rec.source.bytes = job.data.size;
          }
          if ('error' in rec) report.errors++;
          text += JSON.stringify(rec) + '\n';
          inFile.add(id);
          wrote++;
        }
        if (text) {
          await fh.write(text);
          await fh.sync();
        }
        report.written += wrote;
        // acknowledge only what is on disk
        const ids = jobs.map((j) => j.job.id!);
        await client.sadd(collectedKey(name), ...ids);
        for (const { job } of jobs) await job.remove();
        if (wrote) opts.onProgress?.(report.written);
        continue;
      }
      if (!opts.follow && !opts.drain) break;
      if (opts.signal?.aborted) break;
      if (opts.drain) {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed');
        if (Object.values(c).every((n) => n === 0)) break;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          opts.signal?.removeEventListener('abort', wake);
          resolve();
        };
        const t = setTimeout(wake, pollMs);
        opts.signal?.addEventListener('abort', wake, { once: true });
      });
      if (opts.signal?.aborted) break;
    }
  } finally {
    await fh.close();
    await queue.close();
    client.disconnect();
  }
  return report;
}

/** Job counts of a queue, plus the number of collected records. */
export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  /** Finished with a record, not yet collected. */
  done: number;
  /** Failed (worker processes died on it too often), not yet collected. */
  failed: number;
  /** Records written by `queue collect` so far. */
  collected: number;
}

/** The counts `xxgk queue status` shows. */
export async function queueStatus(opts: QueueTarget): Promise<QueueStatus> {
  const name = opts.queue ?? DEFAULT_QUEUE;
  const client = connect(opts.redis, { failFast: true });
  const queue = new Queue(name, { connection: client });
  queue.on('error', () => {}); // connection trouble surfaces in the awaited commands
  try {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const collected = await client.scard(collectedKey(name));
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, done: c.completed ?? 0, failed: c.failed ?? 0, collected };
  } finally {
    await queue.close();
    client.disconnect();
  }
}
