// A sandbox plan as a POSIX shell script for the namespace's holder to run.
// Paths are raw bytes, single-quoted for the shell (which passes any byte but
// NUL); the overlay's own option string cannot quote, so a lower layer whose
// path has characters that string would misread is first bound at a plain
// alias in the state directory. Each command is a process, and a view has
// dozens of mounts: directories are made in a few batched commands, and the
// mounts are made by `mount -a` from fstab files the script comes with, in
// the plan's order (one process for a run of mounts: 6 ms for 40 binds,
// where 40 mount commands took 85).
import path from 'node:path';
import type { Owner, Step } from './plan.js';

/** Single-quotes bytes for sh. */
export function shq(b: Buffer | string): Buffer {
  const bytes = Buffer.isBuffer(b) ? b : Buffer.from(b);
  const parts: Buffer[] = [Buffer.from("'")];
  let at = 0;
  for (let i = bytes.indexOf(0x27); i >= 0; i = bytes.indexOf(0x27, at)) {
    parts.push(bytes.subarray(at, i), Buffer.from(`'\\''`));
    at = i + 1;
  }
  parts.push(bytes.subarray(at), Buffer.from("'"));
  return Buffer.concat(parts);
}

/** A path the overlay option string takes as it is. */
export function plainPath(b: Buffer): boolean {
  return /^[A-Za-z0-9/_.+@%=-]+$/.test(b.toString('latin1'));
}

export type OverlayFlavour = 'root' | 'user';

/** Mount options of an overlay: copied-up files hold their whole data (no metacopy), no redirects to follow. */
export function overlayOptions(flavour: OverlayFlavour): string {
  return flavour === 'user' ? 'userxattr' : 'metacopy=off,redirect_dir=nofollow';
}

const NL = Buffer.from('\n');

/** The script of a plan, and the fstab files its `mount -a` lines read. */
export interface BuiltScript {
  script: Buffer;
  files: { path: string; text: Buffer }[];
}

/** Tells the fstab files of all scripts apart (one state directory holds a view's). */
let fstabs = 0;

/**
 * Lines of script text, built from strings and raw byte paths, for the
 * state directory "$S" and the view's root "$N" (stateDir/root). Mounts
 * wait in a batch that becomes one fstab file and one `mount -a` line when
 * the script ends, before an unmount, or before a command that makes
 * something in the view at, above or below a waiting mount's path (their
 * order against it cannot matter otherwise); other lines come before the
 * waiting mounts.
 */
export class Script {
  private readonly lines: Buffer[] = [];
  /** Directories to make, by mode; owners to set, by uid:gid. */
  private readonly dirs = new Map<number, Buffer[]>();
  private readonly owners = new Map<string, Buffer[]>();
  private readonly files: BuiltScript['files'] = [];
  private entries: Buffer[] = [];
  private targets: Buffer[] = [];
  private readonly view: Buffer;

  constructor(
    private readonly flavour: OverlayFlavour,
    private readonly stateDir: string,
  ) {
    this.view = Buffer.from(path.join(stateDir, 'root'));
  }

  /** A real path's place in the view. */
  private inViewReal(at: Buffer): Buffer {
    return Buffer.concat([this.view, at]);
  }

  line(...parts: (string | Buffer)[]): this {
    this.lines.push(Buffer.concat([...parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))), NL]));
    return this;
  }

  /** Queues a directory (a shell word) to be made with the mode and owner of `like`. */
  dir(word: Buffer, like: Owner): void {
    this.dirs.set(like.mode, [...(this.dirs.get(like.mode) ?? []), word]);
    const key = `${like.uid}:${like.gid}`;
    this.owners.set(key, [...(this.owners.get(key) ?? []), word]);
  }

  /** Queues the upper and work directories of overlay `name`; the upper (the overlay's root) looks like the real directory. */
  upper(name: string, like: Owner): void {
    this.dir(Buffer.from(`"$S/up/${name}"`), like);
    this.dir(Buffer.from(`"$S/work/${name}"`), { mode: 0o700, uid: like.uid, gid: like.gid });
  }

  /** Makes the queued directories: before the mounts that need them. */
  flushDirs(): this {
    const join = (words: Buffer[]): Buffer => Buffer.concat(words.flatMap((w, i) => (i === 0 ? [w] : [Buffer.from(' '), w])));
    // chmod after mkdir -p: a parent made on the way gets the default mode until its own turn.
    for (const [mode, words] of this.dirs) this.line(`mkdir -p -- `, join(words), ` && chmod ${mode.toString(8).padStart(4, '0')} -- `, join(words));
    // In a user namespace other owners are not mapped: the user's own stands in.
    if (this.flavour === 'root') for (const [owner, words] of this.owners) this.line(`chown ${owner} -- `, join(words));
    this.dirs.clear();
    this.owners.clear();
    return this;
  }

  /** Queues a mount of source at target (a real path, not the view's) as an fstab entry. */
  private mount(source: Buffer, target: Buffer, type: string, options: string): void {
    this.entries.push(Buffer.concat([fstabField(source), Buffer.from(' '), fstabField(target), Buffer.from(` ${type} ${options} 0 0\n`)]));
    this.targets.push(target);
  }

  /** The waiting mounts, made now by one `mount -a`. */
  flushMounts(): this {
    if (this.entries.length === 0) return this;
    const file = `fstab-${++fstabs}`;
    this.files.push({ path: path.join(this.stateDir, file), text: Buffer.concat(this.entries) });
    this.line(`mount -a --fstab "$S/${file}"`);
    this.entries = [];
    this.targets = [];
    return this;
  }

  /** Before a command that makes `at` in the view: the waiting mounts first if their order against it matters. */
  making(at: Buffer): this {
    const p = this.inViewReal(at);
    if (this.targets.some((t) => under(p, t) || under(t, p))) this.flushMounts();
    return this;
  }

  /** Unmounts what is mounted at `at` in the view (lazily); `quiet`: nothing there is fine. */
  unmount(at: Buffer, quiet = false): this {
    this.flushMounts();
    return this.line(`umount -l -- "$N"`, shq(at), quiet ? ` 2>/dev/null || :` : '');
  }

  /** Binds the real `at` at its place in the view: `bind`, `rbind`, or `bind,ro` (libmount binds, then remounts the bind read-only: the mount's own flag). */
  bind(at: Buffer, options: 'bind' | 'rbind' | 'bind,ro'): this {
    this.mount(at, this.inViewReal(at), 'none', options);
    return this;
  }

  /** Overlay number `name` of the real directory `lower` at `at` in the view. */
  overlay(lower: Buffer, at: Buffer, name: string): this {
    let lowerOpt = lower.toString('latin1');
    if (!plainPath(lower)) {
      this.line(`mkdir -p "$S/alias/${name}"`);
      lowerOpt = path.join(this.stateDir, 'alias', name);
      this.mount(lower, Buffer.from(lowerOpt), 'none', 'bind');
    }
    const up = path.join(this.stateDir, 'up', name);
    const work = path.join(this.stateDir, 'work', name);
    this.mount(Buffer.from('sft-parity'), this.inViewReal(at), 'overlay', `${overlayOptions(this.flavour)},lowerdir=${lowerOpt},upperdir=${up},workdir=${work}`);
    return this;
  }

  /** The whole script (the waiting mounts made at its end) and its fstab files. */
  build(): BuiltScript {
    this.flushMounts();
    return { script: Buffer.concat(this.lines), files: this.files };
  }
}

/** In the view: "$N" followed by the quoted path. */
function inView(at: Buffer): Buffer {
  return Buffer.concat([Buffer.from('"$N"'), shq(at)]);
}

/** A path as an fstab field: bytes other than plain ones as \ooo (octal), which libmount decodes; no space, tab, newline or backslash is left. */
export function fstabField(b: Buffer): Buffer {
  const out: string[] = [];
  for (const c of b) out.push(/[A-Za-z0-9/_.+@%=:,-]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`);
  return Buffer.from(out.join(''), 'latin1');
}

/** Whether a is b or below it. */
function under(a: Buffer, b: Buffer): boolean {
  return a.equals(b) || (a.length > b.length && a.subarray(0, b.length).equals(b) && (b[b.length - 1] === 0x2f || a[b.length] === 0x2f));
}

/** The script that builds the sandbox root "$N" (stateDir/root) from the plan, with "$S" the state directory. */
export function buildScript(steps: readonly Step[], flavour: OverlayFlavour, stateDir: string): BuiltScript {
  const s = new Script(flavour, stateDir);
  // First every directory the mounts need: skeleton directories need the
  // skeleton, so it comes first; uppers (whose mode and owner the overlay's
  // root shows) and work dirs are in the state directory.
  const skeleton = steps.some((x) => x.op === 'skeleton');
  if (skeleton) s.line(`mount -t tmpfs -o mode=0755 sft-parity "$N"`).line(`chmod --reference=/ "$N"`);
  for (const x of steps) {
    if (x.op === 'mkdir') s.dir(inView(x.at), x.like);
    if (x.op === 'overlay') s.upper(String(x.layer), x.like);
  }
  s.flushDirs();
  for (const x of steps) {
    switch (x.op) {
      case 'skeleton':
      case 'mkdir':
        break;
      case 'symlink':
        s.making(x.at).line(`ln -s -- `, shq(x.target), ' ', inView(x.at));
        break;
      case 'file':
        s.making(x.at).line(`: > `, inView(x.at)).bind(x.at, 'bind,ro');
        break;
      case 'rbind':
        s.bind(x.at, 'rbind');
        break;
      case 'overlay':
        s.overlay(x.at, x.at, String(x.layer));
        break;
      case 'bind':
        s.bind(x.at, 'bind');
        break;
      case 'seal':
        // After every mount below it; remount,bind: the mount's own flag, never the file system's.
        s.flushMounts().line(`mount -o remount,bind,ro -- "$N"`);
        break;
    }
  }
  return s.build();
}
