import type { Doc, SourceFormat } from '../model.js';

/** Options every reader receives. */
export interface ReadOptions {
  /** File name, for messages only: formats are sniffed from content. */
  name?: string;
  /** User password of an encrypted PDF (`xxgk extract --password`); readers of other formats ignore it. */
  password?: string;
}

/** One reader per input format: bytes in, document model out. Throws XxgkError on bad input. */
export interface Reader {
  format: SourceFormat;
  read(bytes: Uint8Array, opts?: ReadOptions): Promise<Doc>;
}
