/**
 * GENERATED from src/template.ts by tests/table-types.test.ts (XXGK_WRITE_TYPES=1 npx vitest run
 * tests/table-types.test.ts): do not edit. The types of `Result.tables`, every leaf `number | null`.
 */

/** A table value: the number printed, or null (see `cells[path].kind` for why). */
export type V = number | null;

/** Table 三 columns: the applicant types and the total */
export interface ApplicantCounts {
  /** 自然人 */
  natural_person: V;
  /** 商业企业 */
  commercial_enterprise: V;
  /** 科研机构 */
  research_institution: V;
  /** 社会公益组织 */
  social_welfare_org: V;
  /** 法律服务机构 */
  legal_service_org: V;
  /** 其他 */
  other_org: V;
  /** 总计 */
  total: V;
}

/** Table 四 columns: the outcomes and the total */
export interface OutcomeCounts {
  /** 结果维持 */
  upheld: V;
  /** 结果纠正 */
  corrected: V;
  /** 其他结果 */
  other: V;
  /** 尚未审结 */
  pending: V;
  /** 总计 */
  total: V;
}

/** Table 二, 2021 template: 主动公开政府信息情况 */
export interface ActiveDisclosure2021 {
  /** 第二十条第（一）项 › 规章. issued = 本年制发件数; repealed = 本年废止件数; in_force = 现行有效件数 */
  regulations: { issued: V; repealed: V; in_force: V; };
  /** 第二十条第（一）项 › 行政规范性文件. issued = 本年制发件数; repealed = 本年废止件数; in_force = 现行有效件数 */
  normative_documents: { issued: V; repealed: V; in_force: V; };
  /** 第二十条第（五）项 › 行政许可. decisions = 本年处理决定数量 */
  licensing: { decisions: V; };
  /** 第二十条第（六）项 › 行政处罚. decisions = 本年处理决定数量 */
  penalty: { decisions: V; };
  /** 第二十条第（六）项 › 行政强制. decisions = 本年处理决定数量 */
  coercion: { decisions: V; };
  /** 第二十条第（八）项 › 行政事业性收费. amount_wan_yuan = 本年收费金额（单位：万元） (decimal) */
  fees: { amount_wan_yuan: V; };
}

/** Table 二, 2019 template: 主动公开政府信息情况 */
export interface ActiveDisclosure2019 {
  /** 第二十条第（一）项 › 规章. produced = 本年新制作数量; newly_published = 本年新公开数量; published_total = 对外公开总数量 */
  regulations: { produced: V; newly_published: V; published_total: V; };
  /** 第二十条第（一）项 › 规范性文件. produced = 本年新制作数量; newly_published = 本年新公开数量; published_total = 对外公开总数量 */
  normative_documents: { produced: V; newly_published: V; published_total: V; };
  /** 第二十条第（五）项 › 行政许可. prior_year_items = 上一年项目数量; items_change = 本年增/减 (may be negative); decisions = 处理决定数量 */
  licensing: { prior_year_items: V; items_change: V; decisions: V; };
  /** 第二十条第（五）项 › 其他对外管理服务事项. prior_year_items = 上一年项目数量; items_change = 本年增/减 (may be negative); decisions = 处理决定数量 */
  other_admin_services: { prior_year_items: V; items_change: V; decisions: V; };
  /** 第二十条第（六）项 › 行政处罚. prior_year_items = 上一年项目数量; items_change = 本年增/减 (may be negative); decisions = 处理决定数量 */
  penalty: { prior_year_items: V; items_change: V; decisions: V; };
  /** 第二十条第（六）项 › 行政强制. prior_year_items = 上一年项目数量; items_change = 本年增/减 (may be negative); decisions = 处理决定数量 */
  coercion: { prior_year_items: V; items_change: V; decisions: V; };
  /** 第二十条第（八）项 › 行政事业性收费. prior_year_items = 上一年项目数量; items_change = 本年增/减 (may be negative) */
  fees: { prior_year_items: V; items_change: V; };
  /** 第二十条第（九）项 › 政府集中采购. projects = 采购项目数量; amount = 采购总金额 (decimal) */
  procurement: { projects: V; amount: V; };
}

/** Table 三 (both templates): 收到和处理政府信息公开申请情况 */
export interface Applications {
  /** 一、本年新收政府信息公开申请数量 */
  new_received: ApplicantCounts;
  /** 二、上年结转政府信息公开申请数量 */
  carried_over: ApplicantCounts;
  /** 三、本年度办理结果 › （一）予以公开 */
  granted: ApplicantCounts;
  /** 三、本年度办理结果 › （二）部分公开（区分处理的，只计这一情形，不计其他情形） */
  partially_granted: ApplicantCounts;
  /** （三）不予公开 › 1.属于国家秘密 */
  denied_state_secret: ApplicantCounts;
  /** （三）不予公开 › 2.其他法律行政法规禁止公开 */
  denied_law_prohibited: ApplicantCounts;
  /** （三）不予公开 › 3.危及“三安全一稳定” */
  denied_security_stability: ApplicantCounts;
  /** （三）不予公开 › 4.保护第三方合法权益 */
  denied_third_party_rights: ApplicantCounts;
  /** （三）不予公开 › 5.属于三类内部事务信息 */
  denied_internal_affairs: ApplicantCounts;
  /** （三）不予公开 › 6.属于四类过程性信息 */
  denied_process_info: ApplicantCounts;
  /** （三）不予公开 › 7.属于行政执法案卷 */
  denied_enforcement_files: ApplicantCounts;
  /** （三）不予公开 › 8.属于行政查询事项 */
  denied_admin_query: ApplicantCounts;
  /** （四）无法提供 › 1.本机关不掌握相关政府信息 */
  unable_not_held: ApplicantCounts;
  /** （四）无法提供 › 2.没有现成信息需要另行制作 */
  unable_needs_creation: ApplicantCounts;
  /** （四）无法提供 › 3.补正后申请内容仍不明确 */
  unable_unclear: ApplicantCounts;
  /** （五）不予处理 › 1.信访举报投诉类申请 */
  not_processed_complaint: ApplicantCounts;
  /** （五）不予处理 › 2.重复申请 */
  not_processed_repeat: ApplicantCounts;
  /** （五）不予处理 › 3.要求提供公开出版物 */
  not_processed_publication: ApplicantCounts;
  /** （五）不予处理 › 4.无正当理由大量反复申请 */
  not_processed_excessive: ApplicantCounts;
  /** （五）不予处理 › 5.要求行政机关确认或重新出具已获取信息 */
  not_processed_confirmation: ApplicantCounts;
  /** （六）其他处理 › 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 (printed by the 2021 layout only; null with kind absent otherwise) */
  other_no_correction: ApplicantCounts;
  /** （六）其他处理 › 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (printed by the 2021 layout only; null with kind absent otherwise) */
  other_fee_unpaid: ApplicantCounts;
  /** （六）其他处理 › 3.其他 (printed by the 2021 layout only; null with kind absent otherwise) */
  other_misc: ApplicantCounts;
  /** 三、本年度办理结果 › （六）其他处理 (printed by the 2019 layout only; null with kind absent otherwise) */
  other_total: ApplicantCounts;
  /** 三、本年度办理结果 › （七）总计 */
  processed_total: ApplicantCounts;
  /** 四、结转下年度继续办理 */
  carried_forward: ApplicantCounts;
}

/** Table 四 (both templates): 政府信息公开行政复议、行政诉讼情况 */
export interface ReviewLitigation {
  /** 行政复议 */
  review: OutcomeCounts;
  /** 未经复议直接起诉 */
  litigation_direct: OutcomeCounts;
  /** 复议后起诉 */
  litigation_after_review: OutcomeCounts;
}

/** The tables of a 2021-template report. */
export interface Tables2021 {
  active_disclosure: ActiveDisclosure2021;
  applications: Applications;
  review_litigation: ReviewLitigation;
}

/** The tables of a 2019-template report. */
export interface Tables2019 {
  active_disclosure: ActiveDisclosure2019;
  applications: Applications;
  review_litigation: ReviewLitigation;
}

/** `Result.tables`: narrow table 二 with `'issued' in t.active_disclosure.regulations` (2021) or the report's template. */
export type Tables = Tables2021 | Tables2019;
