// A client for reference/go/bin/gojson-oracle: Go's own encoding/json and
// strings, asked one question per line. One process serves a whole test file;
// requests are pipelined and answered in order, so the client keeps a FIFO of
// pending promises and never needs request ids.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { GO_BIN_DIR } from './toolchains.js';

export const GO_ORACLE = path.join(GO_BIN_DIR, 'gojson-oracle');

/** Which loader of export_sft.go the line is fed to. */
export type RecordKind = 'scored' | 'evidence';

/** What LoadScoredRunsFromFile / LoadEvidenceByRunID do with one line. */
export type DecodeAnswer =
  | { readonly kind: 'blank' }
  | { readonly kind: 'reject'; readonly err: string }
  | { readonly kind: 'ok'; readonly bytes: Buffer };

/**
 * A lean decoder's view of one line: Go's accept/reject, and for an accepted
 * line the JSON of the fields that decoder keeps (ints as decimal strings).
 */
export type ProjectionAnswer =
  | { readonly kind: 'blank' }
  | { readonly kind: 'reject'; readonly err: string }
  | { readonly kind: 'ok'; readonly proj: string };

/** What SynthesizeSft reads of an evidence line, and an SftSample built from it. */
export type EvidenceSftAnswer =
  | { readonly kind: 'blank' }
  | { readonly kind: 'reject'; readonly err: string }
  | { readonly kind: 'ok'; readonly proj: string; readonly sample: Buffer };

/** The SftSample values that do not come from the evidence line (see sftFromEvidence in the oracle). */
export interface SampleExtras {
  readonly id: Uint8Array;
  readonly quality: number;
  readonly createdAt: string;
  readonly lineOffset: bigint;
  readonly recordedAt: string;
}

/** The lean views the oracle can project a line onto. */
export type ProjectionOp = 'scored-lean' | 'evidence-runid' | 'batch';

/** json.Marshal of a float64: the bytes, or the UnsupportedValueError text. */
export type FloatAnswer = { readonly bytes: Buffer } | { readonly err: string };

/** The oracle broke its protocol, died, or was used after close(). */
export class OracleError extends Error {
  override name = 'OracleError';
}

interface RawAnswer {
  blank?: boolean;
  ok?: boolean;
  b64?: string;
  proj?: string;
  err?: string;
  lines?: string[];
}

interface Pending {
  resolve: (a: RawAnswer) => void;
  reject: (e: Error) => void;
}

export class GoOracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: Pending[] = [];
  #dead: Error | undefined;
  #stderr = '';

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      this.#stderr += s;
    });
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => this.#onLine(line));
    child.on('error', (e) => this.#fail(new OracleError(`gojson-oracle: ${e.message}`)));
    child.on('exit', (code, signal) => {
      this.#fail(new OracleError(`gojson-oracle exited (code ${code}, signal ${signal})${this.#stderrNote()}`));
    });
    // A write after the child died must reject the request, not crash vitest.
    child.stdin.on('error', (e) => this.#fail(new OracleError(`gojson-oracle stdin: ${e.message}`)));
  }

  /** Starts the oracle. The binary is built by test/setup/global.ts. */
  static start(): GoOracle {
    if (!fs.existsSync(GO_ORACLE)) {
      throw new OracleError(
        `${GO_ORACLE} is missing: run the tests through vitest (its globalSetup builds it) or ` +
          `'cd reference/go && go build -o bin/ ./cmd/...'`,
      );
    }
    return new GoOracle(spawn(GO_ORACLE, [], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** One line through the scored-runs or evidence loader. */
  async decode(kind: RecordKind, line: Uint8Array): Promise<DecodeAnswer> {
    const a = await this.#ask({ op: kind, b64: toB64(line) });
    if (a.blank === true) return { kind: 'blank' };
    if (a.ok === false && typeof a.err === 'string') return { kind: 'reject', err: a.err };
    if (a.ok === true && typeof a.b64 === 'string') return { kind: 'ok', bytes: Buffer.from(a.b64, 'base64') };
    throw protocolError(a);
  }

  /** One line through a loader (or, for 'batch', the --batch request decoder), projected. */
  async project(op: ProjectionOp, line: Uint8Array): Promise<ProjectionAnswer> {
    const a = await this.#ask({ op, b64: toB64(line) });
    if (a.blank === true) return { kind: 'blank' };
    if (a.ok === false && typeof a.err === 'string') return { kind: 'reject', err: a.err };
    if (a.ok === true && typeof a.proj === 'string') return { kind: 'ok', proj: a.proj };
    throw protocolError(a);
  }

  /** One evidence line as SynthesizeSft sees it, and json.Marshal of an SftSample built from it. */
  async evidenceSft(line: Uint8Array, x: SampleExtras): Promise<EvidenceSftAnswer> {
    const a = await this.#ask({
      op: 'evidence-sft',
      b64: toB64(line),
      id: toB64(x.id),
      bits: float64Bits(x.quality),
      created: toB64(x.createdAt),
      offset: String(x.lineOffset),
      recorded: toB64(x.recordedAt),
    });
    if (a.blank === true) return { kind: 'blank' };
    if (a.ok === false && typeof a.err === 'string') return { kind: 'reject', err: a.err };
    if (a.ok === true && typeof a.proj === 'string' && typeof a.b64 === 'string') {
      return { kind: 'ok', proj: a.proj, sample: Buffer.from(a.b64, 'base64') };
    }
    throw protocolError(a);
  }

  /** json.Marshal(ExportSftResult{...}); output_path is raw bytes. */
  async marshalResult(counts: readonly [number, number, number, number], outputPath: Uint8Array, summary: string): Promise<Buffer> {
    return this.#bytes(await this.#ask({ op: 'result', ints: counts, b64: toB64(outputPath), summary: toB64(summary) }));
  }

  /** json.Marshal(string(bytes)); a JS string is sent as its UTF-8 bytes. */
  async marshalString(s: Uint8Array | string): Promise<Buffer> {
    return this.#bytes(await this.#ask({ op: 'string', b64: toB64(s) }));
  }

  /** strings.TrimSpace(string(bytes)). */
  async trimSpace(b: Uint8Array): Promise<Buffer> {
    return this.#bytes(await this.#ask({ op: 'trimspace', b64: toB64(b) }));
  }

  /** The trimmed, non-blank lines the loaders decode from a file of these bytes. */
  async lines(data: Uint8Array): Promise<Buffer[]> {
    const a = await this.#ask({ op: 'lines', b64: toB64(data) });
    if (a.err !== undefined) throw protocolError(a);
    return (a.lines ?? []).map((l) => Buffer.from(l, 'base64'));
  }

  /** json.Marshal(float64) of exactly this double (sent as its IEEE-754 bits). */
  async marshalFloat(n: number): Promise<FloatAnswer> {
    const a = await this.#ask({ op: 'float', bits: float64Bits(n) });
    if (typeof a.b64 === 'string') return { bytes: Buffer.from(a.b64, 'base64') };
    if (typeof a.err === 'string') return { err: a.err };
    throw protocolError(a);
  }

  /** Closes stdin and waits for the process to end. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    await exited;
  }

  #bytes(a: RawAnswer): Buffer {
    if (typeof a.b64 === 'string') return Buffer.from(a.b64, 'base64');
    throw protocolError(a);
  }

  #ask(request: object): Promise<RawAnswer> {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise<RawAnswer>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#child.stdin.write(JSON.stringify(request) + '\n');
    });
  }

  #onLine(line: string): void {
    const p = this.#pending.shift();
    if (!p) {
      this.#fail(new OracleError(`gojson-oracle answered a question nobody asked: ${line}`));
      return;
    }
    try {
      p.resolve(JSON.parse(line) as RawAnswer);
    } catch {
      p.reject(new OracleError(`gojson-oracle wrote a line that is not JSON: ${line}`));
    }
  }

  #fail(e: Error): void {
    this.#dead ??= e;
    for (const p of this.#pending.splice(0)) p.reject(this.#dead);
  }

  #stderrNote(): string {
    return this.#stderr ? `; stderr: ${this.#stderr.trim()}` : '';
  }
}

function protocolError(a: RawAnswer): OracleError {
  return new OracleError(`gojson-oracle gave an unexpected answer: ${JSON.stringify(a)}`);
}

function toB64(b: Uint8Array | string): string {
  return typeof b === 'string' ? Buffer.from(b, 'utf8').toString('base64') : Buffer.from(b).toString('base64');
}

/** The 16 hex digits of a double's IEEE-754 bits, as math.Float64frombits takes them. */
export function float64Bits(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}
