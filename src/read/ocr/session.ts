/**
 * An OCR session: the engine and every OCR'd cell of one document, kept
 * from reading until verification so that cells of failed identities can be
 * read again. Attached to the document it produced.
 */
import type { Doc, Origin } from '../../model.js';
import { OcrEngine, PSM_LINE, PSM_WORD, type Reading } from './engine.js';
import { digitText, type OcrCell } from './page.js';

const sessions = new WeakMap<Doc, OcrSession>();

const key = (o: Origin) => `${o.page}:${o.table}:${o.row}:${o.col}`;

export class OcrSession {
  readonly engine: OcrEngine;
  private byOrigin = new Map<string, OcrCell>();

  constructor(engine: OcrEngine) {
    this.engine = engine;
  }

  add(cells: OcrCell[]): void {
    for (const c of cells) this.byOrigin.set(key(c.cell.origin), c);
  }

  /** The OCR'd cell at an origin (page, table, row, col of its top-left position). */
  at(o: Origin | undefined): OcrCell | undefined {
    return o ? this.byOrigin.get(key(o)) : undefined;
  }

  /**
   * Read a digits cell again, independently of its first reading: as a
   * single word (page-segmentation mode 8) and as a line at a second scale
   * (halved from 250 dpi, else doubled). Done
   * once per cell; returns all its readings (first one first).
   */
  async reread(c: OcrCell): Promise<OcrCell['readings']> {
    if (!c.image || c.ink !== 'digits' || c.readings.length > 1) return c.readings;
    const word: Reading = await this.engine.readDigits(c.image, PSM_WORD);
    c.readings.push({ ...word, text: digitText(word), how: 'word' });
    const other: Reading = await this.engine.readDigits(c.altImage ?? c.image, PSM_LINE);
    c.readings.push({ ...other, text: digitText(other), how: 'line@scale2' });
    return c.readings;
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Attach a session to the document it read (the verifier finds it there). */
export function attachOcr(doc: Doc, s: OcrSession): void {
  sessions.set(doc, s);
}

export function ocrSessionOf(doc: Doc): OcrSession | undefined {
  return sessions.get(doc);
}

/** Close the document's OCR workers, if any (idempotent). */
export async function closeOcr(doc: Doc): Promise<void> {
  const s = sessions.get(doc);
  if (!s) return;
  sessions.delete(doc);
  await s.close();
}
