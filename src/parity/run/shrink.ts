// Shrinking a generated failure to a minimal lakehouse with fast-check: the
// case is replayed from its own seed (fast-check's first run for that seed is
// the case itself), and each smaller candidate fast-check proposes is run
// through the reference and the divergent exporter. A candidate counts as
// still failing when one of the originally differing effects still differs.
import fc from 'fast-check';
import type { EffectName } from '../compare/effects.js';
import type { ParityCase } from '../cases/case.js';
import { CASE_ARB, toParityCase } from '../cases/generated.js';
import type { Runner } from './runner.js';

export interface ShrinkResult {
  case: ParityCase;
  /** Candidates tried. */
  steps: number;
  /** Whether shrinking stopped at its deadline rather than at a minimum. */
  outOfTime: boolean;
}

export async function shrinkCase(
  runner: Runner,
  slot: number,
  original: ParityCase,
  exporter: string,
  effects: readonly EffectName[],
  deadline: number,
): Promise<ShrinkResult> {
  const gen = original.generated;
  if (!gen) return { case: original, steps: 0, outOfTime: false };
  let best = original;
  let steps = 0;
  let outOfTime = false;
  const property = fc.asyncProperty(CASE_ARB, async (value) => {
    if (performance.now() > deadline) {
      outOfTime = true;
      return true;
    }
    steps++;
    const candidate = toParityCase(original.id, gen.seed, value);
    const { effects: byExporter } = await runner.effectsOf(slot, candidate, [runner.reference, exporter]);
    const verdict = runner.verdicts(byExporter).find((v) => v.exporter === exporter);
    const fails = verdict !== undefined && verdict.diffs.some((d) => effects.includes(d.effect));
    if (fails) best = { ...candidate, description: `${value.description} (shrunk from ${original.id})` };
    return !fails;
  });
  await fc.check(property, { seed: gen.seed, numRuns: 1, endOnFailure: false });
  return { case: best, steps, outOfTime };
}
