/**
 * The queue's defaults, in a module of their own so that the CLI can show them in `--help`
 * without loading BullMQ and ioredis (about 0.3 s of CPU at start-up).
 */

/** Queue name when `--queue` is not given. */
export const DEFAULT_QUEUE = 'xxgk';
/** `--inline-max`: the largest file sent as bytes inside a job (16 MiB). */
export const DEFAULT_INLINE_MAX_BYTES = 16 * 1024 * 1024;
/** `--stall-interval`: BullMQ's stall check period (ms). */
export const DEFAULT_STALL_INTERVAL_MS = 30_000;
/** `--attempts`: worker deaths a job survives before it fails (BullMQ's maxStalledCount + 1). */
export const DEFAULT_ATTEMPTS = 3;
