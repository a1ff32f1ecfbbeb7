// How a case's root reaches the exporter: the "root" of a golden case.json
// (golden/README.md), as the --root flag and LH_DISTILL_ROOT of a run.

/**
 * How the root reaches the exporter, as "root" in a golden case.json
 * (golden/README.md): 'dir' is --root DIR; 'dir/<suffix>' is --root
 * DIR/<suffix> verbatim (unclean paths, a root containing /scored-runs/, a
 * symlink); 'missing' is --root DIR with DIR not created; 'file' is --root
 * DIR with DIR an empty regular file; 'empty' is --root ""; 'env' is no
 * --root and LH_DISTILL_ROOT=DIR; 'none' is neither (a usage error).
 */
export type RootSpec = 'dir' | `dir/${string}` | 'missing' | 'file' | 'empty' | 'env' | 'none';

/** The --root value for a root spec, given the directory the case was materialized in. */
export function rootArg(spec: RootSpec | string, dir: string): string {
  if (spec === 'empty') return '';
  if (spec === 'missing' || spec === 'dir' || spec === 'file') return dir;
  if (spec.startsWith('dir/')) return dir + spec.slice(3);
  throw new RangeError(`root spec ${JSON.stringify(spec)} has no --root value: use rootFlags (or one of dir, dir/<suffix>, missing, file, empty)`);
}

/** --root and LH_DISTILL_ROOT for a root spec (golden/README.md); undefined means absent. */
export function rootFlags(spec: RootSpec | string, dir: string): { root: string | undefined; envRoot: string | undefined } {
  if (spec === 'env') return { root: undefined, envRoot: dir };
  if (spec === 'none') return { root: undefined, envRoot: undefined };
  return { root: rootArg(spec, dir), envRoot: undefined };
}
