/**
 * The kinds of check by id, in a module of their own: the CLI's main thread counts failed
 * identity checks of every record (cli/progress.ts) without loading the narrative matcher
 * and its phrase tables (narrative.ts re-exports both).
 */

/** Narrative check ids start with `N.`; identity checks are A1/A2/A3/B1. */
export const isNarrativeCheck = (c: { id: string }): boolean => c.id.startsWith('N.');
/** The template's identity checks (A1/A2/A3/B1): the only ones `checks_failed` counts. */
export const isIdentityCheck = (c: { id: string }): boolean => /^(A1|A2|A3|B1)\./.test(c.id);
