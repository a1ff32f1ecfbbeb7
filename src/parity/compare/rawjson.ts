// A JSON reader that keeps the raw bytes of every value. The comparison needs
// to say which field of a line differs and show both values exactly as
// written (escapes and all), which a parse-to-objects reader cannot do.

export type RawValue =
  | { kind: 'object'; raw: Buffer; members: RawMember[] }
  | { kind: 'array'; raw: Buffer; items: RawValue[] }
  | { kind: 'scalar'; raw: Buffer };

export interface RawMember {
  /** The key decoded (JSON.parse of its token); the raw token is keyRaw. */
  key: string;
  keyRaw: Buffer;
  value: RawValue;
}

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}

  ws(): void {
    while (this.i < this.b.length) {
      const c = this.b[this.i];
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  fail(): never {
    throw new SyntaxError(`not JSON at byte ${this.i}`);
  }

  value(depth: number): RawValue {
    if (depth > 200) this.fail();
    this.ws();
    const start = this.i;
    const c = this.b[this.i];
    if (c === 0x7b) {
      this.i++;
      const members: RawMember[] = [];
      this.ws();
      if (this.b[this.i] === 0x7d) this.i++;
      else {
        for (;;) {
          this.ws();
          const ks = this.i;
          this.string();
          const keyRaw = this.b.subarray(ks, this.i);
          let key: string;
          try {
            key = JSON.parse(keyRaw.toString('utf8')) as string;
          } catch {
            key = keyRaw.toString('utf8');
          }
          this.ws();
          if (this.b[this.i] !== 0x3a) this.fail();
          this.i++;
          members.push({ key, keyRaw, value: this.value(depth + 1) });
          this.ws();
          if (this.b[this.i] === 0x2c) this.i++;
          else if (this.b[this.i] === 0x7d) {
            this.i++;
            break;
          } else this.fail();
        }
      }
      return { kind: 'object', raw: this.b.subarray(start, this.i), members };
    }
    if (c === 0x5b) {
      this.i++;
      const items: RawValue[] = [];
      this.ws();
      if (this.b[this.i] === 0x5d) this.i++;
      else {
        for (;;) {
          items.push(this.value(depth + 1));
          this.ws();
          if (this.b[this.i] === 0x2c) this.i++;
          else if (this.b[this.i] === 0x5d) {
            this.i++;
            break;
          } else this.fail();
        }
      }
      return { kind: 'array', raw: this.b.subarray(start, this.i), items };
    }
    if (c === 0x22) {
      this.string();
      return { kind: 'scalar', raw: this.b.subarray(start, this.i) };
    }
    // Numbers and literals: a run of their characters, checked loosely (the
    // reader only needs the span; JSON.parse judges validity where it matters).
    while (this.i < this.b.length && /[-+.0-9a-zA-Z]/.test(String.fromCharCode(this.b[this.i] ?? 0))) this.i++;
    if (this.i === start) this.fail();
    return { kind: 'scalar', raw: this.b.subarray(start, this.i) };
  }

  string(): void {
    if (this.b[this.i] !== 0x22) this.fail();
    this.i++;
    while (this.i < this.b.length) {
      const c = this.b[this.i];
      if (c === 0x5c) this.i += 2;
      else if (c === 0x22) {
        this.i++;
        return;
      } else this.i++;
    }
    this.fail();
  }
}

/** Reads one JSON value filling all of b (surrounding white space allowed); null if it is not one. */
export function readRaw(b: Buffer): RawValue | null {
  const r = new Reader(b);
  try {
    const v = r.value(0);
    r.ws();
    return r.i === b.length ? v : null;
  } catch {
    return null;
  }
}

/** The raw value of a top-level member, or undefined. The last one wins, as in Go. */
export function member(v: RawValue | null, key: string): RawValue | undefined {
  if (v?.kind !== 'object') return undefined;
  let found: RawValue | undefined;
  for (const m of v.members) if (m.key === key) found = m.value;
  return found;
}

/** One place where two JSON values differ: its path and both raw values (undefined where one side lacks it). */
export interface RawDifference {
  path: string;
  a: Buffer | undefined;
  b: Buffer | undefined;
}

/**
 * The first place two JSON values differ, as a path of keys and indexes
 * ('provenance.recorded_at', 'items[2]') with both raw values; undefined when
 * they are byte-identical. Members are compared in order, as Go writes them.
 */
export function firstDifference(a: RawValue, b: RawValue): RawDifference | undefined {
  for (const d of differences(a, b)) return d;
  return undefined;
}

/** Every place two JSON values differ, in order (firstDifference's walk, not stopping). */
export function* differences(a: RawValue, b: RawValue, path = ''): Generator<RawDifference> {
  if (a.raw.equals(b.raw)) return;
  let found = false;
  if (a.kind === 'object' && b.kind === 'object') {
    const n = Math.max(a.members.length, b.members.length);
    for (let i = 0; i < n; i++) {
      const x = a.members[i];
      const y = b.members[i];
      const name = x?.key ?? y?.key ?? '?';
      const here = path === '' ? name : `${path}.${name}`;
      if (!x || !y) {
        found = true;
        yield { path: here, a: x?.value.raw, b: y?.value.raw };
      } else if (!x.keyRaw.equals(y.keyRaw)) {
        // Members out of step: what follows is not comparable member by member.
        yield { path: `${path === '' ? '' : path + '.'}(member ${i + 1}: key ${x.key} vs ${y.key})`, a: x.keyRaw, b: y.keyRaw };
        return;
      } else
        for (const d of differences(x.value, y.value, here)) {
          found = true;
          yield d;
        }
    }
  } else if (a.kind === 'array' && b.kind === 'array') {
    const n = Math.max(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const x = a.items[i];
      const y = b.items[i];
      const here = `${path}[${i}]`;
      if (!x || !y) {
        found = true;
        yield { path: here, a: x?.raw, b: y?.raw };
      } else
        for (const d of differences(x, y, here)) {
          found = true;
          yield d;
        }
    }
  }
  // Same members, different bytes between them (white space): the whole value differs.
  if (!found) yield { path: path === '' ? '(whole value)' : path, a: a.raw, b: b.raw };
}
