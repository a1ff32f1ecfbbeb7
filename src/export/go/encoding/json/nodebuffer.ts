// Buffer's own latin1 decoder and UTF-8 encoder, called directly. Not Go:
// toString('latin1', ...) and write(s, p, 'utf8') check their arguments and
// look up the encoding before they get there, which on the decoder's many
// short strings cost as much as the decoding itself (a twentieth of an
// export's CPU). The ranges passed here are always within the buffer.
// A runtime without these methods gets the public calls.

interface BufferOps {
  latin1Slice(start: number, end: number): string;
  utf8Write(s: string, offset: number): number;
}

const has = (name: keyof BufferOps): boolean => typeof (Buffer.prototype as unknown as Partial<BufferOps>)[name] === 'function';

/** b.toString('latin1', start, end) */
export const latin1: (b: Buffer, start: number, end: number) => string = has('latin1Slice')
  ? (b, start, end) => (b as unknown as BufferOps).latin1Slice(start, end)
  : (b, start, end) => b.toString('latin1', start, end);

/** b.write(s, offset, 'utf8'): the bytes written. */
export const writeUtf8: (b: Buffer, s: string, offset: number) => number = has('utf8Write')
  ? (b, s, offset) => (b as unknown as BufferOps).utf8Write(s, offset)
  : (b, s, offset) => b.write(s, offset, 'utf8');
