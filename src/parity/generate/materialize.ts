// Writing a generated case to disk, and the --root value that goes with it.
import fs from 'node:fs';
import type { GeneratedCase, RootSpec } from './lakehouse.js';
import { writeTree } from '../tree/write.js';

/**
 * Writes the case's tree at `root` (created; must not exist or be empty).
 * For root spec 'missing' nothing is created: the root must not exist; for
 * 'file' the root is an empty regular file.
 */
export function materializeCase(c: GeneratedCase, root: string): void {
  if (c.root === 'missing') return;
  if (c.root === 'file') {
    fs.writeFileSync(root, '', { mode: 0o644 });
    return;
  }
  fs.mkdirSync(root, { recursive: true });
  writeTree(
    c.entries.map((e) =>
      e.kind === 'file'
        ? { path: e.path, type: 'file' as const, mode: e.mode, content: e.content }
        : e.kind === 'dir'
          ? { path: e.path, type: 'dir' as const, mode: e.mode }
          : { path: e.path, type: 'symlink' as const, mode: 0o777, target: e.target },
    ),
    root,
  );
}

/** The --root value for a root spec, given the directory the case was materialized in. */
export function rootArg(spec: RootSpec | string, dir: string): string {
  if (spec === 'empty') return '';
  if (spec === 'missing' || spec === 'dir' || spec === 'file') return dir;
  if (spec.startsWith('dir/')) return dir + spec.slice(3);
  throw new RangeError(`root spec ${JSON.stringify(spec)} has no --root value: use rootFlags (or one of dir, dir/<suffix>, missing, file, empty)`);
}

/** --root and LH_DISTILL_ROOT for a root spec (golden/README.md); undefined means absent. */
export function rootFlags(spec: RootSpec | string, dir: string): { root: string | undefined; envRoot: string | undefined } {
  if (spec === 'env') return { root: undefined, envRoot: dir };
  if (spec === 'none') return { root: undefined, envRoot: undefined };
  return { root: rootArg(spec, dir), envRoot: undefined };
}
