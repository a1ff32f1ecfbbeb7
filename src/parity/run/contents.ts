// The bytes a report shows for a divergent file, read only once the file is
// known to differ: snapshots hash, they hold only small files. A file up to
// WHOLE bytes is read whole; a larger one gives only a window around its
// first difference, so the harness never holds more than a few windows of a
// large export, whatever the lakehouse size.
import fs from 'node:fs';
import type { EffectDiff } from '../compare/effects.js';
import { contentOf, type Excerpt, type TreeEntry } from '../tree/snapshot.js';

/** Files up to this size are shown whole. */
export const WHOLE = 8 << 20;
/** Bytes of a window into a larger file. */
export const WINDOW = 64 << 10;
/** Lines of context a window starts before the first differing line. */
const CONTEXT_LINES = 2;
/** How much of an extra file a report shows. */
const PREVIEW = 200;

const CHUNK = 1 << 20;

/** Reads len bytes at offset from an entry's bytes (held or at its source). */
function readAt(e: TreeEntry, offset: number, len: number): Buffer {
  if (e.content !== undefined && e.excerpt === undefined) return e.content.subarray(offset, offset + len);
  if (e.source === undefined) return Buffer.alloc(0);
  const out = Buffer.alloc(len);
  const fd = fs.openSync(e.source, 'r');
  try {
    let got = 0;
    for (let n; got < len && (n = fs.readSync(fd, out, got, len - got, offset + got)) > 0; ) got += n;
    return out.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Where a window into two files starts: CONTEXT_LINES lines before the line
 * holding their first difference, or, when that line is too long to fit,
 * shortly before the difference itself. Streams both files.
 */
export function windowStart(a: TreeEntry, b: TreeEntry): Excerpt {
  const starts = [0];
  let line = 0;
  for (let at = 0; ; at += CHUNK) {
    const x = readAt(a, at, CHUNK);
    const y = readAt(b, at, CHUNK);
    const n = Math.min(x.length, y.length);
    let i = 0;
    while (i < n && x[i] === y[i]) {
      if (x[i] === 0x0a) {
        line++;
        starts.push(at + i + 1);
        if (starts.length > CONTEXT_LINES + 1) starts.shift();
      }
      i++;
    }
    if (i < n || x.length !== y.length || n < CHUNK) {
      const differs = at + i;
      const lineStart = starts[starts.length - 1] as number;
      if (differs - lineStart > WINDOW / 2) return { offset: differs - 1024, line };
      const back = Math.min(CONTEXT_LINES, starts.length - 1);
      return { offset: starts[starts.length - 1 - back] as number, line: line - back };
    }
  }
}

/** A copy of e holding len bytes from start (a copy: the same entry may be shown in other windows). */
function excerpt(e: TreeEntry, start: Excerpt, len: number): TreeEntry {
  return { ...e, content: readAt(e, start.offset, len), excerpt: start };
}

/** Gives the entries of every tree difference the bytes the report shows. */
export function attachContents(diffs: readonly EffectDiff[]): void {
  for (const d of diffs) {
    if (d.effect !== 'tree') continue;
    for (const ch of d.changes) {
      if (ch.kind === 'content') {
        if ((ch.ref.size ?? 0) <= WHOLE && (ch.other.size ?? 0) <= WHOLE) {
          ch.ref.content = contentOf(ch.ref);
          ch.other.content = contentOf(ch.other);
        } else {
          const start = windowStart(ch.ref, ch.other);
          ch.ref = excerpt(ch.ref, start, WINDOW);
          ch.other = excerpt(ch.other, start, WINDOW);
        }
      } else if (ch.kind === 'extra' && ch.other.type === 'file' && ch.other.content === undefined) {
        ch.other = excerpt(ch.other, { offset: 0, line: 0 }, PREVIEW);
      }
    }
  }
}
