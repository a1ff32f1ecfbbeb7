// --shard i/n: the i-th of n deterministic parts of a run's cases. Case k of
// the full, ordered case list belongs to shard (k mod n) + 1, so the n parts
// are disjoint, together are exactly the whole run, and each gets a fair mix
// of golden, built-in and generated cases.
import { UsageError } from '../core/errors.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard wants i/n with 1 <= i <= n, like 2/3, not ${JSON.stringify(s)}`);
  return { index, count };
}

export function inShard(position: number, shard: Shard | undefined): boolean {
  return shard === undefined || position % shard.count === shard.index - 1;
}
