// Which exporters a run uses: the built-ins by name, plus --exporter
// NAME=CMD programs. The default set is ts and go, rust once reference/rust
// exists, and every --exporter; the reference is always in the set.
import { UsageError } from '../core/errors.js';
import { GoExporter, RustExporter, TsExporter, type RepoPaths } from './builtin.js';
import { CommandExporter } from './command.js';
import type { Exporter } from './types.js';

export const BUILTIN_NAMES = ['ts', 'go', 'rust'] as const;

function builtin(name: string, paths: RepoPaths): Exporter | undefined {
  switch (name) {
    case 'go':
      return new GoExporter(paths);
    case 'ts':
      return new TsExporter(paths);
    case 'rust':
      return new RustExporter(paths);
    default:
      return undefined;
  }
}

export function resolveExporters(selected: readonly string[] | undefined, extra: readonly string[], reference: string, paths: RepoPaths): Exporter[] {
  const custom = extra.map((spec) => CommandExporter.parse(spec));
  const byName = new Map<string, Exporter>();
  for (const c of custom) {
    if (byName.has(c.name) || (BUILTIN_NAMES as readonly string[]).includes(c.name)) {
      throw new UsageError(`--exporter ${c.name}=…: the name ${c.name} is taken (built-ins: ${BUILTIN_NAMES.join(', ')}); pick another`);
    }
    byName.set(c.name, c);
  }
  const defaults = ['ts', 'go', ...(RustExporter.present(paths.repo) ? ['rust'] : []), ...custom.map((c) => c.name)];
  const names = [...(selected ?? defaults)];
  if (!names.includes(reference)) names.push(reference);
  const out: Exporter[] = [];
  for (const name of new Set(names)) {
    const e = byName.get(name) ?? builtin(name, paths);
    if (!e) throw new UsageError(`unknown exporter ${JSON.stringify(name)}: built-ins are ${BUILTIN_NAMES.join(', ')}; add others with --exporter ${name}=CMD`);
    out.push(e);
  }
  if (out.length < 2) throw new UsageError(`only the reference ${reference} would run: name at least one other exporter`);
  return out;
}
