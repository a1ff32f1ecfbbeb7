// The worked example of docs/schema.md, read from the document itself so the
// tests check what the project documents (and the document cannot drift
// from the Go reference): the scored and evidence lines, the export line,
// the result line, the --recorded-at value and the scored file's path.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './toolchains.js';

export const SCHEMA_DOC = path.join(REPO_ROOT, 'docs/schema.md');

export interface SchemaExample {
  readonly scored: string;
  readonly evidence: string;
  readonly exportLine: string;
  /** The stdout line, with ROOT standing for the root as given. */
  readonly resultLine: string;
  readonly recordedAt: string;
  /** e.g. 2026/11/02/runs.jsonl: under data/scored-runs and data/evidence. */
  readonly rel: string;
}

/** Parses the "## Worked example" section; throws when its shape changed. */
export function schemaExample(): SchemaExample {
  const doc = fs.readFileSync(SCHEMA_DOC, 'utf8');
  const at = doc.indexOf('## Worked example');
  if (at < 0) throw new Error(`${SCHEMA_DOC} has no "## Worked example" section`);
  const section = doc.slice(at);
  const blocks = [...section.matchAll(/```json\n(.*)\n```/g)].map((m) => m[1] ?? '');
  const recordedAt = /--recorded-at ([^`\s]+)`/.exec(section)?.[1];
  const rel = /`ROOT\/data\/scored-runs\/([^`]+)`/.exec(section)?.[1];
  if (blocks.length !== 4 || recordedAt === undefined || rel === undefined) {
    throw new Error(`${SCHEMA_DOC}: the worked example must have four json blocks, a --recorded-at value and the scored file's path`);
  }
  const [scored, evidence, exportLine, resultLine] = blocks as [string, string, string, string];
  return { scored, evidence, exportLine, resultLine, recordedAt, rel };
}

/** Writes the example's two input files under root. */
export function writeSchemaExample(root: string, ex: SchemaExample = schemaExample()): void {
  for (const [kind, line] of [['scored-runs', ex.scored], ['evidence', ex.evidence]] as const) {
    const file = path.join(root, 'data', kind, ex.rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, line + '\n');
  }
}
