// Running one child process with a deadline. Every child is the leader of its
// own process group, so a timeout, Ctrl-C or the end of a run kills the whole
// tree it started (a wrapper script and what it runs), not just the wrapper.
import { spawn, type ChildProcess } from 'node:child_process';

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

export function trackGroup(child: ChildProcess): void {
  if (child.pid !== undefined) liveGroups.add(child.pid);
}

export function untrackGroup(child: ChildProcess): void {
  if (child.pid !== undefined) liveGroups.delete(child.pid);
}

/** Kills every process group the harness started and has not reaped. */
export function killAllGroups(): void {
  for (const pid of liveGroups) killGroup(pid);
  liveGroups.clear();
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Runs file with args, stdin from /dev/null, collecting stdout and stderr.
 * On timeout the whole process group is killed. When the leader has exited
 * and its pipes are drained, the group is killed too, so that no straggler
 * writes into the next case.
 */
export function runProcess(file: string, args: readonly string[], opts: SpawnOptions): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      resolve({ ending: { kind: 'spawn-failed', message: (err as Error).message }, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), durationMs: 0 });
      return;
    }
    trackGroup(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let ending: Ending | undefined;
    let size = 0;
    const collect = (into: Buffer[], what: string) => (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) {
        // An exporter printing without end must not take the harness down with it.
        ending ??= { kind: 'protocol', message: `wrote more than ${MAX_OUTPUT >> 20} MiB to ${what}; killed` };
        killGroup(child.pid);
        return;
      }
      into.push(b);
    };
    child.stdout?.on('data', collect(out, 'stdout'));
    child.stderr?.on('data', collect(err, 'stderr'));
    const timer = setTimeout(() => {
      ending = { kind: 'timeout', afterMs: opts.timeoutMs };
      killGroup(child.pid);
    }, opts.timeoutMs);
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (e: Ending): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      killGroup(child.pid);
      untrackGroup(child);
      resolve({ ending: ending ?? e, stdout: Buffer.concat(out), stderr: Buffer.concat(err), durationMs: performance.now() - started });
    };
    child.on('error', (e) => finish({ kind: 'spawn-failed', message: e.message }));
    // Wait for 'exit', then for the pipes to drain (a pipeline's last stage
    // may still be writing), then kill the group so that no straggler
    // writes into the next case. A grandchild that keeps the pipes open
    // past the grace period is killed with the rest.
    child.on('exit', (code, signal) => {
      const e: Ending = code !== null ? { kind: 'exited', code } : { kind: 'signaled', signal: signal ?? 'unknown' };
      let pending = 2;
      const done = (): void => {
        if (--pending === 0) finish(e);
      };
      for (const stream of [child.stdout, child.stderr]) {
        if (!stream || stream.closed) pending--;
        else stream.once('close', done);
      }
      if (pending === 0) finish(e);
      else
        grace = setTimeout(() => {
          killGroup(child.pid);
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish(e);
        }, PIPE_GRACE_MS);
    });
  });
}
