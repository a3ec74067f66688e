/**
 * File system errors in words a user can act on: `ENOENT` → `No such file or
 * directory` (libuv's message for the code, capitalised), with the code kept
 * in parentheses for scripts and searches.
 */
import { getSystemErrorMap } from 'node:util';

let byName: Map<string, string> | null = null;

/** `No such file or directory (ENOENT)`; an error without an errno code keeps its message. */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (!code) return err instanceof Error ? err.message : String(e);
  if (!byName) {
    byName = new Map();
    for (const [name, message] of getSystemErrorMap().values()) byName.set(name, message);
  }
  const text = byName.get(code);
  return text ? `${text[0].toUpperCase()}${text.slice(1)} (${code})` : code;
}
