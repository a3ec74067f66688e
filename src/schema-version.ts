/**
 * The output's `schema_version`, in a module of its own so that writing a record does not load
 * zod (the schema itself, src/schema.ts, is needed only to validate or to print the JSON Schema).
 *
 * "2": warnings carry `severity`, `code` is a closed enum, and the stream strategy's
 * `cells_unreadable` is `cell_unreadable` (one code for one meaning).
 *
 * Narrative checks (`N.*` ids in `checks`, with the optional fields `text`, `note`, `page`, `line`,
 * `paragraph`) were added without a bump: report-format.md A.4 lists them among the additions that
 * keep the version, every earlier record still validates, and a reader that wants the identities
 * only filters ids on `^(A1|A2|A3|B1)\.` (as `checks_failed` does).
 */
export const SCHEMA_VERSION = '2';
