// The built-in exporters: the Go reference (reference/go), the TypeScript
// exporter (./bin/export-sft) and the Rust reference (reference/rust). Each
// is built once per change of its sources or toolchain and run in --batch.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from '../core/errors.js';
import { cachedBuild, hashSources, runBuild, toolVersion } from './cache.js';
import { BatchOrProcessSession, type Command } from './session.js';
import type { EnvChanges, Exporter, ExporterInfo, ExporterSession, Slot } from './types.js';

/** Where the package's exporters and the build cache live (location.ts). */
export interface RepoPaths {
  repo: string;
  cache: string;
  /** Cargo's --target-dir for the Rust reference; the crate's target/ when absent. */
  cargoTarget?: string;
}

abstract class BuiltinExporter implements Exporter {
  protected cmd: Command | undefined;
  protected version = '';
  abstract readonly name: string;
  abstract readonly prepareCost: 'quick' | 'build';

  constructor(protected readonly paths: RepoPaths) {}

  abstract prepare(): Promise<void>;

  describe(): ExporterInfo {
    const c = this.program();
    return { name: this.name, kind: 'builtin', version: this.version, command: [c.file, ...c.args, '--batch'].join(' ') };
  }

  /** The prepared program (without --batch), for running it outside the harness. */
  program(): Command {
    if (!this.cmd) throw new SetupError(`exporter ${this.name} was not prepared`);
    return this.cmd;
  }

  open(slot: Slot): ExporterSession {
    return new BatchOrProcessSession(this.program(), slot);
  }
}

/**
 * How the Go reference's runtime starts: with one P unless the user chose
 * otherwise. The reference exports on one goroutine; with a P per core, the
 * collector's idle-time mark workers take the other core whenever it is
 * idle, which in a gate is between every two requests. 3,000 --batch
 * requests on the golden lakehouses took 1.6 to 2.5 s of CPU with two Ps,
 * 0.8 to 1.2 s with one, in less time; the bench's 200 MB lakehouse
 * exported no slower. The other core is the other slot's, and the harness's.
 * Read when the exporter is prepared: a library caller may set GOMAXPROCS
 * after loading the harness.
 */
function goStart(): EnvChanges {
  return { GOMAXPROCS: process.env['GOMAXPROCS'] ?? '1' };
}

export class GoExporter extends BuiltinExporter {
  readonly name = 'go';
  readonly prepareCost = 'build';

  async prepare(): Promise<void> {
    const moduleDir = path.join(this.paths.repo, 'reference/go');
    const goVersion = await toolVersion('go', ['version'], 'install Go >= 1.22 (https://go.dev/dl/), or leave go out with --exporters and pick another --reference');
    const sources = hashSources(moduleDir, ['bin']);
    const dir = cachedBuild(this.paths.cache, 'go', hashOf(goVersion, sources), (out) =>
      // -buildvcs=false: the module may sit in someone else's git work tree
      // (an installed package), whose state is none of the binary's business.
      runBuild('the Go reference', 'go', ['build', '-buildvcs=false', '-o', path.join(out, 'export-sft'), './cmd/export-sft'], moduleDir),
    );
    this.cmd = { file: path.join(dir, 'export-sft'), args: [], env: goStart() };
    this.version = `${goVersion.replace(/^go version /, '')}, sources ${sources.slice(0, 12)}`;
  }
}

export class RustExporter extends BuiltinExporter {
  readonly name = 'rust';
  readonly prepareCost = 'build';

  /** True when the repository has a Rust reference to build. */
  static present(repo: string): boolean {
    return fs.existsSync(path.join(repo, 'reference/rust/Cargo.toml'));
  }

  async prepare(): Promise<void> {
    const crate = path.join(this.paths.repo, 'reference/rust');
    if (!RustExporter.present(this.paths.repo)) {
      throw new SetupError(`the Rust reference is missing (${path.join(crate, 'Cargo.toml')}); leave rust out with --exporters`);
    }
    const install = 'install Rust with cargo (https://rustup.rs), or leave rust out with --exporters';
    const [cargo, rustc] = await Promise.all([toolVersion('cargo', ['--version'], install), toolVersion('rustc', ['--version'], install)]);
    const sources = hashSources(crate, ['target']);
    const target = this.paths.cargoTarget ?? path.join(crate, 'target');
    const dir = cachedBuild(this.paths.cache, 'rust', hashOf(cargo, rustc, sources), (out) => {
      // In a checkout the crate's own target/ keeps incremental state shared
      // with `cargo test`; installed, the target is in the cache, and
      // --locked keeps cargo from rewriting the package's Cargo.lock.
      const locked = target === path.join(crate, 'target') ? [] : ['--locked'];
      runBuild('the Rust reference', 'cargo', ['build', '--release', '--quiet', ...locked, '--target-dir', target, '--bin', 'export-sft'], crate);
      fs.copyFileSync(path.join(target, 'release/export-sft'), path.join(out, 'export-sft'));
      fs.chmodSync(path.join(out, 'export-sft'), 0o755);
    });
    this.cmd = { file: path.join(dir, 'export-sft'), args: [] };
    this.version = `${rustc.replace(/^rustc /, 'rustc ')}, sources ${sources.slice(0, 12)}`;
  }
}

/**
 * How the TypeScript exporter's node starts. NODE_EXTRA_CA_CERTS makes every
 * node process read and parse that bundle of certificates before it runs a
 * line of JavaScript (on CI machines that set it to the system's bundle:
 * 85 ms of a one-shot export's 170 here); an export makes no TLS connection.
 */
const NODE_START: EnvChanges = { NODE_EXTRA_CA_CERTS: undefined };

export class TsExporter extends BuiltinExporter {
  readonly name = 'ts';
  readonly prepareCost = 'quick';

  async prepare(): Promise<void> {
    const bin = path.join(this.paths.repo, 'bin/export-sft');
    const built = path.join(this.paths.repo, 'dist/src/export/cli.bundle.cjs');
    if (!fs.existsSync(bin)) throw new SetupError(`the TypeScript exporter's CLI ${bin} is missing; leave ts out with --exporters`);
    if (!fs.existsSync(built)) throw new SetupError(`the TypeScript exporter is not built (${built} is missing): run \`npm run build\``);
    // The build is npm's (npm run parity runs it first); the key says which one ran.
    const pkg = JSON.parse(fs.readFileSync(path.join(this.paths.repo, 'package.json'), 'utf8')) as { version?: string };
    const sources = hashSources(path.join(this.paths.repo, 'dist/src/export'), []);
    this.cmd = { file: process.execPath, args: [bin], env: NODE_START };
    this.version = `node ${process.version}, sft-parity ${pkg.version ?? '?'}, build ${sources.slice(0, 12)}`;
  }
}

/** A cache key from the toolchain versions and source hashes. */
function hashOf(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p + '\0');
  return h.digest('hex');
}
