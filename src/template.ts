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
}

export interface TableDef {
  id: TableId;
  /** Section heading in the report, without its number. */
  heading: string;
  headingAliases: string[];
  rows: RowDef[];
}

const n = (key: string, label: string, aliases?: string[], type?: ValueType): ColumnDef => ({ key, label, aliases, type });

// ---------------------------------------------------------------- table 二
export const AD_BLOCKS = {
  item1: '第二十条第（一）项',
  item5: '第二十条第（五）项',
  item6: '第二十条第（六）项',
  item8: '第二十条第（八）项',
  item9: '第二十条第（九）项',
} as const;

const ad2021Docs = [n('issued', '本年制发件数'), n('repealed', '本年废止件数'), n('in_force', '现行有效件数')];
const adDecisions = [n('decisions', '本年处理决定数量', ['处理决定数量'])];

export const ACTIVE_2021: TableDef = {
  id: 'active_disclosure',
  heading: '主动公开政府信息情况',
  headingAliases: ['主动公开政府信息', '主动公开情况'],
  rows: [
    { key: 'regulations', label: '规章', columns: ad2021Docs, block: AD_BLOCKS.item1 },
    { key: 'normative_documents', label: '行政规范性文件', aliases: ['规范性文件', '规范性档案'], columns: ad2021Docs, block: AD_BLOCKS.item1 },
    { key: 'licensing', label: '行政许可', columns: adDecisions, block: AD_BLOCKS.item5 },
    { key: 'penalty', label: '行政处罚', columns: adDecisions, block: AD_BLOCKS.item6 },
    { key: 'coercion', label: '行政强制', columns: adDecisions, block: AD_BLOCKS.item6 },
    { key: 'fees', label: '行政事业性收费', columns: [n('amount_wan_yuan', '本年收费金额（单位：万元）', ['本年收费金额', '收费金额'], 'decimal')], block: AD_BLOCKS.item8 },
  ],
};

const ad2019Docs = [n('produced', '本年新制作数量'), n('newly_published', '本年新公开数量'), n('published_total', '对外公开总数量')];
const ad2019Items = [n('prior_year_items', '上一年项目数量'), n('items_change', '本年增/减', ['本年增减', '增/减', '增减'], 'signed_int'), n('decisions', '处理决定数量', ['本年处理决定数量'])];

export const ACTIVE_2019: TableDef = {
  id: 'active_disclosure',
  heading: ACTIVE_2021.heading,
  headingAliases: ACTIVE_2021.headingAliases,
  rows: [
    { key: 'regulations', label: '规章', columns: ad2019Docs, block: AD_BLOCKS.item1 },
    { key: 'normative_documents', label: '规范性文件', aliases: ['行政规范性文件', '规范性档案'], columns: ad2019Docs, block: AD_BLOCKS.item1 },
    { key: 'licensing', label: '行政许可', columns: ad2019Items, block: AD_BLOCKS.item5 },
    { key: 'other_admin_services', label: '其他对外管理服务事项', columns: ad2019Items, block: AD_BLOCKS.item5 },
    { key: 'penalty', label: '行政处罚', columns: ad2019Items, block: AD_BLOCKS.item6 },
    { key: 'coercion', label: '行政强制', columns: ad2019Items, block: AD_BLOCKS.item6 },
    { key: 'fees', label: '行政事业性收费', columns: ad2019Items.slice(0, 2), block: AD_BLOCKS.item8 },
    {
      key: 'procurement',
      label: '政府集中采购',
      columns: [n('projects', '采购项目数量'), n('amount', '采购总金额', [], 'decimal')],
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
  heading: '收到和处理政府信息公开申请情况',
  headingAliases: ['政府信息公开申请情况', '收到和处理政府信息公开申请'],
  rows: [
    { key: 'new_received', label: '一、本年新收政府信息公开申请数量', columns: ac },
    { key: 'carried_over', label: '二、上年结转政府信息公开申请数量', columns: ac },
    { key: 'granted', label: '（一）予以公开', columns: ac, group: g.results },
    { key: 'partially_granted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', aliases: ['部分公开'], columns: ac, group: g.results },
    { key: 'denied_state_secret', label: '1.属于国家秘密', columns: ac, group: g.denied },
    { key: 'denied_law_prohibited', label: '2.其他法律行政法规禁止公开', aliases: ['其他法律行政止公开'], columns: ac, group: g.denied },
    { key: 'denied_security_stability', label: '3.危及“三安全一稳定”', columns: ac, group: g.denied },
    { key: 'denied_third_party_rights', label: '4.保护第三方合法权益', columns: ac, group: g.denied },
    { key: 'denied_internal_affairs', label: '5.属于三类内部事务信息', columns: ac, group: g.denied },
    { key: 'denied_process_info', label: '6.属于四类过程性信息', columns: ac, group: g.denied },
    { key: 'denied_enforcement_files', label: '7.属于行政执法案卷', columns: ac, group: g.denied },
    { key: 'denied_admin_query', label: '8.属于行政查询事项', columns: ac, group: g.denied },
    { key: 'unable_not_held', label: '1.本机关不掌握相关政府信息', columns: ac, group: g.unable },
    { key: 'unable_needs_creation', label: '2.没有现成信息需要另行制作', columns: ac, group: g.unable },
    { key: 'unable_unclear', label: '3.补正后申请内容仍不明确', columns: ac, group: g.unable },
    { key: 'not_processed_complaint', label: '1.信访举报投诉类申请', columns: ac, group: g.notProcessed },
    { key: 'not_processed_repeat', label: '2.重复申请', columns: ac, group: g.notProcessed },
    { key: 'not_processed_publication', label: '3.要求提供公开出版物', columns: ac, group: g.notProcessed },
    { key: 'not_processed_excessive', label: '4.无正当理由大量反复申请', columns: ac, group: g.notProcessed },
    { key: 'not_processed_confirmation', label: '5.要求行政机关确认或重新出具已获取信息', columns: ac, group: g.notProcessed },
    { key: 'other_no_correction', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', columns: ac, group: g.other, only: '2021' },
    { key: 'other_fee_unpaid', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', columns: ac, group: g.other, only: '2021' },
    { key: 'other_misc', label: '3.其他', columns: ac, group: g.other, only: '2021' },
    { key: 'other_total', label: '（六）其他处理', aliases: ['其他'], columns: ac, group: g.results, only: '2019' },
    { key: 'processed_total', label: '（七）总计', columns: ac, group: g.results },
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
  heading: '政府信息公开行政复议、行政诉讼情况',
  headingAliases: ['行政复议、行政诉讼情况', '因政府信息公开工作被申请行政复议', '行政复议行政诉讼情况', '行政复议、提起行政诉讼'],
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

export function columnType(tableId: TableId, v: TemplateVersion, rowKey: string, colKey: string): ValueType {
  const t = tablesOf(v).find((x) => x.id === tableId);
  const col = t?.rows.find((r) => r.key === rowKey)?.columns.find((c) => c.key === colKey);
  return col?.type ?? 'int';
}

// ---------------------------------------------------------------- identities (§4)
export interface Identity {
  /** Check id prefix: A1, A2, A3, B1. */
  id: 'A1' | 'A2' | 'A3' | 'B1';
  table: TableId;
  /** Runs along: columns (A1, A2 per column), rows (A3 per row), blocks (B1). */
  along: 'column' | 'row';
  /** For 'column': lhs/rhs are row keys; for 'row': column keys. Terms summed. */
  lhs: (v: TemplateVersion | 'mixed') => string[];
  rhs: (v: TemplateVersion | 'mixed') => string[];
  /** The keys it runs along (rows a layout does not print are left out). */
  over: (v: TemplateVersion | 'mixed') => string[];
  description: string;
}

const appKeys = APPLICATIONS.rows.map((r) => r.key);
const applicantKeys = APPLICANT_COLUMNS.map((c) => c.key);
const partsOf = (v: TemplateVersion | 'mixed'): string[] => {
  const others = v === '2021' ? ['other_no_correction', 'other_fee_unpaid', 'other_misc'] : ['other_total'];
  return [
    'granted',
    'partially_granted',
    ...appKeys.filter((k) => k.startsWith('denied_') || k.startsWith('unable_') || k.startsWith('not_processed_')),
    ...others,
  ];
};

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
    lhs: () => ['processed_total'],
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
    over: (v) => APPLICATIONS.rows.filter((r) => !r.only || r.only === (v === '2021' ? '2021' : '2019')).map((r) => r.key),
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
