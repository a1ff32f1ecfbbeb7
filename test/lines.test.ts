// The chunked line reader (src/export/lines.ts) against Go's own split: a
// file of any size must give exactly the lines of strings.Split(string(data),
// "\n") + strings.TrimSpace (blank ones skipped), whatever the chunk size,
// wherever a line or a multi-byte space falls across a chunk boundary.
// Expected lines come from the Go oracle at run time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachLine, forEachLineOfFile, LineTooLongError, ReadScratch, type ReadOptions } from '../src/export/lines.js';
import { GO_SPACES, INVALID_UTF8, NOT_GO_SPACES } from './arbitraries/chars.js';
import { GoOracle } from './helpers/oracle.js';
import { requireGo } from './helpers/toolchains.js';
import { showBytes } from './helpers/bytes.js';

const SEED = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;

/** Pieces a file is made of: line ends, every kind of space, bytes that are not UTF-8, text. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('\n', '\r\n', '\n\n') },
  { weight: 4, arbitrary: fc.constantFrom(...GO_SPACES, ...NOT_GO_SPACES) },
  { weight: 2, arbitrary: fc.constantFrom(...INVALID_UTF8).map((b) => Buffer.from(b)) },
  { weight: 4, arbitrary: fc.constantFrom('{', '}', 'n', 'null', '{"a":1}', 'x', 'é', '😀') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);
const fileBytes = fc.array(piece, { maxLength: 40 }).map((ps) => Buffer.concat(ps.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));

let dir: string;
let n = 0;
function fileOf(data: Uint8Array): Buffer {
  const p = path.join(dir, `f${n++}.jsonl`);
  fs.writeFileSync(p, data);
  return Buffer.from(p);
}

/** The lines the reader gives (copied: a chunked read reuses its buffer). */
function readLines(p: Buffer, opts: ReadOptions): Buffer[] {
  const out: Buffer[] = [];
  forEachLineOfFile(p, (b, s, e) => out.push(Buffer.from(b.subarray(s, e))), opts);
  return out;
}

const shown = (ls: readonly Buffer[]): string[] => ls.map((l) => showBytes(l));

describe.runIf(requireGo('line reader against Go'))('chunked line reader vs strings.Split + TrimSpace', () => {
  let oracle: GoOracle;
  beforeAll(() => {
    console.log(`lines: FC_SEED=${SEED}`);
    oracle = GoOracle.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-lines-'));
  });
  afterAll(async () => {
    await oracle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives Go’s lines for every chunk size, whole-file or chunked, with or without a scratch buffer', async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, fc.integer({ min: 1, max: 48 }), fc.boolean(), async (data, chunk, scratch) => {
        const want = shown(await oracle.lines(data));
        const p = fileOf(data);
        expect(shown(readLines(p, { chunk })), `chunk ${chunk}`).toEqual(want);
        expect(shown(readLines(p, scratch ? { scratch: new ReadScratch(64) } : {}))).toEqual(want);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('skips a line longer than it can hold only when Go rejects it; stops at one Go might accept', async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 4, max: 24 }), async (data, chunk, maxLine) => {
        const goLines = await oracle.lines(data);
        const p = fileOf(data);
        let got: Buffer[];
        try {
          got = readLines(p, { chunk, maxLine });
        } catch (e) {
          // Only a line too long that may be a record (an object or null) stops the reader.
          expect(e).toBeInstanceOf(LineTooLongError);
          expect(goLines.some((l) => l[0] === 0x7b || l[0] === 0x6e)).toBe(true);
          return;
        }
        // Every line left out is one that both of Go's loaders skip.
        let k = 0;
        for (const l of goLines) {
          if (k < got.length && got[k]!.equals(l)) {
            k++;
            continue;
          }
          const [scored, evidence] = await Promise.all([oracle.decode('scored', l), oracle.decode('evidence', l)]);
          expect(scored.kind, `left out ${showBytes(l)}`).not.toBe('ok');
          expect(evidence.kind, `left out ${showBytes(l)}`).not.toBe('ok');
        }
        expect(k, 'every line given is one of Go’s, in order').toBe(got.length);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });
});

describe('line splitting beyond 2 GiB', () => {
  it('finds line ends past 2^31 (where Buffer#indexOf answers with a 32-bit signed index)', () => {
    // Zero pages: the memory is mapped, hardly touched.
    const at = 2 ** 31 + 5;
    const b = Buffer.alloc(at + 16);
    b[at] = 0x0a;
    b.write('{"x":1}\n \n', at + 1);
    const got: [number, number][] = [];
    forEachLine(b, (_, s, e) => got.push([s, e - s]));
    // A line of NUL bytes (not white space), the record, and the zeros after the last '\n'.
    expect(got).toEqual([
      [0, at],
      [at + 1, 7],
      [at + 11, 5],
    ]);
  });
});

describe('chunked line reader: read errors', () => {
  it('throws the open error of a missing file and the read error of a directory', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-lines-'));
    try {
      expect(() => forEachLineOfFile(Buffer.from(path.join(d, 'absent')), () => {})).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      expect(() => forEachLineOfFile(Buffer.from(d), () => {})).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
