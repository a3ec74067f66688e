/**
 * Content sniffing: decide the input format from the bytes, never from the
 * file name.
 */
import { XxgkError } from '../errors.js';
import type { SourceFormat } from '../model.js';
import { sniffImage } from './ocr/decode.js';

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

export function sniffFormat(bytes: Uint8Array): SourceFormat {
  if (bytes.length === 0) throw new XxgkError('corrupt_file', 'empty file');
  if (isPdf(bytes)) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // a zip: DOCX if it has word/document.xml (checked by the DOCX reader), else unsupported
    return 'docx';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // an OLE compound file: a password-protected OOXML document keeps its package in an
    // "EncryptedPackage" stream (MS-OFFCRYPTO); anything else is a legacy binary document
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)) {
      throw new XxgkError('encrypted', 'password-protected Office document (EncryptedPackage): remove the password and save it as .docx');
    }
    throw new XxgkError(
      'unsupported_format',
      'legacy Word 97-2003 (.doc) or WPS binary document: convert it to .docx first, e.g. `libreoffice --headless --convert-to docx FILE`',
    );
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    throw new XxgkError('unsupported_format', 'RTF document: convert it to .docx first, e.g. `libreoffice --headless --convert-to docx FILE`');
  }
  // page images (scans) are read by OCR
  if (sniffImage(bytes)) return 'image';
  const imageSigs: [number[], string][] = [[[0x47, 0x49, 0x46, 0x38], 'GIF image']];
  for (const [sig, what] of imageSigs) {
    if (startsWith(bytes, sig)) throw new XxgkError('unsupported_format', `${what}: convert it to PNG first; xxgk reads PDF, DOCX, HTML, text and PNG/JPEG/TIFF page images`);
  }
  if (startsWith(bytes, [0x1f, 0x8b])) throw new XxgkError('unsupported_format', 'gzip archive: unpack it first');
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) {
    throw new XxgkError('unsupported_format', 'RAR/7z archive: unpack it first');
  }
  // text-like: decide between HTML and plain text
  const sample = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 65536))).toString('latin1');
  if (looksBinary(bytes.subarray(0, Math.min(bytes.length, 8192)))) {
    throw new XxgkError('unsupported_format', 'binary data of an unknown format (not PDF, DOCX, HTML or text)');
  }
  if (/<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|table[\s>]|meta\s|div[\s>]|p[\s>])/i.test(sample)) return textWithHtmlTables(sample) ? 'text' : 'html';
  return 'text';
}

/**
 * A PDF: `%PDF-` at the start (after a byte-order mark or white space), or — as PDF readers accept
 * junk before the header (an HTTP header or mail text saved with the file) — `%PDF-n.n` starting a
 * line within the first 1024 bytes of a file whose last 2048 bytes hold `%%EOF`. A text or HTML
 * report that merely mentions `%PDF-1.4` (附件说明：原文件为 %PDF-1.4 格式, an HTML comment) is not one.
 */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1024))).toString('latin1');
  if (/^(?:\xef\xbb\xbf)?[\t\n\f\r ]*%PDF-/.test(head)) return true;
  if (!/(?:^|[\r\n])%PDF-\d\.\d/.test(head)) return false;
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  return tail.includes('%%EOF');
}

const INNERMOST_TABLE = /<table[\s>](?:(?!<table[\s>])[\s\S])*?<\/table\s*>/gi;

/**
 * Markdown or plain text that carries HTML <table> blocks, as scrapers and converters write it
 * (markdownify and turndown keep tables with row spans as HTML): no markup at all outside the
 * tables (an HTML fragment with a <span> or <br> there stays HTML: as text, its tags would stay in
 * the lines), and lines of text outside them. Such a file is text: its lines are its structure,
 * and the text reader reads the tables with the HTML reader's table code.
 */
export function textWithHtmlTables(sample: string): boolean {
  if (!/<table[\s>]/i.test(sample)) return false;
  let outside = sample;
  for (let k = 0; k < 8; k++) {
    const next = outside.replace(INNERMOST_TABLE, '\n');
    if (next === outside) break;
    outside = next;
  }
  outside = outside.replace(/<table[\s>][\s\S]*$/i, ''); // a table cut at the end of the sample
  return !/<[A-Za-z!/?]/.test(outside) && /\S/.test(outside);
}

/** Many NULs or control bytes → binary. UTF-16 text is treated as binary here (rare for reports). */
function looksBinary(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let bad = 0;
  for (const v of b) if (v === 0 || (v < 0x09) || (v > 0x0d && v < 0x20 && v !== 0x1b)) bad++;
  return bad / b.length > 0.02;
}
