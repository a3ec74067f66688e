/**
 * Escaping for the review page. Everything taken from a document (title,
 * labels, raw cell text, warning messages, file names) goes through `esc`
 * before it reaches the HTML: the page opens in the user's browser and a
 * report is untrusted input.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for an HTML text node or a double- or single-quoted attribute value. Control characters other than tab and newline are dropped. */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  // eslint-disable-next-line no-control-regex
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** Fill `{{name}}` slots of an asset template; values must already be escaped (or be trusted markup built here). Unknown slots throw. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`template slot {{${name}}} has no value`);
    return values[name];
  });
}
