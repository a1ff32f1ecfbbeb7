// Which real directories a --root case's exports may write through (every
// directory outside the lakehouse its links lead to, transitively), and the
// closed copy made of them where no sandbox can capture them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedCopy } from '../src/parity/cases/closedcopy.js';
import { planRoot } from '../src/parity/cases/rootplan.js';

let base = '';
beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rootplan-')));
});
afterAll(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

const ctx = () => ({ mounts: [], scratch: path.join(base, 'scratch') });
const mk = (p: string, content?: string): void => {
  fs.mkdirSync(path.dirname(path.join(base, p)), { recursive: true });
  if (content !== undefined) fs.writeFileSync(path.join(base, p), content);
  else fs.mkdirSync(path.join(base, p), { recursive: true });
};

describe('planRoot', () => {
  it('captures the directories links lead to, transitively, outermost only, and names every link out', () => {
    mk('a/lake/data/scored-runs');
    mk('a/exports/sft/sft_export.jsonl', 'old\n');
    mk('a/exports/deeper');
    mk('a/far/x.jsonl', '{}\n');
    mk('a/file-dir/one.jsonl', '{}\n');
    fs.symlinkSync(path.join(base, 'a/exports'), path.join(base, 'a/lake/data/distilled'));
    fs.symlinkSync('../../far', path.join(base, 'a/exports/deeper/far')); // from the capture, further out
    fs.symlinkSync('../../file-dir/one.jsonl', path.join(base, 'a/lake/data/one.jsonl')); // a file: its directory
    fs.symlinkSync(path.join(base, 'a/exports/sft'), path.join(base, 'a/lake/data/sft')); // inside a capture already
    fs.symlinkSync('scored-runs', path.join(base, 'a/lake/data/inside')); // stays inside
    const plan = planRoot(path.join(base, 'a/lake'), ctx());
    expect(plan.uncapturable).toBeUndefined();
    expect(plan.captures.map(String)).toEqual(['a/lake', 'a/far', 'a/exports', 'a/file-dir'].map((p) => path.join(base, p)));
    expect(plan.linksOut.map((l) => path.relative(base, l.link.toString())).sort()).toEqual(['a/exports/deeper/far', 'a/lake/data/distilled', 'a/lake/data/one.jsonl', 'a/lake/data/sft']);
  });

  it('captures the nearest existing directory of a dangling link, and refuses one to a directory holding the lakehouse', () => {
    mk('b/lake/data');
    mk('b/out');
    fs.symlinkSync(path.join(base, 'b/out/not/yet'), path.join(base, 'b/lake/data/distilled'));
    expect(planRoot(path.join(base, 'b/lake'), ctx()).captures.map(String)).toEqual([path.join(base, 'b/lake'), path.join(base, 'b/out')]);
    fs.symlinkSync('../..', path.join(base, 'b/lake/data/up'));
    expect(planRoot(path.join(base, 'b/lake'), ctx()).uncapturable).toMatch(/data\/up leads to .*\/b, which holds the lakehouse/);
  });

  it('in a user namespace, cannot capture files of another owner', () => {
    mk('c/lake/data/x.jsonl', '{}\n');
    const st = fs.statSync(path.join(base, 'c/lake/data/x.jsonl'));
    const plan = planRoot(path.join(base, 'c/lake'), { ...ctx(), owner: { uid: st.uid + 1, gid: st.gid } });
    expect(plan.uncapturable).toMatch(/belongs to uid \d+, gid \d+, which a user namespace cannot copy up/);
  });
});

describe('closedCopy', () => {
  it('copies the lakehouse and what its links lead to, the links retargeted into the copy', () => {
    mk('d/lake/data/evidence/2027/01');
    mk('d/exports/sft/sft_export.jsonl', 'old\n');
    mk('d/elsewhere/day.jsonl', '{}\n');
    fs.symlinkSync(path.join(base, 'd/exports'), path.join(base, 'd/lake/data/distilled'));
    fs.symlinkSync('../../../../../elsewhere', path.join(base, 'd/lake/data/evidence/2027/01/01'));
    fs.symlinkSync('../evidence', path.join(base, 'd/lake/data/ev'));
    const copy = closedCopy(planRoot(path.join(base, 'd/lake'), ctx()));
    const links = Object.fromEntries(copy.entries.filter((e) => e.type === 'symlink').map((e) => [e.path.toString(), e.target?.toString()]));
    expect(links).toEqual({
      'data/distilled': '../../outside/1', // absolute: now relative, into the copy
      'data/evidence/2027/01/01': '../../../../../outside/2', // climbed out: now into the copy
      'data/ev': '../evidence', // stays inside: as it was
    });
    const extra = copy.extra.map((e) => `${e.type} ${e.path.toString()}`);
    expect(extra).toEqual(['dir outside', 'dir outside/1', 'dir outside/1/sft', 'file outside/1/sft/sft_export.jsonl', 'dir outside/2', 'file outside/2/day.jsonl']);
    expect(copy.extra.find((e) => e.path.toString() === 'outside/1/sft/sft_export.jsonl')?.source?.toString()).toBe(path.join(base, 'd/exports/sft/sft_export.jsonl'));
  });
});
