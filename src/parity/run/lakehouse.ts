// How a --root case runs: in the slot's sandbox, the exporters seeing the
// lakehouse where it is and their writes to it and to what its links lead
// to captured (sandbox/changes.ts); or, where the sandbox cannot capture it,
// on a closed copy in the slot (cases/closedcopy.ts). Planned once per
// lakehouse and run.
import type { ParityCase } from '../cases/case.js';
import { closedCopy } from '../cases/closedcopy.js';
import { planRoot, type RootPlan } from '../cases/rootplan.js';
import type { Effects } from '../compare/effects.js';
import { realEntry, stateAfter, type Changes } from '../sandbox/changes.js';
import { readMounts } from '../sandbox/mounts.js';
import type { SandboxKind } from '../sandbox/sandbox.js';
import type { TreeEntry } from '../tree/snapshot.js';

export type LakeMode =
  /** In the sandbox: the slot stays empty (`slotCase`), the captures are overlaid per export. */
  | { kind: 'sandbox'; plan: RootPlan; slotCase: ParityCase }
  /** On a closed copy (`slotCase` holds it), for the reason given. */
  | { kind: 'copy'; plan: RootPlan; slotCase: ParityCase; why: string };

export class Lakehouses {
  private readonly modes = new Map<string, LakeMode>();

  constructor(
    private readonly scratch: string,
    private readonly sandbox: SandboxKind | undefined,
  ) {}

  private readonly plans = new Map<string, RootPlan>();

  /** The plan of a lakehouse (lstat only; the owners checked in a user namespace), made once. */
  plan(dir: string): RootPlan {
    const known = this.plans.get(dir);
    if (known) return known;
    const owner = this.sandbox === 'user' ? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 } : undefined;
    const plan = planRoot(dir, { mounts: readMounts(), scratch: this.scratch, owner });
    this.plans.set(dir, plan);
    return plan;
  }

  mode(c: ParityCase & { lakehouse: string }): LakeMode {
    const known = this.modes.get(c.lakehouse);
    if (known) return known;
    const plan = this.plan(c.lakehouse);
    const why = this.sandbox === undefined ? 'no sandbox' : plan.uncapturable;
    let mode: LakeMode;
    if (why === undefined) mode = { kind: 'sandbox', plan, slotCase: { ...c, root: 'missing', entries: [] } };
    else {
      const copy = closedCopy(plan);
      mode = { kind: 'copy', plan, why, slotCase: { ...c, entries: copy.entries, extra: copy.extra } };
    }
    this.modes.set(c.lakehouse, mode);
    return mode;
  }

  /** One line for the run's header. */
  describe(id: string, dir: string): string {
    const plan = this.plan(dir);
    const outside = plan.captures.slice(1).map(String);
    const links = outside.length > 0 ? `, and what its links lead to: ${outside.join(', ')}` : '';
    if (this.sandbox === undefined) return `${id}: a closed copy of ${plan.root}${links} (no sandbox)`;
    if (plan.uncapturable !== undefined) return `${id}: a closed copy of ${plan.root}${links}, because ${plan.uncapturable}`;
    return `${id}: ${plan.root} in place, overlaid${links}`;
  }
}

/**
 * Gives every exporter's tree the state after its export of every path any
 * of them changed (its own change, or what is really there): two exports
 * are compared on the same paths, and a path one of them left alone counts
 * as what the lakehouse holds.
 */
export function addLakeChanges(effects: Map<string, Effects>, changes: Map<string, Changes>): void {
  const union = new Map<string, Buffer>();
  for (const ch of changes.values()) for (const [key, e] of ch) union.set(key, e?.path ?? Buffer.from(key, 'latin1'));
  const real = new Map<string, TreeEntry | undefined>();
  const realAt = (p: Buffer): TreeEntry | undefined => {
    const key = p.toString('latin1');
    if (!real.has(key)) real.set(key, realEntry(p));
    return real.get(key);
  };
  for (const [name, e] of effects) {
    const own = changes.get(name);
    if (!own) continue;
    const entries = [...union.values()].flatMap((p) => {
      const at = stateAfter(own, p, realAt);
      return at ? [{ ...at, path: p }] : [];
    });
    e.tree = [...e.tree, ...entries].sort((a, b) => Buffer.compare(a.path, b.path));
  }
}
