// The random part of the exporter's temporary file names (publish.ts, spool.ts).
//
// Math.random rather than node:crypto, whose loading was about a tenth of a
// one-shot export's start-up: the files are created with O_EXCL, so a name
// that is taken fails the create and is never written through, and nothing
// depends on the name being unguessable, only on two exports at once (in
// one process or several) not picking the same one.

/** 12 random hex digits. */
export function randomHex12(): string {
  const hi = Math.floor(Math.random() * 0x1000000);
  const lo = Math.floor(Math.random() * 0x1000000);
  return hi.toString(16).padStart(6, '0') + lo.toString(16).padStart(6, '0');
}
