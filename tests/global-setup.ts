/**
 * Build a private copy of the package for the tests, once per run.
 *
 * The batch pool runs its workers from compiled JavaScript, and the CLI tests
 * spawn the built bin. Building into the shared dist/ is fragile when several
 * people (or test runs) rebuild it at the same time, so the tests compile the
 * sources into node_modules/.cache/xxgk-test/<run>/dist (ignored by git;
 * packages still resolve from the project's node_modules) with a copy of
 * bin/xxgk.js beside it. Tests get the paths with `inject('xxgkBuild')`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    xxgkBuild: { root: string; bin: string; worker: string };
  }
}

export default function setup(project: TestProject): () => void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const build = path.join(root, 'node_modules', '.cache', 'xxgk-test', `${process.pid}-${Date.now()}`);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', path.join(build, 'dist'), '--declaration', 'false'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    // tsc still emits JavaScript on type errors; report them without failing the run
    const out = String((e as { stdout?: Buffer }).stdout ?? '');
    console.warn(`global-setup: tsc reported errors (testing the emitted JavaScript anyway):\n${out.slice(0, 2000)}`);
  }
  // the review page's HTML/CSS/script beside the compiled modules, as `npm run build` does
  execFileSync(process.execPath, [path.join(root, 'scripts', 'copy-assets.mjs'), path.join(build, 'dist')], { cwd: root, stdio: 'pipe' });
  mkdirSync(path.join(build, 'bin'), { recursive: true });
  copyFileSync(path.join(root, 'bin', 'xxgk.js'), path.join(build, 'bin', 'xxgk.js'));
  project.provide('xxgkBuild', { root: build, bin: path.join(build, 'bin', 'xxgk.js'), worker: path.join(build, 'dist', 'batch', 'worker.js') });
  return () => rmSync(build, { recursive: true, force: true });
}
