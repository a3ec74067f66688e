/**
 * An OCR session: the engine and every OCR'd cell of one document, kept
 * from reading until verification so that cells of failed identities can be
 * read again. Attached to the document it produced (entry.ts `attachOcr`).
 */
import type { Block, Origin } from '../../model.js';
import { enlarge, enlargeNearest, type Gray } from './bitmap.js';
import { OcrEngine, PSM_CHAR, PSM_LINE, PSM_WORD, type Reading } from './engine.js';
import { signedReading, type OcrCell } from './page.js';

/** A glyph read as `1` wider than this share of the ink height may be two touching 1s (a lone 1 is about a quarter as wide as high). */
const MAX_ONE_WIDTH = 0.45;

const key = (o: Origin) => `${o.page}:${o.table}:${o.row}:${o.col}`;

export class OcrSession {
  readonly engine: OcrEngine;
  private byOrigin = new Map<string, OcrCell>();
  private byId = new Map<number, OcrCell>();

  constructor(engine: OcrEngine) {
    this.engine = engine;
  }

  add(cells: OcrCell[]): void {
    for (const c of cells) {
      this.byOrigin.set(key(c.cell.origin), c);
      this.byId.set(c.cell.id, c);
    }
  }

  /**
   * Find the OCR'd cells where they now stand: after tables were joined over page breaks
   * (pdf/join.ts keeps each OCR'd cell's id but places it in the joined table), every table
   * cell whose id is an OCR'd cell's is indexed by its new origin; nothing else is (a cell
   * dropped by the join, such as a repeated header, is no longer found), and neither is a cell
   * marked incomplete (a number read in two parts on two pages: its re-readings would see one
   * part only, so its null stands).
   */
  reindex(blocks: Block[]): void {
    this.byOrigin.clear();
    for (const b of blocks) {
      if (b.kind !== 'table') continue;
      for (const row of b.rows)
        for (const cell of row) {
          const c = this.byId.get(cell.id);
          if (c && !cell.incomplete) this.byOrigin.set(key(cell.origin), c);
        }
    }
  }

  /** The OCR'd cell at an origin (page, table, row, col of its top-left position). */
  at(o: Origin | undefined): OcrCell | undefined {
    return o ? this.byOrigin.get(key(o)) : undefined;
  }

  /**
   * Read a digits cell again, independently of its first reading, taking every reading's sign
   * from the ink (signedReading). First a line at a second scale (halved from 250 dpi, else
   * doubled: `line@scale2`) — for a clean cell, the one confirming reading it needs; then, unless
   * `quick`, as a single word (page-segmentation mode 8), as a line doubled by the other
   * interpolation (`line@2x`: bilinear from 180 dpi, nearest below) and glyph by glyph (`glyphs`,
   * see readGlyphs). Each reading is made once per cell; returns all (first one first).
   */
  async reread(c: OcrCell, quick = false): Promise<OcrCell['readings']> {
    if (!c.image || c.ink !== 'digits') return c.readings;
    const has = (how: string) => c.readings.some((r) => r.how.startsWith(how));
    if (!has('line@scale2')) c.readings.push(signedReading(c, await this.engine.readDigits(c.altImage ?? c.image, PSM_LINE), 'line@scale2'));
    if (quick || has('word')) return c.readings;
    c.readings.push(signedReading(c, await this.engine.readDigits(c.image, PSM_WORD), 'word'));
    const other = c.dpi !== undefined && c.dpi < 180 ? enlargeNearest(c.image, 2) : enlarge(c.image, 2);
    c.readings.push(signedReading(c, await this.engine.readDigits(other, PSM_LINE), 'line@2x'));
    const glyphs = await this.readGlyphs(c);
    if (glyphs) c.readings.push(glyphs);
    return c.readings;
  }

  /**
   * Read a digits cell glyph by glyph: each full-height glyph cut out (its columns of the
   * crop, white around) and read as one character (page-segmentation mode 10); the
   * reading is their concatenation, at the lowest of their confidences, signed from the
   * ink. None when the cell has a point or no glyph columns, a glyph reads as anything but
   * one digit, or a glyph read as 1 is too wide for one 1 (two touching 1s: blurred `11`
   * reads `1` as a line at every scale).
   */
  private async readGlyphs(c: OcrCell): Promise<(Reading & { how: string }) | null> {
    if (!c.image || !c.columns?.length || !c.inkHeight) return null;
    let text = '', confidence = 1;
    for (const col of c.columns) {
      const r = await this.engine.readDigits(glyphCrop(c.image, col, Math.max(4, Math.round(c.inkHeight / 3))), PSM_CHAR);
      const t = r.text.replace(/\s+/g, '');
      if (!/^\d$/.test(t)) return null;
      if (t === '1' && col.x1 - col.x0 > MAX_ONE_WIDTH * c.inkHeight) return null;
      text += t;
      confidence = Math.min(confidence, r.confidence);
    }
    return signedReading(c, { text, confidence }, 'glyphs');
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** The columns `col` of a crop (x1 exclusive), with `pad` px of white either side. */
function glyphCrop(g: Gray, col: { x0: number; x1: number }, pad: number): Gray {
  const x0 = Math.max(0, col.x0), x1 = Math.min(g.width, col.x1);
  const w = Math.max(1, x1 - x0) + 2 * pad;
  const out = new Uint8Array(w * g.height).fill(255);
  for (let y = 0; y < g.height; y++) out.set(g.data.subarray(y * g.width + x0, y * g.width + x1), y * w + pad);
  return { width: w, height: g.height, data: out };
}
