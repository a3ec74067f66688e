/**
 * `xxgk queue add|work|collect|status`: extraction through a BullMQ queue on
 * Redis, for many machines (src/queue; README "Many machines").
 *
 * Exit statuses: 0 success; 1 `add`: some input could not be queued;
 * 2 usage error or nothing to queue; 3 Redis could not be reached or failed.
 */
import { Command, Option } from 'commander';
import { memoryMb, positiveInt, positiveNum } from './args.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS, defaultJobs } from '../batch/limits.js';
import { DEFAULT_ATTEMPTS, DEFAULT_INLINE_MAX_BYTES, DEFAULT_QUEUE, DEFAULT_STALL_INTERVAL_MS } from '../queue/defaults.js';

/** BullMQ and ioredis load only when a queue command runs (about 0.3 s of CPU), never for `extract`. */
const queueApi = () => import('../queue/index.js');

/** Exit status when Redis cannot be reached (or a Redis command fails). */
export const REDIS_FAILED = 3;

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';


interface Common {
  redis: string;
  queue: string;
  quiet?: boolean;
}

const say = (line: string) => process.stderr.write(`xxgk: queue: ${line}\n`);

function common(cmd: Command): Command {
  return cmd
    .option('--redis <url>', 'Redis URL (default: $XXGK_REDIS, else redis://127.0.0.1:6379)', process.env.XXGK_REDIS ?? DEFAULT_REDIS)
    .option('--queue <name>', 'queue name', DEFAULT_QUEUE)
    .option('-q, --quiet', 'no summary on stderr');
}

/** Redis trouble → a message and REDIS_FAILED; anything else is rethrown. */
async function guarded(opts: Common, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const err = e as Error;
    if (/ECONNREFUSED|ECONNRESET|MaxRetriesPerRequest|max retries|Connection is closed|connect|Redis|ETIMEDOUT|ENOTFOUND|NOAUTH|WRONGPASS|READONLY|LOADING/i.test(`${err.name} ${err.message}`)) {
      say(`redis ${opts.redis}: ${err.message}`);
      return REDIS_FAILED;
    }
    throw e;
  }
}

/** Add the `queue` command and its subcommands; `setExit` receives each action's exit status. */
export function registerQueue(program: Command, setExit: (code: number) => void): void {
  const queue = program.command('queue').description('extract through a BullMQ queue on Redis: add jobs, run workers on any machine, collect the records (README "Many machines")');

  common(queue.command('add'))
    .description('queue one job per input (same discovery as extract); job id = the input sha256, so a report is extracted once')
    .argument('<inputs...>', 'report files, directories, globs')
    .option('--inline', 'carry the document bytes in the job (workers need no shared storage)')
    .option('--inline-max <mb>', `largest document carried inline, in MB (default ${DEFAULT_INLINE_MAX_BYTES / 1048576})`, positiveNum, DEFAULT_INLINE_MAX_BYTES / 1048576)
    .option('--again', 'queue again inputs whose records were already collected')
    .option('--blank-as-zero', 'report blank cells as 0 (their kind stays "blank")')
    .action(async (inputs: string[], o: Common & { inline?: boolean; inlineMax: number; again?: boolean; blankAsZero?: boolean }) => {
      setExit(
        await guarded(o, async () => {
          const r = await (await queueApi()).addToQueue(inputs, {
            redis: o.redis,
            queue: o.queue,
            inline: o.inline,
            inlineMaxBytes: Math.floor(o.inlineMax * 1048576),
            again: o.again,
            blankAsZero: o.blankAsZero,
            onRefused: (p, why) => process.stderr.write(`xxgk: ${p}: ${why}\n`),
          });
          for (const g of r.unmatched) process.stderr.write(`xxgk: warning: no report files match ${g}\n`);
          if (r.inputs === 0) {
            say(`nothing to queue${r.skipped ? ` (${r.skipped} file(s) skipped: not reports)` : ''}`);
            return 2;
          }
          if (!o.quiet) {
            const parts = [`${r.added} job(s) added`, `${r.queued} already in the queue`, `${r.collected} already collected${r.collected ? ' (--again to redo)' : ''}`];
            if (r.duplicates) parts.push(`${r.duplicates} duplicate(s) by content`);
            if (r.failed) parts.push(`${r.failed} not queued`);
            if (r.skipped) parts.push(`${r.skipped} file(s) skipped: not reports`);
            say(`${o.queue}: ${parts.join(', ')}`);
          }
          return r.failed ? 1 : 0;
        }),
      );
    });

  common(queue.command('work'))
    .description('run a worker: extract queued jobs with the pool, timeouts and memory caps of extract; SIGTERM finishes the active jobs, a second SIGTERM abandons them')
    .addOption(new Option('-j, --jobs <n>', 'worker threads = jobs at once').argParser(positiveInt).default(defaultJobs(), `number of CPUs, here ${defaultJobs()}`))
    .option('--timeout <seconds>', 'per-file time limit (a `timeout` error record)', positiveNum, DEFAULT_TIMEOUT_MS / 1000)
    .option('--max-memory <mb>', 'heap cap of each worker thread (a `too_large` error record)', memoryMb, DEFAULT_MAX_MEMORY_MB)
    .option('--attempts <n>', 'worker-process deaths on one document before it becomes an error record', positiveInt, DEFAULT_ATTEMPTS)
    .option('--stall-interval <seconds>', "lock duration and stall check: a dead worker's jobs are taken again after this", positiveNum, DEFAULT_STALL_INTERVAL_MS / 1000)
    .action(async (o: Common & { jobs: number; timeout: number; maxMemory: number; attempts: number; stallInterval: number }) => {
      const w = (await queueApi()).startWorker({
        redis: o.redis,
        queue: o.queue,
        jobs: o.jobs,
        timeoutMs: o.timeout * 1000,
        maxMemoryMb: o.maxMemory,
        attempts: o.attempts,
        stallIntervalMs: Math.round(o.stallInterval * 1000),
        log: (line) => say(`work: ${line}`),
      });
      if (!o.quiet) say(`work: ${o.queue} on ${o.redis}, ${o.jobs} job(s) at once; SIGTERM to stop`);
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        signals++;
        if (signals === 1) {
          if (!o.quiet) say(`work: ${sig}: finishing the active jobs (send it again to abandon them)`);
          void w.stop();
        } else void w.stop(true);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      await w.stopped;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      if (!o.quiet) say(`work: stopped after ${w.done()} job(s)${signals > 1 ? '; the abandoned jobs are taken again after the stall interval' : ''}`);
      // after a forced stop BullMQ may keep the event loop alive
      if (signals > 1) process.exit(0);
      setExit(0);
    });

  common(queue.command('collect'))
    .description('write every finished record (results and error records) to a JSONL file exactly once; restartable')
    .requiredOption('-o, --output <file>', 'the JSONL file (continued if it exists)')
    .option('--follow', 'keep collecting as jobs finish, until SIGTERM/SIGINT')
    .option('--drain', 'keep collecting until nothing is waiting or active and everything finished is collected')
    .action(async (o: Common & { output: string; follow?: boolean; drain?: boolean }) => {
      const ac = new AbortController();
      const onSignal = () => ac.abort();
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        setExit(
          await guarded(o, async () => {
            const r = await (await queueApi()).collect({ redis: o.redis, queue: o.queue, output: o.output, follow: o.follow, drain: o.drain, signal: ac.signal });
            if (r.repairedBytes) say(`collect: cut a partial last line (${r.repairedBytes} bytes) from ${o.output}`);
            if (!o.quiet) say(`collect: ${r.written} record(s) written to ${o.output} (${r.errors} error record(s)); ${r.before} were there before${r.acknowledged ? `; ${r.acknowledged} already there, acknowledged` : ''}`);
            return 0;
          }),
        );
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    });

  common(queue.command('status'))
    .description('show waiting / active / done / failed / collected counts')
    .option('--json', 'one JSON object')
    .action(async (o: Common & { json?: boolean }) => {
      setExit(
        await guarded(o, async () => {
          const s = await (await queueApi()).queueStatus({ redis: o.redis, queue: o.queue });
          if (o.json) process.stdout.write(JSON.stringify(s) + '\n');
          else process.stdout.write(`queue ${o.queue} on ${o.redis}\n` + Object.entries(s).map(([k, v]) => `  ${k.padEnd(10)}${v}`).join('\n') + '\n');
          return 0;
        }),
      );
    });
}
