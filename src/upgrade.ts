/**
 * Older records brought up to the current schema, for the commands that read
 * records back (`xxgk panel`): a dataset built over years mixes files written
 * by several versions of xxgk.
 *
 * schema_version "1" → "2" (README: Output): warnings gain `severity` (looked up
 * in the diagnostics registry by code), and the stream strategy's
 * `cells_unreadable` is `cell_unreadable`. Nothing else changed between them,
 * so values, cells and checks are kept as they are.
 *
 * A record of an unknown version, or a value that is not a record, is returned
 * unchanged: the schema then accepts or refuses it as it is.
 */
import { DIAGNOSTICS, type Severity } from './diagnostics.js';
import { SCHEMA_VERSION } from './schema-version.js';

/** Codes renamed between versions: old code → current code. */
const RENAMED: Readonly<Record<string, string>> = { cells_unreadable: 'cell_unreadable' };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function upgradeWarning(w: unknown): unknown {
  if (!isObject(w) || typeof w.code !== 'string') return w;
  const code = RENAMED[w.code] ?? w.code;
  const known = (DIAGNOSTICS as Readonly<Record<string, { severity: Severity }>>)[code];
  // an unknown code keeps no severity: the schema refuses the record rather than guess
  return known ? { ...w, code, severity: w.severity ?? known.severity } : { ...w, code };
}

/**
 * A copy of `x` in the current schema's shape when it is a schema_version "1"
 * record (result or error record); anything else is returned as it is.
 * Never throws.
 */
export function upgradeRecord(x: unknown): unknown {
  if (!isObject(x) || x.schema_version !== '1') return x;
  const out: Record<string, unknown> = { ...x, schema_version: SCHEMA_VERSION };
  if (Array.isArray(x.warnings)) out.warnings = x.warnings.map(upgradeWarning);
  return out;
}
