// Properties of the export, on generated lakehouses (src/parity/generate),
// checked on the TypeScript exporter and, where Go is present, on the Go
// reference: the firewall, the accounting, and the shape of the export. Each
// runs at least 200 cases; a failure prints the seed to replay it.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootArg } from '../src/parity/cases/root.js';
import { lakehouseArb, materializeCase, type GeneratedCase } from '../src/parity/generate/index.js';
import { batchExporters, type BatchExporter, type ExportResponse } from './helpers/batch-exporter.js';
import {
  goScoredDecoder, idBase, parseExport, parseId, scoredFilesOf, scoredRunsOf, tsScoredDecoder, type ExportedSample, type ScoredLineDecoder, type ScoredRunFacts,
} from './helpers/export-reading.js';
import { checkProperty, scratchDir } from './helpers/property.js';
import { GoOracle } from './helpers/oracle.js';
import { goAvailable, requireGo } from './helpers/toolchains.js';

const withGo = requireGo('properties on the Go reference, judged by Go\'s decoder');
const FIREWALL: readonly string[] = ['rejected', 'needs_human_review'];

/** What one generated case did: the response, the walk, and the export when written. */
interface Outcome {
  readonly response: ExportResponse;
  /** The scored files a walk of the root visits, read before the run. */
  readonly walked: readonly Buffer[];
  /** The export, when this run wrote one (not a dry run, no error, samples > 0). */
  readonly exported: Buffer | undefined;
}

async function exportCase(ex: BatchExporter, c: GeneratedCase, inspect: (o: Outcome) => Promise<void> | void): Promise<void> {
  const scratch = scratchDir('sft-prop-');
  try {
    const lake = path.join(scratch.dir, 'lake');
    materializeCase(c, lake);
    const root = rootArg(c.root, lake);
    const walked = scoredFilesOf(root);
    const response = await ex.run({ root, recorded_at: c.recordedAt, dry_run: c.dryRun, include_partial: c.includePartial });
    const r = response.result;
    const wrote = response.error === null && r.records_exported > 0 && !c.dryRun;
    const exported = wrote ? fs.readFileSync(path.join(root, 'data/distilled/sft/sft_export.jsonl')) : undefined;
    await inspect({ response, walked, exported });
  } finally {
    scratch.remove();
  }
}

function qualityOf(category: string): number {
  return category === 'accepted' ? 1 : category === 'partially_accepted' ? 0.5 : 0;
}

/** The scored runs the sample can have come from: same file name, index, and fields. */
async function sourcesOf(s: ExportedSample, walked: readonly Buffer[], decode: ScoredLineDecoder): Promise<ScoredRunFacts[]> {
  const id = parseId(s.id);
  if (id === undefined) return [];
  const out: ScoredRunFacts[] = [];
  for (const file of walked.filter((f) => idBase(f) === id.base)) {
    const run = (await scoredRunsOf(file, decode))?.[id.index];
    if (
      run !== undefined &&
      run.evidenceRunId === s.sourceRunId &&
      run.sourceFile === s.sourceFile &&
      run.lineOffset === s.lineOffset &&
      run.sigHash === s.sigHash &&
      qualityOf(run.category) === s.qualityScore
    ) {
      out.push(run);
    }
  }
  return out;
}

/**
 * Why a sample breaks the firewall, or undefined: every sample must match a
 * scored run of the input (same file name and index, run id, provenance and
 * quality) whose category is not on the firewall.
 */
async function firewallBreach(samples: readonly ExportedSample[], walked: readonly Buffer[], decode: ScoredLineDecoder): Promise<string | undefined> {
  for (const s of samples) {
    const sources = await sourcesOf(s, walked, decode);
    if (sources.length === 0) return `sample ${s.id} matches no scored run of the input`;
    if (!sources.some((r) => !FIREWALL.includes(r.category))) return `sample ${s.id} comes from a ${sources[0]?.category ?? ''} run`;
  }
  return undefined;
}

let oracle: GoOracle | undefined;
let exporters: BatchExporter[] = [];
beforeAll(() => {
  exporters = batchExporters(withGo);
  if (goAvailable()) oracle = GoOracle.start();
});
afterAll(async () => {
  await Promise.all([...exporters.map((e) => e.close()), oracle?.close()]);
});

/** The firewall judge: Go's decoder when Go is present, else the TS codec. */
const decoder = (): ScoredLineDecoder => (oracle !== undefined ? goScoredDecoder(oracle) : tsScoredDecoder());

const exporterLabels = ['TypeScript exporter', ...(withGo ? ['Go reference'] : [])];

describe.each(exporterLabels.map((label, i) => ({ label, i })))('$label', ({ label, i }) => {
  const ex = (): BatchExporter => {
    const e = exporters[i];
    if (e === undefined || e.label !== label) throw new Error(`no batch exporter for ${label}`);
    return e;
  };

  it('firewall: no sample comes from a rejected or needs_human_review run, judged from the input files', async () => {
    const decode = decoder();
    let judged = 0;
    await checkProperty(
      `firewall (${label})`,
      fc.asyncProperty(lakehouseArb(), (c) =>
        exportCase(ex(), c, async ({ walked, exported }) => {
          if (exported === undefined) return;
          const samples = parseExport(exported);
          judged += samples.length;
          expect(await firewallBreach(samples, walked, decode)).toBeUndefined();
        }),
      ),
    );
    // Not vacuous: the generated cases did export samples to judge (about
    // 100 per 200 runs when this was written).
    expect(judged, 'too few exported samples to judge: has the generator changed?').toBeGreaterThanOrEqual(20);
  });

  it('accounting: records_read = exported + quarantined + not-instructable, dry runs too', async () => {
    await checkProperty(
      `accounting (${label})`,
      fc.asyncProperty(lakehouseArb(), (c) =>
        exportCase(ex(), c, ({ response }) => {
          const r = response.result;
          if (r.quarantine_summary === '') {
            // ExportSft failed before counting: nothing may be counted.
            expect(response.error).not.toBeNull();
            expect([r.scored_files_read, r.records_read, r.records_exported, r.records_quarantined]).toEqual([0, 0, 0, 0]);
            return;
          }
          const m = /^firewall=(\d+), not-instructable=(\d+)$/.exec(r.quarantine_summary);
          expect(m, `quarantine_summary ${JSON.stringify(r.quarantine_summary)}`).not.toBeNull();
          expect(Number(m?.[1])).toBe(r.records_quarantined);
          expect(r.records_read).toBe(r.records_exported + r.records_quarantined + Number(m?.[2]));
        }),
      ),
    );
  });

  it('export shape: one JSON object per line ending in \\n, ids basename:i, unique per scored file', async () => {
    await checkProperty(
      `export shape (${label})`,
      fc.asyncProperty(lakehouseArb(), (c) =>
        exportCase(ex(), c, ({ response, walked, exported }) => {
          if (exported === undefined) return;
          const samples = parseExport(exported);
          expect(samples).toHaveLength(response.result.records_exported);
          const filesPerBase = new Map<string, number>();
          for (const f of walked) filesPerBase.set(idBase(f), (filesPerBase.get(idBase(f)) ?? 0) + 1);
          const seen = new Map<string, number>();
          for (const s of samples) {
            const id = parseId(s.id);
            expect(id, `id ${JSON.stringify(s.id)} is not basename:i`).toBeDefined();
            const files = filesPerBase.get(id?.base ?? '') ?? 0;
            expect(files, `id ${JSON.stringify(s.id)} names no scored file of the walk`).toBeGreaterThan(0);
            // Two files may share a base name (in different days); one file never repeats an index.
            seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
            expect(seen.get(s.id), `id ${JSON.stringify(s.id)} repeated more often than files named ${id?.base ?? ''}`).toBeLessThanOrEqual(files);
          }
        }),
      ),
    );
  });
});

// The judge itself, on a hand-made lakehouse: a property is only as good as
// its check.
describe('firewall judge', () => {
  it('recognises a sample of a rejected run, and accepts one of an accepted run', async () => {
    const scratch = scratchDir('sft-judge-');
    try {
      const day = path.join(scratch.dir, 'data/scored-runs/2026/11/02');
      fs.mkdirSync(day, { recursive: true });
      const prov = '"provenance":{"source_file":"s","line_offset":9007199254740993,"sig_hash":"h"}';
      fs.writeFileSync(
        path.join(day, 'runs.jsonl'),
        `{"evidence_run_id":"r1","CATEGORY":"rejected",${prov}}\n\n{"evidence_run_id":"r2","category":"accepted",${prov}}\n`,
      );
      const walked = scoredFilesOf(scratch.dir);
      const sample = (id: string, run: string, quality: number): ExportedSample => ({
        id, sourceRunId: run, qualityScore: quality, sourceFile: 's', lineOffset: '9007199254740993', sigHash: 'h',
      });
      // Both judges: the TS codec (used without Go) and Go's decoder.
      for (const decode of [tsScoredDecoder(), ...(oracle !== undefined ? [goScoredDecoder(oracle)] : [])]) {
        expect(await firewallBreach([sample('runs.jsonl:1', 'r2', 1)], walked, decode)).toBeUndefined();
        expect(await firewallBreach([sample('runs.jsonl:0', 'r1', 0)], walked, decode)).toBe('sample runs.jsonl:0 comes from a rejected run');
        // An index off by the blank line, or a line_offset rounded by a double, matches nothing.
        expect(await firewallBreach([sample('runs.jsonl:2', 'r2', 1)], walked, decode)).toMatch(/matches no scored run/);
        const rounded = { ...sample('runs.jsonl:1', 'r2', 1), lineOffset: '9007199254740992' };
        expect(await firewallBreach([rounded], walked, decode)).toMatch(/matches no scored run/);
      }
    } finally {
      scratch.remove();
    }
  });
});
