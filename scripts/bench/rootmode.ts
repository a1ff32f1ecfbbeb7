// npm run bench -- --root-mode: the parity gate on a lakehouse of --size MB
// (npm run parity -- --root, sandboxed where a sandbox can be made), its
// wall time next to the exporters' own export times and the peak RSS of the
// harness's own processes (the gate, and the sandboxes' holders), measured
// in the same run; and whether the lakehouse is unchanged afterwards.
//
// The harness's peak is read from /proc while it runs (VmHWM, the kernel's
// high-water mark of each process): the exporters are its children, and the
// kernel's rusage for a process tree would give the largest exporter's peak.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatManifest, snapshotTree } from '../../src/parity/tree/snapshot.js';

export interface RootModeResult {
  gateWallS: number;
  gateExit: number | null;
  harnessPeakMb: number;
  /** The gate's own process, and the sandboxes' processes (holders, root holders), separately. */
  gatePeakMb: number;
  sandboxPeakMb: number;
  unchanged: boolean;
  sandbox: string;
}

function readStatus(pid: number): { hwmKb: number; ppid: number; name: string } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const num = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    return { hwmKb: num('VmHWM'), ppid: num('PPid'), name: /^Name:\s+(\S+)/m.exec(s)?.[1] ?? '' };
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** The sandbox's own processes below the gate: the holders (unshare'd shells) and what they start to hold the view. */
function sandboxProcesses(gate: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = readStatus(Number(d));
    if (st) parent.set(Number(d), st.ppid);
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === gate) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => below(pid) && /sft-parity-holder|^setpriv |^sleep infinity/.test(cmdline(pid)));
}

export async function rootMode(cli: string, root: string, exporters: readonly string[]): Promise<RootModeResult> {
  fs.rmSync(path.join(root, 'data/distilled'), { recursive: true, force: true });
  const before = formatManifest(snapshotTree(root));
  const started = process.hrtime.bigint();
  // No --timeout to trip: a large lakehouse on a loaded machine may take minutes per export.
  const child = spawn(process.execPath, [cli, '--root', root, '--exporters', exporters.join(','), '--no-shrink', '--timeout', '3600'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  let gatePeak = 0;
  const sandboxPeaks = new Map<number, number>();
  const poll = (): void => {
    if (child.pid === undefined) return;
    gatePeak = Math.max(gatePeak, readStatus(child.pid)?.hwmKb ?? 0);
    for (const pid of sandboxProcesses(child.pid)) sandboxPeaks.set(pid, Math.max(sandboxPeaks.get(pid) ?? 0, readStatus(pid)?.hwmKb ?? 0));
  };
  const timer = setInterval(poll, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  const gateWallS = Number(process.hrtime.bigint() - started) / 1e9;
  const sandboxKb = [...sandboxPeaks.values()].reduce((a, b) => a + b, 0);
  const unchanged = formatManifest(snapshotTree(root)) === before;
  // The gate's report, long lines cut (a divergence on a large export has long ones).
  process.stdout.write(out.split('\n').filter((l) => !/^ {2}\S+ +(node|go|rustc) /.test(l)).map((l) => (l.length > 160 ? l.slice(0, 160) + ' …' : l)).join('\n') + '\n');
  return {
    gateWallS,
    gateExit: code,
    gatePeakMb: gatePeak / 1024,
    sandboxPeakMb: sandboxKb / 1024,
    harnessPeakMb: (gatePeak + sandboxKb) / 1024,
    unchanged,
    sandbox: /^sandbox: (.*)$/m.exec(out)?.[1] ?? '?',
  };
}
