import { defineConfig } from 'vitest/config';

/**
 * Two projects: `fast` (unit and golden tests, in-process, no build: `npm run test:fast`, the
 * daily loop) and `slow` (suites that spawn the built CLI or worker pools, or run thousands of
 * inputs: batch, hostile, fuzz, pool, the CLI suites, the PDF sweep, OCR, the queue, the review pages and the browser). `npm test`
 * runs both: it is the full suite CI runs. Only `slow` builds the package (global-setup.ts).
 */
const SLOW = [
  'tests/batch.test.ts',
  'tests/hostile.test.ts',
  'tests/hostile-batch.test.ts',
  'tests/fuzz.test.ts',
  'tests/pool.test.ts',
  'tests/pdf-engine.test.ts',
  'tests/pdf-sweep.test.ts',
  'tests/cli-interface.test.ts',
  'tests/dataset-outputs.test.ts',
  'tests/run-safety.test.ts',
  'tests/panel.test.ts',
  'tests/queue.test.ts',
  'tests/ocr.test.ts',
  'tests/ocr-pdf.test.ts',
  'tests/review.test.ts',
  'tests/review-browser.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'fast', include: ['tests/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW, globalSetup: ['tests/global-setup.ts'] } },
    ],
  },
});
