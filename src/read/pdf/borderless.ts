/**
 * Fallback for tables drawn without borders: the grid comes from text
 * alignment. Value columns are clusters of number positions, label columns
 * the left edges of label text; rows are anchored on lines that carry
 * numbers (wrapped label lines join the nearest anchor), header rows are the
 * lines above the first number row (wrapped header lines join their row).
 */
import { clusterPositions } from './grid.js';
import { ENUM_START, isNumeric } from './join.js';
import { lineText, type Line } from './text.js';
import type { Region, TableFrag, TextItem } from './types.js';

export interface BorderlessTable {
  frag: TableFrag;
  lines: Line[];
}

const numCount = (l: Line) => l.items.filter((it) => isNumeric(it.str)).length;
/** Items separated from their left neighbour by a column gap (≥ 1.5 font sizes). */
const gapped = (l: Line) => l.items.filter((it, k) => k > 0 && it.x0 - l.items[k - 1].x1 >= it.size * 1.5);
/** A table row: numbers standing apart from the text before them. */
const isRowish = (l: Line) => {
  const g = gapped(l);
  const n = g.filter((it) => isNumeric(it.str)).length;
  return n >= 1 && (n >= 2 || numCount(l) === l.items.length - 1 || l.items.length === 2);
};

/** Runs of lines that look like a borderless table. */
export function tableRuns(lines: Line[], pageWidth: number): Line[][] {
  const runs: Line[][] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isRowish(lines[i])) {
      i++;
      continue;
    }
    const size = lines[i].size;
    const fits = (l: Line) => l.size <= size + 1 && !(l.items.length === 1 && l.x1 - l.x0 > pageWidth * 0.45);
    // extend down over number rows and short wrapped lines
    let end = i;
    let gap = 0;
    for (let k = i + 1; k < lines.length; k++) {
      const l = lines[k];
      if (l.page !== lines[i].page || !fits(l)) break;
      if (isRowish(l)) {
        end = k;
        gap = 0;
      } else if (++gap > 6) break;
    }
    // extend up over header lines
    let start = i;
    for (let k = i - 1; k >= 0 && i - k <= 8; k--) {
      const l = lines[k];
      if (l.page !== lines[i].page || !fits(l) || (runs.length && runs[runs.length - 1].includes(l))) break;
      start = k;
    }
    const run = lines.slice(start, end + 1);
    const rowish = run.filter(isRowish);
    if (rowish.length >= 2 || rowish.some((l) => numCount(l) >= 5)) runs.push(run);
    i = end + 1;
  }
  return runs;
}

function locate(bounds: number[], v: number): number {
  for (let c = bounds.length - 2; c >= 0; c--) if (v >= bounds[c]) return c;
  return 0;
}

/** Build one fragment from a run of lines. */
export function buildBorderless(run: Line[], page: number): TableFrag | null {
  const rowish = run.filter(isRowish);
  const nums = rowish.flatMap((l) => l.items.filter((it) => isNumeric(it.str)));
  if (!nums.length) return null;
  const size = Math.max(...run.map((l) => l.size));
  // value columns: clusters of number centres
  const centres = clusterPositions(nums.map((it) => (it.x0 + it.x1) / 2), size * 0.8);
  const groups = centres.map(() => [] as TextItem[]);
  for (const it of nums) {
    const cx = (it.x0 + it.x1) / 2;
    let best = 0;
    for (let k = 1; k < centres.length; k++) if (Math.abs(centres[k] - cx) < Math.abs(centres[best] - cx)) best = k;
    groups[best].push(it);
  }
  const valueBounds: number[] = [Math.min(...groups[0].map((it) => it.x0)) - size * 0.6];
  for (let k = 1; k < groups.length; k++) {
    const left = Math.max(...groups[k - 1].map((it) => it.x1));
    const right = Math.min(...groups[k].map((it) => it.x0));
    valueBounds.push((left + right) / 2);
  }
  const x0 = Math.min(...run.map((l) => l.x0));
  const x1 = Math.max(...run.map((l) => l.x1), valueBounds[valueBounds.length - 1] + size);
  const labelEnd = valueBounds[0];
  // label columns: left edges of label text
  const labelItems = run.map((l) => l.items[0]).filter((it) => it && it.x0 < labelEnd - 1 && !isNumeric(it.str));
  const labelStarts = clusterPositions(labelItems.map((it) => it.x0), 4).filter(
    (x) => x < labelEnd - size && labelItems.filter((it) => Math.abs(it.x0 - x) <= 4).length >= 2,
  );
  const bounds = labelStarts.length && labelStarts[0] <= x0 + 1 ? [...labelStarts] : [x0, ...labelStarts];
  bounds[0] = Math.min(bounds[0], x0);
  const nLabel = bounds.length;
  const xs = [...bounds, ...valueBounds, x1];
  const firstValueCol = nLabel;
  // rows
  const firstRowish = run.findIndex(isRowish);
  const headerLines = run.slice(0, firstRowish);
  const bodyLines = run.slice(firstRowish);
  const colOf = (it: TextItem) => (it.x0 < labelEnd ? locate(bounds, it.x0 + 0.5) : firstValueCol + Math.max(0, locate(valueBounds, (it.x0 + it.x1) / 2)));
  type Cellish = { row: number; col: number; items: TextItem[] };
  const cells = new Map<string, Cellish>();
  const put = (row: number, col: number, it: TextItem) => {
    const k = `${row}:${col}`;
    const c = cells.get(k);
    if (c) c.items.push(it);
    else cells.set(k, { row, col, items: [it] });
  };
  // header rows: a line continues the previous one when its columns are a subset and it follows closely
  let row = -1;
  let prevCols: Set<number> | null = null;
  let prevY = 0;
  for (const l of headerLines) {
    const cols = new Set(l.items.map(colOf));
    const cont: boolean = !!prevCols && [...cols].every((c) => prevCols!.has(c)) && prevY - l.y < l.size * 1.8;
    if (!cont) row++;
    for (const it of l.items) put(row, colOf(it), it);
    prevCols = cont && prevCols ? new Set([...prevCols, ...cols]) : cols;
    prevY = l.y;
  }
  const headerRows = row + 1;
  const anchors = bodyLines.filter(isRowish);
  for (const l of bodyLines) {
    let r = anchors.indexOf(l);
    if (r < 0) {
      let best = 0;
      for (let k = 1; k < anchors.length; k++) if (Math.abs(anchors[k].y - l.y) < Math.abs(anchors[best].y - l.y)) best = k;
      r = best;
    }
    for (const it of l.items) put(headerRows + r, colOf(it), it);
  }
  const nRows = headerRows + anchors.length;
  const cellText = (its: TextItem[]) => {
    const byLine = new Map<number, TextItem[]>();
    for (const it of its) {
      const key = [...byLine.keys()].find((y) => Math.abs(y - it.y) < it.size * 0.5) ?? it.y;
      byLine.set(key, [...(byLine.get(key) ?? []), it]);
    }
    return [...byLine.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, v]) => lineText(v.sort((a, b) => a.x0 - b.x0)))
      .join('\n');
  };
  // regions: label cells span to the next occupied label column
  const regions: Region[] = [];
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < xs.length - 1; c++) {
      const cell = cells.get(`${r}:${c}`);
      if (!cell) continue;
      let c1 = c + 1;
      if (c < nLabel) while (c1 < nLabel && !cells.has(`${r}:${c1}`)) c1++;
      const first = [...cell.items].sort((a, b) => b.y - a.y || a.x0 - b.x0)[0];
      regions.push({ r0: r, r1: r + 1, c0: c, c1, text: cellText(cell.items), page, x: first.x0, y: first.y });
    }
  }
  // a label broken over rows in a group column (（四）无 / 法提供, 三、本 / 年度办 / 理结果) is one cell
  for (let c = 0; c < nLabel; c++) {
    const col = regions.filter((g) => g.c0 === c && g.r0 >= headerRows).sort((a, b) => a.r0 - b.r0);
    for (let k = col.length - 1; k > 0; k--) {
      const a = col[k - 1],
        b = col[k];
      // b is a fragment of a group label when its row has its own label in a deeper label column
      const deeper = regions.some((g) => g.r0 === b.r0 && g.c0 >= b.c1 && g.c0 < nLabel && g.text !== '');
      if (b.r0 === a.r1 && a.c0 === b.c0 && a.text && b.text && !ENUM_START.test(b.text) && deeper && !rowHasOwnLabelLeft(regions, b, c)) {
        a.text = a.text + b.text;
        a.r1 = b.r1;
        a.c1 = Math.min(a.c1, b.c1);
        regions.splice(regions.indexOf(b), 1);
      }
    }
  }
  // fill the grid with empty regions where nothing was placed
  const owner = Array.from({ length: nRows }, () => new Array<boolean>(xs.length - 1).fill(false));
  for (const g of regions) for (let r = g.r0; r < g.r1; r++) for (let c = g.c0; c < g.c1; c++) owner[r][c] = true;
  const top = run[0].y + run[0].size;
  for (let r = 0; r < nRows; r++) for (let c = 0; c < xs.length - 1; c++) if (!owner[r][c]) regions.push({ r0: r, r1: r + 1, c0: c, c1: c + 1, text: '', page, x: xs[c], y: top });
  return { page, lastPage: page, xs, rows: nRows, regions, x0: xs[0], x1: xs[xs.length - 1], top, bottom: run[run.length - 1].y - size * 0.3 };
}

function rowHasOwnLabelLeft(regions: Region[], b: Region, c: number): boolean {
  // merging b upward is only safe in a column whose label does not start this row further left
  return regions.some((g) => g.r0 === b.r0 && g.c0 < c && g.c1 > c);
}

/**
 * Without cell borders pdf.js may glue neighbouring cells into one run
 * (`0 21`) or split one cell into runs (`（四）` + `无`): split runs at spaces
 * next to numbers, and glue touching non-numeric runs.
 */
export function normalizeCells(l: Line): Line {
  const pieces: TextItem[] = [];
  for (const it of l.items) {
    const parts = it.str.split(/(\s+)/);
    if (parts.length > 1 && parts.some((p) => isNumeric(p))) {
      const cw = (it.x1 - it.x0) / Math.max(1, it.str.length);
      let off = 0;
      for (const p of parts) {
        if (p.trim()) pieces.push({ ...it, str: p, x0: it.x0 + off * cw, x1: it.x0 + (off + p.length) * cw });
        off += p.length;
      }
    } else pieces.push(it);
  }
  const items: TextItem[] = [];
  for (const it of pieces) {
    const prev = items[items.length - 1];
    if (prev && !isNumeric(prev.str) && !isNumeric(it.str) && it.x0 - prev.x1 < it.size * 0.5) items[items.length - 1] = { ...prev, str: prev.str + it.str, x1: it.x1 };
    else items.push(it);
  }
  return { ...l, items };
}

export function findBorderless(lines: Line[], page: number, pageWidth = 595): BorderlessTable[] {
  const out: BorderlessTable[] = [];
  for (const run0 of tableRuns(lines, pageWidth)) {
    const run = run0.map(normalizeCells);
    const frag = buildBorderless(run, page);
    if (frag) out.push({ frag, lines: run0 });
  }
  return out;
}
