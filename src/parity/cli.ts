// sft-parity / `npm run parity`: the cross-runtime byte-identity gate.
// Exit 0 when every exporter is identical to the reference, 1 on any
// divergence or stale known entry, 2 on a usage or setup error.
import v8 from 'node:v8';
import { parseArgs, USAGE } from './args.js';
import { SetupError, UsageError } from './core/errors.js';
import { leaveMainThread, raiseMainThread } from './core/schedule.js';
import { runParity } from './harness.js';
import { MERGE_USAGE, parseMergeArgs, runMerge } from './merge.js';

export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (argv[0] === 'merge') {
      const m = parseMergeArgs(argv.slice(1));
      if (m.help) {
        process.stdout.write(MERGE_USAGE);
        return 0;
      }
      return runMerge(m);
    }
    const opts = parseArgs(argv);
    if (opts.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (opts.noRealtime) leaveMainThread('--no-realtime');
    else if (opts.roots.length > 0) leaveMainThread('--root cases');
    else raiseMainThread();
    return await runParity(opts);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`sft-parity: ${err.message}\n`);
      return 2;
    }
    if (err instanceof SetupError) {
      process.stderr.write(`sft-parity: setup failed: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

// The harness has a few hundred hot functions (drawing, reconciling,
// snapshotting, comparing, reporting), each run thousands of times: with
// V8's default inlining budget, TurboFan compiling them on background
// threads took 1.5 to 1.7 s of CPU in a `--runs 2000` gate, a tenth of the
// run's CPU on two cores; with 200 bytes of bytecode inlined per function,
// 1.1 to 1.3 s, the main thread no slower. Compiler tuning only.
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`sft-parity: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
