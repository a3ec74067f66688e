#!/usr/bin/env node
/**
 * Generates src/traditional-chars.ts: every character that the OpenCC `tw` → `cn`
 * conversion (opencc-js/t2cn, the one src/normalize.ts uses) can change.
 *
 * The conversion is a chain of longest-match dictionary replacements (CJK
 * compatibility ideographs, then Taiwan variants, then Traditional → Simplified
 * phrases and characters, segmented by the phrases). A replacement changes the
 * text only when the dictionary key it matched differs from its value; for such
 * an entry the characters of the key at the positions where key and value
 * differ are collected here (all of the key's characters when their lengths
 * differ — no entry does today). Every changing entry so contains a collected
 * character, so a string without any of them matches only entries that leave it
 * as it is (or, for the variant step, ones the next step undoes: see
 * `changedCodePoints`), and the conversion returns it unchanged: src/normalize.ts skips the
 * converter (≈ 25 ms to import and build, once per process) for such strings.
 *
 *   node scripts/gen-traditional-chars.mjs       # rewrite the module
 * tests/normalize-shortcut.test.ts checks that the committed module is what this
 * script generates, and that the shortcut gives the converter's output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const OUTPUT = `${root}src/traditional-chars.ts`;
/** The dictionaries of the `tw2s` configuration of opencc-js/t2cn (normalisation, segmentation and conversion chain). */
export const DICTIONARIES = ['CJK_Compatibility_Ideographs', 'TWVariantsRevPhrases', 'TWVariantsRev', 'TSPhrases', 'TSCharacters'];

/** Entries `[key, value]` of one opencc-js dictionary. */
export async function dictionary(name) {
  const d = (await import(`opencc-js/dict/${name}`)).default;
  return typeof d === 'string' ? d.split('|').map((line) => line.split(' ')) : d;
}

/** Characters at which an entry of the dictionaries `names` changes its key (all of the key's when lengths differ). */
async function changing(names, { singleOnly = false } = {}) {
  const set = new Set();
  for (const name of names) {
    for (const [key, value] of await dictionary(name)) {
      if (key === value) continue;
      const k = Array.from(key);
      if (singleOnly && k.length !== 1) continue;
      const v = Array.from(value);
      for (let i = 0; i < k.length; i++) if (k.length !== v.length || k[i] !== v[i]) set.add(k[i]);
    }
  }
  return set;
}

/**
 * The sorted code points of the characters the conversion can change.
 *
 * Every character some entry changes (see above) would do, but 17 of them are common Simplified
 * characters (核 秘 才 群 峰 …) that the Taiwan-variant step turns into a variant (核 → 覈) which
 * the Traditional → Simplified step turns back (覈 → 核): a character changed only by the variant
 * step is left out when that round trip holds for every entry that could apply, i.e.
 * - every variant-step entry that changes it maps it, in a key of equal length, to one variant
 *   that no other character maps to, and that variant is itself a changed character (so it cannot
 *   be in a string this set lets through: in the converted text it stands for this character);
 * - every Traditional → Simplified entry whose key holds that variant has a value of equal length
 *   with this character at the variant's place.
 * Otherwise (著 → 着 stays 着) it is kept.
 */
export async function changedCodePoints() {
  const base = await changing(['CJK_Compatibility_Ideographs', 'TSPhrases', 'TSCharacters'], { singleOnly: true });
  const variantStep = await changing(['TWVariantsRevPhrases', 'TWVariantsRev']);
  const unsafe = new Set();
  const variantOf = new Map(); // character → its variant
  const originOf = new Map(); // variant → character
  for (const name of ['TWVariantsRevPhrases', 'TWVariantsRev']) {
    for (const [key, value] of await dictionary(name)) {
      if (key === value) continue;
      const k = Array.from(key);
      const v = Array.from(value);
      if (k.some((c) => base.has(c))) continue; // cannot match a string without base characters
      for (let i = 0; i < k.length; i++) {
        if (k.length !== v.length) unsafe.add(k[i]);
        else if (k[i] !== v[i]) {
          const c = k[i];
          const w = v[i];
          if (variantOf.has(c) && variantOf.get(c) !== w) unsafe.add(c);
          if (originOf.has(w) && originOf.get(w) !== c) unsafe.add(c).add(originOf.get(w));
          if (!base.has(w)) unsafe.add(c);
          variantOf.set(c, w);
          originOf.set(w, c);
        }
      }
    }
  }
  // a variant of an unsafe character can be in a string this set lets through (着 of 著 → 着): it
  // stands for itself there, not for its character
  for (const [w, c] of originOf) if (unsafe.has(c)) originOf.delete(w);
  const chars = new Set(base);
  for (const c of variantStep) if (unsafe.has(c) || !variantOf.has(c)) chars.add(c);
  // the normalisation step sees the string itself: a changing entry needs a character of `chars`
  for (const [key, value] of await dictionary('CJK_Compatibility_Ideographs')) {
    if (key !== value && !Array.from(key).some((c) => chars.has(c))) throw new Error(`unexpected entry ${key} ${value}`);
  }
  // the Traditional → Simplified step sees the text after the variant step: an entry can match it
  // only where the string held the key with each variant's character in its place (its other
  // characters are not in `chars`, or it cannot match); if its value is not that string, that
  // string is a context (a phrase such as 反覆 → 反复, or 李祕 → 李祕 after 秘 → 祕)
  const contexts = new Set();
  for (const name of ['TSPhrases', 'TSCharacters']) {
    for (const [key, value] of await dictionary(name)) {
      const k = Array.from(key);
      if (k.some((c) => (originOf.has(c) ? chars.has(originOf.get(c)) : chars.has(c)))) continue;
      const original = k.map((c) => originOf.get(c) ?? c).join('');
      if (original === value) continue;
      if (Array.from(original).length === 1) chars.add(original);
      else contexts.add(original);
    }
  }
  return {
    codePoints: [...chars].map((c) => c.codePointAt(0)).sort((a, b) => a - b),
    contexts: [...contexts].sort(),
  };
}

/** The text of src/traditional-chars.ts. */
export async function generate() {
  const { codePoints: cps, contexts } = await changedCodePoints();
  const ranges = [];
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
    const hex = (cp) => `\\u{${cp.toString(16).toUpperCase()}}`;
    ranges.push(j === i ? hex(cps[i]) : `${hex(cps[i])}-${hex(cps[j])}`);
    i = j + 1;
  }
  const { version } = JSON.parse(readFileSync(`${root}node_modules/opencc-js/package.json`, 'utf8'));
  const lines = [
    `// GENERATED by scripts/gen-traditional-chars.mjs from opencc-js ${version} (${DICTIONARIES.join(', ')}): do not edit.`,
    '',
    '/**',
    ` * Matches where the OpenCC tw → cn conversion can change a string: one of ${cps.length} characters, or one of`,
    ` * ${contexts.length} contexts: phrases the conversion changes although none of their characters is listed (反覆 → 反复,`,
    ' * 李秘 → 李祕 through the Taiwan variant 祕). A string it does not match converts to itself (see the script).',
    ' */',
    'export const CONVERTIBLE = new RegExp(',
  ];
  for (let i = 0; i < ranges.length; i += 12) {
    lines.push(`  ${i === 0 ? "'[' + " : '  '}'${ranges.slice(i, i + 12).join('')}' +`);
  }
  lines.push(`    ']|${contexts.join('|')}',`, "  'u',", ');', '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, await generate());
  console.log(`wrote ${OUTPUT}`);
}
