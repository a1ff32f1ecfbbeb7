// The --html page: self-contained, every kind of divergence rendered with
// what differs marked and invisible bytes shown (a synthetic report), and a
// real failing run's page opened in headless Chromium, checked as a person
// would read it: the verdict, the divergent exporter, the differing field,
// the diff, the filter, and a screenshot whose pixels show the verdict badge
// and the highlighted diff.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHtml } from '../src/parity/report/html.js';
import { chromiumAvailable, dumpDom, requireChromium, screenshot } from './helpers/chromium.js';
import { countColor, decodePng } from './helpers/png.js';
import { sampleReport } from './helpers/report.js';
import { requireGo } from './helpers/toolchains.js';
import { WRONG, privateDir, readReport, runParity } from './wrong-exporters/run-parity.js';

/** The text of an element's content, tags dropped and entities decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The inner HTML of the first element with this id (elements of the page do not nest their own kind in it). */
function byId(html: string, id: string): string {
  const m = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  if (!m) throw new Error(`no element #${id}`);
  return m[2] as string;
}

describe('the HTML report', () => {
  const html = reportHtml(sampleReport());

  it('is one self-contained page: nothing fetched, style and script inline', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/\b(src|href)\s*=|<link\b|@import|url\(|https?:/i);
    expect(html).toContain('<style>');
    expect(html).toContain('<script>');
  });

  it('leads with the verdict and names the exporters with their versions', () => {
    expect(text(byId(html, 'verdict'))).toBe('FAIL2 divergence(s) (bad: 2) from 8 causes, 1 stale known entry, 1 known divergence(s) apart on 4 case(s) in 1.2 s');
    expect(html).toContain('go1.26.8 linux/amd64, sources 75c145b5aaba');
    expect(html).toContain('<td class="num bad">1/2</td><td class="num good">0/1 (1 known)</td>');
  });

  it('shows both sides with the differing field marked and the characters that differ', () => {
    // stdout: the field "text" differs, \u003c against a raw '<'.
    expect(html).toContain('<tr><th class="field">text</th><td><pre>&quot;a<del>\\u003c</del>b&quot;</pre></td><td><pre>&quot;a<ins>&lt;</ins>b&quot;</pre></td></tr>');
    // In the line, the differing value is marked, the rest is not.
    expect(html).toContain('{&quot;exported&quot;:1,&quot;text&quot;:<mark>&quot;a\\u003cb&quot;</mark>}<span class="inv" title="invisible or not UTF-8">\\n</span>');
    expect(html).toMatch(/<pre class="udiff"><span class="dh">--- go\/root\/data\/distilled\/sft\/sft_export\.jsonl<\/span>/);
    expect(html).toContain('<span class="del">-{&quot;id&quot;:&quot;r:0&quot;,&quot;instruction&quot;:&quot;x \\u003cy\\u003e&quot;,&quot;quality_score&quot;:1}\\n</span>');
    expect(html).toContain('<span class="add">+{&quot;id&quot;:&quot;r:0&quot;,&quot;instruction&quot;:&quot;x &lt;y&gt;&quot;,&quot;quality_score&quot;:1}\\n</span>');
  });

  it('makes invisible characters and bytes that are not UTF-8 visible', () => {
    expect(html).toContain('<span class="inv" title="invisible or not UTF-8">\\xff</span><span class="inv" title="invisible or not UTF-8">\\r</span>');
    expect(html).toContain('<code>root/\\xc3(</code>');
  });

  it('lists every tree difference, the exit code and stderr side by side', () => {
    for (const row of ['<td>mode</td><td>dir 0755</td><td>dir 0700</td>', '<td>target</td><td>symlink -&gt; a\\\\b</td><td>symlink -&gt; b\\x80</td>', '<td>type</td><td>dir 0755</td><td>file 0644, 1 bytes</td>']) {
      expect(html).toContain(row);
    }
    expect(html).toContain('<td><code>root/\\xc3(</code></td><td>missing</td><td>file 0644, 0 bytes</td><td><span class="absent">(absent)</span></td>');
    expect(html).toContain('<td><pre>1</pre></td><td><pre>0</pre></td>');
    expect(html).toContain('<span class="absent">(empty)</span>');
    expect(html).toContain('<p class="cause">bad timed out after 60 s (its process group was killed)</p>');
  });

  it('ranks the causes, each picking its divergences in the filter, with what it means', () => {
    const causes = html.slice(html.indexOf('<h2>Causes</h2>'), html.indexOf('<h2>Divergences</h2>'));
    expect(text(causes)).toContain('bad diverges on 2 cases of 4 from 8 causes, most frequent first');
    expect(causes).toContain(
      '<li><span class="count">1 case</span> <button class="pick" type="button" data-pick-cause="c2" title="show only these divergences">escaping of &lt; &gt; &amp; in stdout</button><div class="why">text: U+003C \'&lt;\': go writes \\u003c, bad writes &lt; (go escapes it, bad writes it raw); e.g. <code>golden/escaping-html</code></div>',
    );
    expect(text(causes)).toContain('KNOWNbad: 1 case with divergences listed in --known, from 2 causes (they do not fail the run)');
    expect(html).toMatch(/<select id="f-cause"><option value="">all<\/option><option value="c1">1\. bad: a timeout \(run\) \(1\)<\/option>/);
    expect(html).toContain('<option value="k1">known: bad: ');
    // In a divergence: its causes with what this case shows of each.
    expect(html).toContain('<h3>causes</h3><ul class="rcauses"><li><b>escaping of &lt; &gt; &amp; in stdout</b>: text: U+003C');
  });

  it('gives every divergence its filter data, tag and replay command with a copy button', () => {
    const divs = [...html.matchAll(/<details class="div" ([^>]*)>/g)].map((m) => m[1]);
    // Causes are numbered as ranked (c…, known ones k…); the top cause's example is open.
    expect(divs).toEqual([
      'data-exporter="bad" data-effects="stdout tree" data-causes="c2 c3 c4 c5 c6 c7 c8" data-case="golden/escaping-html"',
      'data-exporter="bad" data-effects="exit_code stderr" data-causes="k1 k2" data-case="builtin/crlf"',
      'data-exporter="bad" data-effects="run" data-causes="c1" data-case="generated/7/3" open',
    ]);
    expect(html).toContain('<span class="tag known">KNOWN</span><code>builtin/crlf</code>');
    const replay = 'npm run parity -- --case golden/cases/escaping-html --exporters bad --reference go --exporter bad=/x/test/wrong-exporters/html-unescaped';
    expect(html).toContain(`<code>${replay}</code><button class="copy" type="button" data-copy="${replay}"`);
    expect(html).toContain(
      '<h3>minimal input for escaping of &lt; &gt; &amp; in tree data/distilled/sft/sft_export.jsonl</h3><p class="meta">golden/escaping-html shrunk to 2 files, 2 lines (from 5 files, 7 lines; 12 candidates in 1.5 s); saved: <code>/x/parity-failures/golden-escaping-html-bad-escape-html</code></p><pre class="input">runs as: --root ROOT',
    );
    expect(html).toContain('<code>known.txt:2</code>: golden/bom bad stdout');
  });
});

describe.runIf(requireGo('the HTML report of a real run') && requireChromium('the HTML report in headless Chromium'))('the HTML report in headless Chromium', () => {
  let dir = '';
  let page = '';
  let divergences = 0;
  let goldenDivergences = 0;
  beforeAll(async () => {
    dir = privateDir('parity-html-');
    page = path.join(dir, 'r.html');
    const run = await runParity(['--exporters', 'bad', '--exporter', `bad=${path.join(WRONG, 'html-unescaped')}`, '--runs', '5', '--no-shrink', '--html', page, '--json', path.join(dir, 'r.json')]);
    expect(run.code, run.stderr).toBe(1);
    const divergent = readReport(path.join(dir, 'r.json')).cases.filter((c) => c.results.some((x) => x.status === 'divergent'));
    divergences = divergent.length;
    goldenDivergences = divergent.filter((c) => c.source === 'golden').length;
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is chromium itself that runs here', () => {
    expect(chromiumAvailable()).toBe(true);
  });

  it('shows the verdict, the exporter, the differing field and the diff once its script has run', async () => {
    const dom = await dumpDom(pathToFileURL(page).href);
    expect(dom).toMatch(/<html lang="en" data-ready="1">/);
    expect(text(byId(dom, 'verdict'))).toMatch(new RegExp(`^FAIL${divergences} divergence\\(s\\) \\(bad: ${divergences}\\) from \\d+ causes? on \\d+ case\\(s\\) in [\\d.]+ s$`));
    expect(text(byId(dom, 'shown'))).toBe(`showing ${divergences} of ${divergences} divergence(s)`);
    expect(dom).toContain('<section class="group" id="exporter-bad"><h3>bad: ');
    // golden/escaping-html: the instruction's '<' is raw where go writes \u003c.
    expect(dom).toMatch(/<tr><th class="field">instruction<\/th><td><pre>"Source '<del>\\u003c<\/del>x<del>\\u003e<\/del>' run;/);
    // The causes, ranked: the exporter's one bug, named.
    expect(dom).toContain('<button class="pick" type="button" data-pick-cause="c1" title="show only these divergences">escaping of &lt; &gt; &amp; in tree data/distilled/sft/sft_export.jsonl</button>');
    expect(text(dom.slice(dom.indexOf('<h2>Causes</h2>'), dom.indexOf('<h2>Divergences</h2>')))).toContain(`bad diverges on ${divergences} cases of `);
    expect(dom).toMatch(/<span class="del">-\{"schema_version":1,/);
    expect(dom).toMatch(/<span class="add">\+\{"schema_version":1,/);
  });

  it('filters by cause from the address', async () => {
    const dom = await dumpDom(`${pathToFileURL(page).href}#cause=c1&exporter=bad`);
    expect(text(byId(dom, 'shown'))).toBe(`showing ${divergences} of ${divergences} divergence(s)`);
    const golden = await dumpDom(`${pathToFileURL(page).href}#cause=c1&case=golden/`);
    expect(text(byId(golden, 'shown'))).toBe(`showing ${goldenDivergences} of ${divergences} divergence(s)`);
  });

  it('filters by case from the address', async () => {
    const dom = await dumpDom(`${pathToFileURL(page).href}#case=golden/escaping-html`);
    expect(text(byId(dom, 'shown'))).toBe(`showing 1 of ${divergences} divergence(s)`);
    expect(dom).toMatch(/<details class="div" data-exporter="bad" data-effects="tree" data-causes="c1" data-case="golden\/escaping-html">/);
    expect(dom.match(/<details class="div"[^>]*hidden=""/g)).toHaveLength(divergences - 1);
  });

  it('renders the verdict badge and the highlighted diff on screen', async () => {
    const png = path.join(dir, 'r.png');
    // Tall enough for the header, the table, the causes and the open example of the top cause with its diff.
    await screenshot(pathToFileURL(page).href, png, 1280, 2400);
    const img = decodePng(fs.readFileSync(png));
    expect([img.width, img.height]).toEqual([1280, 2400]);
    // The red FAIL badge at the top, the diff's red and green line backgrounds and the marked fields below.
    expect(countColor(img, [0xb3, 0x26, 0x1e], { x: 0, y: 0, w: 200, h: 80 })).toBeGreaterThan(500);
    expect(countColor(img, [0xff, 0xeb, 0xe9])).toBeGreaterThan(5000);
    expect(countColor(img, [0xda, 0xfb, 0xe1])).toBeGreaterThan(5000);
    expect(countColor(img, [0xff, 0xf1, 0xa8])).toBeGreaterThan(1000);
    if (process.env['PARITY_KEEP_SCREENSHOT']) fs.copyFileSync(png, process.env['PARITY_KEEP_SCREENSHOT']);
  });
});
