// Unit tests of the harness's parts: the raw JSON reader, visible bytes, the
// batch answer decoding, known lists, shards, command lines, the generator,
// the golden-layout round trip and the slot reconciliation.
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference, member, readRaw } from '../src/parity/compare/rawjson.js';
import { visible } from '../src/parity/core/visible.js';
import { decodeAnswer } from '../src/parity/exporters/batch.js';
import { formatEntry, formatKnownList, KnownList } from '../src/parity/run/known.js';
import type { Cause, CauseKind } from '../src/parity/compare/causes.js';
import type { EffectName } from '../src/parity/compare/effects.js';
import type { ParityCase } from '../src/parity/cases/case.js';
import { inShard, parseShard } from '../src/parity/run/shard.js';
import { absolutize } from '../src/parity/exporters/command.js';
import { exporterEnv } from '../src/parity/exporters/types.js';
import { GoExporter } from '../src/parity/exporters/builtin.js';
import { cacheDir } from '../src/parity/core/location.js';
import { REPO_ROOT, requireGo } from './helpers/toolchains.js';
import { rootArg, rootFlags } from '../src/parity/cases/root.js';
import { lakehouseArb, materializeCase } from '../src/parity/generate/index.js';
import { caseSeed, drawCase, generatedCase, toParityCase } from '../src/parity/generate/case.js';
import { MEMORY_DIR, scratchPlace } from '../src/parity/run/scratch.js';
import type { CaseDrawer, DrawerOptions } from '../src/parity/generate/drawer.js';
import { generatorIdentity } from '../src/parity/generate/casecache.js';
import { memoryFsHere } from './helpers/sandbox.js';
import { loadCaseDir, writeCaseDir } from '../src/parity/cases/layout.js';
import { nonPortablePaths } from '../src/parity/cases/portable.js';
import { SlotWorld } from '../src/parity/run/world.js';
import { Scratch } from '../src/parity/run/scratch.js';
import { timesShowEveryChange } from '../src/parity/tree/seen.js';
import { formatManifest, snapshotTree } from '../src/parity/tree/snapshot.js';
import { writeTree } from '../src/parity/tree/write.js';
import { SetupError, UsageError } from '../src/parity/core/errors.js';
import { caseRefs } from '../src/parity/run/sources.js';
import { defaultJobs, parseArgs } from '../src/parity/args.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('raw JSON reader', () => {
  it('keeps the exact bytes of values and finds the first differing field', () => {
    const a = readRaw(b('{"a":1,"p":{"s":"x\\u003c","n":[1,2]},"z":null}'));
    const c = readRaw(b('{"a":1,"p":{"s":"x<","n":[1,2]},"z":null}'));
    expect(a && c).toBeTruthy();
    const d = firstDifference(a!, c!);
    expect(d?.path).toBe('p.s');
    expect(d?.a?.toString()).toBe('"x\\u003c"');
    expect(d?.b?.toString()).toBe('"x<"');
    expect(firstDifference(a!, a!)).toBeUndefined();
    expect(member(readRaw(b('{"k":1,"k":2}')), 'k')?.raw.toString()).toBe('2');
  });

  it('rejects what is not one JSON value', () => {
    for (const s of ['', '{', '{"a":1} x', '"open', '[1,]x']) expect(readRaw(b(s)), s).toBeNull();
  });
});

describe('visible bytes', () => {
  it('marks invisible characters and bytes that are not UTF-8', () => {
    expect(visible(Buffer.from([0x61, 0xc2, 0x85, 0x0d, 0x0a, 0xff, 0xef, 0xbb, 0xbf]))).toBe('a<U+0085>\\r\\n\\xff<U+FEFF>');
    expect(visible(b('é·中😀'))).toBe('é·中😀');
    expect(visible(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
  });
});

describe('batch answers', () => {
  it('gives stdout as the exact result bytes plus a newline', () => {
    const r = decodeAnswer(b('{"result":{"output_path":"a\\u003cb","n":1},"error":null}'));
    expect(r.ending).toEqual({ kind: 'exited', code: 0 });
    expect(r.stdout.toString()).toBe('{"output_path":"a\\u003cb","n":1}\n');
    expect(r.stderr.length).toBe(0);
  });

  it('gives exit 1 and the error text on stderr', () => {
    const r = decodeAnswer(b('{"result":{},"error":"write output: \\u003cx\\u003e"}'));
    expect(r.ending).toEqual({ kind: 'exited', code: 1 });
    expect(r.stderr.toString()).toBe('write output: <x>\n');
  });

  it('reports a broken answer as a protocol error', () => {
    for (const line of ['nope', '{"result":null,"error":"bad request: x"}', '{"result":{}}', '{"result":{},"error":3}']) {
      const e = decodeAnswer(b(line)).ending;
      expect(e.kind, line).toBe('protocol');
      expect(e.kind === 'protocol' && e.message).toContain('bad --batch answer');
    }
  });
});

describe('known divergences', () => {
  it('parses entries and rejects bad lines with their place', () => {
    const entries = KnownList.parse('# c\ngolden/a go2 tree  # why\n\ngenerated/* * *\n', 'k.txt');
    expect(entries.map((e) => [e.caseId, e.exporter, e.effect, e.where])).toEqual([
      ['golden/a', 'go2', 'tree', 'k.txt:2'],
      ['generated/*', '*', '*', 'k.txt:4'],
    ]);
    expect(() => KnownList.parse('a b', 'k.txt')).toThrow(UsageError);
    expect(() => KnownList.parse('a b nope', 'k.txt')).toThrow(/k.txt:1: effect must be one of/);
  });

  const cause = (effect: EffectName, kind: CauseKind, field: string | null = null): Cause => ({ effect, kind, field, detail: '' });

  it('covers listed effects, fails unlisted ones, and finds stale entries', () => {
    const k = new KnownList(KnownList.parse('golden/a x tree\ngolden/a x stdout\ngolden/b x tree\ngolden/c x tree\n', 'k'));
    expect(k.record('golden/a', 'x', [cause('tree', 'extra-file', 'x'), cause('stderr', 'error-text')])).toEqual(['k:1', null]);
    expect(k.record('golden/b', 'x', [])).toEqual([]);
    // golden/c did not run: not stale. golden/a stdout and golden/b tree are.
    expect(k.stale().map((e) => `${e.caseId} ${e.effect}`)).toEqual(['golden/a stdout', 'golden/b tree']);
  });

  it('matches an entry with a cause only on that kind and field, and says what the cause is now', () => {
    const text = 'golden/a x tree number-format data/distilled/sft/sft_export.jsonl: quality_score  # 1.0\ngolden/a x stderr * -\ngolden/b x exit_code exit-code 1→0\n';
    const entries = KnownList.parse(text, 'k');
    expect(entries.map((e) => formatEntry(e))).toEqual([
      'golden/a x tree number-format data/distilled/sft/sft_export.jsonl: quality_score',
      'golden/a x stderr * -',
      'golden/b x exit_code exit-code 1→0',
    ]);
    const k = new KnownList(entries);
    const score = cause('tree', 'number-format', 'data/distilled/sft/sft_export.jsonl: quality_score');
    const escape = cause('tree', 'escape-html', 'data/distilled/sft/sft_export.jsonl: response');
    expect(k.record('golden/a', 'x', [score, escape, cause('stderr', 'crash', 'ValueError'), cause('stderr', 'error-text', null)])).toEqual(['k:1', null, null, 'k:2']);
    expect(k.record('golden/b', 'x', [cause('exit_code', 'exit-code', '0→1')])).toEqual([null]);
    expect(k.stale()).toEqual([expect.objectContaining({ where: 'k:3', found: [{ effect: 'exit_code', kind: 'exit-code', field: '0→1' }] })]);
    expect(() => KnownList.parse('a x tree nonsense', 'k')).toThrow(/k:1: "nonsense" is not a cause kind/);
  });

  it('writes a known list that reads back as the same causes', () => {
    const causes = [cause('tree', 'number-format', 'data/distilled/sft/sft_export.jsonl: quality_score'), cause('stderr', 'error-text', 'list scored runs: stat'), cause('run', 'timeout')];
    const text = formatKnownList([{ id: 'root/my lake', results: [{ exporter: 'py', causes }] }], 'test');
    const k = new KnownList(KnownList.parse(text, 'k'));
    expect(k.record('root/my lake', 'py', causes).every((w) => w !== null)).toBe(true);
    expect(k.stale()).toEqual([]);
  });
});

describe('job slots', () => {
  it('default to one more than the cores, and to the cores for --root cases; --jobs sets them', () => {
    const cores = os.availableParallelism();
    expect(parseArgs([]).jobs).toBeUndefined();
    expect(parseArgs(['--jobs', '5']).jobs).toBe(5);
    expect(defaultJobs(false)).toBe(cores + 1);
    expect(defaultJobs(true)).toBe(cores);
  });
});

describe('shards', () => {
  it('parses i/n and rejects the rest', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const s of ['0/3', '4/3', '1/0', 'a/b', '1']) expect(() => parseShard(s), s).toThrow(UsageError);
  });

  it('splits any list into disjoint parts that together are the whole', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.integer({ min: 1, max: 12 }), (len, n) => {
        const seen = new Array<number>(len).fill(0);
        for (let i = 1; i <= n; i++) for (let k = 0; k < len; k++) if (inShard(k, { index: i, count: n })) seen[k]!++;
        return seen.every((x) => x === 1);
      }),
    );
  });
});

describe('external command lines', () => {
  it('makes relative paths to existing files absolute and leaves the rest', () => {
    const cwd = path.resolve('.');
    expect(absolutize('test/wrong-exporters/crlf --x', cwd)).toBe(`${cwd}/test/wrong-exporters/crlf --x`);
    expect(absolutize('node ./package.json', cwd)).toBe(`node ${cwd}/package.json`);
    expect(absolutize('FOO=a/b sleep 600 # no/such', cwd)).toBe('FOO=a/b sleep 600 # no/such');
    expect(absolutize('/bin/echo "a/b"', cwd)).toBe('/bin/echo "a/b"');
  });
});

describe("an exporter's environment", () => {
  it("is the harness's, with TMPDIR, LH_DISTILL_ROOT as the request says, and the adapter's changes", () => {
    const saved = { ...process.env };
    try {
      process.env['LH_DISTILL_ROOT'] = '/not/this';
      process.env['KEEP_ME'] = 'kept';
      process.env['DROP_ME'] = 'x';
      const env = exporterEnv({ envRoot: undefined }, '/scratch/tmp', { DROP_ME: undefined, SET_ME: 'set' });
      expect(env['LH_DISTILL_ROOT']).toBeUndefined();
      expect('DROP_ME' in env).toBe(false);
      expect([env['TMPDIR'], env['KEEP_ME'], env['SET_ME']]).toEqual(['/scratch/tmp', 'kept', 'set']);
      // An adapter cannot take over what the request decides.
      expect(exporterEnv({ envRoot: '/lake' }, '/t', { LH_DISTILL_ROOT: undefined })['LH_DISTILL_ROOT']).toBe('/lake');
    } finally {
      process.env = saved;
    }
  });
});

describe('the Go reference', () => {
  it('starts with one P unless GOMAXPROCS is set when it is prepared', async () => {
    if (!requireGo('the Go adapter\'s GOMAXPROCS')) return;
    const saved = process.env['GOMAXPROCS'];
    const prepared = async (): Promise<string | undefined> => {
      const go = new GoExporter({ repo: REPO_ROOT, cache: cacheDir(REPO_ROOT) });
      await go.prepare();
      return go.program().env?.['GOMAXPROCS'];
    };
    try {
      delete process.env['GOMAXPROCS'];
      expect(await prepared()).toBe('1');
      process.env['GOMAXPROCS'] = '3';
      expect(await prepared()).toBe('3');
    } finally {
      if (saved === undefined) delete process.env['GOMAXPROCS'];
      else process.env['GOMAXPROCS'] = saved;
    }
  }, 120_000);
});

describe('generated cases', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-units-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are reproducible from their seed', () => {
    for (let i = 0; i < 5; i++) {
      const s = caseSeed(42, i);
      expect(JSON.stringify(drawCase(s))).toBe(JSON.stringify(drawCase(s)));
    }
    expect(caseSeed(42, 0)).not.toBe(caseSeed(42, 1));
    expect(caseSeed(42, 0)).not.toBe(caseSeed(43, 0));
  });

  /**
   * The built drawer, run by `test` with it: its worker runs
   * dist/…/drawworker.js (npm test builds first). Typed from the source, so
   * that type-checking needs no build.
   */
  type BuiltDrawer = Pick<CaseDrawer, 'request' | 'take' | 'close' | 'fromWorker' | 'fromCache' | 'cacheOf'>;
  async function withBuiltDrawer(test: (drawer: BuiltDrawer) => Promise<void>, opts: DrawerOptions = {}): Promise<void> {
    const built: string = '../dist/src/parity/generate/drawer.js';
    const { CaseDrawer } = (await import(built)) as { CaseDrawer: new (o: DrawerOptions) => BuiltDrawer };
    const drawer = new CaseDrawer(opts);
    try {
      await test(drawer);
    } finally {
      drawer.close();
    }
  }

  describe('kept in the case cache', () => {
    const generator = 'a'.repeat(64);
    const drawAll = (cacheDir: string, seed: number, n: number, g = generator): Promise<{ cases: ParityCase[]; fromWorker: number; fromCache: number }> => {
      const got: ParityCase[] = [];
      let counts = { fromWorker: 0, fromCache: 0 };
      return withBuiltDrawer(
        async (drawer) => {
          for (let i = 0; i < n; i++) drawer.request(seed, i);
          for (let i = 0; i < n; i++) got.push(await drawer.take(seed, i));
          counts = { fromWorker: drawer.fromWorker, fromCache: drawer.fromCache };
        },
        { cacheDir, generator: g },
      ).then(() => ({ cases: got, ...counts }));
    };
    /** A cache directory holding seed's first n cases, one byte of the last one's serialized bytes (the file's last) changed. */
    const damagedLastCase = async (seed: number, n: number): Promise<string> => {
      const d = fs.mkdtempSync(path.join(dir, 'cache-'));
      await drawAll(d, seed, n);
      const file = only(d);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 3] ^= 0x01;
      fs.writeFileSync(file, bytes);
      return d;
    };
    const only = (d: string): string => {
      const names = fs.readdirSync(d);
      expect(names).toHaveLength(1);
      return path.join(d, names[0] as string);
    };

    it('are read back by the next drawer, the same cases, Buffers and all, and extended by a longer run', async () => {
      const d = fs.mkdtempSync(path.join(dir, 'cache-'));
      const first = await drawAll(d, 5, 12);
      expect(first).toMatchObject({ fromWorker: 12, fromCache: 0 });
      const again = await drawAll(d, 5, 20);
      // The first 12 read, the 8 more drawn (and kept).
      expect(again).toMatchObject({ fromWorker: 8, fromCache: 12 });
      for (let i = 0; i < 20; i++) {
        expect(again.cases[i]).toEqual(generatedCase(5, i));
        for (const e of again.cases[i]?.entries ?? []) expect(Buffer.isBuffer(e.path)).toBe(true);
      }
      expect(await drawAll(d, 5, 20)).toMatchObject({ fromWorker: 0, fromCache: 20 });
      // Nothing beside the one file (no temporary file left).
      expect(path.basename(only(d))).toMatch(/^a{16}-5\.v8$/);
    });

    it('are drawn again when the file is damaged, or was written by another generator', async () => {
      const d = await damagedLastCase(6, 6);
      const damaged = await drawAll(d, 6, 6);
      for (let i = 0; i < 6; i++) expect(damaged.cases[i]).toEqual(generatedCase(6, i));
      expect(damaged.fromCache).toBeLessThan(6);
      // Written anew: whole again.
      expect(await drawAll(d, 6, 6)).toMatchObject({ fromWorker: 0, fromCache: 6 });
      const other = await drawAll(d, 6, 6, 'b'.repeat(64));
      expect(other).toMatchObject({ fromWorker: 6, fromCache: 0 });
      // Another generator's file goes when this one's is written.
      expect(path.basename(only(d))).toMatch(/^b{16}-6\.v8$/);
      fs.writeFileSync(only(d), 'not a case file');
      expect(await drawAll(d, 6, 3, 'b'.repeat(64))).toMatchObject({ fromWorker: 3, fromCache: 0 });
      // What a killed run's write left goes once it is an hour old; a write under way stays.
      const stale = path.join(d, `${'b'.repeat(16)}-6.v8.tmp-12345-0badc0de`);
      const recent = path.join(d, `${'b'.repeat(16)}-6.v8.tmp-12346-0badc0de`);
      fs.writeFileSync(stale, 'x');
      fs.writeFileSync(recent, 'x');
      fs.utimesSync(stale, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
      await drawAll(d, 6, 4, 'b'.repeat(64));
      expect(fs.readdirSync(d).sort()).toEqual([`${'b'.repeat(16)}-6.v8`, path.basename(recent)]);
    });

    it('are never copied into a rewritten file when damaged, even by a run that did not read them', async () => {
      const d = await damagedLastCase(8, 6);
      // Reads cases 0 and 1, draws case 6: the file is written anew without reading case 5.
      await withBuiltDrawer(
        async (drawer) => {
          for (const i of [0, 1, 6]) expect(await drawer.take(8, i)).toEqual(generatedCase(8, i));
        },
        { cacheDir: d, generator },
      );
      const again = await drawAll(d, 8, 7);
      for (let i = 0; i < 7; i++) expect(again.cases[i]).toEqual(generatedCase(8, i));
      // Case 5 was drawn again, the others read back.
      expect(again).toMatchObject({ fromWorker: 1, fromCache: 6 });
    });

    it('are named by the bytes of the worker bundle, never by a module that imports the rest', () => {
      const bundle = path.join(REPO_ROOT, 'dist/src/parity/drawworker.js');
      expect(generatorIdentity(bundle)).toMatch(/^[0-9a-f]{64}$/);
      expect(generatorIdentity(path.join(REPO_ROOT, 'dist/src/parity/generate/drawworker.js'))).toBeUndefined();
      const copy = path.join(dir, 'drawworker.js');
      fs.writeFileSync(copy, Buffer.concat([fs.readFileSync(bundle), Buffer.from('\n')]));
      expect(generatorIdentity(copy)).not.toBe(generatorIdentity(bundle));
    });
  });

  it('are the same drawn ahead on the worker thread as drawn here, Buffers and all', async () => {
    await withBuiltDrawer(async (drawer) => {
      for (let i = 0; i < 40; i++) drawer.request(7, i);
      for (let i = 0; i < 40; i++) {
        const there = await drawer.take(7, i);
        const here = generatedCase(7, i);
        expect(there).toEqual(here);
        for (const e of there.entries) expect(Buffer.isBuffer(e.path)).toBe(true);
      }
      // Never requested: drawn on its own when taken.
      expect(await drawer.take(7, 99)).toEqual(generatedCase(7, 99));
      expect(drawer.fromWorker).toBe(41);
    });
  });

  it('are drawn here, the same, when the drawer worker dies (the generator then loaded on this thread)', async () => {
    await withBuiltDrawer(async (drawer) => {
      for (let i = 0; i < 5; i++) drawer.request(11, i);
      // What it had not answered, and what is asked for after, is drawn here.
      await (drawer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      for (let i = 0; i < 7; i++) expect(await drawer.take(11, i)).toEqual(generatedCase(11, i));
      expect(drawer.fromWorker).toBeLessThan(7);
    });
  });

  it('materialize exactly their entries (paths, types, modes, contents, targets)', () => {
    let n = 0;
    fc.assert(
      fc.property(lakehouseArb(), (c) => {
        const root = path.join(dir, `m${n++}`);
        materializeCase(c, root);
        if (c.root === 'missing') return !fs.existsSync(root);
        if (c.root === 'file') return fs.statSync(root).isFile();
        const want = c.entries.map((e) => ({
          path: e.path,
          type: e.kind,
          mode: e.kind === 'symlink' ? 0o777 : e.mode,
          content: e.kind === 'file' ? e.content : undefined,
          target: e.kind === 'symlink' ? e.target : undefined,
        }));
        const got = snapshotTree(root).filter((e) => want.some((w) => w.path.equals(e.path)));
        const byPath = (x: { path: Buffer }, y: { path: Buffer }): number => Buffer.compare(x.path, y.path);
        expect(formatManifest(got.sort(byPath))).toBe(formatManifest(want.sort(byPath)));
        fs.rmSync(root, { recursive: true, force: true });
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('give --root and LH_DISTILL_ROOT as golden/README.md says', () => {
    expect(rootArg('dir', '/s/root')).toBe('/s/root');
    expect(rootArg('dir/./data/..//', '/s/root')).toBe('/s/root/./data/..//');
    expect(rootArg('empty', '/s/root')).toBe('');
    expect(rootFlags('env', '/s/root')).toEqual({ root: undefined, envRoot: '/s/root' });
    expect(rootFlags('none', '/s/root')).toEqual({ root: undefined, envRoot: undefined });
    expect(() => rootArg('env', '/s/root')).toThrow(RangeError);
  });

  it('survive a round trip through the golden layout', () => {
    let n = 0;
    fc.assert(
      fc.property(lakehouseArb({ cliRoots: true }), (value) => {
        const c = toParityCase('generated/1/1', 1, value);
        const caseDir = path.join(dir, `layout${n++}`);
        writeCaseDir(caseDir, c);
        const back = loadCaseDir(caseDir, 'case', 'case/x');
        expect([back.description, back.recordedAt, back.dryRun, back.includePartial, back.root]).toEqual([
          c.description, c.recordedAt, c.dryRun, c.includePartial, c.root,
        ]);
        // Everything comes back exactly, names that are not UTF-8 and
        // symlinks included, and root/ holds only what any checkout and npm
        // tarball can hold (the rest is in case.json's setup).
        const norm = (es: readonly { path: Buffer }[]) => formatManifest(snapshotLike(es));
        if (c.root !== 'missing' && c.root !== 'file') expect(norm(back.entries)).toBe(norm(withParents(c.entries)));
        const committed = path.join(caseDir, 'root');
        expect([...nonPortablePaths(fs.existsSync(committed) ? snapshotTree(committed) : [])]).toEqual([]);
        fs.rmSync(caseDir, { recursive: true, force: true });
        return true;
      }),
      { numRuns: 100 },
    );
  });
});

/** Entries plus the 0755 parent directories writeTree makes for them. */
function withParents(entries: readonly { path: Buffer }[]): { path: Buffer }[] {
  const out = new Map<string, { path: Buffer }>();
  for (const e of entries) {
    for (let i = e.path.indexOf(0x2f); i > 0; i = e.path.indexOf(0x2f, i + 1)) {
      const p = e.path.subarray(0, i);
      if (!out.has(p.toString('latin1'))) out.set(p.toString('latin1'), { path: p, type: 'dir', mode: 0o755 } as { path: Buffer });
    }
    out.set(e.path.toString('latin1'), e);
  }
  return [...out.values()];
}

function snapshotLike(es: readonly { path: Buffer }[]) {
  return [...(es as Parameters<typeof formatManifest>[0])].sort((x, y) => Buffer.compare(x.path, y.path));
}

describe('the scratch space', () => {
  it('goes where TMPDIR says when it is set, to the temp dir for --root cases, else to a memory file system when there is one', () => {
    expect(scratchPlace({ large: false }, { TMPDIR: '/somewhere' })).toMatchObject({ parent: os.tmpdir(), memory: false, why: 'TMPDIR' });
    expect(scratchPlace({ large: true }, {})).toMatchObject({ parent: os.tmpdir(), memory: false });
    // tmpfs, as on the Linux machines the project runs on; elsewhere the temp dir, saying why.
    const expected = memoryFsHere() ? { parent: MEMORY_DIR, memory: true } : { parent: os.tmpdir(), memory: false };
    expect(scratchPlace({ large: false }, {})).toMatchObject(expected);
  });
});

describe('slot reconciliation', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-world-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Whatever an exporter did to the slot, preparing the next case leaves
  // exactly the tree a fresh copy would have.
  // With trusted timestamps (tree/seen.ts), the snapshot after each export
  // rereads only what changed, and must still see exactly what a full one sees.
  // The test's own look at the timestamps (not seen.ts's, which is under test).
  const multigrain = (): boolean => {
    const f = path.join(dir, 'mg');
    for (let i = 0; i < 5; i++) {
      fs.writeFileSync(f, 'a');
      const before = fs.lstatSync(f, { bigint: true }).ctimeNs;
      fs.writeFileSync(f, 'b');
      if (fs.lstatSync(f, { bigint: true }).ctimeNs === before) return false;
    }
    return true;
  };
  it.each([false, true])('brings a slot to the exact state of a fresh copy, whatever the last export did (timestamps trusted: %s)', (trust) => {
    if (trust && !multigrain()) {
      // Nothing to test here but that the harness does not trust them either.
      const scratch = new Scratch();
      try {
        expect(timesShowEveryChange(scratch.dir) ? 'multigrain' : 'coarse').toBe(scratch.trustTimes ? 'multigrain' : 'coarse');
      } finally {
        scratch.remove();
      }
      console.log(`slot reconciliation: ${dir}'s timestamps are coarse; the harness rereads every file there, so the trusted variant is not run`);
      return;
    }
    let n = trust ? 1000 : 0;
    const mess = fc.array(
      fc.record({
        kind: fc.constantFrom('file', 'dir', 'rm', 'chmod', 'link', 'rewrite', 'replace'),
        pick: fc.nat(),
        name: fc.constantFrom('x', 'data', 'sft_export.jsonl', 'é'),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      // Each case is run by one to three "exporters", as the runner does.
      fc.property(fc.array(fc.tuple(lakehouseArb({ cliRoots: true }), fc.array(mess, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 3 }), (steps) => {
        const slot = path.join(dir, `slot${n}`);
        const fresh = path.join(dir, `fresh${n++}`);
        fs.mkdirSync(slot);
        const world = new SlotWorld(slot, path.join(dir, 'trash'), trust);
        for (const [value, exports] of steps) {
          const c = toParityCase('generated/1/1', 1, value);
          for (const actions of exports) {
            world.prepare(c);
            fs.mkdirSync(fresh);
            if (c.root === 'file') fs.writeFileSync(path.join(fresh, 'root'), '');
            else if (c.root !== 'missing') {
              fs.mkdirSync(path.join(fresh, 'root'));
              writeTree(c.entries, path.join(fresh, 'root'));
            }
            expect(formatManifest(snapshotTree(slot))).toBe(formatManifest(snapshotTree(fresh)));
            fs.rmSync(fresh, { recursive: true, force: true });
            // Play exporter: change things at random, then let the world observe.
            for (const a of actions) {
              const all = snapshotTree(slot);
              const target = all[a.pick % Math.max(1, all.length)];
              const base = target && target.type === 'dir' ? path.join(slot, target.path.toString('latin1')) : slot;
              try {
                if (a.kind === 'file') fs.writeFileSync(path.join(base, a.name), 'written by an exporter');
                if (a.kind === 'dir') fs.mkdirSync(path.join(base, a.name, 'sub'), { recursive: true });
                if (a.kind === 'link') fs.symlinkSync('nowhere', path.join(base, a.name));
                if (a.kind === 'rm' && target) fs.rmSync(Buffer.concat([Buffer.from(slot + '/'), target.path]), { recursive: true, force: true });
                if (a.kind === 'chmod' && target && target.type !== 'symlink') fs.chmodSync(Buffer.concat([Buffer.from(slot + '/'), target.path]), 0o700);
                // Same size, other bytes: only the timestamps tell.
                const file = target?.type === 'file' ? Buffer.concat([Buffer.from(slot + '/'), target.path]) : undefined;
                if (a.kind === 'rewrite' && file) fs.writeFileSync(file, Buffer.alloc(target?.size ?? 0, 0x7a));
                if (a.kind === 'replace' && file) {
                  fs.unlinkSync(file);
                  fs.writeFileSync(file, Buffer.alloc(target?.size ?? 0, 0x79), { mode: target?.mode ?? 0o644 });
                }
              } catch {
                // EEXIST, ENOTDIR: the exporter's attempt failed; fine.
              }
            }
            const after = world.snapshot();
            expect(formatManifest(after)).toBe(formatManifest(snapshotTree(slot)));
            world.observe(after);
          }
        }
        return true;
      }),
      { numRuns: 30 },
    );
  });

  // The cases trusting timestamps must still catch: an input rewritten in
  // place with other bytes of the same size (only ctime and mtime tell),
  // right after the harness wrote it, and one replaced by a new file.
  it('sees an input rewritten in place with bytes of the same size, or replaced, right after it was written', () => {
    if (!multigrain()) {
      console.log(`slot reconciliation: ${dir}'s timestamps are coarse; the harness does not trust them there`);
      return;
    }
    // The harness's own check agrees, so it trusts them too.
    expect(timesShowEveryChange(dir)).toBe(true);
    const slot = path.join(dir, 'inplace');
    fs.mkdirSync(slot);
    const world = new SlotWorld(slot, path.join(dir, 'trash-inplace'), true);
    const c: ParityCase = {
      id: 'x', source: 'generated', description: '', recordedAt: 'T', dryRun: false, includePartial: false, root: 'dir',
      entries: [{ path: b('data/scored-runs/a.jsonl'), type: 'file', mode: 0o644, content: b('{"a":1}\n') }, { path: b('data/b'), type: 'file', mode: 0o644, content: b('bbbb') }],
    };
    for (let round = 0; round < 3; round++) {
      world.prepare(c);
      fs.writeFileSync(path.join(slot, 'root/data/scored-runs/a.jsonl'), '{"a":2}\n');
      const file = path.join(slot, 'root/data/b');
      fs.unlinkSync(file);
      fs.writeFileSync(file, 'BBBB');
      const seen = world.snapshot();
      expect(formatManifest(seen)).toBe(formatManifest(snapshotTree(slot)));
      world.observe(seen);
    }
  });

  // Removal goes entry by entry from the last snapshot; what that snapshot
  // did not see (written after it) makes the directory go to the trash whole.
  it('removes a directory that holds what the last snapshot did not see', () => {
    const slot = path.join(dir, 'late');
    fs.mkdirSync(slot);
    const world = new SlotWorld(slot, path.join(dir, 'trash-late'));
    const c = (entries: ParityCase['entries']): ParityCase => ({ id: 'x', source: 'generated', description: '', recordedAt: 'T', dryRun: false, includePartial: false, root: 'dir', entries });
    world.prepare(c([{ path: b('x/keep'), type: 'file', mode: 0o644, content: b('k') }]));
    fs.mkdirSync(path.join(slot, 'root/x/y/z'), { recursive: true });
    fs.writeFileSync(path.join(slot, 'root/x/y/z/f'), 'by the exporter');
    world.observe(snapshotTree(slot));
    fs.writeFileSync(path.join(slot, 'root/x/y/late'), 'after the snapshot');
    const next = c([{ path: b('other'), type: 'file', mode: 0o600, content: b('o') }]);
    world.prepare(next);
    expect(formatManifest(snapshotTree(slot))).toBe('dir 0755 root\nfile 0600 root/other 1 65c74c15a686187bb6bbf9958f494fc6b80068034a659a9ad44991b08c58f2d2\n');
    // The next case's exporters leave an export, removed entry by entry.
    fs.mkdirSync(path.join(slot, 'root/data/distilled/sft'), { recursive: true });
    fs.writeFileSync(path.join(slot, 'root/data/distilled/sft/sft_export.jsonl'), '{}\n');
    world.observe(snapshotTree(slot));
    world.prepare(next);
    expect(formatManifest(snapshotTree(slot))).toBe('dir 0755 root\nfile 0600 root/other 1 65c74c15a686187bb6bbf9958f494fc6b80068034a659a9ad44991b08c58f2d2\n');
    expect(fs.readdirSync(path.join(dir, 'trash-late'))).toHaveLength(1);
  });
});

describe('case directories', () => {
  it('are checked when the run lists them: a malformed case.json stops it before any case loads, naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-cases-'));
    try {
      const write = (name: string, json: string): void => {
        fs.mkdirSync(path.join(dir, name, 'root'), { recursive: true });
        fs.writeFileSync(path.join(dir, name, 'case.json'), json);
      };
      write('a-good', '{"description":"d","recorded_at":"T","dry_run":false,"include_partial":false,"root":"dir"}\n');
      const refs = caseRefs({ goldenDir: dir, builtin: false, runs: 0, seed: 1, roots: [], rootOptions: { recordedAt: 'T', dryRun: false, includePartial: false }, caseDirs: [] });
      expect(refs.map((r) => r.id)).toEqual(['golden/a-good']);
      write('b-bad', '{"description":"d","recorded_at":"T","dry_run":"no","include_partial":false,"root":"dir"}\n');
      const list = () => caseRefs({ goldenDir: dir, builtin: false, runs: 0, seed: 1, roots: [], rootOptions: { recordedAt: 'T', dryRun: false, includePartial: false }, caseDirs: [] });
      expect(list).toThrow(`${path.join(dir, 'b-bad', 'case.json')}: "dry_run" must be true or false (golden/README.md documents the format)`);
      expect(list).toThrow(SetupError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
