/**
 * `xxgk extract` with a single input: it runs in the CLI's own process, without starting the
 * worker pool (issue 9: a cold single-file run must stay cheap).
 */
import type { BatchInput, BatchRecord } from '../batch/index.js';
import type { OutputRecord } from '../schema.js';

/** The options of the extract command that a single in-process extraction uses. */
export interface InProcessOpts {
  /** Seconds. */
  timeout: number;
  /** MB: the cap of the PDF engine's WebAssembly memory. */
  maxMemory: number;
  blankAsZero?: boolean;
  password?: string;
}

/**
 * A single input, extracted in the calling process: the time limit is a timer
 * (it ends a read that waits, not one stuck in synchronous code) and the PDF
 * engine's WebAssembly memory is capped at `--max-memory` as in the workers.
 */
export async function* inProcess(inputs: AsyncIterable<BatchInput>, opts: InProcessOpts): AsyncGenerator<BatchRecord> {
  const [api, engine] = await Promise.all([import('../api.js'), import('../read/pdf/engine/pdfium.js')]);
  engine.setWasmMemoryLimit(opts.maxMemory * 1024 * 1024);
  let index = 0;
  for await (const input of inputs) {
    const p = typeof input === 'string' ? input : input.path;
    const work = typeof input === 'string' ? api.extractFile(input, { blankAsZero: opts.blankAsZero, password: opts.password }) : api.extractRecord(input.bytes ?? new Uint8Array(), { path: input.path, blankAsZero: opts.blankAsZero, password: opts.password });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<OutputRecord>((resolve) => {
      timer = setTimeout(() => resolve(api.errorRecord(typeof input === 'string' ? null : (input.bytes ?? null), p, 'timeout', `extraction took longer than ${opts.timeout} s`)), opts.timeout * 1000);
      timer.unref();
    });
    try {
      yield { index: index++, record: await Promise.race([work, late]) };
    } finally {
      clearTimeout(timer);
    }
  }
}
