// Shrinking a divergence to a minimal input, per cause: the smallest case
// that still shows that one cause (exporter, effect, field, kind), whatever
// the case's source. Candidates drop the most first, so that a slow exporter
// (a process per export) still gets far within the budget: the options back
// to their defaults, then whole files, symlinks and empty directories (delta
// debugging: halves, then quarters, … then one at a time; a directory goes
// with the last thing under it), then lines of the remaining files, then
// members of the remaining JSON lines. Each candidate runs through the
// reference and the exporter (over --batch where the exporter has it).
import { DEFAULT_RECORDED_AT } from '../cases/case.js';
import { causeKey, causesOf, type CauseId } from '../compare/causes.js';
import { splitLines } from '../compare/lines.js';
import { readRaw } from '../compare/rawjson.js';
import type { ParityCase } from '../cases/case.js';
import { closedCopy } from '../cases/closedcopy.js';
import { contentOf } from '../tree/snapshot.js';
import { Lakehouses } from './lakehouse.js';
import type { WritableEntry } from '../tree/write.js';
import type { Runner } from './runner.js';

export interface ShrinkResult {
  case: ParityCase;
  /** Candidates tried. */
  steps: number;
  /** Whether shrinking stopped at its deadline rather than at a minimum. */
  outOfTime: boolean;
  /** The case as given did not show the cause again (a flaky one, or a --root case that needs its real place): nothing was shrunk. */
  lost: boolean;
}

/**
 * The case as one that runs in the slot, whose entries can be dropped: a
 * --root case as its closed copy (read from the lakehouse, never written),
 * when the copy holds all of it; undefined when its links lead out of it.
 */
export function shrinkable(c: ParityCase, scratchDir: string): ParityCase | undefined {
  if (c.lakehouse === undefined) return c;
  const copy = closedCopy(new Lakehouses(scratchDir, undefined).plan(c.lakehouse));
  if (copy.extra.length > 0) return undefined;
  const { lakehouse: _lake, extra: _extra, ...rest } = c;
  return { ...rest, entries: copy.entries };
}

/** Files larger than this are not shrunk line by line (only dropped whole). */
const MAX_LINED = 8 << 20;

/** Time ran out: the search stops, keeping the smallest case found so far. */
class OutOfTime extends Error {}

/** Files and symlinks of a case (directories aside), for "9 → 2 files". */
export function fileCount(c: ParityCase): number {
  return c.entries.filter((e) => e.type !== 'dir').length;
}

/** Lines of every file of a case, for "12 → 2 lines". */
export function lineCount(c: ParityCase): number {
  return c.entries.reduce((n, e) => n + (e.type === 'file' ? splitLines(e.content ?? Buffer.alloc(0)).length : 0), 0);
}

function under(p: Buffer, dir: Buffer): boolean {
  return p.length > dir.length && p[dir.length] === 0x2f && p.subarray(0, dir.length).equals(dir);
}

/**
 * Delta debugging over items: tries keeping all but one chunk (halves first,
 * then smaller chunks down to single items); `keep` runs a candidate and
 * returns the items it really kept when it still fails, or undefined.
 */
async function ddmin<T>(items: readonly T[], keep: (candidate: T[]) => Promise<T[] | undefined>): Promise<T[]> {
  let current = [...items];
  let n = 2;
  while (current.length > 0) {
    const size = Math.max(1, Math.ceil(current.length / n));
    let progressed = false;
    for (let at = 0; at < current.length; at += size) {
      const kept = await keep([...current.slice(0, at), ...current.slice(at + size)]);
      if (kept) {
        current = kept;
        n = Math.max(n - 1, 2);
        progressed = true;
        break;
      }
    }
    if (progressed) continue;
    if (size === 1) break;
    n = Math.min(current.length, n * 2);
  }
  return current;
}

/** The members of a JSON object line, to drop some; undefined when the line is not one. */
function objectLine(line: Buffer): { head: Buffer; members: Buffer[]; tail: Buffer } | undefined {
  // From the first '{' to the last '}': padding around it (a BOM, U+0085) may be what the cause needs.
  const from = line.indexOf(0x7b);
  const to = line.lastIndexOf(0x7d);
  if (from < 0 || to < from) return undefined;
  const v = readRaw(line.subarray(from, to + 1));
  if (v?.kind !== 'object' || v.members.length === 0) return undefined;
  const start = v.raw.byteOffset - line.byteOffset;
  return {
    head: line.subarray(0, start),
    members: v.members.map((m) => Buffer.concat([m.keyRaw, Buffer.from(':'), m.value.raw])),
    tail: line.subarray(start + v.raw.length),
  };
}

function joinObject(o: { head: Buffer; members: Buffer[]; tail: Buffer }, members: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [o.head, Buffer.from('{')];
  members.forEach((m, i) => parts.push(...(i > 0 ? [Buffer.from(','), m] : [m])));
  parts.push(Buffer.from('}'), o.tail);
  return Buffer.concat(parts);
}

export async function shrinkCase(runner: Runner, slot: number, original: ParityCase, exporter: string, cause: CauseId, deadline: number): Promise<ShrinkResult> {
  const want = causeKey(cause);
  let best: ParityCase = original;
  let steps = 0;
  let confirmed = false;
  const shows = async (c: ParityCase): Promise<boolean> => {
    if (performance.now() > deadline) throw new OutOfTime();
    steps++;
    const { effects, rootPath } = await runner.effectsOf(slot, c, [runner.reference, exporter]);
    const v = runner.verdicts(effects, rootPath).find((x) => x.exporter === exporter);
    const ok = v !== undefined && causesOf(v.diffs, { ref: runner.reference, other: exporter }, v.place).some((x) => causeKey(x) === want);
    if (ok) best = c;
    return ok;
  };
  const withEntries = (entries: readonly WritableEntry[]): ParityCase => ({ ...best, entries });
  // New bytes, without the digest and source of the old ones.
  const withFile = (p: Buffer, content: Buffer): ParityCase =>
    withEntries(best.entries.map((e) => (e.path.equals(p) ? { path: e.path, type: e.type, mode: e.mode, content } : e)));
  try {
    if (!(await shows(original))) return { case: original, steps, outOfTime: false, lost: true };
    confirmed = true;
    // The options at their defaults, when the cause does not need them.
    if (best.recordedAt !== DEFAULT_RECORDED_AT && best.recordedAt !== '') await shows({ ...best, recordedAt: DEFAULT_RECORDED_AT });
    if (best.dryRun) await shows({ ...best, dryRun: false });
    if (best.includePartial) await shows({ ...best, includePartial: false });
    // Files, symlinks and empty directories; a directory stays while something under it does.
    for (let round = 0; round < 3; round++) {
      const all = best.entries;
      const leaves = all.filter((e) => e.type !== 'dir' || !all.some((x) => under(x.path, e.path)));
      const dirs = all.filter((e) => !leaves.includes(e));
      const kept = await ddmin(leaves, async (k) => {
        const entries = all.filter((e) => k.includes(e) || (dirs.includes(e) && k.some((x) => under(x.path, e.path))));
        return (await shows(withEntries(entries))) ? k : undefined;
      });
      // Directories left without anything under them are leaves of the next round.
      if (kept.length === leaves.length) break;
    }
    // Lines of each remaining file, then members of each remaining JSON line.
    const bytesOf = (p: Buffer): Buffer => {
      const e = best.entries.find((x) => x.path.equals(p));
      return e ? contentOf(e) : Buffer.alloc(0);
    };
    // A --root case's files are read from the lakehouse (never written); very large ones are left whole.
    const lined = best.entries.filter((x) => x.type === 'file' && (x.size ?? x.content?.length ?? 0) > 0 && (x.size ?? x.content?.length ?? 0) <= MAX_LINED);
    for (const e of lined) {
      await ddmin(splitLines(bytesOf(e.path)), async (k) => ((await shows(withFile(e.path, Buffer.concat(k)))) ? k : undefined));
      const count = splitLines(bytesOf(e.path)).length;
      for (let i = 0; i < count; i++) {
        const lines = splitLines(bytesOf(e.path));
        const o = objectLine(lines[i] as Buffer);
        if (!o || o.members.length < 2) continue;
        const rebuild = (members: readonly Buffer[]): Buffer => Buffer.concat(lines.map((l, j) => (j === i ? joinObject(o, members) : l)));
        await ddmin(o.members, async (m) => ((await shows(withFile(e.path, rebuild(m)))) ? m : undefined));
      }
    }
    return { case: best, steps, outOfTime: false, lost: false };
  } catch (err) {
    if (err instanceof OutOfTime) return { case: best, steps, outOfTime: true, lost: !confirmed };
    throw err;
  }
}
