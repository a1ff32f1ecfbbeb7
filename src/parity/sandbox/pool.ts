// The run's sandboxes: one per job slot, made once and shared by the slot's
// exporter sessions (a --batch process lives in one for the whole run). When
// none can be made (not Linux, no user namespaces, no util-linux), the run
// goes on without, and says so: --root cases then run on a closed copy.
import fs from 'node:fs';
import path from 'node:path';
import { Sandbox, SandboxError, type SandboxKind } from './sandbox.js';

/** What the run's header says about the sandbox. */
export interface SandboxState {
  kind: SandboxKind | undefined;
  /** One line for people. */
  summary: string;
}

/** The tools the sandbox runs (util-linux, coreutils). */
const TOOLS = ['unshare', 'nsenter', 'setpriv', 'mount', 'chroot'];

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(':').some((d) => d !== '' && fs.existsSync(path.join(d, cmd)));
}

/** Why no sandbox can be tried here, or undefined. */
function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  const missing = TOOLS.filter((t) => !onPath(t));
  if (missing.length > 0) return `${missing.join(', ')} not on PATH (install util-linux)`;
  return undefined;
}

export class Sandboxes {
  private constructor(
    private readonly boxes: readonly Sandbox[],
    readonly state: SandboxState,
  ) {}

  /**
   * One sandbox per slot, the first made now (it tells whether any can be);
   * the others are started after it, and awaited on first use. `disabled` (--no-sandbox) makes none.
   */
  static async open(slots: number, stateDir: (i: number) => string, writable: readonly string[], disabled: boolean): Promise<Sandboxes> {
    const none = (why: string): Sandboxes =>
      new Sandboxes([], { kind: undefined, summary: `none (${why}): --root cases run on a closed copy in the scratch space, and writes outside it are not captured` });
    if (disabled) return none('--no-sandbox');
    const why = unavailable();
    if (why) return none(why);
    const kind: SandboxKind = process.getuid?.() === 0 ? 'root' : 'user';
    const boxes = Array.from({ length: slots }, (_, i) => new Sandbox({ kind, stateDir: stateDir(i), writable }));
    try {
      await boxes[0]?.ready();
    } catch (err) {
      for (const b of boxes) b.close();
      if (err instanceof SandboxError) return none(`cannot make one: ${err.message}`);
      throw err;
    }
    // The others are made now, in the background, while the exporters are
    // prepared: a slot would otherwise wait for its own at its first case.
    // One that fails here is tried again there, and its error said then.
    for (const b of boxes.slice(1)) b.ready().catch(() => undefined);
    const how = kind === 'root' ? 'a mount namespace' : 'a user and mount namespace (userxattr overlays)';
    return new Sandboxes(boxes, { kind, summary: `${how} per job slot: the real paths, read-only or overlaid, writes captured` });
  }

  forSlot(i: number): Sandbox | undefined {
    return this.boxes[i];
  }

  close(): void {
    for (const b of this.boxes) b.close();
  }
}

/**
 * Slot 0's sandbox as a jail while the run's sandboxes are still being
 * made: what runs in it waits for them (and runs as it is when there are
 * none). The exporters are prepared meanwhile: a built-in's toolchain
 * probes and build check need no sandbox, and a trial call waits here.
 */
export function firstJail(opening: Promise<Sandboxes>): Pick<Sandbox, 'ready' | 'command' | 'generation'> {
  let box: Sandbox | undefined;
  return {
    async ready() {
      box = (await opening).forSlot(0);
      await box?.ready();
    },
    command(file, args, cwd) {
      return box ? box.command(file, args, cwd) : { file, args: [...args] };
    },
    get generation() {
      return box?.generation ?? 0;
    },
  };
}
