// Replay commands: for every case of every source (golden, built-in,
// generated, --root, --case, a saved minimal failure), the one command line
// that runs that case again through the failing exporter and the reference,
// quoted for a POSIX shell and meant to be pasted as printed in the
// project's root. The text, JSON and JUnit reports and the saved failures all
// take their replay lines from here.
import path from 'node:path';
import type { CaseOrigin } from '../cases/case.js';
import type { ExporterInfo } from '../exporters/types.js';
import { parityCommand } from '../core/location.js';
import { DEFAULT_TIMEOUT_SECONDS, type ResultSettings } from './plan.js';
import type { CaseResult } from './results.js';

/** What a replay needs to know about the run it comes from. */
export interface ReplayContext {
  /** Where replay lines are run from: paths below it are shown relative to it. */
  cwd: string;
  reference: string;
  exporters: readonly ExporterInfo[];
  /** Flags of the run that change how cases are compared (--ignore, --timeout, --no-batch), as words. */
  flags: readonly string[];
}

/** The flags of a run that change how a case is compared: a replay passes them on. */
export function comparisonFlags(o: Pick<ResultSettings, 'ignore' | 'timeoutSeconds' | 'noBatch'>): string[] {
  return [
    ...o.ignore.flatMap((e) => ['--ignore', e]),
    ...(o.timeoutSeconds !== DEFAULT_TIMEOUT_SECONDS ? ['--timeout', String(o.timeoutSeconds)] : []),
    ...(o.noBatch ? ['--no-batch'] : []),
  ];
}

/** The replay context of a run; its lines are run where it was (the project's root under npm run, the user's project under npx). */
export function replayContext(o: Pick<ResultSettings, 'ignore' | 'timeoutSeconds' | 'noBatch'> & { reference: string }, exporters: readonly ExporterInfo[], cwd: string): ReplayContext {
  return { cwd, reference: o.reference, exporters, flags: comparisonFlags(o) };
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A path as the replay shows it: relative to where it is run from when inside it, absolute otherwise. */
export function shownPath(p: string, cwd: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

/** An external exporter's command with words below where it is run made relative again. */
function shownCommand(cmd: string, cwd: string): string {
  return cmd.replace(/(^|\s)(\/[^\s'"]*)/g, (all, lead: string, word: string) => (word.startsWith(cwd + '/') ? lead + word.slice(cwd.length + 1) : all));
}

/** The words that select an exporter against the reference, defining either when it is an external command. */
export function exporterWords(exporter: string, ctx: ReplayContext): string[] {
  const define = ctx.exporters
    .filter((e) => (e.name === exporter || e.name === ctx.reference) && e.kind === 'external')
    .flatMap((e) => ['--exporter', `${e.name}=${shownCommand(e.command, ctx.cwd)}`]);
  return ['--exporters', exporter, '--reference', ctx.reference, ...define];
}

/** The case-selecting words for a case of a given origin. */
export function caseWords(origin: CaseOrigin, c: { id: string; recordedAt: string; dryRun: boolean; includePartial: boolean }, cwd: string): string[] {
  switch (origin.source) {
    case 'golden':
    case 'case':
      return ['--case', shownPath(origin.dir, cwd)];
    case 'root':
      return ['--root', shownPath(origin.dir, cwd), '--recorded-at', c.recordedAt, ...(c.dryRun ? ['--dry-run'] : []), ...(c.includePartial ? ['--include-partial'] : [])];
    case 'builtin':
      return ['--no-golden', '--runs', '0', '--only', c.id];
    case 'generated':
      return ['--no-golden', '--seed', String(origin.runSeed), '--runs', String(origin.index + 1), '--only', c.id];
  }
}

/** The words of `npm run parity -- …` for a case and an exporter. */
export function replayWords(origin: CaseOrigin, c: { id: string; recordedAt: string; dryRun: boolean; includePartial: boolean }, exporter: string, ctx: ReplayContext): string[] {
  return [...caseWords(origin, c, ctx.cwd), ...exporterWords(exporter, ctx), ...ctx.flags];
}

/** The command line to paste, quoted: `npm run parity -- …` in a checkout, `npx sft-parity …` installed. */
export function replayLine(words: readonly string[]): string {
  return [parityCommand(), ...words.map(shellQuote)].join(' ');
}

/** The replay line of a case of the run; undefined for a case that has no origin (a shrunk candidate). */
export function caseReplay(c: Pick<CaseResult, 'id' | 'replay'>, exporter: string, ctx: ReplayContext): string | undefined {
  return c.replay ? replayLine(replayWords(c.replay.origin, { ...c.replay, id: c.id }, exporter, ctx)) : undefined;
}

/** The replay line of a divergent (case, exporter), or a note when the case cannot be replayed on its own. */
export function replayHint(c: Pick<CaseResult, 'id' | 'replay'>, exporter: string, ctx: ReplayContext): string {
  return caseReplay(c, exporter, ctx) ?? `(${c.id} has no replay line of its own)`;
}

/** The replay line of a minimal failure saved in `dir` (golden layout) from case `c`. */
export function savedReplay(dir: string, c: { id: string; recordedAt: string; dryRun: boolean; includePartial: boolean }, exporter: string, ctx: ReplayContext): string {
  return replayLine(replayWords({ source: 'case', dir }, c, exporter, ctx));
}
