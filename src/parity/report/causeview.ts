// The causes of a run's failure as the job summary, the GitHub annotations
// and the HTML page show them: the cause model's ranked causes with what a
// reader needs next to each (its words, a replay command for its example,
// the file to point at).
import type { RunReport } from './model.js';

/** One ranked cause, ready to show. */
export interface ReportCause {
  /** Stable identity within the run (exporter, effect, field, kind). */
  key: string;
  exporter: string;
  /** The cause in words: 'escaping of < > & in tree data/distilled/sft/sft_export.jsonl'. */
  title: string;
  /** What the example shows, one line: 'go writes \u003c, bad writes <'. */
  detail: string;
  count: number;
  /** The cases that show it, in the run's order. */
  cases: string[];
  /** The case explained for it. */
  example: string;
  /** The command that replays the example (or its minimal input). */
  replay: string | undefined;
  /** The golden case or saved minimal input to point at (absolute), when there is one. */
  file: string | undefined;
}

/**
 * The run's causes of failure, most frequent first. Empty until the cause
 * model classifies divergences (issue 13); until then the annotations and
 * the summary say the verdict and the table.
 */
export function reportCauses(report: RunReport): ReportCause[] {
  void report;
  return [];
}
