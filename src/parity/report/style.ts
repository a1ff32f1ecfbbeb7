// Colors for the text report: chalk when writing to a terminal, plain text
// without a TTY or with NO_COLOR set (https://no-color.org); FORCE_COLOR wins.
import { Chalk, type ChalkInstance } from 'chalk';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** Highlights an invisible or escaped character made visible. */
  mark(s: string): string;
}

export function colorWanted(stream: NodeJS.WriteStream): boolean {
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}

export function makeStyle(color: boolean): Style {
  const c: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  return {
    bold: (s) => c.bold(s),
    dim: (s) => c.dim(s),
    red: (s) => c.red(s),
    green: (s) => c.green(s),
    yellow: (s) => c.yellow(s),
    cyan: (s) => c.cyan(s),
    mark: (s) => (color ? c.inverse(s) : s),
  };
}
