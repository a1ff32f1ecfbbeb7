// Removing a tree the harness made, whatever its modes.
import fs from 'node:fs';

/**
 * rm -rf that also removes what its owner cannot read: an overlay's work
 * directory holds a directory of mode 0000, which only root could descend.
 */
export function removeTree(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  } catch {
    // EACCES somewhere below: open everything up, then try again.
  }
  const open = (d: Buffer): void => {
    try {
      fs.chmodSync(d, 0o700);
      for (const e of fs.readdirSync(d, { encoding: 'buffer', withFileTypes: true })) if (e.isDirectory()) open(Buffer.concat([d, Buffer.from('/'), e.name]));
    } catch {
      // gone already, or not ours
    }
  };
  open(Buffer.from(dir));
  fs.rmSync(dir, { recursive: true, force: true });
}
