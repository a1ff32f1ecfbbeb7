// The gate in CI: GitHub workflow commands (one ::error per cause, stale
// known entries at their line), the Markdown job summary, and when they are
// written (GITHUB_ACTIONS / GITHUB_STEP_SUMMARY, or --reporter github /
// --summary FILE anywhere; --reporter text and --no-summary turn them off).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportCause } from '../src/parity/report/causeview.js';
import { annotations, escapeData, escapeProperty, renderGithub, workflowCommand } from '../src/parity/report/github.js';
import { githubWanted, summaryFile } from '../src/parity/report/publish.js';
import { mdCell, mdCode, renderSummary } from '../src/parity/report/summary.js';
import { sampleReport } from './helpers/report.js';
import { REPO_ROOT, requireGo } from './helpers/toolchains.js';
import { parseArgs } from '../src/parity/args.js';
import { parseMergeArgs } from '../src/parity/merge.js';
import { WRONG, privateDir, usePrivateDir, runParity } from './wrong-exporters/run-parity.js';

function causes(dir: string): ReportCause[] {
  return [
    {
      key: 'bad tree escape-html',
      exporter: 'bad',
      title: 'escaping of < > & in tree data/distilled/sft/sft_export.jsonl',
      detail: 'go writes \\u003c, bad writes <',
      count: 7,
      cases: ['golden/escaping-html', 'golden/a', 'golden/b', 'golden/c', 'golden/d', 'golden/e', 'golden/f'],
      example: 'golden/escaping-html',
      replay: 'npm run parity -- --case golden/cases/escaping-html --exporters bad --reference go',
      file: path.join(dir, 'golden/cases/escaping-html/case.json'),
    },
    { key: 'bad run timeout', exporter: 'bad', title: 'a timeout (run)', detail: 'bad timed out after 60 s | killed', count: 1, cases: ['generated/7/3'], example: 'generated/7/3', replay: undefined, file: '/elsewhere/x' },
  ];
}

describe('GitHub workflow commands', () => {
  let dir = '';
  beforeAll(() => {
    dir = privateDir('parity-ci-');
    fs.mkdirSync(path.join(dir, 'golden/cases/escaping-html'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'golden/cases/escaping-html/case.json'), '{}');
    fs.writeFileSync(path.join(dir, 'known.txt'), 'x\ny\n');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('escape messages and properties as the runner parses them', () => {
    expect(escapeData('50% a\r\nb:c,d')).toBe('50%25 a%0D%0Ab:c,d');
    expect(escapeProperty('50% a\nb:c,d')).toBe('50%25 a%0Ab%3Ac%2Cd');
    expect(workflowCommand('error', { title: 'T: x', message: 'm\nn', file: 'a/b.json', line: 3 })).toBe('::error file=a/b.json,line=3,title=T%3A x::m%0An');
  });

  it('give one error per cause, at its golden case when it has one, and stale entries at their line', () => {
    const r = sampleReport();
    const stale = { ...(r.stale[0] as (typeof r.stale)[number]), where: `${path.join(dir, 'known.txt')}:2` };
    const a = annotations({ ...r, stale: [stale] }, causes(dir), dir);
    expect(a).toEqual([
      {
        title: 'sft-parity: bad: escaping of < > & in tree data/distilled/sft/sft_export.jsonl',
        message: 'bad diverges from go on 7 case(s): go writes \\u003c, bad writes <\nexample: golden/escaping-html (also golden/a, golden/b, golden/c, golden/d, …)\nreplay: npm run parity -- --case golden/cases/escaping-html --exporters bad --reference go',
        file: 'golden/cases/escaping-html/case.json',
      },
      { title: 'sft-parity: bad: a timeout (run)', message: 'bad diverges from go on 1 case(s): bad timed out after 60 s | killed\nexample: generated/7/3' },
      { title: 'sft-parity: stale known divergence', message: 'golden/bom bad stdout is listed as a known divergence but is identical now: remove the entry', file: 'known.txt', line: 2 },
    ]);
    expect(renderGithub({ ...r, stale: [] }, causes(dir), dir).split('\n')[0]).toBe(
      '::error file=golden/cases/escaping-html/case.json,title=sft-parity%3A bad%3A escaping of < > & in tree data/distilled/sft/sft_export.jsonl::bad diverges from go on 7 case(s): go writes \\u003c, bad writes <%0Aexample: golden/escaping-html (also golden/a, golden/b, golden/c, golden/d, …)%0Areplay: npm run parity -- --case golden/cases/escaping-html --exporters bad --reference go',
    );
  });

  it('name each failing exporter when no cause is known, and cap the causes at what GitHub shows', () => {
    const r = sampleReport();
    expect(annotations({ ...r, stale: [] }, [], dir)).toEqual([{ title: 'sft-parity: bad: diverges', message: 'bad diverges from go on 2 case(s), e.g. golden/escaping-html, generated/7/3' }]);
    const many = Array.from({ length: 14 }, (_, i) => ({ ...(causes(dir)[1] as ReportCause), key: `k${i}` }));
    const a = annotations({ ...r, stale: [] }, many, dir);
    expect(a).toHaveLength(11);
    expect(a[10]).toEqual({ title: 'sft-parity: more causes', message: '4 more cause(s) of divergence; the job summary and the report list them all' });
  });

  it('are printed under GitHub Actions or with --reporter github, and --reporter text turns them off', () => {
    expect(githubWanted({ reporters: undefined }, { GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(githubWanted({ reporters: undefined }, {})).toBe(false);
    expect(githubWanted({ reporters: ['github'] }, {})).toBe(true);
    expect(githubWanted({ reporters: ['text'] }, { GITHUB_ACTIONS: 'true' })).toBe(false);
  });
});

describe('the Markdown summary', () => {
  it('has the verdict, the exporters, the table, the causes and their replay commands', () => {
    const md = renderSummary(sampleReport(), causes('/r'));
    expect(md).toContain('## sft-parity: ❌ FAIL\n\n2 divergence(s) (bad: 2) from 8 causes, 1 stale known entry, 1 known divergence(s) apart on 4 case(s) in 1.2 s\n');
    expect(md).toContain('| **go** (reference) | go1.26.8 linux/amd64, sources 75c145b5aaba | `/x/.cache/go/export-sft --batch` |');
    expect(md).toContain('| exporter | golden | builtin | generated |\n| --- | ---: | ---: | ---: |\n| bad | ❌ 1/2 | 0/1 (1 known) | ❌ 0/1 |');
    expect(md).toContain('| 1 | bad | escaping of &lt; &gt; &amp; in tree data/distilled/sft/sft_export.jsonl | 7 | go writes \\u003c, bad writes &lt; | `golden/escaping-html` |');
    expect(md).toContain('| 2 | bad | a timeout (run) | 1 | bad timed out after 60 s \\| killed | `generated/7/3` |');
    expect(md).toContain('```sh\n# 1. bad: escaping of < > & in tree data/distilled/sft/sft_export.jsonl (golden/escaping-html)\nnpm run parity -- --case golden/cases/escaping-html --exporters bad --reference go\n```');
    expect(md).toContain('- `known.txt:2`: `golden/bom bad stdout`');
  });

  it('escapes what Markdown would read as markup', () => {
    expect(mdCell('a|b\nc <d>')).toBe('a\\|b c &lt;d&gt;');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('x|y', false)).toBe('`x|y`');
  });

  it('goes to --summary, else to $GITHUB_STEP_SUMMARY under GitHub Actions, and nowhere with --no-summary', () => {
    const gh = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' };
    expect(summaryFile({ summary: undefined, noSummary: false }, gh)).toBe('/s.md');
    expect(summaryFile({ summary: 'f.md', noSummary: false }, gh)).toBe('f.md');
    expect(summaryFile({ summary: undefined, noSummary: true }, gh)).toBeUndefined();
    expect(summaryFile({ summary: undefined, noSummary: false }, { GITHUB_STEP_SUMMARY: '/s.md' })).toBeUndefined();
    expect(summaryFile({ summary: 'f.md', noSummary: false }, {})).toBe('f.md');
  });
});

describe('the example workflow', () => {
  it('runs the shards and the merge with flags that exist', () => {
    const yml = fs.readFileSync(path.join(REPO_ROOT, '.github/workflows/parity.yml'), 'utf8');
    const commands = [...yml.matchAll(/run: npm run parity -- (.*)/g)].map((m) => (m[1] as string).replace(/\$\{\{ matrix\.shard \}\}/g, '2').split(' '));
    expect(commands).toHaveLength(2);
    const [shard, merge] = commands as [string[], string[]];
    expect(parseArgs(shard)).toMatchObject({ shard: { index: 2, count: 3 }, json: 'parity-2.json', reporters: ['text'], noSummary: true });
    expect(merge[0]).toBe('merge');
    expect(parseMergeArgs(merge.slice(1))).toMatchObject({ files: ['shards/parity-1.json', 'shards/parity-2.json', 'shards/parity-3.json'], junit: 'parity.xml', html: 'parity.html' });
    expect(yml).toMatch(/needs: parity\n\s+# .*\n\s+if: always\(\)/);
  });
});

describe.runIf(requireGo('the gate under GitHub Actions'))('a failing run under GitHub Actions', () => {
  const dir = usePrivateDir('parity-ci-run-');
  const bad = ['--exporters', 'bad', '--exporter', `bad=${path.join(WRONG, 'html-unescaped')}`, '--no-shrink'];

  it('exits 1, prints ::error lines naming the exporter, and appends the summary', async () => {
    const summary = path.join(dir(), 's.md');
    fs.writeFileSync(summary, '# an earlier step\n');
    const run = await runParity([...bad, '--runs', '5'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir() });
    expect(run.code, run.stderr).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(/^::error (file=[^,]+,)?title=sft-parity%3A [^:]*\bbad\b[^:]*::.*\bbad\b/);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md.startsWith('# an earlier step\n## sft-parity: ❌ FAIL\n')).toBe(true);
    expect(md).toMatch(/\| bad \| ❌ \d+\/\d+ \| ❌ \d+\/9 \| ❌ \d+\/5 \|/);
    // html-unescaped has one bug: one cause, one annotation, one row.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error (file=[^,]+,)?title=sft-parity%3A bad%3A escaping of < > & in tree data\/distilled\/sft\/sft_export\.jsonl::bad diverges from go on \d+ case\(s\): /);
    expect(md).toMatch(/### Causes, most frequent first\n\n\| # \| exporter \| cause \| cases \| what differs \| example \|\n\| ---: .*\n\| 1 \| bad \| escaping of &lt; &gt; &amp; in tree data\/distilled\/sft\/sft_export\.jsonl \| \d+ \| /);
    expect(md).toMatch(/```sh\n# 1\. bad: escaping of < > & in tree .*\nnpm run parity -- .*--exporters bad --reference go --exporter '?bad=test\/wrong-exporters\/html-unescaped'?\n```/);
  });

  it('writes neither without GitHub Actions, and both with --reporter github --summary FILE', async () => {
    const plain = await runParity([...bad, '--no-golden', '--runs', '0'], { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: path.join(dir(), 'never.md') });
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain('::error');
    expect(fs.existsSync(path.join(dir(), 'never.md'))).toBe(false);
    const summary = path.join(dir(), 'explicit.md');
    const explicit = await runParity([...bad, '--no-golden', '--runs', '0', '--reporter', 'github', '--summary', summary], { GITHUB_ACTIONS: '' });
    expect(explicit.code).toBe(1);
    expect(explicit.stdout).toMatch(/^::error .*bad/m);
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/^## sft-parity: ❌ FAIL\n/);
  });

  it('says which file it cannot write, with exit 2 and no stack trace', async () => {
    const run = await runParity([...bad, '--no-golden', '--runs', '0', '--html', path.join(dir(), 'no/such/dir/r.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sft-parity: setup failed: --html .*no\/such\/dir\/r\.html: cannot write it \(ENOENT/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
