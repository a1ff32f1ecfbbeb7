// Generated cases. Case i of a run with seed S is drawn on its own from the
// seed mix(S, i), so any case can be regenerated alone (a shard draws only
// its own cases; shrinking starts from the case's own seed).
import fc from 'fast-check';
import { lakehouseArb, type GeneratedCase } from './lakehouse.js';
import type { WritableEntry } from '../tree/write.js';
import type { ParityCase } from '../cases/case.js';
import { caseSeed, generatedId } from './case-seed.js';

export { caseSeed };

/** The arbitrary every generated case comes from. */
export const CASE_ARB = lakehouseArb({ cliRoots: true });

/** The generated value drawn from a case seed (fast-check's first run for that seed). */
export function drawCase(seed: number): GeneratedCase {
  const [value] = fc.sample(CASE_ARB, { seed, numRuns: 1 });
  if (!value) throw new Error('fast-check drew no value');
  return value;
}

export function generatedEntries(c: GeneratedCase): WritableEntry[] {
  return c.entries.map((e) =>
    e.kind === 'file'
      ? { path: e.path, type: 'file', mode: e.mode, content: e.content }
      : e.kind === 'dir'
        ? { path: e.path, type: 'dir', mode: e.mode }
        : { path: e.path, type: 'symlink', mode: 0o777, target: e.target },
  );
}

/** A generated value as a parity case. */
export function toParityCase(id: string, seed: number, value: GeneratedCase): ParityCase {
  return {
    id,
    source: 'generated',
    description: value.description,
    recordedAt: value.recordedAt,
    dryRun: value.dryRun,
    includePartial: value.includePartial,
    root: value.root,
    entries: generatedEntries(value),
    generated: { seed },
  };
}

/** Case `index` of the run seeded with `runSeed`. */
export function generatedCase(runSeed: number, index: number): ParityCase {
  const seed = caseSeed(runSeed, index);
  return toParityCase(generatedId(runSeed, index), seed, drawCase(seed));
}
