// The causes of a run, ranked: every (exporter, effect, field, kind) with the
// cases that show it, most frequent first. This is what the report leads
// with, what --json writes as "causes", and what shrinking and the fully
// explained blocks are chosen by (one representative per cause).
import { causeKey, type CauseId } from '../compare/causes.js';
import { EFFECT_NAMES } from '../compare/effects.js';
import type { CaseResult } from '../run/results.js';

export interface RankedCause extends CauseId {
  exporter: string;
  /** Cases that show it. */
  count: number;
  /** Their ids, in the run's order. */
  cases: string[];
  /** What the example case shows, in one line ("go writes 1, py writes 1.0"). */
  detail: string;
  /** The case explained in full for this cause: of those that show it, the one with the fewest other causes and the smallest input. */
  example: string;
}

/**
 * The causes of the run's divergences, ranked by the number of cases: those
 * not covered by --known (known = false: they fail the run; every divergent
 * case is in at least one), or those a --known entry lists (known = true).
 */
export function rankCauses(cases: readonly CaseResult[], known: boolean): RankedCause[] {
  const byKey = new Map<string, RankedCause & { score: number; order: number }>();
  cases.forEach((c, order) => {
    for (const r of c.results) {
      const mine = r.causes.filter((x) => (x.knownBy !== null) === known);
      for (const x of mine) {
        const key = `${r.exporter}\0${causeKey(x)}`;
        // Fewer causes in the same case first, then a smaller input.
        const score = r.causes.length * 1e12 + c.inputBytes;
        const have = byKey.get(key);
        if (!have) {
          byKey.set(key, { exporter: r.exporter, effect: x.effect, field: x.field, kind: x.kind, count: 1, cases: [c.id], detail: x.detail, example: c.id, score, order });
        } else {
          have.count++;
          have.cases.push(c.id);
          if (score < have.score) Object.assign(have, { score, example: c.id, detail: x.detail });
        }
      }
    }
  });
  const effectRank = (e: string): number => EFFECT_NAMES.indexOf(e as (typeof EFFECT_NAMES)[number]);
  return [...byKey.values()]
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.exporter.localeCompare(b.exporter) ||
        effectRank(a.effect) - effectRank(b.effect) ||
        (a.field ?? '').localeCompare(b.field ?? '') ||
        a.kind.localeCompare(b.kind),
    )
    .map(({ score: _s, order: _o, ...rest }) => rest);
}
