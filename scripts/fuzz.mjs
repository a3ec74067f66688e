#!/usr/bin/env node
/**
 * Seeded mutation fuzzer for xxgk.
 *
 *   npm run fuzz -- [--count N] [--seed S] [--timeout MS] [--workers K] [--case I] [--only FORMAT] [--save DIR] [--verbose]
 *
 * Takes the corpus (../shared/corpus/*\/source.*) and the fixtures (fixtures/**) as seeds, mutates
 * them (generic byte mutations plus format-aware ones: HTML tags, DOCX zip structures and XML, PDF
 * xref / streams / references) and runs each case through `extractRecord` of the built library
 * (dist/: run `npx tsc -p tsconfig.json` first) in worker threads. A case passes when the record
 * validates against RecordSchema, is not `internal_error`, and arrives within the time bound (a
 * worker that does not answer in time is terminated: a hang).
 *
 * Prints the number of cases, the outcomes by code, and every failure with the seed, case index
 * and mutation list to reproduce it (`--case I --seed S --save DIR` writes the mutated input).
 * Exit status 1 if any case failed.
 *
 * This module also exports the mutator (`makeCase`, `seedFiles`, …) for tests/fuzz.test.ts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------
/** mulberry32: a tiny seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (xs) => xs[int(xs.length)];
  return { next, int, pick, chance: (p) => next() < p };
}

/** Seed of case `index` under master seed `seed`. */
export function caseSeed(seed, index) {
  // mix the seed on its own first: with `seed ^ index`, seeds s and t gave the same cases
  // (index i of s = index i ^ s ^ t of t), so two "different" long runs overlapped almost fully
  const mix = (x) => {
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  return mix((mix(seed >>> 0) + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}

// ---------------------------------------------------------------------------
// Seed files
// ---------------------------------------------------------------------------
const FORMAT_OF = { pdf: 'pdf', docx: 'docx', html: 'html', htm: 'html', txt: 'text', md: 'text' };

/** Seed inputs: corpus sources and fixture files (not generated giants, not expected.json). */
export function seedFiles(root = ROOT) {
  const out = [];
  const corpus = path.resolve(root, '../shared/corpus');
  if (existsSync(corpus)) {
    for (const d of readdirSync(corpus).sort()) {
      const dir = path.join(corpus, d);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir).sort()) if (f.startsWith('source.')) out.push(path.join(dir, f));
    }
  }
  const walk = (dir) => {
    for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (!f.name.endsWith('.json') && !f.name.endsWith('.mjs') && !f.name.endsWith('.sh')) out.push(p);
    }
  };
  walk(path.join(root, 'fixtures'));
  return out
    .map((p) => ({ path: p, rel: path.relative(root, p), format: FORMAT_OF[path.extname(p).slice(1).toLowerCase()] }))
    .filter((f) => f.format && statSync(f.path).size > 0 && statSync(f.path).size < 8 * 1024 * 1024);
}

// ---------------------------------------------------------------------------
// Byte helpers
// ---------------------------------------------------------------------------
const concat = (...parts) => {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const o = new Uint8Array(n);
  let k = 0;
  for (const p of parts) {
    o.set(p, k);
    k += p.length;
  }
  return o;
};
const latin1 = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s) => new Uint8Array(Buffer.from(s, 'latin1'));
function indexesOf(b, sig, limit = 100000) {
  const out = [];
  outer: for (let i = 0; i + sig.length <= b.length && out.length < limit; i++) {
    for (let k = 0; k < sig.length; k++) if (b[i + k] !== sig[k]) continue outer;
    out.push(i);
  }
  return out;
}
function span(r, len, max = 4096) {
  const n = 1 + r.int(Math.max(1, Math.min(max, Math.floor(len / 4) || 1)));
  const at = r.int(Math.max(1, len - n));
  return [at, Math.min(len, at + n)];
}

// ---------------------------------------------------------------------------
// Generic mutations (any format)
// ---------------------------------------------------------------------------
const generic = {
  truncate(b, r) {
    const at = r.chance(0.5) ? r.int(b.length) : b.length - 1 - r.int(Math.min(b.length, 2048));
    return [b.subarray(0, Math.max(0, at)), `truncate@${at}`];
  },
  flip(b, r) {
    const o = b.slice();
    const n = 1 + r.int(32);
    const at = [];
    for (let i = 0; i < n && o.length; i++) {
      const k = r.int(o.length);
      o[k] ^= 1 + r.int(255);
      at.push(k);
    }
    return [o, `flip[${at.slice(0, 6).join(',')}${at.length > 6 ? ',…' : ''}]`];
  },
  deleteRange(b, r) {
    const [s, e] = span(r, b.length);
    return [concat(b.subarray(0, s), b.subarray(e)), `delete[${s},${e})`];
  },
  duplicateRange(b, r) {
    const [s, e] = span(r, b.length);
    const at = r.int(b.length + 1);
    return [concat(b.subarray(0, at), b.subarray(s, e), b.subarray(at)), `duplicate[${s},${e})@${at}`];
  },
  zeroRange(b, r) {
    const [s, e] = span(r, b.length);
    const o = b.slice();
    o.fill(r.chance(0.5) ? 0 : 0xff, s, e);
    return [o, `fill[${s},${e})`];
  },
  insertRandom(b, r) {
    const n = 1 + r.int(512);
    const ins = new Uint8Array(n);
    for (let i = 0; i < n; i++) ins[i] = r.int(256);
    const at = r.int(b.length + 1);
    return [concat(b.subarray(0, at), ins, b.subarray(at)), `insert${n}@${at}`];
  },
};

// ---------------------------------------------------------------------------
// Markup mutations (HTML, and XML inside DOCX): on the latin1 view, so multibyte text stays intact
// ---------------------------------------------------------------------------
const TAG_RE = /<\/?[A-Za-z][^<>]{0,400}>/g;
const markup = {
  shuffleTags(s, r) {
    const tags = [...s.matchAll(TAG_RE)];
    if (tags.length < 2) return [s, 'shuffleTags(none)'];
    const k = Math.min(tags.length, 2 + r.int(40));
    const chosen = [];
    for (let i = 0; i < k; i++) chosen.push(tags[r.int(tags.length)]);
    const uniq = [...new Map(chosen.map((m) => [m.index, m])).values()].sort((a, b) => a.index - b.index);
    const texts = uniq.map((m) => m[0]);
    for (let i = texts.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [texts[i], texts[j]] = [texts[j], texts[i]];
    }
    let out = '';
    let last = 0;
    uniq.forEach((m, i) => {
      out += s.slice(last, m.index) + texts[i];
      last = m.index + m[0].length;
    });
    return [out + s.slice(last), `shuffleTags(${uniq.length})`];
  },
  uncloseTags(s, r) {
    const p = r.pick([0.1, 0.5, 1]);
    const names = r.pick([null, 'td', 'tr', 'table', 'w:tc', 'w:tr', 'w:tbl', 'w:p', 'w:t', 'p', 'div']);
    let n = 0;
    const out = s.replace(/<\/([A-Za-z][\w:.-]*)\s*>/g, (m, name) => {
      if ((names === null || name === names) && r.chance(p)) {
        n++;
        return '';
      }
      return m;
    });
    return [out, `unclose(${names ?? '*'},p=${p},n=${n})`];
  },
  dropOpenTags(s, r) {
    const name = r.pick(['td', 'tr', 'table', 'tbody', 'w:tc', 'w:tr', 'w:tbl', 'w:body', 'w:r']);
    let n = 0;
    const re = new RegExp(`<${name}(?=[\\s>/])[^>]*>`, 'g');
    const out = s.replace(re, (m) => (r.chance(0.3) ? (n++, '') : m));
    return [out, `dropOpen(${name},n=${n})`];
  },
  hugeSpans(s, r) {
    const v = r.pick(['0', '-1', '1000', '65535', '99999999', 'abc', '1e9', 'NaN', '']);
    let n = 0;
    const out = s
      .replace(/(rowspan|colspan)\s*=\s*["']?\d+["']?/gi, (m, a) => (r.chance(0.3) ? (n++, `${a}="${v}"`) : m))
      .replace(/<w:gridSpan w:val="\d+"/g, (m) => (r.chance(0.3) ? (n++, `<w:gridSpan w:val="${v}"`) : m))
      .replace(/<w:gridBefore w:val="\d+"/g, (m) => (r.chance(0.5) ? (n++, `<w:gridBefore w:val="${v}"`) : m))
      .replace(/<td(?=[\s>])/g, (m) => (r.chance(0.02) ? (n++, `<td ${r.pick(['rowspan', 'colspan'])}="${v}"`) : m));
    return [out, `hugeSpans(${v},n=${n})`];
  },
  nestDeep(s, r) {
    const depth = r.pick([500, 5000, 20000]);
    const tag = r.pick(['div', 'table', 'span', 'td', 'w:tbl', 'b']);
    const tags = [...s.matchAll(/<\/?(?:table|tr|td|p|div|body|w:tbl|w:tr|w:tc|w:p)(?=[\s>])[^>]*>/g)];
    const at = tags.length ? r.pick(tags).index : r.int(s.length + 1);
    const open = `<${tag}>`.repeat(depth);
    const close = r.chance(0.5) ? `</${tag}>`.repeat(depth) : '';
    return [s.slice(0, at) + open + s.slice(at) + close, `nest(${tag}×${depth})`];
  },
  duplicateElement(s, r) {
    const name = r.pick(['table', 'tr', 'td', 'w:tbl', 'w:tr', 'w:tc', 'p', 'w:p']);
    const re = new RegExp(`<${name}(?=[\\s>])[\\s\\S]*?</${name}>`, 'g');
    const ms = [...s.matchAll(re)];
    if (!ms.length) return [s, `dupElement(${name}:none)`];
    const m = r.pick(ms);
    const times = 1 + r.int(r.chance(0.2) ? 200 : 3);
    return [s.slice(0, m.index) + m[0].repeat(times + 1) + s.slice(m.index + m[0].length), `dupElement(${name}×${times})`];
  },
  garbleDigits(s, r) {
    let n = 0;
    const out = s.replace(/\d+/g, (m) => {
      if (!r.chance(0.1)) return m;
      n++;
      return r.pick(['', '9'.repeat(40), '-', '—', '1.2.3', '0x1F', `${m}${m}`, '\u00ef\u00bc\u0090', '1e999']);
    });
    return [out, `garbleDigits(${n})`];
  },
  entities(s, r) {
    const ent = r.pick(['&#0;', '&#xD800;', '&#1114112;', '&amp', '&xxe;', '&#99999999999;', '&lt;table&gt;', '&nbsp;'.repeat(1000)]);
    let n = 0;
    const out = s.replace(/>([^<]{1,40})</g, (m, t) => (r.chance(0.05) ? (n++, `>${t}${ent}<`) : m));
    return [out, `entities(${JSON.stringify(ent.slice(0, 16))},n=${n})`];
  },
};

// ---------------------------------------------------------------------------
// Text mutations (lines)
// ---------------------------------------------------------------------------
const textMut = {
  shuffleLines(s, r) {
    const lines = s.split('\n');
    const n = 1 + r.int(Math.max(1, Math.floor(lines.length / 5)));
    for (let i = 0; i < n; i++) {
      const a = r.int(lines.length);
      const b = r.int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
    }
    return [lines.join('\n'), `swapLines(${n})`];
  },
  tabsPipes(s, r) {
    const mode = r.pick(['tab→pipe', 'pipe→tab', 'strip-tabs', 'tabs×50']);
    if (mode === 'tab→pipe') return [s.replace(/\t/g, '|'), mode];
    if (mode === 'pipe→tab') return [s.replace(/\|/g, '\t'), mode];
    if (mode === 'strip-tabs') return [s.replace(/\t/g, ''), mode];
    return [s.replace(/\t/g, '\t'.repeat(50)), mode];
  },
  longLine(s, r) {
    const at = s.indexOf('\n', r.int(s.length));
    const unit = r.pick(['1', '一', '|', '\t', '（', '-']);
    const line = unit.repeat(r.pick([10000, 200000]));
    return [s.slice(0, at < 0 ? s.length : at) + '\n' + line + '\n' + (at < 0 ? '' : s.slice(at + 1)), `longLine(${JSON.stringify(unit)}×${line.length})`];
  },
  newlines(s, r) {
    const mode = r.pick(['crlf', 'cr', 'none', 'double']);
    if (mode === 'crlf') return [s.replace(/\n/g, '\r\n'), mode];
    if (mode === 'cr') return [s.replace(/\n/g, '\r'), mode];
    if (mode === 'none') return [s.replace(/\n/g, ''), 'joinAllLines'];
    return [s.replace(/\n/g, '\n\n'), mode];
  },
};

// ---------------------------------------------------------------------------
// DOCX (zip) mutations
// ---------------------------------------------------------------------------
/** The mutator itself must not inflate a zip bomb: bigger entries are left out when re-zipping. */
const SMALL_ENTRY = 16 * 1024 * 1024;
const CD_SIG = [0x50, 0x4b, 0x01, 0x02];
const LH_SIG = [0x50, 0x4b, 0x03, 0x04];
const EOCD_SIG = [0x50, 0x4b, 0x05, 0x06];
const docx = {
  corruptCentralDir(b, r) {
    const at = indexesOf(b, CD_SIG);
    if (!at.length) return [b, 'cd(none)'];
    const o = b.slice();
    const h = r.pick(at);
    // fields: method 10, crc 16, csize 20, size 24, nameLen 28, extraLen 30, commentLen 32, lho 42
    const field = r.pick([10, 16, 20, 24, 28, 30, 32, 42, 8]);
    const width = [16, 20, 24, 42].includes(field) ? 4 : 2;
    const v = r.pick([0, 1, 0xff, 0xffff, 0xffffffff, r.int(2 ** 32), 0x7fffffff]);
    for (let i = 0; i < width && h + field + i < o.length; i++) o[h + field + i] = (v >>> (8 * i)) & 0xff;
    return [o, `cd@${h}+${field}=${v >>> 0}`];
  },
  corruptLocalHeader(b, r) {
    const at = indexesOf(b, LH_SIG);
    if (!at.length) return [b, 'lh(none)'];
    const o = b.slice();
    const h = r.pick(at);
    const field = r.pick([0, 6, 8, 14, 18, 22, 26, 28]);
    const width = [0, 14, 18, 22].includes(field) ? 4 : 2;
    const v = r.pick([0, 1, 0xffff, 0xffffffff, r.int(2 ** 32)]);
    for (let i = 0; i < width && h + field + i < o.length; i++) o[h + field + i] = (v >>> (8 * i)) & 0xff;
    return [o, `lh@${h}+${field}=${v >>> 0}`];
  },
  corruptEocd(b, r) {
    const at = indexesOf(b, EOCD_SIG);
    if (!at.length) return [b, 'eocd(none)'];
    const o = b.slice();
    const h = at[at.length - 1];
    const field = r.pick([4, 6, 8, 10, 12, 16, 20]);
    const width = [12, 16].includes(field) ? 4 : 2;
    const v = r.pick([0, 1, 0xffff, 0xffffffff, r.int(2 ** 32)]);
    for (let i = 0; i < width && h + field + i < o.length; i++) o[h + field + i] = (v >>> (8 * i)) & 0xff;
    return [o, `eocd+${field}=${v >>> 0}`];
  },
  /** Unzip, mutate word/document.xml with a markup mutation, re-zip (valid zip, hostile XML). */
  mutateXml(b, r) {
    let files;
    try {
      files = unzipSync(b, { filter: (f) => f.originalSize < SMALL_ENTRY });
    } catch {
      return [b, 'xml(unzip failed)'];
    }
    const name = files['word/document.xml'] ? 'word/document.xml' : r.pick(Object.keys(files));
    if (!name) return [b, 'xml(empty zip)'];
    const s = latin1(files[name]);
    const [m, desc] = r.pick([...Object.values(markup), xmlOnly.doctype, xmlOnly.deleteXml, xmlOnly.renameNs])(s, r);
    files[name] = fromLatin1(m);
    return [zipSync(files, { level: 1 }), `xml:${name}:${desc}`];
  },
  dropPart(b, r) {
    let files;
    try {
      files = unzipSync(b, { filter: (f) => f.originalSize < SMALL_ENTRY });
    } catch {
      return [b, 'dropPart(unzip failed)'];
    }
    const name = r.pick(Object.keys(files));
    if (name) delete files[name];
    return [zipSync(files, { level: 1 }), `dropPart(${name})`];
  },
};
const xmlOnly = {
  doctype(s, r) {
    const d = r.pick([
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
      '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>',
      '<!DOCTYPE',
      '<![CDATA[',
      '<?xml-stylesheet href="x"?>',
    ]);
    const out = s.replace(/^(<\?xml[^>]*\?>)?/, (m) => m + d);
    return [out.replace(/<w:t>/, '<w:t>&e;&c;'), `doctype(${d.slice(0, 24)})`];
  },
  deleteXml(s, r) {
    const n = 1 + r.int(Math.min(20000, Math.max(1, s.length / 10)));
    const at = r.int(Math.max(1, s.length - n));
    return [s.slice(0, at) + s.slice(at + n), `deleteXml[${at},${at + n})`];
  },
  renameNs(s, r) {
    const v = r.pick(['http://example.com/w', '', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
    return [s.replace(/xmlns:w="[^"]*"/, `xmlns:w="${v}"`), `ns(${v})`];
  },
};

// ---------------------------------------------------------------------------
// PDF mutations
// ---------------------------------------------------------------------------
const pdf = {
  breakXref(s, r) {
    const mode = r.pick(['startxref', 'entries', 'trailer', 'prevloop', 'noxref']);
    if (mode === 'startxref') return [s.replace(/startxref\s+(\d+)/g, () => `startxref\n${r.pick([0, 1, 999999999, r.int(s.length)])}`), 'startxref=?'];
    if (mode === 'entries') {
      let n = 0;
      const out = s.replace(/(\d{10}) (\d{5}) ([nf])/g, (m) => (r.chance(0.3) ? (n++, `${String(r.int(s.length * 2)).padStart(10, '0')} 00000 ${r.pick(['n', 'f'])}`) : m));
      return [out, `xrefEntries(${n})`];
    }
    if (mode === 'trailer') return [s.replace(/\/Root\s+\d+\s+\d+\s+R/g, `/Root ${r.int(50)} 0 R`).replace(/\/Size\s+\d+/g, `/Size ${r.pick([0, 1, 2 ** 31, 999999])}`), 'trailer(Root,Size)'];
    if (mode === 'prevloop') {
      const m = /startxref\s+(\d+)/.exec(s);
      return [m ? s.replace(/trailer\s*<</, `trailer\n<< /Prev ${m[1]} `) : s, 'trailer(/Prev → self)'];
    }
    return [s.replace(/\bxref\b/g, 'xrfe').replace(/startxref/g, 'startxrfe'), 'noXref'];
  },
  breakStreams(s, r) {
    const mode = r.pick(['length', 'body', 'endstream', 'filter']);
    let n = 0;
    if (mode === 'length') {
      const out = s.replace(/\/Length\s+(\d+)(?!\s+\d+\s+R)/g, (m) => (r.chance(0.3) ? (n++, `/Length ${r.pick([0, 1, 2 ** 31 - 1, r.int(100000)])}`) : m));
      return [out, `streamLength(${n})`];
    }
    if (mode === 'body') {
      const at = [...s.matchAll(/stream\r?\n/g)].map((m) => m.index + m[0].length);
      if (!at.length) return [s, 'streamBody(none)'];
      const k = r.pick(at);
      const len = 1 + r.int(200);
      let junk = '';
      for (let i = 0; i < len; i++) junk += String.fromCharCode(r.int(256));
      return [s.slice(0, k + r.int(64)) + junk + s.slice(k + r.int(64) + len), `streamBody@${k}`];
    }
    if (mode === 'endstream') return [s.replace(/endstream/g, (m) => (r.chance(0.3) ? (n++, '') : m)), `dropEndstream(${n})`];
    return [s.replace(/\/FlateDecode/g, (m) => (r.chance(0.3) ? (n++, r.pick(['/LZWDecode', '/DCTDecode', '/JBIG2Decode', '/Bogus', '/ASCII85Decode'])) : m)), `filter(${n})`];
  },
  rewireRefs(s, r) {
    const objs = [...s.matchAll(/(\d+) 0 obj/g)].map((m) => m[1]);
    if (!objs.length) return [s, 'refs(none)'];
    let n = 0;
    const out = s.replace(/(\d+) 0 R/g, (m) => (r.chance(0.05) ? (n++, `${r.pick(objs)} 0 R`) : m));
    return [out, `rewireRefs(${n})`];
  },
  pagesLoop(s, r) {
    const m = /(\d+) 0 obj\s*<<[^>]*\/Type\s*\/Pages/.exec(s);
    if (!m) return [s, 'pagesLoop(none)'];
    const self = m[1];
    const out = s.replace(/\/Kids\s*\[/, `/Kids [${self} 0 R `);
    return [out.replace(/\/Count\s+\d+/, `/Count ${r.pick([0, 1, 100000, -1])}`), `pagesLoop(${self})`];
  },
  dropKeywords(s, r) {
    const kw = r.pick(['endobj', 'obj', '>>', '<<', ' R', 'BT', 'ET', 'Tj', 'TJ', 're']);
    let n = 0;
    const out = s.split(kw).reduce((acc, part, i) => (i === 0 ? part : acc + (r.chance(0.2) ? (n++, '') : kw) + part), '');
    return [out, `drop(${JSON.stringify(kw)},n=${n})`];
  },
};

// ---------------------------------------------------------------------------
// Case construction
// ---------------------------------------------------------------------------
function apply(format, b, r) {
  const kinds = [];
  const gen = Object.entries(generic);
  const fmt =
    format === 'html'
      ? Object.entries(markup).map(([k, f]) => [k, (bb, rr) => { const [s, d] = f(latin1(bb), rr); return [fromLatin1(s), d]; }])
      : format === 'text'
        ? [...Object.entries(textMut), ...Object.entries(markup).filter(([k]) => k === 'garbleDigits')].map(([k, f]) => [
            k,
            (bb, rr) => {
              const [s, d] = f(Buffer.from(bb).toString('utf8'), rr);
              return [new Uint8Array(Buffer.from(s, 'utf8')), d];
            },
          ])
        : format === 'docx'
          ? Object.entries(docx)
          : Object.entries(pdf).map(([k, f]) => [k, (bb, rr) => { const [s, d] = f(latin1(bb), rr); return [fromLatin1(s), d]; }]);
  const n = 1 + (r.chance(0.35) ? 1 + r.int(2) : 0);
  let cur = b;
  for (let i = 0; i < n; i++) {
    const useFmt = r.chance(0.65);
    const [name, f] = r.pick(useFmt ? fmt : gen);
    const [next, desc] = f(cur, r);
    cur = next;
    kinds.push(`${name}:${desc}`);
  }
  return [cur, kinds];
}

const FORMATS = ['html', 'text', 'docx', 'pdf'];
/** Case `index` under `seed`: { file, format, bytes, mutations, caseSeed }. Deterministic. */
export function makeCase(files, seed, index, opts = {}) {
  const cs = caseSeed(seed, index);
  const r = rng(cs);
  const weights = opts.weights ?? { html: 0.3, text: 0.2, docx: 0.3, pdf: 0.2 };
  const formats = FORMATS.filter((f) => files.some((x) => x.format === f) && (!opts.only || opts.only === f));
  let x = r.next() * formats.reduce((s, f) => s + (weights[f] ?? 0), 0);
  let format = formats[formats.length - 1];
  for (const f of formats) {
    x -= weights[f] ?? 0;
    if (x < 0) {
      format = f;
      break;
    }
  }
  const pool = files.filter((f) => f.format === format);
  const file = r.pick(pool);
  const original = new Uint8Array(readFileSync(file.path));
  const [bytes, mutations] = apply(format, original, r);
  return { index, seed, caseSeed: cs, file: file.rel, format, bytes, mutations };
}

export function describeCase(c) {
  return `case ${c.index} (seed ${c.seed}, case seed ${c.caseSeed}): ${c.file} [${c.format}] ${c.mutations.join(' | ')} → ${c.bytes.length} bytes`;
}

// ---------------------------------------------------------------------------
// CLI: worker-thread runner on dist/
// ---------------------------------------------------------------------------
async function workerMain() {
  const { parentPort } = await import('node:worker_threads');
  const api = await import(pathToFileURL(path.join(ROOT, 'dist/api.js')).href);
  const { RecordSchema } = await import(pathToFileURL(path.join(ROOT, 'dist/schema.js')).href);
  // an exception thrown after a case answered (work a reader left running) would kill the worker and
  // be blamed on the next case: report it with the ids of the cases this worker ran last
  const recent = [];
  const late = (kind) => (e) => parentPort.postMessage({ late: kind, recent: [...recent], message: e?.stack ?? String(e) });
  process.on('uncaughtException', late('uncaughtException'));
  process.on('unhandledRejection', late('unhandledRejection'));
  parentPort.on('message', async ({ id, bytes }) => {
    recent.push(id);
    if (recent.length > 3) recent.shift();
    const t0 = performance.now();
    let reply;
    try {
      const rec = await api.extractRecord(new Uint8Array(bytes), { path: null });
      const parsed = RecordSchema.safeParse(rec);
      reply = { id, ms: performance.now() - t0, code: 'error' in rec ? rec.error.code : 'result', message: 'error' in rec ? rec.error.message : '', valid: parsed.success, issues: parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)) };
    } catch (e) {
      reply = { id, ms: performance.now() - t0, code: 'uncaught', message: e?.stack ?? String(e), valid: false, issues: '' };
    }
    parentPort.postMessage(reply);
  });
  parentPort.postMessage({ ready: true });
}

function parseArgs(argv) {
  const a = { count: 500, seed: 20250220, timeout: 10000, workers: 2, case: null, only: null, save: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--count') a.count = Number(v());
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--timeout') a.timeout = Number(v());
    else if (k === '--workers') a.workers = Number(v());
    else if (k === '--case') a.case = Number(v());
    else if (k === '--only') a.only = v();
    else if (k === '--save') a.save = v();
    else if (k === '--verbose' || k === '-v') a.verbose = true;
    else if (k === '--help' || k === '-h') {
      console.log('usage: npm run fuzz -- [--count N] [--seed S] [--timeout MS] [--workers K] [--case I] [--only html|text|docx|pdf] [--save DIR] [--verbose]');
      process.exit(0);
    } else {
      console.error(`fuzz: unknown option ${k}`);
      process.exit(2);
    }
  }
  return a;
}

async function cliMain() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(ROOT, 'dist/api.js'))) {
    console.error('fuzz: dist/ not built: run `npx tsc -p tsconfig.json` first');
    process.exit(2);
  }
  const { Worker } = await import('node:worker_threads');
  const files = seedFiles();
  const indexes = args.case !== null ? [args.case] : Array.from({ length: args.count }, (_, i) => i);
  const outcomes = new Map();
  const failures = [];
  const byFormat = new Map();
  let done = 0;
  let slowest = { ms: 0, desc: '' };
  const t0 = Date.now();
  const self = fileURLToPath(import.meta.url);

  const lateErrors = [];
  const spawn = () =>
    new Promise((resolve) => {
      const w = new Worker(self, { workerData: { xxgkFuzzWorker: true }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      w.on('message', (m) => {
        if (!m.late) return;
        lateErrors.push(m);
        console.log(`FAIL late ${m.late} after case(s) ${m.recent.join(', ')} (one of them left work running that threw):\n  ${String(m.message).split('\n').slice(0, 8).join('\n  ')}`);
      });
      w.once('message', () => resolve(w));
    });

  let next = 0;
  const runOne = async (state) => {
    while (next < indexes.length) {
      const idx = indexes[next++];
      const c = makeCase(files, args.seed, idx, { only: args.only ?? undefined });
      if (args.save) {
        mkdirSync(args.save, { recursive: true });
        const out = path.join(args.save, `case-${args.seed}-${idx}.${c.format === 'text' ? 'txt' : c.format}`);
        writeFileSync(out, c.bytes);
        console.log(`saved ${out}`);
      }
      const res = await new Promise((resolve) => {
        const timer = setTimeout(() => {
          state.w.off('message', onMessage);
          state.w.removeAllListeners('error');
          state.w.terminate();
          state.w = null;
          resolve({ code: 'hang', ms: args.timeout, valid: false, message: `no answer within ${args.timeout} ms` });
        }, args.timeout);
        const onMessage = (m) => {
          if (m.late) return; // handled by the permanent listener
          clearTimeout(timer);
          state.w.off('message', onMessage);
          state.w.removeAllListeners('error');
          resolve(m);
        };
        state.w.on('message', onMessage);
        state.w.once('error', (e) => {
          clearTimeout(timer);
          state.w.off('message', onMessage);
          state.w = null;
          resolve({ code: 'crash', ms: 0, valid: false, message: e?.stack ?? String(e) });
        });
        const copy = c.bytes.slice();
        state.w.postMessage({ id: idx, bytes: copy.buffer }, [copy.buffer]);
      });
      if (!state.w) state.w = await spawn();
      done++;
      outcomes.set(res.code, (outcomes.get(res.code) ?? 0) + 1);
      const f = byFormat.get(c.format) ?? new Map();
      f.set(res.code, (f.get(res.code) ?? 0) + 1);
      byFormat.set(c.format, f);
      if (res.ms > slowest.ms) slowest = { ms: res.ms, desc: describeCase(c) };
      const bad = !res.valid || res.code === 'internal_error' || res.code === 'uncaught' || res.code === 'hang' || res.code === 'crash';
      if (bad) {
        failures.push({ c, res });
        console.log(`FAIL ${res.code}: ${describeCase(c)}\n  ${String(res.message).split('\n').slice(0, 8).join('\n  ')}${res.issues ? `\n  schema: ${res.issues}` : ''}`);
      } else if (args.verbose) {
        console.log(`ok ${res.code} ${res.ms.toFixed(0)} ms: ${describeCase(c)}`);
      }
      if (!args.verbose && done % 100 === 0) process.stderr.write(`… ${done}/${indexes.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
  };
  const states = await Promise.all(Array.from({ length: Math.max(1, Math.min(args.workers, indexes.length)) }, async () => ({ w: await spawn() })));
  await Promise.all(states.map((s) => runOne(s)));
  await Promise.all(states.map((s) => s.w?.terminate()));

  const secs = (Date.now() - t0) / 1000;
  const fmt = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`\nfuzz: ${done} case(s) in ${secs.toFixed(1)} s (seed ${args.seed}, ${files.length} seed files, timeout ${args.timeout} ms)`);
  console.log(`  outcomes: ${fmt(outcomes)}`);
  for (const [f, m] of [...byFormat].sort()) console.log(`  ${f}: ${fmt(m)}`);
  console.log(`  slowest: ${slowest.ms.toFixed(0)} ms: ${slowest.desc}`);
  console.log(`  failures: ${failures.length}${lateErrors.length ? ` (+ ${lateErrors.length} late uncaught error(s) after cases ${[...new Set(lateErrors.flatMap((m) => m.recent))].join(', ')})` : ''}`);
  for (const { c, res } of failures) console.log(`  - ${res.code}: npm run fuzz -- --seed ${args.seed} --case ${c.index} --save /tmp/xxgk-fuzz   # ${c.file} ${c.mutations.join(' | ')}`);
  process.exitCode = failures.length || lateErrors.length ? 1 : 0;
}

const { isMainThread, workerData } = await import('node:worker_threads');
if (!isMainThread && workerData?.xxgkFuzzWorker) await workerMain();
else if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cliMain();
