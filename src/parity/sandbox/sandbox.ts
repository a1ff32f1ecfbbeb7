// One sandbox: a private mount namespace (unshare, util-linux) whose view of
// the file system is planSandbox's, held open by a small shell (the holder)
// that runs mount scripts on request, and a process chrooted into the view
// (the rooter) whose root every exporter enters with nsenter. Exporters see
// the real paths; whatever they write outside the scratch space lands in the
// overlays' upper directories, in the state directory, and never on the
// real file system. As root it needs nothing more; as another user it runs in
// a user namespace (the user mapped to itself), with `userxattr` overlays.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from '../core/errors.js';
import { killTree, runProcess, startChild } from '../core/process.js';
import { removeTree } from '../tree/remove.js';
import { readMounts, within } from './mounts.js';
import { ownerOf, planSandbox, type Layer, type Step } from './plan.js';
import { buildScript, Script, type BuiltScript, type OverlayFlavour } from './script.js';

/** The sandbox could not be made; the message says why (the run falls back to copies). */
export class SandboxError extends SetupError {
  override name = 'SandboxError';
}

export type SandboxKind = OverlayFlavour;

/** Shared world-writable directories that get an overlay of their own (see PlanInput.ownLayers). */
const SHARED_DIRS = ['/tmp', '/var/tmp', '/dev/shm', '/run/lock', '/var/lock'];

/** How long the holder may take to answer (mounting a few dozen overlays). */
const SCRIPT_TIMEOUT_MS = 120_000;

/**
 * The holder: runs each script it is sent (a path, one per line) and says
 * "ok" or "err STATUS"; "rooter" starts the process chrooted into the view,
 * killed when the holder dies (setpriv --pdeathsig), and answers its pid.
 * End of input ends it, so the namespace goes with the harness.
 */
const HOLDER = `N="$1"
while IFS= read -r req; do
  case "$req" in
    rooter) setpriv --pdeathsig KILL -- chroot "$N" /bin/sleep infinity </dev/null >/dev/null 2>&1 & echo "pid $!" ;;
    *) if /bin/sh "$req" </dev/null >/dev/null 2>"$req.err"; then echo ok; else echo "err $?"; fi ;;
  esac
done`;

type Holder = Exclude<ReturnType<typeof startHolder>, { error: string }>;

function startHolder(kind: SandboxKind, root: string) {
  const userns = kind === 'user' ? ['--user', '--map-current-user', '--keep-caps'] : [];
  return startChild('unshare', [...userns, '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', HOLDER, 'sft-parity-holder', root], {
    stdin: 'pipe',
    buffer: false,
    env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
  });
}

export interface SandboxOptions {
  kind: SandboxKind;
  /** The sandbox's own directory in the scratch space: uppers, scripts. */
  stateDir: string;
  /** Directories bound read-write (the scratch space). */
  writable: readonly string[];
}

export class Sandbox {
  /** Incremented when the view is rebuilt: processes started in an older one must start again. */
  generation = 0;
  private holder: Holder | undefined;
  private rooter = 0;
  private layers: Layer[] = [];
  private steps: Step[] = [];
  /** The upper directory each layer writes to now (fresh ones replace dirty ones). */
  private uppers: string[] = [];
  private readonly dirty = new Set<number>();
  /** Each layer's upper root ctime while it holds nothing, once settled (see settledCtime). */
  private clean: (number | undefined)[] = [];
  /** Counter for fresh upper directories. */
  private fresh = 0;
  /** The directories captured for the current export (see capture), and those of earlier exports. */
  private captured: Capture[] = [];
  private dropped: Capture[] = [];
  private starting: Promise<void> | undefined;
  private lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private pending = '';
  private requests = 0;
  private genDir = '';

  constructor(private readonly opts: SandboxOptions) {}

  get kind(): SandboxKind {
    return this.opts.kind;
  }

  /** Starts the sandbox unless it runs; throws SandboxError when it cannot be made. */
  ready(): Promise<void> {
    this.starting ??= this.start().catch((err: unknown) => {
      this.stop();
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async start(): Promise<void> {
    this.genDir = path.join(this.opts.stateDir, `g${this.generation}`);
    const root = path.join(this.genDir, 'root');
    fs.mkdirSync(root, { recursive: true });
    const holder = startHolder(this.opts.kind, root);
    if ('error' in holder) throw new SandboxError(`cannot run unshare: ${holder.error}`);
    this.holder = holder;
    this.lines = [];
    this.pending = '';
    let stderr = '';
    holder.stdout.on('data', (b: Buffer) => this.onData(b));
    holder.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    const gone = (): void => {
      if (this.holder !== holder) return;
      // The view went with it: processes started in it must start again, in a new one.
      this.holder = undefined;
      this.starting = undefined;
      this.generation++;
      this.waiting?.(undefined);
    };
    holder.on('exit', gone);
    holder.on('error', gone);
    void holder.then(() => undefined);
    const plan = planSandbox({
      mounts: readMounts(),
      writable: this.opts.writable.map((w) => Buffer.from(w)),
      ownLayers: SHARED_DIRS.filter(sharedDir).map((d) => Buffer.from(d)),
    });
    this.layers = plan.layers;
    this.steps = plan.steps;
    this.uppers = plan.layers.map((l) => String(l.index));
    this.dirty.clear();
    this.captured = [];
    const built = buildScript(plan.steps, this.opts.kind, this.genDir);
    try {
      await this.run({ ...built, script: Buffer.concat([Buffer.from(`set -e\nmkdir -p "$S/up" "$S/work"\n`), built.script]) });
      this.noteClean(this.layers);
      const answer = await this.ask('rooter');
      const pid = /^pid (\d+)$/.exec(answer)?.[1];
      if (pid === undefined) throw new SandboxError(`the sandbox's holder answered ${JSON.stringify(answer)}`);
      this.rooter = Number(pid);
      await waitForRoot(this.rooter);
      await this.trial();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new SandboxError(`${why}${stderr.trim() ? ` (${stderr.trim().slice(0, 300)})` : ''}`);
    }
  }

  private onData(b: Buffer): void {
    this.pending += b.toString('utf8');
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      const w = this.waiting;
      if (w) {
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    }
  }

  /** Sends one request line and waits for the answer line. */
  private ask(request: string): Promise<string> {
    const holder = this.holder;
    if (!holder) return Promise.reject(new SandboxError('the sandbox is gone'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new SandboxError(`the sandbox did not answer within ${SCRIPT_TIMEOUT_MS / 1000} s`));
      }, SCRIPT_TIMEOUT_MS);
      const done = (line: string | undefined): void => {
        clearTimeout(timer);
        if (line === undefined) reject(new SandboxError('the sandbox ended'));
        else resolve(line);
      };
      // One request at a time: an answer nobody waited for is stale.
      this.lines = [];
      this.waiting = done;
      holder.stdin.write(request + '\n');
    });
  }

  /** Runs a shell script inside the namespace (with S set to the state dir and N to the view's root), its fstab files beside it. */
  async run(built: BuiltScript): Promise<void> {
    for (const f of built.files) fs.writeFileSync(f.path, f.text);
    const file = path.join(this.genDir, `req-${this.requests++}.sh`);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`S=${this.genDir}\nN=$S/root\n`), built.script]));
    const answer = await this.ask(file);
    if (answer === 'ok') return;
    let err = '';
    try {
      err = fs.readFileSync(`${file}.err`, 'utf8').trim();
    } catch {
      // no error text
    }
    throw new SandboxError(`a mount script failed (${answer})${err ? `: ${err.split('\n').slice(-3).join('; ')}` : ''}`);
  }

  /** Where upper directory `name` of this generation of the view is. */
  private upperPath(name: string): string {
    return path.join(this.genDir, 'up', name);
  }

  /** Remembers the layers' upper roots as they are while empty (outsideWrites looks again only when one changed). */
  private noteClean(layers: readonly Layer[]): void {
    for (const l of layers) this.clean[l.index] = settledCtime(this.upperPath(this.uppers[l.index] as string));
  }

  /** Runs true in the view, as an exporter would be run: nsenter must be able to enter it. */
  private async trial(): Promise<void> {
    const cwd = this.opts.writable[0] ?? '/';
    const c = this.command('/bin/true', [], cwd);
    const r = await runProcess(c.file, c.args, { cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, timeoutMs: SCRIPT_TIMEOUT_MS });
    if (r.ending.kind !== 'exited' || r.ending.code !== 0) {
      throw new SandboxError(`cannot enter it with nsenter (${JSON.stringify(r.ending)}): ${r.stderr.toString('utf8').trim().slice(0, 300)}`);
    }
  }

  /** The argv that runs file with args inside the sandbox, in cwd (which must be writable in it). */
  command(file: string, args: readonly string[], cwd: string): { file: string; args: string[] } {
    const userns = this.opts.kind === 'user' ? ['--user', '--preserve-credentials'] : [];
    return { file: 'nsenter', args: ['--target', String(this.rooter), ...userns, '--mount', '--root', `--wdns=${cwd}`, '--', file, ...args] };
  }

  /**
   * What was written outside the writable directories since the view was
   * built or refreshed: every file, link, deletion (whiteout) and empty
   * directory in an upper layer, as its path in the real file system. The
   * layers holding something are then dirty: refresh() replaces them.
   */
  outsideWrites(): Buffer[] {
    const out: Buffer[] = [];
    for (const layer of this.layers) {
      const up = this.upperPath(this.uppers[layer.index] as string);
      // Anything written below makes an entry in the upper root (a copied-up
      // parent), which changes its ctime (its mtime is put back by the copy-up).
      const clean = this.clean[layer.index];
      if (clean !== undefined && ctimeOf(up) === clean) continue;
      const found = leaves(Buffer.from(up));
      if (found.length > 0) this.dirty.add(layer.index);
      else this.clean[layer.index] = settledCtime(up);
      for (const rel of found) out.push(inside(layer.point, rel));
    }
    return out.sort(Buffer.compare);
  }

  /**
   * Gives every dirty layer a fresh upper directory: it is unmounted (with
   * whatever is mounted below it) and mounted again, as is what was below.
   * Processes in the sandbox keep running; they see the fresh view.
   */
  async refresh(): Promise<void> {
    if (this.dirty.size === 0) return;
    const dirty = this.layers.filter((l) => this.dirty.has(l.index));
    const tops = dirty.filter((l) => !dirty.some((o) => o !== l && within(l.point, o.point)));
    const s = new Script(this.opts.kind, this.genDir);
    for (const l of tops) s.unmount(l.point);
    const again = this.steps.filter((x) => 'at' in x && tops.some((l) => within(x.at, l.point)));
    for (const x of again) {
      if (x.op !== 'overlay') continue;
      const name = `${x.layer}.${++this.fresh}`;
      this.uppers[x.layer] = name;
      s.upper(name, x.like);
    }
    s.flushDirs();
    for (const x of again) {
      if (x.op === 'overlay') s.overlay(x.at, x.at, this.uppers[x.layer] as string);
      if (x.op === 'bind') s.bind(x.at, 'bind');
    }
    this.dirty.clear();
    this.dropped.push(...this.captured);
    this.captured = [];
    await this.run(s.build());
    this.noteClean(this.layers.filter((l) => again.some((x) => x.op === 'overlay' && x.layer === l.index)));
  }

  /**
   * Overlays each of `dirs` (real directories) afresh for the next export:
   * its writes land in a new upper directory, read back by the caller
   * (capture.ts) through merged(). What the previous export captured is
   * unmounted first.
   */
  async capture(dirs: readonly Buffer[]): Promise<Capture[]> {
    await this.ready();
    const s = new Script(this.opts.kind, this.genDir);
    for (const c of [...this.captured].reverse()) s.unmount(c.point, true);
    // Their uppers stay until dropCaptures(): the case's report may read them.
    this.dropped.push(...this.captured);
    const next = dirs.map((point): Capture => {
      const name = `c${++this.fresh}`;
      s.upper(name, ownerOf(point));
      return { point, upper: Buffer.from(this.upperPath(name)) };
    });
    s.flushDirs();
    next.forEach((c) => s.overlay(c.point, c.point, path.basename(c.upper.toString('latin1'))));
    this.captured = next;
    await this.run(s.build());
    return next;
  }

  /**
   * Unmounts the captures and deletes what they held: the uppers of a case
   * already compared and reported (its report holds the bytes it shows).
   */
  async dropCaptures(): Promise<void> {
    if (this.captured.length === 0 && this.dropped.length === 0) return;
    const s = new Script(this.opts.kind, this.genDir);
    for (const c of [...this.captured].reverse()) s.unmount(c.point, true);
    // With the holder gone, so are its mounts.
    if (this.captured.length > 0 && this.holder) await this.run(s.build());
    for (const c of [...this.dropped, ...this.captured]) {
      removeTree(c.upper.toString('latin1'));
      removeTree(c.upper.toString('latin1').replace(/\/up\/(c\d+)$/, '/work/$1'));
    }
    this.captured = [];
    this.dropped = [];
  }

  /** The path at which the harness reads p (a real path) as the sandbox's exporters see it. */
  merged(p: Buffer): Buffer {
    return Buffer.concat([Buffer.from(`/proc/${this.rooter}/root`), p]);
  }

  /** Throws away the view (after something was written outside): the next use builds a fresh one. */
  reset(): void {
    this.stop();
    this.generation++;
  }

  private stop(): void {
    const holder = this.holder;
    this.holder = undefined;
    this.starting = undefined;
    if (holder) killTree(holder);
    // A request still waiting gets no answer now: end it (its timer would
    // keep the process alive for minutes, and a start in progress then fails).
    const w = this.waiting;
    this.waiting = undefined;
    w?.(undefined);
  }

  /** Ends the sandbox; its state directory goes with the scratch space. */
  close(): void {
    this.stop();
  }
}

/** A real directory overlaid for one export, and where its writes land. */
export interface Capture {
  point: Buffer;
  upper: Buffer;
}

/** Every file, link, whiteout and empty directory below dir, as paths relative to it. */
function leaves(dir: Buffer, rel: Buffer = Buffer.alloc(0)): Buffer[] {
  let names: Buffer[];
  try {
    names = fs.readdirSync(dir, { encoding: 'buffer' });
  } catch {
    return [];
  }
  if (names.length === 0) return rel.length > 0 ? [rel] : [];
  const out: Buffer[] = [];
  for (const name of names.sort(Buffer.compare)) {
    const child = Buffer.concat([dir, Buffer.from('/'), name]);
    const childRel = rel.length === 0 ? name : Buffer.concat([rel, Buffer.from('/'), name]);
    let isDir = false;
    try {
      isDir = fs.lstatSync(child).isDirectory();
    } catch {
      continue;
    }
    if (isDir) out.push(...leaves(child, childRel));
    else out.push(childRel);
  }
  return out;
}

/** The ctime of dir in ms (a plain stat: this runs after every case, for every layer). */
function ctimeOf(dir: string): number | undefined {
  return fs.statSync(dir, { throwIfNoEntry: false })?.ctimeMs;
}

/**
 * How much a file system's timestamps may lag the clock (they tick
 * coarsely): a change made within this time of the last one may carry the
 * same ctime.
 */
const TIMESTAMP_TICK_MS = 20;

/** The ctime of dir when it is old enough that any later change shows in it; undefined (look every time) when not. */
function settledCtime(dir: string): number | undefined {
  const c = ctimeOf(dir);
  return c !== undefined && c < Date.now() - TIMESTAMP_TICK_MS ? c : undefined;
}

/** A path in the real file system from a layer's mount point and a path below it. */
function inside(point: Buffer, rel: Buffer): Buffer {
  return point.length === 1 ? Buffer.concat([point, rel]) : Buffer.concat([point, Buffer.from('/'), rel]);
}

/** Shared and world-writable: /tmp and friends. */
function sharedDir(d: string): boolean {
  try {
    const st = fs.statSync(d);
    return st.isDirectory() && (st.mode & 0o002) !== 0;
  } catch {
    return false;
  }
}

/** Waits until the rooter runs sleep, that is, after its chroot into the view. */
async function waitForRoot(pid: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep') return;
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new SandboxError('the process that holds the sandbox root did not start (chroot into it failed)');
}
