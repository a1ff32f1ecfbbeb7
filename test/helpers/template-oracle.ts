// Go's buildInstruction as an oracle (reference/go/cmd/template-oracle), for
// the template properties.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { GO_BIN_DIR } from './toolchains.js';

/** The template oracle died or answered something that is not an instruction. */
export class TemplateOracleError extends Error {
  override name = 'TemplateOracleError';
}

/**
 * reference/go/bin/template-oracle: Go's buildInstruction, one JSON request
 * line in, the instruction as a JSON string out. One request at a time.
 */
export class TemplateOracle {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #lines: AsyncIterator<string>;

  constructor() {
    this.#child = spawn(path.join(GO_BIN_DIR, 'template-oracle'), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#child.stdin.on('error', () => undefined); // reported by the next read instead
    this.#lines = createInterface({ input: this.#child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async buildInstruction(stem: string, taskId: string, firstSourceFile: string): Promise<string> {
    this.#child.stdin.write(JSON.stringify({ stem, task_id: taskId, first_source_file: firstSourceFile }) + '\n');
    const next = await this.#lines.next();
    if (next.done === true) throw new TemplateOracleError('template-oracle ended without answering');
    const answer = JSON.parse(next.value) as unknown;
    if (typeof answer !== 'string') throw new TemplateOracleError(`template-oracle: ${next.value}`);
    return answer;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    await exited;
  }
}
