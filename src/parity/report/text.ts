// The report for people. It leads with the causes, ranked: for each exporter
// "py diverges on 362 cases from 11 causes", each cause with its count, what
// it is and example cases. Then one fully explained block per cause, in rank
// order (--max-details of them per exporter): a representative case, its
// minimal input when it was shrunk, what differs and the replay command.
// Then known divergences (counted apart), stale known entries, and a summary
// table of exporters against case sources.
import { CAUSE_KINDS, causeKey, causeTitle } from '../compare/causes.js';
import { CASE_SOURCES, type CaseSource } from '../cases/case.js';
import { formatEntry } from '../run/known.js';
import { caseReplay } from '../run/replay.js';
import type { CaseResult } from '../run/results.js';
import { tally } from '../run/results.js';
import type { RankedCause } from './causes.js';
import { explainDiff } from './explain.js';
import { caseSize, describeInput } from './input.js';
import type { RunReport, ShrunkFailure } from './model.js';
import type { Style } from './style.js';

export function header(
  r: Pick<RunReport, 'seed' | 'runs' | 'shard' | 'reference' | 'exporters' | 'jobs' | 'timeoutSeconds' | 'ignored' | 'warnings'>,
  counts: Map<CaseSource, number>,
  style: Style,
): string[] {
  const cases = CASE_SOURCES.filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' + ');
  return [
    style.bold('sft-parity') + ` — seed ${r.seed} (--seed ${r.seed} --runs ${r.runs} reproduces this run)${r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : ''}`,
    `cases: ${cases || 'none'}; jobs ${r.jobs}; timeout ${r.timeoutSeconds} s per export`,
    ...(r.ignored.length > 0 ? [style.yellow(`not compared (--ignore): ${r.ignored.join(', ')}`)] : []),
    ...r.warnings.map((w) => style.yellow(`warning: ${w}`)),
    'exporters:',
    ...r.exporters.map((e) => `  ${e.name.padEnd(8)} ${e.name === r.reference ? style.bold('(reference) ') : ''}${e.version} — ${style.dim(e.command)}`),
  ];
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A few example case ids of a cause, the representative first. */
function examples(c: RankedCause): string {
  const ids = [c.example, ...c.cases.filter((id) => id !== c.example)].slice(0, 3);
  return ids.join(', ') + (c.count > ids.length ? ` (+${c.count - ids.length})` : '');
}

/** The ranked causes of one exporter, two lines each. */
function rankedList(exporter: string, causes: readonly RankedCause[], cases: number, total: number, known: boolean, style: Style): string[] {
  const head = known
    ? `${style.yellow(style.bold('KNOWN'))} ${style.bold(exporter)}: ${plural(cases, 'case')} with divergences listed in --known, from ${plural(causes.length, 'cause')} (they do not fail the run):`
    : `${style.red(style.bold(exporter))} diverges on ${plural(cases, 'case')} of ${total} from ${plural(causes.length, 'cause')}, most frequent first:`;
  const width = String(causes.length).length;
  const lines = [head];
  causes.forEach((c, i) => {
    lines.push(`  ${String(i + 1).padStart(width)}. ${style.bold(plural(c.count, 'case').padStart(10))}  ${causeTitle(c)}`);
    lines.push(`  ${' '.repeat(width)}  ${' '.repeat(10)}  ${style.dim(`${c.detail}; e.g. ${examples(c)}`)}`);
  });
  return [...lines, ''];
}

/** Per exporter (in the report's order): its causes, and its number of cases with one. */
export function byExporter(report: RunReport, causes: readonly RankedCause[], status: 'divergent' | 'known'): { exporter: string; causes: RankedCause[]; cases: number }[] {
  return report.exporters
    .map((e) => e.name)
    .filter((n) => n !== report.reference)
    .map((exporter) => ({
      exporter,
      causes: causes.filter((c) => c.exporter === exporter),
      cases: report.cases.filter((c) => c.results.some((r) => r.exporter === exporter && (status === 'known' ? r.causes.some((x) => x.knownBy !== null) : r.status === 'divergent'))).length,
    }))
    .filter((x) => x.causes.length > 0);
}

export function shrunkLine(s: ShrunkFailure): string {
  const how = `${caseSize(s.files, s.lines)} (from ${caseSize(s.originalFiles, s.originalLines)}; ${plural(s.steps, 'candidate')} in ${(s.ms / 1000).toFixed(1)} s`;
  return `${s.caseId} shrunk to ${how}${s.outOfTime ? '; stopped at the --shrink-time budget, so this is the smallest found so far, perhaps not minimal' : ''})`;
}

/** The fully explained block of one cause: its representative (or its minimal input) and what differs. */
function causeBlock(cause: RankedCause, rank: number, of: number, report: RunReport, style: Style): string[] {
  const names = { ref: report.reference, other: cause.exporter };
  const shrunk = report.shrunk.find((s) => s.exporter === cause.exporter && causeKey(s.cause) === causeKey(cause));
  const example = report.cases.find((c) => c.id === (shrunk?.caseId ?? cause.example)) as CaseResult;
  const result = example.results.find((r) => r.exporter === cause.exporter);
  const focus = result?.causes.find((x) => causeKey(x) === causeKey(cause)) ?? cause;
  const out = [
    `${style.red(style.bold(`CAUSE ${rank} of ${of}`))} ${style.bold(cause.exporter)}: ${style.bold(causeTitle(cause))} (${plural(cause.count, 'case')})`,
    `  ${CAUSE_KINDS[cause.kind].means}`,
    `  ${style.red('DIVERGENCE')} ${style.bold(example.id)} — ${style.bold(cause.exporter)} vs ${report.reference} (reference): ${focus.detail}`,
    `  case: ${example.description}`,
  ];
  const replay = caseReplay(example, cause.exporter, report.replay);
  if (shrunk) {
    const input = shrunk.case ? describeInput(shrunk.case, style, '    ') : shrunk.input.map((l) => `    ${l}`);
    out.push(`  ${style.bold('minimal input')}: ${shrunkLine(shrunk)}`, ...input);
    out.push(`  what differs on it (root ${shrunk.rootPath}): ${shrunk.diffs.map((d) => d.effect).join(', ')}`);
    out.push(...shrunk.diffs.flatMap((d) => explainDiff(d, names, style, '    ', focus)));
    out.push(`  replay: ${style.cyan(shrunk.replay)}`, `    saved: ${shrunk.dir}`);
    if (replay) out.push(`  replay ${example.id}: ${style.cyan(replay)}`);
  } else if (result) {
    if (example.case) out.push('  input:', ...describeInput(example.case, style, '    '));
    else if (example.input) out.push('  input:', ...example.input.map((l) => `    ${l}`));
    out.push(`  what differs (root ${example.rootPath}): ${result.diffs.map((d) => d.effect).join(', ')}`);
    out.push(...result.diffs.flatMap((d) => explainDiff(d, names, style, '    ', focus)));
    if (replay) out.push(`  replay: ${style.cyan(replay)}`);
  }
  return [...out, ''];
}

/** One cell of the table of exporters against case sources: identical/cases, and whether any diverged or was known. */
export interface TableCell {
  text: string;
  divergent: boolean;
  known: boolean;
}

/** The summary table's data: the case sources of the run, and a row of cells per exporter under test. */
export function summaryCells(report: RunReport): { sources: CaseSource[]; rows: { exporter: string; cells: TableCell[] }[] } {
  const t = tally(report.cases);
  const sources = CASE_SOURCES.filter((s) => report.cases.some((c) => c.source === s));
  const others = report.exporters.map((e) => e.name).filter((n) => n !== report.reference);
  const cell = (name: string, s: CaseSource): TableCell => {
    const x = t.get(name)?.get(s);
    if (!x) return { text: '-', divergent: false, known: false };
    const total = x.identical + x.divergent + x.known;
    let text = `${x.identical}/${total}`;
    if (x.known) text += ` (${x.known} known)`;
    return { text, divergent: x.divergent > 0, known: x.known > 0 };
  };
  return { sources, rows: others.map((exporter) => ({ exporter, cells: sources.map((s) => cell(exporter, s)) })) };
}

function summaryTable(report: RunReport, style: Style): string[] {
  const { sources, rows } = summaryCells(report);
  const width = Math.max(10, ...rows.flatMap((r) => r.cells.map((c) => c.text.length + 2)), ...sources.map((s) => s.length + 2));
  const lines = [style.bold('identical / cases, against the reference ' + report.reference + ':')];
  lines.push('  ' + 'exporter'.padEnd(10) + sources.map((s) => s.padStart(width)).join(''));
  for (const r of rows) {
    const row = r.cells.map((c) => (c.divergent ? style.red : c.known ? style.yellow : style.green)(c.text.padStart(width)));
    lines.push('  ' + r.exporter.padEnd(10) + row.join(''));
  }
  return lines;
}

function staleLines(report: RunReport, style: Style): string[] {
  if (report.stale.length === 0) return [];
  const out = [style.red(style.bold('stale known divergences (listed, but not seen this run; remove or update them):'))];
  for (const k of report.stale) {
    const now = k.found.length > 0 ? ` — the cause there now is ${k.found.map((c) => formatEntry({ caseId: '', exporter: '', effect: c.effect, kind: c.kind, field: c.field }).trim()).join('; ')}` : '';
    out.push(`  ${k.where}: ${formatEntry(k)}${now}`);
  }
  return [...out, ''];
}

/** The last line of every report format: PASS or FAIL, and what that rests on. */
export function verdict(report: RunReport): { pass: boolean; word: 'PASS' | 'FAIL'; rest: string } {
  const failing = report.cases.flatMap((c) => c.results.filter((r) => r.status === 'divergent').map((r) => r.exporter));
  const perExporter = [...new Set(failing)].map((n) => `${n}: ${failing.filter((x) => x === n).length}`).join(', ');
  const known = report.cases.reduce((n, c) => n + c.results.filter((r) => r.status === 'known').length, 0);
  const knownText = known ? `, ${known} known divergence(s) apart` : '';
  const ignored = report.ignored.length > 0 ? ` (${report.ignored.join(', ')} not compared)` : '';
  const stale = report.stale.length ? `, ${report.stale.length} stale known entr${report.stale.length === 1 ? 'y' : 'ies'}` : '';
  const causes = report.causes.length > 0 ? ` from ${plural(report.causes.length, 'cause')}` : '';
  const time = ` in ${(report.durationMs / 1000).toFixed(1)} s`;
  if (report.exitCode === 0) return { pass: true, word: 'PASS', rest: `all exporters identical to ${report.reference} on ${report.cases.length} case(s)${knownText}${ignored}${time}` };
  return { pass: false, word: 'FAIL', rest: `${failing.length} divergence(s)${perExporter ? ` (${perExporter})` : ''}${causes}${stale}${knownText} on ${report.cases.length} case(s)${ignored}${time}` };
}

export function renderReport(report: RunReport, maxDetails: number, style: Style): string {
  const out: string[] = [''];
  const failing = byExporter(report, report.causes, 'divergent');
  const known = byExporter(report, report.knownCauses, 'known');
  for (const x of failing) out.push(...rankedList(x.exporter, x.causes, x.cases, report.cases.length, false, style));
  for (const x of known) out.push(...rankedList(x.exporter, x.causes, x.cases, report.cases.length, true, style));
  for (const x of failing) x.causes.slice(0, maxDetails).forEach((c, i) => out.push(...causeBlock(c, i + 1, x.causes.length, report, style)));
  if (failing.some((x) => x.causes.length > maxDetails)) {
    out.push(style.dim(`(the first ${maxDetails} cause(s) per exporter are explained in full; --max-details N for more)`), '');
  }
  if (report.movedAside) out.push(style.dim(`${plural(report.movedAside.count, 'failure directory', 'failure directories')} of an earlier run moved to ${report.movedAside.to}`), '');
  if (report.wroteKnown) out.push(`known list of this run's divergences written to ${report.wroteKnown} (use it with --known)`, '');
  out.push(...staleLines(report, style));
  out.push(...summaryTable(report, style), '');
  const v = verdict(report);
  out.push(`${v.pass ? style.green(style.bold(v.word)) : style.red(style.bold(v.word))} ${v.rest}`);
  return out.join('\n') + '\n';
}
