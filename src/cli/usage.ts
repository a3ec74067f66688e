/**
 * Errors of the command line itself (not of an input): a usage error exits
 * with status 2 and its message on stderr, `xxgk: <message>`.
 */
export class UsageError extends Error {}

/** Exit statuses of the command line that are not an input's error code (see README, "Exit status"). */
export const EXIT = {
  ok: 0,
  /** batch: at least one input that should have been a report failed */
  someFailed: 1,
  /** usage error, or nothing to extract */
  usage: 2,
  /** the output could not be opened or written (sysexits EX_CANTCREAT); a closed pipe exits quietly with it too */
  outputFailed: 73,
  /** interrupted by Ctrl-C (128 + SIGINT) */
  interrupted: 130,
} as const;
export const VERSION = '0.1.0';
