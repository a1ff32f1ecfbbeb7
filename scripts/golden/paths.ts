// Where the golden corpus and the reference binaries are. These modules run
// both from source (vitest imports scripts/golden/*.ts) and compiled
// (dist/scripts/golden/*.js via `npm run golden`), so the repository root is
// found by walking up to package.json rather than by a fixed number of `..`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'golden'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`golden: no repository root (package.json beside golden/) above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
export const GOLDEN_DIR = path.join(REPO_ROOT, 'golden');
export const CASES_DIR = path.join(GOLDEN_DIR, 'cases');
export const GENERATED_JSON = path.join(GOLDEN_DIR, 'GENERATED.json');
export const GO_MODULE_DIR = path.join(REPO_ROOT, 'reference/go');
export const GO_EXPORTER = path.join(GO_MODULE_DIR, 'bin/export-sft');
export const TS_EXPORTER = path.join(REPO_ROOT, 'bin/export-sft');
