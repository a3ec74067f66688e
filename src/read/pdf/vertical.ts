/**
 * Vertical-font text (WPS writes one-character-per-line labels such as
 * 三、本年度办理结果 with a vertical CJK font). pdf.js `getTextContent` can
 * drop the tail of such a run when the page's CTM flips y; the operator list
 * still holds every glyph. These helpers recover the whole run.
 */
import { apply, CtmTracker, type CtmOpCodes } from './lines.js';

export interface VerticalRun {
  font: string;
  x: number;
  y: number;
  text: string;
}

export interface TextOpCodes extends CtmOpCodes {
  setFont: number;
  setTextMatrix: number;
  showText: number;
  endText: number;
}

interface Glyph {
  unicode?: string;
  vmetric?: unknown;
}

/** Runs of glyphs in vertical fonts, keyed by the position of the text matrix that starts them (user space). */
export function verticalRuns(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, ops: TextOpCodes): VerticalRun[] {
  const t = new CtmTracker(ops);
  let font = '';
  let run: VerticalRun | null = null;
  const runs: VerticalRun[] = [];
  const end = () => {
    if (run && run.text) runs.push(run);
    run = null;
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (t.step(fn, args)) continue;
    if (fn === ops.setFont && args) {
      end();
      font = String(args[0]);
    } else if (fn === ops.setTextMatrix && args) {
      end();
      const m = args[0] as ArrayLike<number>;
      const [x, y] = apply(t.ctm, Number(m[4]), Number(m[5]));
      run = { font, x, y, text: '' };
    } else if (fn === ops.endText) end();
    else if (fn === ops.showText && args && run) {
      const glyphs = args[0] as (Glyph | number | null)[];
      if (!Array.isArray(glyphs)) continue;
      const objs = glyphs.filter((g): g is Glyph => typeof g === 'object' && g !== null);
      if (!objs.length || !objs.every((g) => g.vmetric)) {
        run = null; // not a vertical font run
        continue;
      }
      run.text += objs.map((g) => g.unicode ?? '').join('');
    }
  }
  end();
  return runs;
}

/** The full text of the vertical run starting where `str` starts, when pdf.js returned only its head. */
export function completeVertical(str: string, x: number, y: number, font: string, runs: VerticalRun[]): string {
  for (const r of runs) {
    if (r.font !== font || Math.abs(r.x - x) > 2 || Math.abs(r.y - y) > 2) continue;
    const full = r.text.replace(/\s+/g, '');
    const head = str.replace(/\s+/g, '');
    if (full.length > head.length && full.startsWith(head)) return full;
  }
  return str;
}
