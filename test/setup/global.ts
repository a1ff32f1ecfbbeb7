// Builds the reference binaries once per `vitest run`, before any test file.
// A missing toolchain is not an error here: the tests that need it say so and
// skip (or fail when CI is set; see test/helpers/toolchains.ts).
import { execFileSync } from 'node:child_process';
import { goAvailable, GO_BIN_DIR, GO_MODULE_DIR } from '../helpers/toolchains.js';

export default function setup(): void {
  if (goAvailable()) {
    execFileSync('go', ['build', '-o', GO_BIN_DIR + '/', './cmd/...'], {
      cwd: GO_MODULE_DIR,
      stdio: 'inherit',
    });
  }
}
