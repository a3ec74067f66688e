/**
 * Label cells: OCR'd text is told apart among the template's known labels
 * (rows, columns, blocks, groups) and the fixed header wording of the
 * report format (shared/docs/report-format.md Part B §2), never read freely
 * into the tables. A reading that matches no label clearly is kept as read.
 */
import { dice } from '../../extract/labels.js';
import { normLabel } from '../../normalize.js';
import { ACTIVE_2019, ACTIVE_2021, AD_BLOCKS, APP_GROUPS, APPLICATIONS, REVIEW_LITIGATION } from '../../template.js';

/** Header captions of the format that are not row or column labels of the template (Part B §2.1–2.3). */
const FORMAT_HEADERS = ['信息内容', '申请人情况', '法人或其他组织', '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '第二十条第（九）项'];

interface Known {
  label: string;
  norm: string;
}

let known: Known[] | null = null;

/** Every label a scanned table may print, verbatim (lazily built from the template). */
export function knownLabels(): Known[] {
  if (known) return known;
  const out = new Map<string, string>();
  const add = (s: string) => {
    const n = normLabel(s);
    if (n && !out.has(n)) out.set(n, s);
  };
  for (const t of [ACTIVE_2021, ACTIVE_2019, APPLICATIONS, REVIEW_LITIGATION]) {
    for (const r of t.rows) {
      add(r.label);
      r.aliases?.forEach(add);
      for (const c of r.columns) {
        add(c.label);
        c.aliases?.forEach(add);
      }
    }
  }
  Object.values(AD_BLOCKS).forEach(add);
  Object.values(APP_GROUPS).forEach(add);
  FORMAT_HEADERS.forEach(add);
  known = [...out].map(([norm, label]) => ({ norm, label }));
  return known;
}

/** What OCR's Chinese model typically adds: spaces between glyphs, stray punctuation from ruling residue. */
function clean(s: string): string {
  return normLabel(s).replace(/[|_~`'"“”‘’]/g, '');
}

export interface LabelMatch {
  /** The known label, verbatim. */
  label: string;
  /** Bigram Dice score of the reading against it (1 = identical after normalisation). */
  score: number;
}

/**
 * The known label an OCR reading stands for: the best bigram-Dice match at
 * ≥ 0.5 that leads the runner-up by ≥ 0.1, or null.
 */
export function matchKnownLabel(reading: string): LabelMatch | null {
  const r = clean(reading);
  if (r.length < 2) return null;
  let best: Known | null = null, bestS = 0, second = 0;
  for (const k of knownLabels()) {
    const s = k.norm === r ? 1 : dice(r, k.norm);
    if (s > bestS) {
      second = bestS;
      bestS = s;
      best = k;
    } else if (s > second) second = s;
  }
  if (!best || bestS < 0.5 || bestS - second < 0.1) return null;
  return { label: best.label, score: bestS };
}
