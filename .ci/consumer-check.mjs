// Run by .ci/run inside an empty project that installed the sft-parity
// tarball: `import { exportSft } from 'sft-parity'` must write exactly the
// export the Go reference writes (built by .ci/run from the repository), on a
// copy of every lakehouse of the package's golden corpus (each case's tree,
// as the gate materializes it, setup operations included).
// Usage: node consumer-check.mjs GO_EXPORTER
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSft, ExportSftError } from 'sft-parity';

const go = process.argv[2];
const pkg = path.resolve('node_modules/sft-parity');
// The gate's own reading of a case (not a public API): root/ plus setup.
const { readCaseDir, listCaseDirs } = await import(path.join(pkg, 'dist/src/parity/cases/casejson.js'));
const { caseEntries } = await import(path.join(pkg, 'dist/src/parity/cases/layout.js'));
const { writeTree } = await import(path.join(pkg, 'dist/src/parity/tree/write.js'));
const RECORDED_AT = '2026-11-24T00:00:00Z';

function exportOf(root) {
  const f = path.join(root, 'data/distilled/sft/sft_export.jsonl');
  return fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f) : null;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-check-'));
let compared = 0;
const differing = [];
try {
  for (const name of listCaseDirs(path.join(pkg, 'golden/cases'))) {
    const c = readCaseDir(path.join(pkg, 'golden/cases', name));
    if (c.root !== 'dir') continue;
    const [lib, ref] = ['lib', 'go'].map((side) => {
      const root = path.join(work, name, side);
      fs.mkdirSync(root, { recursive: true });
      writeTree(caseEntries(c), root);
      return root;
    });
    try {
      exportSft({ root: lib, recordedAt: RECORDED_AT });
    } catch (e) {
      if (!(e instanceof ExportSftError)) throw e;
    }
    spawnSync(go, ['--root', ref, '--recorded-at', RECORDED_AT], { stdio: 'ignore' });
    const [a, b] = [exportOf(lib), exportOf(ref)];
    compared++;
    if (!(a === null ? b === null : b !== null && a.equals(b))) differing.push(name);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`consumer-check: exportSft from the installed package wrote the Go reference's export on ${compared - differing.length}/${compared} lakehouses`);
if (differing.length > 0 || compared < 40) {
  console.error(`consumer-check: differs on ${differing.join(', ') || `too few lakehouses (${compared})`}`);
  process.exit(1);
}
