// Go's package os as the seed uses it: errors of file operations
// (*os.PathError: "<op> <path>: <errno text>"), os.ReadDir, os.MkdirAll and
// os.WriteFile with Go's error texts, and os.Args / os.LookupEnv as bytes.
//
// Command-line arguments and environment values are the bytes the process
// received. Node decodes argv and the environment as UTF-8, replacing bytes
// that are not; Go's os.Args and os.Getenv keep them, and they reach the
// output (a root path in output_path and error texts, --recorded-at in every
// sample, a bad flag in the usage error). On Linux /proc/self has the raw
// bytes; elsewhere, or if they do not match what Node decoded, the decoded
// strings are used.
import fs from 'node:fs';
import { GoError } from './errors.js';
import { ENOTDIR, errnoText } from './syscall.js';

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

/** &os.PathError{Op: op, Path: path, Err: e} */
export function pathError(op: string, path: Buffer, e: unknown): GoError {
  return new GoError(Buffer.concat([Buffer.from(op + ' '), path, Buffer.from(': ' + errnoText(e))]));
}

/** &os.PathError with an errno given by number (e.g. syscall.ENOTDIR = 20). */
export function pathErrno(op: string, path: Buffer, errno: number): GoError {
  return pathError(op, path, { errno });
}

type Dirent = fs.Dirent<Buffer>;

function byName(a: Dirent, b: Dirent): number {
  return Buffer.compare(a.name, b.name);
}

/** os.ReadDir, sorted by name bytes; throws the Node error. */
export function readDir(dir: Buffer): Dirent[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  return entries.sort(byName);
}

/** os.MkdirAll(p, perm), error texts included. */
export function mkdirAll(p: Buffer, perm: number): void {
  try {
    // A missing directory is the common case: told without an exception.
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) return;
    if (st !== undefined) throw pathErrno('mkdir', p, ENOTDIR);
  } catch (e) {
    if (e instanceof GoError) throw e;
  }
  let i = p.length - 1;
  while (i >= 0 && p[i] === 0x2f) i--;
  while (i >= 0 && p[i] !== 0x2f) i--;
  if (i < 0) i = 0;
  const parent = p.subarray(0, i);
  if (parent.length > 0) mkdirAll(parent, perm);
  try {
    fs.mkdirSync(p, { mode: perm });
  } catch (e) {
    // "foo/." and races: a directory that exists after all is success.
    try {
      if (fs.lstatSync(p).isDirectory()) return;
    } catch {
      // fall through to Mkdir's own error
    }
    throw pathError('mkdir', p, e);
  }
}

/**
 * Exactly os.WriteFile(p, data, perm): open (following symlinks), truncate,
 * write; `write` writes the data to the open file descriptor.
 */
export function writeFile(p: Buffer, write: (fd: number) => void, perm: number): void {
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, perm);
  } catch (e) {
    throw pathError('open', p, e);
  }
  try {
    write(fd);
  } catch (e) {
    throw pathError('write', p, e);
  } finally {
    fs.closeSync(fd);
  }
}
