// export_sft.go: ListScoredRunFiles, sortDirEntries.
//
// ListScoredRunFiles: {root}/data/scored-runs/*/*/*/*.jsonl in bytewise name
// order. Entry types come from the directory listing, as os.ReadDir's do: a
// symlink to a directory is not a directory (so it is not descended), while
// a `*.jsonl` entry of any type is listed (and later fails to read).
import fs from 'node:fs';
import { GoError } from './go/errors.js';
import { errnoCode } from './go/syscall.js';
import { pathError, readDir } from './go/os.js';
import { join, joinEntry } from './go/path/filepath.js';
import { hasSuffix } from './go/strings.js';

type Dirent = fs.Dirent<Buffer>;

/** os.ReadDir, or null on any error (the walk skips unreadable levels). */
function readDirOrSkip(dir: Buffer): Dirent[] | null {
  try {
    return readDir(dir);
  } catch {
    return null;
  }
}

/** Go's os.Stat(base) step: false when base does not exist; Go's error when the stat fails. */
function exists(base: Buffer): boolean {
  try {
    fs.statSync(base);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw pathError('stat', base, e).wrap(Buffer.concat([Buffer.from('stat '), base, Buffer.from(': ')]));
  }
}

export function listScoredRunFiles(root: Buffer): Buffer[] {
  if (root.length === 0) throw new GoError('distillation: empty root');
  const base = join(root, 'data', 'scored-runs');
  let years: Dirent[];
  try {
    years = readDir(base);
  } catch (e) {
    // Go stats base before reading it. A directory that can be read can be
    // stat'ed (the same lookup), so the stat is made only to tell which
    // error Go meets first.
    if (!exists(base)) return [];
    // os.ReadDir opens with O_DIRECTORY, so every failure is the open's.
    throw pathError('open', base, e).wrap(Buffer.concat([Buffer.from('read '), base, Buffer.from(': ')]));
  }
  const out: Buffer[] = [];
  for (const y of years) {
    if (!y.isDirectory()) continue;
    const yDir = joinEntry(base, y.name);
    for (const m of readDirOrSkip(yDir) ?? []) {
      if (!m.isDirectory()) continue;
      const mDir = joinEntry(yDir, m.name);
      for (const d of readDirOrSkip(mDir) ?? []) {
        if (!d.isDirectory()) continue;
        const dDir = joinEntry(mDir, d.name);
        for (const f of readDirOrSkip(dDir) ?? []) {
          if (hasSuffix(f.name, '.jsonl')) out.push(joinEntry(dDir, f.name));
        }
      }
    }
  }
  return out;
}
