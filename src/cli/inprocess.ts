/**
 * `xxgk extract` of a single input, in the CLI's own process (no worker pool).
 */
import type { BatchInput, BatchRecord } from '../batch/index.js';
import { OCR_PAGE_ALLOWANCE_MS } from '../batch/limits.js';
import type { OcrMode } from '../read/types.js';
import type { OutputRecord } from '../schema.js';
import { deferWasmTierUp } from './tuning.js';

/** The options of `xxgk extract` that a single in-process extraction uses. */
export interface InProcessOpts {
  blankAsZero?: boolean;
  password?: string;
  ocr?: OcrMode;
  /** Seconds. */
  timeout: number;
  maxMemory: number;
  /** Show `OCR page i/n` on stderr while a scan is read (on a terminal, not quiet). */
  pageProgress?: boolean;
}

/**
 * A single input, extracted in the calling process: the time limit is a timer
 * (it ends a read that waits, not one stuck in synchronous code), `--timeout`
 * plus OCR_PAGE_ALLOWANCE_MS per OCR'd page as in a batch, and the PDF
 * engine's WebAssembly memory is capped at `--max-memory` as in the workers.
 */
export async function* inProcess(inputs: AsyncIterable<BatchInput>, opts: InProcessOpts): AsyncGenerator<BatchRecord> {
  // one document does not repay WebAssembly's optimizing compiles (tuning.ts)
  deferWasmTierUp();
  const [api, engine] = await Promise.all([import('../api.js'), import('../read/pdf/engine/pdfium.js')]);
  engine.setWasmMemoryLimit(opts.maxMemory * 1024 * 1024);
  let index = 0;
  for await (const input of inputs) {
    const p = typeof input === 'string' ? input : input.path;
    const start = Date.now();
    let limit = opts.timeout * 1000;
    let extend = (_pages: number) => {};
    const onPage = (done: number, total: number) => {
      if (done === 0) extend(total);
      if (opts.pageProgress) process.stderr.write(done < total ? `\rxxgk: OCR page ${done + 1}/${total}\x1b[K` : '\r\x1b[K');
    };
    const common = { blankAsZero: opts.blankAsZero, password: opts.password, ocr: opts.ocr, onPage };
    const work = typeof input === 'string' ? api.extractFile(input, common) : api.extractRecord(input.bytes ?? new Uint8Array(), { path: input.path, ...common });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<OutputRecord>((resolve) => {
      const fire = () => resolve(api.errorRecord(typeof input === 'string' ? null : (input.bytes ?? null), p, 'timeout', `extraction took longer than ${limit / 1000} s`));
      timer = setTimeout(fire, limit).unref();
      extend = (pages) => {
        limit += pages * OCR_PAGE_ALLOWANCE_MS;
        clearTimeout(timer);
        timer = setTimeout(fire, Math.max(0, start + limit - Date.now())).unref();
      };
    });
    try {
      yield { index: index++, record: await Promise.race([work, late]) };
    } finally {
      clearTimeout(timer);
    }
  }
}
