/**
 * The review page's own files (src/review/assets: HTML templates, CSS, the
 * page script), read once from beside the compiled module (the build copies
 * them: scripts/copy-assets.mjs), and the Content-Security-Policy that admits
 * exactly this CSS and this script by their SHA-256 hashes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** An asset's text, e.g. `asset('report.html')`. Throws ENOENT when the build did not copy the assets. */
export function asset(name: string): string {
  let s = cache.get(name);
  if (s === undefined) {
    s = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
    cache.set(name, s);
  }
  return s;
}

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/**
 * A policy that forbids everything the page does not bring itself: no
 * network (`default-src 'none'`), images only from `data:` URIs, the one
 * style element and the one script element by hash (so no inline handler,
 * no `<script>` and no `style=` attribute from a document could run even if
 * one slipped through escaping), no `<base>`, no form submission.
 */
export function contentSecurityPolicy(css: string, script?: string): string {
  return [
    "default-src 'none'",
    'img-src data:',
    `style-src ${hash(css)}`,
    `script-src ${script === undefined ? "'none'" : hash(script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
