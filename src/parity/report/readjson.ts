// Reads a --json report back into the RunReport it was written from, so
// that `sft-parity merge` can join shards and render every report format
// from them. Every field is checked: a file that is not a report of this
// format is refused with its name and the place that is wrong.
import fs from 'node:fs';
import { CASE_SOURCES, type CaseSource } from '../cases/case.js';
import { EFFECT_NAMES, type EffectDiff, type EffectName, type TreeChange } from '../compare/effects.js';
import { UsageError } from '../errors.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownEntry, KnownState } from '../run/known.js';
import type { CaseResult, ExporterResult, Status } from '../run/results.js';
import { parseShard } from '../run/shard.js';
import { unescapeBytes, type EntryType, type TreeEntry } from '../snapshot.js';
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

function diffFrom(a: At): EffectDiff {
  const effect = a.get('effect').oneOf(EFFECT_NAMES);
  switch (effect) {
    case 'run':
      return { effect, cause: a.get('cause').str() };
    case 'exit_code':
      return { effect, ref: a.get('reference').int(), other: a.get('actual').int() };
    case 'stdout':
    case 'stderr':
      return { effect, ref: a.get('reference').get('base64').base64(), other: a.get('actual').get('base64').base64() };
    case 'tree':
      return { effect, changes: a.get('changes').items().map(changeFrom) };
  }
}

function resultFrom(a: At): ExporterResult {
  return {
    exporter: a.get('exporter').str(),
    status: a.get('status').oneOf(STATUSES),
    diffs: a.get('diffs').items().map(diffFrom),
    failing: a.get('failing_effects').items().map((x) => x.oneOf<EffectName>(EFFECT_NAMES)),
  };
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
      case: undefined,
    },
  };
}

function knownEntryFrom(a: At): KnownEntry {
  const effect = a.get('effect').str();
  if (effect !== '*' && !(EFFECT_NAMES as readonly string[]).includes(effect)) a.get('effect').fail(`one of ${EFFECT_NAMES.join(', ')}, *`);
  return { caseId: a.get('caseId').str(), exporter: a.get('exporter').str(), effect: effect as EffectName | '*', where: a.get('where').str() };
}

function knownStateFrom(a: At): KnownState {
  return { entry: knownEntryFrom(a), ran: a.get('ran').bool(), used: a.get('used').bool() };
}

function exporterFrom(a: At): ExporterInfo {
  return { name: a.get('name').str(), version: a.get('version').str(), command: a.get('command').str() };
}

function shrunkFrom(a: At): ShrunkFailure {
  return {
    caseId: a.get('caseId').str(),
    exporter: a.get('exporter').str(),
    dir: a.get('dir').str(),
    replay: a.get('replay').str(),
    steps: a.get('steps').int(),
    outOfTime: a.get('outOfTime').bool(),
    entries: a.get('entries').int(),
    originalEntries: a.get('originalEntries').int(),
  };
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
  return {
    seed: top.get('seed').int(),
    runs: top.get('runs').int(),
    shard,
    reference: top.get('reference').str(),
    exporters: top.get('exporters').items().map(exporterFrom),
    jobs: top.get('jobs').int(),
    timeoutSeconds: top.get('timeout_seconds').num(),
    cases: cases.map((c) => c.result),
    stale: top.get('stale_known').items().map(knownEntryFrom),
    known: top.get('known').items().map(knownStateFrom),
    plan: {
      total: plan.get('cases').int(),
      digest: plan.get('digest').str(),
      index: new Map(cases.map((c) => [c.result.id, c.index])),
      settings,
    },
    shrunk: top.get('shrunk').items().map(shrunkFrom),
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
