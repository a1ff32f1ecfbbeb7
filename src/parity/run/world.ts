// A slot's scratch directory prepared for one export: emptied, the case's
// tree copied to <slot>/root, and the --root / LH_DISTILL_ROOT the case's
// root spec asks for (golden/README.md). Every exporter of a case runs in the
// same slot, so every exporter sees the same absolute paths.
import fs from 'node:fs';
import path from 'node:path';
import type { ParityCase } from '../cases/case.js';
import { rootFlags } from '../generate/materialize.js';
import { writeTree } from '../tree/write.js';

export interface World {
  root: string | undefined;
  envRoot: string | undefined;
  /** The absolute path of <slot>/root, which stdout and stderr may contain. */
  rootPath: string;
}

/** Empties dir (keeping dir itself) without following symlinks; names may be any bytes. */
export function clearDir(dir: string): void {
  const base = Buffer.from(dir + '/');
  for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
    fs.rmSync(Buffer.concat([base, name]), { recursive: true, force: true });
  }
}

export function prepareWorld(slotDir: string, c: ParityCase): World {
  clearDir(slotDir);
  const rootPath = path.join(slotDir, 'root');
  if (c.root === 'file') fs.writeFileSync(rootPath, '', { mode: 0o644 });
  else if (c.root !== 'missing') {
    fs.mkdirSync(rootPath, { mode: 0o755 });
    writeTree(c.entries, rootPath);
  }
  return { ...rootFlags(c.root, rootPath), rootPath };
}
