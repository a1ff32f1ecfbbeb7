// Template parity: for generated stems, task ids and file names, the
// TypeScript buildInstruction (src/export/synthesize.ts) returns exactly what
// Go's buildInstruction returns (asked through reference/go/bin/template-oracle).
// At least 200 runs; a failure prints the seed to replay it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInstruction } from '../src/export/synthesize.js';
import { ALL_SPACES, CONTROLS, HTML_CHARS, NON_ASCII, STEMS } from '../src/parity/generate/index.js';
import { checkProperty } from './helpers/property.js';
import { TemplateOracle } from './helpers/template-oracle.js';
import { requireGo } from './helpers/toolchains.js';

// A request is JSON, so only well-formed strings travel unchanged: Go reads a
// lone surrogate as U+FFFD. Every unit below is a whole code point.
const oddChar = fc.constantFrom(
  ...ALL_SPACES, ...HTML_CHARS, ...CONTROLS, ...NON_ASCII,
  '%', '%s', '%d', '%v', '%!', '%%', '$&', '$1', '$$', "$'", '$`', "'", '"', '\\', ':', '/', '_', '.',
);
const unit = fc.oneof({ arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 3 }, { arbitrary: oddChar, weight: 2 });
const text = fc.string({ unit, maxLength: 12 });

/** Template stems, near misses of them, and anything else. */
const stem = fc.oneof(
  { arbitrary: fc.constantFrom(...STEMS), weight: 6 },
  { arbitrary: fc.constantFrom(...STEMS).chain((s) => fc.mixedCase(fc.constant(s))), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('', ' ', 'data/_kb/', '\u0085', '\ufeff'), fc.constantFrom(...STEMS), fc.constantFrom('', ' ', '.jsonl', '\u00a0'))
      .map(([a, s, z]) => a + s + z),
    weight: 1,
  },
  { arbitrary: text, weight: 2 },
);

/** Task ids with the prefixes the templates strip, once, twice, or nearly. */
const taskId = fc
  .tuple(fc.constantFrom('', 'phase:', 'permit:', 'phase:phase:', 'permit:permit:', 'Phase:', 'PERMIT:', ' phase:', 'phase', 'permit:phase:'), text)
  .map(([p, t]) => p + t);

const firstSourceFile = fc.oneof(text, fc.constantFrom('', 'crates/lake/src/io.rs', 'a b.go', "it's.go"));

describe.runIf(requireGo("template parity against Go's buildInstruction"))('template parity', () => {
  let oracle: TemplateOracle;
  beforeAll(() => {
    oracle = new TemplateOracle();
  });
  afterAll(() => oracle.close());

  it('the TS instruction equals Go\'s for generated stems, task ids and file names', async () => {
    await checkProperty(
      'template parity',
      fc.asyncProperty(stem, taskId, firstSourceFile, async (s, t, f) => {
        expect(buildInstruction(s, t, f)).toBe(await oracle.buildInstruction(s, t, f));
      }),
    );
  });
});
