// Running one child process with a deadline, through execa. Every child is
// the leader of its own process group (execa's `detached`), so a timeout,
// Ctrl-C or the end of a run kills the whole tree it started (a wrapper
// script and what it runs), not just the wrapper: execa's own kill and
// timeout reach only the leader, so each is followed by a kill of the group.
import { execa, type Options, type Result, type ResultPromise } from 'execa';

/** How a run ended, as the comparison and the report need it. */
export type Ending =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'spawn-failed'; message: string }
  | { kind: 'protocol'; message: string }
  | { kind: 'skipped'; message: string };

export interface ProcessResult {
  ending: Ending;
  stdout: Buffer;
  stderr: Buffer;
  durationMs: number;
}

/** What killing and tracking need of a child started by execa, whatever its stdio. */
export interface Child {
  readonly pid?: number | undefined;
  kill(signal: 'SIGKILL'): boolean;
}

/** More output than this (stdout and stderr together) ends the export as a divergence. */
const MAX_OUTPUT = 256 << 20;

/** How long to wait for the pipes to close once the leader has exited. */
const PIPE_GRACE_MS = 2000;

/** Process groups alive right now, killed by killAllGroups on exit or Ctrl-C. */
const liveGroups = new Set<number>();

/** Sends SIGKILL to the process group led by pid; a group already gone is fine. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left in the group.
  }
}

/** Kills a child and everything in its process group (execa's kill stops at the leader). */
export function killTree(child: Child): void {
  child.kill('SIGKILL');
  killGroup(child.pid);
}

export function trackGroup(child: Child): void {
  if (child.pid !== undefined) liveGroups.add(child.pid);
}

export function untrackGroup(child: Child): void {
  if (child.pid !== undefined) liveGroups.delete(child.pid);
}

/** Kills every process group the harness started and has not reaped. */
export function killAllGroups(): void {
  for (const pid of liveGroups) killGroup(pid);
  liveGroups.clear();
}

/** What every exporter child gets: its own group, exactly the env given, no execa extras. */
const CHILD_OPTIONS = {
  detached: true,
  extendEnv: false,
  cleanup: false,
  reject: false,
  encoding: 'buffer',
  stripFinalNewline: false,
  killSignal: 'SIGKILL',
  forceKillAfterDelay: false,
} as const satisfies Options;

/**
 * Starts file with args in its own process group, or returns the reason it
 * could not (execa refuses some arguments, such as a NUL byte, before spawning).
 */
export function startChild<O extends Options>(file: string, args: readonly string[], opts: O): ResultPromise<O & typeof CHILD_OPTIONS> | { error: string } {
  try {
    const child = execa(file, args, { ...opts, ...CHILD_OPTIONS });
    trackGroup(child);
    return child;
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

const EMPTY = Buffer.alloc(0);

function toBuffer(b: Uint8Array | undefined): Buffer {
  return b === undefined ? EMPTY : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The ending of a finished run: a spawn failure has neither exit code nor signal. */
function endingOf(r: Result, timeoutMs: number): Ending {
  if (r.timedOut) return { kind: 'timeout', afterMs: timeoutMs };
  if (r.exitCode !== undefined) return { kind: 'exited', code: r.exitCode };
  if (r.signal !== undefined) return { kind: 'signaled', signal: r.signal };
  const cause = r.cause instanceof Error ? r.cause.message : r.shortMessage;
  return { kind: 'spawn-failed', message: cause ?? 'unknown error' };
}

/**
 * Runs file with args, stdin from /dev/null, collecting stdout and stderr.
 * On timeout the whole process group is killed. When the leader has exited
 * and its pipes are drained, the group is killed too, so that no straggler
 * writes into the next case.
 */
export async function runProcess(file: string, args: readonly string[], opts: SpawnOptions): Promise<ProcessResult> {
  const started = performance.now();
  const child = startChild(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdin: 'ignore',
    timeout: opts.timeoutMs,
    // Our own count below stops the whole group at the limit; this only bounds the buffers.
    maxBuffer: MAX_OUTPUT + 1,
  });
  if ('error' in child) return { ending: { kind: 'spawn-failed', message: child.error }, stdout: EMPTY, stderr: EMPTY, durationMs: 0 };
  let overflow: Ending | undefined;
  let size = 0;
  const count = (what: string) => (b: Buffer) => {
    size += b.length;
    // An exporter printing without end must not take the harness down with it.
    if (size > MAX_OUTPUT && !overflow) {
      overflow = { kind: 'protocol', message: `wrote more than ${MAX_OUTPUT >> 20} MiB to ${what}; killed` };
      killGroup(child.pid);
    }
  };
  child.stdout.on('data', count('stdout'));
  child.stderr.on('data', count('stderr'));
  // Once the leader has exited, wait for the pipes to drain (a pipeline's
  // last stage may still be writing), then kill the group so that no
  // straggler writes into the next case. A grandchild that keeps the pipes
  // open past the grace period is killed with the rest. When execa killed
  // the leader (timeout), the rest of the group goes at once.
  let grace: NodeJS.Timeout | undefined;
  child.once('exit', () => {
    if (child.killed) killGroup(child.pid);
    else
      grace = setTimeout(() => {
        killGroup(child.pid);
        child.stdout.destroy();
        child.stderr.destroy();
      }, PIPE_GRACE_MS);
  });
  const r = await child;
  clearTimeout(grace);
  killGroup(child.pid);
  untrackGroup(child);
  return { ending: overflow ?? endingOf(r, opts.timeoutMs), stdout: toBuffer(r.stdout), stderr: toBuffer(r.stderr), durationMs: performance.now() - started };
}
