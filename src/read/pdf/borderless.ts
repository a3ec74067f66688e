/**
 * Fallback for tables drawn without borders: columns from text alignment.
 */
import type { Line } from './text.js';
import type { TableFrag } from './types.js';

export interface BorderlessTable {
  frag: TableFrag;
  lines: Line[];
}

export function findBorderless(_lines: Line[], _page: number): BorderlessTable[] {
  return [];
}
