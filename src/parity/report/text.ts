// The report for people: a header (what ran, with the seed), each divergent
// case explained (the first few per exporter in full, the rest one line
// each), shrunk failures with their replay command, stale known entries, and
// a summary table of exporters against case sources.
import { CASE_SOURCES, type CaseSource } from '../cases/case.js';
import { EXTERNAL } from '../exporters/command.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { CaseResult, ExporterResult } from '../run/results.js';
import { tally } from '../run/results.js';
import { explainDiff, summarizeDiff } from './explain.js';
import type { RunReport } from './model.js';
import type { Style } from './style.js';
import { goldenCaseArg, parityCommand } from '../location.js';

export function header(r: Pick<RunReport, 'seed' | 'runs' | 'shard' | 'reference' | 'exporters' | 'jobs' | 'timeoutSeconds'>, counts: Map<CaseSource, number>, style: Style): string[] {
  const cases = CASE_SOURCES.filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' + ');
  const lines = [
    style.bold('sft-parity') + ` — seed ${r.seed} (--seed ${r.seed} --runs ${r.runs} reproduces this run)${r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : ''}`,
    `cases: ${cases || 'none'}; jobs ${r.jobs}; timeout ${r.timeoutSeconds} s per export`,
    'exporters:',
    ...r.exporters.map((e) => `  ${e.name.padEnd(8)} ${e.name === r.reference ? style.bold('(reference) ') : ''}${e.version} — ${style.dim(e.command)}`),
  ];
  return lines;
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The flags that select an exporter against the reference, defining it when it is external. */
export function exporterFlags(exporter: string, reference: string, infos: readonly ExporterInfo[]): string {
  const define = infos
    .filter((e) => (e.name === exporter || e.name === reference) && e.version === EXTERNAL)
    .map((e) => ` --exporter ${shellQuote(`${e.name}=${e.command}`)}`)
    .join('');
  return `--exporters ${exporter} --reference ${reference}${define}`;
}

export function replayHint(c: CaseResult, exporter: string, r: RunReport): string {
  const pick = exporterFlags(exporter, r.reference, r.exporters);
  const run = parityCommand();
  if (c.source === 'golden') return `${run} --case ${goldenCaseArg(c.id.slice('golden/'.length))} ${pick}`;
  if (c.source === 'generated') {
    const [, seed, index] = c.id.split('/');
    return `${run} --no-golden --seed ${seed} --runs ${Number(index) + 1} --only ${c.id} ${pick}`;
  }
  if (c.source === 'builtin') return `${run} --no-golden --runs 0 --only ${c.id} ${pick}`;
  return `${run} ${pick} (with the same --root/--case)`;
}

function explainCase(c: CaseResult, r: ExporterResult, report: RunReport, style: Style): string[] {
  const reference = report.reference;
  const names = { ref: reference, other: r.exporter };
  const tag = r.status === 'known' ? style.yellow('KNOWN DIVERGENCE') : style.red('DIVERGENCE');
  return [
    `${tag} ${style.bold(c.id)} — ${style.bold(r.exporter)} vs ${reference} (reference)`,
    `  case: ${c.description}`,
    `  root: ${c.rootPath}`,
    `  effects that differ: ${r.diffs.map((d) => d.effect).join(', ')}${r.status === 'known' ? ' (all listed in --known)' : ''}`,
    ...r.diffs.flatMap((d) => explainDiff(d, names, style)),
    `  replay: ${style.cyan(replayHint(c, r.exporter, report))}`,
    '',
  ];
}

/** One cell of the table of exporters against case sources: identical/cases, and whether any diverged. */
export interface TableCell {
  text: string;
  divergent: boolean;
}

/** The summary table's data: the case sources of the run, and a row of cells per exporter under test. */
export function summaryCells(report: RunReport): { sources: CaseSource[]; rows: { exporter: string; cells: TableCell[] }[] } {
  const t = tally(report.cases);
  const sources = CASE_SOURCES.filter((s) => report.cases.some((c) => c.source === s));
  const others = report.exporters.map((e) => e.name).filter((n) => n !== report.reference);
  const cell = (name: string, s: CaseSource): TableCell => {
    const x = t.get(name)?.get(s);
    if (!x) return { text: '-', divergent: false };
    const total = x.identical + x.divergent + x.known;
    let text = `${x.identical}/${total}`;
    if (x.known) text += ` (${x.known} known)`;
    return { text, divergent: x.divergent > 0 };
  };
  return { sources, rows: others.map((exporter) => ({ exporter, cells: sources.map((s) => cell(exporter, s)) })) };
}

function summaryTable(report: RunReport, style: Style): string[] {
  const { sources, rows } = summaryCells(report);
  const width = Math.max(10, ...rows.flatMap((r) => r.cells.map((c) => c.text.length + 2)), ...sources.map((s) => s.length + 2));
  const lines = [style.bold('identical / cases, against the reference ' + report.reference + ':')];
  lines.push('  ' + 'exporter'.padEnd(10) + sources.map((s) => s.padStart(width)).join(''));
  for (const r of rows) {
    const row = r.cells.map((c) => (c.divergent ? style.red(c.text.padStart(width)) : style.green(c.text.padStart(width))));
    lines.push('  ' + r.exporter.padEnd(10) + row.join(''));
  }
  return lines;
}

export function renderReport(report: RunReport, maxDetails: number, style: Style): string {
  const out: string[] = [''];
  const shownPer = new Map<string, number>();
  // The rest, grouped by exporter and cause: a broken exporter often fails
  // hundreds of cases the same way.
  const groups = new Map<string, { status: string; exporter: string; why: string; ids: string[] }>();
  for (const c of report.cases) {
    for (const r of c.results) {
      if (r.status === 'identical') continue;
      const n = shownPer.get(r.exporter) ?? 0;
      if (n < maxDetails) {
        out.push(...explainCase(c, r, report, style));
        shownPer.set(r.exporter, n + 1);
      } else {
        const why = r.diffs.map((d) => summarizeDiff(d, { ref: report.reference, other: r.exporter })).join('; ');
        const key = `${r.status}\0${r.exporter}\0${why}`;
        const g = groups.get(key) ?? { status: r.status, exporter: r.exporter, why, ids: [] };
        g.ids.push(c.id);
        groups.set(key, g);
      }
    }
  }
  if (groups.size > 0) {
    out.push(style.bold(`more divergences (the first ${maxDetails} per exporter are explained above; --max-details N for more):`));
    for (const g of groups.values()) {
      const tag = g.status === 'known' ? style.yellow('known') : style.red('diverges');
      const ids = g.ids.length <= 6 ? g.ids.join(', ') : `${g.ids.slice(0, 6).join(', ')} and ${g.ids.length - 6} more`;
      out.push(`  ${tag} ${style.bold(g.exporter)} on ${g.ids.length} case(s): ${g.why}`, `    ${style.dim(ids)}`);
    }
    out.push('');
  }
  if (report.shrunk.length > 0) {
    out.push(style.bold('shrunk generated failures (minimal lakehouses, golden layout):'));
    for (const s of report.shrunk) {
      out.push(`  ${s.caseId} — ${s.exporter}: ${s.originalEntries} → ${s.entries} tree entries in ${s.steps} step(s)${s.outOfTime ? ' (stopped at the time budget)' : ''}`);
      out.push(`    saved: ${s.dir}`);
      out.push(`    replay: ${style.cyan(s.replay)}`);
    }
    out.push('');
  }
  if (report.stale.length > 0) {
    out.push(style.red(style.bold('stale known divergences (listed, but identical now; remove them):')));
    for (const k of report.stale) out.push(`  ${k.where}: ${k.caseId} ${k.exporter} ${k.effect}`);
    out.push('');
  }
  out.push(...summaryTable(report, style), '');
  const v = verdict(report);
  out.push(`${v.pass ? style.green(style.bold(v.word)) : style.red(style.bold(v.word))} ${v.rest}`);
  return out.join('\n') + '\n';
}

/** The last line of every report format: PASS or FAIL, and what that rests on. */
export function verdict(report: RunReport): { pass: boolean; word: 'PASS' | 'FAIL'; rest: string } {
  const failing = report.cases.flatMap((c) => c.results.filter((r) => r.status === 'divergent').map((r) => r.exporter));
  const perExporter = [...new Set(failing)].map((n) => `${n}: ${failing.filter((x) => x === n).length}`).join(', ');
  const known = report.cases.reduce((n, c) => n + c.results.filter((r) => r.status === 'known').length, 0);
  const time = ` in ${(report.durationMs / 1000).toFixed(1)} s`;
  if (report.exitCode === 0) {
    return { pass: true, word: 'PASS', rest: `all exporters identical to ${report.reference} on ${report.cases.length} case(s)${known ? ` (${known} known divergence(s))` : ''}${time}` };
  }
  const stale = report.stale.length ? `, ${report.stale.length} stale known entr${report.stale.length === 1 ? 'y' : 'ies'}` : '';
  return { pass: false, word: 'FAIL', rest: `${failing.length} divergence(s)${perExporter ? ` (${perExporter})` : ''}${stale} on ${report.cases.length} case(s)${time}` };
}
