// --reporter github (the default under GitHub Actions): one `::error`
// workflow command per cause of the run's failure, which GitHub shows as an
// annotation on the pull request and the run page: the exporter and the
// cause in the title, how many cases and an example with its replay command
// in the message, and `file=` at the golden case or saved minimal input when
// there is one. Stale known entries point at their line of the known list.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import fs from 'node:fs';
import path from 'node:path';
import type { RunReport } from './model.js';
import type { ReportCause } from './causeview.js';

/** GitHub shows at most 10 error annotations of a step; the rest are said in one. */
const MAX_ANNOTATIONS = 10;

/** A workflow command's message: %, CR and LF escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also : and , escaped. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  title: string;
  message: string;
  /** Relative to the workspace; GitHub attaches the annotation to it. */
  file?: string;
  line?: number;
}

export function workflowCommand(level: 'error' | 'warning' | 'notice', a: Annotation): string {
  const props = [a.file !== undefined ? `file=${escapeProperty(a.file)}` : '', a.line !== undefined ? `line=${a.line}` : '', `title=${escapeProperty(a.title)}`].filter(Boolean).join(',');
  return `::${level} ${props}::${escapeData(a.message)}`;
}

/** A path as GitHub wants it (relative to the workspace), or undefined when it is outside or absent. */
export function workspacePath(p: string, workspace: string): string | undefined {
  const abs = path.resolve(p);
  const rel = path.relative(workspace, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || !fs.existsSync(abs)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The annotations of a finished run: one per cause of its failure (the most frequent first), one per stale known entry. */
export function annotations(report: RunReport, causes: readonly ReportCause[], workspace: string): Annotation[] {
  const out: Annotation[] = [];
  const shown = causes.slice(0, MAX_ANNOTATIONS);
  for (const c of shown) {
    const lines = [
      `${c.exporter} diverges from ${report.reference} on ${c.count} case(s): ${c.detail}`,
      `example: ${c.example}${c.count > 1 ? ` (also ${c.cases.filter((id) => id !== c.example).slice(0, 4).join(', ')}${c.count > 5 ? ', …' : ''})` : ''}`,
      ...(c.replay ? [`replay: ${c.replay}`] : []),
    ];
    const file = c.file === undefined ? undefined : workspacePath(c.file, workspace);
    out.push({ title: `sft-parity: ${c.exporter}: ${c.title}`, message: lines.join('\n'), ...(file ? { file } : {}) });
  }
  if (causes.length > shown.length) {
    out.push({ title: 'sft-parity: more causes', message: `${causes.length - shown.length} more cause(s) of divergence; the job summary and the report list them all` });
  }
  if (shown.length === 0) {
    // No causes to name: one error per failing exporter, with examples.
    const byExporter = new Map<string, string[]>();
    for (const c of report.cases) for (const x of c.results) if (x.status === 'divergent') byExporter.set(x.exporter, [...(byExporter.get(x.exporter) ?? []), c.id]);
    for (const [exporter, ids] of byExporter) {
      out.push({ title: `sft-parity: ${exporter}: diverges`, message: `${exporter} diverges from ${report.reference} on ${ids.length} case(s), e.g. ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}` });
    }
  }
  for (const k of report.stale) {
    const m = /^(.*):(\d+)$/.exec(k.where);
    const file = m ? workspacePath(m[1] as string, workspace) : undefined;
    out.push({
      title: 'sft-parity: stale known divergence',
      message: `${k.caseId} ${k.exporter} ${k.effect} is listed as a known divergence but is identical now: remove the entry`,
      ...(file ? { file, line: Number(m?.[2]) } : {}),
    });
  }
  return out;
}

/** The workflow commands of a run, one a line. */
export function renderGithub(report: RunReport, causes: readonly ReportCause[], workspace: string): string {
  return annotations(report, causes, workspace)
    .map((a) => workflowCommand('error', a) + '\n')
    .join('');
}
