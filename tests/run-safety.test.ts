/**
 * A run is never lost (issue 14, "A run that can be lost, or must be repeated"):
 * each test is a user's step through the built CLI, with the files read back.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/schema.js';
import { bin, jsonl, xxgk } from './helpers/cli.js';
import { CORPUS } from './helpers/corpus.js';

const CASE = path.resolve(CORPUS, '../field-cases/jsonl-resume-torn-line');
const HUAIAN = path.join(CORPUS, 'huaian-2024-pdf', 'source.pdf');
const PINGTAN = path.join(CORPUS, 'pingtan-2023-html', 'source.html');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-safety-'));
  // the field case's inputs (make_and_run.sh): 12 copies of one PDF and one HTML report
  mkdirSync(path.join(tmp, 'in'));
  for (let i = 1; i <= 12; i++) copyFileSync(HUAIAN, path.join(tmp, 'in', `r${String(i).padStart(2, '0')}.pdf`));
  copyFileSync(PINGTAN, path.join(tmp, 'in', 'r13.html'));
  mkdirSync(path.join(tmp, 'small'));
  copyFileSync(PINGTAN, path.join(tmp, 'small', 'a.html'));
  copyFileSync(PINGTAN, path.join(tmp, 'small', 'b.html'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const read = (f: string) => readFileSync(path.join(tmp, f));
const notJsonLines = (buf: Buffer) =>
  buf
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });

describe('an existing output is never emptied by accident', () => {
  it('panel, review and convert refuse a non-empty -o too (exit 2, file untouched), and --force overwrites', async () => {
    // found by a new user: panel -o and review -o overwrote silently, and convert's refusal offered --resume
    const recs = await xxgk(['extract', 'small', '-o', 'for-others.jsonl', '-j', '1', '-q'], { cwd: tmp });
    expect(recs.code, recs.stderr).toBe(0);
    for (const [cmd, out] of [
      [['panel', 'for-others.jsonl', '-q'], 'kept-panel.csv'],
      [['review', PINGTAN], 'kept-review.html'],
      [['convert', 'for-others.jsonl'], 'kept-convert.csv'],
    ] as const) {
      writeFileSync(path.join(tmp, out), 'precious\n');
      const r = await xxgk([...cmd, '-o', out], { cwd: tmp });
      expect(r.code, `${cmd[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/already exists and is not empty; nothing was written\. Overwrite it with --force/);
      expect(read(out).toString()).toBe('precious\n');
      const f = await xxgk([...cmd, '-o', out, '--force'], { cwd: tmp });
      expect(f.code, `${cmd[0]} --force: ${f.stderr}`).toBe(0);
      expect(read(out).toString()).not.toBe('precious\n');
    }
  }, 120_000);

  it('an errors CSV that cannot be opened leaves the output as it was (exit 73): not emptied under --force, not created', async () => {
    // found by a new user: the output was opened first, so it was left empty (and an existing one truncated)
    writeFileSync(path.join(tmp, 'kept-errors.csv'), 'precious\n');
    const r = await xxgk(['extract', 'small', '-o', 'kept-errors.csv', '--errors', 'no-such-dir/e.csv', '--force', '-q'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(73);
    expect(r.stderr).toMatch(/cannot open output no-such-dir\/e\.csv/);
    expect(read('kept-errors.csv').toString()).toBe('precious\n');
    const fresh = await xxgk(['extract', 'small', '-o', 'fresh-errors.csv', '--errors', 'no-such-dir/e.csv', '-q'], { cwd: tmp });
    expect(fresh.code).toBe(73);
    expect(existsSync(path.join(tmp, 'fresh-errors.csv'))).toBe(false);
  }, 60_000);

  it('refuses a non-empty output without --resume or --force: exit 2, file untouched', async () => {
    for (const name of ['kept.jsonl', 'kept.csv', 'kept.json', 'kept.xlsx']) {
      writeFileSync(path.join(tmp, name), 'a finished run\n');
      const r = await xxgk(['extract', 'small', '-o', name, '-j', '1'], { cwd: tmp });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(/already exists and is not empty.*--resume.*--force/);
      expect(read(name).toString()).toBe('a finished run\n');
    }
    expect(existsSync(path.join(tmp, 'kept.errors.csv'))).toBe(false);
  }, 60_000);

  it('overwrites with --force, writes into an empty file and into /dev/null', async () => {
    const forced = await xxgk(['extract', 'small', '-o', 'kept.jsonl', '--force', '-j', '1', '-q'], { cwd: tmp });
    expect(forced.code, forced.stderr).toBe(0);
    expect(jsonl(read('kept.jsonl').toString()).map((r) => r.source.path)).toEqual(['small/a.html', 'small/b.html']);
    writeFileSync(path.join(tmp, 'empty.jsonl'), '');
    expect((await xxgk(['extract', 'small', '-o', 'empty.jsonl', '-j', '1', '-q'], { cwd: tmp })).code).toBe(0);
    expect(jsonl(read('empty.jsonl').toString())).toHaveLength(2);
    expect((await xxgk(['extract', 'small', '-o', '/dev/null', '-j', '1', '-q'], { cwd: tmp })).code).toBe(0);
  }, 60_000);

  it('refuses an existing errors CSV too, and --resume together with --force', async () => {
    writeFileSync(path.join(tmp, 'fresh.errors.csv'), 'errors of an earlier run\n');
    const r = await xxgk(['extract', 'small', '-o', 'fresh.csv', '-j', '1'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(read('fresh.errors.csv').toString()).toBe('errors of an earlier run\n');
    expect((await xxgk(['extract', 'small', '-o', 'kept.jsonl', '--resume', '--force'], { cwd: tmp })).code).toBe(2);
  }, 60_000);

  it('refuses an existing --errors FILE without -o as well (CSV on standard output)', async () => {
    writeFileSync(path.join(tmp, 'own.errors.csv'), 'errors of an earlier run\n');
    const r = await xxgk(['extract', 'small', '--format', 'csv', '--errors', 'own.errors.csv', '-j', '1'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/errors file own\.errors\.csv already exists and is not empty/);
    expect(r.stdout).toBe('');
    expect(read('own.errors.csv').toString()).toBe('errors of an earlier run\n');
    const forced = await xxgk(['extract', 'small', '--format', 'csv', '--errors', 'own.errors.csv', '--force', '-j', '1', '-q'], { cwd: tmp });
    expect(forced.code, forced.stderr).toBe(0);
    expect(read('own.errors.csv').toString()).toMatch(/^source\.path,/);
  }, 60_000);
});

describe('--resume repairs torn lines (shared/field-cases/jsonl-resume-torn-line)', () => {
  let ref: Buffer;
  beforeAll(async () => {
    const r = await xxgk(['extract', 'in', '-o', 'ref.jsonl', '-j', '2'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    ref = read('ref.jsonl');
  }, 120_000);

  /** make_and_run.sh: 5 whole records, then the 6th cut one byte into the 3-byte character of 淮. */
  function torn(withNewline: boolean): Buffer {
    const lines = ref.toString('utf8').split('\n');
    const l6 = Buffer.from(lines[5], 'utf8');
    const cut = l6.subarray(0, l6.indexOf(Buffer.from('淮安', 'utf8')) + 1);
    return Buffer.concat([Buffer.from(lines.slice(0, 5).join('\n') + '\n', 'utf8'), cut, Buffer.from(withNewline ? '\n' : '')]);
  }

  it('t1: a torn end of file is cut; the resumed file is the uninterrupted one', async () => {
    writeFileSync(path.join(tmp, 't1.jsonl'), torn(false));
    copyFileSync(path.join(tmp, 'ref.jsonl.xxgk.json'), path.join(tmp, 't1.jsonl.xxgk.json'));
    const r = await xxgk(['extract', 'in', '-o', 't1.jsonl', '--resume', '-j', '2'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/cut a partial last line/);
    expect(read('t1.jsonl').equals(ref)).toBe(true);
  }, 120_000);

  it('t2: a torn line closed by a newline is removed, named, and its input redone', async () => {
    writeFileSync(path.join(tmp, 't2.jsonl'), torn(true));
    copyFileSync(path.join(tmp, 'ref.jsonl.xxgk.json'), path.join(tmp, 't2.jsonl.xxgk.json'));
    const r = await xxgk(['extract', 'in', '-o', 't2.jsonl', '--resume', '-j', '2'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed 1 line\(s\) .* not records \(line 6;/);
    expect(notJsonLines(read('t2.jsonl'))).toEqual([]);
    expect(read('t2.jsonl').equals(ref)).toBe(true);
  }, 120_000);

  it("the case's own t2 file (schema_version 1, no sidecar): refused, naming the version and the torn line 6; file untouched", async () => {
    // the shipped file was written by xxgk before schema_version 2: appending records of
    // another shape to it would mix two shapes in one dataset, so resuming it is refused
    copyFileSync(path.join(CASE, 'input-t2-torn-line-with-newline.jsonl'), path.join(tmp, 'case-t2.jsonl'));
    const before = read('case-t2.jsonl');
    expect(JSON.parse(before.toString('utf8').split('\n')[0]).schema_version).toBe('1');
    const r = await xxgk(['extract', 'in', '-o', 'case-t2.jsonl', '--resume', '-j', '2'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/schema_version 1/);
    expect(r.stderr).toMatch(/line 6 is not a record/);
    // and no "resuming with these options" before the refusal (found by a new user)
    expect(r.stderr).not.toMatch(/resuming with these/);
    expect(read('case-t2.jsonl').equals(before)).toBe(true);
  }, 120_000);
});

describe('--resume and files that cannot be read', () => {
  it('an unreadable file is matched by its path: an empty file is not taken for it, and a file readable now is extracted', async () => {
    // found by a new user: an io_error record carries the sha256 of zero bytes, which an empty file also has, so a
    // resume skipped the empty file (no record) and read the missing one again (two records)
    const dir = path.join(tmp, 'unread');
    mkdirSync(dir);
    copyFileSync(PINGTAN, path.join(dir, 'a.html'));
    const first = await xxgk(['extract', 'unread/a.html', 'unread/missing.pdf', '-o', 'unread.jsonl', '-j', '1', '-q'], { cwd: tmp });
    expect(first.code).toBe(1);
    writeFileSync(path.join(dir, 'empty.pdf'), '');
    const again = await xxgk(['extract', 'unread/a.html', 'unread/empty.pdf', 'unread/missing.pdf', '-o', 'unread.jsonl', '--resume', '-j', '1', '-q'], { cwd: tmp });
    expect(again.code, again.stderr).toBe(1);
    const recs = jsonl(read('unread.jsonl').toString()) as unknown as { source: { path: string }; error?: { code: string } }[];
    expect(recs.map((r) => [r.source.path, r.error?.code ?? 'result'])).toEqual([
      ['unread/a.html', 'result'],
      ['unread/missing.pdf', 'io_error'],
      ['unread/empty.pdf', 'corrupt_file'],
    ]);
    // the file appears: a resume reads it (its record follows the earlier io_error line)
    copyFileSync(PINGTAN, path.join(dir, 'missing.pdf'));
    const third = await xxgk(['extract', 'unread/a.html', 'unread/empty.pdf', 'unread/missing.pdf', '-o', 'unread.jsonl', '--resume', '-j', '1', '-q'], { cwd: tmp });
    expect(third.code, third.stderr).toBe(0);
    const all = jsonl(read('unread.jsonl').toString()) as unknown as { source: { path: string }; error?: { code: string } }[];
    expect(all.slice(3).map((r) => [r.source.path, r.error?.code ?? 'result'])).toEqual([['unread/missing.pdf', 'result']]);
  }, 60_000);
});

describe('the sidecar <out>.xxgk.json', () => {
  it('records the options and refuses to resume with different ones (file untouched)', async () => {
    const r = await xxgk(['extract', 'small', '-o', 'side.jsonl', '-j', '1', '-q'], { cwd: tmp });
    expect(r.code).toBe(0);
    const side = JSON.parse(read('side.jsonl.xxgk.json').toString());
    expect(side).toMatchObject({ format: 'jsonl', schema_version: SCHEMA_VERSION, options: { blank_as_zero: false } });
    const content = read('side.jsonl');
    writeFileSync(path.join(tmp, 'side.jsonl'), content.subarray(0, content.indexOf(0x0a) + 1)); // as if cut after one record
    const cut = read('side.jsonl');
    const bad = await xxgk(['extract', 'small', '-o', 'side.jsonl', '--resume', '--blank-as-zero', '-j', '1'], { cwd: tmp });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--blank-as-zero/);
    expect(read('side.jsonl').equals(cut)).toBe(true);
    const ok = await xxgk(['extract', 'small', '-o', 'side.jsonl', '--resume', '-j', '1', '-q'], { cwd: tmp });
    expect(ok.code).toBe(0);
    expect(read('side.jsonl').equals(content)).toBe(true);
  }, 60_000);
});

describe('the single-threaded re-run', () => {
  /** Start a batch that re-runs itself, kill the parent by PID `delayMs` after its child appears; is the child gone within 10 s? */
  async function childOutlivesParent(delayMs: number, out: string): Promise<boolean> {
    const dir = path.join(tmp, 'hang');
    mkdirSync(dir, { recursive: true });
    for (const n of ['a', 'b', 'c']) writeFileSync(path.join(dir, `${n}__xxgk_hang__.txt`), 'spins (test hook)');
    let childPid = 0;
    // stdout/stderr not piped: an orphan holding them cannot keep this test waiting
    const parent = spawn(process.execPath, [bin(), 'extract', 'hang', '-j', '2', '--timeout', '60', '-o', out, '-q'], {
      cwd: tmp,
      env: { ...process.env, XXGK_TEST_HOOKS: '1', XXGK_V8_DEFAULT: '' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((res) => parent.on('exit', (_code, sig) => res(sig)));
    const t1 = Date.now();
    while (!childPid && Date.now() - t1 < 20_000) {
      await new Promise((res) => setTimeout(res, 10));
      try {
        const kids = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim();
        if (kids) childPid = Number(kids.split(/\s+/)[0]);
      } catch {
        /* not yet */
      }
    }
    await new Promise((res) => setTimeout(res, delayMs));
    parent.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(childPid).toBeGreaterThan(0);
    const alive = () => {
      try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${childPid}/status`, 'utf8'));
      } catch {
        return false; // gone
      }
    };
    const t0 = Date.now();
    while (alive() && Date.now() - t0 < 10_000) await new Promise((res) => setTimeout(res, 100));
    const stillAlive = alive();
    if (stillAlive) process.kill(childPid, 'SIGKILL');
    return stillAlive;
  }

  it('exits when its parent is killed by PID', async () => {
    expect(await childOutlivesParent(500, 'hang.jsonl')).toBe(false);
  }, 60_000);

  it('exits when its parent is killed before the child has started its work (the channel is already closed)', async () => {
    expect(await childOutlivesParent(0, 'hang-early.jsonl')).toBe(false);
  }, 60_000);
});
