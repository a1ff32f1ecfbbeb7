// fastDraw must draw exactly what fast-check draws (case i of seed S never
// changes) and shrink exactly as fast-check shrinks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastDraw } from '../src/parity/generate/fastdraw.js';
import { lakehouseArb, plainLakehouseArb } from '../src/parity/generate/lakehouse.js';

/** The value and what is left of the random stream after drawing it. */
function drawn<T>(arb: fc.Arbitrary<T>, seed: number, bias: number | undefined): { value: T; next: number } {
  let out: { value: T; next: number } | undefined;
  class Probe extends fc.Arbitrary<null> {
    generate(random: fc.Random): fc.Value<null> {
      const value = arb.generate(random, bias).value;
      out = { value, next: random.nextInt(0, 0x7fffffff) };
      return new fc.Value(null, undefined);
    }
    canShrinkWithoutContext(_v: unknown): _v is null {
      return false;
    }
    shrink(): fc.Stream<fc.Value<null>> {
      return fc.Stream.nil();
    }
  }
  fc.sample(new Probe(), { seed, numRuns: 1 });
  if (!out) throw new Error('nothing drawn');
  return out;
}

const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 3 }, fc.nat(9), fc.array(tie('node'), { maxLength: 3 })),
}));

// Nodes sharing a depth: the arrays' lengths and the outer oneof deepen the inner ones.
const depth = fc.createDepthIdentifier();
const deep = fc.array(
  fc.oneof(
    { depthIdentifier: depth, maxDepth: 2 },
    fc.constant(0),
    fc.array(fc.oneof({ depthIdentifier: depth, depthSize: 'small' }, fc.nat(3), fc.constant(-1)), { depthIdentifier: depth, maxLength: 6 }),
  ),
  { depthIdentifier: depth, maxLength: 8 },
);

/** Every combinator fastDraw compiles, in the shapes the generator uses them. */
const COMPILED = fc.record({
  weighted: fc.oneof({ arbitrary: fc.constant('a'), weight: 40 }, { arbitrary: fc.constantFrom('b', 'c', 'd'), weight: 3 }),
  option: fc.option(fc.tuple(fc.boolean(), fc.nat()), { freq: 6, nil: null }),
  ints: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 9 }),
  fixed: fc.array(fc.nat(3), { minLength: 2, maxLength: 2 }),
  long: fc.array(fc.constantFrom(1, 2), { maxLength: 40 }),
  mapped: fc.tuple(fc.constantFrom('x', 'y'), fc.nat(5)).map(([s, n]) => s.repeat(n)),
  unbiased: fc.noBias(fc.array(fc.nat(), { maxLength: 5 })),
  deep,
});

/** And nodes drawn by fc itself (not compiled): a string, a unique array, a recursive tree. */
const MIXED = fc.record({
  compiled: COMPILED,
  string: fc.string({ maxLength: 4 }),
  unique: fc.uniqueArray(fc.nat(20), { maxLength: 5 }),
  tree: tree.node,
});

describe('fastDraw', () => {
  it('draws the values fast-check draws, consuming the same random numbers, at every bias', () => {
    for (const arb of [COMPILED, MIXED] as fc.Arbitrary<unknown>[]) {
      const fast = fastDraw(arb);
      for (let seed = 0; seed < 300; seed++) {
        for (const bias of [undefined, 2, 3, 7]) expect(drawn(fast, seed, bias)).toStrictEqual(drawn(arb, seed, bias));
      }
    }
  });

  it('draws the generated lakehouses fast-check draws', () => {
    const plain = plainLakehouseArb({ cliRoots: true });
    const fast = lakehouseArb({ cliRoots: true });
    for (let seed = 0; seed < 25; seed++) {
      for (const bias of [undefined, 2, 4]) expect(drawn(fast, seed, bias)).toStrictEqual(drawn(plain, seed, bias));
    }
  });

  it('shrinks a failure to the counterexample fast-check finds, in as many steps', () => {
    const run = <T>(arb: fc.Arbitrary<T>, fails: (v: T) => boolean) =>
      fc.check(fc.property(arb, (v) => !fails(v)), { seed: 42, numRuns: 200 });
    const mixedFails = (v: { compiled: { ints: number[] } }) => v.compiled.ints.reduce((a, n) => a + n, 0) > 500;
    const a = run(MIXED, mixedFails);
    const b = run(fastDraw(MIXED), mixedFails);
    expect(a.failed).toBe(true);
    expect(b.counterexample).toStrictEqual(a.counterexample);
    expect(b.numShrinks).toBe(a.numShrinks);
    const lakeFails = (c: { entries: unknown[] }) => c.entries.length > 6;
    const c = run(plainLakehouseArb(), lakeFails);
    const d = run(lakehouseArb(), lakeFails);
    expect(c.failed).toBe(true);
    expect(c.numShrinks).toBeGreaterThan(0);
    expect(d.counterexample).toStrictEqual(c.counterexample);
    expect(d.numShrinks).toBe(c.numShrinks);
  });
});
