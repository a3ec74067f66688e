/**
 * Extraction through a BullMQ queue on Redis: `addToQueue` (producer),
 * `startWorker` (a worker process on any machine), `collect` (finished
 * records into JSONL exactly once), `queueStatus`. See README "Many machines".
 */
export { DEFAULT_QUEUE, collectedKey, type JobData, type QueueTarget } from './connection.js';
export { addToQueue, DEFAULT_INLINE_MAX_BYTES, type AddOptions, type AddReport } from './add.js';
export { startWorker, DEFAULT_ATTEMPTS, DEFAULT_STALL_INTERVAL_MS, type QueueWorker, type WorkOptions } from './work.js';
export { collect, queueStatus, type CollectOptions, type CollectReport, type QueueStatus } from './collect.js';
