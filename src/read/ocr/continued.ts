/**
 * A ruled table cut by a page break right under its header: the last table of one page holds
 * only header rows (no digit in any cell) and the first table of the next page only numbers
 * (every cell a number, a dash or blank), with the same number of columns. The OCR reader
 * emits one block per ruled table per page, and a continuation without labels cannot be placed
 * by the extractor (which joins continued tables by their row labels); such a pair is one table.
 * Seen on city-2020's LibreOffice print s012: table 四's header ends page 3, its row of numbers
 * opens page 4.
 */
import type { TableBlock } from '../../model.js';

const DIGIT = /\d/;
const NUMBERLIKE = /^[-\d.,—–]*$/;

/**
 * Join each header-only block with the numbers-only block that opens the next page (rows
 * appended; cells keep their own origins, so OCR verification still finds them). `blocks` in
 * page order; returns a new array, the joined blocks changed in place.
 */
export function joinHeaderContinuations(blocks: TableBlock[]): TableBlock[] {
  const out: TableBlock[] = [];
  for (const b of blocks) {
    const a = out[out.length - 1];
    const aPage = a?.origin.page, bPage = b.origin.page;
    if (
      a && aPage !== undefined && bPage === aPage + 1 && a.cols === b.cols &&
      !blocks.some((x) => x !== a && x.origin.page === aPage && (x.origin.table ?? 0) > (a.origin.table ?? 0)) &&
      !blocks.some((x) => x !== b && x.origin.page === bPage && (x.origin.table ?? 0) < (b.origin.table ?? 0)) &&
      a.rows.every((row) => row.every((c) => !DIGIT.test(c.text))) &&
      b.rows.every((row) => row.every((c) => NUMBERLIKE.test(c.text.trim())))
    ) {
      a.rows.push(...b.rows);
      continue;
    }
    out.push(b);
  }
  return out;
}
