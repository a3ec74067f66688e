#!/usr/bin/env node
import '../dist/cli/tuning.js'; // V8 flags first: before the CLI's modules are compiled
import { main } from '../dist/cli/main.js';

// `xxgk --help | head`: a reader that closes the pipe early is not an error of ours.
// (Extraction output has its own handling in the sinks: exit status 73.)
process.stdout.on('error', (err) => {
  if (err?.code !== 'EPIPE') {
    process.stderr.write(`xxgk: cannot write output: ${err?.message ?? err}\n`);
    process.exitCode = 73;
  }
});

main(process.argv).then(
  (code) => { process.exitCode = process.exitCode || code; },
  (err) => { process.stderr.write(`xxgk: internal error: ${err?.stack ?? err}\n`); process.exitCode = 70; },
);
