/**
 * Parsers of numeric command-line values, shared by every command (commander's `argParser`):
 * each returns the number or throws `InvalidArgumentError` with the rule it broke.
 */
import { InvalidArgumentError } from 'commander';

/** A whole number ≥ 1 (`--jobs`, `--attempts`). */
export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer is required');
  return n;
};

/** A number > 0 (seconds: `--timeout`, `--stall-interval`; MB: `--inline-max`). */
export const positiveNum = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number is required');
  return n;
};

/** `--max-memory`: whole MB, at least 32 (below that a worker cannot load the extractor). */
export const memoryMb = (v: string): number => {
  const n = positiveInt(v);
  if (n < 32) throw new InvalidArgumentError('at least 32 MB');
  return n;
};
