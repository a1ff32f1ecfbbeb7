// Comparing what two exporters did to the same case: every effect of
// docs/exporter-cli.md (exit code, stdout, stderr, the whole tree after the run),
// plus how the run ended when it did not end by exiting (timeout, signal,
// crash). The result is structured; report/ renders it.
import type { Ending } from '../core/process.js';
import { escapeBytes, sameContent, type TreeEntry } from '../tree/snapshot.js';

export type EffectName = 'run' | 'exit_code' | 'stdout' | 'stderr' | 'tree';
export const EFFECT_NAMES: readonly EffectName[] = ['run', 'exit_code', 'stdout', 'stderr', 'tree'];

/** Everything one export did. */
export interface Effects {
  ending: Ending;
  stdout: Buffer;
  stderr: Buffer;
  /** The slot directory after the run (root and anything beside it). */
  tree: TreeEntry[];
  /** Paths written outside the root and the scratch space (captured by the sandbox, never real). */
  outside?: Buffer[];
  /** In a user namespace, the export met EOVERFLOW: a write the sandbox could not copy up (see README). */
  uncaptured?: boolean;
  durationMs: number;
}

export type TreeChange =
  | { kind: 'missing'; path: Buffer; ref: TreeEntry }
  | { kind: 'extra'; path: Buffer; other: TreeEntry }
  | { kind: 'type' | 'mode' | 'content' | 'target'; path: Buffer; ref: TreeEntry; other: TreeEntry };

export type EffectDiff =
  | {
      effect: 'run';
      ref: Ending;
      other: Ending;
      /**
       * What each side did outside the root, present when either did
       * something there (a write there is wrong whoever does it): the paths
       * written, and whether it met a write the sandbox could not capture.
       */
      outside?: { other: Buffer[]; ref: Buffer[]; uncaptured?: { other: boolean; ref: boolean } };
    }
  | { effect: 'exit_code'; ref: number; other: number }
  | { effect: 'stdout' | 'stderr'; ref: Buffer; other: Buffer }
  | { effect: 'tree'; changes: TreeChange[] };

/** Describes an ending that is not a plain exit, for people. */
export function describeEnding(e: Ending, name: string): string | undefined {
  switch (e.kind) {
    case 'exited':
      return undefined;
    case 'timeout':
      return `${name} timed out after ${(e.afterMs / 1000).toFixed(e.afterMs % 1000 === 0 ? 0 : 1)} s (its process group was killed)`;
    case 'signaled':
      return `${name} was killed by ${e.signal}`;
    case 'spawn-failed':
      return `${name} could not be started: ${e.message}`;
    case 'protocol':
      return `${name}: ${e.message}`;
    case 'skipped':
      return e.message;
  }
}

/** How many written paths a cause names. */
const OUTSIDE_SHOWN = 3;

/** "NAME wrote outside the root: /var/tmp/x/evil.txt", or undefined when it did not. */
export function describeOutside(e: Pick<Effects, 'outside' | 'uncaptured'>, name: string): string | undefined {
  const paths = e.outside ?? [];
  if (e.uncaptured) {
    return `${name} met EOVERFLOW, which in a user namespace means a write the sandbox could not copy up (a directory or file of another owner): what it did there is not its own behaviour; run as root to capture it`;
  }
  if (paths.length === 0) return undefined;
  const shown = paths.slice(0, OUTSIDE_SHOWN).map(escapeBytes).join(', ');
  const more = paths.length > OUTSIDE_SHOWN ? ` (and ${paths.length - OUTSIDE_SHOWN} more)` : '';
  return `${name} wrote outside the root: ${shown}${more}`;
}

/** The run difference in words: how each side ended when not by exiting, then what each did outside the root. */
export function describeRun(d: Extract<EffectDiff, { effect: 'run' }>, names: { ref: string; other: string }): string {
  const refName = `the reference ${names.ref}`;
  const other = { outside: d.outside?.other ?? [], uncaptured: d.outside?.uncaptured?.other === true };
  const ref = { outside: d.outside?.ref ?? [], uncaptured: d.outside?.uncaptured?.ref === true };
  return [describeEnding(d.other, names.other), describeEnding(d.ref, refName), describeOutside(other, names.other), describeOutside(ref, refName)].filter((x) => x !== undefined).join('; ');
}

function compareTrees(ref: readonly TreeEntry[], other: readonly TreeEntry[]): TreeChange[] {
  const changes: TreeChange[] = [];
  let i = 0;
  let j = 0;
  while (i < ref.length || j < other.length) {
    const a = ref[i];
    const b = other[j];
    const order = a && b ? Buffer.compare(a.path, b.path) : a ? -1 : 1;
    if (order < 0 && a) {
      changes.push({ kind: 'missing', path: a.path, ref: a });
      i++;
    } else if (order > 0 && b) {
      changes.push({ kind: 'extra', path: b.path, other: b });
      j++;
    } else if (a && b) {
      if (a.type !== b.type) changes.push({ kind: 'type', path: a.path, ref: a, other: b });
      else {
        if (a.mode !== b.mode) changes.push({ kind: 'mode', path: a.path, ref: a, other: b });
        if (a.type === 'file' && !sameContent(a, b)) {
          changes.push({ kind: 'content', path: a.path, ref: a, other: b });
        }
        if (a.type === 'symlink' && !(a.target ?? Buffer.alloc(0)).equals(b.target ?? Buffer.alloc(0))) {
          changes.push({ kind: 'target', path: a.path, ref: a, other: b });
        }
      }
      i++;
      j++;
    }
  }
  return changes;
}

/** Effects that --ignore may leave out ('run' cannot be: without a normal exit the rest means little). */
export const IGNORABLE_EFFECTS: readonly EffectName[] = ['exit_code', 'stdout', 'stderr', 'tree'];

/**
 * The effects in which `other` differs from `ref`, empty when identical.
 * A usage error (exit 2 from both) is compared by exit code and stdout only:
 * the contract asks for "a usage message", not for Go's wording. Effects in
 * `ignore` are not compared.
 */
export function compareEffects(ref: Effects, other: Effects, ignore: ReadonlySet<EffectName> = new Set()): EffectDiff[] {
  const diffs: EffectDiff[] = [];
  const abnormal = ref.ending.kind !== 'exited' || other.ending.kind !== 'exited';
  // A write outside the root is wrong whoever does it, the reference included.
  const wroteOutside = (e: Effects): boolean => (e.outside ?? []).length > 0 || e.uncaptured === true;
  const uncaptured = other.uncaptured === true || ref.uncaptured === true ? { uncaptured: { other: other.uncaptured === true, ref: ref.uncaptured === true } } : {};
  const outside = wroteOutside(other) || wroteOutside(ref) ? { outside: { other: other.outside ?? [], ref: ref.outside ?? [], ...uncaptured } } : {};
  if (abnormal) {
    // Without a normal exit on both sides, the other effects mean little.
    diffs.push({ effect: 'run', ref: ref.ending, other: other.ending, ...outside });
    return diffs;
  }
  if (outside.outside) diffs.push({ effect: 'run', ref: ref.ending, other: other.ending, ...outside });
  const refCode = ref.ending.kind === 'exited' ? ref.ending.code : -1;
  const otherCode = other.ending.kind === 'exited' ? other.ending.code : -1;
  if (refCode !== otherCode && !ignore.has('exit_code')) diffs.push({ effect: 'exit_code', ref: refCode, other: otherCode });
  if (!ref.stdout.equals(other.stdout) && !ignore.has('stdout')) diffs.push({ effect: 'stdout', ref: ref.stdout, other: other.stdout });
  const usage = refCode === 2 && otherCode === 2;
  const stderrDiffers = usage ? (ref.stderr.length === 0) !== (other.stderr.length === 0) : !ref.stderr.equals(other.stderr);
  if (stderrDiffers && !ignore.has('stderr')) diffs.push({ effect: 'stderr', ref: ref.stderr, other: other.stderr });
  const changes = ignore.has('tree') ? [] : compareTrees(ref.tree, other.tree);
  if (changes.length > 0) diffs.push({ effect: 'tree', changes });
  return diffs;
}
