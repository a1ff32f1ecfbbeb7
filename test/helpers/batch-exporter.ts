// Exporters in --batch mode for the property tests, through the parity
// harness's own BatchSession.
import os from 'node:os';
import { BatchSession, type BatchRequest } from '../../src/parity/exporters/batch.js';
import { TS_EXPORTER } from '../../scripts/golden/paths.js';
import { GO_EXPORTER } from './toolchains.js';

/** ExportSftResult as the exporter printed it. */
export interface ExportResult {
  readonly scored_files_read: number;
  readonly records_read: number;
  readonly records_exported: number;
  readonly records_quarantined: number;
  readonly output_path: string;
  readonly quarantine_summary: string;
}

/** One export's outcome: the result printed, and the error text or null. */
export interface ExportResponse {
  readonly result: ExportResult;
  readonly error: string | null;
}

/** The exporter died, hung, or broke the --batch protocol. */
export class ExporterProtocolError extends Error {
  override name = 'ExporterProtocolError';
}

const EXPORT_TIMEOUT_MS = 30_000;

/**
 * An exporter in --batch mode, through the parity harness's BatchSession
 * (src/parity/exporters/batch.ts), with LH_DISTILL_ROOT unset.
 */
export class BatchExporter {
  readonly #session: BatchSession;

  constructor(readonly label: string, file: string, args: readonly string[] = []) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['LH_DISTILL_ROOT'];
    this.#session = new BatchSession({ file, args, cwd: os.tmpdir(), env });
  }

  async run(req: BatchRequest): Promise<ExportResponse> {
    const r = await this.#session.run(req, EXPORT_TIMEOUT_MS);
    if (r.ending.kind !== 'exited') {
      throw new ExporterProtocolError(`${this.label} --batch on ${JSON.stringify(req)}: ${JSON.stringify(r.ending)} ${r.stderr.toString('utf8')}`);
    }
    const error = r.ending.code === 0 ? null : r.stderr.toString('utf8').replace(/\n$/, '');
    return { result: JSON.parse(r.stdout.toString('utf8')) as ExportResult, error };
  }

  close(): Promise<void> {
    return this.#session.close();
  }
}

/** The TS exporter's batch process, and the Go reference's when Go is present. */
export function batchExporters(withGo: boolean): BatchExporter[] {
  const out = [new BatchExporter('TypeScript exporter', process.execPath, [TS_EXPORTER])];
  if (withGo) out.push(new BatchExporter('Go reference', GO_EXPORTER));
  return out;
}
