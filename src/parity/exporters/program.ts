// An exporter that is one program at a known path, run one process per
// export (its CLI path): how `npm run golden` runs the Go reference and the
// golden test the exporter under test.
import fs from 'node:fs';
import { SetupError } from '../core/errors.js';
import { ProcessSession, type Command } from './session.js';
import type { Exporter, ExporterInfo, ExporterSession, Slot } from './types.js';

export class ProgramExporter implements Exporter {
  readonly prepareCost = 'quick';

  constructor(
    readonly name: string,
    private readonly cmd: Command,
  ) {}

  async prepare(): Promise<void> {
    if (!fs.existsSync(this.cmd.file)) throw new SetupError(`exporter ${this.name}: ${this.cmd.file} does not exist`);
  }

  describe(): ExporterInfo {
    return { name: this.name, kind: 'program', version: 'program', command: [this.cmd.file, ...this.cmd.args].join(' ') };
  }

  open(slot: Slot): ExporterSession {
    return new ProcessSession(this.cmd, slot);
  }
}
