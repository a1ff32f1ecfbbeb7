// Known divergences (--known FILE): divergences that may exist without
// failing the run, like protobuf's conformance failure lists. An entry names
// (case, exporter, effect) and may carry the cause it expects (kind and
// field), as those lists carry the failure message: a divergence there with
// another cause is not covered and fails. An entry whose case ran and that
// matched nothing is stale and fails the run, so the list only shrinks as
// exporters are fixed. --write-known FILE writes today's divergences in this
// format, one entry per case, exporter, effect and cause.
//
// Format: one entry a line, `CASE EXPORTER EFFECT [KIND [FIELD]]`; '#' at
// the start of a line or after white space starts a comment. CASE may use
// '*' for any run of characters (generated/*); EXPORTER, EFFECT and KIND may
// be '*'. FIELD is the rest of the line ('*' globs, '-' for a cause without
// a field); without it any field matches.
import fs from 'node:fs';
import { CAUSE_KIND_NAMES, causeKey, type Cause, type CauseId, type CauseKind } from '../compare/causes.js';
import { EFFECT_NAMES, type EffectName } from '../compare/effects.js';
import { UsageError } from '../core/errors.js';

export interface KnownEntry {
  caseId: string;
  exporter: string;
  effect: EffectName | '*';
  /** The expected kind; undefined: any cause of the effect. */
  kind?: CauseKind | '*';
  /** The expected field (a glob), null for a cause without one; undefined: any. */
  field?: string | null;
  /** Where it was written: FILE:LINE. */
  where: string;
}

/** An entry and what the run made of it: whether a case it applies to ran, whether it covered a divergence, and the causes it did not cover in its effect. */
export interface KnownState {
  entry: KnownEntry;
  ran: boolean;
  used: boolean;
  found: CauseId[];
}

/** A stale entry, with the causes its case shows in that effect now, when it has any (the cause changed). */
export interface StaleEntry extends KnownEntry {
  found: CauseId[];
}

/** Entries that applied to a case that ran, and matched no divergence. */
export function staleEntries(states: readonly KnownState[]): StaleEntry[] {
  return states.filter((m) => m.ran && !m.used).map((m) => ({ ...m.entry, found: m.found }));
}

function glob(pattern: string): RegExp {
  const esc = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${esc.join('.*')}$`, 's');
}

/** An entry as it is written in a known list. */
export function formatEntry(e: Omit<KnownEntry, 'where'>): string {
  const cause = e.kind === undefined ? '' : ` ${e.kind}${e.field === undefined ? '' : ` ${e.field ?? '-'}`}`;
  return `${e.caseId} ${e.exporter} ${e.effect}${cause}`;
}

const LINE = /^(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+)(?:\s+(.*\S))?)?$/;

interface Matcher {
  entry: KnownEntry;
  caseRe: RegExp;
  fieldRe: RegExp | undefined;
  ran: boolean;
  used: boolean;
  /** Causes in the entry's effect that it did not match, for a stale entry's message. */
  found: Map<string, CauseId>;
}

export class KnownList {
  private readonly matchers: Matcher[];

  constructor(entries: readonly KnownEntry[]) {
    this.matchers = entries.map((entry) => ({
      entry,
      caseRe: glob(entry.caseId),
      fieldRe: typeof entry.field === 'string' ? glob(entry.field) : undefined,
      ran: false,
      used: false,
      found: new Map(),
    }));
  }

  static load(file: string): KnownList {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--known ${file}: ${(err as Error).message}`);
    }
    return new KnownList(KnownList.parse(text, file));
  }

  static parse(text: string, file: string): KnownEntry[] {
    const entries: KnownEntry[] = [];
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*/, '').trim();
      if (line === '') return;
      const where = `${file}:${i + 1}`;
      const m = LINE.exec(line);
      if (!m) throw new UsageError(`${where}: want "CASE EXPORTER EFFECT [KIND [FIELD]]", got ${JSON.stringify(raw.trim())}`);
      const [, caseId, exporter, effect, kind, field] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
      if (effect !== '*' && !(EFFECT_NAMES as readonly string[]).includes(effect)) {
        throw new UsageError(`${where}: effect must be one of ${EFFECT_NAMES.join(', ')} or *, not ${JSON.stringify(effect)}`);
      }
      if (kind !== undefined && kind !== '*' && !(CAUSE_KIND_NAMES as readonly string[]).includes(kind)) {
        throw new UsageError(`${where}: ${JSON.stringify(kind)} is not a cause kind (README.md, "Causes", lists them: ${CAUSE_KIND_NAMES.slice(0, 4).join(', ')}, …)`);
      }
      entries.push({
        caseId,
        exporter,
        effect: effect as EffectName | '*',
        ...(kind !== undefined ? { kind: kind as CauseKind | '*' } : {}),
        ...(field !== undefined ? { field: field === '-' ? null : field } : {}),
        where,
      });
    });
    return entries;
  }

  private applicable(caseId: string, exporter: string): Matcher[] {
    return this.matchers.filter((m) => (m.entry.exporter === '*' || m.entry.exporter === exporter) && m.caseRe.test(caseId));
  }

  private static matches(m: Matcher, c: CauseId): boolean {
    const e = m.entry;
    if (e.effect !== '*' && e.effect !== c.effect) return false;
    if (e.kind === undefined || e.kind === '*') return e.field === undefined || KnownList.fieldMatches(m, c);
    return e.kind === c.kind && (e.field === undefined || KnownList.fieldMatches(m, c));
  }

  private static fieldMatches(m: Matcher, c: CauseId): boolean {
    if (m.entry.field === null) return c.field === null;
    return c.field !== null && m.fieldRe !== undefined && m.fieldRe.test(c.field);
  }

  /**
   * Records that (case, exporter) ran with these causes; returns, for each
   * cause, where the entry that covers it was written, or null when none does.
   */
  record(caseId: string, exporter: string, causes: readonly Cause[]): (string | null)[] {
    const ms = this.applicable(caseId, exporter);
    for (const m of ms) m.ran = true;
    const covered = causes.map((c) => {
      const hit = ms.filter((m) => KnownList.matches(m, c));
      for (const m of hit) m.used = true;
      return hit[0]?.entry.where ?? null;
    });
    causes.forEach((c, i) => {
      if (covered[i] !== null) return;
      for (const m of ms) if ((m.entry.effect === '*' || m.entry.effect === c.effect) && m.found.size < 3) m.found.set(causeKey(c), { effect: c.effect, field: c.field, kind: c.kind });
    });
    return covered;
  }

  /** Entries that applied to a case that ran, and matched no divergence. */
  stale(): StaleEntry[] {
    return staleEntries(this.states());
  }

  /** Every entry with what the run made of it (a merge of shards combines these). */
  states(): KnownState[] {
    return this.matchers.map(({ entry, ran, used, found }) => ({ entry, ran, used, found: [...found.values()] }));
  }
}

/** A word of a known list: white space in a case id (a --root dir name) and ' #' in a field become '*' globs. */
function word(s: string): string {
  return s.replace(/\s+/g, '*');
}

/**
 * Today's divergences as a known list (--write-known): one entry per case,
 * exporter, effect and cause, so that the gate can be turned on for an
 * exporter as it is and the list only shrinks from there.
 */
export function formatKnownList(
  cases: readonly { id: string; results: readonly { exporter: string; causes: readonly CauseId[] }[] }[],
  note: string,
): string {
  const rows = cases.flatMap((c) =>
    c.results.flatMap((r) => r.causes.map((x) => [word(c.id), r.exporter, x.effect, x.kind, x.field === null ? '-' : x.field.replace(/(\s)#/g, '$1*')] as const)),
  );
  const width = (k: number): number => Math.max(0, ...rows.map((r) => r[k].length));
  const lines = rows.map((r) => [0, 1, 2, 3].map((k) => r[k].padEnd(width(k))).join('  ') + `  ${r[4]}`);
  return [
    `# Known divergences, written by sft-parity --write-known: ${note}.`,
    '# One entry per case, exporter, effect and cause: CASE EXPORTER EFFECT KIND FIELD (README.md, "Known divergences").',
    '# Use it with --known FILE; remove entries as they are fixed (a stale one fails the run).',
    ...lines,
    '',
  ].join('\n');
}
