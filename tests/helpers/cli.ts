/**
 * Spawn the built CLI (`node <build>/bin/xxgk.js`, made by tests/global-setup.ts)
 * the way a user runs it, and read what it wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { inject } from 'vitest';
import type { OutputRecord } from '../../src/schema.js';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  out: Buffer;
}

export interface RunOpts {
  cwd?: string;
  env?: Record<string, string>;
  /** Standard input: bytes through a pipe (default: an empty pipe), a file opened as fd 0, or /dev/null. */
  stdin?: Buffer | string | { file: string } | 'null';
  /** Called with the child right after spawn (to signal it, or to end stdout early). */
  onSpawn?: (child: ChildProcess) => void;
}

export const bin = (): string => inject('xxgkBuild').bin;

export function xxgk(args: string[], opts: RunOpts = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    let fd: number | null = null;
    let stdin: 'pipe' | 'ignore' | number = 'pipe';
    if (opts.stdin === 'null') stdin = 'ignore';
    else if (opts.stdin && typeof opts.stdin === 'object' && 'file' in opts.stdin) stdin = fd = openSync(opts.stdin.file, 'r');
    const child = spawn(process.execPath, [bin(), ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: [stdin, 'pipe', 'pipe'] });
    if (fd !== null) closeSync(fd);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const o = Buffer.concat(out);
      resolve({ code, signal, stdout: o.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), out: o });
    });
    if (stdin === 'pipe') child.stdin!.end(typeof opts.stdin === 'string' || Buffer.isBuffer(opts.stdin) ? opts.stdin : '');
    opts.onSpawn?.(child);
  });
}

export const jsonl = (text: string): OutputRecord[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OutputRecord);

/** A small RFC 4180 parser (quoted fields, doubled quotes, embedded newlines); `sep` for TSV. */
export function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvObjects(text: string, sep = ','): Record<string, string>[] {
  const [head, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''), sep);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}
