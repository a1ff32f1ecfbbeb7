// An exporter given on the command line as --exporter NAME=CMD: any program
// that honours EXPORTER-CLI.md. CMD is a shell command line; the contract's
// flags are appended as separate, quoted words ("$@"), and each export runs
// in its own process.
import { SetupError, UsageError } from '../errors.js';
import { ProcessSession } from './session.js';
import type { Exporter, ExporterInfo, ExporterSession, Slot } from './types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class CommandExporter implements Exporter {
  constructor(
    readonly name: string,
    private readonly commandLine: string,
  ) {}

  /** Parses NAME=CMD. */
  static parse(spec: string): CommandExporter {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? '' : spec.slice(0, eq);
    const cmd = eq < 0 ? '' : spec.slice(eq + 1).trim();
    if (!NAME.test(name) || cmd === '') {
      throw new UsageError(`--exporter wants NAME=CMD (NAME of letters, digits, '.', '_', '-'; CMD a command line), not ${JSON.stringify(spec)}`);
    }
    return new CommandExporter(name, cmd);
  }

  async prepare(): Promise<void> {
    if (this.commandLine.includes('\0')) throw new SetupError(`exporter ${this.name}: the command contains a NUL byte`);
  }

  describe(): ExporterInfo {
    return { name: this.name, version: 'external command', command: this.commandLine };
  }

  open(slot: Slot): ExporterSession {
    // sh -c 'CMD "$@"' NAME flags...: CMD keeps shell syntax (quotes, env
    // assignments, `cd x &&`), and the flags arrive as exact words.
    return new ProcessSession({ file: '/bin/sh', args: ['-c', `${this.commandLine} "$@"`, this.name] }, slot);
  }
}
