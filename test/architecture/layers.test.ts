/**
 * The layer rule (README "Architecture"): every import in the source folders points down the
 * layers, never up. domain is pure; platform sits on it; services on platform (and start
 * workflows through the client); api, scripts and bench on services. Activities may use domain,
 * platform and services; workflows only domain and workflows, plus the types of activities.
 * Only api/ itself and the entry points import api/.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BELOW_ENTRY_POINTS = ['domain', 'platform', 'services', 'workflows', 'activities', 'worker', 'generated'];

/** What each folder may import (values and types), and what it may import for its types only. */
const LAYERS: Record<string, { may: string[]; typesOnly?: string[] }> = {
  domain: { may: ['domain'] },
  platform: { may: ['domain', 'platform', 'generated'] },
  services: { may: ['domain', 'platform', 'workflows', 'services', 'generated'] },
  workflows: { may: ['domain', 'workflows'], typesOnly: ['activities'] },
  activities: { may: ['domain', 'platform', 'services', 'activities', 'generated'], typesOnly: ['workflows'] },
  worker: { may: BELOW_ENTRY_POINTS },
  api: { may: ['domain', 'platform', 'services', 'workflows', 'api', 'generated'] },
  // The fuzzer and the benchmarks run on the tests' harnesses (test/support/).
  scripts: { may: [...BELOW_ENTRY_POINTS, 'scripts', 'test'] },
  bench: { may: [...BELOW_ENTRY_POINTS, 'scripts', 'test', 'bench'] },
};
/**
 * Processes that serve the API, and the tools that build its web app and write the app's types
 * from its OpenAPI document: they alone (and the tests) import api/ from outside it.
 */
const API_ENTRY_POINTS = ['api/main.ts', 'scripts/start.ts', 'bench/api-latency.ts', 'scripts/web-app.ts', 'scripts/web-api-types.ts'];

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

/** Every relative import, re-export, dynamic import and require of `file`, with the folder it reaches. */
function importsOf(file: string, source: string): Import[] {
  const found: Import[] = [];
  const pattern = /\b(?:(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?|import\s*\(\s*|require\s*\(\s*)['"](\.[^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) {
    const resolved = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), match[3]));
    found.push({ file, target: resolved.split(path.sep)[0], typeOnly: Boolean(match[2]) });
  }
  return found;
}

function violations(files: { file: string; source: string }[]): string[] {
  const found: string[] = [];
  for (const { file, source } of files) {
    const folder = file.split('/')[0];
    const layer = LAYERS[folder];
    for (const { target, typeOnly } of importsOf(file, source)) {
      if (target === 'api' && folder !== 'api' && API_ENTRY_POINTS.includes(file)) continue;
      const allowed = layer.may.includes(target) || (typeOnly && layer.typesOnly?.includes(target));
      if (!allowed) found.push(`${file} imports ${target}/${typeOnly ? ' (types)' : ''}`);
    }
  }
  return found;
}

function sourceFiles(): { file: string; source: string }[] {
  const files: { file: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) files.push({ file, source: fs.readFileSync(path.join(ROOT, file), 'utf8') });
    }
  };
  for (const folder of Object.keys(LAYERS)) if (fs.existsSync(path.join(ROOT, folder))) walk(folder);
  return files;
}

test('no import runs up the layers', () => {
  const files = sourceFiles();
  expect(files.length).toBeGreaterThan(100);
  expect(violations(files)).toEqual([]);
});

test('the check sees the imports that would run up the layers', () => {
  expect(
    violations([
      { file: 'domain/x.ts', source: "import { log } from '../platform/logger';" },
      { file: 'platform/x.ts', source: "import { caseUpdates } from '../workflows/case-messages';" },
      {
        file: 'workflows/x.ts',
        source: "import { createActivities } from '../activities';\nimport type { Activities } from '../activities';",
      },
      { file: 'activities/x.ts', source: "export { openCase } from '../api/cases';" },
      { file: 'services/x.ts', source: "const { eraseCase } = require('../activities/retention');" },
      { file: 'scripts/x.ts', source: "void import('../api/server');" },
      { file: 'api/main.ts', source: "import { buildApi } from './server';" },
      { file: 'scripts/start.ts', source: "import { buildApi } from '../api/server';" },
    ]),
  ).toEqual([
    'domain/x.ts imports platform/',
    'platform/x.ts imports workflows/',
    'workflows/x.ts imports activities/',
    'activities/x.ts imports api/',
    'services/x.ts imports activities/',
    'scripts/x.ts imports api/',
  ]);
});
