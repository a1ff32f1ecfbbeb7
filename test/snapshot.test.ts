// Snapshots hash while they stream and hold no file whole unless asked; a
// slot keeps what an export changed readable until its next case; a report
// gets whole small files, and a window around the first difference of large
// ones.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParityCase } from '../src/parity/cases/case.js';
import type { EffectDiff } from '../src/parity/compare/effects.js';
import { attachContents, WHOLE, WINDOW } from '../src/parity/run/contents.js';
import { KEEP_INLINE, SlotWorld } from '../src/parity/run/world.js';
import { contentOf, snapshotTree, type TreeEntry } from '../src/parity/tree/snapshot.js';

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('snapshotTree', () => {
  it('records size and SHA-256 of every file and keeps bytes only when asked', () => {
    const root = path.join(dir, 'hash');
    fs.mkdirSync(path.join(root, 'd'), { recursive: true });
    fs.writeFileSync(path.join(root, 'd/small'), 'abc');
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
    fs.writeFileSync(path.join(root, 'big'), big);
    fs.symlinkSync('d/small', path.join(root, 'link'));
    const plain = snapshotTree(root);
    expect(plain.map((e) => [e.path.toString(), e.type, e.size, e.hash, e.content])).toEqual([
      ['big', 'file', big.length, sha(big), undefined],
      ['d', 'dir', undefined, undefined, undefined],
      ['d/small', 'file', 3, sha(Buffer.from('abc')), undefined],
      ['link', 'symlink', undefined, undefined, undefined],
    ]);
    const kept = snapshotTree(root, { keep: (_p, size) => size < 100, sources: true });
    expect(kept.find((e) => e.path.toString() === 'd/small')?.content?.toString()).toBe('abc');
    expect(kept.find((e) => e.path.toString() === 'big')?.content).toBeUndefined();
    expect(kept.find((e) => e.path.toString() === 'big')?.source?.toString()).toBe(path.join(root, 'big'));
  });
});

describe('a slot after an export', () => {
  it("keeps a large file the export wrote readable after the next exporter's copy replaced it", () => {
    const slot = path.join(dir, 'slot');
    fs.mkdirSync(slot);
    const world = new SlotWorld(slot, path.join(dir, 'trash'));
    const c: ParityCase = {
      id: 'case/x',
      source: 'case',
      description: '',
      recordedAt: '',
      dryRun: false,
      includePartial: false,
      root: 'dir',
      entries: [{ path: Buffer.from('out'), type: 'file', mode: 0o644, content: Buffer.from('old\n') }],
    };
    world.prepare(c);
    const written = Buffer.alloc(KEEP_INLINE + 10, 'e');
    fs.writeFileSync(path.join(slot, 'root/out'), written);
    const tree = snapshotTree(slot, SlotWorld.SNAPSHOT);
    world.observe(tree);
    const out = tree.find((e) => e.path.toString() === 'root/out') as TreeEntry;
    expect(out.content).toBeUndefined();
    expect(out.source?.toString()).not.toBe(path.join(slot, 'root/out'));
    // The next exporter of the same case starts from the case's bytes again.
    world.prepare(c);
    expect(fs.readFileSync(path.join(slot, 'root/out'), 'utf8')).toBe('old\n');
    expect(contentOf(out).equals(written)).toBe(true);
    // An unchanged file is the case's own bytes, not a copy.
    const again = snapshotTree(slot, SlotWorld.SNAPSHOT);
    world.observe(again);
    expect(again.find((e) => e.path.toString() === 'root/out')?.content).toBe(c.entries[0]?.content);
  });
});

describe('contents for a report', () => {
  const fileEntry = (name: string, bytes: Buffer): TreeEntry => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return { path: Buffer.from('root/x.jsonl'), type: 'file', mode: 0o644, size: bytes.length, hash: sha(bytes), source: Buffer.from(p) };
  };

  it('reads small differing files whole', () => {
    const ref = fileEntry('a-small', Buffer.from('1\n2\n'));
    const other = fileEntry('b-small', Buffer.from('1\n3\n'));
    const diffs: EffectDiff[] = [{ effect: 'tree', changes: [{ kind: 'content', path: ref.path, ref, other }] }];
    attachContents(diffs);
    expect(ref.content?.toString()).toBe('1\n2\n');
    expect(other.content?.toString()).toBe('1\n3\n');
  });

  it('gives only a window, from two lines before the first differing line, of large files', () => {
    const lines = Array.from({ length: Math.ceil((WHOLE * 1.5) / 18) }, (_, i) => `{"line":${String(i).padStart(8, '0')}}\n`);
    const at = lines.length - 1000;
    const a = Buffer.from(lines.join(''));
    const changed = [...lines];
    changed[at] = '{"line":"changed!"}\n';
    const b = Buffer.from(changed.join(''));
    const ref = fileEntry('a-big', a);
    const other = fileEntry('b-big', b);
    const d: EffectDiff = { effect: 'tree', changes: [{ kind: 'content', path: ref.path, ref, other }] };
    attachContents([d]);
    if (d.effect !== 'tree' || d.changes[0]?.kind !== 'content') throw new Error('not a content change');
    const { ref: r, other: o } = d.changes[0];
    expect(r.excerpt).toEqual({ offset: (at - 2) * 18, line: at - 2 });
    expect(o.excerpt).toEqual(r.excerpt);
    expect(r.content?.length).toBe(Math.min(WINDOW, a.length - (at - 2) * 18));
    expect(o.content?.subarray(0, 56).toString()).toBe(changed.slice(at - 2, at + 1).join(''));
    // The shared entries themselves are untouched (another diff may window them elsewhere).
    expect(ref.content).toBeUndefined();
  });
});
