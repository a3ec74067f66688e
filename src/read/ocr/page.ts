/**
 * Reading one page image: find its ruled tables, classify each cell's ink,
 * read digits with the whitelisted `eng` reader and labels with `chi_sim`
 * (matched to the template's known labels), and emit table blocks of the
 * document model with each cell's box and OCR confidence.
 */
import { newCellId, type BBox, type Cell, type TableBlock } from '../../model.js';
import { crop, enlarge, enlargeNearest, halve, type Bitmap, type Box, type Gray } from './bitmap.js';
import { median, whiten } from './binarize.js';
import { detectLayout, type PageLayout } from './detect.js';
import { OcrEngine, PSM_BLOCK, PSM_LINE, type Reading } from './engine.js';
import { classifyInk, type InkKind } from './ink.js';
import { matchKnownLabel } from './labels.js';
import { readTitleLines, type TitleLine } from './title.js';

/** What the OCR reader remembers of a cell, for re-reading and confirmation. */
export interface OcrCell {
  cell: Cell;
  ink: InkKind;
  /** Whitened crop of the cell's ink with a white margin (digits and text cells). */
  image?: Gray;
  /** The same crop at a second scale (see inkCrop), for an independent re-reading. */
  altImage?: Gray;
  /** Readings so far: the first, then any re-readings (`how` says which mode/scale). */
  readings: (Reading & { how: string })[];
  /** Digits ink: its first glyph is a minus by its shape (see InkInfo.minus). */
  minus?: boolean;
  /** Digits ink: full-height glyphs seen apart (see InkInfo.glyphs); a reading with fewer digits lost some. */
  glyphs?: number;
  /** Digits ink without a point: each full-height glyph's x-range in `image` px, and the ink's height (for reading glyph by glyph). */
  columns?: { x0: number; x1: number }[];
  inkHeight?: number;
  /** Resolution of the page the crops come from. */
  dpi?: number;
}

/** The page's tables and the OCR state of their cells. */
export interface PageResult {
  tables: TableBlock[];
  /** The lines read at the top of the page (only when asked: the title of a scanned report). */
  title: TitleLine[];
  cells: OcrCell[];
  layout: Pick<PageLayout, 'skew' | 'dpi' | 'threshold'> & { width: number; height: number };
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * A cell's box in pixels of the (deskewed) page image → the model's bbox: points (pixels ÷ dpi/72),
 * top-left origin of the upright page, 2 decimals, as the PDF reader's cells (Origin.bbox).
 */
export function toBBox(b: Box, page: number, pt: number): BBox {
  return { page, x: round(b.x0 / pt), y: round(b.y0 / pt), w: round((b.x1 - b.x0) / pt), h: round((b.y1 - b.y0) / pt) };
}

/** A reading of digits, cleaned: spaces dropped (a whitelisted line reading may split a number). */
export function digitText(r: Reading): string {
  return r.text.replace(/\s+/g, '');
}

/**
 * A digit reading of a cell with its sign taken from the ink: when the cell's first glyph is a
 * minus by its shape (InkInfo.minus), the reading gets a leading `-` if it has none (`how` then
 * says so). A `-` read where the ink shows none is left as read: a minus touching its digit is
 * not seen apart, so the ink cannot deny one.
 */
export function signedReading(oc: Pick<OcrCell, 'minus'>, r: Reading, how: string): Reading & { how: string } {
  const text = digitText(r);
  if (oc.minus && /^\d[\d.]*$/.test(text)) return { ...r, text: `-${text}`, how: `${how}, sign from the ink` };
  return { ...r, text, how };
}

/** Digits in a reading: fewer than the cell's full-height glyphs (OcrCell.glyphs) means digits were lost. */
export function losesGlyphs(oc: Pick<OcrCell, 'glyphs'>, text: string): boolean {
  return oc.glyphs !== undefined && text.replace(/\D/g, '').length < oc.glyphs;
}

/**
 * The whitened crop of a cell's ink with a white margin (`image`), and the same at a second
 * scale for an independent confirming reading (`alt`): halved from 250 dpi, doubled (nearest
 * neighbour) from 180 dpi, doubled (bilinear) below. Chosen on the scan fixtures by agreement
 * with the first reading (bilinear 2× at 200 dpi agreed on 40 of 50 cells, nearest 2× on 49,
 * halving on 50; at 300 dpi bilevel, only halving agreed; at 150 dpi bilinear 2× did best).
 * Reading an enlarged crop first was tried at 150 dpi: a lone 0 then reads as nothing.
 */
function inkCrop(l: PageLayout, cell: Box, ink: Box, pad: number): { image: Gray; alt: Gray } {
  const background = median(crop(l.gray, cell));
  const base = padded(whiten(crop(l.gray, { x0: ink.x0 - 1, y0: ink.y0 - 1, x1: ink.x1 + 1, y1: ink.y1 + 1 }), background), pad);
  const alt = l.dpi >= 250 ? halve(base) : l.dpi >= 180 ? enlargeNearest(base, 2) : enlarge(base, 2);
  return { image: base, alt };
}

function padded(g: Gray, pad: number): Gray {
  const w = g.width + 2 * pad, h = g.height + 2 * pad;
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < g.height; y++) out.set(g.data.subarray(y * g.width, (y + 1) * g.width), (y + pad) * w + pad);
  return { width: w, height: h, data: out };
}

/**
 * Read a text cell and tell it apart among the template's known labels. One line of text
 * (short labels: 总计) reads better as a line than as a block; a reading that matches no known
 * label is tried again in the other mode and then enlarged 2× (a 总计 on a rotated noisy scan
 * read as nothing, and without it table 四's columns were not found). The first match wins;
 * with none, the first reading is kept as read.
 */
async function readLabel(engine: OcrEngine, oc: OcrCell, lines: number): Promise<boolean> {
  const first = lines === 1 ? PSM_LINE : PSM_BLOCK;
  const tries: [Gray, string, string][] = [
    [oc.image!, first, 'text'],
    [oc.image!, first === PSM_LINE ? PSM_BLOCK : PSM_LINE, 'text, other mode'],
    [enlarge(oc.image!, 2), PSM_LINE, 'text@2x'],
  ];
  for (const [img, psm, how] of tries) {
    const r = await engine.readText(img, psm);
    oc.readings.push({ ...r, how });
    const m = matchKnownLabel(r.text);
    if (m) {
      oc.cell.text = m.label;
      oc.cell.confidence = Math.min(1, (r.confidence + m.score) / 2);
      return true;
    }
  }
  oc.cell.text = oc.readings[0].text.replace(/\s+/g, '');
  oc.cell.confidence = oc.readings[0].confidence;
  return false;
}

/**
 * Read the ruled tables of one page image, and with `title` the first lines of text above them.
 * `page` is 1-based; `firstTable` the document-wide index of its first table.
 */
export async function readPage(bitmap: Bitmap, engine: OcrEngine, page: number, firstTable: number, title = false): Promise<PageResult> {
  const l = detectLayout(bitmap);
  const titleLines = title ? await readTitleLines(l, engine, page) : [];
  const pt = l.dpi / 72;
  const pad = Math.round(6 * pt);
  const tables: TableBlock[] = [];
  const cells: OcrCell[] = [];
  for (const [gi, grid] of l.grids.entries()) {
    const tableIndex = firstTable + gi;
    const rows: (Cell | undefined)[][] = Array.from({ length: grid.rows }, () => new Array<Cell | undefined>(grid.cols));
    for (const gc of grid.cells) {
      const info = classifyInk(l.ink, l.gray.width, gc.box, pt);
      const oc: OcrCell = {
        ink: info.kind,
        readings: [],
        cell: {
          text: '',
          id: newCellId(),
          origin: { page, table: tableIndex, row: gc.row, col: gc.col, x: round(gc.box.x0 / pt), y: round((l.gray.height - gc.box.y1) / pt), bbox: toBBox(gc.box, page, pt) },
          ...(gc.rowSpan > 1 ? { rowSpan: gc.rowSpan } : {}),
          ...(gc.colSpan > 1 ? { colSpan: gc.colSpan } : {}),
        },
      };
      if (info.kind === 'dash') {
        oc.cell.text = '-';
        oc.cell.confidence = 1;
      } else if (info.kind === 'blank') {
        oc.cell.confidence = 1;
      } else if (info.ink) {
        const crops = inkCrop(l, gc.box, info.ink, pad);
        oc.image = crops.image;
        oc.dpi = l.dpi;
        if (info.kind === 'digits') oc.altImage = crops.alt;
        if (info.kind === 'digits') {
          oc.minus = info.minus;
          oc.glyphs = info.glyphs;
          if (info.columns) {
            const dx = pad - (info.ink.x0 - 1);
            oc.columns = info.columns.map((c) => ({ x0: c.x0 + dx, x1: c.x1 + dx }));
            oc.inkHeight = info.ink.y1 - info.ink.y0;
          }
          const r = signedReading(oc, await engine.readDigits(oc.image, PSM_LINE), 'line');
          oc.cell.text = r.text;
          oc.cell.confidence = r.confidence;
          // nothing read through the digit whitelist, or a few digits at no confidence for many
          // glyphs: a label taken for digits (总计 on a noisy scan; 行政强制 on a 300 dpi bilevel
          // scan, its strokes broken into narrow pieces, read "173" at 0.00)? Kept as a label
          // only when it matches a known one
          const suspect = oc.cell.text === '' || (losesGlyphs(oc, r.text) && r.confidence < 0.5);
          if (suspect && (await readLabel(engine, oc, 1))) oc.ink = 'text';
          else oc.readings = [r];
          if (oc.ink === 'digits') {
            oc.cell.text = r.text;
            oc.cell.confidence = r.confidence;
          }
        } else if (!(await readLabel(engine, oc, info.lines ?? 1)) && /^-?[\d.,]+$/.test(oc.cell.text)) {
          // ink shaped like text (digits run together on a blurred scan: "34" one wide glyph) that
          // reads as a number and as no known label: read as digits, so that the identities check it
          // (city-2020 at 150 dpi JPEG q40 read 34 as "4" here, unchecked)
          oc.ink = 'digits';
          oc.altImage = crops.alt;
          const r = await engine.readDigits(oc.image, PSM_LINE);
          oc.readings = [{ ...r, text: digitText(r), how: 'line' }];
          oc.cell.text = digitText(r);
          oc.cell.confidence = r.confidence;
        }
      }
      cells.push(oc);
      for (let dr = 0; dr < gc.rowSpan; dr++) {
        for (let dc = 0; dc < gc.colSpan; dc++) {
          const rr = gc.row + dr, cc = gc.col + dc;
          if (rr >= grid.rows || cc >= grid.cols || rows[rr][cc]) continue;
          rows[rr][cc] = dr === 0 && dc === 0 ? oc.cell : { ...oc.cell, merged: true, origin: { ...oc.cell.origin } };
        }
      }
    }
    const filled: Cell[][] = rows.map((row, r) =>
      Array.from({ length: grid.cols }, (_, c) => row[c] ?? { text: '', id: newCellId(), origin: { page, table: tableIndex, row: r, col: c } }),
    );
    tables.push({ kind: 'table', rows: filled, cols: grid.cols, origin: { page, table: tableIndex } });
  }
  return { tables, title: titleLines, cells, layout: { skew: l.skew, dpi: l.dpi, threshold: l.threshold, width: l.gray.width, height: l.gray.height } };
}
