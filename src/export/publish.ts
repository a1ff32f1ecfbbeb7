// export_sft.go, ExportSft: os.MkdirAll + os.WriteFile of the output.
//
// Writes the export where Go's os.MkdirAll + os.WriteFile would, leaving the
// same tree, but without ever exposing a half-written export: when the
// target is absent or a plain file, the bytes go to a temporary file in the
// same directory which then replaces the target in one rename (taking over
// the old file's mode, as an in-place truncate would keep it).
// When the target is anything else (a symlink, which Go writes through; a
// hard-linked file, whose other names must see the new bytes; a directory,
// which must fail as Go fails), the file is opened exactly as Go opens it.
import fs from 'node:fs';
import { pathError, writeFile as goWriteFile } from './go/os.js';
import { base, dir, joinEntry } from './go/path/filepath.js';
import { randomHex12 } from './tmpname.js';
import type { Spool } from './spool.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/*
 * Termination signals are deferred while a temporary file exists: a signal
 * that arrives then ends the process (by that signal) once the export is
 * published. Node hands a signal to JavaScript only from its event loop, so
 * one that arrived while the (synchronous) publish ran is still on its way
 * when the publish returns: removing the listeners right then dropped it (a
 * Ctrl-C ignored, a --batch process living on after SIGTERM). They are
 * removed only after the loop has polled once since the last publish ended
 * (two setImmediate hops: the first may run before that poll), and a
 * --batch process starts its next request only after that (signalsSettled).
 */
let listening = false;
/** Counts publishes: a removal scheduled before a later publish began leaves the listeners to it. */
let publishes = 0;
let settled: Promise<void> = Promise.resolve();

function onSignal(sig: NodeJS.Signals): void {
  stopListening();
  process.kill(process.pid, sig);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const s of SIGNALS) process.off(s, onSignal);
}

function withSignalsDeferred(fn: () => void): void {
  if (!listening) {
    listening = true;
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  const mine = ++publishes;
  try {
    fn();
  } finally {
    settled = new Promise((resolve) => {
      setImmediate(() =>
        setImmediate(() => {
          if (mine === publishes) stopListening();
          resolve();
        }),
      );
    });
  }
}

/**
 * Resolves once a signal that arrived during the last publish has been
 * acted on, and the default handling of termination signals is back.
 */
export function signalsSettled(): Promise<void> {
  return settled;
}

/** os.WriteFile(p, spool, 0o644) with an atomic publish where Go's result allows it. */
export function writeFile(p: Buffer, spool: Spool): void {
  let st: fs.Stats | null = null;
  try {
    // Absent is the common case: told without an exception.
    st = fs.lstatSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return writeInPlace(p, spool);
  }
  if (st !== null && !replaceable(p, st)) return writeInPlace(p, spool);
  const existing = st;
  withSignalsDeferred(() => {
    const tmp = joinEntry(dir(p), Buffer.concat([Buffer.from('.'), base(p), Buffer.from(`.${randomHex12()}.tmp`)]));
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'wx', 0o644);
    } catch {
      // Cannot create a sibling (e.g. a read-only directory holding a
      // writable file): Go's in-place write may still succeed.
      return writeInPlace(p, spool);
    }
    try {
      if (existing !== null) fs.fchmodSync(fd, existing.mode & 0o7777);
      spool.writeTo(fd);
      fs.closeSync(fd);
      fs.renameSync(tmp, p);
    } catch (e) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
      fs.rmSync(tmp, { force: true });
      throw pathError('write', p, e);
    }
  });
}

/**
 * Whether replacing the existing target by a rename leaves what Go's
 * truncate-and-write would: a plain file with one name, ours (so the new
 * file's owner is the same), that we may open for writing (else Go fails).
 */
function replaceable(p: Buffer, st: fs.Stats): boolean {
  if (!st.isFile() || st.nlink !== 1) return false;
  if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) return false;
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Exactly os.WriteFile: open (following symlinks), truncate, write. */
function writeInPlace(p: Buffer, spool: Spool): void {
  goWriteFile(p, (fd) => spool.writeTo(fd), 0o644);
}
