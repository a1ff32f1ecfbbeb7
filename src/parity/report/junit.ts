// --junit FILE: JUnit XML for CI test tabs. One testsuite per exporter, one
// testcase per case and exporter (classname sft-parity.<exporter>.<source>);
// a divergence is a <failure> with the plain-text explanation, a known one is
// <skipped>, and stale known entries are failures of a suite of their own.
import fs from 'node:fs';
import { causeTitle } from '../compare/causes.js';
import { formatEntry } from '../run/known.js';
import { caseReplay } from '../run/replay.js';
import { explainDiff, summarizeDiff } from './explain.js';
import type { RunReport } from './model.js';
import { makeStyle } from './style.js';

/** XML 1.0 text: escaped, and without the characters XML cannot hold. */
export function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function reportJunit(r: RunReport): string {
  const plain = makeStyle(false);
  const others = r.exporters.map((e) => e.name).filter((n) => n !== r.reference);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const name of others) {
    const cases: string[] = [];
    let f = 0;
    let s = 0;
    for (const c of r.cases) {
      const x = c.results.find((y) => y.exporter === name);
      if (!x) continue;
      const open = `    <testcase classname="${xml(`sft-parity.${name}.${c.source}`)}" name="${xml(c.id)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      if (x.status === 'identical') cases.push(`${open}/>`);
      else {
        const names = { ref: r.reference, other: name };
        const message = x.causes.map((k) => `${causeTitle(k)}: ${k.detail}`).join('; ') || x.diffs.map((d) => summarizeDiff(d, names)).join('; ');
        const replay = caseReplay(c, name, r.replay);
        const body = [`case: ${c.description}`, `root: ${c.rootPath}`, ...x.diffs.flatMap((d) => explainDiff(d, names, plain, '')), ...(replay ? [`replay: ${replay}`] : [])].join('\n');
        if (x.status === 'known') {
          s++;
          cases.push(`${open}>\n      <skipped message="${xml(`known divergence: ${message}`)}"/>\n    </testcase>`);
        } else {
          f++;
          cases.push(`${open}>\n      <failure type="divergence" message="${xml(message)}">${xml(body)}</failure>\n    </testcase>`);
        }
      }
    }
    tests += cases.length;
    failures += f;
    skipped += s;
    suites.push(`  <testsuite name="${xml(`${name} vs ${r.reference}`)}" tests="${cases.length}" failures="${f}" skipped="${s}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (r.stale.length > 0) {
    const cases = r.stale.map(
      (k) =>
        `    <testcase classname="sft-parity.known" name="${xml(formatEntry(k))}">\n      <failure type="stale" message="${xml(`${k.where}: listed as a known divergence but identical now; remove the entry`)}"/>\n    </testcase>`,
    );
    tests += cases.length;
    failures += cases.length;
    suites.push(`  <testsuite name="known divergences" tests="${cases.length}" failures="${cases.length}" skipped="0" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sft-parity" tests="${tests}" failures="${failures}" skipped="${skipped}" errors="0" time="${(r.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function writeJunitReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, reportJunit(r));
}
