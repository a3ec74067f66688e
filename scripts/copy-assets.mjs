#!/usr/bin/env node
// Copy the non-TypeScript files the compiled code reads at run time
// (src/**/assets/*: HTML templates, CSS, the review page's script) into the
// output directory beside the compiled modules: `node scripts/copy-assets.mjs [outDir]`
// (default dist). tsc emits only .ts (and imported .json) files.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Copy every `assets` folder under src/ to the same place under `outDir`. Returns the folders copied. */
export function copyAssets(outDir, root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')) {
  const src = path.join(root, 'src');
  const copied = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = path.join(dir, e.name);
      if (e.name === 'assets') {
        const to = path.join(path.resolve(root, outDir), path.relative(src, p));
        cpSync(p, to, { recursive: true });
        copied.push(to);
      } else walk(p);
    }
  };
  if (existsSync(src)) walk(src);
  return copied;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  copyAssets(process.argv[2] ?? 'dist');
}
