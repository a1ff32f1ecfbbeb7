// Go's package flag as cmd/export-sft uses it (ContinueOnError): -name and
// --name, -name=value, a following argument as the value of a non-boolean
// flag, strconv.ParseBool values for booleans, "--" ends the flags, the
// first non-flag argument stops parsing, and Go's own error texts, so a
// usage error reads the same in every runtime.
import { goQuote } from './strconv/quote.js';
import { parseBool } from './strconv/atob.js';

export interface FlagSpec {
  readonly name: string;
  readonly bool: boolean;
}

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** flag.ErrHelp: -h or -help was given and is not a defined flag. */
export class HelpRequested extends Error {
  constructor() {
    super('flag: help requested');
    this.name = 'HelpRequested';
  }
}

export interface ParsedFlags {
  /** Flags that were set, in order of last setting; value as given. */
  values: Map<string, string | boolean>;
  /** Arguments left after the flags. */
  rest: string[];
}

export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string | boolean>();
  let k = 0;
  while (k < args.length) {
    const s = args[k]!;
    if (s.length < 2 || s[0] !== '-') break;
    let minuses = 1;
    if (s[1] === '-') {
      minuses = 2;
      if (s.length === 2) {
        k++;
        break;
      }
    }
    let name = s.slice(minuses);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
    k++;
    let value: string | undefined;
    const eq = name.indexOf('=', 1);
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = byName.get(name);
    if (spec === undefined) {
      if (name === 'help' || name === 'h') throw new HelpRequested();
      throw new FlagError(`flag provided but not defined: -${name}`);
    }
    if (spec.bool) {
      const v = value === undefined ? true : parseBool(value);
      if (v === undefined) throw new FlagError(`invalid boolean value ${quoteLatin1(value!)} for -${name}: parse error`);
      values.set(name, v);
      continue;
    }
    if (value === undefined) {
      if (k >= args.length) throw new FlagError(`flag needs an argument: -${name}`);
      value = args[k++]!;
    }
    values.delete(name); // keep "last set" order, as Visit's sorted walk does not matter here
    values.set(name, value);
  }
  return { values, rest: args.slice(k) };
}

/**
 * strconv.Quote of a byte-per-char (latin1) string, returned byte-per-char
 * too (usage errors are written as latin1): see strconv/quote.ts.
 */
function quoteLatin1(s: string): string {
  return Buffer.from(goQuote(Buffer.from(s, 'latin1')), 'utf8').toString('latin1');
}
