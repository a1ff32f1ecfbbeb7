// path/filepath (Unix) on raw-byte paths: file names need not be UTF-8, and
// every byte of a path reaches the output (ids, output_path, error texts).

const SLASH = 0x2f;
const DOT = 0x2e;

export function bytes(s: string | Uint8Array): Buffer {
  return typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
}

/**
 * Whether Clean(p) is p: no empty, "." or ".." element and no trailing
 * slash. The paths the export builds (from a root given as it usually is)
 * are, and telling so is cheaper than splitting them.
 */
function isClean(p: Buffer): boolean {
  const n = p.length;
  if (n === 0 || (n > 1 && p[n - 1] === SLASH)) return false;
  let el = 0; // where the current element starts
  for (let i = 0; i <= n; i++) {
    if (i < n && p[i] !== SLASH) continue;
    const len = i - el;
    // An empty element is allowed only before a leading '/'.
    if (len === 0 && i > 0) return false;
    if (p[el] === DOT && (len === 1 || (len === 2 && p[el + 1] === DOT))) return false;
    el = i + 1;
  }
  return true;
}

/** filepath.Clean: lexical shortest equivalent path (p itself when it is already clean). */
export function clean(p: Buffer): Buffer {
  if (isClean(p)) return p;
  if (p.length === 0) return Buffer.from('.');
  const rooted = p[0] === SLASH;
  const parts: Buffer[] = [];
  let dotdots = 0; // leading '..' kept in a relative path
  let i = 0;
  while (i < p.length) {
    let j = i;
    while (j < p.length && p[j] !== SLASH) j++;
    const el = p.subarray(i, j);
    i = j + 1;
    if (el.length === 0 || (el.length === 1 && el[0] === DOT)) continue;
    if (el.length === 2 && el[0] === DOT && el[1] === DOT) {
      if (parts.length > dotdots) parts.pop();
      else if (!rooted) {
        parts.push(el);
        dotdots++;
      }
      continue;
    }
    parts.push(el);
  }
  const body = Buffer.concat(parts.flatMap((el, k) => (k === 0 ? [el] : [Buffer.from('/'), el])));
  if (rooted) return Buffer.concat([Buffer.from('/'), body]);
  return body.length === 0 ? Buffer.from('.') : body;
}

/** filepath.Join: the non-empty elements joined by '/', cleaned; "" if none. */
export function join(...elems: (string | Uint8Array)[]): Buffer {
  // Go joins the elements from the first non-empty one; the empty ones after
  // it add a '/' that Clean removes, so leaving them out is the same.
  const parts: Buffer[] = [];
  let len = -1;
  for (const e of elems) {
    if (e.length === 0) continue;
    const b = bytes(e);
    parts.push(b);
    len += b.length + 1;
  }
  if (parts.length === 0) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(len);
  let at = 0;
  for (const b of parts) {
    if (at > 0) out[at++] = SLASH;
    at += b.copy(out, at);
  }
  return clean(out);
}

/**
 * filepath.Join(dir, name) for a clean dir that is neither "." nor "/" and a
 * directory-entry name (no '/', not "." or ".."): plain concatenation, which
 * is what Clean would return anyway. The walk's hot path.
 */
export function joinEntry(dir: Buffer, name: Buffer): Buffer {
  const out = Buffer.allocUnsafe(dir.length + 1 + name.length);
  dir.copy(out, 0);
  out[dir.length] = SLASH;
  name.copy(out, dir.length + 1);
  return out;
}

/** filepath.Base */
export function base(p: Buffer): Buffer {
  if (p.length === 0) return Buffer.from('.');
  let e = p.length;
  while (e > 0 && p[e - 1] === SLASH) e--;
  if (e === 0) return Buffer.from('/');
  let s = e;
  while (s > 0 && p[s - 1] !== SLASH) s--;
  return p.subarray(s, e);
}

/** filepath.Dir */
export function dir(p: Buffer): Buffer {
  let s = p.length;
  while (s > 0 && p[s - 1] !== SLASH) s--;
  return clean(p.subarray(0, s));
}
