/**
 * Redis connections and key names shared by `xxgk queue add|work|collect|status`.
 *
 * The queue itself is BullMQ's (jobs, locks, stall detection, retries); xxgk
 * adds one Redis set per queue, `<prefix>:<queue>:xxgk:collected`, holding the
 * job ids (input sha256) whose records `queue collect` has written. It is what
 * keeps a report added again after collection from being extracted twice.
 */
import { Redis, type RedisOptions } from 'ioredis';

import { DEFAULT_QUEUE } from './defaults.js';

export { DEFAULT_QUEUE };
/** BullMQ's key prefix (its default). */
export const PREFIX = 'bull';

export interface QueueTarget {
  /** Redis URL, `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  redis: string;
  /** BullMQ queue name (default `xxgk`). */
  queue?: string;
}

/**
 * A new ioredis connection for BullMQ. `maxRetriesPerRequest: null` makes
 * commands wait through a Redis restart instead of failing (ioredis
 * reconnects with its default back-off), which BullMQ requires of a worker's
 * connection; `failFast` (for short commands such as add and status) gives up
 * after `connectTimeoutMs` instead.
 */
export function connect(url: string, opts: { failFast?: boolean } = {}): Redis {
  const options: RedisOptions = opts.failFast
    ? { maxRetriesPerRequest: 2, connectTimeout: 5000, retryStrategy: (n) => (n > 3 ? null : 200 * n) }
    : { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(200 * n, 2000) };
  const client = new Redis(url, options);
  // errors while reconnecting are reported by the commands that wait on them
  client.on('error', () => {});
  return client;
}

/** The Redis key of the set of collected job ids of a queue. */
export function collectedKey(queue: string): string {
  return `${PREFIX}:${queue}:xxgk:collected`;
}

/** What a job carries: the input by path (a shared mount) or inline (base64). */
export interface JobData {
  /** Path as given on the `queue add` command line; recorded as `source.path`. */
  path: string;
  /** Absolute path the worker reads (absent for inline jobs). */
  file?: string;
  /** The document itself, base64 (`--inline`). */
  inline?: string;
  /** Size of the document in bytes when it was queued. */
  size: number;
  blankAsZero?: boolean;
}
