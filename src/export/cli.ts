// reference/go/cmd/export-sft: main, usage, runOnce, runBatch.
//
// ./bin/export-sft: ExportSft behind the exporter contract (docs/exporter-cli.md), the same
// program as reference/go/cmd/export-sft (flags, usage text, stdout, stderr,
// exit codes 0/1/2, and --batch).
import fs from 'node:fs';
import { exportSftParallel, ExportSftError } from './export.js';
import { signalsSettled } from './publish.js';
import { exportSftResultJSON } from './marshal.js';
import { batchRequestError, unmarshalBatchRequest } from './records.js';
import { encodeString, encodeStringBytes } from './go/encoding/json/encode.js';
import { FlagError, HelpRequested, parseFlags } from './go/flag.js';
import { rawArgs, rawEnv } from './go/os.js';
import type { ExportSftResult, GoString } from './types.js';

export const USAGE = `usage: export-sft --root DIR [--recorded-at TIMESTAMP] [--dry-run] [--include-partial]
       export-sft --batch

Runs the SFT export (ExportSft) on the lakehouse at DIR and prints its result
as one JSON object.

  --root DIR             lakehouse data root (default: $LH_DISTILL_ROOT)
  --recorded-at TS       timestamp stamped on samples (default: now, UTC, RFC 3339)
  --dry-run              count, but write nothing
  --include-partial      accepted for compatibility; changes nothing
  --batch                read JSON requests from stdin, one per line:
                         {"root":"DIR","recorded_at":"TS","dry_run":false,"include_partial":false}
  -h, --help             show this help

Exit codes: 0 success, 1 export error (text on stderr), 2 usage error.
`;

const FLAGS = [
  { name: 'root', bool: false },
  { name: 'recorded-at', bool: false },
  { name: 'dry-run', bool: true },
  { name: 'include-partial', bool: true },
  { name: 'batch', bool: true },
];

/** Writes all of data to fd, waiting out EAGAIN on a non-blocking pipe. */
export function writeAllSync(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** time.Now().UTC().Format(time.RFC3339) */
export function nowRFC3339(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Prints a usage error; msg is byte-per-char (latin1), as the arguments are. */
function usageError(msg: string): number {
  writeAllSync(2, Buffer.from(`export-sft: ${msg}\n${USAGE}`, 'latin1'));
  return 2;
}

interface Outcome {
  result: ExportSftResult;
  error: Buffer | null;
}

/** SFT_EXPORT_WORKERS: the worker threads to use (0: none); unset: by the lakehouse's size. */
export const WORKERS_ENV = 'SFT_EXPORT_WORKERS';

/** The SFT_EXPORT_WORKERS setting, or a usage error text. */
function workersFromEnv(): number | undefined | string {
  const v = process.env[WORKERS_ENV];
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,3}$/.test(v)) return `${WORKERS_ENV} must be a whole number of worker threads (0 for none), not ${JSON.stringify(v)}`;
  return Number(v);
}

let workers: number | undefined;

async function run(root: GoString, recordedAt: GoString, dryRun: boolean, includePartial: boolean): Promise<Outcome> {
  try {
    return { result: await exportSftParallel({ root, recordedAt, dryRun, includePartial, workers }), error: null };
  } catch (e) {
    if (e instanceof ExportSftError) return { result: e.result, error: e.bytes };
    throw e;
  }
}

/**
 * main without the process: returns the exit code (batch mode: a promise).
 * argv is process.argv.slice(2); the raw bytes behind it are what count.
 */
export function main(argv: readonly string[]): number | Promise<number> {
  // Flags are parsed on byte-per-char strings, so no byte is lost or changed.
  const args = rawArgs(argv).map((b) => b.toString('latin1'));
  let parsed;
  try {
    parsed = parseFlags(args, FLAGS);
  } catch (e) {
    if (e instanceof HelpRequested) {
      writeAllSync(1, Buffer.from(USAGE));
      return 0;
    }
    if (e instanceof FlagError) return usageError(e.message);
    throw e;
  }
  const w = workersFromEnv();
  if (typeof w === 'string') return usageError(w);
  workers = w;
  const { values, rest } = parsed;
  if (rest.length > 0) return usageError(`unexpected argument: ${rest[0]}`);
  if (values.get('batch') !== undefined && values.get('batch') !== false) {
    if (values.size > 1) return usageError('--batch takes no other flag');
    return runBatch();
  }
  const rootFlag = values.get('root') as string | undefined;
  let root: Buffer;
  if (rootFlag !== undefined) {
    root = Buffer.from(rootFlag, 'latin1');
  } else {
    const env = rawEnv('LH_DISTILL_ROOT');
    if (env === undefined || env.length === 0) return usageError('--root is required (or set LH_DISTILL_ROOT)');
    root = env;
  }
  const recordedAtFlag = values.get('recorded-at') as string | undefined;
  const recordedAt = recordedAtFlag === undefined ? nowRFC3339() : Buffer.from(recordedAtFlag, 'latin1');
  return runOnce(root, recordedAt, values.get('dry-run') === true, values.get('include-partial') === true);
}

/** One export: the result on stdout, the error on stderr; the exit code. */
async function runOnce(root: GoString, recordedAt: GoString, dryRun: boolean, includePartial: boolean): Promise<number> {
  const { result, error } = await run(root, recordedAt, dryRun, includePartial);
  writeAllSync(1, Buffer.from(exportSftResultJSON(result) + '\n'));
  if (error !== null) {
    writeAllSync(2, Buffer.concat([error, Buffer.from('\n')]));
    return 1;
  }
  return 0;
}

/** One response line for one request line (as read: with its '\n', if any). */
export async function answer(line: Buffer): Promise<string> {
  const req = unmarshalBatchRequest(line);
  if (req === null) return badRequest(requestError(line));
  if (req.root === null) return badRequest('missing "root"');
  const { result, error } = await run(req.root, req.recorded_at ?? nowRFC3339(), req.dry_run, req.include_partial);
  const err = error === null ? 'null' : encodeStringBytes(error);
  return `{"result":${exportSftResultJSON(result)},"error":${err}}`;
}

/** Go's json.Unmarshal error for a line the fast decoder rejected. */
function requestError(line: Buffer): string {
  const msg = batchRequestError(line);
  // The two decoders disagreeing is a bug in one of them; say so rather
  // than answer with a text Go would not give.
  if (msg === null) throw new BatchDecoderMismatch(line);
  return msg;
}

/** unmarshalBatchRequest rejected a line that batchRequestError accepts. */
export class BatchDecoderMismatch extends Error {
  constructor(readonly line: Buffer) {
    super(`the batch decoders disagree on request ${JSON.stringify(line.toString('latin1'))}`);
    this.name = 'BatchDecoderMismatch';
  }
}

function badRequest(msg: string): string {
  return `{"result":null,"error":${encodeString('bad request: ' + msg)}}`;
}

/** --batch: answers each stdin line in turn, flushed at once, until end of input. */
async function runBatch(): Promise<number> {
  // A signal that came during the last publish ends the process before the next request.
  const respond = async (line: Buffer): Promise<void> => {
    await signalsSettled();
    writeAllSync(1, Buffer.from((await answer(line)) + '\n'));
  };
  let pending = Buffer.alloc(0);
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    let buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let nl: number;
    while ((nl = buf.indexOf(0x0a)) >= 0) {
      await respond(buf.subarray(0, nl + 1));
      buf = buf.subarray(nl + 1);
    }
    pending = Buffer.from(buf);
  }
  if (pending.length > 0) await respond(pending);
  return 0;
}
