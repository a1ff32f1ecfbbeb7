// Which entries of a case's tree a committed root/ may hold. A case in the
// golden layout must survive any git checkout (Linux, macOS, Windows) and an
// npm tarball, which drops symlinks and cannot hold a name that is not UTF-8.
// Everything else goes into case.json's setup operations, which can express
// any bytes and are applied when the case is materialized.
import type { WritableEntry } from '../tree/write.js';

/** Characters Windows forbids in a name, and C0 controls and DEL. */
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/;
/** Names Windows reserves, with any extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * A name every file system and archive keeps as it is: valid UTF-8 in NFC
 * (macOS would normalize it otherwise), nothing Windows forbids, not ending
 * in a space or a dot.
 */
export function portableName(name: Buffer): boolean {
  const s = name.toString('utf8');
  if (!Buffer.from(s, 'utf8').equals(name)) return false;
  return s.normalize('NFC') === s && !WINDOWS_FORBIDDEN.test(s) && !WINDOWS_RESERVED.test(s) && !/[ .]$/.test(s);
}

/** How a case-insensitive, normalization-insensitive file system (macOS) tells names apart. */
function folded(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * The paths (latin1 keys) of the entries that root/ cannot hold: symlinks,
 * anything not a file or directory, and paths with a name that is not
 * portable or that would be the same file as an earlier path where case and
 * normalization do not count (B.jsonl beside b.jsonl). Entries below such a
 * path are included.
 */
export function nonPortablePaths(entries: readonly WritableEntry[]): Set<string> {
  const out = new Set<string>();
  /** Folded path prefix -> the raw prefix that claimed it first. */
  const claimed = new Map<string, string>();
  for (const e of [...entries].sort((a, b) => Buffer.compare(a.path, b.path))) {
    const key = e.path.toString('latin1');
    const names = key.split('/').map((n) => Buffer.from(n, 'latin1'));
    let ok = e.type === 'file' || e.type === 'dir';
    for (let i = 0; ok && i < names.length; i++) {
      const raw = names.slice(0, i + 1).map((n) => n.toString('latin1')).join('/');
      const name = names[i] as Buffer;
      if (!portableName(name)) ok = false;
      else {
        const f = folded(Buffer.from(raw, 'latin1').toString('utf8'));
        const owner = claimed.get(f);
        if (owner === undefined) claimed.set(f, raw);
        else if (owner !== raw) ok = false;
      }
    }
    if (!ok) out.add(key);
  }
  return out;
}
