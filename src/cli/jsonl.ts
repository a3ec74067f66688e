/**
 * Reading an xxgk JSONL file back (`xxgk convert`, `xxgk summary`): one
 * record per line, streamed (memory does not grow with the file). A line that
 * is not a record (not JSON, or JSON without `source`) is reported by number,
 * never passed on.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { OutputRecord } from '../schema.js';

export type JsonlItem = { line: number; record: OutputRecord } | { line: number; bad: string };

/** Is a parsed value shaped like an xxgk record (a result or an error record)? */
function isRecord(v: unknown): v is OutputRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  if (!r.source || typeof r.source !== 'object') return false;
  return ('error' in r && typeof r.error === 'object') || ('tables' in r && 'report' in r && Array.isArray(r.checks) && Array.isArray(r.warnings));
}

/** The records of a JSONL file (`-`: standard input), in file order. Throws the open error (ENOENT, …). */
export async function* readJsonl(file: string): AsyncGenerator<JsonlItem> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  if (file !== '-') {
    // surface an open failure as an exception before the first line
    await new Promise<void>((resolve, reject) => {
      input.once('error', reject);
      input.once('ready', () => {
        input.off('error', reject);
        resolve();
      });
    });
  }
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (!text.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      yield { line: n, bad: 'not JSON' };
      continue;
    }
    if (isRecord(v)) yield { line: n, record: v };
    else yield { line: n, bad: 'JSON but not an xxgk record' };
  }
}

/** `lines 3, 7, 9 (…)`: the first few line numbers of a list. */
export function lineList(lines: readonly number[], max = 10): string {
  return lines.slice(0, max).join(', ') + (lines.length > max ? `, … (${lines.length - max} more)` : '');
}
