// A sandbox plan as a POSIX shell script for the namespace's holder to run.
// Paths are raw bytes, single-quoted for the shell (which passes any byte but
// NUL); the overlay's own option string cannot quote, so a lower layer whose
// path has characters that string would misread is first bound at a plain
// alias in the state directory. Directories are made in a few batched
// commands: each command is a process, and a view has dozens of mounts.
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

/** Lines of script text, built from strings and raw byte paths. */
export class Script {
  private readonly lines: Buffer[] = [];
  /** Directories to make, by mode; owners to set, by uid:gid. */
  private readonly dirs = new Map<number, Buffer[]>();
  private readonly owners = new Map<string, Buffer[]>();

  constructor(private readonly flavour: OverlayFlavour) {}

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

  /** Overlay number `name` of the real directory `lower` at `at` in the view. */
  overlay(lower: Buffer, at: Buffer, name: string): this {
    let lowerOpt = lower.toString('latin1');
    if (!plainPath(lower)) {
      this.line(`mkdir -p "$S/alias/${name}" && mount --bind -- `, shq(lower), ` "$S/alias/${name}"`);
      lowerOpt = `$S/alias/${name}`;
    }
    return this.line(
      `mount -t overlay sft-parity -o ${overlayOptions(this.flavour)},lowerdir="${lowerOpt}",upperdir="$S/up/${name}",workdir="$S/work/${name}" -- "$N"`,
      shq(at),
    );
  }

  text(): Buffer {
    return Buffer.concat(this.lines);
  }
}

/** In the view: "$N" followed by the quoted path. */
function inView(at: Buffer): Buffer {
  return Buffer.concat([Buffer.from('"$N"'), shq(at)]);
}

/** The script that builds the sandbox root "$N" from the plan. */
export function buildScript(steps: readonly Step[], flavour: OverlayFlavour): Buffer {
  const s = new Script(flavour);
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
        s.line(`ln -s -- `, shq(x.target), ' ', inView(x.at));
        break;
      case 'file':
        s.line(`: > `, inView(x.at), ` && mount --bind -- `, shq(x.at), ' ', inView(x.at), ` && mount -o remount,bind,ro -- `, inView(x.at));
        break;
      case 'rbind':
        s.line(`mount --rbind -- `, shq(x.at), ' ', inView(x.at));
        break;
      case 'overlay':
        s.overlay(x.at, x.at, String(x.layer));
        break;
      case 'bind':
        s.line(`mount --bind -- `, shq(x.at), ' ', inView(x.at));
        break;
      case 'seal':
        // remount,bind: the mount's own flag, never the file system's.
        s.line(`mount -o remount,bind,ro -- "$N"`);
        break;
    }
  }
  return s.text();
}
