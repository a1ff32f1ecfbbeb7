// An exporter given on the command line as --exporter NAME=CMD: any program
// that honours docs/exporter-cli.md. CMD is a shell command line; the contract's
// flags are appended as separate, quoted words ("$@"), and each export runs
// in its own process.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError, UsageError } from '../core/errors.js';
import { probeCommand } from './probe.js';
import { ProcessSession, type Command } from './session.js';
import type { Exporter, ExporterInfo, ExporterSession, PrepareContext, Slot } from './types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class CommandExporter implements Exporter {
  constructor(
    readonly name: string,
    private readonly commandLine: string,
  ) {}

  /** Parses NAME=CMD; relative paths in CMD are taken from `cwd` (see absolutize). */
  static parse(spec: string, cwd: string = invocationDir()): CommandExporter {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? '' : spec.slice(0, eq);
    const cmd = eq < 0 ? '' : spec.slice(eq + 1).trim();
    if (!NAME.test(name) || cmd === '') {
      throw new UsageError(`--exporter wants NAME=CMD (NAME of letters, digits, '.', '_', '-'; CMD a command line), not ${JSON.stringify(spec)}`);
    }
    return new CommandExporter(name, absolutize(cmd, cwd));
  }

  readonly prepareCost = 'quick';

  /** The command does not change; prepare only makes sure it can run at all (probe.ts). */
  async prepare(ctx: PrepareContext): Promise<void> {
    if (this.commandLine.includes('\0')) throw new SetupError(`exporter "${this.name}": the command contains a NUL byte`);
    await probeCommand(this.name, this.command(), ctx);
  }

  describe(): ExporterInfo {
    // It has no build to identify.
    return { name: this.name, kind: 'external', version: 'external command', command: this.commandLine };
  }

  open(slot: Slot): ExporterSession {
    return new ProcessSession(this.command(), slot);
  }

  /**
   * sh -c 'CMD "$@"' NAME flags...: CMD keeps shell syntax (quotes, env
   * assignments, `cd x &&`), and the flags arrive as exact words.
   */
  private command(): Command {
    return { file: '/bin/sh', args: ['-c', `${this.commandLine} "$@"`, this.name] };
  }
}

/** Where the user ran the command: npm run sets cwd to the package, and INIT_CWD to where npm was run. */
export function invocationDir(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

/**
 * Exports run with the scratch directory as their working directory (so an
 * exporter that writes beside its cwd is caught). A command written relative
 * to where the harness was started (./bin/x, node scripts/x.js) would then
 * not be found: every plain word of CMD that contains a '/' and names an
 * existing file or directory relative to `cwd` is made absolute. Quoted words
 * and words with shell syntax are left alone.
 */
export function absolutize(cmd: string, cwd: string): string {
  return cmd.replace(/(^|\s)([A-Za-z0-9_.+@%:,=-]*\/[A-Za-z0-9_.+@%:,/=-]*)(?=\s|$)/g, (all, lead: string, word: string) => {
    if (word.startsWith('/') || word.startsWith('-') || word.includes('=')) return all;
    const abs = path.resolve(cwd, word);
    return fs.existsSync(abs) && /^[A-Za-z0-9_.+@%:,/=-]+$/.test(abs) ? lead + abs : all;
  });
}
