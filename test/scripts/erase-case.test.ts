/** The `case:erase` command refuses what the API refuses before it connects to anything. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const erase = (...args: string[]) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../../scripts/erase-case.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
  });

test('a reason with control characters, a case that is no id and a missing admin are each named; exit 2', () => {
  const run = erase('--case', 'nope', '--reason', 'request of the person \u001b[2J ticket 2031');
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('--case: must be the case id (a UUID)');
  expect(run.stderr).toContain('--reason: must not contain control characters');
  expect(run.stderr).toContain('--by: must be the email');
  expect(run.stderr).not.toContain('\u001b[2J');
});
