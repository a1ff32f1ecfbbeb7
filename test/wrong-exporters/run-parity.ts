// Test helpers for the parity harness: run the built CLI (dist/, built by
// `npm test`) with a private TMPDIR, and build the wrong Go variants.
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import type { CauseJson, ParityReport } from '../../src/parity/index.js';
import { REPO_ROOT } from '../helpers/toolchains.js';

export const CLI = path.join(REPO_ROOT, 'dist/src/parity/cli.bundle.js');
export const WRONG = path.join(REPO_ROOT, 'test/wrong-exporters');

export interface ParityRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Entries the run left in its private TMPDIR (must be none). */
  leftInTmp: string[];
  ms: number;
}

/** A fresh private directory (the caller removes it). */
export function privateDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A private directory for the tests of one describe block: made before
 * them, removed after them. The getter gives its path inside the tests.
 */
export function usePrivateDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = privateDir(prefix);
  });
  afterAll(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error(`the private directory ${prefix}* is used outside its describe block's tests`);
    return dir;
  };
}

/**
 * Runs sft-parity with args, TMPDIR set to a fresh directory that is checked
 * and removed afterwards. Asynchronous on purpose: a run can take a minute
 * under load, and a worker blocked that long misses vitest's RPC deadline.
 */
export async function runParity(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ParityRun> {
  const tmp = privateDir('parity-test-tmp-');
  const started = Date.now();
  try {
    const r = await execa(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', ...env },
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: 256 << 20,
    });
    return { code: r.exitCode ?? null, stdout: r.stdout, stderr: r.stderr, leftInTmp: fs.readdirSync(tmp), ms: Date.now() - started };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Takes the first replay line of a report's text and runs it as pasted into
 * bash in the project's root (npm and all), with a private TMPDIR.
 */
export async function pasteReplay(report: string): Promise<ParityRun & { line: string }> {
  const line = /^\s+replay(?: \S+)?: (npm run parity -- .*)$/m.exec(report)?.[1];
  if (!line) throw new Error(`no replay line in the report:\n${report}`);
  const tmp = privateDir('parity-replay-tmp-');
  const started = Date.now();
  try {
    const r = await execa('bash', ['-c', line], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: 256 << 20,
    });
    return { line, code: r.exitCode ?? null, stdout: r.stdout, stderr: r.stderr, leftInTmp: fs.readdirSync(tmp), ms: Date.now() - started };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Starts sft-parity without waiting (for signal tests). */
export function startParity(args: readonly string[], tmp: string) {
  return spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Builds a wrong variant of the Go reference (see build-go-variant) into dir.
 * Asynchronous: a Go build under load can take a minute, longer than a
 * blocked worker may keep vitest waiting.
 */
export async function buildGoVariant(name: 'js-trim' | 'firewall', dir: string): Promise<string> {
  const out = path.join(dir, name);
  const r = await execa(path.join(WRONG, 'build-go-variant'), [name, out], { env: { ...process.env, TMPDIR: dir }, reject: false });
  if (r.exitCode !== 0) throw new Error(`build-go-variant ${name} failed: ${r.stderr}`);
  return out;
}

/** The JSON report of a run (--json FILE), as docs/report-json.md documents it, and one of its causes. */
export type JsonReport = ParityReport;
export type JsonCause = CauseJson;

/** A cause's identity as one string. */
export function causeId(c: { exporter?: string; effect: string; field: string | null; kind: string }): string {
  return `${c.exporter ?? ''} ${c.effect} ${c.kind} ${c.field ?? '-'}`;
}

export function readReport(file: string): JsonReport {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonReport;
}

/** Exporter name -> number of divergent cases. */
export function divergentCounts(r: JsonReport): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of r.cases) for (const x of c.results) m.set(x.exporter, (m.get(x.exporter) ?? 0) + (x.status === 'divergent' ? 1 : 0));
  return m;
}
