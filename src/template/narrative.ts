/**
 * The phrase → quantity map of the narrative checks (issue 13), as data: which sentences of a
 * report's prose state a count that the template's tables also hold.
 *
 * Most reports repeat their key counts in part 一 (`累计办理依申请公开信息49件`,
 * `全年收到政府信息公开申请 34 件`, `行政诉讼46件`); report-format.md §4 "Cross-section (soft)"
 * names them and A.4 gives the check: `N.<quantity>` with the stated number and the table value.
 * The matcher (src/validate/narrative.ts) reads these patterns inside one clause of one
 * sentence; every rule here errs towards "no check" (a sentence it cannot read is skipped).
 *
 * Pattern sources are regular-expression text with three placeholders the matcher fills in:
 * - `{N}`: the count — Arabic digits (`3,119` with a thousands comma, full-width folded) or
 *   Chinese numerals (`四十九`), followed by `件` (not `件次`, a count of person-times);
 * - `{G}`: a short gap (0–24 characters) holding no digit, numeral, `件` or clause delimiter,
 *   e.g. `通过邮寄、网络提交的各类政府信息公开` in `接收通过邮寄、网络提交的各类政府信息公开申请共计81件`;
 * - `{Q}`: an optional quantifier (`共`, `共计`, `总计`, `合计`, `数为`, `数量为`, `为`, `有`, `达`).
 * The text they run on is NFKC-folded with whitespace removed (except between two digits).
 */
import type { Layout } from '../template.js';

export interface NarrativePhrase {
  /** The check id is `N.<quantity>`: a table path, or a sum named by its own key (`review_litigation.litigation`). */
  quantity: string;
  /** Table paths `<table>.<row>.<column>` whose values, summed, are the table's side of the check. */
  paths: string[];
  /** Pattern sources (see the module note for `{N}`, `{G}`, `{Q}`); the first that matches a clause wins. */
  patterns: string[];
  /**
   * The statement may follow a part marker (`其中`, `含`): true for quantities named by a phrase
   * of their own (`上年结转…N件` is the carried-over count whatever precedes it), false for
   * counts whose verb a sub-kind can share (`其中受理本级申请N件` is a part, not the total).
   */
  inPart?: boolean;
  /** Only in reports of these layouts (table 二 columns and table 三's （六） rows differ). */
  layouts?: Layout[];
  /**
   * Read only where, of the words `these` and `others`, the last one named before it in the
   * sentence is one of `these`: an outcome (`结果维持72件`) belongs to the block the sentence is
   * about (行政复议, not 行政诉讼), an applicant kind (`自然人80件`) to the count named before it
   * (收到…申请81件, not 办结81件).
   */
  after?: { these: string[]; others: string[] };
  /** Read only in a sentence that holds this word (`答复98件` counts applications only in a sentence about 申请, not about 网民留言). */
  sentenceHas?: string;
}

const OBJ = '(?:政府信息公开|依申请公开|信息公开)?(?:信息|申请|事项)?';
const RESULT = '(?:答复|决定)?的?(?:申请)?{Q}{N}';
const rows = (...keys: string[]) => keys.map((k) => `applications.${k}.total`);
const DENIED = ['state_secret', 'law_prohibited', 'security_stability', 'third_party_rights', 'internal_affairs', 'process_info', 'enforcement_files', 'admin_query'].map((k) => `denied_${k}`);
const NOT_PROCESSED = ['complaint', 'repeat', 'publication', 'excessive', 'confirmation'].map((k) => `not_processed_${k}`);
const LITIGATION = ['litigation_direct', 'litigation_after_review'];

/** An outcome of table 四 (`结果维持N件`) in a sentence about review, or about litigation (both blocks summed). */
function outcome(column: string, pattern: string): NarrativePhrase[] {
  return [
    { quantity: `review_litigation.review.${column}`, paths: [`review_litigation.review.${column}`], patterns: [pattern], inPart: true, after: { these: ['行政复议'], others: ['行政诉讼'] } },
    { quantity: `review_litigation.litigation.${column}`, paths: LITIGATION.map((b) => `review_litigation.${b}.${column}`), patterns: [pattern], inPart: true, after: { these: ['行政诉讼'], others: ['行政复议'] } },
  ];
}

/** Verbs of the received count and of the other table-三 counts a sentence may name before an applicant kind. */
const RECEIVED = { these: ['收到', '受理', '接收', '新收'], others: ['办结', '办理', '答复', '处理', '结转', '行政复议', '行政诉讼'] };

/** An applicant kind of the received count (`收到…申请共计81件，涉及自然人80件、商业企业1件`). */
function applicant(column: string, label: string): NarrativePhrase {
  return { quantity: `applications.new_received.${column}`, paths: [`applications.new_received.${column}`], patterns: [`${label}(?:申请人?)?(?:提出的?)?(?:申请)?{Q}{N}`], inPart: true, after: RECEIVED };
}

export const NARRATIVE_PHRASES: NarrativePhrase[] = [
  // table 三's results (total column), usually after 其中: listed first, so that 不予处理1件 is not
  // read as 处理1件 (processed)
  {
    // 予以公开及部分公开42件
    quantity: 'applications.granted_and_partially_granted.total',
    paths: rows('granted', 'partially_granted'),
    patterns: [`予以公开(?:及|和|与|、)部分公开${RESULT}`],
    inPart: true,
  },
  { quantity: 'applications.granted.total', paths: rows('granted'), patterns: [`(?:予以公开|同意公开)${RESULT}`], inPart: true },
  { quantity: 'applications.partially_granted.total', paths: rows('partially_granted'), patterns: [`部分公开${RESULT}`], inPart: true },
  { quantity: 'applications.denied.total', paths: rows(...DENIED), patterns: [`不予公开${RESULT}`], inPart: true },
  { quantity: 'applications.unable.total', paths: rows('unable_not_held', 'unable_needs_creation', 'unable_unclear'), patterns: [`无法提供${RESULT}`], inPart: true },
  { quantity: 'applications.not_processed.total', paths: rows(...NOT_PROCESSED), patterns: [`不予处理${RESULT}`], inPart: true },
  { quantity: 'applications.other.total', paths: rows('other_no_correction', 'other_fee_unpaid', 'other_misc'), patterns: [`其他处理${RESULT}`], inPart: true, layouts: ['2021'] },
  { quantity: 'applications.other.total', paths: rows('other_total'), patterns: [`其他处理${RESULT}`], inPart: true, layouts: ['2019', 'mixed'] },
  {
    quantity: 'applications.new_received.total',
    paths: ['applications.new_received.total'],
    patterns: [
      // 收到政府信息公开申请34件 / 受理政府信息公开申请21件 / 接收…各类政府信息公开申请共计81件
      // (the gap ends in 公开: 受理行政许可申请2000件 is another count)
      '(?:新收到|收到|受理|接收|新收)(?:{G}公开)?的?申请{Q}{N}',
      // 共收到70件申请 / 受理17件政府信息公开申请
      '(?:新收到|收到|受理|接收|新收){Q}{N}(?:政府信息公开|依申请公开|信息公开)?的?申请',
    ],
  },
  {
    quantity: 'applications.carried_over.total',
    paths: ['applications.carried_over.total'],
    patterns: [
      // 上年结转政府信息公开申请2件 / 上年度结转申请34件
      `上一?年度?结转(?:的)?${OBJ}{Q}{N}`,
    ],
    inPart: true,
  },
  {
    quantity: 'applications.carried_forward.total',
    paths: ['applications.carried_forward.total'],
    patterns: [
      // 结转下年度继续办理1件 / 转下一年度办理答复的有1件
      '(?:结转|转入|转|顺延|延续)(?:到|至|入)?下一?年度?(?:继续)?(?:办理)?(?:答复)?的?{Q}{N}',
      // 1件结转下年度继续办理 / 另有103件顺延到下年度答复
      '{N}(?:申请)?(?:结转|转入|转|顺延|延续)(?:到|至|入)?下一?年度?',
    ],
    inPart: true,
    sentenceHas: '申请',
  },
  {
    // after carried_forward: 结转下年度继续办理103件 is not 办理103件
    quantity: 'applications.processed_total.total',
    paths: ['applications.processed_total.total'],
    patterns: [
      // 累计办理依申请公开信息49件 / 办结依申请公开81件 / 办结69件 / 答复3050件
      `(?:办理完结|办理完成|办理|办结|答复|处理)(?:完毕|完成)?${OBJ}{Q}{N}`,
    ],
    sentenceHas: '申请',
  },
  {
    quantity: 'review_litigation.review.total',
    paths: ['review_litigation.review.total'],
    patterns: [
      // 行政复议351件 / 行政复议案件2件
      '行政复议(?:案件|申请)?{Q}{N}',
      // 有1件涉及政府信息公开工作的行政复议
      '{N}{G}行政复议',
    ],
  },
  {
    quantity: 'review_litigation.litigation',
    paths: ['review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total'],
    patterns: [
      // 行政诉讼46件 / 行政诉讼案件7件 / 涉及的行政诉讼数为0件
      '行政诉讼(?:案件)?{Q}{N}',
      '{N}{G}行政诉讼',
    ],
  },
  {
    quantity: 'active_disclosure.normative_documents.issued',
    paths: ['active_disclosure.normative_documents.issued'],
    patterns: [
      // 本年度制发的规范性文件77件 (the column label is 本年制发件数)
      '制发的?(?:行政)?规范性文件{Q}{N}',
    ],
    layouts: ['2021', 'mixed'],
  },
  // table 三's applicant kinds, after the received count in the same sentence
  applicant('natural_person', '自然人'),
  applicant('commercial_enterprise', '商业企业'),
  applicant('research_institution', '科研机构'),
  applicant('social_welfare_org', '社会公益组织'),
  applicant('legal_service_org', '法律服务机构'),
  // table 四's outcomes, after 行政复议N件 / 行政诉讼N件 in the same sentence: 其中结果维持72件，结果纠正64件…
  ...outcome('upheld', '(?:结果)?维持(?:原)?{Q}{N}'),
  ...outcome('corrected', '(?:结果)?纠正{Q}{N}'),
  ...outcome('other', '其他结果{Q}{N}'),
  ...outcome('pending', '(?:尚未|未)审结{Q}{N}'),
];

/**
 * Words a clause may hold before the stated quantity without changing whose count it is: time
 * (`2024年`, `本年度`, `全年`), scope (`全区`, `我市`, `本机关`), quantifiers and adverbs
 * (`共`, `累计`, `及时`, `依法`), qualifiers of review and litigation (`因政府信息公开引起的`).
 * The report's agency name (and its shorter forms) is added by the matcher. Anything else
 * before the quantity (`区政府办代表区政府受理…17件`) leaves the scope unknown: a differing
 * number is then `uncertain`, never `fail`.
 */
export const NARRATIVE_SCOPE_WORDS: string[] = [
  '\\d{4}年度?', '本年度?', '今年', '全年', '年内', '当年', '本年内',
  '全区', '全市', '全县', '全省', '全镇', '全乡', '全旗', '全州', '全盟', '全委', '全局',
  '我区', '我市', '我县', '我省', '我镇', '我乡', '我旗', '我州', '我局', '我委', '我办', '我厅', '我院', '我部', '我单位', '我机关',
  '本机关', '本单位', '本部门',
  '共计', '一共', '总共', '累计', '合计', '总计', '共', '全部', '所有',
  '及时', '依法', '依规', '按时', '均', '已', '并', '还', '另有', '有', '期间', '内',
  '因政府信息公开(?:工作|申请)?(?:引起|引发|产生|提起|被申请)?的?', '涉及政府信息公开(?:工作|申请)?的?', '涉及的?', '被申请', '提起', '发生',
  '各类', '政府信息公开', '依申请公开', '的',
];

/**
 * Part markers: a clause holding one of these before the quantity states a sub-kind (`其中`,
 * `含`, a result kind such as `同意公开答复9件`, an applicant kind such as `自然人80件`), not the
 * total; no check unless the phrase is `inPart`.
 */
export const NARRATIVE_PART_MARKERS: string[] = [
  '其中', '含', '包括', '中', '予以公开', '同意公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理',
  '自然人', '法人', '企业', '科研机构', '公益组织', '法律服务机构', '本级',
];

/**
 * Change and comparison words: a clause holding one states a difference (`同比增长N件`), not a
 * count. No check.
 */
export const NARRATIVE_CHANGE_WORDS: string[] = ['同比', '环比', '较上年', '比上年', '较去年', '比去年', '增长', '下降', '减少', '增加', '上升', '提高', '降低', '增幅', '降幅'];

/** Words right before a count that make it approximate (`约`, `近`, `超过`); after it: `余`, `多`, `左右`, `以上`. No check. */
export const NARRATIVE_APPROX_BEFORE: string[] = ['约', '近', '超过', '逾', '大约', '不足', '不到', '多于', '少于', '将近', '接近'];
export const NARRATIVE_APPROX_AFTER: string[] = ['余', '多', '左右', '以上', '以下', '上下'];
