/**
 * Reader registry: sniff the format from the bytes, then hand them to that
 * format's reader. Readers are loaded on first use (the PDF engine, PDFium
 * in WebAssembly, takes ~50 ms to load), so a run over HTML files never pays for it.
 */
import { XxgkError } from '../errors.js';
import type { Doc, SourceFormat } from '../model.js';
import { sniffFormat } from './sniff.js';
import type { Reader, ReadOptions } from './types.js';

const modules: Record<SourceFormat, { path: string; name: string }> = {
  html: { path: './html.js', name: 'htmlReader' },
  text: { path: './text.js', name: 'textReader' },
  pdf: { path: './pdf.js', name: 'pdfReader' },
  docx: { path: './docx.js', name: 'docxReader' },
  image: { path: './image.js', name: 'imageReader' },
};

const cache = new Map<SourceFormat, Promise<Reader>>();

export function readerFor(format: SourceFormat): Promise<Reader> {
  let p = cache.get(format);
  if (!p) {
    const m = modules[format];
    const spec: string = m.path;
    p = import(spec).then((mod: Record<string, Reader>) => {
      const r = mod[m.name];
      if (!r) throw new XxgkError('unsupported_format', `no reader for ${format} in this build`);
      return r;
    });
    cache.set(format, p);
  }
  return p;
}

export async function readDocument(bytes: Uint8Array, opts: ReadOptions = {}): Promise<Doc> {
  const format = sniffFormat(bytes);
  const reader = await readerFor(format);
  return reader.read(bytes, opts);
}

export { sniffFormat };
