/**
 * The output's `schema_version`, in a module of its own so that writing a record does not load
 * zod (the schema itself, src/schema.ts, is needed only to validate or to print the JSON Schema).
 *
 * "2": warnings carry `severity`, `code` is a closed enum, and the stream strategy's
 * `cells_unreadable` is `cell_unreadable` (one code for one meaning).
 */
export const SCHEMA_VERSION = '2';
