// Shared by the golden and property tests: which exporter is under test, and
// byte comparisons that print readably.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { unmarshalScoredRun } from '../../src/export/records.js';
import { goStringFromBytes } from '../../src/export/go/unicode/utf8.js';
import { trimSpace } from '../../src/export/go/strings.js';
import { BatchSession, type BatchRequest } from '../../src/parity/exporters/batch.js';
import { escapeBytes } from '../../src/parity/tree/snapshot.js';
import { TS_EXPORTER } from '../../scripts/golden/paths.js';
import type { GoOracle } from './oracle.js';
import { GO_BIN_DIR, GO_EXPORTER } from './toolchains.js';

/**
 * The exporter the golden test checks: the TypeScript CLI (`node
 * bin/export-sft`), or SFT_GOLDEN_EXPORTER, an executable path, to check
 * another exporter (e.g. reference/go/bin/export-sft) against the corpus.
 */
export function exporterUnderTest(): { readonly command: string; readonly args: readonly string[]; readonly label: string } {
  const other = process.env['SFT_GOLDEN_EXPORTER'];
  if (other !== undefined && other !== '') {
    if (!fs.existsSync(other)) throw new Error(`SFT_GOLDEN_EXPORTER=${other} does not exist`);
    return { command: other, args: [], label: other };
  }
  if (!fs.existsSync(TS_EXPORTER)) {
    throw new Error(`${TS_EXPORTER} is missing: the golden test checks the TypeScript exporter's CLI (or set SFT_GOLDEN_EXPORTER)`);
  }
  return { command: process.execPath, args: [TS_EXPORTER], label: 'node bin/export-sft' };
}

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/**
 * A lossless text form of bytes for assertion messages: the text itself when
 * it is UTF-8, else every byte outside printable ASCII escaped.
 */
export function renderBytes(b: Buffer | undefined): string {
  if (b === undefined) return '<absent>';
  return isUtf8(b) ? b.toString('utf8') : `<not UTF-8> ${escapeBytes(b)}`;
}

// ---------------------------------------------------------------------------
// Property-test helpers: exporters in --batch mode, fast-check runs with a printed
// seed, and readings of a lakehouse and its export made from the files
// themselves, never from what the exporter reports.

/** ExportSftResult as the exporter printed it. */
export interface ExportResult {
  readonly scored_files_read: number;
  readonly records_read: number;
  readonly records_exported: number;
  readonly records_quarantined: number;
  readonly output_path: string;
  readonly quarantine_summary: string;
}

/** One export's outcome: the result printed, and the error text or null. */
export interface ExportResponse {
  readonly result: ExportResult;
  readonly error: string | null;
}

/** The exporter died, hung, or broke the --batch protocol. */
export class ExporterProtocolError extends Error {
  override name = 'ExporterProtocolError';
}

const EXPORT_TIMEOUT_MS = 30_000;

/**
 * An exporter in --batch mode, through the parity harness's BatchSession
 * (src/parity/exporters/batch.ts), with LH_DISTILL_ROOT unset.
 */
export class BatchExporter {
  readonly #session: BatchSession;

  constructor(readonly label: string, file: string, args: readonly string[] = []) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['LH_DISTILL_ROOT'];
    this.#session = new BatchSession({ file, args, cwd: os.tmpdir(), env });
  }

  async run(req: BatchRequest): Promise<ExportResponse> {
    const r = await this.#session.run(req, EXPORT_TIMEOUT_MS);
    if (r.ending.kind !== 'exited') {
      throw new ExporterProtocolError(`${this.label} --batch on ${JSON.stringify(req)}: ${JSON.stringify(r.ending)} ${r.stderr.toString('utf8')}`);
    }
    const error = r.ending.code === 0 ? null : r.stderr.toString('utf8').replace(/\n$/, '');
    return { result: JSON.parse(r.stdout.toString('utf8')) as ExportResult, error };
  }

  close(): Promise<void> {
    return this.#session.close();
  }
}

/** The TS exporter's batch process, and the Go reference's when Go is present. */
export function batchExporters(withGo: boolean): BatchExporter[] {
  const out = [new BatchExporter('TypeScript exporter', process.execPath, [TS_EXPORTER])];
  if (withGo) out.push(new BatchExporter('Go reference', GO_EXPORTER));
  return out;
}

/** The template oracle died or answered something that is not an instruction. */
export class TemplateOracleError extends Error {
  override name = 'TemplateOracleError';
}

/**
 * reference/go/bin/template-oracle: Go's buildInstruction, one JSON request
 * line in, the instruction as a JSON string out. One request at a time.
 */
export class TemplateOracle {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #lines: AsyncIterator<string>;

  constructor() {
    this.#child = spawn(path.join(GO_BIN_DIR, 'template-oracle'), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#child.stdin.on('error', () => undefined); // reported by the next read instead
    this.#lines = createInterface({ input: this.#child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async buildInstruction(stem: string, taskId: string, firstSourceFile: string): Promise<string> {
    this.#child.stdin.write(JSON.stringify({ stem, task_id: taskId, first_source_file: firstSourceFile }) + '\n');
    const next = await this.#lines.next();
    if (next.done === true) throw new TemplateOracleError('template-oracle ended without answering');
    const answer = JSON.parse(next.value) as unknown;
    if (typeof answer !== 'string') throw new TemplateOracleError(`template-oracle: ${next.value}`);
    return answer;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    await exited;
  }
}

/** At least this many runs per property (FC_NUM_RUNS may raise it). */
export const MIN_RUNS = 200;

/**
 * Runs a property for at least MIN_RUNS runs. On failure the error names the
 * seed and path to replay it: FC_SEED=<seed> FC_PATH=<path> npx vitest run <file>.
 */
export async function checkProperty<T>(name: string, property: fc.IAsyncProperty<T>): Promise<void> {
  const seed = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : Date.now() ^ (Math.random() * 0x100000000);
  const replayPath = process.env['FC_PATH'];
  const numRuns = Math.max(MIN_RUNS, Number(process.env['FC_NUM_RUNS'] ?? 0));
  const details = await fc.check(property, { seed, numRuns, ...(replayPath !== undefined ? { path: replayPath } : {}) });
  if (!details.failed) return;
  const replay = `FC_SEED=${details.seed}${details.counterexamplePath !== null ? ` FC_PATH=${details.counterexamplePath}` : ''}`;
  console.error(`property "${name}" failed; replay with ${replay}`);
  throw new Error(`property "${name}" failed (replay with ${replay})\n${(await fc.asyncDefaultReportMessage(details)) ?? ''}`);
}

/** A fresh directory for one property run, removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const SLASH = Buffer.from('/');
const join = (...parts: Buffer[]): Buffer => Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [SLASH, p])));

function readDirSorted(dir: Buffer): fs.Dirent<Buffer>[] {
  return fs.readdirSync(dir, { encoding: 'buffer', withFileTypes: true }).sort((a, b) => Buffer.compare(a.name, b.name));
}

/**
 * The scored-runs files a walk of root visits (docs/schema.md: every directory at
 * each of the three levels, bytewise order, symlinked directories not
 * followed, names ending in .jsonl), read from the file system. [] when the
 * walk would fail or find nothing.
 */
export function scoredFilesOf(root: string): Buffer[] {
  if (root === '') return []; // ExportSft rejects an empty root
  // Lexically cleaned like Go's filepath.Join: "lake/nosub/.." is "lake" even
  // when nosub does not exist.
  const base = Buffer.from(path.join(root, 'data/scored-runs'));
  const out: Buffer[] = [];
  const dirs = (p: Buffer): Buffer[] => {
    try {
      return readDirSorted(p).filter((e) => e.isDirectory()).map((e) => join(p, e.name));
    } catch {
      return [];
    }
  };
  for (const y of dirs(base)) {
    for (const m of dirs(y)) {
      for (const d of dirs(m)) {
        let files: fs.Dirent<Buffer>[] = [];
        try {
          files = readDirSorted(d);
        } catch {
          continue;
        }
        for (const f of files) if (f.name.toString('latin1').endsWith('.jsonl')) out.push(join(d, f.name));
      }
    }
  }
  return out;
}

/** One exported sample, as far as the properties need it. */
export interface ExportedSample {
  readonly id: string;
  readonly sourceRunId: string;
  readonly qualityScore: number;
  readonly sourceFile: string;
  /** Decimal, exact (int64 is beyond a double). */
  readonly lineOffset: string;
  readonly sigHash: string;
}

/** The export file is not lines of JSON objects. */
export class ExportShapeError extends Error {
  override name = 'ExportShapeError';
}

/**
 * Parses an export: every line one JSON object ending in '\n'. line_offset
 * is read from the text (the provenance object is written last and its keys
 * cannot occur unescaped inside a string), so int64 values stay exact.
 */
export function parseExport(data: Buffer): ExportedSample[] {
  const text = data.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(data)) throw new ExportShapeError('the export is not valid UTF-8');
  if (!text.endsWith('\n')) throw new ExportShapeError('the export does not end in a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new ExportShapeError(`line ${i + 1} is not JSON: ${line}`);
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ExportShapeError(`line ${i + 1} is not a JSON object: ${line}`);
      const o = v as { id?: unknown; source_run_id?: unknown; quality_score?: unknown; provenance?: { source_file?: unknown; sig_hash?: unknown } };
      const offset = /"line_offset":(-?\d+)/.exec(line);
      if (typeof o.id !== 'string' || typeof o.source_run_id !== 'string' || typeof o.quality_score !== 'number' || offset === null) {
        throw new ExportShapeError(`line ${i + 1} lacks id, source_run_id, quality_score or provenance.line_offset: ${line}`);
      }
      return {
        id: o.id,
        sourceRunId: o.source_run_id,
        qualityScore: o.quality_score,
        sourceFile: String(o.provenance?.source_file),
        lineOffset: offset[1] ?? '',
        sigHash: String(o.provenance?.sig_hash),
      };
    });
}

/** What the firewall property needs of one decoded ScoredRun. */
export interface ScoredRunFacts {
  readonly category: string;
  readonly evidenceRunId: string;
  readonly sourceFile: string;
  readonly lineOffset: string;
  readonly sigHash: string;
}

/**
 * Decodes one line of a scored-runs file as LoadScoredRunsFromFile does:
 * undefined for a blank line or one json.Unmarshal rejects.
 */
export type ScoredLineDecoder = (line: Buffer) => Promise<ScoredRunFacts | undefined>;

/** Go's own decoder (reference/go/bin/gojson-oracle): the judge whenever Go is present. */
export function goScoredDecoder(oracle: GoOracle): ScoredLineDecoder {
  return async (line) => {
    const a = await oracle.decode('scored', line);
    if (a.kind !== 'ok') return undefined;
    const text = a.bytes.toString('utf8');
    const r = JSON.parse(text) as { category: string; evidence_run_id: string; provenance: { source_file: string; sig_hash: string } };
    return {
      category: r.category,
      evidenceRunId: r.evidence_run_id,
      sourceFile: r.provenance.source_file,
      lineOffset: /"line_offset":(-?\d+)/.exec(text)?.[1] ?? '',
      sigHash: r.provenance.sig_hash,
    };
  };
}

/** The TypeScript codec (checked against Go by the codec tests): the judge without Go. */
export function tsScoredDecoder(): ScoredLineDecoder {
  return (line) => {
    const t = trimSpace(line);
    const r = t.length === 0 ? null : unmarshalScoredRun(t);
    return Promise.resolve(
      r === null
        ? undefined
        : {
            category: r.category,
            evidenceRunId: r.evidence_run_id,
            sourceFile: r.provenance.source_file,
            lineOffset: r.provenance.line_offset.toString(),
            sigHash: r.provenance.sig_hash,
          },
    );
  };
}

/** The decoded runs of a scored file, in order; undefined when it cannot be read. */
export async function scoredRunsOf(file: Buffer, decode: ScoredLineDecoder): Promise<ScoredRunFacts[] | undefined> {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const out: ScoredRunFacts[] = [];
  let at = 0;
  for (;;) {
    const nl = data.indexOf(0x0a, at);
    const r = await decode(data.subarray(at, nl < 0 ? data.length : nl));
    if (r !== undefined) out.push(r);
    if (nl < 0) return out;
    at = nl + 1;
  }
}

/** filepath.Base of a walked file as the id shows it (invalid UTF-8 as Go decodes it). */
export function idBase(file: Buffer): string {
  return goStringFromBytes(file.subarray(file.lastIndexOf(0x2f) + 1));
}

/** Splits an id "basename:i". */
export function parseId(id: string): { base: string; index: number } | undefined {
  const m = /^([\s\S]*):(0|[1-9]\d*)$/.exec(id);
  return m ? { base: m[1] ?? '', index: Number(m[2]) } : undefined;
}
