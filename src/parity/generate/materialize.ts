// Writing a generated case to disk.
import fs from 'node:fs';
import type { GeneratedCase } from './lakehouse.js';
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
