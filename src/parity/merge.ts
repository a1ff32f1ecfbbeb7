// `sft-parity merge A.json B.json … [report flags]`: the report of a whole
// run from its shards' --json reports (report/merge.ts), published like a
// run's own: the text report, and --json, --junit, --html, the summary and
// the GitHub annotations. Exit 0/1 as the unsharded run would have exited,
// 2 when the files are not the complete shards of one run.
import { defaultOutputs, helpFlag, OUTPUT_FLAGS } from './args.js';
import { UsageError } from './core/errors.js';
import { helpLines, parseFlags, type Flag } from './flags.js';
import { mergeReports } from './report/merge.js';
import { publishReport, type OutputOptions } from './report/publish.js';
import { readJsonReport } from './report/readjson.js';
import { colorWanted, makeStyle } from './report/style.js';
import { header } from './report/text.js';
import { CASE_SOURCES } from './cases/case.js';

export interface MergeOptions extends OutputOptions {
  files: string[];
  help: boolean;
}

/** The flags of merge: the report flags of a run. */
export const MERGE_FLAGS: readonly Flag<MergeOptions>[] = [...OUTPUT_FLAGS, helpFlag<MergeOptions>('this help')];

export const MERGE_USAGE = `usage: sft-parity merge A.json B.json … [options]   (npm run parity -- merge …)

Joins the --json reports of the shards of one run (--shard i/n) into the
report the unsharded run would have written: the same cases, results, known
entries and exit code. Refuses reports of different runs (seed, cases,
settings, exporter builds) and names the shards that are missing.

${helpLines(MERGE_FLAGS)}
Exit codes: 0 all identical, 1 a divergence or a stale known entry,
2 the files are not the complete shards of one run.
`;

export function parseMergeArgs(argv: readonly string[]): MergeOptions {
  const o: MergeOptions = { ...defaultOutputs(), files: [], help: false };
  const file = (word: string): boolean => !word.startsWith('-') && o.files.push(word) > 0;
  parseFlags(argv, MERGE_FLAGS, o, file, (flag) => `merge: unknown option ${JSON.stringify(flag)} (see merge --help)`);
  if (!o.help && o.files.length === 0) throw new UsageError('merge wants the --json reports of the shards: sft-parity merge A.json B.json … (see merge --help)');
  return o;
}

export function runMerge(o: MergeOptions, out: NodeJS.WriteStream = process.stdout): number {
  const report = mergeReports(o.files.map((file) => ({ file, report: readJsonReport(file) })));
  const style = makeStyle(colorWanted(out));
  const counts = new Map(CASE_SOURCES.map((s) => [s, report.cases.filter((c) => c.source === s).length]));
  out.write([...header(report, counts, style), `merged from ${o.files.length} report(s): ${o.files.join(', ')}`].join('\n') + '\n');
  publishReport(report, o, out, style);
  return report.exitCode;
}
