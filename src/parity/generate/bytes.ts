// Generated file contents are built as byte strings: one char per byte
// (latin1), so that any bytes, invalid UTF-8 included, are a plain JS string.
// Joining strings is much cheaper than Buffer.from/concat on every piece of
// every line; a file becomes a Buffer once, when it is whole.

/** The UTF-8 bytes of text, as a byte string. */
export function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Bytes as a byte string. */
export function latin1Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A byte string's bytes. */
export function bytesOf(bytes: string): Buffer {
  return Buffer.from(bytes, 'latin1');
}
