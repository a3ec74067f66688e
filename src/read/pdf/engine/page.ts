/**
 * One PDFium page → glyphs and ruling edges (PDF user space: points, y up).
 *
 * Glyphs come from PDFium's text page (`FPDFText_*`), which already resolves
 * fonts, ToUnicode and predefined CMaps (no cMap files needed) and applies
 * form XObject matrices. Ruling edges come from the page objects: path
 * objects (fill/stroke mode, segments) under their matrices, descending into
 * form XObjects. Clip-only paths (`W n`) produce no path object in PDFium, so
 * they never become edges.
 */
import { fillEdges, mergeEdges, strokeEdges, type Matrix, type Subpath } from '../lines.js';
import type { Edge, PdfSettings } from '../types.js';
import { directionOf, isWide, type Glyph } from './runs.js';
import type { Pdfium } from './pdfium.js';

const OBJ_PATH = 2;
const OBJ_FORM = 5;
const SEG_LINETO = 0;
const SEG_BEZIERTO = 1;
const SEG_MOVETO = 2;

/** Text rendering mode 3: neither filled nor stroked (PDF 32000-1 §9.3.6). */
const RENDER_INVISIBLE = 3;
/** Control, private-use, surrogate and replacement characters: not text a reader can use. */
const UNDECODABLE = /[\p{Cc}\p{Co}\p{Cs}\uFFFD]/u;

/** Form XObjects nested deeper than this are not followed for rulings (real reports nest one or two). */
const MAX_FORM_DEPTH = 32;

/**
 * The drawn characters of a page's text layer, in content order (characters
 * PDFium generated itself, guessed spaces and line breaks, are left out: they
 * have no text object). Matrix, font and size are read once per text object.
 */
export function readGlyphs(pdf: Pdfium, page: number): Glyph[] {
  const { x, scratch: s } = pdf;
  const tp = x.FPDFText_LoadPage(page);
  if (!tp) return [];
  try {
    const n = x.FPDFText_CountChars(tp);
    const out: Glyph[] = [];
    let lastObj = 0;
    let userM: Glyph['m'] = [1, 0, 0, 1, 0, 0];
    let m: Glyph['m'] = userM;
    let plain = true;
    let quarter = false;
    let font = 0;
    let fontSize = 0;
    let invisible = false;
    const k = s >> 2;
    for (let i = 0; i < n; i++) {
      const obj = x.FPDFText_GetTextObject(tp, i);
      if (!obj) continue;
      if (obj !== lastObj) {
        lastObj = obj;
        x.FPDFText_GetMatrix(tp, i, s + 16);
        const f32 = pdf.f32();
        userM = [f32[k + 4], f32[k + 5], f32[k + 6], f32[k + 7], f32[k + 8], f32[k + 9]];
        m = userM;
        plain = userM[0] > 0 && Math.abs(userM[1]) < 1e-6 && Math.abs(userM[2]) < 1e-6;
        // turned by a multiple of 90° (content drawn sideways or upside down): the loose box is then the
        // advance box turned, and its extent along the baseline is the advance exactly
        quarter = (Math.abs(userM[1]) < 1e-6 && Math.abs(userM[2]) < 1e-6) || (Math.abs(userM[0]) < 1e-6 && Math.abs(userM[3]) < 1e-6);
        font = x.FPDFTextObj_GetFont(obj);
        fontSize = x.FPDFText_GetFontSize(tp, i);
        invisible = x.FPDFTextObj_GetTextRenderMode(obj) === RENDER_INVISIBLE;
      }
      const u = x.FPDFText_GetUnicode(tp, i);
      x.FPDFText_GetCharOrigin(tp, i, s, s + 8);
      const f64 = pdf.f64();
      const ux = f64[s >> 3];
      const uy = f64[(s >> 3) + 1];
      let adv: number;
      if (plain) {
        // upright text: PDFium's loose box is the advance box
        x.FPDFText_GetLooseCharBox(tp, i, s + 16);
        adv = pdf.f32()[k + 6] - ux;
      } else {
        // turned: how far the glyph's box reaches along the baseline direction — the loose (advance) box
        // at a multiple of 90°; at any other angle the loose box is only the page-axis bounds of the turned
        // box, so the ink box is used there. (The ink box at 90° made a narrow "1" end short of its advance
        // and the gap after it read as a space: "31 1 9" for 3119 in pdf-rotated-content.)
        const n0 = Math.hypot(userM[0], userM[1]) || 1;
        const dx = userM[0] / n0;
        const dy = userM[1] / n0;
        let xs: [number, number];
        let ys: [number, number];
        if (quarter) {
          x.FPDFText_GetLooseCharBox(tp, i, s + 16);
          const r = pdf.f32(); // FS_RECTF: left, top, right, bottom
          xs = [r[k + 4], r[k + 6]];
          ys = [r[k + 5], r[k + 7]];
        } else {
          x.FPDFText_GetCharBox(tp, i, s + 32, s + 40, s + 48, s + 56); // left, right, bottom, top
          const b = pdf.f64();
          const j = (s + 32) >> 3;
          xs = [b[j], b[j + 1]];
          ys = [b[j + 2], b[j + 3]];
        }
        adv = 0;
        for (const cx of xs) for (const cy of ys) adv = Math.max(adv, (cx - ux) * dx + (cy - uy) * dy);
        // a wide (CJK) glyph advances one em however little ink it has (、，。)
        if (u > 0 && isWide(String.fromCodePoint(Math.min(u, 0x10ffff)))) adv = Math.max(adv, fontSize * n0);
      }
      const ch = u > 0 && u <= 0x10ffff ? String.fromCodePoint(u) : '';
      // (printable ASCII and U+00A0–U+D7FF hold no control, private-use or surrogate character: no test needed)
      const plainCode = (u >= 0x20 && u < 0x7f) || (u >= 0xa0 && u < 0xd800);
      const undecodable = ch === '' || (!plainCode && UNDECODABLE.test(ch)) || x.FPDFText_HasUnicodeMapError(tp, i) !== 0;
      // every glyph gets every field, in one order: one object shape for the stages after this
      out.push({ ch, x: ux, y: uy, adv, obj, font, fontSize, m, undecodable, invisible, dir: 0 });
    }
    return out;
  } finally {
    x.FPDFText_ClosePage(tp);
  }
}

type Pt = [number, number];
type Sub = Subpath;

function apply(m: Matrix, px: number, py: number): Pt {
  return [m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]];
}

/** m then n (PDF order: a point is transformed by m first). */
function concat(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function objMatrix(pdf: Pdfium, obj: number): Matrix {
  const s = pdf.scratch;
  if (!pdf.x.FPDFPageObj_GetMatrix(obj, s)) return [1, 0, 0, 1, 0, 0];
  const f = pdf.f32();
  const k = s >> 2;
  return [f[k], f[k + 1], f[k + 2], f[k + 3], f[k + 4], f[k + 5]];
}

/** Subpaths of a path object in page space; curves are flattened to their end points and flagged. */
function pathSubs(pdf: Pdfium, obj: number, m: Matrix): Sub[] {
  const { x, scratch: s } = pdf;
  const subs: Sub[] = [];
  let cur: Sub | null = null;
  const n = x.FPDFPath_CountSegments(obj);
  for (let i = 0; i < n; i++) {
    const seg = x.FPDFPath_GetPathSegment(obj, i);
    if (!seg || !x.FPDFPathSegment_GetPoint(seg, s, s + 4)) continue;
    const f = pdf.f32();
    const p = apply(m, f[s >> 2], f[(s >> 2) + 1]);
    const type = x.FPDFPathSegment_GetType(seg);
    if (type === SEG_MOVETO) {
      cur = { pts: [p], closed: false, curved: false };
      subs.push(cur);
    } else {
      if (!cur) subs.push((cur = { pts: [], closed: false, curved: false }));
      if (type === SEG_BEZIERTO) {
        cur.curved = true;
        // a Bézier is three segments (two control points, then the end point); keep the end point only
        if (i + 2 < n) {
          i += 2;
          const end = x.FPDFPath_GetPathSegment(obj, i);
          if (end && x.FPDFPathSegment_GetPoint(end, s, s + 4)) {
            const g = pdf.f32();
            cur.pts.push(apply(m, g[s >> 2], g[(s >> 2) + 1]));
            if (x.FPDFPathSegment_GetClose(end)) cur.closed = true;
          }
          continue;
        }
      } else if (type === SEG_LINETO) cur.pts.push(p);
    }
    if (x.FPDFPathSegment_GetClose(seg) && cur) cur.closed = true;
  }
  return subs.filter((sb) => sb.pts.length > 1 || sb.closed);
}

/**
 * Ruling edges of a page: stroked segments (any line width, 0 included: the
 * thinnest line is still a rule) and thin filled rectangles, from path
 * objects of the page and of its form XObjects, snapped and merged.
 */
export function readEdges(pdf: Pdfium, page: number, settings: PdfSettings, upright: Matrix | null = null): Edge[] {
  const edges: Edge[] = [];
  walkObjects(pdf, page, 0, upright, 0, settings.thinFill, edges);
  return mergeEdges(edges, settings);
}

/**
 * The edges of the page objects of `page` (`form` 0), or of form XObject `form`, under `parent`
 * (the form's matrices down to the page, or the upright transform), appended to `edges`. A
 * module-level function, not a closure per page: V8 then compiles it once for all pages.
 */
function walkObjects(pdf: Pdfium, page: number, form: number, parent: Matrix | null, depth: number, thin: number, edges: Edge[]): void {
  const { x, scratch: s } = pdf;
  const count = form ? x.FPDFFormObj_CountObjects(form) : x.FPDFPage_CountObjects(page);
  for (let i = 0; i < count; i++) {
    const obj = form ? x.FPDFFormObj_GetObject(form, i) : x.FPDFPage_GetObject(page, i);
    if (!obj) continue;
    const type = x.FPDFPageObj_GetType(obj);
    if (type === OBJ_PATH) {
      if (!x.FPDFPath_GetDrawMode(obj, s, s + 4)) continue;
      // fill mode and stroke flag: two int32 out-parameters, tested byte by byte on the heap view (no new typed array per path)
      const u8 = pdf.u8();
      const fill = (u8[s] | u8[s + 1] | u8[s + 2] | u8[s + 3]) !== 0;
      const stroke = (u8[s + 4] | u8[s + 5] | u8[s + 6] | u8[s + 7]) !== 0;
      if (!fill && !stroke) continue;
      const own = objMatrix(pdf, obj);
      const subs = pathSubs(pdf, obj, parent ? concat(own, parent) : own);
      if (stroke) strokeEdges(subs, edges);
      if (fill) fillEdges(subs, thin, edges);
    } else if (type === OBJ_FORM && depth < MAX_FORM_DEPTH) {
      const own = objMatrix(pdf, obj);
      walkObjects(pdf, page, obj, parent ? concat(own, parent) : own, depth + 1, thin, edges);
    }
  }
}

/**
 * Upright page coordinates: the transform from PDF user space that turns the
 * page so that most of its text reads left to right (points, y up, origin at
 * the visible box's lower left), or null when it already does (coordinates
 * stay user space as they are). Decided by the text, not by `/Rotate`: a page
 * drawn turned inside a `/Rotate` page (scan-merge and print-to-PDF tools) and
 * a `/Rotate` page whose content is upright both come out readable. With no
 * text, `/Rotate` decides.
 */
export function uprightPage(pdf: Pdfium, page: number, glyphs: Glyph[]): { width: number; height: number; transform: Matrix | null } {
  const [x0, y0, x1, y1] = pageBox(pdf, page);
  const counts = [0, 0, 0, 0];
  for (const g of glyphs) counts[directionOf(g.m) / 90]++;
  let quarter = counts.indexOf(Math.max(...counts));
  if (!glyphs.length) quarter = pdf.x.FPDFPage_GetRotation(page) & 3;
  const w = x1 - x0;
  const h = y1 - y0;
  // a quarter turn clockwise per step (the display transform of /Rotate 90 · quarter)
  if (quarter === 1) return { width: h, height: w, transform: [0, -1, 1, 0, -y0, x1] };
  if (quarter === 2) return { width: w, height: h, transform: [-1, 0, 0, -1, x1, y1] };
  if (quarter === 3) return { width: h, height: w, transform: [0, 1, -1, 0, y1, -x0] };
  return { width: w, height: h, transform: null };
}

/** Glyphs moved into upright page coordinates (origin and matrix; advances are along the glyph and stay). */
export function turnGlyphs(glyphs: Glyph[], t: Matrix | null): Glyph[] {
  if (!t) return glyphs;
  return glyphs.map((g) => {
    const [x, y] = apply(t, g.x, g.y);
    return { ch: g.ch, x, y, adv: g.adv, obj: g.obj, font: g.font, fontSize: g.fontSize, m: concat(g.m, t), undecodable: g.undecodable, invisible: g.invisible, dir: g.dir };
  });
}

/** The page's visible box (CropBox clipped to MediaBox, as pdf.js's `view`) in user space: [x0, y0, x1, y1]. */
export function pageBox(pdf: Pdfium, page: number): [number, number, number, number] {
  const { x, scratch: s } = pdf;
  const read = (): [number, number, number, number] => {
    const f = pdf.f32();
    const k = s >> 2;
    return [Math.min(f[k], f[k + 2]), Math.min(f[k + 1], f[k + 3]), Math.max(f[k], f[k + 2]), Math.max(f[k + 1], f[k + 3])];
  };
  let media: [number, number, number, number] = [0, 0, 612, 792];
  if (x.FPDFPage_GetMediaBox(page, s, s + 4, s + 8, s + 12)) media = read();
  if (!x.FPDFPage_GetCropBox(page, s, s + 4, s + 8, s + 12)) return media;
  const crop = read();
  const box: [number, number, number, number] = [Math.max(crop[0], media[0]), Math.max(crop[1], media[1]), Math.min(crop[2], media[2]), Math.min(crop[3], media[3])];
  return box[2] > box[0] && box[3] > box[1] ? box : media;
}
