// path/filepath (Unix) on raw-byte paths: file names need not be UTF-8, and
// every byte of a path reaches the output (ids, output_path, error texts).

const SLASH = 0x2f;
const DOT = 0x2e;

export function bytes(s: string | Uint8Array): Buffer {
  return typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
}

/** filepath.Clean: lexical shortest equivalent path. */
export function clean(p: Buffer): Buffer {
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
  const first = elems.findIndex((e) => e.length > 0);
  if (first < 0) return Buffer.alloc(0);
  const parts = elems.slice(first).flatMap((e, k) => (k === 0 ? [bytes(e)] : [Buffer.from('/'), bytes(e)]));
  return clean(Buffer.concat(parts));
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
