// The causes of a run's failure as the job summary, the GitHub annotations
// and the HTML page show them: the cause model's ranked causes with what a
// reader needs next to each (its words, a replay command for its example,
// the file to point at).
import path from 'node:path';
import { causeKey, causeTitle } from '../compare/causes.js';
import { caseReplay } from '../run/replay.js';
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

/** The run's causes of failure, most frequent first (report.causes, from the cause model). */
export function reportCauses(report: RunReport): ReportCause[] {
  return report.causes.map((c) => {
    const key = `${c.exporter}\0${causeKey(c)}`;
    const shrunk = report.shrunk.find((s) => s.exporter === c.exporter && causeKey(s.cause) === causeKey(c));
    const example = report.cases.find((x) => x.id === c.example);
    const origin = example?.replay?.origin;
    const golden = origin && 'dir' in origin && origin.source !== 'root' ? origin.dir : undefined;
    return {
      key,
      exporter: c.exporter,
      title: causeTitle(c),
      detail: c.detail,
      count: c.count,
      cases: c.cases,
      example: c.example,
      replay: shrunk?.replay ?? (example ? caseReplay(example, c.exporter, report.replay) : undefined),
      file: shrunk ? path.join(shrunk.dir, 'case.json') : golden === undefined ? undefined : path.join(golden, 'case.json'),
    };
  });
}
