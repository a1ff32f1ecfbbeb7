// The golden test's helpers: which exporter is under test, and byte
// comparisons that print readably.
import fs from 'node:fs';
import { escapeBytes } from '../../src/parity/tree/snapshot.js';
import { TS_EXPORTER } from '../../scripts/golden/paths.js';

/**
 * The exporter the golden test checks: the TypeScript CLI (`node
 * bin/export-sft`), or SFT_GOLDEN_EXPORTER, an executable path, to check
 * another exporter (e.g. reference/go/bin/export-sft) against the corpus.
 */
export function exporterUnderTest(): { readonly command: string; readonly args: readonly string[]; readonly label: string } {
  const other = process.env['SFT_GOLDEN_EXPORTER'];
  if (other !== undefined && other !== '') {
    if (!fs.existsSync(other)) throw new Error(`SFT_GOLDEN_EXPORTER=${other} does not exist`);
    return { command: other, args: [], label: other };
  }
  if (!fs.existsSync(TS_EXPORTER)) {
    throw new Error(`${TS_EXPORTER} is missing: the golden test checks the TypeScript exporter's CLI (or set SFT_GOLDEN_EXPORTER)`);
  }
  return { command: process.execPath, args: [TS_EXPORTER], label: 'node bin/export-sft' };
}

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/**
 * A lossless text form of bytes for assertion messages: the text itself when
 * it is UTF-8, else every byte outside printable ASCII escaped.
 */
export function renderBytes(b: Buffer | undefined): string {
  if (b === undefined) return '<absent>';
  return isUtf8(b) ? b.toString('utf8') : `<not UTF-8> ${escapeBytes(b)}`;
}
