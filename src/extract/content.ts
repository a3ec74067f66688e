/**
 * Locating a table by its content: the row and column labels the template defines for it.
 *
 * A section heading that differs from the template (`行政复议与行政诉讼情况`, `行政法复议`), a
 * missing or renumbered heading must not lose the table: where a table has no content in the
 * section its heading opens (or no heading at all), its section starts where its own labels
 * cluster in the text. The anchors are template data: table 二's block captions (第二十条第（一）项
 * …), table 三's long row labels and its applicant super-header, table 四's block and outcome
 * labels (未经复议直接起诉, 复议后起诉, 结果维持 …). A cluster is two distinct anchors within
 * `CLUSTER_SPAN` normalized characters, so a narrative sentence naming one label does not open a
 * section.
 */
import { normalize, normLabel, stripEnum, type Normalized } from '../normalize.js';
import { AD_BLOCKS, APPLICATIONS, OUTCOME_COLUMNS, REVIEW_LITIGATION, type TableId } from '../template.js';

/** Two distinct anchors of a table within this many normalized characters make a cluster. */
export const CLUSTER_SPAN = 400;

/** The content anchors of each table (normalized), derived from the template's labels. */
export function contentAnchors(id: TableId): string[] {
  let raw: string[];
  if (id === 'active_disclosure') raw = Object.values(AD_BLOCKS);
  else if (id === 'applications') {
    raw = [
      ...APPLICATIONS.rows.map((r) => stripEnum(normLabel(r.label)).replace(/\(.*\)$/, '')).filter((l) => l.length >= 7),
      stripEnum(normLabel(APPLICATIONS.captions[0])),
      APPLICATIONS.headerMarkers[0],
    ];
  } else {
    raw = [...REVIEW_LITIGATION.rows.slice(1).map((r) => r.label), ...OUTCOME_COLUMNS.map((c) => c.label).filter((l) => l.length >= 4)];
  }
  return [...new Set(raw.map(normLabel))];
}

const anchorCache = new Map<TableId, string[]>();
const anchorsOf = (id: TableId): string[] => {
  let a = anchorCache.get(id);
  if (!a) anchorCache.set(id, (a = contentAnchors(id)));
  return a;
};

/** How many distinct anchors of a table a text holds. */
export function anchorCount(norm: string, id: TableId): number {
  return anchorsOf(id).filter((a) => norm.includes(a)).length;
}

/** Where a table's content starts: a text unit (by index) and the raw offset in it, with the anchors that make the cluster. */
export interface ContentStart {
  unit: number;
  offset: number;
  anchors: string[];
}

/**
 * The first cluster of a table's anchors among text units (in document order; `eligible(i)` says
 * whether unit i may be searched). Units are joined, so a cluster may span consecutive lines;
 * the start is the first anchor of the cluster. Null when the table's labels never cluster.
 * `cache` keeps the normalized units between calls for several tables.
 */
export function findContentStart(texts: readonly string[], id: TableId, eligible: (i: number) => boolean, cache: (Normalized | null)[] = []): ContentStart | null {
  const views: (Normalized | null)[] = texts.map((t, i) => (eligible(i) ? (cache[i] ??= normalize(t)) : null));
  // one normalized string over the eligible units, '\u0000' between units (a break in eligibility ends a cluster)
  let joined = '';
  const unitAt: { unit: number; from: number }[] = [];
  views.forEach((v, i) => {
    if (!v) {
      joined += '\u0001'.repeat(CLUSTER_SPAN + 1);
      return;
    }
    unitAt.push({ unit: i, from: joined.length });
    joined += v.norm + '\u0000';
  });
  const hits: { at: number; anchor: string }[] = [];
  for (const a of anchorsOf(id)) {
    for (let at = joined.indexOf(a); at >= 0; at = joined.indexOf(a, at + 1)) hits.push({ at, anchor: a });
  }
  hits.sort((x, y) => x.at - y.at);
  for (let h = 0; h < hits.length; h++) {
    const seen = new Set([hits[h].anchor]);
    for (let k = h + 1; k < hits.length && hits[k].at < hits[h].at + CLUSTER_SPAN; k++) seen.add(hits[k].anchor);
    if (seen.size < 2) continue;
    const at = hits[h].at;
    let u = unitAt[0];
    for (const x of unitAt) if (x.from <= at) u = x;
    const v = views[u.unit]!;
    const ni = at - u.from;
    return { unit: u.unit, offset: ni < v.map.length ? v.map[ni] : texts[u.unit].length, anchors: [...seen] };
  }
  return null;
}
