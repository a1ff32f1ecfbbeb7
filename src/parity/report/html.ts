// --html FILE: the report as one self-contained page (inline style and
// script, nothing fetched, works from file:// and as a CI artifact): the
// verdict and what ran, the table of exporters against case sources, and each
// divergence in a collapsed section with reference and exporter side by side
// (htmldiff.ts), its replay command and a copy button. A filter by exporter,
// effect and case keeps a run with hundreds of divergences usable.
import fs from 'node:fs';
import { EFFECT_NAMES } from '../compare/effects.js';
import type { CaseResult, ExporterResult } from '../run/results.js';
import { summarizeDiff } from './explain.js';
import { CSS, SCRIPT } from './htmlassets.js';
import { effectHtml, esc } from './htmldiff.js';
import type { RunReport } from './model.js';
import { replayHint, summaryCells, verdict } from './text.js';

/** Divergences per exporter explained in full; the rest get their summary line and replay command. */
const DETAILED_PER_EXPORTER = 100;

const EFFECT_TITLES: Readonly<Record<string, string>> = {
  run: 'run (how the export ended)',
  exit_code: 'exit code',
  stdout: 'stdout (the result JSON)',
  stderr: 'stderr',
  tree: 'tree (the root directory after the run)',
};

function copyable(command: string, cls = 'replay'): string {
  return `<div class="${cls}"><code>${esc(command)}</code><button class="copy" type="button" data-copy="${esc(command)}" title="copy to the clipboard">copy</button></div>`;
}

function head(r: RunReport): string {
  const v = verdict(r);
  const sources = summaryCells(r).sources.map((s) => `${r.cases.filter((c) => c.source === s).length} ${s}`);
  const exporters = r.exporters
    .map((e) => `<tr><td><b>${esc(e.name)}</b>${e.name === r.reference ? ' <span class="role">reference</span>' : ''}</td><td>${esc(e.version)}</td><td><code>${esc(e.command)}</code></td></tr>`)
    .join('');
  return [
    `<header><h1 id="verdict"><span class="verdict ${v.pass ? 'pass' : 'fail'}">${v.word}</span>${esc(v.rest)}</h1>`,
    `<p class="meta">sft-parity — seed ${r.seed} (<code>--seed ${r.seed} --runs ${r.runs}</code> reproduces this run)${r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : ''}</p>`,
    `<p class="meta">cases: ${esc(sources.join(' + ') || 'none')}; jobs ${r.jobs}; timeout ${r.timeoutSeconds} s per export; reference ${esc(r.reference)}</p></header>`,
    `<h2>Exporters</h2><table class="exporters"><thead><tr><th>exporter</th><th>version</th><th>command</th></tr></thead><tbody>${exporters}</tbody></table>`,
  ].join('\n');
}

function summaryTableHtml(r: RunReport): string {
  const { sources, rows } = summaryCells(r);
  const body = rows
    .map((row) => `<tr><th>${esc(row.exporter)}</th>${row.cells.map((c) => `<td class="num ${c.divergent ? 'bad' : 'good'}">${esc(c.text)}</td>`).join('')}</tr>`)
    .join('');
  return `<h2>Identical / cases, against the reference ${esc(r.reference)}</h2><table class="summary"><thead><tr><th>exporter</th>${sources.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

function staleHtml(r: RunReport): string {
  if (r.stale.length === 0) return '';
  const items = r.stale.map((k) => `<li><code>${esc(k.where)}</code>: ${esc(`${k.caseId} ${k.exporter} ${k.effect}`)}</li>`).join('');
  return `<h2 class="stale">Stale known divergences (listed, but identical now; remove them)</h2><ul>${items}</ul>`;
}

function divergenceHtml(c: CaseResult, x: ExporterResult, r: RunReport, detailed: boolean, open: boolean): string {
  const names = { ref: r.reference, other: x.exporter };
  const why = x.diffs.map((d) => summarizeDiff(d, names)).join('; ');
  const tag = x.status === 'known' ? '<span class="tag known">KNOWN</span>' : '<span class="tag divergent">DIVERGENCE</span>';
  const shrunk = r.shrunk.filter((s) => s.caseId === c.id && s.exporter === x.exporter);
  const body = detailed
    ? [
        `<p class="meta">case: ${esc(c.description)}</p>`,
        `<p class="meta">root: <code>${esc(c.rootPath)}</code>; effects that differ: ${x.diffs.map((d) => d.effect).join(', ')}${x.status === 'known' ? ' (all listed in --known)' : ''}</p>`,
        ...x.diffs.map((d) => `<div class="effect"><h3>${esc(EFFECT_TITLES[d.effect] ?? d.effect)}</h3>${effectHtml(d, names)}</div>`),
      ].join('')
    : `<p class="meta">Explained in full for the first ${DETAILED_PER_EXPORTER} divergences of each exporter; replay this one to see it.</p>`;
  const shrunkHtml = shrunk
    .map(
      (s) =>
        `<h3>shrunk input</h3><p class="meta">${s.originalEntries} → ${s.entries} tree entries in ${s.steps} step(s)${s.outOfTime ? ' (stopped at the time budget)' : ''}; saved: <code>${esc(s.dir)}</code></p>${copyable(s.replay)}`,
    )
    .join('');
  const attrs = `data-exporter="${esc(x.exporter)}" data-effects="${x.diffs.map((d) => d.effect).join(' ')}" data-causes="" data-case="${esc(c.id)}"`;
  return `<details class="div" ${attrs}${open ? ' open' : ''}><summary>${tag}<code>${esc(c.id)}</code> — <b>${esc(x.exporter)}</b> vs ${esc(r.reference)} · <span class="why">${esc(why)}</span></summary><div class="body">${body}${shrunkHtml}<h3>replay</h3>${copyable(replayHint(c, x.exporter, r))}</div></details>`;
}

function filtersHtml(r: RunReport, count: number): string {
  const exporters = [...new Set(r.cases.flatMap((c) => c.results.filter((x) => x.status !== 'identical').map((x) => x.exporter)))];
  const effects = EFFECT_NAMES.filter((e) => r.cases.some((c) => c.results.some((x) => x.diffs.some((d) => d.effect === e))));
  const select = (id: string, label: string, values: readonly string[]): string =>
    `<label>${label} <select id="${id}"><option value="">all</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('')}</select></label>`;
  return `<div class="filters">${select('f-exporter', 'exporter', exporters)}${select('f-effect', 'effect', effects)}<label>case <input id="f-case" type="search" placeholder="golden/…, generated/…"></label><button id="expand" type="button">expand all</button><button id="collapse" type="button">collapse all</button><span id="shown">${count} divergence(s)</span></div>`;
}

function divergencesHtml(r: RunReport): string {
  const byExporter = new Map<string, string[]>();
  let count = 0;
  for (const c of r.cases) {
    for (const x of c.results) {
      if (x.status === 'identical') continue;
      const list = byExporter.get(x.exporter) ?? [];
      byExporter.set(x.exporter, list);
      list.push(divergenceHtml(c, x, r, list.length < DETAILED_PER_EXPORTER, list.length === 0));
      count++;
    }
  }
  if (count === 0) return '<h2>Divergences</h2><p>None: every exporter wrote what the reference wrote, in every effect.</p>';
  const sections = [...byExporter].map(([name, items]) => `<section class="group" id="exporter-${esc(name)}"><h3>${esc(name)}: ${items.length} divergence(s)</h3>${items.join('\n')}</section>`);
  return `<h2>Divergences</h2>${filtersHtml(r, count)}${sections.join('\n')}`;
}

function shrunkHtml(r: RunReport): string {
  if (r.shrunk.length === 0) return '';
  const items = r.shrunk
    .map((s) => `<li><code>${esc(s.caseId)}</code> — <b>${esc(s.exporter)}</b>: ${s.originalEntries} → ${s.entries} tree entries; saved <code>${esc(s.dir)}</code>${copyable(s.replay)}</li>`)
    .join('');
  return `<h2>Shrunk generated failures (minimal lakehouses, golden layout)</h2><ul class="shrunk">${items}</ul>`;
}

export function reportHtml(r: RunReport): string {
  const v = verdict(r);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sft-parity ${v.word}: ${esc(v.rest)}</title>
<style>${CSS}</style></head>
<body>
${head(r)}
${summaryTableHtml(r)}
${staleHtml(r)}
${divergencesHtml(r)}
${shrunkHtml(r)}
<script>${SCRIPT}</script>
</body></html>
`;
}

export function writeHtmlReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, reportHtml(r));
}
