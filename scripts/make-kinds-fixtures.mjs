// Make the fixtures of the kinds seen on held-out real reports (issue 13): each is a corpus
// document (../shared/corpus) with one documented edit of the kind — a section heading that
// differs from the template, a unit written in a cell, a note detached from its cell — and its
// golden file, the corpus expected.json (the edits change how the values are printed, never the
// values: 7539.443252万元 is the 75394432.52 元 the report prints; a row the edit removes is
// absent, and cells the edit leaves undetermined are listed in accept_null). Every edit must apply exactly
// as often as stated, so a changed corpus document fails here instead of giving another fixture.
// Run: node scripts/make-kinds-fixtures.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');

/** name → { from: corpus id, ext, edits: [search, replacement, times], expected?: patch of the corpus expected.json for what the edit removes } */
const FIXTURES = {
  // table 四's heading with 与 for 、 (the markdown conversion numbers it 三)
  'kewei-2024-heading-yu': {
    from: 'shanghai-kewei-2024-md',
    ext: 'md',
    edits: [['三、政府信息公开行政复议、行政诉讼情况', '三、政府信息公开行政复议与行政诉讼情况', 1]],
  },
  // one-line dump: table 三's heading missing, table 四's heading misspelt (行政法复议)
  'pingtan-2021-headings-lost': {
    from: 'pingtan-2021-txt',
    ext: 'txt',
    edits: [
      ['三、收到和处理政府信息公开申请情况', '', 1],
      ['四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政法复议、行政诉讼情况', 1],
    ],
  },
  // one-line dump with table 三's （七）总计 row lost: A1 and A2 cannot be evaluated, only A3 splits
  // the glued rows; 予以公开 270020130 (27|0|0|2|0|1|30 or 2|7|0|0|20|1|30) and 本机关不掌握
  // 220000325 (22|0|0|0|0|3|25 or 2|20|0|0|0|3|25) keep two splits each: the cells both splits
  // agree on are read, the others are null (accept_null); the lost row is absent
  'pingtan-2021-total-row-lost': {
    from: 'pingtan-2021-txt',
    ext: 'txt',
    edits: [['（七）总计630020469', '', 1]],
    expected: (e) => {
      for (const c of Object.keys(e.tables.applications.processed_total)) {
        e.tables.applications.processed_total[c] = null;
        e.kinds[`applications.processed_total.${c}`] = 'absent';
      }
      const amb = ['granted.natural_person', 'granted.commercial_enterprise', 'granted.social_welfare_org', 'granted.legal_service_org', 'unable_not_held.natural_person', 'unable_not_held.commercial_enterprise'];
      e.accept_null = [...e.accept_null, ...amb.map((k) => `applications.${k}`)];
      e.notes = `Made from pingtan-2021-txt without its （七）总计 row (scripts/make-kinds-fixtures.mjs). ${e.notes}`;
      return e;
    },
  },
  // units written in cells: 行政强制 54 as `54笔` (a count with its unit), the 万元 fee printed in 元
  // (5949.088667 万元 = `59490886.67元`)
  'pingtan-2023-units': {
    from: 'pingtan-2023-html',
    ext: 'html',
    edits: [
      ['>54</p>', '>54笔</p>', 1],
      ['5949.088667', '59490886.67元', 1],
    ],
  },
  // the fee column's header printed in 元 (本年收费金额（单位：元）) over 59490886.67: 5949.088667 万元
  'pingtan-2023-fee-header-yuan': {
    from: 'pingtan-2023-html',
    ext: 'html',
    edits: [
      ['本年收费金额（单位：万元）', '本年收费金额（单位：元）', 1],
      ['5949.088667', '59490886.67', 1],
    ],
  },
  // the 2019 procurement amount in 万元 (75394432.52元 = `7539.443252万元`), separated from the
  // project count by a space as the dump separates other cells
  'pingtan-2019-procurement-wan-yuan': {
    from: 'pingtan-2019-txt',
    ext: 'txt',
    edits: [['政府集中采购13575394432.52元', '政府集中采购135 7539.443252万元', 1]],
  },
  // notes detached from their cells in the markdown conversion: a note line after a row (其中 16:
  // only 55 can hold it), a value with its note on a line after a row whose cell is empty (the
  // 总计 of 6.属于四类过程性信息, 1), and a note two cells could hold (3.其他 4 and 总计 4: not attached)
  'kewei-2024-notes-detached': {
    from: 'shanghai-kewei-2024-md',
    ext: 'md',
    edits: [
      ['| 规范性文件 | 13 | 0 | 55 |\n', '| 规范性文件 | 13 | 0 | 55 |\n（其中修订16件）\n', 1],
      ['| 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n', '| 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 |  |\n1（其中1件为会议纪要）\n', 1],
      ['| 3.其他 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n', '| 3.其他 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n（其中2件为咨询）\n', 1],
    ],
  },
  // a value with its note after a row with two empty cells: it could be either, so neither is read
  'kewei-2024-value-detached-ambiguous': {
    from: 'shanghai-kewei-2024-md',
    ext: 'md',
    edits: [['| 规范性文件 | 13 | 0 | 55 |\n', '| 规范性文件 |  | 0 |  |\n13（其中修订5件）\n', 1]],
    expected: (e) => {
      e.accept_null = [...(e.accept_null ?? []), 'active_disclosure.normative_documents.issued', 'active_disclosure.normative_documents.in_force'];
      return e;
    },
  },
  // rows shorter than their table (the converter merged two cells): table 三's 总计 row prints
  // 332 for 33 | 2 (A3, A1 and A2 leave one split), table 二's 规范性文件 row prints 130 | 55 for
  // 13 | 0 | 55 (three splits, no identity: not read, never 130 under 本年制发件数)
  'kewei-2024-short-rows': {
    from: 'shanghai-kewei-2024-md',
    ext: 'md',
    edits: [
      ['| （七）总计 | 33 | 2 | 0 | 0 | 0 | 0 | 35 |', '| （七）总计 | 332 | 0 | 0 | 0 | 0 | 35 |', 1],
      ['| 规范性文件 | 13 | 0 | 55 |', '| 规范性文件 | 130 | 55 |', 1],
    ],
    expected: (e) => {
      e.accept_null = [...(e.accept_null ?? []), ...['issued', 'repealed', 'in_force'].map((c) => `active_disclosure.normative_documents.${c}`)];
      return e;
    },
  },
  // web page: the 行政规范性文件 row of table 二 with its first two cells merged into one <td>
  // (77132 | 470 under three columns): six splits (77|132|470, 7|7132|470, 7713|2|470, 77132|4|70,
  // …), no identity: none of the three is read, and 77132 is never read under 本年制发件数
  'pingtan-2023-short-row': {
    from: 'pingtan-2023-html',
    ext: 'html',
    edits: [['text-indent: 0em;">77</p></td><td style="padding:5px 5px 5px 5px ;border-left:none;border-right:1px solid windowtext;border-top:none;border-bottom:1px solid windowtext" valign="center"><p style="text-indent: 0em;">132</p></td>', 'text-indent: 0em;">77132</p></td>', 1]],
    expected: (e) => {
      e.accept_null = [...(e.accept_null ?? []), ...['issued', 'repealed', 'in_force'].map((c) => `active_disclosure.normative_documents.${c}`)];
      return e;
    },
  },
  // web page: table 四 printed under a copy of table 三's heading (content and heading disagree)
  'pingtan-2023-heading-swapped': {
    from: 'pingtan-2023-html',
    ext: 'html',
    edits: [['四、政府信息公开行政复议、行政诉讼情况', '四、收到和处理政府信息公开申请情况', 1]],
  },
};

for (const [name, f] of Object.entries(FIXTURES)) {
  const dir = path.join(corpus, f.from);
  let text = readFileSync(path.join(dir, `source.${f.ext}`), 'utf8');
  for (const [search, repl, times] of f.edits) {
    const n = text.split(search).length - 1;
    if (n !== times) throw new Error(`${name}: "${search}" occurs ${n} times in ${f.from}, expected ${times}`);
    text = text.split(search).join(repl);
  }
  const out = path.join(root, 'fixtures', f.ext === 'html' ? 'html' : 'text');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${name}.${f.ext}`), text);
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  writeFileSync(path.join(out, `${name}.expected.json`), JSON.stringify(f.expected ? f.expected(expected) : expected, null, 2) + '\n');
  console.log(path.relative(root, path.join(out, `${name}.${f.ext}`)));
}
