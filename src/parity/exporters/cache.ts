// Build caching for the built-in exporters: a build is keyed by a hash of its
// sources and the toolchain's version, kept in <repo>/.cache/, and rebuilt
// only when either changes. Builds land in a temporary directory that is
// renamed into place, so concurrent runs never see half a binary.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SetupError } from '../core/errors.js';

const execFileAsync = promisify(execFile);

/** sha256 over every file's relative path, mode and content under dir, skipping `skip` names. */
export function hashSources(dir: string, skip: readonly string[]): string {
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    const names = fs.readdirSync(path.join(dir, rel)).sort();
    for (const name of names) {
      if (skip.includes(name)) continue;
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) {
        h.update(`${r}\0${st.mode & 0o111 ? 'x' : '-'}\0${st.size}\0`);
        h.update(fs.readFileSync(path.join(dir, r)));
      } else if (st.isSymbolicLink()) h.update(`${r}\0->${fs.readlinkSync(path.join(dir, r))}\0`);
    }
  };
  walk('');
  return h.digest('hex');
}

/**
 * First line of `cmd args` (a toolchain's version), or a SetupError saying
 * what to install. Asynchronous: the probes of several toolchains run at
 * once, and the sandbox is made meanwhile (its steps need this thread).
 */
export async function toolVersion(cmd: string, args: readonly string[], install: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { encoding: 'utf8' });
    return stdout.trim().split('\n')[0] ?? '';
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new SetupError(`'${cmd}' is not on PATH: ${install}`);
    throw new SetupError(`'${cmd} ${args.join(' ')}' failed: ${e.message.split('\n')[0] ?? ''}. ${install}`);
  }
}

/**
 * The cached build directory for key, building it with build(tmpDir) when
 * absent. build must leave the finished artefacts in tmpDir.
 */
export function cachedBuild(cacheRoot: string, name: string, key: string, build: (outDir: string) => void): string {
  const final = path.join(cacheRoot, `${name}-${key.slice(0, 16)}`);
  if (fs.existsSync(path.join(final, '.complete'))) return final;
  fs.mkdirSync(cacheRoot, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheRoot, `.${name}-building-`));
  try {
    build(tmp);
    fs.writeFileSync(path.join(tmp, '.complete'), key + '\n');
    try {
      fs.renameSync(tmp, final);
    } catch {
      // Another run finished the same build first: use theirs.
      if (!fs.existsSync(path.join(final, '.complete'))) throw new SetupError(`cannot move the build of ${name} into ${final}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return final;
}

/** Runs a build command, turning its failure into a SetupError with its output. */
export function runBuild(what: string, cmd: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): void {
  try {
    execFileSync(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
    const out = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim();
    throw new SetupError(`building ${what} failed (${cmd} ${args.join(' ')} in ${cwd}):\n${out || e.message}\nFix the build, or leave it out with --exporters.`);
  }
}
