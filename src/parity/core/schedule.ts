// The gate's main thread at a real-time priority, its children not.
//
// Why: a run of small cases is as long as the harness's main thread is busy.
// Every export waits on it twice (it writes the request, it reads the answer),
// and between exports it reconciles and snapshots the slot. Writing a request
// wakes the exporter, and the kernel lets a task just woken take the core of
// the one that woke it: the main thread then waits for its own core while the
// other slots wait for it. In a profile of a `--runs 2000` gate that was 1.3
// of its 7 s, all of it inside the pipe writes. SCHED_FIFO (priority 1, the
// lowest real-time one) for the main thread alone means an exporter never
// takes its core; SCHED_RESET_ON_FORK means whatever it starts (exporters,
// the sandbox, worker threads) runs as usual, so an exporter's own scheduling
// is the one it would have anywhere. Measured alternating runs of
// `--runs 2000` on two cores: 5.4 s against 6.1 s, 6.8 against 7.2 when the
// machine was slower. The main thread at nice -10 did little (6.4 s against
// 6.5, where SCHED_FIFO took 6.0). The kernel keeps 5% of each core for other tasks
// (sched_rt_runtime_us), and the main thread spends most of a run waiting.
//
// Only the process that owns the command line asks (cli.ts): a library call
// runs in someone else's process. Runs with --root cases do not: there the
// main thread hashes whole lakehouses, and other work on the machine should
// not wait for it.
import { spawnSync } from 'node:child_process';

export interface MainThreadScheduling {
  /** Whether the main thread runs at SCHED_FIFO. */
  raised: boolean;
  /** What the header says after `scheduling: `. */
  summary: string;
}

const RAISED = "the harness's main thread at SCHED_FIFO 1, reset on fork (exporters run as usual; --no-realtime turns it off)";

let current: MainThreadScheduling | undefined;

/** What this process asked for its main thread (undefined: nothing, e.g. a library call). */
export function mainThreadScheduling(): MainThreadScheduling | undefined {
  return current;
}

/** Records that the main thread is left as it is, and why. */
export function leaveMainThread(why: string): MainThreadScheduling {
  current = { raised: false, summary: `as usual (${why})` };
  return current;
}

/**
 * Puts this process's main thread (the thread whose id is the process's) at
 * SCHED_FIFO 1 with SCHED_RESET_ON_FORK, through util-linux's chrt: Node has
 * no call for it. Threads that already exist keep their scheduling. Where
 * that is not possible (not Linux, no chrt, no CAP_SYS_NICE) the run goes
 * on as usual, and the header says why.
 */
export function raiseMainThread(): MainThreadScheduling {
  if (process.platform !== 'linux') return leaveMainThread('real-time scheduling is asked for on Linux only');
  const r = spawnSync('chrt', ['--reset-on-fork', '--fifo', '--pid', '1', String(process.pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 5000,
  });
  if (r.error) return leaveMainThread(`chrt could not run: ${r.error.message}`);
  if (r.status !== 0) {
    const said = (r.stderr ?? '').trim().split('\n').pop() ?? '';
    return leaveMainThread(`chrt could not raise it${said ? `: ${said}` : ` (exit ${String(r.status ?? r.signal)})`}`);
  }
  current = { raised: true, summary: RAISED };
  return current;
}
