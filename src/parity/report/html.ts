// --html FILE: the report as one self-contained page (inline style and
// script, nothing fetched, works from file:// and as a CI artifact): the
// verdict and what ran, the table of exporters against case sources, the
// causes ranked, and each divergence in a collapsed section with its causes,
// reference and exporter side by side (htmldiff.ts), its input or minimal
// input, its replay command and a copy button. A filter by exporter, cause,
// effect and case keeps a run with hundreds of divergences usable.
import fs from 'node:fs';
import { CAUSE_KINDS, causeKey, causeTitle } from '../compare/causes.js';
import { EFFECT_NAMES } from '../compare/effects.js';
import type { CaseResult, ExporterResult } from '../run/results.js';
import type { RankedCause } from './causes.js';
import { summarizeDiff } from './explain.js';
import { CSS, SCRIPT } from './htmlassets.js';
import { effectHtml, esc } from './htmldiff.js';
import type { RunReport } from './model.js';
import { replayHint } from '../run/replay.js';
import { byExporter, plural, shrunkLine, summaryCells, verdict } from './text.js';

/** A ranked cause with its id on the page (c1… failing, k1… known), for the filter. */
interface CauseRef {
  id: string;
  cause: RankedCause;
  known: boolean;
}

function causeRefs(r: RunReport): CauseRef[] {
  return [...r.causes.map((cause, i) => ({ id: `c${i + 1}`, cause, known: false })), ...r.knownCauses.map((cause, i) => ({ id: `k${i + 1}`, cause, known: true }))];
}

/** The page ids of the causes one result shows. */
function causeIdsOf(x: ExporterResult, refs: readonly CauseRef[]): string[] {
  const keys = new Set(x.causes.map((c) => causeKey(c)));
  return refs.filter((f) => f.cause.exporter === x.exporter && keys.has(causeKey(f.cause))).map((f) => f.id);
}

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

/** The ranked causes of each exporter, as the text report leads with them; each picks its divergences in the filter. */
function causesHtml(r: RunReport, refs: readonly CauseRef[]): string {
  const list = (known: boolean): string =>
    byExporter(r, known ? r.knownCauses : r.causes, known ? 'known' : 'divergent')
      .map((x) => {
        const head = known
          ? `<span class="tag known">KNOWN</span><b>${esc(x.exporter)}</b>: ${plural(x.cases, 'case')} with divergences listed in --known, from ${plural(x.causes.length, 'cause')} (they do not fail the run)`
          : `<b>${esc(x.exporter)}</b> diverges on ${plural(x.cases, 'case')} of ${r.cases.length} from ${plural(x.causes.length, 'cause')}, most frequent first`;
        const items = x.causes.map((c) => {
          const ref = refs.find((f) => f.cause === c) as CauseRef;
          const ids = [c.example, ...c.cases.filter((id) => id !== c.example)].slice(0, 3);
          const more = c.count > ids.length ? ` (+${c.count - ids.length})` : '';
          return `<li><span class="count">${plural(c.count, 'case')}</span> <button class="pick" type="button" data-pick-cause="${ref.id}" title="show only these divergences">${esc(causeTitle(c))}</button><div class="why">${esc(c.detail)}; e.g. ${ids.map((id) => `<code>${esc(id)}</code>`).join(', ')}${more}</div><div class="means">${esc(CAUSE_KINDS[c.kind].means)}</div></li>`;
        });
        return `<h3>${head}</h3><ol class="causes">${items.join('')}</ol>`;
      })
      .join('');
  const failing = list(false);
  const known = list(true);
  if (failing === '' && known === '') return '';
  return `<h2>Causes</h2>${failing}${known}`;
}

function staleHtml(r: RunReport): string {
  if (r.stale.length === 0) return '';
  const items = r.stale.map((k) => `<li><code>${esc(k.where)}</code>: ${esc(`${k.caseId} ${k.exporter} ${k.effect}`)}</li>`).join('');
  return `<h2 class="stale">Stale known divergences (listed, but identical now; remove them)</h2><ul>${items}</ul>`;
}

function divergenceHtml(c: CaseResult, x: ExporterResult, r: RunReport, refs: readonly CauseRef[], detailed: boolean, open: boolean): string {
  const names = { ref: r.reference, other: x.exporter };
  const why = x.causes.length > 0 ? x.causes.map((k) => causeTitle(k)).join('; ') : x.diffs.map((d) => summarizeDiff(d, names)).join('; ');
  const tag = x.status === 'known' ? '<span class="tag known">KNOWN</span>' : '<span class="tag divergent">DIVERGENCE</span>';
  const shrunk = r.shrunk.filter((s) => s.caseId === c.id && s.exporter === x.exporter);
  const body = detailed
    ? [
        `<p class="meta">case: ${esc(c.description)}</p>`,
        `<p class="meta">root: <code>${esc(c.rootPath)}</code>; effects that differ: ${x.diffs.map((d) => d.effect).join(', ')}${x.status === 'known' ? ' (all listed in --known)' : ''}</p>`,
        causesOfResultHtml(x),
        c.input ? `<h3>input</h3><pre class="input">${esc(c.input.join('\n'))}</pre>` : '',
        ...x.diffs.map((d) => `<div class="effect"><h3>${esc(EFFECT_TITLES[d.effect] ?? d.effect)}</h3>${effectHtml(d, names)}</div>`),
      ].join('')
    : `<p class="meta">Explained in full for the first ${DETAILED_PER_EXPORTER} divergences of each exporter; replay this one to see it.</p>`;
  const shrunkHtml = shrunk
    .map(
      (s) =>
        `<h3>minimal input for ${esc(causeTitle(s.cause))}</h3><p class="meta">${esc(shrunkLine(s))}; saved: <code>${esc(s.dir)}</code></p>` +
        `<pre class="input">${esc(s.input.join('\n'))}</pre>` +
        `<h4>what differs on it (root <code>${esc(s.rootPath)}</code>)</h4>${s.diffs.map((d) => `<div class="effect">${effectHtml(d, names)}</div>`).join('')}${copyable(s.replay)}`,
    )
    .join('');
  const attrs = `data-exporter="${esc(x.exporter)}" data-effects="${x.diffs.map((d) => d.effect).join(' ')}" data-causes="${causeIdsOf(x, refs).join(' ')}" data-case="${esc(c.id)}"`;
  return `<details class="div" ${attrs}${open ? ' open' : ''}><summary>${tag}<code>${esc(c.id)}</code> — <b>${esc(x.exporter)}</b> vs ${esc(r.reference)} · <span class="why">${esc(why)}</span></summary><div class="body">${body}${shrunkHtml}<h3>replay</h3>${copyable(replayHint(c, x.exporter, r.replay))}</div></details>`;
}

/** The causes one divergence shows, each with what this case shows of it. */
function causesOfResultHtml(x: ExporterResult): string {
  if (x.causes.length === 0) return '';
  const items = x.causes.map((k) => `<li><b>${esc(causeTitle(k))}</b>: ${esc(k.detail)}${k.knownBy ? ` <span class="tag known">KNOWN</span> listed at <code>${esc(k.knownBy)}</code>` : ''}</li>`);
  return `<h3>causes</h3><ul class="rcauses">${items.join('')}</ul>`;
}

function filtersHtml(r: RunReport, count: number, refs: readonly CauseRef[]): string {
  const exporters = [...new Set(r.cases.flatMap((c) => c.results.filter((x) => x.status !== 'identical').map((x) => x.exporter)))];
  const effects = EFFECT_NAMES.filter((e) => r.cases.some((c) => c.results.some((x) => x.diffs.some((d) => d.effect === e))));
  const select = (id: string, label: string, values: readonly string[]): string =>
    `<label>${label} <select id="${id}"><option value="">all</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('')}</select></label>`;
  const causes =
    refs.length === 0
      ? ''
      : `<label>cause <select id="f-cause"><option value="">all</option>${refs
          .map((f, i) => `<option value="${f.id}">${f.known ? 'known: ' : `${i + 1}. `}${esc(`${f.cause.exporter}: ${causeTitle(f.cause)} (${f.cause.count})`)}</option>`)
          .join('')}</select></label>`;
  return `<div class="filters">${select('f-exporter', 'exporter', exporters)}${causes}${select('f-effect', 'effect', effects)}<label>case <input id="f-case" type="search" placeholder="golden/…, generated/…"></label><button id="expand" type="button">expand all</button><button id="collapse" type="button">collapse all</button><span id="shown">${count} divergence(s)</span></div>`;
}

function divergencesHtml(r: RunReport, refs: readonly CauseRef[]): string {
  const sections = new Map<string, string[]>();
  // Every cause's example and minimal input is explained, whatever the budget; the top cause's example is open.
  const examples = new Set([...r.causes, ...r.knownCauses].map((k) => `${k.exporter}\0${k.example}`));
  for (const s of r.shrunk) examples.add(`${s.exporter}\0${s.caseId}`);
  const open = new Set(byExporter(r, r.causes, 'divergent').map((x) => `${x.exporter}\0${x.causes[0]?.example ?? ''}`));
  let count = 0;
  for (const c of r.cases) {
    for (const x of c.results) {
      if (x.status === 'identical') continue;
      const list = sections.get(x.exporter) ?? [];
      sections.set(x.exporter, list);
      const key = `${x.exporter}\0${c.id}`;
      const first = list.length === 0 && r.causes.every((k) => k.exporter !== x.exporter);
      list.push(divergenceHtml(c, x, r, refs, list.length < DETAILED_PER_EXPORTER || examples.has(key), open.has(key) || first));
      count++;
    }
  }
  if (count === 0) return '<h2>Divergences</h2><p>None: every exporter wrote what the reference wrote, in every effect.</p>';
  const html = [...sections].map(([name, items]) => `<section class="group" id="exporter-${esc(name)}"><h3>${esc(name)}: ${items.length} divergence(s)</h3>${items.join('\n')}</section>`);
  return `<h2>Divergences</h2>${filtersHtml(r, count, refs)}${html.join('\n')}`;
}

function shrunkHtml(r: RunReport): string {
  if (r.shrunk.length === 0) return '';
  const items = r.shrunk
    .map((s) => `<li><b>${esc(s.exporter)}</b>: ${esc(causeTitle(s.cause))} — ${esc(shrunkLine(s))}; saved <code>${esc(s.dir)}</code>${copyable(s.replay)}</li>`)
    .join('');
  return `<h2>Minimal inputs, one per cause (golden layout)</h2><ul class="shrunk">${items}</ul>`;
}

export function reportHtml(r: RunReport): string {
  const v = verdict(r);
  const refs = causeRefs(r);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sft-parity ${v.word}: ${esc(v.rest)}</title>
<style>${CSS}</style></head>
<body>
${head(r)}
${summaryTableHtml(r)}
${causesHtml(r, refs)}
${staleHtml(r)}
${divergencesHtml(r, refs)}
${shrunkHtml(r)}
<script>${SCRIPT}</script>
</body></html>
`;
}

export function writeHtmlReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, reportHtml(r));
}
