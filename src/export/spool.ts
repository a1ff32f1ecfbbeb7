// Holds the export while it is produced, without holding it all in memory:
// up to SPILL_AT bytes in memory, the rest in an anonymous temporary file
// (O_TMPFILE, or a file unlinked as soon as it is opened), which the kernel
// reclaims whatever happens to the process. Nothing named ever exists until
// publish.ts writes the export itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const CHUNK = 1 << 20;
const SPILL_AT = 8 << 20;
// Linux x86_64/arm64 O_TMPFILE (__O_TMPFILE | O_DIRECTORY); node does not export it.
const O_TMPFILE = 0o20200000;

function openAnonymous(): number | undefined {
  const dir = os.tmpdir();
  try {
    return fs.openSync(dir, O_TMPFILE | fs.constants.O_RDWR, 0o600);
  } catch {
    // No O_TMPFILE here: a named file, unlinked at once.
  }
  try {
    const name = path.join(dir, `.sft-export-spool-${process.pid}-${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(name, 'wx+', 0o600);
    fs.unlinkSync(name);
    return fd;
  } catch {
    return undefined;
  }
}

export class Spool {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private chunks: Buffer[] = [];
  private inMemory = 0;
  private fd = -1;
  private fileLen = 0;

  /** Appends one line: the bytes (copied) and '\n'. */
  push(line: Uint8Array): void {
    if (this.pos + line.length + 1 > this.chunk.length) {
      this.seal();
      if (line.length + 1 > this.chunk.length) this.chunk = Buffer.allocUnsafe(line.length + 1);
    }
    this.chunk.set(line, this.pos);
    this.pos += line.length;
    this.chunk[this.pos++] = 0x0a;
  }

  get empty(): boolean {
    return this.pos === 0 && this.inMemory === 0 && this.fileLen === 0;
  }

  /** Moves the current chunk to the list (or the file), and starts a new one. */
  private seal(): void {
    if (this.pos === 0) return;
    const full = this.chunk.subarray(0, this.pos);
    this.chunks.push(full);
    this.inMemory += full.length;
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
    if (this.inMemory >= SPILL_AT) this.spill();
  }

  private spill(): void {
    if (this.fd < 0) {
      const fd = openAnonymous();
      // No usable temporary directory: keep the export in memory, as Go does.
      if (fd === undefined) return;
      this.fd = fd;
    }
    for (const c of this.chunks) this.fileLen += writeAll(this.fd, c, this.fileLen);
    this.chunks = [];
    this.inMemory = 0;
  }

  /** Writes everything, in order, to fd (at its current offset). */
  writeTo(fd: number): void {
    this.seal();
    if (this.fd >= 0) {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let pos = 0; pos < this.fileLen; ) {
        const n = fs.readSync(this.fd, buf, 0, Math.min(CHUNK, this.fileLen - pos), pos);
        if (n <= 0) throw new Error('spool: short read');
        writeAll(fd, buf.subarray(0, n), null);
        pos += n;
      }
    }
    for (const c of this.chunks) writeAll(fd, c, null);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.chunks = [];
  }
}

/** Writes all of buf; returns its length. */
function writeAll(fd: number, buf: Buffer, position: number | null): number {
  let off = 0;
  while (off < buf.length) {
    off += fs.writeSync(fd, buf, off, buf.length - off, position === null ? null : position + off);
  }
  return buf.length;
}
