// Checks a Grafana dashboard JSON against Grafana's own dashboard schema: the TypeScript types that
// @grafana/schema generates from Grafana's CUE schema. The dashboard becomes an object literal typed
// as that Dashboard, so tsc reports any unknown field, wrong type or missing required field, with its
// line. Two adjustments, both what Grafana itself does: the "export for sharing" wrapper (__inputs,
// __requires, __elements) is dropped, as Grafana's import does; and the schema's TypeScript enums
// accept their values as written in JSON ("absolute" for ThresholdsMode.Absolute).
//
//   node check.mjs path/to/dashboard.json      exit 0 when it conforms, 1 with tsc's errors otherwise
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const file = process.argv[2];
if (!file) {
  console.error('usage: node check.mjs DASHBOARD.json');
  process.exit(2);
}
const dashboard = JSON.parse(readFileSync(file, 'utf8'));
for (const wrapper of ['__inputs', '__requires', '__elements']) {
  delete dashboard[wrapper];
}
const source = [
  "import type { Dashboard } from '@grafana/schema';",
  'type Loose<T> = T extends string ? `${T}` : T extends (infer U)[] ? Loose<U>[]',
  '  : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;',
  'export const dashboard: Loose<Dashboard> = ' + JSON.stringify(dashboard, null, 2) + ';',
  '',
].join('\n');
const dir = mkdtempSync(join(here, '.check-'));
try {
  writeFileSync(join(dir, 'dashboard.ts'), source);
  execFileSync(process.execPath, [join(here, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--noEmit',
    '--skipLibCheck', '--moduleResolution', 'bundler', '--module', 'esnext', '--target', 'es2020',
    join(dir, 'dashboard.ts')], { stdio: 'inherit' });
  console.log(`${file}: conforms to Grafana's dashboard schema (@grafana/schema)`);
} catch (e) {
  console.error(`${file}: does not conform to Grafana's dashboard schema (line numbers are of the JSON re-indented in ${dir}/dashboard.ts)`);
  process.exitCode = 1;
} finally {
  if (process.exitCode !== 1) {
    rmSync(dir, { recursive: true, force: true });
  }
}
