/** Shared types of the PDF reader's geometry pipeline (PDF user space: points, y up). */
import type { Cell } from '../../model.js';

/** One text run from the PDF engine, positioned. */
export interface TextItem {
  str: string;
  /** Left and right x of the run. */
  x0: number;
  x1: number;
  /** Baseline y. */
  y: number;
  /** Font size (points). */
  size: number;
  page: number;
  /**
   * Reading direction when not left to right (counter-clockwise degrees: 90 bottom to top,
   * 180 upside down, 270 top to bottom, for rotated glyphs). Such a run's box is the column
   * (or row) its glyphs occupy and `y + 0.3 size` is the middle of the run, not a baseline.
   */
  dir?: 90 | 180 | 270;
}

/**
 * Everything the PDF engine reads from one page, the boundary between the
 * engine (text runs, ruling edges) and the layout (tables, lines): PDF user
 * space, points, y up; `width`/`height` of the page's view box.
 */
export interface PageData {
  page: number;
  width: number;
  height: number;
  items: TextItem[];
  edges: Edge[];
  /** The page's text layer, counted in drawn non-space characters (see `textLayerUsable`). */
  glyphs?: GlyphCounts;
}

/** Characters of a page's text layer: all (whitespace excluded), without a usable Unicode value, invisible (render mode 3). */
export interface GlyphCounts {
  chars: number;
  undecodable: number;
  invisible: number;
}

/** An axis-aligned ruling edge. Horizontal: `pos` is y, [a, b] the x-range; vertical: `pos` is x, [a, b] the y-range. */
export interface Edge {
  orient: 'h' | 'v';
  pos: number;
  a: number;
  b: number;
}

/** A cell of a table fragment on one page, in elementary grid coordinates (row 0 = top). */
export interface Region {
  r0: number;
  /** Exclusive. */
  r1: number;
  c0: number;
  /** Exclusive. */
  c1: number;
  text: string;
  page: number;
  /** Position of the first text item (or the region's top-left corner when empty). */
  x: number;
  y: number;
  /** The cell's box on `page`: left/right x and top/bottom y (PDF user space, points, y up). */
  box: Box;
  /** A cell continued over page breaks: its box on each page, in reading order (the first is `box`). */
  parts?: Box[];
  /** Set when part of the cell's text may be lost (a row cut at a page foot whose continuation was not found): why. */
  incomplete?: string;
  /**
   * An OCR'd cell (src/read/ocr/frag.ts): the model cells it was read as, upper page first. The
   * table block keeps the first one's identity (id, origin: the OCR session finds it by it) and
   * confidence, so the verification still applies after a join.
   */
  cells?: Cell[];
}

/** A rectangle on one page (PDF user space, points, y up). */
export interface Box {
  page: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** A table as found on one page (or after joining pages). */
export interface TableFrag {
  page: number;
  /** Column boundaries, ascending (length = cols + 1). */
  xs: number[];
  /** Number of elementary rows. */
  rows: number;
  regions: Region[];
  /** Bounding box. */
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Last page the table reaches (after joining). */
  lastPage: number;
  /** Column boundaries inferred from text alignment (borderless table), not drawn: they may shift a little between pages. */
  soft?: boolean;
  /** Ruled tables: the top / bottom boundary is not drawn (implied by the vertical rules), as where a page break cuts a row. */
  openTop?: boolean;
  openBottom?: boolean;
}

/** Tolerances (points). */
export interface PdfSettings {
  /** Edges closer than this on the perpendicular axis are snapped together. */
  snapTolerance: number;
  /** Collinear edges with a gap up to this are joined. */
  joinTolerance: number;
  /** An edge must reach this close to meet another edge. */
  intersectionTolerance: number;
  /** Filled rectangles at most this thin count as ruling edges. */
  thinFill: number;
  /** Edges shorter than this (after merging) are dropped. */
  minEdgeLength: number;
  /** Fraction of a cell side a ruling must cover to count as a border. */
  borderCoverage: number;
  /** Tables on consecutive pages whose left and right edges agree within this are one table continued. */
  joinFrameTolerance: number;
  /** Column boundaries of two joined fragments within this are one boundary. */
  joinColumnSnap: number;
  /** At most this many header rows repeated at the top of a continued page are recognised and dropped. */
  joinMaxRepeatedHeaderRows: number;
  /** Tables drawn without rules (read/pdf/borderless*.ts). */
  borderless: BorderlessSettings;
}

/**
 * Tolerances of the borderless-table chain. Lengths are in ems (the run's
 * largest font size) unless they say points; counts are lines.
 */
export interface BorderlessSettings {
  /** A gap this wide (ems, of the item's own size) before an item separates table columns. */
  columnGap: number;
  /** A run of table lines ends after this many lines without values. */
  runMaxGapLines: number;
  /** At most this many lines above the first value row are taken as its header. */
  runMaxHeaderLines: number;
  /** Lines up to this many points larger than the first value row still belong to the run. */
  runSizeSlack: number;
  /** A one-item line wider than this fraction of the page is prose, not a table row. */
  runProseWidth: number;
  /** A run is a table with at least this many value rows, or one row of at least `runManyValues` values. */
  runMinValueRows: number;
  runManyValues: number;
  /** Number positions within this (ems) are one value column. */
  valueCluster: number;
  /** Label text ends at least this far (ems) left of the first value column. */
  labelMargin: number;
  /** Left edges of label text within this (points) start one label column. */
  labelStartCluster: number;
  /** Baselines within this (ems) are one band. */
  bandTolerance: number;
  /** Text items closer than this (ems) touch and are one piece. */
  touchGap: number;
  /** Text items in one column closer than this (ems) are one piece. */
  pieceGap: number;
  /** A piece's right end may stop this short (ems) of its last column. */
  spanSlack: number;
  /** A wrapped cell's next line sits at most this far (ems) below the previous… */
  wrapGap: number;
  /** …or this far when the text above is cut (an open bracket, a full line). */
  wrapGapCut: number;
  /** A label cell takes the value rows within this (ems) of its first and last line. */
  anchorSlack: number;
}

export const DEFAULT_SETTINGS: PdfSettings = {
  snapTolerance: 3,
  joinTolerance: 3,
  intersectionTolerance: 3,
  thinFill: 2,
  minEdgeLength: 3,
  borderCoverage: 0.5,
  joinFrameTolerance: 12,
  joinColumnSnap: 4,
  joinMaxRepeatedHeaderRows: 4,
  borderless: {
    columnGap: 1.5,
    runMaxGapLines: 6,
    runMaxHeaderLines: 8,
    runSizeSlack: 1,
    runProseWidth: 0.45,
    runMinValueRows: 2,
    runManyValues: 5,
    valueCluster: 0.6,
    labelMargin: 0.5,
    labelStartCluster: 4,
    bandTolerance: 0.2,
    touchGap: 0.15,
    pieceGap: 1,
    spanSlack: 0.3,
    wrapGap: 1.65,
    wrapGapCut: 2.3,
    anchorSlack: 0.35,
  },
};

/** Settings with some fields replaced (`borderless` merged field by field). */
export function pdfSettings(over: PdfSettingsInput = {}): PdfSettings {
  return { ...DEFAULT_SETTINGS, ...over, borderless: { ...DEFAULT_SETTINGS.borderless, ...over.borderless } };
}

/** What a caller may override (read option `pdf`). */
export type PdfSettingsInput = Partial<Omit<PdfSettings, 'borderless'>> & { borderless?: Partial<BorderlessSettings> };
