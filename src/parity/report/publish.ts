// Where a finished report goes, for a run and for a merge of shards alike:
// the text report on stdout, and the files and CI outputs the flags (or the
// GitHub Actions environment) ask for.
import type { OutputOptions } from '../args.js';
import { writeHtmlReport } from './html.js';
import { writeJsonReport } from './json.js';
import { writeJunitReport } from './junit.js';
import type { RunReport } from './model.js';
import type { Style } from './style.js';
import { renderReport } from './text.js';

export function publishReport(report: RunReport, o: OutputOptions, out: NodeJS.WritableStream, style: Style): void {
  out.write(renderReport(report, o.maxDetails, style));
  if (o.json) writeJsonReport(o.json, report);
  if (o.junit) writeJunitReport(o.junit, report);
  if (o.html) writeHtmlReport(o.html, report);
}
