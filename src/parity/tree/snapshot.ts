// A byte-exact picture of a directory tree: every path, its type, mode, and
// size and SHA-256 of the content or symlink target. Paths are raw bytes
// (file names need not be UTF-8), so the walk uses Buffer paths throughout.
// Contents are hashed as they stream through one fixed buffer: a snapshot
// holds no file whole unless asked to (small files whose bytes a report may
// show). Used by the parity harness and the golden corpus to compare "the
// whole root tree after the run".
import fs from 'node:fs';
import crypto, { createHash } from 'node:crypto';
import { childrenOf, Seen, type Child } from './seen.js';

export type EntryType = 'dir' | 'file' | 'symlink' | 'other';

/** Which part of a file `content` holds when it is not the whole file. */
export interface Excerpt {
  /** Byte offset of content[0] in the file. */
  offset: number;
  /** 0-based number of the line that starts at `offset`. */
  line: number;
}

export interface TreeEntry {
  /** Path relative to the root, '/'-separated, raw bytes. */
  path: Buffer;
  type: EntryType;
  /** Permission bits (mode & 0o7777). Symlinks report 0o777 on Linux. */
  mode: number;
  /** Files: size in bytes. */
  size?: number;
  /** Files: SHA-256 of the content, hex. */
  hash?: string;
  /** File content, when held (case inputs, small files, what a report explains). */
  content?: Buffer;
  /** Where the content is held when `content` is not the whole file. */
  excerpt?: Excerpt;
  /** Where the file's bytes can be read again while the case lasts (absolute path). */
  source?: Buffer;
  /** Link target, raw bytes (symlinks only). */
  target?: Buffer;
}

export interface SnapshotOptions {
  /** Keep the content of the files for which this says yes (it sees the size first). */
  keep?: (rel: Buffer, size: number) => boolean;
  /** Record each file's absolute path as its source. */
  sources?: boolean;
}

const CHUNK = 1 << 20;
let chunk: Buffer | undefined;

function entryType(st: fs.Stats): EntryType {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/** crypto.hash (Node 20.12 and later): a one-shot digest, half the cost of a Hash object for a small file. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;

export function sha256(b: Buffer): string {
  return oneShot ? oneShot('sha256', b, 'hex') : createHash('sha256').update(b).digest('hex');
}

/** Size and SHA-256 of a file, read through one reused buffer; the content too when keep says so. */
export function hashFile(file: string | Buffer, keep: (size: number) => boolean = () => false): { size: number; hash: string; content?: Buffer } {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const kept: Buffer[] | undefined = keep(size) ? [] : undefined;
    chunk ??= Buffer.allocUnsafe(CHUNK);
    if (size <= CHUNK) {
      // Most files: one read, one one-shot digest.
      const n = size === 0 ? 0 : fs.readSync(fd, chunk, 0, size, null);
      const piece = chunk.subarray(0, n);
      return { size: n, hash: sha256(piece), ...(kept ? { content: Buffer.from(piece) } : {}) };
    }
    const h = createHash('sha256');
    // Up to the size fstat gave (the export is over: nothing writes the file
    // now); a short read ends it early.
    let total = 0;
    for (let n; total < size && (n = fs.readSync(fd, chunk, 0, Math.min(CHUNK, size - total), null)) > 0; total += n) {
      const piece = chunk.subarray(0, n);
      h.update(piece);
      kept?.push(Buffer.from(piece));
    }
    return { size: total, hash: h.digest('hex'), ...(kept ? { content: kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept) } : {}) };
  } finally {
    fs.closeSync(fd);
  }
}

/** One entry as lstat sees it at abs, with the content hashed (files) or the target read (symlinks). */
export function statEntry(abs: Buffer, rel: Buffer, opts: SnapshotOptions = {}, st: fs.Stats = fs.lstatSync(abs)): TreeEntry {
  const type = entryType(st);
  const entry: TreeEntry = { path: rel, type, mode: st.mode & 0o7777 };
  if (type === 'file') {
    Object.assign(entry, hashFile(abs, (size) => opts.keep?.(rel, size) ?? false));
    if (opts.sources) entry.source = abs;
  }
  if (type === 'symlink') entry.target = fs.readlinkSync(abs, { encoding: 'buffer' });
  return entry;
}

/** A file entry from the last snapshot's (unchanged since), or undefined when its bytes must be read again. */
function again(last: TreeEntry, abs: Buffer, rel: Buffer, opts: SnapshotOptions, st: fs.Stats): TreeEntry | undefined {
  if (last.size === undefined || last.hash === undefined) return undefined;
  const keep = opts.keep?.(rel, last.size) ?? false;
  if (keep && (last.content === undefined || last.excerpt !== undefined)) return undefined;
  // Properties set one by one rather than spread in: this runs for every unchanged file of every snapshot.
  const entry: TreeEntry = { path: rel, type: 'file', mode: st.mode & 0o7777, size: last.size, hash: last.hash };
  if (keep) entry.content = last.content;
  if (opts.sources) entry.source = abs;
  return entry;
}

/**
 * Snapshots the tree under root (not following symlinks), sorted bytewise by
 * path. The root itself is not an entry. A root that does not exist gives [].
 * With `seen`, what is unchanged since the last snapshot with it is not read
 * again (seen.ts says when that can be known).
 */
export function snapshotTree(root: string | Buffer, opts: SnapshotOptions & { seen?: Seen } = {}): TreeEntry[] {
  const rootBuf = Buffer.isBuffer(root) ? root : Buffer.from(root);
  const out: TreeEntry[] = [];
  const seen = opts.seen;
  // Each entry's absolute path is made once; its root-relative path is a
  // view of it (the root and a slash dropped), its key in seen made once.
  const skip = rootBuf.length + 1;
  const walk = (abs: Buffer, key: string, rel: Buffer, dirStat: fs.Stats): void => {
    const known = seen?.children(key, dirStat, abs);
    let names: Buffer[];
    let children: Child[];
    if (known) ({ names, children } = known);
    else {
      names = fs.readdirSync(abs, { encoding: 'buffer' });
      names.sort(Buffer.compare);
      children = childrenOf(abs, names);
    }
    seen?.note(key, dirStat, { path: rel, type: 'dir', mode: dirStat.mode & 0o7777 }, names, children);
    for (const { abs: childAbs, key: childKey } of children) {
      const childRel = childAbs.subarray(skip);
      const st = fs.lstatSync(childAbs);
      const last = seen !== undefined && st.isFile() ? seen.file(childKey, st, known !== undefined) : undefined;
      const entry = (last && again(last, childAbs, childRel, opts, st)) ?? statEntry(childAbs, childRel, opts, st);
      out.push(entry);
      if (entry.type === 'dir') walk(childAbs, childKey, childRel, st);
      else seen?.note(childKey, st, entry);
    }
  };
  let rootStat: fs.Stats;
  try {
    rootStat = fs.lstatSync(rootBuf);
  } catch {
    return out;
  }
  if (rootStat.isDirectory()) walk(rootBuf, seen ? Seen.keyOf(rootBuf) : '', Buffer.alloc(0), rootStat);
  return out;
}

/** Keep every file's content: for reading case inputs, which are written back from memory. */
export const KEEP_ALL: SnapshotOptions = { keep: () => true };

const digests = new WeakMap<Buffer, { size: number; hash: string }>();
const EMPTY = { size: 0, hash: sha256(Buffer.alloc(0)) };

/**
 * The size and hash of a file entry, from its content when it has no hash
 * (computed once per content buffer: a case's entries are copied, their
 * bytes are not).
 */
export function fileDigest(e: Pick<TreeEntry, 'size' | 'hash' | 'content'>): { size: number; hash: string } {
  if (e.hash !== undefined && e.size !== undefined) return { size: e.size, hash: e.hash };
  const c = e.content;
  if (c === undefined) return EMPTY;
  let d = digests.get(c);
  if (!d) {
    d = { size: c.length, hash: sha256(c) };
    digests.set(c, d);
  }
  return d;
}

/** Same bytes, by size and SHA-256 (snapshots hash; they do not hold contents). */
export function sameContent(a: Pick<TreeEntry, 'size' | 'hash' | 'content'>, b: Pick<TreeEntry, 'size' | 'hash' | 'content'>): boolean {
  const x = fileDigest(a);
  const y = fileDigest(b);
  return x.size === y.size && x.hash === y.hash;
}

/** A file entry's whole content: held, or read again from its source. */
export function contentOf(e: TreeEntry): Buffer {
  if (e.content !== undefined && e.excerpt === undefined) return e.content;
  return e.source !== undefined ? fs.readFileSync(e.source) : Buffer.alloc(0);
}

/** Escapes bytes for a one-line, reversible, human-readable manifest field. */
export function escapeBytes(b: Buffer): string {
  let s = '';
  for (const c of b) {
    if (c === 0x5c) s += '\\\\';
    else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  // Re-decode valid UTF-8 runs for readability is deliberately not done: the
  // manifest must be unambiguous, and bytes are what is compared.
  return s;
}

/**
 * The inverse of escapeBytes: `\\` and `\xNN` back to bytes; any other
 * character (a whole code point, astral ones included) is its UTF-8.
 */
export function unescapeBytes(s: string): Buffer {
  const out: Buffer[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') out.push(Buffer.from(text, 'utf8'));
    text = '';
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '\\') {
      text += '\\';
      i++;
    } else if (s[i] === '\\' && s[i + 1] === 'x' && /^[0-9a-f]{2}$/.test(s.slice(i + 2, i + 4))) {
      flush();
      out.push(Buffer.from([parseInt(s.slice(i + 2, i + 4), 16)]));
      i += 3;
    } else text += s[i];
  }
  flush();
  return Buffer.concat(out);
}

/**
 * One line per entry: `TYPE MODE PATH [-> TARGET | SIZE SHA256]`. Two trees
 * are identical exactly when their manifests are.
 */
export function formatManifest(entries: readonly TreeEntry[]): string {
  return entries
    .map((e) => {
      const head = `${e.type} ${e.mode.toString(8).padStart(4, '0')} ${escapeBytes(e.path)}`;
      if (e.type === 'symlink') return `${head} -> ${escapeBytes(e.target ?? Buffer.alloc(0))}\n`;
      if (e.type === 'file') {
        const d = fileDigest(e);
        return `${head} ${d.size} ${d.hash}\n`;
      }
      return head + '\n';
    })
    .join('');
}
