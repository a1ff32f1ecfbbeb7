// Readings of a lakehouse and of its export made from the files themselves,
// never from what the exporter reports: the scored-runs files a walk visits,
// their runs as Go (or, without Go, the TypeScript codec) decodes them, and
// the exported samples.
import fs from 'node:fs';
import path from 'node:path';
import { unmarshalScoredRun } from '../../src/export/records.js';
import { goStringFromBytes } from '../../src/export/go/unicode/utf8.js';
import { trimSpace } from '../../src/export/go/strings.js';
import type { GoOracle } from './oracle.js';

const SLASH = Buffer.from('/');
const join = (...parts: Buffer[]): Buffer => Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [SLASH, p])));

function readDirSorted(dir: Buffer): fs.Dirent<Buffer>[] {
  return fs.readdirSync(dir, { encoding: 'buffer', withFileTypes: true }).sort((a, b) => Buffer.compare(a.name, b.name));
}

/**
 * The scored-runs files a walk of root visits (docs/schema.md: every directory at
 * each of the three levels, bytewise order, symlinked directories not
 * followed, names ending in .jsonl), read from the file system. [] when the
 * walk would fail or find nothing.
 */
export function scoredFilesOf(root: string): Buffer[] {
  if (root === '') return []; // ExportSft rejects an empty root
  // Lexically cleaned like Go's filepath.Join: "lake/nosub/.." is "lake" even
  // when nosub does not exist.
  const base = Buffer.from(path.join(root, 'data/scored-runs'));
  const out: Buffer[] = [];
  const dirs = (p: Buffer): Buffer[] => {
    try {
      return readDirSorted(p).filter((e) => e.isDirectory()).map((e) => join(p, e.name));
    } catch {
      return [];
    }
  };
  for (const y of dirs(base)) {
    for (const m of dirs(y)) {
      for (const d of dirs(m)) {
        let files: fs.Dirent<Buffer>[] = [];
        try {
          files = readDirSorted(d);
        } catch {
          continue;
        }
        for (const f of files) if (f.name.toString('latin1').endsWith('.jsonl')) out.push(join(d, f.name));
      }
    }
  }
  return out;
}

/** One exported sample, as far as the properties need it. */
export interface ExportedSample {
  readonly id: string;
  readonly sourceRunId: string;
  readonly qualityScore: number;
  readonly sourceFile: string;
  /** Decimal, exact (int64 is beyond a double). */
  readonly lineOffset: string;
  readonly sigHash: string;
}

/** The export file is not lines of JSON objects. */
export class ExportShapeError extends Error {
  override name = 'ExportShapeError';
}

/**
 * Parses an export: every line one JSON object ending in '\n'. line_offset
 * is read from the text (the provenance object is written last and its keys
 * cannot occur unescaped inside a string), so int64 values stay exact.
 */
export function parseExport(data: Buffer): ExportedSample[] {
  const text = data.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(data)) throw new ExportShapeError('the export is not valid UTF-8');
  if (!text.endsWith('\n')) throw new ExportShapeError('the export does not end in a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new ExportShapeError(`line ${i + 1} is not JSON: ${line}`);
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ExportShapeError(`line ${i + 1} is not a JSON object: ${line}`);
      const o = v as { id?: unknown; source_run_id?: unknown; quality_score?: unknown; provenance?: { source_file?: unknown; sig_hash?: unknown } };
      const offset = /"line_offset":(-?\d+)/.exec(line);
      if (typeof o.id !== 'string' || typeof o.source_run_id !== 'string' || typeof o.quality_score !== 'number' || offset === null) {
        throw new ExportShapeError(`line ${i + 1} lacks id, source_run_id, quality_score or provenance.line_offset: ${line}`);
      }
      return {
        id: o.id,
        sourceRunId: o.source_run_id,
        qualityScore: o.quality_score,
        sourceFile: String(o.provenance?.source_file),
        lineOffset: offset[1] ?? '',
        sigHash: String(o.provenance?.sig_hash),
      };
    });
}

/** What the firewall property needs of one decoded ScoredRun. */
export interface ScoredRunFacts {
  readonly category: string;
  readonly evidenceRunId: string;
  readonly sourceFile: string;
  readonly lineOffset: string;
  readonly sigHash: string;
}

/**
 * Decodes one line of a scored-runs file as LoadScoredRunsFromFile does:
 * undefined for a blank line or one json.Unmarshal rejects.
 */
export type ScoredLineDecoder = (line: Buffer) => Promise<ScoredRunFacts | undefined>;

/** Go's own decoder (reference/go/bin/gojson-oracle): the judge whenever Go is present. */
export function goScoredDecoder(oracle: GoOracle): ScoredLineDecoder {
  return async (line) => {
    const a = await oracle.decode('scored', line);
    if (a.kind !== 'ok') return undefined;
    const text = a.bytes.toString('utf8');
    const r = JSON.parse(text) as { category: string; evidence_run_id: string; provenance: { source_file: string; sig_hash: string } };
    return {
      category: r.category,
      evidenceRunId: r.evidence_run_id,
      sourceFile: r.provenance.source_file,
      lineOffset: /"line_offset":(-?\d+)/.exec(text)?.[1] ?? '',
      sigHash: r.provenance.sig_hash,
    };
  };
}

/** The TypeScript codec (checked against Go by the codec tests): the judge without Go. */
export function tsScoredDecoder(): ScoredLineDecoder {
  return (line) => {
    const t = trimSpace(line);
    const r = t.length === 0 ? null : unmarshalScoredRun(t);
    return Promise.resolve(
      r === null
        ? undefined
        : {
            category: r.category,
            evidenceRunId: r.evidence_run_id,
            sourceFile: r.provenance.source_file,
            lineOffset: r.provenance.line_offset.toString(),
            sigHash: r.provenance.sig_hash,
          },
    );
  };
}

/** The decoded runs of a scored file, in order; undefined when it cannot be read. */
export async function scoredRunsOf(file: Buffer, decode: ScoredLineDecoder): Promise<ScoredRunFacts[] | undefined> {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const out: ScoredRunFacts[] = [];
  let at = 0;
  for (;;) {
    const nl = data.indexOf(0x0a, at);
    const r = await decode(data.subarray(at, nl < 0 ? data.length : nl));
    if (r !== undefined) out.push(r);
    if (nl < 0) return out;
    at = nl + 1;
  }
}

/** filepath.Base of a walked file as the id shows it (invalid UTF-8 as Go decodes it). */
export function idBase(file: Buffer): string {
  return goStringFromBytes(file.subarray(file.lastIndexOf(0x2f) + 1));
}

/** Splits an id "basename:i". */
export function parseId(id: string): { base: string; index: number } | undefined {
  const m = /^([\s\S]*):(0|[1-9]\d*)$/.exec(id);
  return m ? { base: m[1] ?? '', index: Number(m[2]) } : undefined;
}
