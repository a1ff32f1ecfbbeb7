// Progress on a terminal: cases done, rate, divergences so far, rewritten in
// place on stderr a few times a second. Silent when stderr is not a TTY (CI
// logs want the report, not a thousand progress lines).

export class Progress {
  private done = 0;
  private divergent = 0;
  private readonly started = performance.now();
  private last = 0;
  private readonly enabled: boolean;

  private readonly stream: NodeJS.WriteStream;

  /** stream null: no progress at all. */
  constructor(
    private readonly total: number,
    stream: NodeJS.WriteStream | null = process.stderr,
  ) {
    this.stream = stream ?? process.stderr;
    this.enabled = stream?.isTTY === true;
  }

  tick(divergent: boolean): void {
    this.done++;
    if (divergent) this.divergent++;
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100 && this.done < this.total) return;
    this.last = now;
    const rate = this.done / Math.max(0.001, (now - this.started) / 1000);
    const line = `  ${this.done}/${this.total} cases · ${rate.toFixed(0)}/s · ${this.divergent} divergent`;
    this.stream.write(`\r${line}\x1b[K`);
  }

  /** A status line (shrinking, cleaning up) in place of the counter. */
  note(text: string): void {
    if (this.enabled) this.stream.write(`\r  ${text}\x1b[K`);
  }

  end(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}
