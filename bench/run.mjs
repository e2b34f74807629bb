// Runs every benchmark in turn (`pnpm bench`). Each prints its own figures and ratios.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const benches = ['engine.bench.mjs', 'dataflow.bench.mjs', 'triggers.bench.mjs', 'api.bench.mjs', 'data-plane.bench.mjs', 'ml.bench.mjs', 'designer.bench.mjs'];
let failed = 0;
for (const b of benches) {
  console.log(`\n=== ${b}`);
  const r = spawnSync(process.execPath, ['--expose-gc', b, ...process.argv.slice(2)], { cwd: here, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
