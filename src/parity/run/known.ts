// Known divergences (--known FILE): (case, exporter, effect) triples that may
// differ without failing the run, like protobuf's conformance failure lists.
// An entry whose case ran and did not diverge in that effect is stale and
// fails the run, so the list shrinks as exporters are fixed.
//
// Format: one entry a line, `CASE EXPORTER EFFECT`, '#' starts a comment.
// CASE may use '*' for any run of characters (generated/*); EXPORTER and
// EFFECT may be '*'. EFFECT is one of run, exit_code, stdout, stderr, tree.
import fs from 'node:fs';
import { EFFECT_NAMES, type EffectName } from '../compare/effects.js';
import { UsageError } from '../errors.js';

export interface KnownEntry {
  caseId: string;
  exporter: string;
  effect: EffectName | '*';
  /** Where it was written: FILE:LINE. */
  where: string;
}

/** An entry and what the run made of it: whether a case it applies to ran, and whether it covered a divergence. */
export interface KnownState {
  entry: KnownEntry;
  ran: boolean;
  used: boolean;
}

/** Entries that applied to a case that ran, and matched no divergence. */
export function staleEntries(states: readonly KnownState[]): KnownEntry[] {
  return states.filter((m) => m.ran && !m.used).map((m) => m.entry);
}

function glob(pattern: string): RegExp {
  const esc = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${esc.join('.*')}$`);
}

export class KnownList {
  private readonly matchers: { entry: KnownEntry; caseRe: RegExp; ran: boolean; used: boolean }[];

  constructor(entries: readonly KnownEntry[]) {
    this.matchers = entries.map((entry) => ({ entry, caseRe: glob(entry.caseId), ran: false, used: false }));
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
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') return;
      const words = line.split(/\s+/);
      const where = `${file}:${i + 1}`;
      if (words.length !== 3) throw new UsageError(`${where}: want "CASE EXPORTER EFFECT", got ${JSON.stringify(raw.trim())}`);
      const [caseId, exporter, effect] = words as [string, string, string];
      if (effect !== '*' && !(EFFECT_NAMES as readonly string[]).includes(effect)) {
        throw new UsageError(`${where}: effect must be one of ${EFFECT_NAMES.join(', ')} or *, not ${JSON.stringify(effect)}`);
      }
      entries.push({ caseId, exporter, effect: effect as EffectName | '*', where });
    });
    return entries;
  }

  private applicable(caseId: string, exporter: string) {
    return this.matchers.filter((m) => (m.entry.exporter === '*' || m.entry.exporter === exporter) && m.caseRe.test(caseId));
  }

  /**
   * Records that (case, exporter) ran with these differing effects; returns
   * the effects that no entry covers (those fail the run).
   */
  record(caseId: string, exporter: string, differing: readonly EffectName[]): EffectName[] {
    const ms = this.applicable(caseId, exporter);
    const uncovered: EffectName[] = [];
    for (const m of ms) m.ran = true;
    for (const effect of differing) {
      const hit = ms.filter((m) => m.entry.effect === '*' || m.entry.effect === effect);
      for (const m of hit) m.used = true;
      if (hit.length === 0) uncovered.push(effect);
    }
    return uncovered;
  }

  /** True when some entry covers (case, exporter) at all. */
  covers(caseId: string, exporter: string): boolean {
    return this.applicable(caseId, exporter).length > 0;
  }

  /** Entries that applied to a case that ran, and matched no divergence. */
  stale(): KnownEntry[] {
    return staleEntries(this.states());
  }

  /** Every entry with what the run made of it (a merge of shards combines these). */
  states(): KnownState[] {
    return this.matchers.map(({ entry, ran, used }) => ({ entry, ran, used }));
  }

  get size(): number {
    return this.matchers.length;
  }
}
