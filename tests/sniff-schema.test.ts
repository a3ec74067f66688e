import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../src/read/sniff.js';
import { jsonSchema, RecordSchema, ErrorRecordSchema } from '../src/schema.js';
import { errorRecord, extractRecord } from '../src/api.js';
import { decodeText } from '../src/read/decode.js';
import iconv from 'iconv-lite';

const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('format sniffing (content, not file name)', () => {
  it('recognises PDF, zip (DOCX), HTML and text', () => {
    expect(sniffFormat(b('%PDF-1.7\n...'))).toBe('pdf');
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('docx');
    expect(sniffFormat(new Uint8Array(Buffer.from('<!DOCTYPE html><html><body>报告</body></html>')))).toBe('html');
    expect(sniffFormat(new Uint8Array(Buffer.from('一、总体情况\n二、主动公开政府信息情况\n')))).toBe('text');
  });
  it('refuses legacy .doc, GIF images and binary garbage with unsupported_format; PNG is a page image', () => {
    expect(() => sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toThrow(/convert-to docx/);
    expect(() => sniffFormat(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toThrowError(expect.objectContaining({ code: 'unsupported_format' }));
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image');
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(() => sniffFormat(junk)).toThrowError(expect.objectContaining({ code: 'unsupported_format' }));
  });
  it('calls an empty file corrupt', () => {
    expect(() => sniffFormat(new Uint8Array())).toThrowError(expect.objectContaining({ code: 'corrupt_file' }));
  });
});

describe('decoding', () => {
  it('decodes GBK by declaration and by fallback, UTF-8 by validity', () => {
    const gbk = iconv.encode('收到和处理政府信息公开申请情况', 'gbk');
    expect(decodeText(gbk, 'gb2312').text).toBe('收到和处理政府信息公开申请情况');
    expect(decodeText(gbk).text).toBe('收到和处理政府信息公开申请情况');
    expect(decodeText(Buffer.from('总计', 'utf8'), 'gb2312').text).toBe('总计');
  });
});

describe('schema', () => {
  it('exports a JSON Schema for result and error records', () => {
    const s = JSON.stringify(jsonSchema());
    for (const key of ['schema_version', 'active_disclosure', 'new_received', 'litigation_after_review', 'amount_wan_yuan', 'procurement', 'not_a_report']) {
      expect(s).toContain(key);
    }
  });
  it('error records validate and carry the typed code', async () => {
    const rec = await extractRecord(new Uint8Array(Buffer.from('<html><body><p>通知公告</p><table><tr><td>a</td></tr></table></body></html>')), { path: 'x.html' });
    expect(ErrorRecordSchema.parse(rec).error.code).toBe('not_a_report');
    expect(RecordSchema.safeParse(errorRecord(null, 'missing.pdf', 'io_error', 'ENOENT')).success).toBe(true);
  });
});

describe('password-protected Office documents', () => {
  it('an OLE file holding an EncryptedPackage stream is encrypted, not a legacy .doc', () => {
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole, 0);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1100);
    expect(() => sniffFormat(new Uint8Array(ole))).toThrowError(expect.objectContaining({ code: 'encrypted' }));
    Buffer.from('WordDocument\0\0\0\0', 'utf16le').copy(ole, 1100);
    expect(() => sniffFormat(new Uint8Array(ole))).toThrowError(expect.objectContaining({ code: 'unsupported_format' }));
  });
});

describe('malformed text', () => {
  it('replaces lone surrogates so that the HTML parser never sees them (fuzz: GB18030 decoding of random bytes)', async () => {
    const { wellFormed } = await import('../src/read/decode.js');
    expect(wellFormed('a\udcf7\udd8bb')).toBe('a\uFFFD\uFFFDb');
    expect(wellFormed('x\ud835y')).toBe('x\uFFFDy');
    expect(wellFormed('𝟘 总计')).toBe('𝟘 总计');
  });
  it('a GBK page with random bytes inside is read, not an internal error', async () => {
    const bytes = iconv.encode('<html><head><meta charset="gbk"></head><body><p title="', 'gbk');
    const junk = Buffer.from([0x81, 0x30, 0xff, 0x30, 0x84, 0x31, 0xa4, 0x39, 0x90, 0x30, 0x81, 0x30]);
    const rec = await extractRecord(new Uint8Array(Buffer.concat([bytes, junk, iconv.encode('">通知</p></body></html>', 'gbk')])));
    expect('error' in rec ? rec.error.code : 'result').not.toBe('internal_error');
  });
});
