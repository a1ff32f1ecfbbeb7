// export_sft.go, LoadScoredRunsFromFile and LoadEvidenceByRunID: their os.ReadFile + strings.Split + TrimSpace.
//
// The lines of a JSONL file as the seed sees them: os.ReadFile, then
// strings.Split(string(data), "\n"), then strings.TrimSpace on each, blank
// lines skipped. A file that fits in one chunk is read whole and its lines
// are views of that one buffer; a larger one (any size: Node's readFile
// stops at 2 GiB, Go does not) is read chunk by chunk, a line that crosses a
// chunk boundary being carried over whole, so memory is one chunk or the
// longest line, never the file.
import fs from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { trimSpaceBounds } from './go/strings.js';

/** Files up to this size are read in one piece. */
export const CHUNK = 64 << 20;
/** The least a thread's read buffer holds, so that a small file is read without a stat. */
const FIRST_READ = 64 << 10;

/**
 * Called with each trimmed, non-blank line, as its place b[start:end] in the
 * read buffer (no copy, not even a view). `stable`: the bytes stay valid
 * after the call (the whole file is one buffer, until its scratch is used
 * again); otherwise the buffer is reused at once and a line to keep must be
 * copied.
 */
export type LineFn = (b: Buffer, start: number, end: number, stable: boolean) => void;

/**
 * A read buffer kept for the next file, so a thread that reads many files
 * does not leave one dead buffer per file for its collector. The lines of a
 * file read into it stay valid until it is used again.
 */
export class ReadScratch {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly keepUpTo = 16 << 20) {}

  /** A buffer of at least size bytes (of a larger file, not kept). */
  take(size: number): Buffer {
    if (size > this.keepUpTo) return Buffer.allocUnsafe(size);
    if (this.buf.length < size) this.buf = Buffer.allocUnsafe(size);
    return this.buf;
  }
}

export interface ReadOptions {
  /** Where to read a file that fits in one chunk (default: a new buffer). */
  readonly scratch?: ReadScratch;
  /** The read size, and the largest file read in one piece (tests make it small). */
  readonly chunk?: number;
  /** The longest line held whole (Node's Buffer limit; tests make it small). */
  readonly maxLine?: number;
}

/**
 * A line longer than a Buffer can hold that Go might accept (it begins like
 * a JSON object or null): rather than guess, the export stops.
 */
export class LineTooLongError extends Error {
  constructor(
    readonly path: Buffer,
    readonly limit: number,
  ) {
    super(
      `${path.toString('utf8')}: a line of more than ${limit} bytes that may be a record; ` +
        'the TypeScript exporter cannot hold it (Node.js Buffer limit)',
    );
    this.name = 'LineTooLongError';
  }
}

/** The trimmed, non-blank lines of data[s:e], split on '\n' only. */
export function forEachLine(data: Buffer, fn: LineFn, stable = true, s = 0, e = data.length): void {
  while (s <= e) {
    let nl = findNewline(data, s, e);
    if (nl < 0) nl = e;
    emit(data, s, nl, fn, stable);
    s = nl + 1;
  }
}

function emit(b: Buffer, s: number, e: number, fn: LineFn, stable: boolean): void {
  const [ls, le] = trimSpaceBounds(b, s, e);
  if (le > ls) fn(b, ls, le, stable);
}

/** Node's fs and Buffer calls take (and Buffer#indexOf returns) 32-bit signed sizes: stay below. */
const MAX_CALL = 1 << 30;

/** The first '\n' in b[from:to], or -1; correct in buffers over 2 GiB too. */
function findNewline(b: Buffer, from: number, to: number): number {
  if (to <= 0x7fffffff) {
    const k = b.indexOf(0x0a, from);
    return k >= 0 && k < to ? k : -1;
  }
  for (let s = from; s < to; s += MAX_CALL) {
    const k = b.subarray(s, Math.min(to, s + MAX_CALL)).indexOf(0x0a);
    if (k >= 0) return s + k;
  }
  return -1;
}

let bytesRead = 0;

/**
 * The bytes this thread has read from files so far: what the export has
 * learnt of the lakehouse's size without a stat (export.ts sizes it for
 * worker threads only once this grows).
 */
export function bytesReadSoFar(): number {
  return bytesRead;
}

/** Reads into buf[from:] until it is full or the file ends. */
function readFull(fd: number, buf: Buffer, from: number): { end: number; eof: boolean } {
  let end = from;
  while (end < buf.length) {
    const n = fs.readSync(fd, buf, end, Math.min(buf.length - end, MAX_CALL), null);
    if (n === 0) return { end, eof: true };
    end += n;
    bytesRead += n;
  }
  return { end, eof: false };
}

/**
 * Calls fn for each line of the file, as the seed's loaders read it. Throws
 * the open or read error (the seed skips such a file; nothing has been
 * decided by then that the caller cannot drop).
 */
export function forEachLineOfFile(path: Buffer, fn: LineFn, opts: ReadOptions = {}): void {
  const chunk = opts.chunk ?? CHUNK;
  const maxLine = Math.max(opts.maxLine ?? bufferConstants.MAX_LENGTH, 4); // a whole first rune always fits
  const fd = fs.openSync(path, 'r');
  try {
    const scratch = opts.scratch;
    let buf: Buffer | undefined;
    let end = 0;
    let eof = false;
    if (scratch !== undefined) {
      // Most files fit in the buffer this thread already has: they are read
      // without asking their size first (a stat per file was a tenth of a
      // small export's system time), and only a file that fills it is stat'ed.
      buf = scratch.take(Math.min(FIRST_READ, chunk));
      if (buf.length > chunk) buf = buf.subarray(0, chunk);
      ({ end, eof } = readFull(fd, buf, 0));
      if (eof) return forEachLine(buf, fn, true, 0, end);
    }
    // One byte more than the size, as os.ReadFile does, to see the end.
    const want = Math.min(Math.max(sizeHint(fd) + 1, 512), chunk);
    if (buf === undefined || want > buf.length) {
      const b = scratch?.take(want) ?? Buffer.allocUnsafe(want);
      if (buf !== undefined) buf.copy(b, 0, 0, end);
      buf = b;
    }
    ({ end, eof } = readFull(fd, buf, end));
    if (eof) return forEachLine(buf, fn, true, 0, end);
    if (buf.length < chunk) buf = grown(buf, chunk, end);
    readChunked(fd, path, buf, end, fn, maxLine);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's size as fstat gives it; 0 when it fails (os.ReadFile ignores a failed Stat too: the size is only a hint). */
function sizeHint(fd: number): number {
  try {
    return fs.fstatSync(fd).size;
  } catch {
    return 0;
  }
}

function grown(buf: Buffer, size: number, used: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  buf.copy(b, 0, 0, used);
  return b;
}

/** The chunked loop: buf[0:end] holds the first bytes of the file, buf is full. */
function readChunked(fd: number, path: Buffer, buf: Buffer, end: number, fn: LineFn, maxLine: number): void {
  let start = 0; // where the current line begins
  let scan = 0; // where to look for the next '\n'
  let eof = false;
  let skipping = false; // inside a line too long to hold that cannot be a record
  for (;;) {
    if (skipping) {
      const nl = findNewline(buf, 0, end);
      if (nl >= 0) {
        skipping = false;
        start = scan = nl + 1;
      } else {
        start = scan = end;
      }
    }
    if (!skipping) {
      for (let nl = findNewline(buf, scan, end); nl >= 0; nl = findNewline(buf, scan, end)) {
        emit(buf, start, nl, fn, false);
        start = scan = nl + 1;
      }
      scan = end;
      if (eof) return emit(buf, start, end, fn, false);
    } else if (eof) {
      return;
    }
    if (start > 0) {
      buf.copyWithin(0, start, end);
      end -= start;
      scan -= start;
      start = 0;
    } else if (end === buf.length) {
      // One line fills the buffer: hold more of it, up to what a Buffer can.
      if (buf.length < maxLine) {
        buf = grown(buf, Math.min(buf.length * 2, maxLine), end);
      } else {
        const lead = leadingSpace(buf, end);
        if (lead > 0) {
          // Spaces TrimSpace drops anyway make room.
          buf.copyWithin(0, lead, end);
          end -= lead;
          scan = end;
        } else if (buf[0] === 0x7b || buf[0] === 0x6e) {
          // It may be a JSON object or null, so a record: rather than guess, stop.
          throw new LineTooLongError(path, maxLine);
        } else {
          // Not an object: json.Unmarshal into a struct fails, so the seed skips it.
          skipping = true;
          end = 0;
        }
      }
    }
    ({ end, eof } = readFull(fd, buf, end));
  }
}

/** The bytes of Go space that b[0:end] begins with (a rune cut at the end is not one). */
function leadingSpace(b: Buffer, end: number): number {
  return trimSpaceBounds(b, 0, end)[0];
}
