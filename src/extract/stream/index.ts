/**
 * The stream strategy: read a table that arrives as flowing text, as a pipeline of pure steps
 * (each returns its values and warnings; nothing is changed in place):
 * labels.ts → records.ts → placement.ts → values.ts (single-row.ts for table 四) → runs.ts → orphans.ts.
 *
 * Inputs are the lines of one section (二, 三 or 四). A line is either
 * - a table row flattened by the extractor (cells joined by '\t'), or
 * - text: scraper dumps put a whole table on one line with the cells' digits
 *   glued (`一、本年新收政府信息公开申请数量640020470二、…`); PDF-to-markdown
 *   output scatters labels over several lines.
 *
 * Reading, in order:
 * 1. records: every tab line is one record (its label cells + its value
 *    cells); consecutive text lines are joined and searched for the row
 *    labels of the template (normalized, tolerant of enumeration style,
 *    spaces, quotes, known typos); the text between one label and the next
 *    holds that row's value run. A label whose run cannot hold the row (fewer
 *    digits than cells) is a detached label.
 * 2. rows: records whose label names a row are that row (label, never
 *    position, decides). Unlabeled records (bare value rows) fill the gaps
 *    between labeled rows only where the number of bare rows equals the
 *    number of missing rows in that gap, and are confirmed by the identities.
 * 3. values: cells separated by tabs or single spaces are read directly;
 *    glued digits go to the solver (glued.ts), and a split is accepted only
 *    when exactly one candidate satisfies the identities (A3 per row, then
 *    A1/A2 jointly across rows; B1 for table 四). Otherwise every cell of the
 *    run is null (`unreadable`) with a `glued_ambiguous` warning.
 * Every number is as printed or null with a warning: never a guess.
 */
import { dropFormatChars } from '../../normalize.js';
import { layoutOf, type TableDef, type TemplateVersion } from '../../template.js';
import type { ExtractWarning, StreamStrategy, TableReading, TextLine } from '../types.js';
import { tableForms } from './labels.js';
import { confirmPositioned, placeOrphan, unplacedWarnings } from './orphans.js';
import { placeRows, type Placed } from './placement.js';
import { buildRecords, type Rec } from './records.js';
import { instancesFor, resolveRuns } from './runs.js';
import { readSingleRow } from './single-row.js';
import { readPlacedRows, type ValueReading } from './values.js';

export const streamTable: StreamStrategy = (def: TableDef, version: TemplateVersion, lines: TextLine[]): TableReading | null => {
  // format characters (category Cf) are not printed: `1\u200B2` reads 12 (raws of stream cells are as printed, without them)
  const usable = lines.map((l) => (/\p{Cf}/u.test(l.text) ? { ...l, text: dropFormatChars(l.text) } : l)).filter((l) => l.text.trim() !== '');
  if (usable.length === 0) return null;
  const warnings: ExtractWarning[] = [];
  const rowsFound = new Set<string>();
  let placed: Placed[] = [];
  let orphans: Rec[] = [];
  let values: ValueReading;

  if (def.shape === 'row') {
    values = readSingleRow(def, usable);
    const keys = [...values.direct.keys(), ...values.runs.flatMap((g) => g.keys)];
    for (const r of def.rows) if (keys.some((k) => k.startsWith(`${r.key}.`))) rowsFound.add(r.key);
  } else {
    const placement = placeRows(def, version, buildRecords(usable, def, tableForms(def)));
    warnings.push(...placement.warnings);
    placed = placement.rows;
    orphans = placement.orphans;
    for (const p of placed) rowsFound.add(def.rows[p.row].key);
    values = readPlacedRows(def, placed);
  }
  warnings.push(...values.warnings);

  // the identities decide glued runs
  const insts = instancesFor(def, layoutOf(version, rowsFound));
  const runs = resolveRuns(def, values.runs, values.direct, insts);
  warnings.push(...runs.warnings);
  const cells = new Map([...values.direct, ...runs.cells]);

  // rows placed by position must agree with the identities
  const confirmed = confirmPositioned(def, placed, cells, insts);
  for (const [k, c] of confirmed.cells) cells.set(k, c);
  warnings.push(...confirmed.warnings);

  // a lone orphan number may fill the one blank cell; other orphans are reported unused
  const orphan = placeOrphan(def, cells, orphans, insts);
  if (orphan) {
    cells.set(orphan.key, orphan.cell);
    warnings.push(orphan.warning);
  } else warnings.push(...unplacedWarnings(def, orphans));
  return { cells, warnings, rowsFound };
};
