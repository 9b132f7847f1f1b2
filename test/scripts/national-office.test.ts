/** The `national-office` command refuses bad arguments, naming each, before it opens any database. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const nationalOffice = (...args: string[]) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../../scripts/national-office.ts'), ...args], {
    encoding: 'utf8',
    // A database that does not exist: reaching it would fail with exit 1, not 2.
    env: { ...process.env, DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none' },
  });

test('a missing email and a name with a line break are each named; exit 2, nothing printed on stdout', () => {
  const run = nationalOffice('--name', 'Analyst\nSecond line');
  expect([run.status, run.stdout]).toEqual([2, '']);
  expect(run.stderr).toBe(
    '--email: must be an email address\n--name: must be the display name, one line\n' +
      'usage: npm run --silent national-office -- --email office@example.org --name "Display name"\n',
  );
});

test('an address that is no email is refused, even with a good name', () => {
  const run = nationalOffice('--email', 'analyst', '--name', 'Analyst');
  expect(run.status).toBe(2);
  expect(run.stderr.split('\n')[0]).toBe('--email: must be an email address');
});
