// Command-line arguments and environment values as the bytes the process
// received. Node decodes argv and the environment as UTF-8, replacing bytes
// that are not; Go's os.Args and os.Getenv keep them, and they reach the
// output (a root path in output_path and error texts, --recorded-at in every
// sample, a bad flag in the usage error). On Linux /proc/self has the raw
// bytes; elsewhere, or if they do not match what Node decoded, the decoded
// strings are used.
import fs from 'node:fs';

function splitNul(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0) {
      out.push(b.subarray(s, i));
      s = i + 1;
    }
  }
  if (s < b.length) out.push(b.subarray(s));
  return out;
}

function readProc(name: string): Buffer | undefined {
  try {
    return fs.readFileSync(`/proc/self/${name}`);
  } catch {
    return undefined;
  }
}

/** The raw bytes of the user arguments (process.argv.slice(2)). */
export function rawArgs(decoded: readonly string[]): Buffer[] {
  const cmdline = readProc('cmdline');
  if (cmdline !== undefined) {
    const all = splitNul(cmdline);
    const raw = all.slice(all.length - decoded.length);
    if (raw.length === decoded.length && raw.every((b, k) => b.toString('utf8') === decoded[k])) return raw;
  }
  return decoded.map((s) => Buffer.from(s));
}

/** os.LookupEnv(name) as bytes. */
export function rawEnv(name: string): Buffer | undefined {
  const decoded = process.env[name];
  if (decoded === undefined) return undefined;
  const environ = readProc('environ');
  if (environ !== undefined) {
    const prefix = Buffer.from(name + '=');
    for (const kv of splitNul(environ)) {
      if (kv.subarray(0, prefix.length).equals(prefix)) {
        const v = kv.subarray(prefix.length);
        if (v.toString('utf8') === decoded) return v;
      }
    }
  }
  return Buffer.from(decoded);
}
