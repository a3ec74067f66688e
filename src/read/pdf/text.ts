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

// comparators of the sorts below, made once (an arrow function in a call is a new closure each time, and V8
// compiled the hot ones more than once)
const topThenLeft = (a: TextItem, b: TextItem) => b.y - a.y || a.x0 - b.x0;
const leftToRight = (a: TextItem, b: TextItem) => a.x0 - b.x0;

/** Group items into lines: same baseline within half the font size (lines listed top to bottom). */
export function groupLines(items: TextItem[]): Line[] {
  const sorted = [...items].sort(topThenLeft);
  const lines: Line[] = [];
  for (const it of sorted) {
    const tol = Math.max(1, Math.min(it.size, 12) * 0.5);
    // look for a line with a close baseline that this item does not overlap horizontally
    let target: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 4; k--) {
      const l = lines[k];
      if (l.page !== it.page) continue;
      if (Math.abs(l.y - it.y) <= tol && !overlapsAny(l.items, it)) {
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
  for (const l of lines) l.items.sort(leftToRight);
  return lines;
}

/** Whether `it` overlaps any of `items` horizontally (a loop, not `some` with a closure per candidate line). */
function overlapsAny(items: TextItem[], it: TextItem): boolean {
  for (let i = 0; i < items.length; i++) if (overlapX(items[i], it)) return true;
  return false;
}

function overlapX(a: TextItem, b: TextItem): boolean {
  const ov = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  return ov > Math.min(a.x1 - a.x0, b.x1 - b.x0) * 0.5 && ov > 1;
}

/** Ends a Latin/digit word: `[A-Za-z0-9.%,)\]]`. */
function endsWord(c: number): boolean {
  return isAlnum(c) || c === 0x2e || c === 0x25 || c === 0x2c || c === 0x29 || c === 0x5d;
}

/** Starts a Latin/digit word: `[A-Za-z0-9(\[]`. */
function startsWord(c: number): boolean {
  return isAlnum(c) || c === 0x28 || c === 0x5b;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Join the items of one line: CJK runs directly, a space between separated Latin/digit words. */
export function lineText(items: TextItem[]): string {
  let s = '';
  let prev: TextItem | undefined;
  for (const it of items) {
    if (prev) {
      // character tests instead of regular expressions, every test run for every item: a test first reached
      // after V8 optimized this function (Latin text after CJK) cost a deoptimization and a second compile
      const words = endsWord(s.charCodeAt(s.length - 1)) && startsWord(it.str.charCodeAt(0));
      if (words && it.x0 - prev.x1 > Math.max(prev.size, it.size) * 0.25) s += ' ';
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
  // one loop into one array (not map + filter: V8 deoptimized fillSkeleton, where this is inlined, on the arrays' elements kinds)
  const lines: string[] = [];
  let short = true;
  for (const l of groupLines(items)) {
    const s = lineText(l.items).trim();
    if (s.length === 0) continue;
    lines.push(s);
    // at most two characters (code points: a surrogate pair is one)
    if (short && s.length > 2 && (s.length > 4 || [...s].length > 2)) short = false;
  }
  if (lines.length >= 3 && short) return lines.join('');
  return lines.join('\n');
}

/** A page number line: `-4-`, `- 4 -`, `— 4 —`, `第4页`, `4/6`, a bare number. */
export function isPageNumber(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return /^[-－—–~·]*\d{1,4}[-－—–~·]*$/.test(t) || /^第\d{1,4}页(共\d{1,4}页)?$/.test(t) || /^\d{1,4}\/\d{1,4}$/.test(t);
}
