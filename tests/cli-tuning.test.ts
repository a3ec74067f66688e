/**
 * The CLI's V8 tuning (src/cli/tuning.ts) must never print V8's "unrecognized flag" on stderr:
 * `--interrupt-budget` exists in V8 11.3 (Node 20) but not in V8 12.4 (Node 22) or 13.6 (Node 24),
 * as `node --v8-options` of each shows.
 */
import { describe, expect, it } from 'vitest';
import { hasInterruptBudget } from '../src/cli/tuning.js';

describe('V8 tuning of the CLI', () => {
  it('sets --interrupt-budget only on V8 versions that have it', () => {
    expect(hasInterruptBudget('11.3.244.8-node.33')).toBe(true); // Node 20
    expect(hasInterruptBudget('12.4.254.21-node.57')).toBe(false); // Node 22
    expect(hasInterruptBudget('13.6.233.17-node.37')).toBe(false); // Node 24
  });
});
