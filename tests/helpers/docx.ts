/** Build small WordprocessingML packages in memory for reader tests (zipped by fflate). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { CORPUS } from './corpus.js';

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_BASE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const PKG_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_BASE}officeDocument" Target="word/document.xml"/></Relationships>`;

export interface PackageSpec {
  /** Inner XML of w:body. */
  body: string;
  /** Inner XML of w:styles (becomes word/styles.xml, related as `styles`). */
  styles?: string;
  /** Relationships of the main part: [id, type (last URI segment), target, external?]. */
  rels?: [string, string, string, boolean?][];
  /** Content types: part name (with leading '/') → type. */
  overrides?: Record<string, string>;
  /** Extension defaults beyond rels/xml. */
  defaults?: Record<string, string>;
  /** Other parts: name → text or bytes. */
  parts?: Record<string, string | Uint8Array>;
}

/** A .docx package (bytes) with the given body, styles, relationships and extra parts. */
export function docxPackage(spec: PackageSpec): Uint8Array {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${spec.body}</w:body></w:document>`;
  const rels = [...(spec.rels ?? [])];
  if (spec.styles !== undefined) rels.push(['rIdStyles', 'styles', 'styles.xml']);
  const relsXml = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels
    .map(([id, type, target, ext]) => `<Relationship Id="${id}" Type="${REL_BASE}${type}" Target="${target}"${ext ? ' TargetMode="External"' : ''}/>`)
    .join('')}</Relationships>`;
  const defaults = { rels: 'application/vnd.openxmlformats-package.relationships+xml', xml: 'application/xml', ...spec.defaults };
  const overrides = { '/word/document.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', ...spec.overrides };
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${Object.entries(defaults)
    .map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`)
    .join('')}${Object.entries(overrides)
    .map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`)
    .join('')}</Types>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(ct),
    '_rels/.rels': strToU8(PKG_RELS),
    'word/document.xml': strToU8(document),
    'word/_rels/document.xml.rels': strToU8(relsXml),
  };
  if (spec.styles !== undefined) files['word/styles.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}">${spec.styles}</w:styles>`);
  for (const [k, v] of Object.entries(spec.parts ?? {})) files[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(files);
}

/** A paragraph of runs; each run is [text, rPr inner XML?]; `pPr` is the paragraph properties' inner XML. */
export function para(runs: (string | [string, string?])[], pPr = ''): string {
  const rs = runs.map((r) => {
    const [t, rPr] = typeof r === 'string' ? [r, ''] : r;
    return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
  });
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${rs.join('')}</w:p>`;
}

/** A w:style element. */
export function style(type: 'paragraph' | 'character' | 'table', id: string, inner: string, isDefault = false): string {
  return `<w:style w:type="${type}" w:styleId="${id}"${isDefault ? ' w:default="1"' : ''}><w:name w:val="${id}"/>${inner}</w:style>`;
}

/** The field case's DOCX with its HTML altChunk replaced by an RTF part holding the report's title and first line. */
export function rtfChunkDocx(): Uint8Array {
  const files = unzipSync(new Uint8Array(readFileSync(path.resolve(CORPUS, '../field-cases/docx-altchunk-report/input.docx'))));
  delete files['word/afchunk1.html'];
  const rtfText = (s: string) => [...s].map((c) => (c.charCodeAt(0) > 127 ? `\\u${c.charCodeAt(0)}?` : c)).join('');
  files['word/afchunk1.rtf'] = strToU8(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 ${rtfText('平潭综合实验区2023年度政府信息公开工作年度报告')}\\par ${rtfText('二、主动公开政府信息情况')}\\par}`);
  files['word/_rels/document.xml.rels'] = strToU8(strFromU8(files['word/_rels/document.xml.rels']).replace('afchunk1.html', 'afchunk1.rtf'));
  files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']).replace('<Default Extension="html" ContentType="text/html"/>', '<Default Extension="rtf" ContentType="application/rtf"/>'));
  return zipSync(files);
}
