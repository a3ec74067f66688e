/**
 * The grid strategy: read tables 二/三/四 from table blocks (HTML, DOCX, PDF
 * ruling/alignment grids, tab/pipe text tables). Rows are matched by their
 * labels, columns by their header labels; a value is taken from the grid
 * cell where the matched row and column meet. Nothing is taken by counting
 * numbers in the document.
 */
export { readActiveGrid } from './active.js';
export { readApplicationsGrid } from './applications.js';
export { matchRow, readCell } from './cells.js';
export { readReviewGrid } from './review.js';
