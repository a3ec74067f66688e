// Make fixtures/text/pingtan-2023-md-html-tables.md: the corpus page pingtan-2023-html
// (../shared/corpus) as a scraper's markdown keeps it: the report's title as `#`, its bold section
// headings as `##`, its （一） sub-headings as `###`, paragraphs as lines, table 二 (no row spans)
// as a markdown pipe table, and tables 三 and 四 (row spans) left as HTML <table> blocks
// (rowspan/colspan kept, every other attribute and the cells' <p> dropped, a cell's paragraphs
// joined by <br>), one <tr> per line, as converters such as markdownify and turndown keep tables
// they cannot write as pipes. The golden file is the
// corpus expected.json: the numbers are the page's.
// Run: node scripts/make-md-html-tables-fixture.mjs
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus/pingtan-2023-html');
const out = path.join(root, 'fixtures/text');
mkdirSync(out, { recursive: true });

const $ = load(readFileSync(path.join(corpus, 'source.html'), 'utf8'));
const text = (el) => $(el).text().replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
const lines = [`# ${text($('div.article_title').first())}`, ''];
let tables = 0;
for (const el of $('div.TRS_Editor').first().children().toArray()) {
  if (el.name === 'table' && tables++ === 0) {
    // table 二 has no row spans: a markdown pipe table (a caption spanning the row fills its first cell)
    const rows = $(el).find('tr').toArray().map((tr) => $(tr).children('td,th').toArray().flatMap((td) => [text(td), ...Array(Number($(td).attr('colspan') ?? 1) - 1).fill('')]));
    const width = Math.max(...rows.map((r) => r.length));
    rows.forEach((r, i) => {
      lines.push(`| ${[...r, ...Array(width - r.length).fill('')].join(' | ')} |`);
      if (i === 0) lines.push(`|${' --- |'.repeat(width)}`);
    });
    lines.push('');
    continue;
  }
  if (el.name === 'table') {
    lines.push('<table>', '<tbody>');
    for (const tr of $(el).find('tr').toArray()) {
      const cells = $(tr)
        .children('td,th')
        .toArray()
        .map((td) => {
          const attrs = ['rowspan', 'colspan'].filter((a) => $(td).attr(a)).map((a) => ` ${a}="${$(td).attr(a)}"`).join('');
          const paras = $(td).find('p').toArray();
          const inner = (paras.length ? paras.map((p) => $(p).html()) : [$(td).html()])
            .map((h) => load(`<div>${h.replace(/<br\s*\/?>/gi, '\n')}</div>`)('div').text().replace(/\u00a0/g, ' ').trim())
            .join('<br>');
          return `<td${attrs}>${inner}</td>`;
        });
      lines.push(`<tr>${cells.join('')}</tr>`);
    }
    lines.push('</tbody>', '</table>', '');
    continue;
  }
  const t = text(el);
  if (!t) continue;
  if ($(el).find('strong').length) lines.push(`## ${t}`, '');
  else if (/^（[一二三四五六七八九十]+）/.test(t) && t.length < 20) lines.push(`### ${t}`, '');
  else lines.push(t, '');
}
writeFileSync(path.join(out, 'pingtan-2023-md-html-tables.md'), lines.join('\n').replace('0591-23165385', '0000-00000000')); // office phone → neutral, as in the field cases
copyFileSync(path.join(corpus, 'expected.json'), path.join(out, 'pingtan-2023-md-html-tables.expected.json'));
