/**
 * Where output text goes: a file (each chunk written whole with synchronous
 * writes, so a killed run leaves at most one partial line at the end) or a
 * stream such as stdout (honouring backpressure).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

export interface Sink {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
}

export function fileSink(path: string, opts: { append?: boolean } = {}): Sink {
  const fd = openSync(path, opts.append ? 'a' : 'w');
  let open = true;
  return {
    async write(chunk) {
      const buf = Buffer.from(chunk, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    },
    async close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

export function streamSink(stream: Writable): Sink {
  let broken: Error | null = null;
  stream.on('error', (e) => (broken = e));
  return {
    async write(chunk) {
      if (broken) throw broken;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          const done = (e?: Error) => {
            stream.off('drain', ok);
            stream.off('error', done);
            if (e) reject(e);
            else resolve();
          };
          const ok = () => done();
          stream.once('drain', ok);
          stream.once('error', done);
        });
      }
    },
    async close() {
      if (broken) throw broken;
    },
  };
}
