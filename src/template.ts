/**
 * The national report template (国办公开办函〔2019〕60号 试行 and 〔2021〕30号) as data.
 *
 * Every stage reads this: the schema builds its object shapes from it, the
 * extractor matches its labels, the validator evaluates its identities and
 * the CSV writer orders its columns by it. A key or label is written here
 * once and nowhere else. Labels are given verbatim from
 * shared/docs/report-format.md Part B; `aliases` hold known variants (as they
 * appear after `normLabel`), `typos` known printed misspellings.
 */

export type TemplateVersion = '2019' | '2021';
export type TableId = 'active_disclosure' | 'applications' | 'review_litigation';
export type ValueType = 'int' | 'signed_int' | 'decimal';

export interface ColumnDef {
  key: string;
  label: string;
  aliases?: string[];
  type?: ValueType;
  /** The contract unit of a money column: a value printed in the other money unit is converted to it (report-format.md A.4). */
  unit?: MoneyUnit;
}

export interface RowDef {
  key: string;
  label: string;
  aliases?: string[];
  /** Columns of this row (table 二 rows differ per block). */
  columns: ColumnDef[];
  /** Block caption the row sits under (table 二). */
  block?: string;
  /** Row-group label of table 三 sub-items, e.g. （三）不予公开. */
  group?: string;
  /** Row exists only in these template versions (table 三 （六）). */
  only?: TemplateVersion;
  /**
   * Role of the row in table 三's result identity (A2): `part` rows are summed, the `total`
   * row is the printed sum. Rows without a role are outside A2.
   */
  role?: 'part' | 'total';
}

export interface TableDef {
  id: TableId;
  /** The table's number in the report: 二, 三, 四 (used in messages). */
  number: '二' | '三' | '四';
  /**
   * How the table is printed: `blocks` (二: caption rows, each followed by a header row and its
   * label rows), `rows` (三: one row per key under one header), `row` (四: the three keys are
   * column blocks of a single value row).
   */
  shape: 'blocks' | 'rows' | 'row';
  /** Section heading in the report, without its number. */
  heading: string;
  headingAliases: string[];
  /** Caption and group labels printed inside the table (二 block captions, 三 group rows): delimiters, never rows. */
  captions: string[];
  /**
   * Header markers: normalized text that only a header cell holds. 二: the first cell of a block's
   * header row (`信息内容`); 三: the applicant super-header; 四: the block labels above the leaf
   * columns (a row holding one is header, never the value row).
   */
  headerMarkers: string[];
  rows: RowDef[];
}

const n = (key: string, label: string, aliases?: string[], type?: ValueType, unit?: MoneyUnit): ColumnDef => ({ key, label, aliases, type, ...(unit ? { unit } : {}) });

// ---------------------------------------------------------------- table 二
export const AD_BLOCKS = {
  item1: '第二十条第（一）项',
  item5: '第二十条第（五）项',
  item6: '第二十条第（六）项',
  item8: '第二十条第（八）项',
  item9: '第二十条第（九）项',
} as const;

/** Block captions of table 二 start with the article they cite. */
export const AD_CAPTION_PREFIX = '第二十条';
const adHeader = ['信息内容'];

const ad2021Docs = [n('issued', '本年制发件数'), n('repealed', '本年废止件数'), n('in_force', '现行有效件数')];
const adDecisions = [n('decisions', '本年处理决定数量', ['处理决定数量'])];

export const ACTIVE_2021: TableDef = {
  id: 'active_disclosure',
  number: '二',
  shape: 'blocks',
  heading: '主动公开政府信息情况',
  headingAliases: ['主动公开政府信息', '主动公开情况'],
  captions: Object.values(AD_BLOCKS),
  headerMarkers: adHeader,
  rows: [
    { key: 'regulations', label: '规章', columns: ad2021Docs, block: AD_BLOCKS.item1 },
    { key: 'normative_documents', label: '行政规范性文件', aliases: ['规范性文件'], columns: ad2021Docs, block: AD_BLOCKS.item1 },
    { key: 'licensing', label: '行政许可', columns: adDecisions, block: AD_BLOCKS.item5 },
    { key: 'penalty', label: '行政处罚', columns: adDecisions, block: AD_BLOCKS.item6 },
    { key: 'coercion', label: '行政强制', columns: adDecisions, block: AD_BLOCKS.item6 },
    { key: 'fees', label: '行政事业性收费', columns: [n('amount_wan_yuan', '本年收费金额（单位：万元）', ['本年收费金额', '收费金额'], 'decimal', '万元')], block: AD_BLOCKS.item8 },
  ],
};

const ad2019Docs = [n('produced', '本年新制作数量'), n('newly_published', '本年新公开数量'), n('published_total', '对外公开总数量')];
const ad2019Items = [n('prior_year_items', '上一年项目数量'), n('items_change', '本年增/减', ['本年增减', '增/减', '增减'], 'signed_int'), n('decisions', '处理决定数量', ['本年处理决定数量'])];

export const ACTIVE_2019: TableDef = {
  id: 'active_disclosure',
  number: '二',
  shape: 'blocks',
  heading: ACTIVE_2021.heading,
  headingAliases: ACTIVE_2021.headingAliases,
  captions: ACTIVE_2021.captions,
  headerMarkers: adHeader,
  rows: [
    { key: 'regulations', label: '规章', columns: ad2019Docs, block: AD_BLOCKS.item1 },
    { key: 'normative_documents', label: '规范性文件', aliases: ['行政规范性文件'], columns: ad2019Docs, block: AD_BLOCKS.item1 },
    { key: 'licensing', label: '行政许可', columns: ad2019Items, block: AD_BLOCKS.item5 },
    { key: 'other_admin_services', label: '其他对外管理服务事项', columns: ad2019Items, block: AD_BLOCKS.item5 },
    { key: 'penalty', label: '行政处罚', columns: ad2019Items, block: AD_BLOCKS.item6 },
    { key: 'coercion', label: '行政强制', columns: ad2019Items, block: AD_BLOCKS.item6 },
    { key: 'fees', label: '行政事业性收费', columns: ad2019Items.slice(0, 2), block: AD_BLOCKS.item8 },
    {
      key: 'procurement',
      label: '政府集中采购',
      columns: [n('projects', '采购项目数量'), n('amount', '采购总金额', [], 'decimal', '元')],
      block: AD_BLOCKS.item9,
    },
  ],
};

// ---------------------------------------------------------------- table 三
export const APPLICANT_COLUMNS: ColumnDef[] = [
  n('natural_person', '自然人'),
  n('commercial_enterprise', '商业企业'),
  n('research_institution', '科研机构'),
  n('social_welfare_org', '社会公益组织'),
  n('legal_service_org', '法律服务机构'),
  n('other_org', '其他'),
  n('total', '总计'),
];

export const APP_GROUPS = {
  results: '三、本年度办理结果',
  denied: '（三）不予公开',
  unable: '（四）无法提供',
  notProcessed: '（五）不予处理',
  other: '（六）其他处理',
} as const;

const ac = APPLICANT_COLUMNS;
const g = APP_GROUPS;
export const APPLICATIONS: TableDef = {
  id: 'applications',
  number: '三',
  shape: 'rows',
  heading: '收到和处理政府信息公开申请情况',
  headingAliases: ['政府信息公开申请情况', '收到和处理政府信息公开申请'],
  captions: Object.values(APP_GROUPS),
  headerMarkers: ['申请人情况', '法人或其他组织'],
  rows: [
    { key: 'new_received', label: '一、本年新收政府信息公开申请数量', columns: ac },
    { key: 'carried_over', label: '二、上年结转政府信息公开申请数量', columns: ac },
    { key: 'granted', label: '（一）予以公开', columns: ac, group: g.results, role: 'part' },
    { key: 'partially_granted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', aliases: ['部分公开'], columns: ac, group: g.results, role: 'part' },
    { key: 'denied_state_secret', label: '1.属于国家秘密', columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_law_prohibited', label: '2.其他法律行政法规禁止公开', aliases: ['其他法律行政止公开'], columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_security_stability', label: '3.危及“三安全一稳定”', columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_third_party_rights', label: '4.保护第三方合法权益', columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_internal_affairs', label: '5.属于三类内部事务信息', columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_process_info', label: '6.属于四类过程性信息', columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_enforcement_files', label: '7.属于行政执法案卷', columns: ac, group: g.denied, role: 'part' },
    { key: 'denied_admin_query', label: '8.属于行政查询事项', columns: ac, group: g.denied, role: 'part' },
    { key: 'unable_not_held', label: '1.本机关不掌握相关政府信息', columns: ac, group: g.unable, role: 'part' },
    { key: 'unable_needs_creation', label: '2.没有现成信息需要另行制作', columns: ac, group: g.unable, role: 'part' },
    { key: 'unable_unclear', label: '3.补正后申请内容仍不明确', columns: ac, group: g.unable, role: 'part' },
    { key: 'not_processed_complaint', label: '1.信访举报投诉类申请', columns: ac, group: g.notProcessed, role: 'part' },
    { key: 'not_processed_repeat', label: '2.重复申请', columns: ac, group: g.notProcessed, role: 'part' },
    { key: 'not_processed_publication', label: '3.要求提供公开出版物', columns: ac, group: g.notProcessed, role: 'part' },
    { key: 'not_processed_excessive', label: '4.无正当理由大量反复申请', columns: ac, group: g.notProcessed, role: 'part' },
    { key: 'not_processed_confirmation', label: '5.要求行政机关确认或重新出具已获取信息', columns: ac, group: g.notProcessed, role: 'part' },
    { key: 'other_no_correction', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', columns: ac, group: g.other, only: '2021', role: 'part' },
    { key: 'other_fee_unpaid', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', columns: ac, group: g.other, only: '2021', role: 'part' },
    { key: 'other_misc', label: '3.其他', columns: ac, group: g.other, only: '2021', role: 'part' },
    { key: 'other_total', label: '（六）其他处理', aliases: ['其他'], columns: ac, group: g.results, only: '2019', role: 'part' },
    { key: 'processed_total', label: '（七）总计', columns: ac, group: g.results, role: 'total' },
    { key: 'carried_forward', label: '四、结转下年度继续办理', columns: ac },
  ],
};

// ---------------------------------------------------------------- table 四
export const OUTCOME_COLUMNS: ColumnDef[] = [
  n('upheld', '结果维持', ['维持']),
  n('corrected', '结果纠正', ['纠正']),
  n('other', '其他结果'),
  n('pending', '尚未审结', ['未审结']),
  n('total', '总计'),
];

export const REVIEW_LITIGATION: TableDef = {
  id: 'review_litigation',
  number: '四',
  shape: 'row',
  heading: '政府信息公开行政复议、行政诉讼情况',
  headingAliases: ['行政复议、行政诉讼情况', '因政府信息公开工作被申请行政复议', '行政复议行政诉讼情况', '行政复议、提起行政诉讼'],
  captions: [],
  headerMarkers: ['复议', '诉讼', '起诉'],
  rows: [
    { key: 'review', label: '行政复议', columns: OUTCOME_COLUMNS },
    { key: 'litigation_direct', label: '未经复议直接起诉', columns: OUTCOME_COLUMNS },
    { key: 'litigation_after_review', label: '复议后起诉', columns: OUTCOME_COLUMNS },
  ],
};

export function activeTable(v: TemplateVersion): TableDef {
  return v === '2019' ? ACTIVE_2019 : ACTIVE_2021;
}

/** The three tables of a template version, in contract order. */
export function tablesOf(v: TemplateVersion): TableDef[] {
  return [activeTable(v), APPLICATIONS, REVIEW_LITIGATION];
}

/** Every cell path `<table>.<row>.<column>` of a template version, in contract order. */
export function cellPaths(v: TemplateVersion): string[] {
  const out: string[] = [];
  for (const t of tablesOf(v)) for (const r of t.rows) for (const c of r.columns) out.push(`${t.id}.${r.key}.${c.key}`);
  return out;
}

// ---------------------------------------------------------------- layouts
/**
 * What a report prints: a template version, or `mixed` — a 2021 table 二 with table 三's single
 * 2019 （六）其他处理 row instead of the three 2021 （六） sub-rows (seen in real 2021+ reports).
 */
export type Layout = TemplateVersion | 'mixed';

/**
 * The layout of a report, decided once from its template version and the table-三 rows found
 * printed: `mixed` when the version is 2021, the 2019-only row was found and none of the
 * 2021-only rows was. This is the only place the rule is written.
 */
export function layoutOf(version: TemplateVersion, rowsFound: ReadonlySet<string>): Layout {
  if (version === '2019') return '2019';
  const found = (only: TemplateVersion) => APPLICATIONS.rows.some((r) => r.only === only && rowsFound.has(r.key));
  return found('2019') && !found('2021') ? 'mixed' : '2021';
}

/** The rows a layout prints (rows marked `only` for the other version are left out). */
export function rowsOf(def: TableDef, layout: Layout): RowDef[] {
  const v: TemplateVersion = layout === '2021' ? '2021' : '2019';
  return def.rows.filter((r) => !r.only || r.only === v);
}

/** Does this layout print the row? */
export function printsRow(row: RowDef, layout: Layout): boolean {
  return !row.only || row.only === (layout === '2021' ? '2021' : '2019');
}

// ---------------------------------------------------------------- values
/** How a cell of this column is parsed: `signed` admits a minus sign, `decimal` a fraction. */
export function parseOptionsOf(col: ColumnDef): { signed: boolean; decimal: boolean } {
  return { signed: col.type === 'signed_int', decimal: col.type === 'decimal' };
}

/** Units a money cell may print after its number (dropped from the value, kept in `raw`). */
export const MONEY_UNITS = ['元', '万元'] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];
/** 元 in one unit of each money unit: the factor of a conversion between them (exact, as a power of ten). */
export const MONEY_UNIT_EXPONENT: Record<MoneyUnit, number> = { 元: 0, 万元: 4 };

/**
 * Units a count cell may print after its number (`2笔`, `16件`): the number is the value, the unit
 * a note (`cell_note`). Counts of applications, cases, decisions, items (件 笔 个 项 条 次 人 宗 家 份).
 */
export const COUNT_UNITS = ['件', '笔', '个', '项', '条', '次', '人', '宗', '家', '份'] as const;

// ---------------------------------------------------------------- template versions
/**
 * Markers of the table-二 layout of each version: the column labels one version prints and the
 * other does not (`处理决定数量` is 2019's, `本年处理决定数量` 2021's: a longer marker found at
 * a place wins over the shorter one inside it), weight 1; and the table-二 rows only 2019 has
 * (`其他对外管理服务事项`, `政府集中采购`), weight 2.
 */
export const VERSION_MARKERS: Record<TemplateVersion, { text: string; weight: number }[]> = (() => {
  const colLabels = (d: TableDef) => new Set(d.rows.flatMap((r) => r.columns.map((c) => c.label)));
  const l19 = colLabels(ACTIVE_2019);
  const l21 = colLabels(ACTIVE_2021);
  // rows by key: 规范性文件 (2019's label of normative_documents) is no marker, it is inside 2021's 行政规范性文件
  const k21 = new Set(ACTIVE_2021.rows.map((r) => r.key));
  return {
    '2019': [
      ...[...l19].filter((l) => !l21.has(l)).map((text) => ({ text, weight: 1 })),
      ...ACTIVE_2019.rows.filter((r) => !k21.has(r.key)).map((r) => ({ text: r.label, weight: 2 })),
    ],
    '2021': [...l21].filter((l) => !l19.has(l)).map((text) => ({ text, weight: 1 })),
  };
})();

// ---------------------------------------------------------------- identities (§4)
export interface Identity {
  /** Check id prefix: A1, A2, A3, B1. */
  id: 'A1' | 'A2' | 'A3' | 'B1';
  table: TableId;
  /** Runs along: columns (A1, A2 per column), rows (A3 per row), blocks (B1). */
  along: 'column' | 'row';
  /** For 'column': lhs/rhs are row keys; for 'row': column keys. Terms summed. */
  lhs: (layout: Layout) => string[];
  rhs: (layout: Layout) => string[];
  /** The keys it runs along (rows a layout does not print are left out). */
  over: (layout: Layout) => string[];
  description: string;
}

const applicantKeys = APPLICANT_COLUMNS.map((c) => c.key);
/** A2's parts: the `part` rows the layout prints. */
const partsOf = (layout: Layout): string[] => rowsOf(APPLICATIONS, layout).filter((r) => r.role === 'part').map((r) => r.key);
const totalOf = (layout: Layout): string[] => rowsOf(APPLICATIONS, layout).filter((r) => r.role === 'total').map((r) => r.key);

export const IDENTITIES: Identity[] = [
  {
    id: 'A1',
    table: 'applications',
    along: 'column',
    lhs: () => ['new_received', 'carried_over'],
    rhs: () => ['processed_total', 'carried_forward'],
    over: () => applicantKeys,
    description: 'new_received + carried_over = processed_total + carried_forward',
  },
  {
    id: 'A2',
    table: 'applications',
    along: 'column',
    lhs: totalOf,
    rhs: partsOf,
    over: () => applicantKeys,
    description: 'processed_total = sum of the result rows',
  },
  {
    id: 'A3',
    table: 'applications',
    along: 'row',
    lhs: () => ['total'],
    rhs: () => applicantKeys.filter((k) => k !== 'total'),
    over: (layout) => rowsOf(APPLICATIONS, layout).map((r) => r.key),
    description: 'total = sum of the six applicant columns',
  },
  {
    id: 'B1',
    table: 'review_litigation',
    along: 'row',
    lhs: () => ['total'],
    rhs: () => ['upheld', 'corrected', 'other', 'pending'],
    over: () => REVIEW_LITIGATION.rows.map((r) => r.key),
    description: 'total = upheld + corrected + other + pending',
  },
];

/** Report part headings that end the tables region (五/六). */
export const TRAILING_HEADINGS = ['存在的主要问题及改进情况', '存在问题及改进情况', '主要问题及改进情况', '其他需要报告的事项'];
