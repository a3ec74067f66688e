/**
 * `xxgk queue add`: one BullMQ job per input, job id = the input's sha256.
 *
 * Inputs are found exactly as `xxgk extract` finds them (`discoverInputs`:
 * files, directories, globs). Each file is read once here to hash it:
 * - job id = sha256 of the content, so a report added twice (under any name,
 *   by any machine) is one job and is extracted once; an id already in the
 *   queue (waiting, active, done or failed) or already collected is not added
 *   again (`again: true` re-adds collected ones);
 * - by default the job carries the path (workers read it from storage every
 *   machine sees at the same path: a shared mount); with `inline` it carries
 *   the bytes (base64) when the file is at most `inlineMaxBytes`.
 * A file that cannot be read, or is over the inline cap, is not queued: it is
 * reported (`failed`) and the command exits with status 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { discoverInputs } from '../batch/index.js';
import { sha256Hex } from '../batch/resume.js';
import { DEFAULT_QUEUE, collectedKey, connect, type JobData, type QueueTarget } from './connection.js';

import { DEFAULT_INLINE_MAX_BYTES } from './defaults.js';

export { DEFAULT_INLINE_MAX_BYTES };

export interface AddOptions extends QueueTarget {
  /** Carry the documents' bytes in the jobs instead of their paths. */
  inline?: boolean;
  /** Largest document carried inline, in bytes (default 16 MiB). */
  inlineMaxBytes?: number;
  /** Queue again inputs whose records were already collected. */
  again?: boolean;
  blankAsZero?: boolean;
  /** Called for each input not queued: `(path, reason)`. */
  onRefused?: (path: string, reason: string) => void;
}

export interface AddReport {
  /** Inputs found by discovery. */
  inputs: number;
  /** New jobs created. */
  added: number;
  /** Inputs whose job id was already in the queue (any state). */
  queued: number;
  /** Inputs whose record was already collected (skipped unless `again`). */
  collected: number;
  /** Inputs with the same content as an earlier input of this command. */
  duplicates: number;
  /** Inputs not queued: unreadable, or over the inline cap. */
  failed: number;
  /** Files in directories/globs that are not reports. */
  skipped: number;
  /** Glob arguments that matched no report. */
  unmatched: string[];
}

const CHUNK = 100;

/** Queue the inputs named by `args` (see the module comment). Throws only for usage errors and Redis failures. */
export async function addToQueue(args: string[], opts: AddOptions): Promise<AddReport> {
  const name = opts.queue ?? DEFAULT_QUEUE;
  const cap = opts.inlineMaxBytes ?? DEFAULT_INLINE_MAX_BYTES;
  const discovery = await discoverInputs(args);
  const report: AddReport = { inputs: discovery.inputs.length, added: 0, queued: 0, collected: 0, duplicates: 0, failed: 0, skipped: discovery.skipped.length, unmatched: discovery.unmatched };
  const client = connect(opts.redis, { failFast: true });
  const queue = new Queue<JobData>(name, { connection: client });
  queue.on('error', () => {}); // connection trouble surfaces in the awaited commands
  const seen = new Set<string>();
  const refuse = (p: string, why: string) => {
    report.failed++;
    opts.onRefused?.(p, why);
  };
  try {
    let chunk: { id: string; data: JobData }[] = [];
    const flush = async () => {
      if (!chunk.length) return;
      const ids = chunk.map((j) => j.id);
      const pipe = client.pipeline();
      for (const id of ids) pipe.exists(queue.toKey(id));
      for (const id of ids) pipe.sismember(collectedKey(name), id);
      const res = (await pipe.exec()) ?? [];
      const val = (i: number) => {
        const [err, v] = res[i] ?? [new Error('no reply'), 0];
        if (err) throw err;
        return Number(v);
      };
      const fresh = chunk.filter((j, i) => {
        if (val(i)) return report.queued++, false;
        if (val(ids.length + i) && !opts.again) return report.collected++, false;
        return true;
      });
      if (opts.again) {
        const back = fresh.map((j) => j.id);
        if (back.length) await client.srem(collectedKey(name), ...back);
      }
      if (fresh.length) {
        await queue.addBulk(fresh.map((j) => ({ name: 'extract', data: j.data, opts: { jobId: j.id, attempts: 1, removeOnComplete: false, removeOnFail: false } })));
      }
      report.added += fresh.length;
      chunk = [];
    };
    for (const ref of discovery.inputs) {
      if (ref.kind === 'stdin') {
        refuse('-', 'standard input cannot be queued: save it to a file');
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(ref.path);
      } catch (e) {
        refuse(ref.path, `io_error: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        continue;
      }
      if (opts.inline && bytes.byteLength > cap) {
        refuse(ref.path, `too_large: ${bytes.byteLength} bytes is over the inline cap of ${cap} bytes (--inline-max); queue it by path instead`);
        continue;
      }
      const id = sha256Hex(bytes);
      if (seen.has(id)) {
        report.duplicates++;
        continue;
      }
      seen.add(id);
      const data: JobData = opts.inline ? { path: ref.path, size: bytes.byteLength, inline: bytes.toString('base64') } : { path: ref.path, size: bytes.byteLength, file: path.resolve(ref.path) };
      if (opts.blankAsZero) data.blankAsZero = true;
      chunk.push({ id, data });
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
  } finally {
    await queue.close();
    client.disconnect();
  }
  return report;
}
