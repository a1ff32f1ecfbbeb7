// A byte-exact picture of a directory tree: every path, its type, mode, and
// content or symlink target. Paths are raw bytes (file names need not be
// UTF-8), so the walk uses Buffer paths throughout. Used by the parity
// harness and the golden corpus to compare "the whole root tree after the run".
import fs from 'node:fs';
import { createHash } from 'node:crypto';

export type EntryType = 'dir' | 'file' | 'symlink' | 'other';

export interface TreeEntry {
  /** Path relative to the root, '/'-separated, raw bytes. */
  path: Buffer;
  type: EntryType;
  /** Permission bits (mode & 0o7777). Symlinks report 0o777 on Linux. */
  mode: number;
  /** File content (files only). */
  content?: Buffer;
  /** Link target, raw bytes (symlinks only). */
  target?: Buffer;
}

const SLASH = Buffer.from('/');

function entryType(st: fs.Stats): EntryType {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/**
 * Snapshots the tree under root (not following symlinks), sorted bytewise by
 * path. The root itself is not an entry. A root that does not exist gives [].
 */
export function snapshotTree(root: string | Buffer): TreeEntry[] {
  const rootBuf = Buffer.isBuffer(root) ? root : Buffer.from(root);
  const out: TreeEntry[] = [];
  const walk = (rel: Buffer): void => {
    const abs = rel.length === 0 ? rootBuf : Buffer.concat([rootBuf, SLASH, rel]);
    const names = fs.readdirSync(abs, { encoding: 'buffer' });
    names.sort(Buffer.compare);
    for (const name of names) {
      const childRel = rel.length === 0 ? name : Buffer.concat([rel, SLASH, name]);
      const childAbs = Buffer.concat([abs, SLASH, name]);
      const st = fs.lstatSync(childAbs);
      const type = entryType(st);
      const entry: TreeEntry = { path: childRel, type, mode: st.mode & 0o7777 };
      if (type === 'file') entry.content = fs.readFileSync(childAbs);
      if (type === 'symlink') entry.target = fs.readlinkSync(childAbs, { encoding: 'buffer' });
      out.push(entry);
      if (type === 'dir') walk(childRel);
    }
  };
  let rootStat: fs.Stats;
  try {
    rootStat = fs.lstatSync(rootBuf);
  } catch {
    return out;
  }
  if (rootStat.isDirectory()) walk(Buffer.alloc(0));
  return out;
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

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
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
        const c = e.content ?? Buffer.alloc(0);
        return `${head} ${c.length} ${sha256(c)}\n`;
      }
      return head + '\n';
    })
    .join('');
}

