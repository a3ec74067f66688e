#!/usr/bin/env node
/**
 * Generates the DOCX reader fixtures in fixtures/docx/ (committed; CI never runs this).
 *
 *   node scripts/make-docx-fixtures.mjs [--no-soffice]
 *
 * 1. huaian-2024-filled.docx: the blank official 2021 template
 *    (/work/shared/corpus/template-blank-2021-docx/source.docx) with the numbers of
 *    /work/shared/corpus/huaian-2024-pdf/expected.json written into its empty value cells
 *    (by position in the template's table structure), a real title, a narrative sentence and
 *    the signature/date lines. word/document.xml is edited as text; every other part is kept.
 * 2. huaian-2024-filled-lo.docx: (1) re-saved by LibreOffice (`soffice --headless --convert-to docx`).
 * 3. pingtan-2023-from-html.docx: /work/shared/corpus/pingtan-2023-html/source.html converted by
 *    LibreOffice (whole web page, layout and all).
 * 4. huaian-2024-gridbefore.docx: (1) with the leading vMerge-continuation cells of one table-三 data
 *    row removed and replaced by <w:gridBefore w:val="2"/> (what Word writes when leading cells are
 *    merged away; mammoth ignores it and shifts the row two columns left).
 *
 * Each .docx gets a sibling .expected.json in the corpus expected.json shape.
 * Deterministic: fixed zip timestamps; LibreOffice output is re-zipped with fixed timestamps and
 * its docProps dates are blanked out.
 */
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, copyFileSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.XXGK_CORPUS ?? '/work/shared/corpus';
const outDir = join(root, 'fixtures', 'docx');
const useSoffice = !process.argv.includes('--no-soffice');
mkdirSync(outDir, { recursive: true });

const FIXED_DATE = new Date('2025-02-20T00:00:00Z');

/** Zip entries in a stable order with a fixed timestamp ([Content_Types].xml first, as Word does). */
function zipDeterministic(files) {
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const ordered = {};
  for (const n of names) ordered[n] = [files[n], { level: 6, mtime: FIXED_DATE }];
  return zipSync(ordered);
}

function writeJson(path, obj) {
  writeFileSync(path, JSON.stringify(obj, null, 2) + '\n');
}

// ---------------------------------------------------------------------------
// Minimal positional access to the template's tables (the template has no nested tables).
// ---------------------------------------------------------------------------

/** [start, end) ranges of the top-level elements named `tag` in `xml` between `from` and `to`. */
function ranges(xml, tag, from = 0, to = xml.length) {
  const out = [];
  const open = new RegExp(`<${tag}[ >/]`, 'g');
  open.lastIndex = from;
  let m;
  while ((m = open.exec(xml)) && m.index < to) {
    const start = m.index;
    // self-closing?
    const gt = xml.indexOf('>', start);
    if (xml[gt - 1] === '/') {
      out.push([start, gt + 1]);
      open.lastIndex = gt + 1;
      continue;
    }
    // find the matching close tag (same-name nesting is counted)
    let depth = 1;
    const re = new RegExp(`<${tag}[ >/]|</${tag}>`, 'g');
    re.lastIndex = gt + 1;
    let n;
    while ((n = re.exec(xml))) {
      if (n[0].startsWith('</')) {
        depth--;
        if (depth === 0) break;
      } else {
        const g2 = xml.indexOf('>', n.index);
        if (xml[g2 - 1] !== '/') depth++;
      }
    }
    if (!n) throw new Error(`unclosed <${tag}> at ${start}`);
    const end = n.index + n[0].length;
    out.push([start, end]);
    open.lastIndex = end;
  }
  return out;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Replace the runs of the first paragraph of a cell by a single run holding `text`. */
function setCellText(tcXml, text) {
  const [p] = ranges(tcXml, 'w:p');
  if (!p) throw new Error('cell without paragraph');
  let pXml = tcXml.slice(p[0], p[1]);
  // paragraph mark run properties, reused for the new run (font, size)
  const rPrMatch = /<w:pPr>[\s\S]*?(<w:rPr>[\s\S]*?<\/w:rPr>)[\s\S]*?<\/w:pPr>/.exec(pXml);
  const rPr = rPrMatch ? rPrMatch[1] : '';
  const run = `<w:r>${rPr}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
  if (pXml.endsWith('/>')) {
    pXml = pXml.slice(0, -2) + `>${run}</w:p>`;
  } else {
    // drop existing runs (the U+3000 fillers), keep pPr
    const runs = ranges(pXml, 'w:r');
    for (let i = runs.length - 1; i >= 0; i--) pXml = pXml.slice(0, runs[i][0]) + pXml.slice(runs[i][1]);
    pXml = pXml.replace(/<\/w:p>$/, `${run}</w:p>`);
  }
  return tcXml.slice(0, p[0]) + pXml + tcXml.slice(p[1]);
}

/** Apply edits { table, row, cellIndex (index of <w:tc> in the row), text } to document.xml. */
function editCells(xml, edits) {
  // process from the end so that earlier offsets stay valid
  const body = xml;
  const tbls = ranges(body, 'w:tbl');
  const located = edits.map((e) => {
    const [ts, te] = tbls[e.table];
    const trs = ranges(body, 'w:tr', ts, te);
    const [rs, re] = trs[e.row];
    const tcs = ranges(body, 'w:tc', rs, re);
    const tc = tcs[e.cellIndex];
    if (!tc) throw new Error(`no cell ${e.table}/${e.row}/${e.cellIndex}`);
    return { ...e, range: tc };
  });
  located.sort((a, b) => b.range[0] - a.range[0]);
  let out = body;
  for (const e of located) {
    const tcXml = out.slice(e.range[0], e.range[1]);
    out = out.slice(0, e.range[0]) + setCellText(tcXml, e.text) + out.slice(e.range[1]);
  }
  return out;
}

/** Replace the text of the paragraph whose text is exactly `oldText` (first match) with `newText`. */
function setParagraphText(xml, oldText, newText) {
  for (const [s, e] of ranges(xml, 'w:p')) {
    const p = xml.slice(s, e);
    const t = [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    if (t === oldText) {
      const runs = ranges(p, 'w:r');
      const first = p.slice(runs[0][0], runs[0][1]);
      const rPr = (/<w:rPr>[\s\S]*?<\/w:rPr>/.exec(first) ?? [''])[0];
      const before = p.slice(0, runs[0][0]);
      const after = p.slice(runs[runs.length - 1][1]);
      return xml.slice(0, s) + before + `<w:r>${rPr}<w:t xml:space="preserve">${esc(newText)}</w:t></w:r>` + after + xml.slice(e);
    }
  }
  throw new Error(`paragraph not found: ${oldText}`);
}

// ---------------------------------------------------------------------------
// The contract keys in template order
// ---------------------------------------------------------------------------
const APP_ROWS = [
  'new_received', 'carried_over', 'granted', 'partially_granted',
  'denied_state_secret', 'denied_law_prohibited', 'denied_security_stability', 'denied_third_party_rights',
  'denied_internal_affairs', 'denied_process_info', 'denied_enforcement_files', 'denied_admin_query',
  'unable_not_held', 'unable_needs_creation', 'unable_unclear',
  'not_processed_complaint', 'not_processed_repeat', 'not_processed_publication', 'not_processed_excessive', 'not_processed_confirmation',
  'other_no_correction', 'other_fee_unpaid', 'other_misc',
  'processed_total', 'carried_forward',
];
const APP_COLS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];
const RL_BLOCKS = ['review', 'litigation_direct', 'litigation_after_review'];
const RL_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];

/** Cell edits that write `tables` into the template (table index, row, <w:tc> index). */
function templateEdits(tables) {
  const ad = tables.active_disclosure;
  const num = (v) => String(v);
  const edits = [];
  const t2 = (row, ci, v) => edits.push({ table: 0, row, cellIndex: ci, text: num(v) });
  ['issued', 'repealed', 'in_force'].forEach((k, i) => t2(2, 1 + i, ad.regulations[k]));
  ['issued', 'repealed', 'in_force'].forEach((k, i) => t2(3, 1 + i, ad.normative_documents[k]));
  t2(6, 1, ad.licensing.decisions);
  t2(9, 1, ad.penalty.decisions);
  t2(10, 1, ad.coercion.decisions);
  t2(13, 1, ad.fees.amount_wan_yuan);
  // table 三: rows 3..27 hold the 25 data rows; the value cells are the last 7 <w:tc> of each row
  const tcCount = (r) => (r === 3 || r === 4 || r === 27 ? 8 : r === 5 || r === 6 || r === 26 ? 9 : 10);
  APP_ROWS.forEach((key, i) => {
    const r = 3 + i;
    const n = tcCount(r);
    APP_COLS.forEach((col, j) => {
      const v = tables.applications[key][col];
      if (v !== null) edits.push({ table: 1, row: r, cellIndex: n - 7 + j, text: num(v) });
    });
  });
  RL_BLOCKS.forEach((b, bi) =>
    RL_COLS.forEach((c, ci) => {
      const v = tables.review_litigation[b][c];
      if (v !== null) edits.push({ table: 2, row: 3, cellIndex: bi * 5 + ci, text: num(v) });
    }),
  );
  return edits;
}

// ---------------------------------------------------------------------------
// 1. filled template
// ---------------------------------------------------------------------------
const templateBytes = readFileSync(join(corpus, 'template-blank-2021-docx', 'source.docx'));
const huaian = JSON.parse(readFileSync(join(corpus, 'huaian-2024-pdf', 'expected.json'), 'utf8'));
const templateFiles = unzipSync(new Uint8Array(templateBytes));
const templateXml = strFromU8(templateFiles['word/document.xml']);

let filledXml = editCells(templateXml, templateEdits(huaian.tables));
filledXml = setParagraphText(filledXml, '政府信息公开工作年度报告格式模板', '淮安市人民政府2024年政府信息公开工作年度报告');
filledXml = setParagraphText(
  filledXml,
  '（文字描述）',
  '2024年，淮安市人民政府全年共收到政府信息公开申请3119件，上年结转34件，办结3050件，结转下年度继续办理103件。',
);
filledXml = setParagraphText(filledXml, '（文字描述）', '部分政府信息公开申请答复的规范性有待进一步提高。');
filledXml = setParagraphText(filledXml, '（文字描述，收取信息处理费情况在此处报告。）', '2024年共收取信息处理费3940元。');
// signature and date: appended after the last paragraph (before w:sectPr)
{
  const para = (t) =>
    `<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/></w:rPr><w:t>${esc(t)}</w:t></w:r></w:p>`;
  const at = filledXml.lastIndexOf('<w:sectPr');
  filledXml = filledXml.slice(0, at) + para('淮安市人民政府办公室') + para('2025年2月20日') + filledXml.slice(at);
}

function writeDocx(name, xml, baseFiles = templateFiles) {
  const files = { ...baseFiles, 'word/document.xml': strToU8(xml) };
  writeFileSync(join(outDir, name), zipDeterministic(files));
}

const filledExpected = {
  report: { agency: huaian.report.agency, year: huaian.report.year, template: huaian.report.template },
  tables: huaian.tables,
  kinds: huaian.kinds,
  source_anomalies: huaian.source_anomalies,
  notes:
    'GENERATED by scripts/make-docx-fixtures.mjs: the blank 2021 template (corpus template-blank-2021-docx) with the numbers of corpus huaian-2024-pdf written into its value cells by position; title, a narrative sentence, signature and date (2025年2月20日) set. The template has no （六）其他处理 total row, so other_total is absent.',
};
writeDocx('huaian-2024-filled.docx', filledXml);
writeJson(join(outDir, 'huaian-2024-filled.expected.json'), filledExpected);

// ---------------------------------------------------------------------------
// 4. gridBefore row: table 三 row 8 (2.其他法律行政法规禁止公开) loses its two leading
//    vMerge-continuation cells (三、本年度办理结果 and （三）不予公开) and gets gridBefore=2.
// ---------------------------------------------------------------------------
{
  const tbls = ranges(filledXml, 'w:tbl');
  const [ts, te] = tbls[1];
  const trs = ranges(filledXml, 'w:tr', ts, te);
  const [rs, re] = trs[8];
  let tr = filledXml.slice(rs, re);
  const tcs = ranges(tr, 'w:tc');
  for (const i of [0, 1]) {
    if (!/<w:vMerge\/>|<w:vMerge w:val="continue"\/>/.test(tr.slice(tcs[i][0], tcs[i][1]))) throw new Error('expected a continuation cell');
  }
  tr = tr.slice(0, tcs[0][0]) + tr.slice(tcs[1][1]);
  if (/<w:trPr>/.test(tr)) tr = tr.replace('<w:trPr>', '<w:trPr><w:gridBefore w:val="2"/>');
  else tr = tr.replace(/^<w:tr([^>]*)>/, '<w:tr$1><w:trPr><w:gridBefore w:val="2"/></w:trPr>');
  const gbXml = filledXml.slice(0, rs) + tr + filledXml.slice(re);
  writeDocx('huaian-2024-gridbefore.docx', gbXml);
  writeJson(join(outDir, 'huaian-2024-gridbefore.expected.json'), {
    ...filledExpected,
    notes:
      filledExpected.notes +
      ' Table 三 row 8 (2.其他法律行政法规禁止公开) has its two leading vMerge-continuation cells removed and <w:gridBefore w:val="2"/> instead: the values must stay under their columns.',
  });
}

// ---------------------------------------------------------------------------
// LibreOffice conversions (2, 3)
// ---------------------------------------------------------------------------
/** Re-zip a LibreOffice-made docx deterministically (fixed mtimes, blanked docProps dates). */
function normalizeLo(bytes) {
  const files = unzipSync(new Uint8Array(bytes));
  for (const name of Object.keys(files)) {
    if (name === 'docProps/core.xml' || name === 'docProps/app.xml') {
      let s = strFromU8(files[name]);
      s = s.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, '$12025-02-20T00:00:00Z$2');
      s = s.replace(/<Application>[^<]*<\/Application>/, '<Application>LibreOffice</Application>');
      s = s.replace(/<TotalTime>[^<]*<\/TotalTime>/, '<TotalTime>0</TotalTime>');
      s = s.replace(/<cp:revision>[^<]*<\/cp:revision>/, '<cp:revision>1</cp:revision>');
      files[name] = strToU8(s);
    } else if (name.startsWith('word/') && name.endsWith('.xml')) {
      // comments (LibreOffice turns unknown HTML <meta> into comments) carry the conversion time
      const s = strFromU8(files[name]);
      const t = s.replace(/ w:date="[^"]*"/g, ' w:date="2025-02-20T00:00:00Z"');
      if (t !== s) files[name] = strToU8(t);
    }
  }
  return zipDeterministic(files);
}

function soffice(inputPath, outSubdir) {
  const profile = mkdtempSync(join(tmpdir(), 'xxgk-lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', outSubdir, inputPath],
      { stdio: 'pipe', timeout: 180000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (useSoffice) {
  const tmp = mkdtempSync(join(tmpdir(), 'xxgk-docx-fixtures-'));
  try {
    // 2. Word-flavour filled template re-saved by LibreOffice
    const inDir = join(tmp, 'in');
    const loDir = join(tmp, 'lo');
    mkdirSync(inDir);
    mkdirSync(loDir);
    copyFileSync(join(outDir, 'huaian-2024-filled.docx'), join(inDir, 'huaian-2024-filled.docx'));
    soffice(join(inDir, 'huaian-2024-filled.docx'), loDir);
    writeFileSync(join(outDir, 'huaian-2024-filled-lo.docx'), normalizeLo(readFileSync(join(loDir, 'huaian-2024-filled.docx'))));
    writeJson(join(outDir, 'huaian-2024-filled-lo.expected.json'), {
      ...filledExpected,
      notes: filledExpected.notes + ' Re-saved by LibreOffice (soffice --headless --convert-to docx).',
    });

    // 3. HTML report converted by LibreOffice
    const pingtanDir = join(corpus, 'pingtan-2023-html');
    copyFileSync(join(pingtanDir, 'source.html'), join(inDir, 'pingtan-2023.html'));
    soffice(join(inDir, 'pingtan-2023.html'), loDir);
    writeFileSync(join(outDir, 'pingtan-2023-from-html.docx'), normalizeLo(readFileSync(join(loDir, 'pingtan-2023.docx'))));
    const pingtan = JSON.parse(readFileSync(join(pingtanDir, 'expected.json'), 'utf8'));
    writeJson(join(outDir, 'pingtan-2023-from-html.expected.json'), {
      ...pingtan,
      notes:
        'GENERATED by scripts/make-docx-fixtures.mjs: corpus pingtan-2023-html/source.html (whole web page) converted to DOCX by LibreOffice. Expected values copied from the corpus. Corpus notes: ' +
        (pingtan.notes ?? ''),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else if (!existsSync(join(outDir, 'huaian-2024-filled-lo.docx'))) {
  console.warn('--no-soffice: LibreOffice fixtures not generated');
}
console.log('fixtures written to', outDir);
