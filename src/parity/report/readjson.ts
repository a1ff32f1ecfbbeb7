// Reads a --json report back into the RunReport it was written from, so
// that `sft-parity merge` can join shards and render every report format
// from them. Every field is checked: a file that is not a report of this
// format is refused with its name and the place that is wrong.
import fs from 'node:fs';
import { CASE_SOURCES, type CaseSource } from '../cases/case.js';
import { CAUSE_KIND_NAMES, type CauseId, type CauseKind } from '../compare/causes.js';
import { EFFECT_NAMES, type EffectDiff, type EffectName, type TreeChange } from '../compare/effects.js';
import type { CaseOrigin } from '../cases/case.js';
import { UsageError } from '../core/errors.js';
import type { Ending } from '../core/process.js';
import { EXPORTER_KINDS, type ExporterInfo } from '../exporters/types.js';
import type { KnownEntry, KnownState, StaleEntry } from '../run/known.js';
import type { CaseResult, ExporterResult, ResultCause, Status } from '../run/results.js';
import { rankCauses } from './causes.js';
import { parseShard } from '../run/shard.js';
import { unescapeBytes, type EntryType, type TreeEntry } from '../tree/snapshot.js';
import { JSON_FORMAT } from './json.js';
import type { RunReport, ShrunkFailure } from './model.js';

type Json = unknown;
type Obj = Record<string, Json>;

/** Typed access to one parsed JSON value, with the place of each field for errors. */
class At {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly v: Json,
  ) {}

  fail(want: string): never {
    throw new UsageError(`${this.file}: ${this.where || 'the top level'}: want ${want}, not ${JSON.stringify(this.v)?.slice(0, 80) ?? 'nothing'}`);
  }

  private obj(): Obj {
    if (typeof this.v !== 'object' || this.v === null || Array.isArray(this.v)) this.fail('an object');
    return this.v as Obj;
  }

  get(key: string): At {
    return new At(this.file, this.where ? `${this.where}.${key}` : key, this.obj()[key]);
  }

  has(key: string): boolean {
    return this.obj()[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.obj());
  }

  items(): At[] {
    if (!Array.isArray(this.v)) this.fail('an array');
    return this.v.map((x, i) => new At(this.file, `${this.where}[${i}]`, x));
  }

  str(): string {
    if (typeof this.v !== 'string') this.fail('a string');
    return this.v;
  }

  num(): number {
    if (typeof this.v !== 'number' || !Number.isFinite(this.v)) this.fail('a number');
    return this.v;
  }

  int(): number {
    if (!Number.isSafeInteger(this.v)) this.fail('a whole number');
    return this.v as number;
  }

  bool(): boolean {
    if (typeof this.v !== 'boolean') this.fail('true or false');
    return this.v;
  }

  oneOf<T extends string>(values: readonly T[]): T {
    const s = this.str();
    if (!(values as readonly string[]).includes(s)) this.fail(`one of ${values.join(', ')}`);
    return s as T;
  }

  scalar(): string | number | boolean | null {
    if (this.v === null || ['string', 'number', 'boolean'].includes(typeof this.v)) return this.v as string | number | boolean | null;
    return this.fail('a string, number, true, false or null');
  }

  base64(): Buffer {
    const s = this.str();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) this.fail('base64');
    return Buffer.from(s, 'base64');
  }
}

const ENTRY_TYPES: readonly EntryType[] = ['dir', 'file', 'symlink', 'other'];
const STATUSES: readonly Status[] = ['identical', 'divergent', 'known'];
const CHANGE_KINDS: readonly TreeChange['kind'][] = ['missing', 'extra', 'type', 'mode', 'content', 'target'];

function entryFrom(a: At, path: Buffer): TreeEntry {
  const e: TreeEntry = { path, type: a.get('type').oneOf(ENTRY_TYPES), mode: parseInt(a.get('mode').str(), 8) };
  if (Number.isNaN(e.mode)) a.get('mode').fail('an octal mode');
  if (a.has('content')) e.content = a.get('content').base64();
  if (a.has('excerpt')) e.excerpt = { offset: a.get('excerpt').get('offset').int(), line: a.get('excerpt').get('line').int() };
  // The size is the content's length unless only part of the file is held.
  if (a.has('size') && (e.content === undefined || e.excerpt !== undefined)) e.size = a.get('size').int();
  if (a.has('target')) e.target = a.get('target').get('base64').base64();
  return e;
}

function changeFrom(a: At): TreeChange {
  const path = unescapeBytes(a.get('path').str());
  const kind = a.get('kind').oneOf(CHANGE_KINDS);
  if (kind === 'missing') return { kind, path, ref: entryFrom(a.get('reference'), path) };
  if (kind === 'extra') return { kind, path, other: entryFrom(a.get('actual'), path) };
  return { kind, path, ref: entryFrom(a.get('reference'), path), other: entryFrom(a.get('actual'), path) };
}

const ENDINGS: readonly Ending['kind'][] = ['exited', 'signaled', 'timeout', 'spawn-failed', 'protocol', 'skipped'];

function endingFrom(a: At): Ending {
  const kind = a.get('kind').oneOf(ENDINGS);
  switch (kind) {
    case 'exited':
      return { kind, code: a.get('code').int() };
    case 'signaled':
      return { kind, signal: a.get('signal').str() };
    case 'timeout':
      return { kind, afterMs: a.get('after_ms').num() };
    default:
      return { kind, message: a.get('message').str() };
  }
}

function outsideFrom(a: At): NonNullable<Extract<EffectDiff, { effect: 'run' }>['outside']> {
  const paths = (x: At): Buffer[] => x.items().map((y) => unescapeBytes(y.str()));
  const uncaptured = { other: a.get('uncaptured').get('actual').bool(), ref: a.get('uncaptured').get('reference').bool() };
  return { other: paths(a.get('actual')), ref: paths(a.get('reference')), ...(uncaptured.other || uncaptured.ref ? { uncaptured } : {}) };
}

function diffFrom(a: At): EffectDiff {
  const effect = a.get('effect').oneOf(EFFECT_NAMES);
  switch (effect) {
    case 'run':
    {
      // The cause's words are derived from these fields (compare/effects.ts describeRun).
      return { effect, ref: endingFrom(a.get('reference')), other: endingFrom(a.get('actual')), ...(a.has('outside') ? { outside: outsideFrom(a.get('outside')) } : {}) };
    }
    case 'exit_code':
      return { effect, ref: a.get('reference').int(), other: a.get('actual').int() };
    case 'stdout':
    case 'stderr':
      return { effect, ref: a.get('reference').get('base64').base64(), other: a.get('actual').get('base64').base64() };
    case 'tree':
      return { effect, changes: a.get('changes').items().map(changeFrom) };
  }
}

const nullable = <T>(a: At, read: (x: At) => T): T | null => (a.v === null ? null : read(a));

function causeIdFrom(a: At): CauseId {
  return { effect: a.get('effect').oneOf(EFFECT_NAMES), field: nullable(a.get('field'), (x) => x.str()), kind: a.get('kind').oneOf(CAUSE_KIND_NAMES) };
}

function resultCauseFrom(a: At): ResultCause {
  const line = nullable(a.get('line'), (x) => x.int());
  return { ...causeIdFrom(a), detail: a.get('detail').str(), ...(line !== null ? { line } : {}), knownBy: nullable(a.get('known_by'), (x) => x.str()) };
}

function resultFrom(a: At): ExporterResult {
  return {
    exporter: a.get('exporter').str(),
    status: a.get('status').oneOf(STATUSES),
    diffs: a.get('diffs').items().map(diffFrom),
    causes: a.get('causes').items().map(resultCauseFrom),
    failing: a.get('failing_effects').items().map((x) => x.oneOf<EffectName>(EFFECT_NAMES)),
  };
}

const ORIGINS: readonly CaseOrigin['source'][] = ['golden', 'case', 'root', 'builtin', 'generated'];

function originFrom(a: At): CaseOrigin {
  const source = a.get('source').oneOf(ORIGINS);
  if (source === 'builtin') return { source };
  if (source === 'generated') return { source, runSeed: a.get('run_seed').int(), index: a.get('index').int() };
  return { source, dir: a.get('dir').str() };
}

function replayFrom(a: At): CaseResult['replay'] {
  if (a.v === null) return undefined;
  return { origin: originFrom(a.get('origin')), recordedAt: a.get('recorded_at').str(), dryRun: a.get('dry_run').bool(), includePartial: a.get('include_partial').bool() };
}

function caseFrom(a: At): { index: number; result: CaseResult } {
  return {
    index: a.get('index').int(),
    result: {
      id: a.get('id').str(),
      source: a.get('source').oneOf<CaseSource>(CASE_SOURCES),
      description: a.get('description').str(),
      rootPath: a.get('root').str(),
      durationMs: a.get('duration_ms').num(),
      results: a.get('results').items().map(resultFrom),
      replay: replayFrom(a.get('origin')),
      inputBytes: a.get('input_bytes').int(),
      case: undefined,
      ...(a.get('input').v === null ? {} : { input: a.get('input').items().map((x) => x.str()) }),
    },
  };
}

function knownEntryFrom(a: At): KnownEntry {
  const effect = a.get('effect').str();
  if (effect !== '*' && !(EFFECT_NAMES as readonly string[]).includes(effect)) a.get('effect').fail(`one of ${EFFECT_NAMES.join(', ')}, *`);
  const e: KnownEntry = { caseId: a.get('case_id').str(), exporter: a.get('exporter').str(), effect: effect as EffectName | '*', where: a.get('where').str() };
  if (a.has('kind')) e.kind = a.get('kind').oneOf<CauseKind | '*'>([...CAUSE_KIND_NAMES, '*']);
  if (a.has('field')) e.field = nullable(a.get('field'), (x) => x.str());
  return e;
}

function staleFrom(a: At): StaleEntry {
  return { ...knownEntryFrom(a), found: a.get('found').items().map(causeIdFrom) };
}

function knownStateFrom(a: At): KnownState {
  return { entry: knownEntryFrom(a), ran: a.get('ran').bool(), used: a.get('used').bool(), found: a.get('found').items().map(causeIdFrom) };
}

function exporterFrom(a: At): ExporterInfo {
  return { name: a.get('name').str(), kind: a.get('kind').oneOf(EXPORTER_KINDS), version: a.get('version').str(), command: a.get('command').str() };
}

function shrunkFrom(a: At): ShrunkFailure {
  const count = (k: string): number => a.get(k).int();
  return {
    caseId: a.get('case_id').str(),
    exporter: a.get('exporter').str(),
    cause: causeIdFrom(a.get('cause')),
    dir: a.get('dir').str(),
    replay: a.get('replay').str(),
    steps: count('steps'),
    ms: a.get('duration_ms').num(),
    outOfTime: a.get('out_of_time').bool(),
    entries: count('entries'),
    originalEntries: count('original_entries'),
    files: count('files'),
    originalFiles: count('original_files'),
    lines: count('lines'),
    originalLines: count('original_lines'),
    input: a.get('input').items().map((x) => x.str()),
    diffs: a.get('diffs').items().map(diffFrom),
    rootPath: a.get('root').str(),
  };
}

function movedFrom(a: At): RunReport['movedAside'] {
  return a.v === null ? undefined : { count: a.get('count').int(), to: a.get('to').str() };
}

/** The RunReport a parsed --json report was written from (`file` names it in errors). */
export function reportFromJson(json: Json, file: string): RunReport {
  const top = new At(file, '', json);
  if (typeof json !== 'object' || json === null || top.keys().length === 0 || (json as Obj)['tool'] !== 'sft-parity') {
    throw new UsageError(`${file}: not an sft-parity JSON report (written by --json)`);
  }
  const format = top.has('format') ? top.get('format').int() : 1;
  if (format !== JSON_FORMAT) throw new UsageError(`${file}: a JSON report of format ${format}, this sft-parity reads format ${JSON_FORMAT}; write it again with this version's --json`);
  const shardText = top.get('shard');
  let shard: RunReport['shard'];
  if (shardText.v !== null) {
    try {
      shard = parseShard(shardText.str());
    } catch {
      shardText.fail('i/n');
    }
  }
  const cases = top.get('cases').items().map(caseFrom);
  const plan = top.get('plan');
  const settings: Record<string, string | number | boolean | null> = {};
  for (const k of plan.get('settings').keys()) settings[k] = plan.get('settings').get(k).scalar();
  const exitCode = top.get('exit_code').int();
  if (exitCode !== 0 && exitCode !== 1) return top.get('exit_code').fail('0 or 1');
  const reference = top.get('reference').str();
  const exporters = top.get('exporters').items().map(exporterFrom);
  const results = cases.map((c) => c.result);
  const wrote = top.get('wrote_known');
  return {
    seed: top.get('seed').int(),
    runs: top.get('runs').int(),
    shard,
    reference,
    exporters,
    jobs: top.get('jobs').int(),
    timeoutSeconds: top.get('timeout_seconds').num(),
    ignored: top.get('ignored').items().map((x) => x.oneOf<EffectName>(EFFECT_NAMES)),
    warnings: top.get('warnings').items().map((x) => x.str()),
    cases: results,
    // The ranking is a function of the cases: computed again, it is the run's own.
    causes: rankCauses(results, false),
    knownCauses: rankCauses(results, true),
    stale: top.get('stale_known').items().map(staleFrom),
    known: top.get('known').items().map(knownStateFrom),
    plan: {
      total: plan.get('cases').int(),
      digest: plan.get('digest').str(),
      index: new Map(cases.map((c) => [c.result.id, c.index])),
      settings,
    },
    shrunk: top.get('shrunk').items().map(shrunkFrom),
    movedAside: movedFrom(top.get('failures_moved_aside')),
    wroteKnown: wrote.v === null ? undefined : wrote.str(),
    // Replay lines of a merged report are run where the merge is.
    replay: { cwd: process.cwd(), reference, exporters, flags: top.get('replay_flags').items().map((x) => x.str()) },
    durationMs: top.get('duration_ms').num(),
    exitCode,
  };
}

/** Reads a --json report file. */
export function readJsonReport(file: string): RunReport {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
  }
  return reportFromJson(json, file);
}
