// --summary FILE (under GitHub Actions, $GITHUB_STEP_SUMMARY): the run in
// Markdown for the job's summary page: the verdict, what ran (exporters with
// their versions), the table of exporters against case sources, the causes
// ranked, and the commands that replay them. Appended, as GitHub wants: a
// job's steps share the file.
import fs from 'node:fs';
import type { ReportCause } from './causeview.js';
import type { RunReport } from './model.js';
import { summaryCells, verdict } from './text.js';

/** Text for a Markdown table cell: no line breaks, pipes escaped, no raw HTML. */
export function mdCell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** Inline code that holds any text (a backtick fence longer than any run inside it); in a table cell, pipes escaped. */
export function mdCode(s: string, inTable = true): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  const text = s.replace(/\r?\n/g, ' ');
  return `${fence}${pad}${inTable ? text.replace(/\|/g, '\\|') : text}${pad}${fence}`;
}

/** A fenced block that holds any text. */
function mdBlock(lang: string, lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(longest + 1);
  return [fence + lang, ...lines, fence];
}

const MAX_CAUSES = 50;

export function renderSummary(report: RunReport, causes: readonly ReportCause[]): string {
  const v = verdict(report);
  const { sources, rows } = summaryCells(report);
  const out = [
    `## sft-parity: ${v.pass ? '✅' : '❌'} ${v.word}`,
    '',
    mdCell(v.rest),
    '',
    `Seed ${report.seed} (${mdCode(`--seed ${report.seed} --runs ${report.runs}`, false)} reproduces this run)${report.shard ? `, shard ${report.shard.index}/${report.shard.count}` : ''}; ` +
      `cases: ${sources.map((s) => `${report.cases.filter((c) => c.source === s).length} ${s}`).join(' + ') || 'none'}.`,
    '',
    '| exporter | version | command |',
    '| --- | --- | --- |',
    ...report.exporters.map((e) => `| **${mdCell(e.name)}**${e.name === report.reference ? ' (reference)' : ''} | ${mdCell(e.version)} | ${mdCode(e.command)} |`),
    '',
    `### Identical / cases, against the reference ${mdCell(report.reference)}`,
    '',
    `| exporter | ${sources.join(' | ')} |`,
    `| --- | ${sources.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${mdCell(r.exporter)} | ${r.cells.map((c) => `${c.divergent ? '❌ ' : ''}${mdCell(c.text)}`).join(' | ')} |`),
    '',
  ];
  if (causes.length > 0) {
    const shown = causes.slice(0, MAX_CAUSES);
    out.push(
      '### Causes, most frequent first',
      '',
      '| # | exporter | cause | cases | what differs | example |',
      '| ---: | --- | --- | ---: | --- | --- |',
      ...shown.map((c, i) => `| ${i + 1} | ${mdCell(c.exporter)} | ${mdCell(c.title)} | ${c.count} | ${mdCell(c.detail)} | ${mdCode(c.example)} |`),
      ...(causes.length > shown.length ? ['', `… and ${causes.length - shown.length} more cause(s) (the report lists them all).`] : []),
      '',
    );
    const replays = shown.filter((c) => c.replay !== undefined);
    if (replays.length > 0) {
      out.push(
        '<details><summary>Replay commands (from the project root)</summary>',
        '',
        ...mdBlock(
          'sh',
          replays.flatMap((c) => [`# ${causes.indexOf(c) + 1}. ${c.exporter}: ${c.title} (${c.example})`, c.replay as string]),
        ),
        '',
        '</details>',
        '',
      );
    }
  }
  if (report.stale.length > 0) {
    out.push('### Stale known divergences (listed, but identical now: remove them)', '', ...report.stale.map((k) => `- ${mdCode(k.where, false)}: ${mdCode(`${k.caseId} ${k.exporter} ${k.effect}`, false)}`), '');
  }
  return out.join('\n') + '\n';
}

export function appendSummary(file: string, report: RunReport, causes: readonly ReportCause[]): void {
  fs.appendFileSync(file, renderSummary(report, causes));
}
