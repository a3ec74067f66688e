/**
 * `xxgk extract`, the runner: gathers the facts the plan needs (plan.ts), asks
 * the plan, and carries it out — reads the `--files-from` list, re-runs itself
 * single-threaded for a batch, discovers the inputs, repairs a resumed output,
 * opens the sinks, extracts (one input in this process, a batch through the
 * worker pool), writes, and ends with the plan's closing line and exit status.
 *
 * One file (or `-`) → one JSON object and the error code's exit status. Several
 * files, directories or globs → a batch, written as JSON Lines, a JSON array,
 * CSV/TSV or xlsx (src/write). See README.md, "Batches and datasets".
 *
 * The batch pool, the extractor, the PDF engine and input discovery are imported lazily: a
 * single input does not load the pool, and the parent of a re-run loads none of them.
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { alreadyDone, prepareResume, ResumeVersionMismatch, sha256Hex, unreadableKey, type ResumeState } from '../batch/resume.js';
import { SCHEMA_VERSION } from '../schema-version.js';
import type { BatchInput, BatchRecord } from '../batch/index.js';
import type { Discovery } from '../batch/inputs.js';
import { describeFsError } from '../errno.js';
import type { ErrorRecord, OutputRecord } from '../schema.js';
import { csvErrorSink, lineErrorSink, makeWriter, type ErrorSink } from '../write/records.js';
import { fileSink, streamSink, type Sink } from '../write/sink.js';
import { onInterrupt } from './interrupt.js';
import { isFailure, skippedEntries, skippedListing, writeSkipped, type SkippedEntry } from './outcome.js';
import { newSidecar, outputTarget, readSidecar, writeSidecar, type Sidecar } from './output.js';
import { childSpawnOptions, exitWithParent, releaseChannel } from './parent.js';
import { batchExit, errorsFileFor, listSource, planExtract, planResume, planStart, resumeNotices, singleOutcome, type ExtractOpts, type ExtractPlan, type OutputTarget } from './plan.js';
import { inProcess } from './inprocess.js';
import { Progress, count, newTally, summary } from './progress.js';
import { readPathList, readStdinBytes, stdinOffer } from './stdin.js';
import { deferWasmTierUp, SMALL_BATCH } from './tuning.js';
import { EXIT, UsageError, VERSION } from './usage.js';

const stderr = process.stderr;
const say = (lines: readonly string[]) => {
  for (const l of lines) stderr.write(`${l}\n`);
};

/**
 * Batches with several workers run faster on a V8 platform without background
 * threads: with concurrent GC and compilation each worker keeps 1.3–1.6 cores
 * busy, so N workers on N cores contend. Measured on 2 cores, 180 corpus files:
 * --jobs 2 took 17.0 s with the default platform and 13.0 s with
 * --single-threaded (--jobs 1: 20 s). The flag is process-wide and must be given
 * at start-up, so the CLI re-runs itself with it (XXGK_V8_DEFAULT=1 opts out;
 * plan.ts `planStart` decides when). Returns the child's exit status, or null
 * when the child could not be started.
 */
async function reexecSingleThreadedV8(stdinText?: string): Promise<number | null> {
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  // an IPC channel, closed by the OS when this process dies however it dies: the child exits with it (parent.ts)
  const child = spawn(process.execPath, ['--single-threaded', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], childSpawnOptions(stdinText !== undefined));
  releaseChannel(child);
  if (stdinText !== undefined) {
    // `--files-from -`: this process has read standard input; hand the list on
    child.stdin!.on('error', () => {});
    child.stdin!.end(stdinText);
  }
  // the child does the work: pass termination on to it and report how it ended
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) process.on(sig, forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code, signal) => {
      for (const sig of signals) process.off(sig, forward);
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}

/** The start (plan.ts stage 2) with its facts: the list, standard input, the outputs, the one argument. */
async function start(args: string[], opts: ExtractOpts, output: OutputTarget | null) {
  const source = listSource(args, opts);
  const listed = source === null ? null : await readPathList(source);
  const canReexec = !process.execArgv.includes('--single-threaded') && process.env.XXGK_V8_DEFAULT !== '1' && !!process.argv[1];
  const one = listed === null && args.length === 1 && args[0] !== '-' && opts.jobs >= 2 && canReexec ? args[0] : null;
  return planStart(args, opts, {
    listed,
    stdin: listed === null && args.length === 0 ? stdinOffer() : 'none',
    output,
    errors: opts.errors ? await outputTarget(opts.errors) : null,
    argIsFile: one !== null && ((await stat(one).catch(() => null))?.isFile() ?? false),
    canReexec,
  });
}

/** `--resume`: check the sidecar, repair the output; null when the output cannot be read (exit 73). */
async function resumeOutput(plan: ExtractPlan, opts: ExtractOpts, earlier: Sidecar | null, target: OutputTarget | null): Promise<ResumeState | null> {
  const output = plan.output!;
  // options that differ from the sidecar's throw here, before the file is touched; the notices (e.g. "no
  // sidecar: resuming with these options") are said only once the file's records can be resumed
  const notices = planResume(output, plan.recordOptions, earlier, target);
  let state: ResumeState;
  try {
    state = await prepareResume(output, SCHEMA_VERSION);
  } catch (e) {
    if (e instanceof ResumeVersionMismatch) throw new UsageError(`cannot resume: ${e.message}`);
    stderr.write(`xxgk: cannot read ${output} to resume it: ${describeFsError(e)}\n`);
    return null;
  }
  say(notices);
  say(resumeNotices(output, state, !!opts.quiet));
  return state;
}

export async function runExtract(args: string[], opts: ExtractOpts): Promise<number> {
  exitWithParent();
  // what is at -o before the run: the guard, the format of a special file, the sidecar and --resume decide on it
  const target = opts.output ? await outputTarget(opts.output) : null;
  const begun = await start(args, opts, target);
  // decided before discovery, which reads the head of every file: the child discovers again
  if (begun.reexec) {
    const code = await reexecSingleThreadedV8(begun.handOn);
    if (code !== null) return code;
  }
  // discovery (tinyglobby, the sniffer) loads here: the parent of a re-run never needs it
  const discovery = await (await import('../batch/inputs.js')).discoverInputs(begun.args);
  for (const g of discovery.unmatched) stderr.write(`xxgk: warning: no report files match ${g}\n`);
  const plan = planExtract(opts, begun, discovery, {
    output: target,
    errorsDefault: opts.output ? await outputTarget(errorsFileFor(opts.output)) : null,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: stderr.isTTY === true,
  });
  say(plan.notices);

  const earlier = plan.resume ? await readSidecar(plan.output!) : null;
  let resume: ResumeState | null = null;
  if (plan.resume) {
    resume = await resumeOutput(plan, opts, earlier, target);
    if (!resume) return EXIT.outputFailed;
  }

  // sinks
  let out: Sink | null = null;
  let errors: ErrorSink | undefined;
  const outName = plan.output ?? 'standard output';
  // the errors file first: when it cannot be opened, the output (perhaps an existing file under --force) is not
  // touched; when the output then cannot be opened, an errors file made here is removed again
  const errorsExisted = plan.tabular && plan.errorsFile ? existsSync(plan.errorsFile) : true;
  try {
    if (plan.tabular) errors = plan.errorsFile ? await csvErrorSink(fileSink(plan.errorsFile), { excel: opts.excel }) : lineErrorSink(streamSink(stderr));
    if (plan.format !== 'xlsx') out = plan.output ? fileSink(plan.output, { append: !!resume }) : streamSink(process.stdout);
    if (plan.sidecar) await writeSidecar(plan.output!, newSidecar(VERSION, plan.format, plan.recordOptions, earlier));
  } catch (e) {
    stderr.write(`xxgk: cannot open output ${(e as { path?: string }).path ?? outName}: ${describeFsError(e)}\n`);
    if (errors && !errorsExisted) rmSync(plan.errorsFile!, { force: true });
    return EXIT.outputFailed;
  }
  return carryOut(plan, opts, discovery, resume, out, errors);
}

/** Extract and write: the records, the progress line, Ctrl-C, and the end. */
async function carryOut(plan: ExtractPlan, opts: ExtractOpts, discovery: Discovery, resume: ResumeState | null, out: Sink | null, errors: ErrorSink | undefined): Promise<number> {
  const tally = newTally(plan.inputs.length);
  tally.skippedNotReports = discovery.skipped.length;
  const progress = new Progress(tally, stderr, plan.progress);
  if (errors && plan.errorsOnStderr) {
    // error lines on stderr: lift the progress line out of their way
    const lines = errors;
    errors = {
      write: async (rec) => {
        progress.clear();
        await lines.write(rec);
      },
      close: () => lines.close(),
    };
  }
  const nonReports: SkippedEntry[] = [];
  const stopInterrupt = plan.interrupt
    ? onInterrupt(
        () => ({ done: tally.done + tally.resumed, total: tally.total + tally.resumed, resumable: plan.interrupt!.resumable }),
        () => progress.clear(),
      )
    : () => {};

  async function* feed(): AsyncGenerator<BatchInput> {
    for (const ref of plan.inputs) {
      const input: BatchInput = ref.kind === 'stdin' ? { path: null, bytes: await readStdinBytes() } : ref.path;
      if (resume) {
        // a file that cannot be read now is matched by path against an earlier io_error record (resume.ts)
        const bytes = typeof input === 'string' ? await readFile(input).catch(() => null) : input.bytes!;
        if (alreadyDone(resume, bytes ? sha256Hex(bytes) : unreadableKey(input as string))) {
          tally.resumed++;
          tally.total--;
          progress.tick();
          continue;
        }
      }
      yield input;
    }
  }

  let lastError: ErrorRecord | null = null;
  progress.tick(true);
  // keep rate and ETA moving while a slow file holds the count still
  const redraw = setInterval(() => progress.tick(), 500).unref();
  // a small batch does not repay WebAssembly's optimizing compiles either (set before the workers start)
  if (plan.engine === 'pool' && plan.inputs.length <= SMALL_BATCH) deferWasmTierUp();
  const records = plan.engine === 'in-process' ? inProcess(feed(), { ...plan.pool, timeout: opts.timeout, maxMemory: opts.maxMemory, pageProgress: Progress.wanted(stderr, !!opts.quiet) }) : (await import('../batch/index.js')).extractManyIndexed(feed(), { ...plan.pool, jsonl: plan.format === 'jsonl', onDone: () => {
          tally.finished++;
          progress.tick();
        },
      }); // JSON Lines: records serialised in the workers
  const finish = () => {
    clearInterval(redraw);
    progress.clear();
    stopInterrupt();
  };
  try {
    const writer = await makeWriter(plan.format, out!, {
      ...plan.writer,
      errors,
      xlsx: plan.writer.xlsx ? (plan.output ? { file: plan.output } : { stream: process.stdout }) : undefined,
    });
    for await (const { record, line } of records) {
      await (line !== undefined && writer.writeLine ? writer.writeLine(line) : writer.write(record));
      count(tally, record);
      if ('error' in record) {
        lastError = record;
        if (!isFailure(record.error.code)) nonReports.push({ path: record.source.path ?? '-', reason: record.error.code });
      }
      progress.tick();
    }
    await writer.end();
  } catch (e) {
    finish();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return EXIT.outputFailed; // the reader went away (`| head`): nothing to say
    stderr.write(`xxgk: cannot write ${plan.output ?? 'standard output'}: ${describeFsError(err)}\n`);
    return EXIT.outputFailed;
  }
  finish();

  if (plan.single) {
    const end = singleOutcome(plan, lastError, opts.password !== undefined);
    if (end.line) stderr.write(`${end.line}\n`);
    return end.exit;
  }
  const skipped = skippedEntries(discovery.skipped, nonReports);
  if (plan.skippedFile) {
    try {
      await writeSkipped(plan.skippedFile, skipped);
    } catch (e) {
      stderr.write(`xxgk: cannot write --skipped ${plan.skippedFile}: ${describeFsError(e)}\n`);
      return EXIT.outputFailed;
    }
  }
  if (plan.summary) stderr.write(summary(tally, progress.elapsed()) + skippedListing(skipped, 20, plan.skippedFile ?? undefined));
  return batchExit(tally.failures);
}
