/** The web app is typed against the API it calls: its generated types match the API's OpenAPI document. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

test('web/src/api/schema.d.ts is generated from the current API (else: npm run web:api-types)', () => {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/web-api-types.ts', '--print'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('"/me/tasks"');
  const committed = readFileSync(path.join(ROOT, 'web/src/api/schema.d.ts'), 'utf8');
  // Compared as a boolean: a diff of 8,000 lines would bury the message.
  expect(committed === run.stdout).toBe(true);
});
