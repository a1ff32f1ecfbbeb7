// export_sft.go, ExportSft: the `output` buffer, spilled to an anonymous file.
//
// Holds the export while it is produced, without holding it all in memory:
// up to SPILL_AT bytes in memory, the rest in an anonymous temporary file
// (O_TMPFILE, or a file unlinked as soon as it is opened), which the kernel
// reclaims whatever happens to the process. Nothing named ever exists until
// publish.ts writes the export itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHUNK_SIZE as CHUNK } from './chunks.js';
import { randomHex12 } from './tmpname.js';

/**
 * An export this large is spilled. A large export holds at most this much
 * of itself before its first write (at 8 MiB its peak on `npm run bench`'s
 * lakehouse was about 4 MB higher); the parity gate's --batch requests stay
 * far below it, so most exports never make a file.
 */
const SPILL_AT = 2 << 20;
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
    const name = path.join(dir, `.sft-export-spool-${process.pid}-${randomHex12()}`);
    const fd = fs.openSync(name, 'wx+', 0o600);
    fs.unlinkSync(name);
    return fd;
  } catch {
    return undefined;
  }
}

export class Spool {
  private chunks: Buffer[] = [];
  private inMemory = 0;
  private fd = -1;
  private fileLen = 0;

  /** released: told of each chunk once it is in the file (its memory may be reused). */
  constructor(private readonly released: (chunk: Buffer) => void = () => {}) {}

  /** Appends whole chunks of lines, in order (kept, not copied, until written). */
  append(chunks: readonly Buffer[]): void {
    for (const c of chunks) {
      if (c.length === 0) continue;
      this.chunks.push(c);
      this.inMemory += c.length;
    }
    // Once the export is in the file, the rest follows at once.
    if (this.inMemory >= SPILL_AT || this.fd >= 0) this.spill();
  }

  get empty(): boolean {
    return this.inMemory === 0 && this.fileLen === 0;
  }

  private spill(): void {
    if (this.fd < 0) {
      const fd = openAnonymous();
      // No usable temporary directory: keep the export in memory, as Go does.
      if (fd === undefined) return;
      this.fd = fd;
    }
    const written = this.chunks;
    this.chunks = [];
    this.inMemory = 0;
    for (const c of written) this.fileLen += writeAll(this.fd, c, this.fileLen);
    for (const c of written) this.released(c);
  }

  /** Writes everything, in order, to fd (at its current offset). */
  writeTo(fd: number): void {
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
