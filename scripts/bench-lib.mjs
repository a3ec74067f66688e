/**
 * What the bench scripts share (scripts/bench-batch.mjs, bench-convert.mjs, bench-queue.mjs):
 * the corpus documents to replicate, and one way to run a `node` command and measure it —
 * wall seconds, CPU seconds (user + system, children included, from /usr/bin/time) and peak
 * RSS (VmHWM from /usr/bin/time, cross-checked by sampling /proc while it runs).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Whether /usr/bin/time is there (CPU seconds need it; peak RSS is then sampled only). */
export const hasTime = existsSync('/usr/bin/time');

/** Peak resident set of a process in kB (`VmHWM`), 0 when it is gone. */
export function vmhwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The corpus documents (`<corpus>/<id>/source.*`), sorted by id: `{ id, file }[]`. Throws when there are none. */
export function corpusSources(corpus) {
  const sources = readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(corpus, d.name);
      const f = readdirSync(dir).find((x) => x.startsWith('source.'));
      return f ? { id: d.name, file: path.join(dir, f) } : null;
    })
    .filter(Boolean)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (sources.length === 0) throw new Error(`no corpus documents under ${corpus}`);
  return sources;
}

/**
 * Run `node <nodeArgs>` (stdout ignored) and measure it. Resolves
 * `{ code, wall, cpu, peakMb, stderr }` (`cpu` null without /usr/bin/time); rejects only when
 * the process cannot be started — the caller decides which exit codes are failures.
 */
export function measureNode(nodeArgs, sampleMs = 20) {
  const [cmd, args] = hasTime ? ['/usr/bin/time', ['-f', 'XXGK_TIME %e %M %U %S', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    let peakKb = 0;
    // the node process is the child, or time's child
    const sampler = setInterval(() => {
      let pid = child.pid;
      if (hasTime) {
        try {
          pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]) || pid;
        } catch {}
      }
      peakKb = Math.max(peakKb, vmhwm(pid));
    }, sampleMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /XXGK_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (m) peakKb = Math.max(peakKb, Number(m[2]));
      resolve({ code, wall, cpu: m ? Number(m[3]) + Number(m[4]) : null, peakMb: peakKb / 1024, stderr });
    });
  });
}
