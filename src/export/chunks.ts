// export_sft.go, ExportSft: `output = append(output, line...)`, as chunks.
//
// Output lines collected in 256 KiB byte chunks: one copy per line, no string,
// and the chunks move as they are (to the spool, or from a worker thread to
// the main thread without a copy: each chunk owns its ArrayBuffer). Once a
// chunk is written out, its ArrayBuffer can come back for the next lines
// (a free list), so the export does not leave garbage behind it for a
// collector that seldom runs on a thread that allocates little.

export const CHUNK_SIZE = 256 << 10;

/**
 * The free chunks a thread keeps, and the main thread sends back with one
 * task to a worker (pool.ts, worker.ts). Enough for every chunk in
 * circulation (about seven a file on the bench's lakehouse, for the files in
 * flight) to come back: with eight, the rest were left to the collectors
 * and fresh ones allocated, which cost time and, until collected, 30 MB more
 * peak memory.
 */
export const CIRCULATING_CHUNKS_MAX = 32;

/** ArrayBuffers of CHUNK_SIZE bytes, free for reuse. */
export type FreeChunks = ArrayBuffer[];

/** Whether chunk spans a whole CHUNK_SIZE ArrayBuffer of its own (so it can be reused). */
export function isReusable(chunk: Buffer): boolean {
  return chunk.byteOffset === 0 && chunk.buffer.byteLength === CHUNK_SIZE && !(chunk.buffer instanceof SharedArrayBuffer);
}

/** A Buffer over its own ArrayBuffer (never a slice of Node's shared pool). */
function ownBuffer(size: number): Buffer {
  return Buffer.from(new ArrayBuffer(size));
}

export class ChunkWriter {
  private chunk: Buffer;
  private pos = 0;
  private full: Buffer[] = [];

  constructor(private readonly free: FreeChunks = []) {
    this.chunk = this.fresh();
  }

  private fresh(): Buffer {
    const ab = this.free.pop();
    return ab === undefined ? ownBuffer(CHUNK_SIZE) : Buffer.from(ab);
  }

  /** Appends one line: the bytes (copied) and '\n'. */
  push(line: Uint8Array): void {
    if (this.pos + line.length + 1 > this.chunk.length) {
      this.seal();
      if (line.length + 1 > this.chunk.length) this.chunk = ownBuffer(line.length + 1);
    }
    this.chunk.set(line, this.pos);
    this.pos += line.length;
    this.chunk[this.pos++] = 0x0a;
  }

  /** The chunks written, in order; the writer is done. */
  take(): Buffer[] {
    const c = this.chunk;
    const n = this.pos;
    if (n >= c.length >> 1) {
      this.full.push(c.subarray(0, n));
    } else {
      // A short last chunk is copied out (so a lakehouse of many small files
      // does not keep a mostly empty MiB per file), and the chunk is freed.
      if (n > 0) {
        const last = ownBuffer(n);
        c.copy(last, 0, 0, n);
        this.full.push(last);
      }
      this.release(c);
    }
    this.pos = 0;
    const out = this.full;
    this.full = [];
    return out;
  }

  private release(chunk: Buffer): void {
    if (isReusable(chunk)) this.free.push(chunk.buffer as ArrayBuffer);
  }

  private seal(): void {
    if (this.pos === 0) return;
    this.full.push(this.chunk.subarray(0, this.pos));
    this.chunk = this.fresh();
    this.pos = 0;
  }
}
