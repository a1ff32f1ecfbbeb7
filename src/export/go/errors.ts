// Go's error values as the seed returns them: an error is its text (here
// raw bytes, since it may hold path bytes that are not UTF-8), and
// fmt.Errorf("prefix: %w", err) prepends to it.

/** A Go error, whose message is exactly Go's err.Error(). */
export class GoError extends Error {
  /** The message as raw bytes (it may hold path bytes that are not UTF-8). */
  readonly bytes: Buffer;
  constructor(bytes: Buffer | string) {
    const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    super(b.toString('utf8'));
    this.name = 'GoError';
    this.bytes = b;
  }

  /** fmt.Errorf("<prefix>%w", err) */
  wrap(prefix: string | Buffer): GoError {
    return new GoError(Buffer.concat([typeof prefix === 'string' ? Buffer.from(prefix) : prefix, this.bytes]));
  }
}
