import type { Doc, SourceFormat } from '../model.js';
import type { PdfSettingsInput } from './pdf/types.js';

/** Options every reader receives. */
export interface ReadOptions {
  /** File name, for messages only: formats are sniffed from content. */
  name?: string;
  /** PDF: tolerances of the table finder and the page join (defaults: `DEFAULT_SETTINGS` in read/pdf/types.ts), any subset. */
  pdf?: PdfSettingsInput;
  /** User password of an encrypted PDF (`xxgk extract --password`); readers of other formats ignore it. */
  password?: string;
}

/** One reader per input format: bytes in, document model out. Throws XxgkError on bad input. */
export interface Reader {
  format: SourceFormat;
  read(bytes: Uint8Array, opts?: ReadOptions): Promise<Doc>;
}
