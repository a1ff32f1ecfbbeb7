// The whole report of a run, as the text, JSON and JUnit writers see it.
import type { CauseId } from '../compare/causes.js';
import type { EffectDiff, EffectName } from '../compare/effects.js';
import type { ParityCase } from '../cases/case.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownState, StaleEntry } from '../run/known.js';
import type { RunPlan } from '../run/plan.js';
import type { ReplayContext } from '../run/replay.js';
import type { CaseResult } from '../run/results.js';
import type { Shard } from '../run/shard.js';
import type { RankedCause } from './causes.js';

/** One cause shrunk to a minimal input: the smallest case found that still shows it. */
export interface ShrunkFailure {
  /** The case it was shrunk from. */
  caseId: string;
  exporter: string;
  cause: CauseId;
  /** Where the minimal case was saved (golden layout), and the command that replays it. */
  dir: string;
  replay: string;
  /** Candidates tried, and the time taken. */
  steps: number;
  ms: number;
  /** Whether shrinking stopped at the --shrink-time budget rather than at a minimum. */
  outOfTime: boolean;
  /** Tree entries, files (and symlinks) and lines of the minimal case, against the original's. */
  entries: number;
  originalEntries: number;
  files: number;
  originalFiles: number;
  lines: number;
  originalLines: number;
  /** The minimal input as the report shows it (describeInput, plain), and how it diverges with its root at rootPath. */
  input: string[];
  diffs: EffectDiff[];
  rootPath: string;
  /** The minimal case itself, in the run that shrank it (a merged report has only `input`). */
  case?: ParityCase;
}

export interface RunReport {
  seed: number;
  runs: number;
  shard: Shard | undefined;
  reference: string;
  exporters: ExporterInfo[];
  jobs: number;
  timeoutSeconds: number;
  /** Effects not compared (--ignore). */
  ignored: EffectName[];
  /** Warnings about the run's input (a --root without data/scored-runs). */
  warnings: string[];
  cases: CaseResult[];
  /** Causes of the divergences that fail the run, most frequent first. */
  causes: RankedCause[];
  /** Causes that --known lists, most frequent first. */
  knownCauses: RankedCause[];
  stale: StaleEntry[];
  /** Every --known entry with what the run made of it (empty without --known). */
  known: KnownState[];
  plan: RunPlan;
  shrunk: ShrunkFailure[];
  /** Failure directories of an earlier run moved aside, and where to. */
  movedAside: { count: number; to: string } | undefined;
  /** Where --write-known wrote the list. */
  wroteKnown: string | undefined;
  replay: ReplayContext;
  durationMs: number;
  exitCode: 0 | 1;
}
