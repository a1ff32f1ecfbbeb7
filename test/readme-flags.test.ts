// README.md's table of flags is the flag table of src/parity/args.ts, which
// also makes the parser and --help: a flag added, renamed or described anew
// there has to be so in the README too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, RUN_FLAGS, USAGE } from '../src/parity/args.js';
import { flagTitle, readmeTable } from '../src/parity/flags.js';
import { MERGE_FLAGS, MERGE_USAGE } from '../src/parity/merge.js';
import { REPO_ROOT } from './helpers/toolchains.js';

/** The table under README.md's "### Flags". */
function readmeFlags(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| flag | meaning |', readme.indexOf('### Flags'));
  expect(start, 'README.md has a table of flags under ### Flags').toBeGreaterThan(0);
  return readme.slice(start, readme.indexOf('\n\n', start) + 1);
}

describe('the flags of sft-parity', () => {
  it('are the README table, row for row', () => {
    expect(readmeFlags()).toBe(readmeTable(RUN_FLAGS));
  });

  it('are each in --help, and parsed', () => {
    for (const f of RUN_FLAGS) expect(USAGE).toContain(`\n  ${flagTitle(f)} `);
    for (const f of MERGE_FLAGS) expect(MERGE_USAGE).toContain(`\n  ${flagTitle(f)} `);
    const names = RUN_FLAGS.flatMap((f) => f.names);
    expect(new Set(names).size).toBe(names.length);
    // Every flag is known to the parser: it fails on the value, if at all, never as unknown.
    for (const f of RUN_FLAGS) {
      const words = f.value !== undefined ? [f.names[0] as string, 'x'] : [f.names[0] as string];
      try {
        parseArgs(words);
      } catch (err) {
        expect((err as Error).message).not.toMatch(/unknown option/);
      }
    }
    expect(() => parseArgs(['--nope'])).toThrow('unknown option "--nope" (see --help)');
  });
});
