/**
 * Imported content in DOCX (`w:altChunk`, issue 13, field case docx-altchunk-report): the part is
 * read with the matching reader (HTML, MHT, nested DOCX, text) in its place; other types, missing
 * or external parts, self-references and over-deep nesting are skipped with a warning; chunks go
 * through the same size limits as the main part. The generated fixtures
 * (fixtures/docx/pingtan-2023-altchunk-*.docx) are also golden-tested by tests/fixtures.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { isXxgkError } from '../src/errors.js';
import { createDocxReader, docxReader } from '../src/read/docx.js';
import { decodeQuotedPrintable, mhtPage, parseContentType } from '../src/read/docx/mime.js';
import type { Doc, ReadWarning } from '../src/model.js';
import { CORPUS, FIXTURES, compare, type Expected } from './helpers/corpus.js';
import { docxPackage, para } from './helpers/docx.js';

const CASE = path.resolve(CORPUS, '../field-cases/docx-altchunk-report');
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const sequence = (doc: Doc) => doc.blocks.map((b) => (b.kind === 'text' ? b.text : `TABLE:${b.rows.map((r) => r.map((c) => c.text).join('|')).join('/')}`));
const codes = (doc: { warnings: ReadWarning[] }) => doc.warnings.map((w) => w.code);
const ignored = (doc: Doc) => doc.warnings.filter((w) => w.code === 'docx_altchunk_ignored').map((w) => w.message);

/** A package whose body is `before`, one altChunk per chunk (rIdC0, rIdC1, …), then `after`. */
function withChunks(chunks: { name: string; type: string; data: string | Uint8Array }[], before = para(['前文']), after = para(['后文'])): Uint8Array {
  return docxPackage({
    body: before + chunks.map((_, i) => `<w:altChunk r:id="rIdC${i}"/>`).join('') + after,
    rels: chunks.map((c, i) => [`rIdC${i}`, 'aFChunk', c.name] as [string, string, string]),
    overrides: Object.fromEntries(chunks.map((c) => [`/word/${c.name}`, c.type])),
    parts: Object.fromEntries(chunks.map((c) => [`word/${c.name}`, c.data])),
  });
}
const chunkDoc = (data: string | Uint8Array, type: string, name = 'chunk.bin') => withChunks([{ name, type, data }]);

describe('field case docx-altchunk-report and the generated altChunk fixtures', () => {
  it('the report inside an HTML altChunk gives expected.json (was exit 14, not_a_report)', async () => {
    const file = path.join(CASE, 'input.docx');
    const expected = JSON.parse(readFileSync(path.join(CASE, 'expected.json'), 'utf8')) as Expected;
    const result = await extract(readFileSync(file), { path: file });
    expect(compare(result, expected)).toEqual([]);
    expect(result.report.agency).toBe(expected.report.agency);
    expect(codes(result)).toContain('docx_altchunk_read');
    expect(codes(result)).not.toContain('docx_altchunk_ignored');
  });

  for (const variant of ['mht', 'docx']) {
    it(`${variant} chunk: read in place, between the paragraphs around it`, async () => {
      const doc = await docxReader.read(new Uint8Array(readFileSync(path.join(FIXTURES, 'docx', `pingtan-2023-altchunk-${variant}.docx`))));
      const seq = sequence(doc);
      expect(seq.slice(0, 2)).toEqual(['平潭综合实验区2023年度政府信息公开工作年度报告', '（以下为导入的报告正文）']);
      expect(seq[seq.length - 1]).toBe('（导入内容结束）');
      expect(doc.blocks.filter((b) => b.kind === 'table').length).toBeGreaterThanOrEqual(3);
      expect(ignored(doc)).toEqual([]);
    });
  }
});

describe('docx reader: w:altChunk kinds', () => {
  it('HTML chunk: its paragraphs and table stand where the chunk is', async () => {
    const html = '<html><body><p>导入段落</p><table><tr><td>规章</td><td>5</td></tr></table></body></html>';
    const doc = await docxReader.read(chunkDoc(html, 'text/html', 'chunk.htm'));
    expect(sequence(doc)).toEqual(['前文', '导入段落', 'TABLE:规章|5', '后文']);
    expect(doc.blocks.find((b) => b.kind === 'table')!.origin.table).toBe(0);
  });

  it('MHT chunk: the page of a multipart/related (base64 body, root by the start parameter)', async () => {
    const page = Buffer.from('<html><body><p>网页归档</p></body></html>', 'utf8').toString('base64').replace(/.{20}/g, '$&\r\n');
    const mht =
      'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary="=_b";\r\n\tstart="<root@x>"; type="text/html"\r\n\r\npreamble\r\n' +
      '--=_b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>not the root</p>\r\n' +
      `--=_b\r\nContent-ID: <root@x>\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${page}\r\n--=_b--\r\n`;
    const doc = await docxReader.read(chunkDoc(mht, 'message/rfc822', 'chunk.mht'));
    expect(sequence(doc)).toEqual(['前文', '网页归档', '后文']);
  });

  it('MHT chunk: the charset of the MIME part decodes the page (Big5, no meta charset)', async () => {
    // 測試 in Big5, quoted-printable: GB18030 or UTF-8 would garble it
    const mht = 'Content-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset="big5"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>=B4=FA=B8=D5=\r\n</p>\r\n--b--\r\n';
    const doc = await docxReader.read(chunkDoc(mht, 'message/rfc822', 'chunk.mht'));
    expect(sequence(doc)).toEqual(['前文', '測試', '后文']);
  });

  it('nested DOCX chunk, and a text/plain chunk', async () => {
    const inner = docxPackage({ body: para(['内层文档']) });
    const doc = await docxReader.read(withChunks([
      { name: 'inner.docx', type: DOCX_TYPE, data: inner },
      { name: 'note.txt', type: 'text/plain', data: '纯文本导入' },
    ]));
    expect(sequence(doc)).toEqual(['前文', '内层文档', '纯文本导入', '后文']);
    expect(codes(doc).filter((c) => c === 'docx_altchunk_read')).toHaveLength(2);
  });

  it('a generic content type is decided by the bytes (an HTML page sent as octet-stream)', async () => {
    const doc = await docxReader.read(chunkDoc('<!DOCTYPE html><html><body><p>嗅探</p></body></html>', 'application/octet-stream'));
    expect(sequence(doc)).toEqual(['前文', '嗅探', '后文']);
  });

  it('a chunk inside a content control (w:sdt) is placed too', async () => {
    const pkg = docxPackage({
      body: para(['前']) + '<w:sdt><w:sdtPr/><w:sdtContent><w:altChunk r:id="rC"/></w:sdtContent></w:sdt>' + para(['后']),
      rels: [['rC', 'aFChunk', 'c.htm']],
      overrides: { '/word/c.htm': 'text/html' },
      parts: { 'word/c.htm': '<p>控件内</p>' },
    });
    expect(sequence(await docxReader.read(pkg))).toEqual(['前', '控件内', '后']);
  });

  it('a chunk in a table cell: its text joins the cell', async () => {
    const body = `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>${para(['行政处罚'])}</w:tc><w:tc><w:altChunk r:id="rIdC0"/><w:p/></w:tc></w:tr></w:tbl>`;
    const pkg = docxPackage({ body, rels: [['rIdC0', 'aFChunk', 'c.htm']], overrides: { '/word/c.htm': 'text/html' }, parts: { 'word/c.htm': '<p>545</p>' } });
    const doc = await docxReader.read(pkg);
    expect(sequence(doc)).toEqual(['TABLE:行政处罚|545']);
  });
});

describe('docx reader: w:altChunk skipped, with the reason', () => {
  it('an RTF chunk, an external link, a missing part, an undeclared relationship', async () => {
    const body = para(['前文']) + ['rRtf', 'rExt', 'rMissing', 'rNone'].map((id) => `<w:altChunk r:id="${id}"/>`).join('') + para(['后文']);
    const pkg = docxPackage({
      body,
      rels: [['rRtf', 'aFChunk', 'c.rtf'], ['rExt', 'aFChunk', 'http://example.invalid/report.html', true], ['rMissing', 'aFChunk', 'gone.htm']],
      overrides: { '/word/c.rtf': 'application/rtf' },
      parts: { 'word/c.rtf': '{\\rtf1 123}' },
    });
    const doc = await docxReader.read(pkg);
    expect(sequence(doc)).toEqual(['前文', '后文']);
    const msgs = ignored(doc);
    expect(msgs).toHaveLength(4);
    expect(msgs[0]).toMatch(/word\/c\.rtf has the content type application\/rtf/);
    expect(msgs[1]).toMatch(/external file/);
    expect(msgs[2]).toMatch(/gone\.htm is missing/);
    expect(msgs[3]).toMatch(/rNone is not declared/);
  });

  it('a chunk pointing at the document itself is not read again (no loop)', async () => {
    const pkg = docxPackage({ body: para(['正文']) + '<w:altChunk r:id="rSelf"/>', rels: [['rSelf', 'aFChunk', 'document.xml']] });
    const doc = await docxReader.read(pkg);
    expect(sequence(doc)).toEqual(['正文']);
    expect(ignored(doc)[0]).toMatch(/document itself/);
  });

  it('the same chunk twice is placed once', async () => {
    const pkg = docxPackage({
      body: '<w:altChunk r:id="rC"/>' + para(['中']) + '<w:altChunk r:id="rC"/>',
      rels: [['rC', 'aFChunk', 'c.htm']],
      overrides: { '/word/c.htm': 'text/html' },
      parts: { 'word/c.htm': '<p>一次</p>' },
    });
    expect(sequence(await docxReader.read(pkg))).toEqual(['一次', '中']);
  });

  it('nesting stops at depth 3: a DOCX in a DOCX in a DOCX in a DOCX … is read three levels down', async () => {
    let inner = docxPackage({ body: para(['第4层']) });
    for (let level = 3; level >= 0; level--) {
      inner = docxPackage({
        body: para([`第${level}层`]) + '<w:altChunk r:id="rN"/>',
        rels: [['rN', 'aFChunk', 'n.docx']],
        overrides: { '/word/n.docx': DOCX_TYPE },
        parts: { 'word/n.docx': inner },
      });
    }
    const doc = await docxReader.read(inner);
    expect(sequence(doc)).toEqual(['第0层', '第1层', '第2层', '第3层']);
    expect(ignored(doc)[0]).toMatch(/nested more than 3 levels/);
  });

  it('at most 64 chunks are read in a document', async () => {
    const chunks = Array.from({ length: 66 }, (_, i) => ({ name: `c${i}.htm`, type: 'text/html', data: `<p>块${i}</p>` }));
    const doc = await docxReader.read(withChunks(chunks, '', ''));
    expect(sequence(doc)).toHaveLength(64);
    expect(ignored(doc)).toHaveLength(2);
    expect(ignored(doc)[0]).toMatch(/more than 64 imported parts/);
  });
});

describe('docx reader: w:altChunk under the size limits', () => {
  const tooLarge = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      expect(isXxgkError(e) && e.code).toBe('too_large');
      return;
    }
    throw new Error('expected too_large');
  };

  it('a chunk part over the entry limit is refused like the main part (too_large)', async () => {
    const big = new Uint8Array(2 * 1024 * 1024).fill(0x20);
    const reader = createDocxReader({ limits: { maxEntryBytes: 1024 * 1024 } });
    await tooLarge(reader.read(chunkDoc(big, 'text/html', 'big.htm')));
  });

  it('nested packages share the byte budget of the whole document', async () => {
    // each inner package declares 3 MB (one padded document.xml): each alone fits a 4 MB limit, both together do not
    const padded = () => docxPackage({ body: para(['内层']) + `<!--${' '.repeat(3 * 1024 * 1024)}-->` });
    const reader = createDocxReader({ limits: { maxTotalBytes: 4 * 1024 * 1024 } });
    const one = await reader.read(chunkDoc(padded(), DOCX_TYPE, 'a.docx'));
    expect(sequence(one)).toEqual(['前文', '内层', '后文']);
    const two = withChunks([
      { name: 'a.docx', type: DOCX_TYPE, data: padded() },
      { name: 'b.docx', type: DOCX_TYPE, data: padded() },
    ]);
    await tooLarge(reader.read(two));
  });
});

describe('MIME pieces of the MHT reader', () => {
  it('quoted-printable: =XX bytes, soft line breaks, trailing spaces dropped, a stray = kept', () => {
    expect(decodeQuotedPrintable('a=3Db=\r\nc  \r\nd=ZZ')).toBe('a=bc\r\nd=ZZ');
  });

  it('Content-Type parameters: quoted (with escapes) and bare, names case-insensitive', () => {
    expect(parseContentType('Multipart/Related; BOUNDARY="a\\"b;c"; type=text/html')).toEqual({ type: 'multipart/related', params: { boundary: 'a"b;c', type: 'text/html' } });
  });

  it('multipart: a delimiter inside a line does not split; a missing closing delimiter leaves the rest as the last part', () => {
    const page = mhtPage(strToU8('Content-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: image/gif\r\n\r\nGIF\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>a --x b</p>\r\n--xy\r\n<p>c</p>'));
    expect(page && Buffer.from(page.html).toString()).toBe('<p>a --x b</p>\r\n--xy\r\n<p>c</p>');
  });

  it('a message without an HTML part has no page; a single-part text/html message is its own page', () => {
    expect(mhtPage(strToU8('Content-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: image/png\r\n\r\nPNG\r\n--x--\r\n'))).toBeUndefined();
    const single = mhtPage(strToU8('Content-Type: text/html; charset=gb2312\r\n\r\n<p>x</p>'));
    expect(single && { html: Buffer.from(single.html).toString(), charset: single.charset }).toEqual({ html: '<p>x</p>', charset: 'gb2312' });
  });
});
