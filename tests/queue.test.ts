/**
 * `xxgk queue add|work|collect|status` against a real Redis (Debian's
 * redis-server on a free port of 127.0.0.1, started and stopped here).
 *
 * Without redis-server: under CI=true the suite FAILS (CI installs it, see
 * .ci/run); elsewhere the tests are skipped and a note says plainly that they
 * did not run. Every process started here is stopped by the test that started
 * it, and again (SIGKILL) in afterEach if a test failed half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OutputRecord, Result } from '../src/schema.js';
import { corpusDocs } from './helpers/corpus.js';
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.js';

const BIN = inject('xxgkBuild').bin;
const HAVE_REDIS = redisAvailable();
const IN_CI = process.env.CI === 'true';

if (!HAVE_REDIS && !IN_CI) {
  console.warn('queue tests DID NOT RUN: redis-server is not installed (apt-get install redis-server; under CI=true this is a failure)');
}

describe('queue prerequisites', () => {
  it.runIf(IN_CI)('redis-server is installed under CI=true (.ci/run installs it)', () => {
    expect(HAVE_REDIS, 'redis-server not found: the queue tests cannot run').toBe(true);
  });
});

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();

function xxgk(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, out: () => out, err: () => err, exit };
}

async function run(args: string[], env: Record<string, string> = {}) {
  const p = xxgk(args, env);
  const { code } = await p.exit;
  return { code, stdout: p.out(), stderr: p.err() };
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The complete lines of a JSONL file being written (a partial last line is left out). */
const lines = (file: string): OutputRecord[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .slice(0, -1)
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as OutputRecord)
    : [];

async function status(redis: string, queue: string) {
  const r = await run(['queue', 'status', '--redis', redis, '--queue', queue, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { waiting: number; active: number; done: number; failed: number; collected: number };
}

describe.skipIf(!HAVE_REDIS)('queue on a real Redis', () => {
  let redis: TestRedis;
  let tmp: string;
  let inputs: string; // the corpus sources, one folder
  let local: Map<string, OutputRecord>; // sha256 → record of a local `xxgk extract`

  beforeAll(async () => {
    redis = await startRedis();
    tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-queue-'));
    inputs = path.join(tmp, 'corpus');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inputs);
    for (const d of corpusDocs()) copyFileSync(d.source, path.join(inputs, `${d.id}${path.extname(d.source)}`));
    const r = await run(['extract', inputs, '-o', path.join(tmp, 'local.jsonl'), '-q', '-j', '2']);
    expect(r.code, r.stderr).toBe(0);
    local = new Map(lines(path.join(tmp, 'local.jsonl')).map((rec) => [rec.source.sha256!, rec]));
    expect(local.size).toBe(corpusDocs().length);
  }, 120_000);

  afterEach(() => {
    for (const c of live) c.kill('SIGKILL');
    live.clear();
  });

  afterAll(async () => {
    await redis?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Every record once, and the tables of a local extract. */
  function expectSameAsLocal(recs: OutputRecord[]) {
    const shas = recs.map((r) => r.source.sha256);
    expect(new Set(shas).size, 'no duplicates').toBe(shas.length);
    expect(new Set(shas), 'one record per input').toEqual(new Set(local.keys()));
    for (const rec of recs) {
      const mine = local.get(rec.source.sha256!)!;
      expect('error' in rec, rec.source.path ?? '').toBe('error' in mine);
      if (!('error' in rec)) expect((rec as Result).tables, rec.source.path ?? '').toEqual((mine as Result).tables);
    }
  }

  it('add: job id = sha256, a report added twice is queued once; --inline has a cap', async () => {
    const q = 'dedup';
    const copy = path.join(tmp, 'copy-of-one.txt');
    copyFileSync(corpusDocs().find((d) => d.source.endsWith('.txt'))!.source, copy);
    const a = await run(['queue', 'add', inputs, copy, '--redis', redis.url, '--queue', q]);
    expect(a.code, a.stderr).toBe(0);
    const n = corpusDocs().length;
    expect(a.stderr).toContain(`${n} job(s) added`);
    expect(a.stderr).toContain('1 duplicate(s) by content');
    const b = await run(['queue', 'add', inputs, '--redis', redis.url, '--queue', q]);
    expect(b.stderr).toContain(`0 job(s) added, ${n} already in the queue`);
    expect(await status(redis.url, q)).toMatchObject({ waiting: n, active: 0, done: 0, failed: 0, collected: 0 });
    // --inline refuses a document over the cap, says so, exits 1
    const big = path.join(tmp, 'big.txt');
    writeFileSync(big, '一'.repeat(400_000)); // 1.2 MB
    const c = await run(['queue', 'add', big, '--inline', '--inline-max', '1', '--redis', redis.url, '--queue', q]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/big\.txt: too_large: .*inline cap/);
  }, 60_000);

  it('two workers on the corpus, one SIGKILLed mid-job, collector killed and restarted: one record per input, tables of a local extract', async () => {
    const q = 'corpus';
    const out = path.join(tmp, 'corpus.jsonl');
    const a = await run(['queue', 'add', inputs, '--redis', redis.url, '--queue', q, '--inline']);
    expect(a.code, a.stderr).toBe(0);
    const env = { XXGK_TEST_HOOKS: '1', XXGK_TEST_JOB_DELAY_MS: '1500' };
    // --attempts 5: a loaded machine may miss a lock renewal; a false stall must not fail a job here
    const workArgs = ['queue', 'work', '--redis', redis.url, '--queue', q, '-j', '1', '--stall-interval', '2', '--attempts', '5'];
    const w1 = xxgk(workArgs, env);
    const w2 = xxgk(workArgs, env);
    const c1 = xxgk(['queue', 'collect', '--redis', redis.url, '--queue', q, '-o', out, '--follow']);
    await until('2 collected records', () => lines(out).length >= 2);
    // w1 works without pause while jobs wait: it holds one now
    expect((await status(redis.url, q)).waiting).toBeGreaterThan(0);
    w1.child.kill('SIGKILL');
    c1.child.kill('SIGKILL');
    expect((await w1.exit).signal).toBe('SIGKILL');
    await c1.exit;
    const c2 = xxgk(['queue', 'collect', '--redis', redis.url, '--queue', q, '-o', out, '--drain']);
    expect((await c2.exit).code, c2.err()).toBe(0);
    expect(w2.err()).toMatch(/job [0-9a-f]{64} stalled .*queued again/);
    w2.child.kill('SIGTERM');
    expect((await w2.exit).code, w2.err()).toBe(0);
    expectSameAsLocal(lines(out));
    const n = corpusDocs().length;
    expect(await status(redis.url, q)).toMatchObject({ waiting: 0, active: 0, done: 0, failed: 0, collected: n });
    // collected reports are not queued again, unless asked
    const again = await run(['queue', 'add', inputs, '--redis', redis.url, '--queue', q]);
    expect(again.stderr).toContain(`0 job(s) added, 0 already in the queue, ${n} already collected`);
    const forced = await run(['queue', 'add', inputs, '--again', '--redis', redis.url, '--queue', q]);
    expect(forced.stderr).toContain(`${n} job(s) added`);
    expect(await status(redis.url, q)).toMatchObject({ waiting: n, collected: 0 });
  }, 120_000);

  it('a document that kills its worker process every time ends as an internal_error record after --attempts', async () => {
    const q = 'killer';
    const out = path.join(tmp, 'killer.jsonl');
    const dir = path.join(tmp, 'killer');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const txt = corpusDocs().find((d) => d.source.endsWith('.txt'))!;
    copyFileSync(txt.source, path.join(dir, 'report__xxgk_die__.txt'));
    writeFileSync(path.join(dir, 'fine.txt'), readFileSync(txt.source, 'utf8') + '\n'); // other content, other job
    expect((await run(['queue', 'add', dir, '--redis', redis.url, '--queue', q])).code).toBe(0);
    const env = { XXGK_TEST_HOOKS: '1' };
    const collector = xxgk(['queue', 'collect', '--redis', redis.url, '--queue', q, '-o', out, '--drain']);
    let deaths = 0;
    // a supervisor: restart the worker whenever it dies, until the collector is done
    let collected = false;
    void collector.exit.then(() => (collected = true));
    while (!collected && deaths < 6) {
      const w = xxgk(['queue', 'work', '--redis', redis.url, '--queue', q, '-j', '1', '--stall-interval', '1', '--attempts', '2'], env);
      const end = await Promise.race([w.exit, collector.exit.then(() => null)]);
      if (end === null) {
        w.child.kill('SIGTERM');
        expect((await w.exit).code).toBe(0);
      } else {
        expect(end.signal).toBe('SIGKILL');
        deaths++;
      }
    }
    expect((await collector.exit).code, collector.err()).toBe(0);
    expect(deaths).toBe(2);
    const recs = lines(out);
    expect(recs).toHaveLength(2);
    const bad = recs.find((r) => r.source.path?.includes('__xxgk_die__'))!;
    expect(bad).toMatchObject({ error: { code: 'internal_error' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/worker processes died/);
    const killerBytes = readFileSync(path.join(dir, 'report__xxgk_die__.txt'));
    expect(bad.source).toMatchObject({ sha256: createHash('sha256').update(killerBytes).digest('hex'), bytes: killerBytes.byteLength, format: 'text' });
    const fine = recs.find((r) => r.source.path?.endsWith('fine.txt'))!;
    expect('error' in fine).toBe(false);
  }, 120_000);

  it("a document over the worker's --timeout is a timeout record, as in a local batch", async () => {
    const q = 'timeout';
    const out = path.join(tmp, 'timeout.jsonl');
    const hang = path.join(tmp, 'report__xxgk_hang__.txt');
    copyFileSync(corpusDocs().find((d) => d.source.endsWith('.txt'))!.source, hang);
    expect((await run(['queue', 'add', hang, '--redis', redis.url, '--queue', q])).code).toBe(0);
    const w = xxgk(['queue', 'work', '--redis', redis.url, '--queue', q, '-j', '1', '--timeout', '1'], { XXGK_TEST_HOOKS: '1' });
    const c = await run(['queue', 'collect', '--redis', redis.url, '--queue', q, '-o', out, '--drain']);
    expect(c.code, c.stderr).toBe(0);
    w.child.kill('SIGTERM');
    expect((await w.exit).code, w.err()).toBe(0);
    const recs = lines(out);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ source: { path: hang }, error: { code: 'timeout' } });
  }, 60_000);

  it('SIGTERM lets a worker finish its active job, then exit 0', async () => {
    const q = 'sigterm';
    const one = path.join(tmp, 'one.txt');
    copyFileSync(corpusDocs().find((d) => d.source.endsWith('.txt'))!.source, one);
    expect((await run(['queue', 'add', one, '--redis', redis.url, '--queue', q])).code).toBe(0);
    const w = xxgk(['queue', 'work', '--redis', redis.url, '--queue', q, '-j', '1'], { XXGK_TEST_HOOKS: '1', XXGK_TEST_JOB_DELAY_MS: '1500' });
    await until('the job to be active', async () => (await status(redis.url, q)).active === 1, 30_000);
    w.child.kill('SIGTERM');
    expect((await w.exit).code, w.err()).toBe(0);
    expect(await status(redis.url, q)).toMatchObject({ waiting: 0, active: 0, done: 1 });
  }, 60_000);
  it('a second SIGTERM abandons the active job: another worker takes it after the stall interval and extracts it', async () => {
    const q = 'abandon';
    const out = path.join(tmp, 'abandon.jsonl');
    const doc = corpusDocs().find((d) => d.source.endsWith('.txt'))!;
    const one = path.join(tmp, 'abandoned.txt');
    writeFileSync(one, readFileSync(doc.source, 'utf8') + '\n\n'); // not the content of the other tests' jobs
    expect((await run(['queue', 'add', one, '--redis', redis.url, '--queue', q])).code).toBe(0);
    const args = ['queue', 'work', '--redis', redis.url, '--queue', q, '-j', '1', '--stall-interval', '1'];
    const w1 = xxgk(args, { XXGK_TEST_HOOKS: '1', XXGK_TEST_JOB_DELAY_MS: '3000' });
    await until('the job to be active', async () => (await status(redis.url, q)).active === 1, 30_000);
    w1.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    w1.child.kill('SIGTERM');
    expect((await w1.exit).code, w1.err()).toBe(0);
    expect(w1.err()).toContain('stopped after 0 job(s)');
    const w2 = xxgk(args);
    const c = await run(['queue', 'collect', '--redis', redis.url, '--queue', q, '-o', out, '--drain']);
    expect(c.code, c.stderr).toBe(0);
    w2.child.kill('SIGTERM');
    expect((await w2.exit).code).toBe(0);
    const recs = lines(out);
    expect(recs).toHaveLength(1);
    expect('error' in recs[0], JSON.stringify(recs[0]).slice(0, 300)).toBe(false);
    const mine = local.get(createHash('sha256').update(readFileSync(doc.source)).digest('hex')) as Result;
    expect((recs[0] as Result).tables).toEqual(mine.tables);
  }, 60_000);
});

describe.skipIf(!HAVE_REDIS)('queue across a Redis restart', () => {
  it('workers and the collector reconnect and the run completes', async () => {
    const redis = await startRedis({ aof: true });
    const tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-queue-restart-'));
    try {
      const q = 'restart';
      const out = path.join(tmp, 'out.jsonl');
      const docs = corpusDocs();
      expect((await run(['queue', 'add', ...docs.map((d) => d.source), '--redis', redis.url, '--queue', q])).code).toBe(0);
      const w = xxgk(['queue', 'work', '--redis', redis.url, '--queue', q, '-j', '1', '--stall-interval', '2'], { XXGK_TEST_HOOKS: '1', XXGK_TEST_JOB_DELAY_MS: '400' });
      const c = xxgk(['queue', 'collect', '--redis', redis.url, '--queue', q, '-o', out, '--follow']);
      await until('2 collected records', () => lines(out).length >= 2);
      await redis.kill();
      await new Promise((r) => setTimeout(r, 1500));
      await redis.start();
      await until('every record', () => lines(out).length >= docs.length, 90_000);
      c.child.kill('SIGTERM');
      w.child.kill('SIGTERM');
      expect((await c.exit).code, c.err()).toBe(0);
      expect((await w.exit).code, w.err()).toBe(0);
      const recs = lines(out);
      expect(recs).toHaveLength(docs.length);
      expect(new Set(recs.map((r) => r.source.sha256)).size).toBe(docs.length);
      expect(w.err()).toMatch(/redis: .*retrying/);
    } finally {
      for (const c of live) c.kill('SIGKILL');
      await redis.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 150_000);
});
