/**
 * Which template version a report follows, from its table 二 (`VERSION_MARKERS` of the
 * template): the header cells of table-二 grids, else the text of section 二.
 *
 * Scoring: in each text (a grid cell, or the section text), every marker occurrence counts its
 * weight; where markers overlap, the longest one found at that place counts alone, so the 2021
 * label `本年处理决定数量` never counts for 2019 through the 2019 label `处理决定数量` inside it.
 * Equal scores decide nothing (the caller falls back to the report year).
 */
import type { TableBlock } from '../model.js';
import { normLabel } from '../normalize.js';
import { VERSION_MARKERS, type TemplateVersion } from '../template.js';

const VERSIONS: TemplateVersion[] = ['2019', '2021'];

interface Marker {
  text: string;
  weight: number;
  version: TemplateVersion;
}

let markers: Marker[] | null = null;
function allMarkers(): Marker[] {
  markers ??= VERSIONS.flatMap((version) => VERSION_MARKERS[version].map((m) => ({ text: normLabel(m.text), weight: m.weight, version })))
    .sort((a, b) => b.text.length - a.text.length);
  return markers;
}

/** Add the markers found in one normalized text to `score`: longest first, occurrences not overlapping. */
export function scoreText(norm: string, score: Record<TemplateVersion, number>): void {
  if (!norm) return;
  const used = new Uint8Array(norm.length);
  for (const m of allMarkers()) {
    let at = norm.indexOf(m.text);
    while (at >= 0) {
      let free = true;
      for (let i = at; i < at + m.text.length; i++) if (used[i]) free = false;
      if (free) {
        used.fill(1, at, at + m.text.length);
        score[m.version] += m.weight;
      }
      at = norm.indexOf(m.text, at + 1);
    }
  }
}

function decide(score: Record<TemplateVersion, number>): TemplateVersion | null {
  if (score['2019'] === score['2021']) return null;
  return score['2019'] > score['2021'] ? '2019' : '2021';
}

/** The version table-二 grids show (each distinct cell of a row scored alone), or null when they do not tell. */
export function versionFromTables(parts: TableBlock[]): TemplateVersion | null {
  const score: Record<TemplateVersion, number> = { '2019': 0, '2021': 0 };
  for (const t of parts) {
    for (const row of t.rows) {
      const seen = new Set<number>();
      for (const c of row) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        scoreText(normLabel(c.text), score);
      }
    }
  }
  return decide(score);
}

/** The version the text of section 二 shows, or null when it does not tell. */
export function versionFromText(texts: string[]): TemplateVersion | null {
  const score: Record<TemplateVersion, number> = { '2019': 0, '2021': 0 };
  scoreText(normLabel(texts.join('')), score);
  return decide(score);
}
