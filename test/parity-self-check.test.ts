// The harness's self-check: deliberately wrong exporters (test/wrong-exporters,
// each the Go reference with one effect perturbed) must all be caught by the
// default run (golden corpus, built-in cases, default generated cases), each
// named by the cause of its perturbation, and the unperturbed control must pass.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxProblem } from './helpers/sandbox.js';
import { requireGo } from './helpers/toolchains.js';
import { WRONG, buildGoVariant, divergentCounts, usePrivateDir, readReport, runParity } from './wrong-exporters/run-parity.js';

const SCRIPTS: Record<string, string> = {
  'html-unescaped': 'html-unescaped',
  crlf: 'crlf',
  'drop-last-line': 'drop-last-line',
  'temp-file': 'temp-file',
  'count-off-by-one': 'count-off-by-one',
  'error-text': 'error-text',
  'exit-zero-on-error': 'exit-zero-on-error',
  'ascii-escape': 'ascii-escape',
};

// Without a sandbox this one would write its file for real: only with one.
const OUTSIDE = (await sandboxProblem()) === '' ? { 'writes-outside': 'writes-outside' } : {};

/** The cause each perturbation must be reported as (effect, kind, and the field where it is fixed). */
const EXPECTED: Record<string, { effect: string; kind: string; field?: string | null }> = {
  'html-unescaped': { effect: 'tree', kind: 'escape-html', field: 'data/distilled/sft/sft_export.jsonl' },
  crlf: { effect: 'tree', kind: 'line-end', field: 'data/distilled/sft/sft_export.jsonl' },
  'drop-last-line': { effect: 'tree', kind: 'missing-line', field: 'data/distilled/sft/sft_export.jsonl' },
  'temp-file': { effect: 'tree', kind: 'extra-file', field: 'data/distilled/sft/.sft_export.jsonl.tmp' },
  'count-off-by-one': { effect: 'stdout', kind: 'count', field: 'records_read' },
  'error-text': { effect: 'stderr', kind: 'error-text' },
  'exit-zero-on-error': { effect: 'exit_code', kind: 'exit-code', field: '1→0' },
  'ascii-escape': { effect: 'tree', kind: 'escape-non-ascii', field: 'data/distilled/sft/sft_export.jsonl' },
  'js-trim': { effect: 'stdout', kind: 'count' },
  'firewall-leak': { effect: 'stdout', kind: 'count', field: 'records_quarantined' },
  'writes-outside': { effect: 'run', kind: 'write-outside' },
};

describe.runIf(requireGo('parity self-check against wrong exporters'))('parity self-check', () => {
  const dir = usePrivateDir('parity-self-check-');

  // Eleven exporters on the whole default run, one process per export for
  // each command: minutes on two busy cores, hence the long timeout.
  it('the default run catches every wrong exporter, names it, and passes the control', async () => {
    const variants = { 'js-trim': await buildGoVariant('js-trim', dir()), 'firewall-leak': await buildGoVariant('firewall', dir()) };
    const wrong: Record<string, string> = {
      ...Object.fromEntries(Object.entries({ ...SCRIPTS, ...OUTSIDE }).map(([name, script]) => [name, path.join(WRONG, script)])),
      ...variants,
    };
    const json = path.join(dir(), 'report.json');
    const args = [
      '--exporters', ['go', 'control', ...Object.keys(wrong)].join(','),
      '--exporter', `control=${path.join(WRONG, 'passthrough')}`,
      ...Object.entries(wrong).flatMap(([name, cmd]) => ['--exporter', `${name}=${cmd}`]),
      '--no-shrink', '--max-details', '1', '--json', json,
    ];
    const run = await runParity(args);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(1);
    expect(run.leftInTmp).toEqual([]);
    const report = readReport(json);
    const counts = divergentCounts(report);
    for (const name of Object.keys(wrong)) {
      expect(counts.get(name), `${name} must diverge somewhere`).toBeGreaterThan(0);
      expect(run.stdout).toMatch(new RegExp(`DIVERGENCE \\S+ — ${name} vs go`));
      expect(run.stdout).toMatch(new RegExp(`^${name} diverges on \\d+ cases? of \\d+ from \\d+ causes?`, 'm'));
      const want = EXPECTED[name];
      const causes = report.causes.filter((c) => c.exporter === name);
      expect(
        causes.some((c) => c.effect === want?.effect && c.kind === want.kind && (want.field === undefined || c.field === want.field)),
        `${name} is reported with the cause ${JSON.stringify(want)}; got ${JSON.stringify(causes.map((c) => [c.effect, c.field, c.kind]))}`,
      ).toBe(true);
    }
    expect(counts.get('control')).toBe(0);
    expect(report.causes.some((c) => c.exporter === 'control')).toBe(false);
    // The default run has all three sources.
    expect(new Set(report.cases.map((c) => c.source))).toEqual(new Set(['golden', 'builtin', 'generated']));
  }, 900_000);
});
