#!/usr/bin/env node
/**
 * Generates the PDF sweep in fixtures/pdf-sweep/ (committed; CI never runs this):
 * the same filled reports printed over and over with the page breaks moved
 * through every row of tables 二, 三 and 四, by two real producers.
 *
 *   node scripts/make-pdf-sweep.mjs            # needs soffice (libreoffice-writer),
 *                                              # chromium, qpdf, fonts-wqy-microhei,
 *                                              # fonts-droid-fallback (Debian packages)
 *
 * Contents (scripts/pdf-sweep-content.mjs): huaian-2024 (2021 layout), city-2020 (2019
 * layout), mixed-2022 (2021 table 二 + the 2019 single （六）其他处理 row).
 * Producers:
 * - LibreOffice (`soffice --headless --convert-to pdf`): huaian-2024 from
 *   fixtures/docx/huaian-2024-filled.docx (the official Word template, filled) with
 *   word/document.xml edited; the other two from the sweep's HTML made a Word document by
 *   LibreOffice (`--infilter="HTML (StarWriter)" --convert-to docx`), then edited the same way.
 * - Chromium (`chromium --headless --print-to-pdf`) printing the sweep's HTML.
 * Variants (each print's parameters are in manifest.json):
 * - `spacer4` (huaian-2024, LibreOffice): points of empty space before section 四, moving the
 *   rows of table 四 (header rows included) one by one over the foot of page 3;
 * - `spacer`: points of empty space before section 二 (DOCX: that many 1-pt exact-height
 *   empty paragraphs; HTML: a block that high), stepped through a whole page, so that
 *   every row of every table meets a page foot;
 * - `narrow`: value columns of table 三 (and 二 in HTML) narrowed so that numbers of two
 *   or more digits wrap inside their cells (the break then falls between a number's lines);
 * - `landscape`: A4 landscape pages.
 * Text direction and page rotation (read upright by the PDFium engine):
 * - `btlr`: the table-三 group labels set bottom-to-top (Word/WPS cell direction btLr);
 * - `rotate`: a print whose pages qpdf turned with /Rotate 90 (content unchanged).
 * `lost`: a print whose page 2 qpdf dropped, so that the row cut at the foot of page 1 has no
 * continuation (its numbers must come out null, never shorter).
 * expected/<content>.json: the expected tables, written from the contents' numbers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { contents, expectedOf, html } from './pdf-sweep-content.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures/pdf-sweep');
const TMP = mkdtempSync(path.join(tmpdir(), 'xxgk-sweep-'));

/** Sweep plan per producer: spacer values (points) and the variant of each. */
const PAGE = 730; // text height of an A4 page with these margins, points: one page of spacers moves every row past a foot
const plans = {
  libreoffice: [
    ...steps(0, PAGE, 26).map((spacer) => ({ spacer, narrow: true })),
    ...steps(12, PAGE, 120).map((spacer) => ({ spacer, narrow: false })),
    ...steps(0, 520, 130).map((spacer) => ({ spacer, narrow: true, landscape: true })),
  ],
  // Chromium embeds part of the CJK glyphs as Type 3 fonts (~150 KB a print): fewer prints, coarser steps
  chromium: [...steps(0, PAGE, 66).map((spacer) => ({ spacer, narrow: true })), { spacer: 200, narrow: true, landscape: true }],
};

function steps(from, to, step) {
  const out = [];
  for (let v = from; v < to; v += step) out.push(v);
  return out;
}

const FIXED_DATE = new Date('2025-02-20T00:00:00Z');
function zipDocx(files) {
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out = {};
  for (const n of names) out[n] = [files[n], { mtime: FIXED_DATE }];
  return zipSync(out, { level: 6 });
}

/**
 * The filled Word template with the sweep's edits in word/document.xml: `spacer` 1-pt
 * exact-height empty paragraphs before the section-二 heading, table 三's seven value
 * columns at 300 twips (`narrow`), A4 landscape, group labels bottom-to-top (`btlr`).
 */
function docxVariant(src, { spacer = 0, spacer4 = 0, narrow = false, landscape = false, btlr = false }) {
  const files = unzipSync(src);
  let s = strFromU8(files['word/document.xml']);
  // off the document grid (the template snaps lines to a 15.6-pt pitch), exactly 1 pt high
  const empty = '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>';
  const spaceBefore = (heading, n) => {
    const at = s.indexOf(heading);
    const p = Math.max(s.lastIndexOf('<w:p ', at), s.lastIndexOf('<w:p>', at));
    s = s.slice(0, p) + empty.repeat(n) + s.slice(p);
  };
  if (spacer4) spaceBefore('四、政府信息公开行政复议', spacer4);
  if (spacer) spaceBefore('二、主动公开', spacer);
  if (narrow) {
    const a = [...s.matchAll(/<w:tbl>/g)][1].index;
    const b = s.indexOf('</w:tbl>', a);
    let t = s.slice(a, b);
    const g = /<w:tblGrid>.*?<\/w:tblGrid>/s.exec(t);
    const cols = [...g[0].matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
    const grid = [...cols.slice(0, 3), ...cols.slice(3).map(() => 300)];
    grid[2] += cols.reduce((x, y) => x + y, 0) - grid.reduce((x, y) => x + y, 0);
    t = t.slice(0, g.index) + `<w:tblGrid>${grid.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` + t.slice(g.index + g[0].length);
    // value cells (digits only) follow the grid
    t = t.replace(/<w:tc>.*?<\/w:tc>/gs, (tc) => {
      const text = [...tc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      return /^\d+$/.test(text) ? tc.replace(/<w:tcW w:w="\d+"/, '<w:tcW w:w="300"') : tc;
    });
    s = s.slice(0, a) + t + s.slice(b);
  }
  if (landscape) s = s.replace(/<w:pgSz w:w="(\d+)" w:h="(\d+)"\/>/g, (_, w, h) => `<w:pgSz w:w="${h}" w:h="${w}" w:orient="landscape"/>`);
  if (btlr) {
    for (const label of ['本年度办理结果', '不予公开', '无法提供', '不予处理', '其他处理']) {
      const at = s.indexOf(label, s.indexOf('申请人情况'));
      const tc = s.lastIndexOf('<w:tcPr>', at);
      s = s.slice(0, tc + 8) + '<w:textDirection w:val="btLr"/>' + s.slice(tc + 8);
    }
  }
  files['word/document.xml'] = strToU8(s);
  return zipDocx(files);
}

/** Print many inputs with one soffice run; returns the PDF paths in input order. */
function soffice(inputs) {
  const dir = path.join(TMP, 'lo-out');
  mkdirSync(dir, { recursive: true });
  // HTML goes into Writer proper (its default, Writer/Web, drops the first paragraph onto a blank page)
  const filter = inputs[0].endsWith('.html') ? ['--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export'] : ['--convert-to', 'pdf'];
  for (let i = 0; i < inputs.length; i += 40) execFileSync('soffice', ['--headless', ...filter, '--outdir', dir, ...inputs.slice(i, i + 40)], { stdio: 'ignore' });
  return inputs.map((f) => path.join(dir, path.basename(f).replace(/\.[a-z]+$/, '.pdf')));
}

function chromium(htmlFile, pdf) {
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, htmlFile], { stdio: 'ignore' });
}

/** Strip what changes from run to run (creation dates, document ids) so that a re-run gives the same bytes where the producer allows. */
function stable(pdf) {
  let b = readFileSync(pdf, 'latin1');
  b = b.replace(/\/(CreationDate|ModDate)\s*\(D:[^)]*\)/g, (m) => m.replace(/\d/g, '0'));
  writeFileSync(pdf, b, 'latin1');
}

const name = (v) => `s${String(v.spacer).padStart(3, '0')}${v.spacer4 ? `-t4s${String(v.spacer4).padStart(3, '0')}` : ''}${v.narrow ? '-narrow' : ''}${v.landscape ? '-landscape' : ''}${v.btlr ? '-btlr' : ''}${v.rotate ? '-rotate' : ''}`;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.join(OUT, 'expected'), { recursive: true });
const manifest = [];
const docx = readFileSync(path.join(ROOT, 'fixtures/docx/huaian-2024-filled.docx'));

for (const c of contents()) {
  writeFileSync(path.join(OUT, 'expected', `${c.id}.json`), JSON.stringify(expectedOf(c), null, 2) + '\n');
  // LibreOffice
  const loDir = path.join(OUT, 'libreoffice', c.id);
  mkdirSync(loDir, { recursive: true });
  const loPlan = [...plans.libreoffice];
  if (c.id === 'huaian-2024') {
    // table 四 (four rows) ends page 3 in the print without spacers; 3 to 39 pt before section 四 move each of its rows over that page foot (from 40 pt on, LibreOffice moves the whole table to page 4)
    loPlan.push(...steps(3, 40, 3).map((spacer4) => ({ spacer: 0, spacer4, narrow: true })));
    loPlan.push({ spacer: 0, narrow: false, btlr: true }, { spacer: 300, narrow: true, btlr: true });
  }
  // the other contents: their HTML (one per column width and orientation) made a Word document by
  // LibreOffice (LibreOffice ignores the height of an empty HTML block), then spaced like the template
  const bases = new Map();
  if (c.id !== 'huaian-2024') {
    const forms = [...new Set(loPlan.map((v) => `${v.narrow ? 'narrow' : 'wide'}-${v.landscape ? 'landscape' : 'portrait'}`))];
    const htmls = forms.map((f) => {
      const h = path.join(TMP, `${c.id}-base-${f}.html`);
      writeFileSync(h, html(c, { valueWidth: f.startsWith('narrow') ? 16 : 48, landscape: f.endsWith('landscape'), font: 'WenQuanYi Micro Hei' }));
      return h;
    });
    const dir = path.join(TMP, 'lo-docx');
    mkdirSync(dir, { recursive: true });
    execFileSync('soffice', ['--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, ...htmls], { stdio: 'ignore' });
    forms.forEach((f, i) => bases.set(f, readFileSync(path.join(dir, path.basename(htmls[i]).replace(/\.html$/, '.docx')))));
  }
  const inputs = loPlan.map((v) => {
    const base = path.join(TMP, `${c.id}-${name(v)}`);
    // the DOCX spacer is in 1-pt paragraphs
    if (c.id === 'huaian-2024') writeFileSync(base + '.docx', docxVariant(docx, v));
    else writeFileSync(base + '.docx', docxVariant(bases.get(`${v.narrow ? 'narrow' : 'wide'}-${v.landscape ? 'landscape' : 'portrait'}`), { spacer: v.spacer }));
    return base + '.docx';
  });
  const pdfs = soffice(inputs);
  loPlan.forEach((v, i) => {
    const file = path.join(loDir, `${name(v)}.pdf`);
    renameSync(pdfs[i], file);
    stable(file);
    manifest.push({ file: path.relative(OUT, file), content: c.id, producer: 'libreoffice', ...v });
  });
  // Chromium
  const chDir = path.join(OUT, 'chromium', c.id);
  mkdirSync(chDir, { recursive: true });
  for (const v of plans.chromium) {
    const h = path.join(TMP, `${c.id}-${name(v)}-chromium.html`);
    writeFileSync(h, html(c, { spacer: v.spacer, valueWidth: v.narrow ? 16 : 48, landscape: v.landscape }));
    const file = path.join(chDir, `${name(v)}.pdf`);
    chromium(h, file);
    stable(file);
    manifest.push({ file: path.relative(OUT, file), content: c.id, producer: 'chromium', ...v });
  }
}

// /Rotate: one upright LibreOffice print turned by qpdf (page dictionaries only)
{
  const src = path.join(OUT, 'libreoffice', 'huaian-2024', 's000-narrow.pdf');
  const file = path.join(OUT, 'libreoffice', 'huaian-2024', 's000-narrow-rotate.pdf');
  execFileSync('qpdf', ['--rotate=+90', '--deterministic-id', src, file]);
  manifest.push({ file: path.relative(OUT, file), content: 'huaian-2024', producer: 'libreoffice', spacer: 0, narrow: true, rotate: true });
}

// a lost continuation: a Chromium print whose row (二)部分公开 (447 | 454) is cut at the foot of page 1, page 2 dropped by qpdf
{
  const src = path.join(OUT, 'chromium', 'huaian-2024', 's132-narrow.pdf');
  const file = path.join(OUT, 'chromium', 'huaian-2024', 's132-narrow-page2-lost.pdf');
  execFileSync('qpdf', ['--empty', '--deterministic-id', '--pages', src, '1', '--', file]);
  manifest.push({ file: path.relative(OUT, file), content: 'huaian-2024', producer: 'chromium', spacer: 132, narrow: true, lost: true });
}

for (const m of manifest) m.bytes = statSync(path.join(OUT, m.file)).size;
writeFileSync(path.join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
const total = manifest.reduce((s, m) => s + m.bytes, 0);
console.log(`${manifest.length} prints, ${(total / 1024 / 1024).toFixed(1)} MB`);
for (const p of ['libreoffice', 'chromium']) for (const c of contents()) console.log(p, c.id, manifest.filter((m) => m.producer === p && m.content === c.id).length);
rmSync(TMP, { recursive: true, force: true });
void readdirSync;
