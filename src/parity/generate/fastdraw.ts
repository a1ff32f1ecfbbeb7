// Drawing a value from a fast-check arbitrary without fast-check's per-node
// bookkeeping. fc's generate wraps every node's value in a Value (with a
// shrink context and a clone check, slow on Buffers), and a generated case
// has thousands of nodes: that bookkeeping was most of the draw's CPU. Here
// an arbitrary built from fc's combinators (map, tuple, record, oneof,
// option, constantFrom, array, integer, boolean) is compiled once into plain
// functions that ask the same Random for the same numbers in the same order
// and apply the same mappers, so they return the very value fc would (case i
// of seed S must never change). Nodes of any other kind are drawn by fc
// itself. Shrinking is fc's own: a drawn value keeps where its Random stood,
// and a shrink first draws it again through fc to get fc's contexts.
//
// This reads fast-check's internal fields (pinned by package-lock); each
// node is checked against the shape it expects and drawn by fc when it does
// not match. test/fastdraw.test.ts compares both ways of drawing.
import fc from 'fast-check';

/** Draws one value: what `arb.generate(random, bias).value` would return. */
type Draw = (random: fc.Random, bias: number | undefined) => unknown;

// The classes are told apart by prototype (fast-check does not export them).
const protoOf = (a: fc.Arbitrary<unknown>): object => Object.getPrototypeOf(a) as object;
const MAP = protoOf(fc.constant(0).map((x) => x));
const TUPLE = protoOf(fc.tuple(fc.constant(0)));
const FREQUENCY = protoOf(fc.oneof(fc.constant(0), fc.constant(1)));
const CONSTANT = protoOf(fc.constant(0));
const INTEGER = protoOf(fc.integer());
const ARRAY = protoOf(fc.array(fc.constant(0)));
const NO_BIAS = protoOf(fc.noBias(fc.integer()));

interface Range {
  min: number;
  max: number;
}
interface DepthContext {
  depth: number;
}
/** The internal fields each compiled node reads (fast-check 4's names). */
interface Internals {
  arb: fc.Arbitrary<unknown>;
  mapper: (v: unknown) => unknown;
  arbs: fc.Arbitrary<unknown>[];
  warbs: { arbitrary: fc.Arbitrary<unknown>; weight: number }[];
  cumulatedWeights: number[];
  totalWeight: number;
  context: DepthContext;
  constraints: { maxDepth: number };
  computeNegDepthBenefit: () => number;
  values: unknown[];
  min: number;
  max: number;
  ranges: Range[];
  minLength: number;
  maxGeneratedLength: number;
  cachedBiasedMaxLength: number;
  setBuilder: unknown;
  customSlices: unknown[];
  lengthArb: fc.Arbitrary<number>;
  depthContext: DepthContext;
}

/** The arbitrary's class if it is one compiled here, untouched (no own generate). */
function kindOf(a: fc.Arbitrary<unknown>): object | undefined {
  const proto = protoOf(a);
  if (Object.prototype.hasOwnProperty.call(a, 'generate')) return undefined;
  return [MAP, TUPLE, FREQUENCY, CONSTANT, INTEGER, ARRAY, NO_BIAS].find((p) => p === proto);
}

const isFn = (v: unknown): boolean => typeof v === 'function';
const isArbs = (v: unknown): v is fc.Arbitrary<unknown>[] => Array.isArray(v) && v.every((x) => isFn((x as { generate?: unknown }).generate));
const isNum = (v: unknown): v is number => typeof v === 'number';

/** fc's IntegerArbitrary.generate: sometimes (1 in bias) a range near an end. */
function drawInteger(min: number, max: number, ranges: readonly Range[]): Draw {
  return (random, bias) => {
    if (bias === undefined || random.nextInt(1, bias) !== 1) return random.nextInt(min, max);
    if (ranges.length === 1) return random.nextInt(ranges[0]!.min, ranges[0]!.max);
    const id = random.nextInt(-2 * (ranges.length - 1), ranges.length - 2);
    const range = id < 0 ? ranges[0]! : ranges[id + 1]!;
    return random.nextInt(range.min, range.max);
  };
}

/** fc's TupleArbitrary.generate: the parts in order (small tuples without a loop). */
function tuple(parts: readonly Draw[]): Draw {
  const [p0, p1, p2] = parts;
  if (parts.length === 2 && p0 && p1) return (r, b) => [p0(r, b), p1(r, b)];
  if (parts.length === 3 && p0 && p1 && p2) return (r, b) => [p0(r, b), p1(r, b), p2(r, b)];
  return (r, b) => {
    const vs: unknown[] = [];
    for (const p of parts) vs.push(p(r, b));
    return vs;
  };
}

/**
 * Whether a node must keep its depth context up to date while its children
 * are drawn. fc counts depth for oneofs sharing a context (a depthIdentifier,
 * or a recursion through fc.letrec): when nothing under the node can read
 * the context, the counting cannot change a draw and is skipped.
 */
interface DepthPolicy {
  context: DepthContext;
  track: boolean;
}

/** Compiles each distinct arbitrary once (pools are shared by many fields). */
class Compiler {
  private readonly done = new Map<fc.Arbitrary<unknown>, Draw>();
  private readonly policies: DepthPolicy[] = [];
  /** Some node is drawn by fc: it may read any context. */
  private opaque = false;

  /** The compiled root, with every node's depth policy settled. */
  root(a: fc.Arbitrary<unknown>): Draw {
    const draw = this.compile(a);
    const users = new Map<DepthContext, number>();
    for (const p of this.policies) users.set(p.context, (users.get(p.context) ?? 0) + 1);
    // Compiled nodes form no cycle (fc's combinators cannot; fc.letrec's lazy nodes are drawn by fc),
    // so a context used by one compiled node alone is read by no node under it.
    for (const p of this.policies) p.track = this.opaque || (users.get(p.context) ?? 0) > 1;
    return draw;
  }

  private compile(a: fc.Arbitrary<unknown>): Draw {
    const known = this.done.get(a);
    if (known) return known;
    let draw = this.node(a);
    if (draw === undefined) {
      this.opaque = true;
      draw = (r, b) => a.generate(r, b).value;
    }
    this.done.set(a, draw);
    return draw;
  }

  private policy(context: DepthContext): DepthPolicy {
    const p = { context, track: true };
    this.policies.push(p);
    return p;
  }

  private node(a: fc.Arbitrary<unknown>): Draw | undefined {
    const kind = kindOf(a);
    const x = a as unknown as Internals;
    if (kind === MAP && isFn(x.mapper) && isArbs([x.arb])) {
      const inner = this.compile(x.arb);
      const mapper = x.mapper;
      return (r, b) => mapper(inner(r, b));
    }
    if (kind === TUPLE && isArbs(x.arbs)) return tuple(x.arbs.map((p) => this.compile(p)));
    if (kind === NO_BIAS && isArbs([x.arb])) {
      const inner = this.compile(x.arb);
      return (r) => inner(r, undefined);
    }
    if (kind === CONSTANT && Array.isArray(x.values) && x.values.length > 0 && !x.values.some((v) => fc.hasCloneMethod(v))) {
      const values = x.values;
      if (values.length === 1) return () => values[0];
      return (r) => values[r.nextInt(0, values.length - 1)];
    }
    if (kind === INTEGER && isNum(x.min) && isNum(x.max) && Array.isArray(x.ranges)) return drawInteger(x.min, x.max, x.ranges);
    if (kind === FREQUENCY) return this.frequency(x);
    if (kind === ARRAY) return this.array(x);
    return undefined;
  }

  /** fc's FrequencyArbitrary.generate (oneof, option), depth bookkeeping included. */
  private frequency(x: Internals): Draw | undefined {
    const { warbs, cumulatedWeights: cumulated, totalWeight: total, context, constraints } = x;
    if (!Array.isArray(warbs) || !isArbs(warbs.map((w) => w.arbitrary)) || !Array.isArray(cumulated) || !isNum(total)) return undefined;
    if (!context || !isNum(context.depth) || !constraints || !isNum(constraints.maxDepth) || !isFn(x.computeNegDepthBenefit)) return undefined;
    const parts = warbs.map((w) => this.compile(w.arbitrary));
    const policy = this.policy(context);
    const last = total - 1;
    const at = (idx: number, r: fc.Random, b: number | undefined): unknown => {
      if (!policy.track) return parts[idx]!(r, b);
      ++context.depth;
      try {
        return parts[idx]!(r, b);
      } finally {
        --context.depth;
      }
    };
    // The common shape (a oneof or option of two, no depth to count, no maximum depth), without the loop.
    const [p0, p1] = parts;
    const [w0] = cumulated;
    if (parts.length === 2 && constraints.maxDepth === Infinity && p0 && p1 && w0 !== undefined) {
      return (r, b) => {
        if (policy.track) return at(r.nextInt(context.depth === 0 ? 0 : x.computeNegDepthBenefit(), last) < w0 ? 0 : 1, r, b);
        return r.nextInt(context.depth === 0 ? 0 : x.computeNegDepthBenefit(), last) < w0 ? p0(r, b) : p1(r, b);
      };
    }
    return (r, b) => {
      const depth = context.depth;
      if (constraints.maxDepth <= depth) return at(0, r, b);
      // At depth 0 the benefit is always 0 (fc computes floor((1 + bias)^0) - 1).
      const selected = r.nextInt(depth === 0 ? 0 : x.computeNegDepthBenefit(), last);
      for (let idx = 0; idx !== cumulated.length; ++idx) if (selected < cumulated[idx]!) return at(idx, r, b);
      throw new Error('Unable to generate from fc.frequency');
    };
  }

  /** fc's ArrayArbitrary.generate, for arrays without uniqueness or custom slices. */
  private array(x: Internals): Draw | undefined {
    const { minLength: min, maxGeneratedLength: maxGen, cachedBiasedMaxLength: biasedMax, depthContext } = x;
    if (x.setBuilder !== undefined || !Array.isArray(x.customSlices) || x.customSlices.length !== 0) return undefined;
    if (!isArbs([x.arb]) || !isNum(min) || !isNum(maxGen) || !isNum(biasedMax) || !depthContext || !isNum(depthContext.depth)) return undefined;
    const len = x.lengthArb as unknown as Internals;
    if (kindOf(x.lengthArb) !== INTEGER || len.min !== min || len.max !== maxGen) return undefined;
    const item = this.compile(x.arb);
    const policy = this.policy(depthContext);
    return (r, b) => {
      let n: number;
      let itemBias: number | undefined;
      if (b === undefined) n = r.nextInt(min, maxGen);
      else if (min === maxGen) {
        n = r.nextInt(min, maxGen);
        itemBias = b;
      } else if (r.nextInt(1, b) !== 1) n = r.nextInt(min, maxGen);
      else if (r.nextInt(1, b) !== 1) {
        n = r.nextInt(min, maxGen);
        itemBias = b;
      } else {
        n = r.nextInt(min, biasedMax);
        itemBias = b;
      }
      const items: unknown[] = [];
      const depthImpact = policy.track && n > biasedMax ? n - biasedMax : 0;
      if (depthImpact === 0) {
        for (let i = 0; i !== n; ++i) items.push(item(r, itemBias));
        return items;
      }
      depthContext.depth += depthImpact;
      try {
        for (let i = 0; i !== n; ++i) items.push(item(r, itemBias));
        return items;
      } finally {
        depthContext.depth -= depthImpact;
      }
    };
  }
}

/** Where a fast-drawn value's Random stood, so that fc can draw it again to shrink it. */
class Replay {
  constructor(
    readonly start: fc.Random,
    readonly bias: number | undefined,
  ) {}
}

/** `slow`, drawn through compiled functions; shrinks exactly as `slow` does. */
class FastArbitrary<T> extends fc.Arbitrary<T> {
  private readonly draw: Draw;

  constructor(private readonly slow: fc.Arbitrary<T>) {
    super();
    this.draw = new Compiler().root(slow as fc.Arbitrary<unknown>);
  }

  generate(random: fc.Random, bias: number | undefined): fc.Value<T> {
    const start = random.clone();
    return new fc.Value(this.draw(random, bias) as T, new Replay(start, bias));
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.slow.canShrinkWithoutContext(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    if (context instanceof Replay) {
      const again = this.slow.generate(context.start.clone(), context.bias);
      return this.slow.shrink(again.value_, again.context);
    }
    return this.slow.shrink(value, context);
  }
}

/** An arbitrary that draws exactly the values of `arb`, several times faster. */
export function fastDraw<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return new FastArbitrary(arb);
}
