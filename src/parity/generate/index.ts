// The fast-check lakehouse generator, for the parity harness and for
// property tests:
//
//   import fc from 'fast-check';
//   import { lakehouseArb, materializeCase } from '../src/parity/generate/index.js';
//   import { rootArg } from '../src/parity/cases/root.js';
//   fc.assert(fc.property(lakehouseArb(), (c) => {
//     materializeCase(c, dir);           // writes c.entries under dir
//     run(exporter, ['--root', rootArg(c.root, dir), '--recorded-at', c.recordedAt,
//                    ...(c.dryRun ? ['--dry-run'] : []), ...(c.includePartial ? ['--include-partial'] : [])]);
//   }));
export { lakehouseArb, type GeneratedCase, type GenEntry, type LakehouseArbOptions } from './lakehouse.js';
export { materializeCase } from './materialize.js';
export { scoredLine, evidenceLine, CATEGORIES, ROLES, STEMS, RUN_IDS } from './records.js';
export { jsonlFile } from './lines.js';
export { GO_SPACES, DISPUTED_SPACES, ALL_SPACES, HTML_CHARS, CONTROLS, NON_ASCII, INVALID_UTF8 } from './chars.js';
