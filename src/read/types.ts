import type { Doc, SourceFormat } from '../model.js';
import type { PdfSettingsInput } from './pdf/types.js';

/**
 * `auto`: OCR the pages without a usable text layer; `off`: never OCR (an
 * image-only PDF is `no_text_layer`, an undecodable one `text_undecodable`);
 * `force`: OCR every page, whatever its text layer.
 */
export type OcrMode = 'auto' | 'off' | 'force';
export const OCR_MODES: readonly OcrMode[] = ['auto', 'off', 'force'];

/** Options every reader receives. */
export interface ReadOptions {
  /** File name, for messages only: formats are sniffed from content. */
  name?: string;
  /** PDF: tolerances of the table finder and the page join (defaults: `DEFAULT_SETTINGS` in read/pdf/types.ts), any subset. */
  pdf?: PdfSettingsInput;
  /** User password of an encrypted PDF (`xxgk extract --password`); readers of other formats ignore it. */
  password?: string;
  /**
   * PDF: which pages are read by OCR (issue 11). `auto` (default): pages without a usable text layer
   * (none, or more than 10% undecodable characters); `force`: every page; `off`: none (an image-only
   * PDF is then `no_text_layer`, an undecodable one `text_undecodable`). Image inputs are always OCR'd.
   */
  ocr?: OcrMode;
  /**
   * PDF under `ocr: 'auto'`: also OCR the pages whose text is invisible (render mode 3, a scanner's OCR
   * layer). Set by `extract` for a second reading when the tables read from that layer fail the identities.
   */
  ocrInvisible?: boolean;
  /** Called after each OCR'd page (progress on a TTY for long scans). */
  onPage?: (done: number, total: number) => void;
}

/** One reader per input format: bytes in, document model out. Throws XxgkError on bad input. */
export interface Reader {
  format: SourceFormat;
  read(bytes: Uint8Array, opts?: ReadOptions): Promise<Doc>;
}
