// Command lines from declarative flag tables: one table per command (a run
// in args.ts, merge in merge.ts) gives the parser, the --help text and the
// README's table of flags, so that the three cannot drift apart
// (test/readme-flags.test.ts compares the README with the table).
import { UsageError } from './core/errors.js';

/** One flag of a command: its names, its value, what --help and README.md say, and what it does. */
export interface Flag<O> {
  /** '--runs', or '-h' and '--help'. */
  names: readonly string[];
  /** The value's placeholder in --help ('N', 'FILE'); absent for a flag without a value. */
  value?: string;
  /** The --help heading the flag starts, when it starts a group. */
  group?: string;
  /** Its --help text; each '\n' starts an indented line. */
  help: string;
  /**
   * Its description in README.md's table; null: it shares the row of the flag
   * before it (README lists --dry-run with --recorded-at).
   */
  readme: string | null;
  /** Applies the flag (with its value, '' for a flag without one) to the options; a bad value throws UsageError. */
  apply(o: O, value: string, name: string): void;
}

/**
 * The words of a command line as flags, each with its value on demand: the
 * rest of --flag=value, or else the next word. A flag given an inline
 * value it did not ask for is a usage error.
 */
export function* flagWords(argv: readonly string[]): Generator<{ flag: string; value: () => string }> {
  const args = [...argv];
  while (args.length > 0) {
    let flag = args.shift() as string;
    let inline: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      inline = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    let asked = false;
    const value = (): string => {
      asked = true;
      if (inline !== undefined) return inline;
      const v = args.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value (see --help)`);
      return v;
    };
    yield { flag, value };
    if (inline !== undefined && !asked) throw new UsageError(`${flag} takes no value`);
  }
}

/**
 * Applies argv to `o` by the table. A word that is no flag of the table goes
 * to `other`, which returns false to make it a usage error.
 */
export function parseFlags<O>(argv: readonly string[], table: readonly Flag<O>[], o: O, other: (word: string) => boolean, unknown: (word: string) => string): O {
  const byName = new Map(table.flatMap((f) => f.names.map((n) => [n, f] as const)));
  for (const { flag, value } of flagWords(argv)) {
    const f = byName.get(flag);
    if (f) f.apply(o, f.value !== undefined ? value() : '', flag);
    else if (!other(flag)) throw new UsageError(unknown(flag));
  }
  return o;
}

/** The column where --help texts start. */
const HELP_COLUMN = 27;

/** The flag as --help and README.md name it: '-h, --help', '--runs N'. */
export function flagTitle(f: Flag<never>): string {
  return f.names.join(', ') + (f.value !== undefined ? ` ${f.value}` : '');
}

/** The --help lines of a table: group headings, each flag with its text in a column. */
export function helpLines(table: readonly Flag<never>[]): string {
  const out: string[] = [];
  for (const f of table) {
    if (f.group !== undefined) out.push('', f.group);
    const [first = '', ...rest] = f.help.split('\n');
    out.push(`  ${flagTitle(f).padEnd(HELP_COLUMN - 3)} ${first}`, ...rest.map((l) => `${' '.repeat(HELP_COLUMN)}${l}`));
  }
  return out.join('\n') + '\n';
}

/** The README.md table of a command's flags (Markdown), a row per flag or group of flags. */
export function readmeTable(table: readonly Flag<never>[]): string {
  const rows: { titles: string[]; text: string }[] = [];
  for (const f of table) {
    const title = `\`${flagTitle(f)}\``;
    const last = rows[rows.length - 1];
    if (f.readme === null && last) last.titles.push(title);
    else rows.push({ titles: [title], text: f.readme ?? '' });
  }
  return ['| flag | meaning |', '| --- | --- |', ...rows.map((r) => `| ${r.titles.join(', ')} | ${r.text} |`)].join('\n') + '\n';
}

/** A whole number >= min, or a usage error naming the flag. */
export function intValue(flag: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} wants a whole number >= ${min}, not ${JSON.stringify(v)}`);
  return Number(v);
}

/** A number of seconds > 0, or a usage error naming the flag. */
export function secondsValue(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`${flag} wants a number of seconds > 0, not ${JSON.stringify(v)}`);
  return n;
}

/** One of `values`, or a usage error naming the flag and them. */
export function oneOfValue<T extends string>(flag: string, v: string, values: readonly T[], note = ''): T {
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`${flag} wants one of ${values.join(', ')}, not ${JSON.stringify(v)}${note}`);
  return v as T;
}
