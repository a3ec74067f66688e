/**
 * Hostile inputs generated at test time (too big to commit) and shared helpers for
 * tests/hostile.test.ts and tests/fuzz.test.ts.
 */
import { extractRecord } from '../../src/api.js';
import { RecordSchema, type OutputRecord } from '../../src/schema.js';

/** A filler paragraph of CMS noise (navigation, news), ~1 KB. */
const FILLER =
  '<div class="news-item"><a href="/xwzx/2024/12/01/123456.html">市政府召开常务会议研究部署当前重点工作</a><span class="date">2024-12-01</span>' +
  '<p>会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。</p></div>\n';

/**
 * A ~`mb` MB HTML page: a real report (if given) buried in the middle of megabytes of CMS filler,
 * plus one table of 20,000 rows. Returned as bytes; deterministic.
 */
export function bigHtml(mb = 50, report?: Uint8Array): Uint8Array {
  const target = mb * 1024 * 1024;
  const head = Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻中心</title></head><body>\n');
  const tail = Buffer.from('</body></html>\n');
  let rows = '<table class="list">';
  for (let i = 0; i < 20000; i++) rows += `<tr><td>${i}</td><td>通知公告第${i}号</td><td>2024-01-01</td></tr>`;
  rows += '</table>\n';
  const rowsBuf = Buffer.from(rows);
  const mid = report ? Buffer.from(report) : Buffer.alloc(0);
  const filler = Buffer.from(FILLER);
  const room = Math.max(0, target - head.length - tail.length - rowsBuf.length - mid.length);
  const n = Math.floor(room / filler.length);
  const half = Math.floor(n / 2);
  const parts: Buffer[] = [head];
  parts.push(Buffer.alloc(half * filler.length));
  for (let i = 0; i < half; i++) filler.copy(parts[1], i * filler.length);
  parts.push(mid, rowsBuf);
  const second = Buffer.alloc((n - half) * filler.length);
  for (let i = 0; i < n - half; i++) filler.copy(second, i * filler.length);
  parts.push(second, tail);
  return new Uint8Array(Buffer.concat(parts));
}

/** HTML nested `depth` deep (tags cycled through div/span/table/td…), closed or not. */
export function deepHtml(depth = 10000, closed = true): Uint8Array {
  const tags = ['div', 'span', 'b', 'font', 'p', 'table', 'tr', 'td'];
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const t = tags[i % tags.length];
    open += `<${t}>`;
    if (closed) close = `</${t}>` + close;
  }
  return new Uint8Array(Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${open}二、主动公开政府信息情况${close}</body></html>`));
}

/** HTML with a table whose spans blow up: `rows` rows of one cell each with colspan/rowspan `span`. */
export function spanBombHtml(rows = 5000, span = 1000): Uint8Array {
  let t = '<table>';
  for (let i = 0; i < rows; i++) t += `<tr><td colspan="${span}" rowspan="${span}">${i}</td></tr>`;
  t += '</table>';
  return new Uint8Array(Buffer.from(`<html><body><p>三、收到和处理政府信息公开申请情况</p>${t}</body></html>`));
}

export interface Checked {
  record: OutputRecord;
  ms: number;
  code: string;
  schemaErrors: string | null;
}

/**
 * Run extractRecord and check the record against RecordSchema. `ocr` as in ExtractOptions
 * (default auto); the quick fuzz run passes `off` (see tests/fuzz.test.ts).
 */
export async function checkedRecord(bytes: Uint8Array, path: string | null = null, ocr: 'auto' | 'off' = 'auto'): Promise<Checked> {
  const t0 = performance.now();
  const record = await extractRecord(bytes, { path, ocr });
  const ms = performance.now() - t0;
  const parsed = RecordSchema.safeParse(record);
  return {
    record,
    ms,
    code: 'error' in record ? record.error.code : 'result',
    schemaErrors: parsed.success ? null : JSON.stringify(parsed.error.issues.slice(0, 3)),
  };
}
