// Headless Chromium for the tests that look at the --html page as a person
// would (Debian's `chromium`; .ci/run installs it). Tests skip with a visible
// message when it is absent, and fail instead when CI is set. Every run gets
// its own profile, config and temp directories, removed afterwards, so
// nothing is left in the home directory.
import { spawnSync } from 'node:child_process';
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BINARY = process.env['CHROMIUM'] ?? 'chromium';

let found: boolean | undefined;
export function chromiumAvailable(): boolean {
  found ??= spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
  return found;
}

export function requireChromium(what: string): boolean {
  if (chromiumAvailable()) return true;
  if (process.env['CI']) throw new Error(`${what}: headless Chromium is required in CI but '${BINARY}' is not on PATH (apt-get install chromium)`);
  console.warn(`SKIPPED ${what}: '${BINARY}' is not on PATH (apt-get install chromium to run it)`);
  return false;
}

/** Runs headless Chromium on url with extra flags; returns its stdout. */
export async function chromium(url: string, flags: readonly string[]): Promise<string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-chromium-'));
  try {
    const dirs = ['profile', 'config', 'cache', 'tmp'].map((d) => path.join(home, d));
    for (const d of dirs) fs.mkdirSync(d);
    const [profile, config, cache, tmp] = dirs as [string, string, string, string];
    const r = await execa(
      BINARY,
      // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, ...flags, url],
      { env: { ...process.env, XDG_CONFIG_HOME: config, XDG_CACHE_HOME: cache, TMPDIR: tmp }, timeout: 90_000, reject: false, maxBuffer: 256 << 20 },
    );
    if (r.exitCode !== 0) throw new Error(`chromium ${flags.join(' ')} ${url} exited with ${r.exitCode}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The DOM after the page's scripts ran. */
export function dumpDom(url: string): Promise<string> {
  return chromium(url, ['--dump-dom']);
}

/** A PNG of the page's top, width × height CSS pixels. */
export async function screenshot(url: string, file: string, width: number, height: number): Promise<void> {
  await chromium(url, [`--screenshot=${file}`, `--window-size=${width},${height}`]);
  if (!fs.existsSync(file)) throw new Error(`chromium wrote no screenshot to ${file}`);
}
