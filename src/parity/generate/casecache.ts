// Generated cases kept from one run to the next. Case i of seed S is a pure
// function of the generator's code (case.ts), so a run of the same build
// with the same seed draws exactly the cases the last one drew: drawing them
// (fast-check) was a tenth of the gate's CPU time. They are kept, serialized
// as drawn, in one file per generator and seed in the cache directory
// (beside the references' builds), and read back instead of drawn again.
//
// The generator is named by the bytes of the drawer's worker bundle, which
// holds every line of it (fast-check included), and the Node version: a
// different build or Node draws its cases afresh. Each case is checked when
// it is read (its digest, its id and its case seed); a file that fails any
// check is not used again, and the run draws the rest. Nothing here stops a
// run: a cache that cannot be read or written is a cache that is not used.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { ParityCase } from '../cases/case.js';
import { caseSeed, generatedId } from './case-seed.js';

/** What the first line of a case file says, with the length of its header. */
const FORMAT = 'sft-parity generated cases 1';
/** Cases with a higher index are drawn each time (a --runs 100000 run would make a file of 700 MB). */
export const MAX_CACHED_CASES = 5000;
/** Files of one generator kept (one per seed, the most recently written). */
const MAX_SEEDS = 4;

/** The header's entry for one case: its index, where its bytes are in the payload, and their digest. */
type Entry = [index: number, offset: number, length: number, digest: string];

interface Header {
  format: string;
  generator: string;
  seed: number;
  cases: Entry[];
}

const digest = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').slice(0, 32);

/** The file of a generator's cases for one seed. */
function fileOf(dir: string, generator: string, seed: number): string {
  return path.join(dir, `${generator.slice(0, 16)}-${seed}.v8`);
}

const CASE_FILE = /^([0-9a-f]{16})-(\d+)\.v8$/;
const TMP_FILE = /^[0-9a-f]{16}-\d+\.v8\.tmp-\d+-[0-9a-f]{8}$/;
/** A temporary file this old is not being written any more. */
const STALE_MS = 60 * 60 * 1000;

/**
 * The identity of the generator in the drawer's worker file: a digest of its
 * bytes and the Node version, or undefined when the file is not the build's
 * self-contained bundle (its first line says so), whose bytes would not
 * cover the modules it imports.
 */
export function generatorIdentity(workerFile: string): string | undefined {
  try {
    const bytes = fs.readFileSync(workerFile);
    if (!bytes.subarray(0, BUNDLE_MARK.length).equals(BUNDLE_MARK)) return undefined;
    return createHash('sha256').update(bytes).update(process.version).digest('hex');
  } catch {
    return undefined;
  }
}

/** The first line scripts/build.mjs gives the drawer's worker bundle. */
export const BUNDLE_MARK = Buffer.from('// sft-parity: the generator, self-contained (scripts/build.mjs)\n');

/** One seed's cached cases: those the file held, and those drawn in this run to add to it. */
export class CaseCache {
  private readonly entries = new Map<number, Entry>();
  private fd: number | undefined;
  private payloadAt = 0;
  /** Drawn in this run, serialized: written to the file by save(). */
  private readonly added = new Map<number, Uint8Array>();
  /** How many cases were read from the file. */
  hits = 0;

  private constructor(
    private readonly dir: string,
    private readonly generator: string,
    private readonly seed: number,
  ) {}

  /** The cache of `seed`'s cases in dir (nothing in it when there is no usable file). */
  static open(dir: string, generator: string, seed: number): CaseCache {
    const c = new CaseCache(dir, generator, seed);
    c.load();
    return c;
  }

  get file(): string {
    return fileOf(this.dir, this.generator, this.seed);
  }

  /** Whether the file holds case `index`. */
  holds(index: number): boolean {
    return this.entries.has(index);
  }

  private load(): void {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'r');
      const first = Buffer.alloc(FORMAT.length + 12);
      if (fs.readSync(fd, first, 0, first.length, 0) !== first.length) throw new Error('short');
      const m = /^(.+) (\d{10})\n$/.exec(first.toString('latin1'));
      if (!m || m[1] !== FORMAT) throw new Error('format');
      const header = Buffer.alloc(Number(m[2]));
      if (fs.readSync(fd, header, 0, header.length, first.length) !== header.length) throw new Error('short');
      const h = JSON.parse(header.toString('utf8')) as Header;
      if (h.format !== FORMAT || h.generator !== this.generator || h.seed !== this.seed || !Array.isArray(h.cases)) throw new Error('header');
      for (const e of h.cases) this.entries.set(e[0], e);
      this.payloadAt = first.length + header.length;
      this.fd = fd;
    } catch {
      // No file, or not one of this generator's: every case is drawn.
      if (fd !== undefined) fs.closeSync(fd);
      this.entries.clear();
    }
  }

  /** Case `index` as it was drawn, or undefined when the file does not hold it (or it fails a check). */
  get(index: number): ParityCase | undefined {
    const e = this.entries.get(index);
    if (!e || this.fd === undefined) return undefined;
    try {
      const bytes = this.verified(e);
      if (!bytes) throw new Error('digest');
      const c = v8.deserialize(bytes) as ParityCase;
      if (c.id !== generatedId(this.seed, index) || c.generated?.seed !== caseSeed(this.seed, index)) throw new Error('case');
      this.hits++;
      return c;
    } catch {
      // A file that fails one check is not trusted for the others, and is written anew.
      this.drop(index);
      return undefined;
    }
  }

  /** A case drawn in this run (serialized by v8.serialize), to be kept for the next one. */
  add(index: number, bytes: Uint8Array): void {
    if (index < MAX_CACHED_CASES && !this.entries.has(index)) this.added.set(index, bytes);
  }

  /** Stops using the file: its other cases that pass their digest are kept to be written anew, `bad` is not. */
  private drop(bad: number): void {
    for (const [i, e] of this.entries) {
      const bytes = i === bad ? undefined : this.verified(e);
      if (bytes) this.added.set(i, bytes);
    }
    this.entries.clear();
    this.close();
  }

  /** An entry's bytes from the file, when they are all there and match its digest. */
  private verified(e: Entry): Buffer | undefined {
    if (this.fd === undefined) return undefined;
    const [, offset, length, want] = e;
    // Every byte is read over (a short read fails the check).
    const bytes = Buffer.allocUnsafe(length);
    try {
      return fs.readSync(this.fd, bytes, 0, length, this.payloadAt + offset) === length && digest(bytes) === want ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  private close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * Writes the file again when this run drew cases it did not hold: all of
   * them, old and new, to a temporary file renamed over it, so that a reader
   * sees the old file or the new one. Then removes other generators' files,
   * this one's beyond the MAX_SEEDS most recent, and temporary files an hour
   * old. Never throws.
   */
  save(): void {
    let tmp: string | undefined;
    try {
      if (this.added.size === 0) return;
      const parts: Uint8Array[] = [];
      const cases: Entry[] = [];
      let offset = 0;
      const put = (index: number, bytes: Uint8Array, d: string): void => {
        cases.push([index, offset, bytes.length, d]);
        parts.push(bytes);
        offset += bytes.length;
      };
      // Only what still matches its digest is copied: a digest is never made anew over damaged bytes.
      for (const e of this.entries.values()) {
        const bytes = this.verified(e);
        if (bytes) put(e[0], bytes, e[3]);
      }
      for (const [i, bytes] of this.added) put(i, bytes, digest(bytes));
      const header = Buffer.from(JSON.stringify({ format: FORMAT, generator: this.generator, seed: this.seed, cases } satisfies Header));
      fs.mkdirSync(this.dir, { recursive: true });
      tmp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${FORMAT} ${String(header.length).padStart(10, '0')}\n`), header, ...parts]));
      fs.renameSync(tmp, this.file);
      tmp = undefined;
      this.added.clear();
      prune(this.dir, this.generator);
    } catch {
      // Not kept: the next run draws them again.
    } finally {
      this.close();
      if (tmp !== undefined) fs.rmSync(tmp, { force: true });
    }
  }
}

/** Other generators' case files go, and this one's beyond the MAX_SEEDS most recent. */
function prune(dir: string, generator: string): void {
  const mine: { file: string; at: number }[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    // A run killed while it wrote (SIGKILL: no cleanup) leaves its temporary file.
    if (TMP_FILE.test(name) && Date.now() - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    const m = CASE_FILE.exec(name);
    if (!m) continue;
    if (m[1] !== generator.slice(0, 16)) fs.rmSync(file, { force: true });
    else mine.push({ file, at: fs.statSync(file).mtimeMs });
  }
  mine.sort((a, b) => b.at - a.at);
  for (const { file } of mine.slice(MAX_SEEDS)) fs.rmSync(file, { force: true });
}
