/**
 * Containment of pdf.js's stray rejections.
 *
 * pdf.js runs its "worker" on the main thread in Node, and on some broken
 * files it leaves promises rejected that nothing ever awaits — e.g.
 * Catalog.getPageDict prefetches the top-level /Kids with xref.fetchAsync()
 * into a cache, and a bad xref entry rejects that prefetch unobserved
 * (XRefEntryException). The read itself already failed with a typed error,
 * but in a process with no `unhandledRejection` listener Node would then
 * crash. While a PDF is being read (and one macrotask after), a listener
 * swallows rejections whose reason is one of pdf.js's exception classes;
 * anything else is re-thrown as Node would, when no other listener exists.
 * Listeners of the host application still see every event, and under
 * `--unhandled-rejections=strict` Node raises before any listener runs.
 */
const PDFJS_EXCEPTIONS = new Set([
  'XRefEntryException',
  'XRefParseException',
  'MissingDataException',
  'FormatError',
  'InvalidPDFException',
  'PasswordException',
  'UnknownErrorException',
  'ResponseException',
  'AbortException',
  'ParserEOFException',
]);

/** Is this rejection reason one of pdf.js's own exceptions (or thrown from its worker code)? */
export function fromPdfjs(reason: unknown): boolean {
  if (!reason || typeof reason !== 'object') return false;
  const name = (reason as { name?: unknown }).name;
  if (typeof name === 'string' && PDFJS_EXCEPTIONS.has(name)) return true;
  const stack = (reason as { stack?: unknown }).stack;
  return typeof stack === 'string' && /pdfjs-dist[\\/].*pdf\.worker\.mjs/.test(stack.split('\n').slice(0, 4).join('\n'));
}

let active = 0;
const listener = (reason: unknown) => {
  if (fromPdfjs(reason)) return;
  if (process.listenerCount('unhandledRejection') === 1) {
    process.nextTick(() => {
      throw reason;
    });
  }
};

/** Run a pdf.js read with stray pdf.js rejections contained. */
export async function containPdfjsRejections<T>(fn: () => Promise<T>): Promise<T> {
  if (active++ === 0) process.on('unhandledRejection', listener);
  try {
    return await fn();
  } finally {
    // unhandled rejections are reported after the microtask queue drains: wait one macrotask
    await new Promise((r) => setTimeout(r, 0));
    if (--active === 0) process.off('unhandledRejection', listener);
  }
}
