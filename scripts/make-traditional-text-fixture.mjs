// Make fixtures/text/pingtan-2021-traditional.txt: the corpus text dump pingtan-2021-txt
// (../shared/corpus) converted to Traditional script with Taiwan phrases (OpenCC cn → twp,
// the converter opencc-js ships: 文件 → 檔案, 信息 → 資訊, …), and its golden file, which
// is the corpus expected.json (the numbers do not change with the script).
// Run: node scripts/make-traditional-text-fixture.mjs
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus/pingtan-2021-txt');
const out = path.join(root, 'fixtures/text');
mkdirSync(out, { recursive: true });
const toTrad = OpenCC.Converter({ from: 'cn', to: 'twp' });
writeFileSync(path.join(out, 'pingtan-2021-traditional.txt'), toTrad(readFileSync(path.join(corpus, 'source.txt'), 'utf8')));
copyFileSync(path.join(corpus, 'expected.json'), path.join(out, 'pingtan-2021-traditional.expected.json'));
