/** Public library API of xxgk. */
export { extract, extractFile, extractRecord, errorRecord, isErrorRecord, type ExtractOptions } from './api.js';
export { XxgkError, ERROR_CODES, type ErrorCode } from './errors.js';
export {
  ResultSchema,
  ErrorRecordSchema,
  RecordSchema,
  SCHEMA_VERSION,
  jsonSchema,
  type Result,
  type ErrorRecord,
  type OutputRecord,
  type CheckResult,
  type WarningRecord,
  type CellRecord,
} from './schema.js';
export { cellPaths, tablesOf, IDENTITIES, type TemplateVersion, type TableId } from './template.js';
export { NARRATIVE_PHRASES, type NarrativePhrase } from './template/narrative.js';
export { isIdentityCheck, isNarrativeCheck } from './validate/narrative.js';
export type { Doc, Block, Cell, TableBlock, TextBlock, Origin } from './model.js';
export {
  extractMany,
  extractManyIndexed,
  ExtractPool,
  discoverInputs,
  type BatchInput,
  type BatchOptions,
  type BatchRecord,
  type PoolOptions,
  type Discovery,
} from './batch/index.js';
export { agencyIdentity, AGENCY_WARNINGS, type AgencyIdentity, type AgencyInput, type Region } from './agency/region.js';
export { normalizeAgencyName } from './agency/key.js';
export { buildPanel, TOTAL_PATHS, type Panel, type PanelRow, type PanelSkip } from './panel/build.js';
export { yearOverYear, PANEL_CHECK_IDS, type PanelCheck, type YearReport } from './panel/checks.js';
export { panelText, panelColumns } from './panel/write.js';
export { PanelRowSchema, PanelCheckSchema } from './panel/schema.js';
export { wideColumns, unionCellPaths, LONG_COLUMNS, ERROR_COLUMNS, WIDE_LEAD, WIDE_TAIL } from './write/csv.js';
export type { Tables, Tables2019, Tables2021, ActiveDisclosure2019, ActiveDisclosure2021, Applications, ReviewLitigation, ApplicantCounts, OutcomeCounts } from './tables.js';
export { severityOf, countBySeverity, SEVERITIES, type Severity, type WarningCode } from './write/severity.js';
export { keyRows, columnDictionary, type KeyRow, type ColumnInfo, type Dtype } from './write/dictionary.js';
export { reviewHtml, sourceViewFor, renderReportPage, renderIndexPage, indexEntry, DEFAULT_REVIEW_DPI, type ReviewOptions, type IndexEntry, type SourceView } from './review/index.js';
export { renderPdfPages, type PageImage, type RenderOptions } from './read/pdf/engine/image.js';
export { readDocument } from './read/index.js';
export type { ReadOptions } from './read/types.js';
export type { PdfSettingsInput } from './read/pdf/types.js';
export { upgradeRecord } from './upgrade.js';
