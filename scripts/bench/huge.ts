// `npm run bench -- --huge`: files beyond Node's 2 GiB readFile limit. A
// lakehouse with a scored file and an evidence file of about 2.2 GB each --
// long malformed lines (one longer than 2 GiB, a record cut short, a line of
// nothing but white space, an array) around a few real records, one of them
// across the reader's first 64 MiB chunk boundary, a duplicate run id and
// an invalid line that must not replace a valid one -- plus an ordinary day.
// The TypeScript exporter must give the Go reference's stdout, stderr, exit
// code and export. The huge files are deleted afterwards, whatever happens.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { CHUNK } from '../../src/export/lines.js';
import type { Command } from '../../src/parity/exporters/session.js';

const MB = 1 << 20;
/** The evidence file's longest line at scale 1: more than 2 GiB. */
export const LONGEST_LINE_MIB = 2060;
/** The largest write: the files are made in pieces, never whole in memory. */
const PIECE = 16 * MB;

/** Appends bytes to a file in pieces, keeping count of where it is. */
class FileWriter {
  private readonly fd: number;
  pos = 0;

  constructor(p: string) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    this.fd = fs.openSync(p, 'w');
  }

  write(s: string | Buffer): void {
    const b = typeof s === 'string' ? Buffer.from(s) : s;
    for (let off = 0; off < b.length; ) off += fs.writeSync(this.fd, b, off, b.length - off);
    this.pos += b.length;
  }

  /** About n bytes of one repeated byte-string, written PIECE at a time. */
  repeat(unit: string, n: number): void {
    const u = Buffer.from(unit);
    const block = Buffer.alloc(Math.floor(PIECE / u.length) * u.length, u);
    for (let left = Math.ceil(n / u.length) * u.length; left > 0; left -= block.length) {
      this.write(left >= block.length ? block : block.subarray(0, left));
    }
  }

  /** A line that pads the file so that the next `before` bytes end at the first chunk boundary. */
  padToFirstBoundary(before: number): void {
    this.repeat('#', CHUNK - before - this.pos - 1);
    this.write('\n');
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

const prov = (k: number): object => ({ source_file: 'data/_kb/scrum_reviews.jsonl', line_offset: k, sig_hash: `h${k}`, recorded_at: 'r' });
const scored = (id: string, category: string, k: number): string =>
  JSON.stringify({ schema_version: 1, evidence_run_id: id, task_id: `t${k}`, category, score: 0.5, reasons: ['x'], scored_at: 's', provenance: prov(k) }) + '\n';
const evidence = (id: string, text: string, k: number): string =>
  JSON.stringify({
    schema_version: 1, run_id: id, task_id: `t${k}`, model_role: 'executor', model_name: 'm', text, source_files: [`f${k}.rs`],
    retrieved_context: { matrix_corpora: ['prd'], pathway_fingerprints_seen: k }, latency_ms: k, cost_usd: 0.25, provenance: prov(k),
  }) + '\n';

/** Writes the huge lakehouse under root (scale 1 is about 2.2 GB a file). */
export function buildHugeLakehouse(root: string, scale = 1): void {
  const big = (mb: number): number => Math.round(mb * MB * scale);
  const day = (kind: string, name: string, d = '01'): string => path.join(root, 'data', kind, '2026', '03', d, name);

  const s = new FileWriter(day('scored-runs', 'huge.jsonl'));
  s.write(scored('huge-1', 'accepted', 1));
  s.padToFirstBoundary(20);
  s.write(scored('huge-2', 'partially_accepted', 2)); // across the first chunk boundary
  s.write('{"evidence_run_id":"huge-cut","category":"accepted","reasons":["'); // a record cut short: never closed
  s.repeat('y', big(1000));
  s.write('\n');
  s.repeat(' \u3000\t', big(500)); // white space only (with a three-byte space): a blank line
  s.write('\n');
  s.write(scored('huge-3', 'rejected', 3));
  s.write('[');
  s.repeat('1,', big(600)); // valid JSON, but not an object
  s.write('1]\n');
  s.write(scored('huge-4', 'accepted', 4));
  s.write(scored('huge-5', 'accepted', 5)); // its evidence is missing
  s.write(scored('huge-1', 'accepted', 6)); // the same run again
  s.close();

  const e = new FileWriter(day('evidence', 'huge.jsonl'));
  e.write(evidence('huge-1', 'first text, replaced by a later line', 1));
  e.padToFirstBoundary(30);
  e.write(evidence('huge-2', 'text of <huge-2> & \u2028 more', 2)); // across the first chunk boundary
  e.write('{"run_id":"huge-4","text":"'); // longer than 2 GiB, never closed
  e.repeat('z', big(LONGEST_LINE_MIB));
  e.write('\n');
  e.write(evidence('huge-1', 'the last valid line for huge-1 wins: ☃', 7));
  e.write(evidence('huge-4', 'huge-4 at last', 4));
  e.write('{"run_id":"huge-2","text":1}\n'); // invalid: does not replace huge-2
  e.close();

  // An ordinary day beside it.
  for (const name of ['a.jsonl', 'b.jsonl']) {
    for (const [kind, line] of [['scored-runs', scored(`${name}-1`, 'accepted', 9)], ['evidence', evidence(`${name}-1`, 'ordinary', 9)]] as const) {
      const w = new FileWriter(day(kind, name, '02'));
      w.write(line);
      w.close();
    }
  }
}

export interface HugeRun {
  readonly exitCode: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** sha256 and size of the export, or absent. */
  readonly export: string;
  readonly wallS: number;
  readonly maxRssMb: number;
}

function exportDigest(p: string): string {
  if (!fs.existsSync(p)) return '<absent>';
  const h = createHash('sha256');
  h.update(fs.readFileSync(p));
  return `${h.digest('hex')} (${fs.statSync(p).size} bytes)`;
}

/** One export of the huge lakehouse in a fresh process, measured by runstat. */
export function runHuge(runstat: string, cmd: Command, root: string, recordedAt: string, statFile: string): HugeRun {
  const out = path.join(root, 'data/distilled');
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync(runstat, [statFile, cmd.file, ...cmd.args, '--root', root, '--recorded-at', recordedAt], { maxBuffer: 1 << 26 });
  const st = JSON.parse(fs.readFileSync(statFile, 'utf8')) as { wall_ns: number; max_rss_kb: number; exit_code: number };
  const digest = exportDigest(path.join(out, 'sft/sft_export.jsonl'));
  fs.rmSync(out, { recursive: true, force: true });
  return { exitCode: st.exit_code, stdout: r.stdout, stderr: r.stderr, export: digest, wallS: st.wall_ns / 1e9, maxRssMb: st.max_rss_kb / 1024 };
}

/** The effects that differ between two runs (none: identical). */
export function hugeDifferences(a: HugeRun, b: HugeRun): string[] {
  const out: string[] = [];
  if (a.exitCode !== b.exitCode) out.push(`exit code ${a.exitCode} vs ${b.exitCode}`);
  if (!a.stdout.equals(b.stdout)) out.push(`stdout ${JSON.stringify(a.stdout.toString())} vs ${JSON.stringify(b.stdout.toString())}`);
  if (!a.stderr.equals(b.stderr)) out.push(`stderr ${JSON.stringify(a.stderr.toString())} vs ${JSON.stringify(b.stderr.toString())}`);
  if (a.export !== b.export) out.push(`export ${a.export} vs ${b.export}`);
  return out;
}
