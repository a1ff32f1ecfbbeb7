// One long-lived `EXPORTER --batch` process (docs/exporter-cli.md):
// a request line in, an answer line out. Starting a process per case costs
// more than the export itself, so each job slot keeps one per exporter. The
// answer is turned back into what the one-export CLI would have printed.
import { killTree, startChild, untrackGroup, type ProcessResult } from '../core/process.js';
import { member, readRaw } from '../compare/rawjson.js';
import { jailed, type Jail } from './types.js';

export interface BatchRequest {
  root: string;
  recorded_at: string;
  dry_run: boolean;
  include_partial: boolean;
}

export interface CommandSpec {
  file: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The sandbox the process runs in: restarted when the sandbox is. */
  jail?: Jail | undefined;
}

const NEWLINE = Buffer.from('\n');

/** Keeps the last bytes of a stream, for crash reports. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit = 4096) {}
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= (this.chunks.shift() as Buffer).length;
  }
  take(): string {
    const s = Buffer.concat(this.chunks).toString('utf8').trim();
    this.chunks = [];
    this.size = 0;
    return s.length > 600 ? '…' + s.slice(-600) : s;
  }
}

/** Requests in on stdin, answers read as they come: nothing buffered by execa. */
const BATCH_STDIO = { stdin: 'pipe', buffer: false } as const;
type BatchChild = Exclude<ReturnType<typeof startChild<typeof BATCH_STDIO & { cwd: string; env: NodeJS.ProcessEnv }>>, { error: string }>;

type Waiter = (event: { line: Buffer } | { exit: string }) => void;

export class BatchSession {
  private child: BatchChild | undefined;
  private pending: Buffer[] = [];
  private lines: Buffer[] = [];
  private waiter: Waiter | undefined;
  private readonly stderr = new Tail();
  /** Why the last start failed before spawning (execa refused the arguments). */
  private startError = '';
  /** The sandbox generation the process was started in. */
  private generation = 0;

  constructor(private readonly spec: CommandSpec) {}

  /** A start under way (its jail may still be getting ready): a second caller waits for it. */
  private starting: Promise<{ child: BatchChild } | undefined> | undefined;

  /**
   * Starts the process now, before its first request: a runtime's start
   * (node's, the TypeScript exporter's compile) then overlaps with the
   * other exporters' exports of the first case instead of delaying it.
   */
  warm(): void {
    // A start that fails (its sandbox could not be made) fails again, and is reported, at the first request.
    this.begin().catch(() => undefined);
  }

  /** The running process, or the one being started, or a new one. */
  private begin(): Promise<{ child: BatchChild } | undefined> {
    if (this.child) return Promise.resolve({ child: this.child });
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Starts the process (in a box: an execa child is a thenable, which an async function would await). */
  private async start(): Promise<{ child: BatchChild } | undefined> {
    const cmd = await jailed(this.spec.jail, this.spec.file, [...this.spec.args, '--batch'], this.spec.cwd);
    this.generation = this.spec.jail?.generation ?? 0;
    const child = startChild(cmd.file, cmd.args, { cwd: this.spec.cwd, env: this.spec.env, ...BATCH_STDIO });
    if ('error' in child) {
      this.startError = `could not run: ${child.error}`;
      return undefined;
    }
    this.lines = [];
    this.pending = [];
    child.stdout.on('data', (b: Buffer) => this.onData(b));
    child.stderr.on('data', (b: Buffer) => this.stderr.push(b));
    child.stdin.on('error', () => {
      // EPIPE when the process died; the exit handler reports it.
    });
    const onGone = (note: string): void => {
      if (this.child !== child) return;
      // What the process started may outlive it: nothing is left to a next case.
      killTree(child);
      untrackGroup(child);
      this.child = undefined;
      const w = this.waiter;
      this.waiter = undefined;
      w?.({ exit: note });
    };
    child.on('error', (e) => onGone(`could not run: ${e.message}`));
    child.on('exit', (code, signal) => onGone(code !== null ? `exited with code ${code}` : `killed by ${signal ?? 'a signal'}`));
    // With reject: false the promise only settles; the events above report.
    void child.then(() => undefined);
    this.child = child;
    return { child };
  }

  private onData(b: Buffer): void {
    let at = 0;
    for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, at)) {
      this.pending.push(b.subarray(at, i));
      const line = Buffer.concat(this.pending);
      this.pending = [];
      at = i + 1;
      const w = this.waiter;
      if (w) {
        this.waiter = undefined;
        w({ line });
      } else this.lines.push(line);
    }
    if (at < b.length) this.pending.push(b.subarray(at));
  }

  /** Runs one export; a dead or timed-out process is restarted on the next call. */
  async run(req: BatchRequest, timeoutMs: number): Promise<ProcessResult> {
    const started = performance.now();
    if (this.lines.length > 0) {
      // Lines nobody asked for: the process is out of step with its requests.
      const extra = this.lines.map((l) => l.toString('utf8').slice(0, 200)).join(' | ');
      this.kill();
      this.lines = [];
      const message = `the --batch process wrote more than one line for the previous request: ${extra}`;
      return { ending: { kind: 'protocol', message }, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), durationMs: 0 };
    }
    // A process of a sandbox since rebuilt would see the old one: start afresh.
    if (this.child && this.spec.jail && this.spec.jail.generation !== this.generation) this.kill();
    const child = (await this.begin())?.child;
    if (!child) return { ending: { kind: 'protocol', message: `the --batch process ${this.startError}` }, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), durationMs: 0 };
    const answer = new Promise<{ line: Buffer } | { exit: string } | { timeout: true }>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ timeout: true });
      }, timeoutMs);
      this.waiter = (ev) => {
        clearTimeout(timer);
        resolve(ev);
      };
    });
    child.stdin.write(Buffer.concat([Buffer.from(JSON.stringify(req)), NEWLINE]));
    const ev = await answer;
    const durationMs = performance.now() - started;
    const empty = Buffer.alloc(0);
    if ('timeout' in ev) {
      this.kill();
      return { ending: { kind: 'timeout', afterMs: timeoutMs }, stdout: empty, stderr: Buffer.from(this.stderr.take()), durationMs };
    }
    if ('exit' in ev) {
      const tail = this.stderr.take();
      const message = `the --batch process ${ev.exit} before answering${tail ? `; its stderr ends: ${tail}` : ''}`;
      const signal = /^killed by (\S+)/.exec(ev.exit)?.[1];
      return {
        ending: signal ? { kind: 'signaled', signal } : { kind: 'protocol', message },
        stdout: empty,
        stderr: Buffer.from(tail),
        durationMs,
      };
    }
    const decoded = decodeAnswer(ev.line);
    // After a bad answer the process may be out of step with its requests: start afresh.
    if (decoded.ending.kind === 'protocol') this.kill();
    return { ...decoded, durationMs };
  }

  kill(): void {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    untrackGroup(child);
    killTree(child);
  }

  /** Ends the process: closes its stdin (it exits 0 at end of input), then kills the group. */
  async close(): Promise<void> {
    // One still starting is ended too.
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.stdin.end();
    });
    untrackGroup(child);
    killTree(child);
  }
}

/**
 * The one-export CLI's effects from a batch answer: stdout is the result
 * object's bytes exactly as the exporter wrote them, plus a newline; exit
 * code 1 and the error text on stderr when there was an error.
 */
export function decodeAnswer(line: Buffer): Omit<ProcessResult, 'durationMs'> {
  const empty = Buffer.alloc(0);
  const bad = (why: string): Omit<ProcessResult, 'durationMs'> => {
    const message = `bad --batch answer (${why}): ${line.toString('utf8').slice(0, 300)}`;
    return { ending: { kind: 'protocol', message }, stdout: empty, stderr: empty };
  };
  const v = readRaw(line);
  if (v?.kind !== 'object') return bad('not a JSON object');
  const result = member(v, 'result');
  const error = member(v, 'error');
  if (!result || result.kind !== 'object') return bad('"result" is not an object');
  if (!error) return bad('no "error" member');
  const stdout = Buffer.concat([result.raw, NEWLINE]);
  if (error.raw.toString() === 'null') return { ending: { kind: 'exited', code: 0 }, stdout, stderr: empty };
  let text: unknown;
  try {
    text = JSON.parse(error.raw.toString('utf8'));
  } catch {
    return bad('"error" is not JSON');
  }
  if (typeof text !== 'string') return bad('"error" is neither null nor a string');
  return { ending: { kind: 'exited', code: 1 }, stdout, stderr: Buffer.from(text + '\n', 'utf8') };
}
