// Where a finished report goes, for a run and for a merge of shards alike:
// the text report on stdout, the files the flags ask for, and under GitHub
// Actions (or with --reporter github / --summary FILE anywhere) the workflow
// commands and the Markdown job summary.
import { SetupError } from '../core/errors.js';
import { reportCauses } from './causeview.js';
import { renderGithub } from './github.js';
import { writeHtmlReport } from './html.js';
import { writeJsonReport } from './json.js';
import { writeJunitReport } from './junit.js';
import type { RunReport } from './model.js';
import type { Style } from './style.js';
import { appendSummary } from './summary.js';
import { renderReport } from './text.js';

/** Where a report goes: files, the GitHub Actions workflow commands, the job summary. */
export interface OutputOptions {
  json: string | undefined;
  junit: string | undefined;
  /** --html FILE: one self-contained page. */
  html: string | undefined;
  /** --summary FILE: the Markdown summary is appended to it. */
  summary: string | undefined;
  noSummary: boolean;
  /** --reporter NAME, in order; undefined: text, plus github under GitHub Actions. */
  reporters: Reporter[] | undefined;
  maxDetails: number;
}

export const REPORTERS = ['text', 'github'] as const;
export type Reporter = (typeof REPORTERS)[number];

type Env = Readonly<Record<string, string | undefined>>;

const onGithub = (env: Env): boolean => env['GITHUB_ACTIONS'] === 'true';

/** Whether the GitHub workflow commands are printed: --reporter decides, else being on GitHub Actions. */
export function githubWanted(o: Pick<OutputOptions, 'reporters'>, env: Env): boolean {
  return o.reporters ? o.reporters.includes('github') : onGithub(env);
}

/** The file the Markdown summary is appended to: --summary, else GitHub's step summary; none with --no-summary. */
export function summaryFile(o: Pick<OutputOptions, 'summary' | 'noSummary'>, env: Env): string | undefined {
  if (o.noSummary) return undefined;
  if (o.summary !== undefined) return o.summary;
  const step = env['GITHUB_STEP_SUMMARY'];
  return onGithub(env) && step ? step : undefined;
}

/** Writes one output file; a file that cannot be written is a setup error naming it, not a stack trace. */
function writeOutput(flag: string, file: string, write: (file: string) => void): void {
  try {
    write(file);
  } catch (err) {
    throw new SetupError(`${flag} ${file}: cannot write it (${(err as Error).message})`);
  }
}

/** out undefined: no text report and no workflow commands (the library's runParity), only the files. */
export function publishReport(report: RunReport, o: OutputOptions, out: { write(text: string): unknown } | undefined, style: Style, env: Env = process.env): void {
  out?.write(renderReport(report, o.maxDetails, style));
  if (o.json) writeOutput('--json', o.json, (f) => writeJsonReport(f, report));
  if (o.junit) writeOutput('--junit', o.junit, (f) => writeJunitReport(f, report));
  if (o.html) writeOutput('--html', o.html, (f) => writeHtmlReport(f, report));
  const causes = reportCauses(report);
  if (githubWanted(o, env)) out?.write(renderGithub(report, causes, env['GITHUB_WORKSPACE'] ?? process.cwd()));
  const summary = summaryFile(o, env);
  if (summary) writeOutput(o.summary !== undefined ? '--summary' : '$GITHUB_STEP_SUMMARY', summary, (f) => appendSummary(f, report, causes));
}
