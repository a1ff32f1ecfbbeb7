// The first trivial call of an exporter given as a shell command line: run
// it once with --help, before any case. A command the shell cannot find or
// execute is a setup error (exit 2, the shell's own words), not hundreds of
// divergences that all say "exit 127". Nothing else about the call is
// judged: an exporter need not know --help, and one that goes on running is
// killed at the deadline and taken as runnable.
import { SetupError } from '../core/errors.js';
import { runProcess } from '../core/process.js';
import { exporterEnv, jailed, type PrepareContext } from './types.js';
import type { Command } from './session.js';

/** The shell's exit codes for "found but not executable" and "not found". */
const CANNOT_EXECUTE = 126;
const NOT_FOUND = 127;

/** A trial call lasts at most this long (or the run's timeout, if shorter). */
const PROBE_MS = 5000;

/**
 * The shell's message without its "NAME: 1: " or "sh: line 1: " prefix
 * (dash and bash), from the last line of stderr: "nosuchcmd: not found".
 */
export function shellWords(stderr: Buffer): string {
  const lines = stderr.toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = lines[lines.length - 1] ?? '';
  return last.replace(/^[^:]*: (?:line )?\d+: /, '');
}

/** Throws SetupError when `cmd --help` shows that the command cannot run at all. */
export async function probeCommand(name: string, cmd: Command, ctx: PrepareContext): Promise<void> {
  // In the run's sandbox: an exporter that writes where it should not may do so even for --help.
  const trial = await jailed(ctx.jail, cmd.file, [...cmd.args, '--help'], ctx.dir);
  const r = await runProcess(trial.file, trial.args, {
    cwd: ctx.dir,
    env: exporterEnv({ envRoot: undefined }, ctx.tmpDir),
    timeoutMs: Math.min(PROBE_MS, ctx.timeoutMs),
  });
  const { ending } = r;
  if (ending.kind === 'spawn-failed') throw new SetupError(`exporter "${name}": cannot be started: ${ending.message}`);
  if (ending.kind !== 'exited' || (ending.code !== CANNOT_EXECUTE && ending.code !== NOT_FOUND)) return;
  const words = shellWords(r.stderr) || (ending.code === NOT_FOUND ? 'command not found' : 'cannot execute');
  throw new SetupError(`exporter "${name}": ${words} (exit ${ending.code} from a trial call with --help: fix its --exporter ${name}=CMD)`);
}
