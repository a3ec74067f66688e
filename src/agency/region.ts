/**
 * Agency identity of a report: the GB/T 2260 division of the body that
 * publishes it (`report.region`) and a key naming that body the same way in
 * every year (`report.agency_key`). Issue 15; contract: report-format.md A.4.
 *
 * A pure function of the extracted report's title, agency and source path:
 * 1. the agency name is normalised (key.ts: Simplified script, NFKC,
 *    whitespace removed, brackets folded);
 * 2. the division names it starts with are read as a chain, longest name
 *    first, each inside the one before (`淮安市` `洪泽区` + body `人民政府`;
 *    `上海市` + `科委`);
 * 3. when the last name of the chain names several divisions (鼓楼区: four),
 *    the province and city names printed in the title or the path (full
 *    `江苏省` / `南京市` or short `江苏` / `南京`) choose one, a city before its
 *    province; if they do not
 *    choose exactly one, `region` is null with `region_ambiguous` — never a guess;
 * 4. an agency that starts with no division name, or whose body after the
 *    chain is a zone (`综合实验区`, `开发区`, `高新区`, `新区`, `园区`, …,
 *    outside GB/T 2260), gets `region: null` with `region_unlisted`.
 */
import { divisions, within, type Division, type DivisionLevel } from './divisions.js';
import { agencyKey, fullDivisionName, normalizeAgencyName } from './key.js';

/** `report.region`: the division, its code a six-character string. */
export interface Region {
  code: string;
  name: string;
  level: DivisionLevel;
}

/**
 * The warning codes this module emits, each declared once with its intended
 * severity (report-format.md A.4 severities), for the warning registry.
 */
export const AGENCY_WARNINGS = [
  { code: 'region_ambiguous', severity: 'warning', meaning: 'the agency name fits several divisions of the same name and neither title nor path tells which: report.region is null' },
  { code: 'region_unlisted', severity: 'info', meaning: 'the publishing body is not in a GB/T 2260 division (a zone such as 综合实验区, 开发区, 新区, or no division name at the start): report.region is null' },
] as const;

export type AgencyWarningCode = (typeof AGENCY_WARNINGS)[number]['code'];

/** Input: the extracted report's title and agency (as printed) and the source path. */
export interface AgencyInput {
  title: string | null;
  agency: string | null;
  path?: string | null;
}

/** Output: region, key, and the warnings that explain a null region. */
export interface AgencyIdentity {
  region: Region | null;
  agency_key: string | null;
  warnings: { code: AgencyWarningCode; field: 'report.region'; message: string }[];
}

/** Words that name a zone outside GB/T 2260 when the agency's body (before any organ word) ends with them. */
const ZONE = /(实验区|开发区|高新区|新区|园区|示范区|试验区|合作区|保税区|度假区|风景区|管理区|新城|港区)$/;
/** Organ words: where the place part of a body ends (`…开发区管委会` → `…开发区`). */
const ORGAN = /^(.*?)(?:人民政府|政府|管委会|管理委员会|委员会|办公室|办事处|局|厅|委|院|中心|$)/;

interface Chain {
  /** Candidates after each step (each inside one of the step before). */
  candidates: Division[];
  /** Characters of the normalised name the chain covers. */
  length: number;
}

/** Read the division names the name starts with (step 2). */
function readChain(name: string): Chain | null {
  const t = divisions();
  let i = 0;
  let candidates: Division[] | null = null;
  while (i < name.length) {
    let step: Division[] | null = null;
    let len = Math.min(t.maxNameLength, name.length - i);
    for (; len >= 2; len--) {
      const hit = t.byName.get(name.slice(i, i + len));
      if (!hit) continue;
      const inside: Division[] = candidates ? hit.filter((d) => candidates!.some((c) => d !== c && within(d, c))) : hit;
      if (inside.length) {
        step = inside;
        break;
      }
    }
    if (!step) break;
    candidates = step;
    i += len;
  }
  return candidates ? { candidates, length: i } : null;
}

/** Province and city divisions named anywhere in the context strings (full or short names). */
function contextDivisions(texts: string[]): Division[] {
  const t = divisions();
  const found = new Map<string, Division>();
  const short = shortNames();
  for (const raw of texts) {
    const s = normalizeAgencyName(raw);
    for (let i = 0; i < s.length; i++) {
      for (let len = 2; len <= Math.min(t.maxNameLength, s.length - i); len++) {
        const piece = s.slice(i, i + len);
        for (const d of [...(t.byName.get(piece) ?? []), ...(short.get(piece) ?? [])]) {
          if (d.level !== 'county') found.set(d.code, d);
        }
      }
    }
  }
  return [...found.values()];
}

let shortIndex: Map<string, Division[]> | null = null;
/** Short names of provinces and cities: `江苏`, `新疆`, `淮安`, `乌鲁木齐` (two characters or more). */
function shortNames(): Map<string, Division[]> {
  if (shortIndex) return shortIndex;
  shortIndex = new Map();
  for (const d of divisions().byCode.values()) {
    if (d.level === 'county') continue;
    const s = d.name.replace(/(?:(?:壮族|回族|维吾尔)?自治区|特别行政区|省|市|地区|盟)$/, '');
    if (s.length >= 2 && s !== d.name) {
      const list = shortIndex.get(s);
      if (list) list.push(d);
      else shortIndex.set(s, [d]);
    }
  }
  return shortIndex;
}

function region(d: Division): Region {
  return { code: d.code, name: d.name, level: d.level };
}

/**
 * Place the agency of one report. Never throws; an agency that is null gives
 * a null region and key with no warning (the missing agency has its own warning).
 */
export function agencyIdentity(input: AgencyInput): AgencyIdentity {
  if (!input.agency || !input.agency.trim()) return { region: null, agency_key: null, warnings: [] };
  const name = normalizeAgencyName(input.agency);
  const chain = readChain(name);
  const body = chain ? name.slice(chain.length) : name;
  let candidates = chain?.candidates ?? [];

  if (candidates.length > 1) {
    // the title without the agency itself: its own name is no evidence (朝阳区 holds 朝阳, a city of 辽宁)
    const ctx = contextDivisions([normalizeAgencyName(input.title ?? '').replace(name, ''), input.path ?? '']);
    // the candidates inside the most specific context division (a city beats its province)
    const depth = (c: Division) => Math.max(0, ...ctx.filter((x) => x.code !== c.code && within(c, x)).map((x) => (x.level === 'city' ? 2 : 1)));
    const best = Math.max(...candidates.map(depth));
    if (best > 0) candidates = candidates.filter((c) => depth(c) === best);
  }
  const placed = candidates.length === 1 ? { division: candidates[0], body } : null;
  const key = agencyKey(name, placed);
  const place = ORGAN.exec(body)?.[1] ?? body;

  if (!chain || ZONE.test(place)) {
    const what = chain ? `${place} in ${placed ? fullDivisionName(placed.division) : name.slice(0, chain.length)}` : name;
    return {
      region: null,
      agency_key: key,
      warnings: [{ code: 'region_unlisted', field: 'report.region', message: `the publishing body (${what}) is not a GB/T 2260 division` }],
    };
  }
  if (!placed) {
    const list = candidates.map((d) => `${d.code} ${fullDivisionName(d)}`).join(', ');
    return {
      region: null,
      agency_key: key,
      warnings: [
        {
          code: 'region_ambiguous',
          field: 'report.region',
          message: `${name.slice(0, chain.length)} names ${candidates.length} divisions (${list}); no province or city in the title or path tells which`,
        },
      ],
    };
  }
  return { region: region(placed.division), agency_key: key, warnings: [] };
}
