/**
 * The interface a user meets (issue 14, "The interface"): exit status and the
 * skipped list, pipes, standard input, path lists, Ctrl-C, progress, error
 * messages, spreadsheet safety. Each test runs the built CLI as a user would.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Progress, newTally } from '../src/cli/progress.js';
import type { Result } from '../src/schema.js';
import { bin, csvObjects, jsonl, xxgk } from './helpers/cli.js';
import { CORPUS, FIXTURES, ROOT } from './helpers/corpus.js';
import { rtfChunkDocx } from './helpers/docx.js';

const PINGTAN = path.join(CORPUS, 'pingtan-2023-html', 'source.html');
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-cli-'));
  mkdirSync(path.join(tmp, 'crawl'));
  copyFileSync(PINGTAN, path.join(tmp, 'crawl', 'a-report.html'));
  copyFileSync(path.join(FIXTURES, 'hostile', 'notice-html.html'), path.join(tmp, 'crawl', 'b-notice.html'));
  writeFileSync(path.join(tmp, 'crawl', 'site.css'), 'body { color: red }\n');
  mkdirSync(path.join(tmp, 'many'));
  for (const n of ['a', 'b', 'c', 'd']) copyFileSync(PINGTAN, path.join(tmp, 'many', `${n}.html`));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('exit status: non-reports are counted apart, never hidden', () => {
  it('a crawl folder with a notice page exits 0, lists the notice and the skipped file, --skipped writes them', async () => {
    const r = await xxgk(['extract', 'crawl', '-o', 'crawl.jsonl', '-j', '1', '--skipped', 'skipped.csv'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const recs = jsonl(readFileSync(path.join(tmp, 'crawl.jsonl'), 'utf8'));
    expect(recs.map((x) => x.source.path)).toEqual(['crawl/a-report.html', 'crawl/b-notice.html']); // the record is kept
    expect(r.stderr).toMatch(/1 failed|0 failed/);
    expect(r.stderr).toMatch(/crawl\/b-notice\.html\tnot_a_report/);
    expect(r.stderr).toMatch(/crawl\/site\.css\tskipped: /);
    const listed = csvObjects(readFileSync(path.join(tmp, 'skipped.csv'), 'utf8'));
    expect(listed.map((x) => x.path).sort()).toEqual(['crawl/b-notice.html', 'crawl/site.css']);
    expect(listed.find((x) => x.path === 'crawl/b-notice.html')!.reason).toBe('not_a_report');
  }, 60_000);
});

describe('pipes', () => {
  for (const format of ['csv', 'csv-long', 'jsonl', 'xlsx']) {
    for (const when of ['before the first byte', 'after the first chunk']) {
      it(`a reader that closes the pipe ${when} ends a ${format} run quietly with the output status`, async () => {
        const r = await xxgk(['extract', 'many', '--format', format, '-j', '1', '-q'], {
          cwd: tmp,
          onSpawn: (child) => (when.startsWith('before') ? child.stdout!.destroy() : child.stdout!.once('data', () => child.stdout!.destroy())),
        });
        expect(r.stderr).not.toMatch(/internal error/);
        expect(r.code).toBe(73);
      }, 60_000);
    }
  }
});

describe('standard input', () => {
  it('with no input argument reads a regular file given as stdin', async () => {
    const r = await xxgk(['extract'], { stdin: { file: PINGTAN } });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Result).report.year).toBe(2023);
  }, 60_000);

  it('reads a FIFO (a shell pipe)', async () => {
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn('sh', ['-c', `cat "$1" | "${process.execPath}" "${bin()}" extract`, 'sh', PINGTAN], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('close', (code) => resolve({ code, out }));
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Result).report.agency).toBe('平潭综合实验区');
  }, 60_000);

  it('an empty file is nothing to extract; /dev/null or an open socket of a parent is never waited on', async () => {
    writeFileSync(path.join(tmp, 'empty'), '');
    const empty = await xxgk(['extract'], { stdin: { file: path.join(tmp, 'empty') } });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/standard input is empty/);
    const devnull = await xxgk(['extract'], { stdin: 'null' });
    expect(devnull.code).toBe(2);
    expect(devnull.stderr).toMatch(/no input given/);
    // a parent's pipe (a socket in Node) that is never closed
    const open = await new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, [bin(), 'extract'], { stdio: ['pipe', 'ignore', 'ignore'] });
      const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
      c.on('exit', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
    expect(open).toBe(2);
  }, 60_000);

  it('--files-from takes a path list from a file or from stdin (NUL-separated too)', async () => {
    writeFileSync(path.join(tmp, 'list.txt'), 'many/a.html\r\n\nmany/missing.html\n');
    const r = await xxgk(['extract', '--files-from', 'list.txt', '-j', '1', '-q'], { cwd: tmp });
    const recs = jsonl(r.stdout);
    expect(recs.map((x) => x.source.path)).toEqual(['many/a.html', 'many/missing.html']);
    const missing = recs[1] as { error: { code: string; message: string } };
    expect(missing.error.code).toBe('io_error');
    expect(missing.error.message).toMatch(/No such file or directory/);
    expect(r.code).toBe(1);
    for (const jobs of ['1', '2']) {
      // with 2 jobs the list read from stdin is handed to the single-threaded re-run
      const nul = await xxgk(['extract', '--files-from', '-', '-j', jobs, '-q'], { cwd: tmp, stdin: 'many/b.html\0many/c.html\0', env: { XXGK_V8_DEFAULT: '' } });
      expect(jsonl(nul.stdout).map((x) => x.source.path), nul.stderr).toEqual(['many/b.html', 'many/c.html']);
      expect(nul.code).toBe(0);
    }
  }, 60_000);
});

describe('Ctrl-C', () => {
  for (const reexec of [false, true]) {
    it(`says where the run stopped and how to continue${reexec ? ' (through the single-threaded re-run)' : ''}`, async () => {
      const dir = path.join(tmp, `hang${reexec ? 2 : 1}`);
      mkdirSync(dir);
      copyFileSync(PINGTAN, path.join(dir, 'a.html'));
      for (const n of ['b', 'c']) writeFileSync(path.join(dir, `${n}__xxgk_hang__.txt`), 'spins (test hook)');
      const out = `${path.basename(dir)}.jsonl`;
      const r = await xxgk(['extract', path.basename(dir), '-o', out, '-j', reexec ? '2' : '1', '--timeout', '60'], {
        cwd: tmp,
        env: { XXGK_TEST_HOOKS: '1', XXGK_V8_DEFAULT: reexec ? '' : '1' },
        onSpawn: (child) => {
          // once the first record is on disk, press Ctrl-C
          const poll = setInterval(() => {
            const p = path.join(tmp, out);
            if (existsSync(p) && readFileSync(p, 'utf8').includes('\n')) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 50);
        },
      });
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(new RegExp(`interrupted at 1/3 — re-run with --resume to continue ${out}`));
      expect(jsonl(readFileSync(path.join(tmp, out), 'utf8'))).toHaveLength(1);
    }, 60_000);
  }
});

describe('progress line', () => {
  it('is drawn in a pty that reports 0 columns (script), and cleared at the end', async () => {
    const out = path.join(tmp, 'pty.jsonl');
    const cmd = `stty cols 0 2>/dev/null; "${process.execPath}" "${bin()}" extract "${path.join(tmp, 'many')}" -o "${out}" -j 1`;
    const r = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const c = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      c.stdout.on('data', (d) => (text += d));
      c.on('close', (code) => resolve({ code, text }));
    });
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/\r\[#+-*\] [1-4]\/4 [\d.]+ files\/s ETA/);
    expect(r.text).toMatch(/\r\x1b\[K/); // erased before the summary
    expect(jsonl(readFileSync(out, 'utf8'))).toHaveLength(4);
  }, 60_000);


  it('is drawn when the terminal reports 0 columns, with no ETA before a few files', () => {
    const term = { isTTY: true, columns: 0, text: '', write(s: string) { this.text += s; } };
    const t = newTally(10);
    t.done = 1;
    const p = new Progress(t, term, Progress.wanted(term, false));
    p.tick(true);
    expect(term.text).toMatch(/1\/10 .*ETA \?/);
    expect(p.line(Date.now() + 2000)).toMatch(/1\/10 .*ETA \?/); // one file says little about the rate
    t.done = 4;
    expect(p.line(Date.now() + 2000)).toMatch(/4\/10 .*ETA \d+s/);
  });
});

describe('errors a user can act on', () => {
  it('a missing input and an unwritable output have their own words and exit statuses', async () => {
    const missing = await xxgk(['extract', 'no-such-report.pdf'], { cwd: tmp });
    expect(missing.code).toBe(16);
    expect(missing.stderr).toMatch(/no-such-report\.pdf: io_error: .*No such file or directory/);
    const unwritable = await xxgk(['extract', 'many', '-o', 'no-such-dir/out.jsonl', '-j', '1'], { cwd: tmp });
    expect(unwritable.code).toBe(73);
    expect(unwritable.stderr).toMatch(/cannot open output .*no-such-dir\/out\.jsonl.*: No such file or directory/);
    const xlsx = await xxgk(['extract', 'many', '-o', 'no-such-dir/out.xlsx', '-j', '1'], { cwd: tmp });
    expect(xlsx.code).toBe(73);
    expect(xlsx.stderr).toMatch(/no-such-dir\/out\.xlsx: No such file or directory/);
  }, 60_000);

  it('a user-password PDF names --password', async () => {
    const r = await xxgk(['extract', path.join(FIXTURES, 'hostile', 'encrypted-user-huaian.pdf')]);
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/encrypted: .*--password/);
    const wrong = await xxgk(['extract', path.join(FIXTURES, 'hostile', 'encrypted-user-huaian.pdf'), '--password', 'wrong']);
    expect(wrong.code).toBe(12);
    expect(wrong.stderr).toMatch(/the password given does not open it/);
  }, 60_000);

  it('--password opens a user-password PDF, in-process and in the worker pool', async () => {
    // the fixture is fixtures/real/huaian-2024.pdf encrypted by qpdf with user password "user-pw"
    const want = JSON.parse(readFileSync(path.join(FIXTURES, 'real', 'huaian-2024.expected.json'), 'utf8')) as { tables: unknown };
    const enc = path.join(FIXTURES, 'hostile', 'encrypted-user-huaian.pdf');
    const one = await xxgk(['extract', enc, '--password', 'user-pw']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).tables).toEqual(want.tables);
    mkdirSync(path.join(tmp, 'locked'), { recursive: true });
    copyFileSync(enc, path.join(tmp, 'locked', 'a.pdf'));
    copyFileSync(enc, path.join(tmp, 'locked', 'b.pdf'));
    const pool = await xxgk(['extract', 'locked', '--format', 'jsonl', '--password', 'user-pw', '-j', '2', '-q'], { cwd: tmp });
    expect(pool.code, pool.stderr).toBe(0);
    const recs = pool.stdout.trim().split('\n').map((l) => JSON.parse(l) as { tables: unknown });
    expect(recs).toHaveLength(2);
    for (const r of recs) expect(r.tables).toEqual(want.tables);
  }, 60_000);

  it('the warnings raised before a failure reach stderr and the errors CSV (an RTF altChunk before not_a_report)', async () => {
    writeFileSync(path.join(tmp, 'rtf-chunk.docx'), rtfChunkDocx());
    const single = await xxgk(['extract', 'rtf-chunk.docx'], { cwd: tmp });
    expect(single.code).toBe(14);
    expect(single.stderr).toMatch(/^xxgk: rtf-chunk\.docx: not_a_report: .* \(warnings: docx_altchunk_ignored\)$/m);
    const csv = await xxgk(['extract', 'rtf-chunk.docx', '-o', 'rtf.csv'], { cwd: tmp });
    expect(csv.code).toBe(14);
    const errs = csvObjects(readFileSync(path.join(tmp, 'rtf.errors.csv'), 'utf8'));
    expect(errs).toHaveLength(1);
    expect(errs[0]['error.code']).toBe('not_a_report');
    expect(errs[0].warnings).toBe('docx_altchunk_ignored');
  }, 60_000);

  it('--excel neutralises a text cell that starts with =', async () => {
    copyFileSync(PINGTAN, path.join(tmp, '=1+1.html'));
    const plain = await xxgk(['extract', '=1+1.html', '-o', 'plain.csv'], { cwd: tmp });
    expect(plain.code, plain.stderr).toBe(0);
    expect(csvObjects(readFileSync(path.join(tmp, 'plain.csv'), 'utf8'))[0]['source.path']).toBe('=1+1.html');
    await xxgk(['extract', '=1+1.html', '-o', 'safe.csv', '--excel'], { cwd: tmp });
    const safe = readFileSync(path.join(tmp, 'safe.csv'), 'utf8');
    expect(safe.startsWith('\uFEFF')).toBe(true);
    expect(csvObjects(safe)[0]['source.path']).toBe("'=1+1.html");
  }, 60_000);

  it('the --help examples name files that exist', async () => {
    const help = (await xxgk(['extract', '--help'])).stdout;
    const named = [...help.matchAll(/xxgk extract (fixtures\/\S+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const f of named) expect(existsSync(path.join(ROOT, f)), f).toBe(true);
  }, 60_000);
});
