// The seed each generated case is drawn from, and its id, on their own
// (case.ts), without the generator: the case cache (casecache.ts) checks a
// case it reads back against both on the main thread, where fast-check is
// not loaded, and the run's case list names each case before it is drawn.

/** The id of case `index` of the run seeded with `seed`. */
export function generatedId(seed: number, index: number): string {
  return `generated/${seed}/${index}`;
}

/** The index a generatedId ends in. */
export function generatedIndex(id: string): number {
  return Number(id.slice(id.lastIndexOf('/') + 1));
}

/** A 31-bit seed for case `index` of a run seeded with `seed` (splitmix-style mixing). */
export function caseSeed(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) & 0x7fffffff;
}
