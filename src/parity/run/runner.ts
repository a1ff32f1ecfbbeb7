// Runs cases through exporters. Each job slot has its own scratch directory
// and its own session per exporter (a long-lived --batch process for the
// built-ins); a case runs in one slot, exporter after exporter, each on a
// fresh copy of the case at the same absolute path; slots run in parallel.
import { exportFileOf, type TreePlace } from '../compare/causes.js';
import { compareEffects, type EffectDiff, type EffectName, type Effects } from '../compare/effects.js';
import type { ParityCase } from '../cases/case.js';
import type { Exporter, ExporterSession, ExportRequest, Slot } from '../exporters/types.js';
import { attachContents } from './contents.js';
import { addLakeChanges, Lakehouses } from './lakehouse.js';
import { readChanges, type Changes } from '../sandbox/changes.js';
import type { Sandboxes } from '../sandbox/pool.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { Scratch } from './scratch.js';
import { SlotWorld } from './world.js';

/** A case not yet loaded: generated cases are drawn only when their turn comes. */
export interface CaseRef {
  id: string;
  source: ParityCase['source'];
  /** --root cases: the lakehouse's directory. */
  lakehouse?: string;
  load(): ParityCase | Promise<ParityCase>;
  /** Starts loading it ahead of its turn (generated cases: drawn on another thread). */
  prefetch?(): void;
}

/** How many cases past the next one are loaded ahead. */
const PREFETCH = 8;

/**
 * Starts loading the first PREFETCH cases that load ahead. Generated cases
 * come after the golden and built-in ones, and drawing them (on the drawer's
 * thread, which has to start first) can begin while the exporters are being
 * prepared and the first cases run.
 */
export function prefetchFirst(cases: readonly CaseRef[]): void {
  let n = 0;
  for (const r of cases) {
    if (!r.prefetch) continue;
    r.prefetch();
    if (++n === PREFETCH) return;
  }
}

/** One exporter's verdict on one case, against the reference. */
export interface Verdict {
  exporter: string;
  diffs: EffectDiff[];
  /** Where the case's tree is (the reference's export, the root), for naming causes. */
  place: TreePlace;
}

export interface CaseOutcome {
  case: ParityCase;
  verdicts: Verdict[];
  /** <slot>/root for this run: stdout and stderr may contain it. */
  rootPath: string;
  durationMs: number;
}

export interface RunnerOptions {
  exporters: readonly Exporter[];
  reference: string;
  jobs: number;
  timeoutMs: number;
  scratch: Scratch;
  /** Never use --batch: one process per export for every exporter. */
  noBatch?: boolean;
  /** The sandboxes the slots run their exporters in (none: the exporters run as they are). */
  sandboxes?: Sandboxes | undefined;
  /** How --root cases run (default: on closed copies). */
  lakehouses?: Lakehouses;
  /** Effects not compared (--ignore). */
  ignore?: readonly EffectName[];
}

/**
 * An exporter that hangs on every case would make a run last cases x timeout;
 * after this many timeouts in a row it is not run again (its remaining cases
 * are reported as skipped divergences).
 */
export const GIVE_UP_AFTER = 3;

interface SlotState {
  slot: Slot;
  world: SlotWorld;
  sessions: Map<string, ExporterSession>;
  sandbox: Sandbox | undefined;
}

/**
 * Exporters create files and directories, and the modes in a tree depend on
 * the umask: every export runs under this one, golden cases and the harness
 * alike. Sets it; returns what puts the caller's back.
 */
export function useExportUmask(): () => void {
  const before = process.umask(0o022);
  return () => {
    process.umask(before);
  };
}

/** EOVERFLOW as Go, Rust (os error 75) and Node write it. */
const EOVERFLOW = /value too large for defined data type|EOVERFLOW/i;

/** Fresh layers after a write outside the root; when that fails, a whole new sandbox. */
async function refreshOrReset(sandbox: Sandbox | undefined): Promise<void> {
  try {
    await sandbox?.refresh();
  } catch {
    sandbox?.reset();
  }
}

export class Runner {
  private readonly slots: SlotState[] = [];
  private readonly order: Exporter[];

  private readonly lakes: Lakehouses;

  constructor(private readonly opts: RunnerOptions) {
    this.lakes = opts.lakehouses ?? new Lakehouses(opts.scratch.dir, undefined);
    const ref = opts.exporters.find((e) => e.name === opts.reference);
    if (!ref) throw new Error(`reference ${opts.reference} is not among the exporters`);
    this.order = [ref, ...opts.exporters.filter((e) => e !== ref)];
    for (let i = 0; i < opts.jobs; i++) {
      const sandbox = opts.sandboxes?.forSlot(i);
      const slot: Slot = { dir: opts.scratch.slotDir(i), tmpDir: opts.scratch.tmpDir, ...(sandbox ? { jail: sandbox } : {}) };
      const world = new SlotWorld(slot.dir, opts.scratch.trashDir, opts.scratch.trustTimes);
      this.slots.push({ slot, world, sandbox, sessions: new Map(this.order.map((e) => [e.name, e.open(slot)])) });
    }
  }

  get jobs(): number {
    return this.slots.length;
  }

  /** The scratch directory of slot i: the exporters' working directory, holding root/. */
  slotDir(i: number): string {
    const state = this.slots[i];
    if (!state) throw new RangeError(`no slot ${i}`);
    return state.slot.dir;
  }

  get reference(): string {
    return this.opts.reference;
  }

  /** Consecutive timeouts per exporter; at GIVE_UP_AFTER the exporter is not run again. */
  private timeouts = new Map<string, number>();

  private givenUp(name: string): boolean {
    return (this.timeouts.get(name) ?? 0) >= GIVE_UP_AFTER && name !== this.opts.reference;
  }

  private noteEnding(name: string, e: Effects['ending']): void {
    this.timeouts.set(name, e.kind === 'timeout' ? (this.timeouts.get(name) ?? 0) + 1 : 0);
  }

  /** Runs the case in slot `slotIndex` through the given exporters (default all), reference first. */
  async effectsOf(slotIndex: number, c: ParityCase, names?: readonly string[]): Promise<{ effects: Map<string, Effects>; rootPath: string }> {
    const state = this.slots[slotIndex];
    if (!state) throw new RangeError(`no slot ${slotIndex}`);
    const lake = c.lakehouse !== undefined ? this.lakes.mode({ ...c, lakehouse: c.lakehouse }) : undefined;
    const inBox = lake?.kind === 'sandbox' ? state.sandbox : undefined;
    // Writes outside the scratch space are rare (a wrong exporter's), and
    // looking for them means a stat of every overlay's upper directory: a
    // case's exports are looked at once, after the last. When one of them
    // did write outside, those writes are dropped and the case runs again,
    // looked at after each export, to tell whose they were. (A --root case
    // in the sandbox is looked at after each export: its captures are.)
    const once = state.sandbox !== undefined && inBox === undefined;
    const timeouts = new Map(this.timeouts);
    const first = await this.exportsOf(state, c, lake, inBox, names, !once);
    if (!once || (state.sandbox?.outsideWrites() ?? []).length === 0) return first;
    await refreshOrReset(state.sandbox);
    // The same case again: its timeouts count once.
    this.timeouts = timeouts;
    return this.exportsOf(state, c, lake, inBox, names, true);
  }

  /** The case's exports, one after another; `eachOutside`: what each wrote outside the scratch space is looked for after it. */
  private async exportsOf(
    state: SlotState,
    c: ParityCase,
    lake: ReturnType<Lakehouses['mode']> | undefined,
    inBox: Sandbox | undefined,
    names: readonly string[] | undefined,
    eachOutside: boolean,
  ): Promise<{ effects: Map<string, Effects>; rootPath: string }> {
    const effects = new Map<string, Effects>();
    // What an earlier case captured has been compared and reported.
    await state.sandbox?.dropCaptures();
    const changes = new Map<string, Changes>();
    let rootPath = '';
    for (const exp of this.order) {
      if (names && !names.includes(exp.name)) continue;
      const world = state.world.prepare(lake?.slotCase ?? c);
      // In the sandbox the exporters get the lakehouse's own path.
      const flags = inBox && lake ? { root: lake.plan.root, envRoot: undefined } : world;
      rootPath = inBox && lake ? lake.plan.root : world.rootPath;
      if (this.givenUp(exp.name)) {
        const message = `not run: ${exp.name} timed out ${GIVE_UP_AFTER} times in a row, so the rest of its cases were skipped`;
        effects.set(exp.name, { ending: { kind: 'skipped', message }, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), tree: [], durationMs: 0 });
        continue;
      }
      const session = state.sessions.get(exp.name);
      if (!session) throw new Error(`no session for ${exp.name}`);
      const captures = inBox && lake ? await inBox.capture(lake.plan.captures) : [];
      const req: ExportRequest = {
        cwd: state.slot.dir,
        root: flags.root,
        envRoot: flags.envRoot,
        recordedAt: c.recordedAt,
        dryRun: c.dryRun,
        includePartial: c.includePartial,
        ownProcess: c.ownProcess === true || this.opts.noBatch === true,
      };
      // The exporters after the first start their processes while it exports (the first case's --batch starts, mostly).
      if (exp === this.order[0]) for (const [name, s] of state.sessions) if (!this.givenUp(name)) s.warm?.(req);
      const result = await session.run(req, this.opts.timeoutMs);
      this.noteEnding(exp.name, result.ending);
      const tree = state.world.snapshot();
      state.world.observe(tree);
      if (inBox) changes.set(exp.name, readChanges(captures, (p) => inBox.merged(p)));
      const outside = eachOutside ? (state.sandbox?.outsideWrites() ?? []) : [];
      // The view now holds what was written: the next export gets fresh layers.
      if (outside.length > 0) await refreshOrReset(state.sandbox);
      // A user namespace cannot copy up what belongs to others: the kernel says EOVERFLOW, not the exporter.
      const uncaptured = state.sandbox?.kind === 'user' && EOVERFLOW.test(Buffer.concat([result.stdout, result.stderr]).toString('latin1'));
      effects.set(exp.name, { ...result, tree, outside, ...(uncaptured ? { uncaptured } : {}) });
    }
    if (inBox) addLakeChanges(effects, changes);
    return { effects, rootPath };
  }

  /**
   * Compares every exporter's effects with the reference's (run with its root
   * at rootPath), and gives each tree difference the bytes a report shows:
   * call it right after effectsOf, while the slot still holds what the
   * exports wrote.
   */
  verdicts(effects: Map<string, Effects>, rootPath: string): Verdict[] {
    const ref = effects.get(this.opts.reference);
    if (!ref) throw new Error('the reference did not run');
    const exportFile = exportFileOf(ref.stdout, rootPath, ref.tree);
    const out: Verdict[] = [];
    for (const [name, e] of effects) {
      if (name === this.opts.reference) continue;
      const diffs = compareEffects(ref, e, new Set(this.opts.ignore ?? []));
      attachContents(diffs);
      out.push({ exporter: name, diffs, place: { exportFile, root: rootPath } });
    }
    return out;
  }

  /** Runs every case, slots in parallel, calling onOutcome as each case finishes. */
  async runAll(cases: readonly CaseRef[], onOutcome: (o: CaseOutcome) => void): Promise<void> {
    let next = 0;
    prefetchFirst(cases);
    const worker = async (slotIndex: number): Promise<void> => {
      while (next < cases.length) {
        const ref = cases[next++] as CaseRef;
        cases[next + PREFETCH - 1]?.prefetch?.();
        const started = performance.now();
        const c = await ref.load();
        const { effects, rootPath } = await this.effectsOf(slotIndex, c);
        onOutcome({ case: c, verdicts: this.verdicts(effects, rootPath), rootPath, durationMs: performance.now() - started });
      }
    };
    await Promise.all(this.slots.map((_, i) => worker(i)));
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.flatMap((s) => [...s.sessions.values()].map((x) => x.close())));
  }
}
