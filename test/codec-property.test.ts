// Differential property tests of the TypeScript codec (src/export/go/encoding/json,
// src/export/go/strings.ts) against Go itself (reference/go/cmd/gojson-oracle).
// Every expected value comes from Go at run time; nothing here is a literal.
//
// Reproduce a failure with the seed it prints: FC_SEED=<seed> npm test.
// More cases: CODEC_RUNS=20000 npm test (the default keeps the file fast).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { marshalExportSftResult, marshalFloat64, marshalString } from '../src/export/marshal.js';
import { goStringFromBytes } from '../src/export/go/unicode/utf8.js';
import { trimSpace } from '../src/export/go/strings.js';
import { anyJsonLine, batchLine, jsonLine } from './arbitraries/json-lines.js';
import { GO_SPACES, INVALID_UTF8, NOT_GO_SPACES, SPECIAL_CHARS } from './arbitraries/chars.js';
import { bytesOf, showBytes, showBytesCompact } from './helpers/bytes.js';
import { compareBatch, compareLine, goEvidenceSftView, sides, tsEvidenceSftInterleaved } from './helpers/codec-check.js';
import { GoOracle, type SampleExtras } from './helpers/oracle.js';
import { requireGo } from './helpers/toolchains.js';

const SEED = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const RUNS = Number(process.env['CODEC_RUNS'] ?? 4000);

/** Runs differ per property but all derive from the one printed seed. */
function params(runs: number, salt: number): fc.Parameters<unknown> {
  return { seed: (SEED + salt) | 0, numRuns: runs, endOnFailure: false };
}

describe.runIf(requireGo('codec property tests against Go'))('codec vs Go (properties)', () => {
  let oracle: GoOracle;
  beforeAll(() => {
    console.log(`codec-property: FC_SEED=${SEED} CODEC_RUNS=${RUNS}`);
    oracle = GoOracle.start();
  });
  afterAll(async () => {
    await oracle.close();
  });

  it('decodes adversarial lines exactly like LoadScoredRunsFromFile / LoadEvidenceByRunID (full and lean decoders)', async () => {
    await fc.assert(
      fc.asyncProperty(anyJsonLine, sampleExtras, async (c, extras) => {
        const { go, ts, context } = sides(await compareLine(oracle, c.kind, c.bytes, extras));
        expect(ts, context).toBe(go);
      }),
      params(RUNS, 0),
    );
  });

  it('keeps decoded evidence intact while later lines are decoded (raw text outlives the decoder state)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonLine('evidence'), { minLength: 2, maxLength: 5 }), sampleExtras, async (lines, extras) => {
        const go = await Promise.all(lines.map(async (l) => goEvidenceSftView(await oracle.evidenceSft(l.bytes, extras))));
        expect(tsEvidenceSftInterleaved(lines.map((l) => l.bytes), extras)).toEqual(go);
      }),
      params(Math.ceil(RUNS / 8), 7),
    );
  });

  it('decodes --batch request lines exactly like cmd/export-sft', async () => {
    await fc.assert(
      fc.asyncProperty(batchLine.map(shown), async (line) => {
        const c = await compareBatch(oracle, line.bytes);
        expect(c.ts, `Go said ${c.goErr ?? c.go}`).toBe(c.go);
      }),
      params(Math.ceil(RUNS / 4), 5),
    );
  });

  it('marshalExportSftResult equals json.Marshal(ExportSftResult)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(count, count, count, count),
        goStringBytes,
        wellFormedString,
        async (counts, outputPath, summary) => {
          const go = await oracle.marshalResult(counts, outputPath, summary);
          const [scoredFilesRead, recordsRead, recordsExported, recordsQuarantined] = counts;
          const text = goStringFromBytes(outputPath);
          const ts = marshalExportSftResult({
            scoredFilesRead,
            recordsRead,
            recordsExported,
            recordsQuarantined,
            outputPath: text,
            outputPathBytes: outputPath,
            quarantineSummary: summary,
          });
          expect(showBytes(ts)).toBe(showBytes(go));
          // The library's outputPath is the text Go's JSON shows for the bytes.
          expect((JSON.parse(go.toString('utf8')) as { output_path: string }).output_path).toBe(text);
        },
      ),
      params(Math.ceil(RUNS / 4), 6),
    );
  });

  it('marshalString(bytes) equals json.Marshal(string(bytes)), invalid UTF-8 included', async () => {
    await fc.assert(
      fc.asyncProperty(goStringBytes, async (b) => {
        const go = await oracle.marshalString(b);
        expect(showBytes(marshalString(b))).toBe(showBytes(go));
      }),
      params(Math.ceil(RUNS / 2), 1),
    );
  });

  it('marshalString(string) equals json.Marshal of its UTF-8 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedString, async (s) => {
        const go = await oracle.marshalString(s);
        expect(showBytes(marshalString(s))).toBe(showBytes(go));
      }),
      params(Math.ceil(RUNS / 2), 2),
    );
  });

  it('trimSpace equals strings.TrimSpace', async () => {
    await fc.assert(
      fc.asyncProperty(spacey, async (b) => {
        const go = await oracle.trimSpace(b);
        expect(showBytes(trimSpace(b))).toBe(showBytes(go));
      }),
      params(Math.ceil(RUNS / 2), 3),
    );
  });

  it('marshalFloat64 equals json.Marshal(float64) for finite doubles', async () => {
    await fc.assert(
      fc.asyncProperty(interestingDouble, async (n) => {
        const go = await oracle.marshalFloat(n);
        if (!('bytes' in go)) throw new Error(`Go refused a finite double ${n}: ${go.err}`);
        expect(marshalFloat64(n)).toBe(go.bytes.toString('latin1'));
      }),
      params(RUNS, 4),
    );
  });
});

// ---------------------------------------------------------------------------
// Generators for the string, space and float properties.

/** Bytes that print readably in a counterexample. */
function shown(bytes: Uint8Array): { bytes: Uint8Array; [fc.toStringMethod](): string } {
  return { bytes, [fc.toStringMethod]: () => showBytesCompact(bytes) };
}

/** ExportSftResult counts: Go ints, small in practice, exact up to 2^53 here. */
const count = fc.oneof(fc.nat(1000), fc.constantFrom(0, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER));

const encoder = new TextEncoder();

/** Pieces of Go strings: raw bytes, controls, marshal's special characters, broken UTF-8. */
const stringChunk: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 6 }),
  fc.integer({ min: 0, max: 0x1f }).map((c) => Uint8Array.of(c)),
  fc.constantFrom(...SPECIAL_CHARS, '"', '\\', ' ').map((s) => encoder.encode(s)),
  fc.constantFrom(...INVALID_UTF8).map((b) => Uint8Array.from(b)),
  fc.string({ unit: 'binary', maxLength: 6 }).map((s) => encoder.encode(s)),
  fc.string({ unit: 'grapheme-ascii', maxLength: 10 }).map((s) => encoder.encode(s)),
);
const goStringBytes: fc.Arbitrary<Uint8Array> = fc.array(stringChunk, { maxLength: 8 }).map((cs) => bytesOf(...cs));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormedString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      fc.constantFrom(...SPECIAL_CHARS, '"', '\\'),
    ),
    { maxLength: 6 },
  )
  .map((xs) => xs.join(''))
  .filter((s) => !LONE_SURROGATE.test(s));

/** Space of every flavour (Go's, JS-only, look-alikes, broken) around and inside text. */
const spaceChunk: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...GO_SPACES).map((s) => encoder.encode(s)) },
  { weight: 2, arbitrary: fc.constantFrom(...NOT_GO_SPACES).map((s) => encoder.encode(s)) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_UTF8).map((b) => Uint8Array.from(b)) },
  // Truncations and overlong forms of spaces.
  { weight: 1, arbitrary: fc.constantFrom([0xc2], [0xe3, 0x80], [0xe2, 0x80], [0xc0, 0xa0], [0xe0, 0x80, 0xa0], [0xc1, 0x80], [0xe1, 0x9a]).map((b) => Uint8Array.from(b)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 3 }).map((s) => encoder.encode(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }) },
);
const spacey: fc.Arbitrary<Uint8Array> = fc.array(spaceChunk, { maxLength: 10 }).map((cs) => bytesOf(...cs));

function fromBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, bits));
  return view.getFloat64(0);
}

function bitsOf(n: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return view.getBigUint64(0);
}

/** Doubles a few ulps either side of a boundary of Go's float formatting. */
const BOUNDARIES = [1e21, 1e-6, 1e-7, 2 ** 53, 2 ** 63, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, 1, 0.1, 1e20, 1e22, 1e23, 5e-324, 9.999999999999999e20];
const nearBoundary: fc.Arbitrary<number> = fc
  .tuple(fc.constantFrom(...BOUNDARIES), fc.integer({ min: -4, max: 4 }), fc.boolean())
  .map(([b, k, neg]) => {
    const n = fromBits(bitsOf(b) + BigInt(k));
    return neg ? -n : n;
  });

const interestingDouble: fc.Arbitrary<number> = fc
  .oneof(
    fc.double(),
    fc.bigInt(0n, 2n ** 64n - 1n).map(fromBits),
    fc.bigInt(0n, 2n ** 52n - 1n).map((m) => fromBits(m)), // subnormals
    nearBoundary,
    fc.tuple(fc.integer({ min: -324, max: 308 }), fc.integer({ min: -2, max: 2 })).map(([e, k]) => fromBits(bitsOf(Number(`1e${e}`)) + BigInt(k))),
    fc.bigInt(-(2n ** 54n), 2n ** 54n).map(Number),
    fc.constantFrom(0, -0, 0.5, 1e21, 1e-6, 123456789, 0.000001, 0.0000001),
  )
  .filter((n) => Number.isFinite(n));

/** The SftSample values that do not come from the evidence line. */
const sampleExtras: fc.Arbitrary<SampleExtras> = fc.record({
  id: goStringBytes,
  quality: interestingDouble,
  createdAt: wellFormedString,
  lineOffset: fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
  recordedAt: wellFormedString,
});
