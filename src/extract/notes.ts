/**
 * Notes detached from their cells (PDF-to-markdown conversions): the cell holds `22` and the line
 * right after the table row holds `（其中修订16件）`, or the row's cell is empty and the whole value
 * `22（其中修订16件）` sits on the line right after the row. The note goes back into its cell, so
 * that both strategies read the number with its note (`cell_note`); a note line never becomes a
 * value of its own (its `16` is no orphan number).
 *
 * Never a guess: a note is attached only to the one cell it can belong to — a bare note to the
 * only value cell of the row that can hold it (a number at least the note's own count: 其中 is
 * "of which"), a value with its note to the only empty value cell of the row. Otherwise nothing is
 * attached and `note_detached` says so; a value that fits no single empty cell is not read
 * (`value_detached`) and the empty cells it could belong to are read as unreadable. The note line
 * is kept out of the values either way.
 */
import type { Block, Cell, TableBlock } from '../model.js';
import { squash } from '../normalize.js';
import type { ExtractWarning } from './types.js';

/** Words a cell note starts with inside its brackets: 其中 (of which), 含 / 包括 / 包含 (including), 另 (besides), 注 (note). */
const NOTE_WORDS = '(?:其中|含|包括|包含|另|注)';
const NOTE = `[（(]${NOTE_WORDS}[^（）()]*[)）]`;
const NOTE_ONLY_RE = new RegExp(`^${NOTE}$`);
const VALUE_NOTE_RE = new RegExp(`^([0-9]+)(${NOTE})$`);

const numberOf = (t: string): number | null => {
  const s = squash(t.normalize('NFKC'));
  return /^[0-9]+$/.test(s) ? Number(s) : null;
};

/** Distinct cells of a row (a merged cell once), in order. */
function distinctCells(row: Cell[]): Cell[] {
  const seen = new Set<number>();
  return row.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

/**
 * Give the note lines right after a table block back to the cells of its last row. Returns the
 * blocks with those tables copied (the document is not changed) and the note lines removed, and
 * the `note_detached` warnings of notes that could not be attached.
 */
export function attachNotes(blocks: readonly Block[]): { blocks: Block[]; warnings: ExtractWarning[] } {
  const out: Block[] = [];
  const warnings: ExtractWarning[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (b.kind !== 'text' || !prev || prev.kind !== 'table' || prev.rows.length === 0) {
      out.push(b);
      continue;
    }
    const text = squash(b.text.normalize('NFKC'));
    const noteOnly = NOTE_ONLY_RE.test(text);
    const withValue = VALUE_NOTE_RE.exec(text);
    if (!noteOnly && !withValue) {
      out.push(b);
      continue;
    }
    const last = prev.rows[prev.rows.length - 1];
    const cells = distinctCells(last);
    // value cells: after the row's first label (text) cell
    const firstLabel = cells.findIndex((c) => c.text.trim() !== '' && numberOf(c.text) === null);
    const valueCells = firstLabel >= 0 ? cells.slice(firstLabel + 1) : cells;
    let target: Cell | null = null;
    let cellText = '';
    let candidates: number;
    if (withValue) {
      const empty = valueCells.filter((c) => c.text.trim() === '');
      candidates = empty.length;
      if (empty.length === 1) {
        target = empty[0];
        cellText = b.text.trim();
      }
    } else {
      const n = Number(/[0-9]+/.exec(text)?.[0] ?? '1');
      const fits = valueCells.filter((c) => {
        const v = numberOf(c.text);
        return v !== null && v >= Math.max(n, 1);
      });
      candidates = fits.length;
      if (fits.length === 1) {
        target = fits[0];
        cellText = `${target.text.trim()}${b.text.trim()}`;
      }
    }
    if (target) {
      out[out.length - 1] = withCellText(prev, target, cellText);
      continue;
    }
    const rowLabel = cells[firstLabel]?.text.trim() ?? '';
    const where = `"${b.text.trim()}" on a line of its own after the table row${rowLabel ? ` "${rowLabel}"` : ''}`;
    if (withValue) {
      // the empty cells it could fill are not certainly blank any more: read as unreadable
      const empty = valueCells.filter((c) => c.text.trim() === '');
      let t = prev;
      for (const c of empty) t = withCellText(t, c, '', true);
      out[out.length - 1] = t;
      warnings.push({ code: 'value_detached', message: `${where} could belong to ${candidates} empty cells of the row: not read, and those cells are unreadable`, origin: b.origin });
    } else {
      warnings.push({ code: 'note_detached', message: `${where} could belong to ${candidates} of its cells: not attached`, origin: b.origin });
    }
  }
  return { blocks: out, warnings };
}

/**
 * Cells a detached value could belong to (`value_detached`): printed empty, but not certainly
 * blank; the grid strategy reads them as `unreadable`.
 */
export const DETACHED_TARGETS = new WeakSet<Cell>();

/** How such a cell reads in a table row flattened for the stream strategy (which reads it as `unreadable`). */
export const DETACHED_MARK = '\u2047';

/** A copy of a table with one cell's text replaced (every grid position of that cell); `detached` marks it a possible target. */
function withCellText(t: TableBlock, target: Cell, text: string, detached = false): TableBlock {
  const copy: Cell = { ...target, text };
  if (detached) DETACHED_TARGETS.add(copy);
  return { ...t, rows: t.rows.map((row) => (row.some((c) => c.id === target.id) ? row.map((c) => (c.id === target.id ? copy : c)) : row)) };
}
