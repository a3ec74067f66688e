/**
 * Text runs → lines → strings. Pure functions over positioned items.
 */
import type { TextItem } from './types.js';

/** A visual line: items sharing a baseline, left to right. */
export interface Line {
  items: TextItem[];
  y: number;
  x0: number;
  x1: number;
  size: number;
  page: number;
}

/** Group items into lines: same baseline within half the font size (lines listed top to bottom). */
export function groupLines(items: TextItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const lines: Line[] = [];
  for (const it of sorted) {
    const tol = Math.max(1, Math.min(it.size, 12) * 0.5);
    // look for a line with a close baseline that this item does not overlap horizontally
    let target: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 4; k--) {
      const l = lines[k];
      if (l.page !== it.page) continue;
      if (Math.abs(l.y - it.y) <= tol && !l.items.some((o) => overlapX(o, it))) {
        target = l;
        break;
      }
    }
    if (target) {
      target.items.push(it);
      target.x0 = Math.min(target.x0, it.x0);
      target.x1 = Math.max(target.x1, it.x1);
      target.size = Math.max(target.size, it.size);
    } else lines.push({ items: [it], y: it.y, x0: it.x0, x1: it.x1, size: it.size, page: it.page });
  }
  for (const l of lines) l.items.sort((a, b) => a.x0 - b.x0);
  return lines;
}

function overlapX(a: TextItem, b: TextItem): boolean {
  const ov = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  return ov > Math.min(a.x1 - a.x0, b.x1 - b.x0) * 0.5 && ov > 1;
}

const ASCII_WORD = /[A-Za-z0-9.%,)\]]$/;
const ASCII_START = /^[A-Za-z0-9(\[]/;

/** Join the items of one line: CJK runs directly, a space between separated Latin/digit words. */
export function lineText(items: TextItem[]): string {
  let s = '';
  let prev: TextItem | undefined;
  for (const it of items) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      if (gap > Math.max(prev.size, it.size) * 0.25 && ASCII_WORD.test(s) && ASCII_START.test(it.str)) s += ' ';
    }
    s += it.str;
    prev = it;
  }
  return s;
}

/**
 * Text of a table cell: its lines top to bottom joined with '\n'. A vertical
 * label written one character per line (三、/本/年/度…) is joined directly.
 */
export function cellText(items: TextItem[]): string {
  if (!items.length) return '';
  const lines = groupLines(items).map((l) => lineText(l.items).trim()).filter((s) => s.length > 0);
  if (lines.length >= 3 && lines.every((l) => [...l].length <= 2)) return lines.join('');
  return lines.join('\n');
}

/** A page number line: `-4-`, `- 4 -`, `— 4 —`, `第4页`, `4/6`, a bare number. */
export function isPageNumber(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return /^[-－—–~·]*\d{1,4}[-－—–~·]*$/.test(t) || /^第\d{1,4}页(共\d{1,4}页)?$/.test(t) || /^\d{1,4}\/\d{1,4}$/.test(t);
}
