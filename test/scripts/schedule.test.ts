import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-schedule-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function schedule(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { status, stdout, stderr } = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/schedule.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: undefined, ...env },
  });
  return { status, stdout, stderr };
}

const example = {
  riskLevel: 'MEDIUM',
  identifiedAt: '2027-01-10T08:00:00Z',
  lastAssessmentAt: '2027-01-11T09:00:00Z',
  closedAt: null,
};
const exampleSchedule = {
  dueAt: '2027-01-25T09:00:00.000Z',
  rule: 'base',
  riskLevel: 'MEDIUM',
  remindAt: ['2027-01-24T09:00:00.000Z', '2027-01-25T09:00:00.000Z'],
  escalateAt: [
    { at: '2027-01-27T09:00:00.000Z', to: 'coordinator' },
    { at: '2027-01-29T09:00:00.000Z', to: 'chain' },
  ],
};

it('prints the schedule of one case as JSON with 2-space indent', () => {
  const result = schedule(['--facts', file('one.json', example)]);
  expect(result).toEqual({ status: 0, stdout: `${JSON.stringify(exampleSchedule, null, 2)}\n`, stderr: '' });
});

it('prints an array of schedules, in order, for an array of cases', () => {
  const closed = { ...example, closedAt: '2027-01-12T00:00:00Z' };
  const fresh = { riskLevel: 'LOW', identifiedAt: '2027-01-10T08:00:00+01:00' };
  const result = schedule(['--facts', file('many.json', [example, closed, fresh])]);
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual([
    exampleSchedule,
    { dueAt: null, rule: null, riskLevel: 'MEDIUM', remindAt: [], escalateAt: [] },
    expect.objectContaining({ dueAt: '2027-01-11T07:00:00.000Z', rule: 'new-case' }),
  ]);
});

it('applies an organisation policy given with --policy', () => {
  const policy = file('policy.json', { levels: { MEDIUM: { baseIntervalHours: 168, leadHours: 6, graceHours: 12 } } });
  const result = schedule(['--policy', policy, '--facts', file('one.json', example)]);
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    ...exampleSchedule,
    dueAt: '2027-01-18T09:00:00.000Z',
    remindAt: ['2027-01-18T03:00:00.000Z', '2027-01-18T09:00:00.000Z'],
    escalateAt: [
      { at: '2027-01-18T21:00:00.000Z', to: 'coordinator' },
      { at: '2027-01-19T09:00:00.000Z', to: 'chain' },
    ],
  });
});

it('follows policy version 2: an event deadline escalates within 6 hours; a serious incident reopens a closed case', () => {
  const hearing = { ...example, lastAssessmentAt: '2027-11-26T09:00:00Z', hearings: [{ at: '2027-12-04T09:00:00Z', status: 'SCHEDULED' }] };
  const reopened = { ...example, closedAt: '2027-01-12T00:00:00Z', incidents: [{ at: '2027-01-20T10:00:00Z', severity: 'CRITICAL' }] };
  const policy = file('long-grace.json', { levels: { MEDIUM: { graceHours: 72 } } });
  const result = schedule(['--facts', file('v2.json', [hearing, reopened]), '--policy', policy]);
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual([
    expect.objectContaining({
      dueAt: '2027-12-01T09:00:00.000Z',
      rule: 'hearing-daily',
      escalateAt: [
        { at: '2027-12-01T15:00:00.000Z', to: 'coordinator' },
        { at: '2027-12-01T21:00:00.000Z', to: 'chain' },
      ],
    }),
    expect.objectContaining({ dueAt: '2027-01-20T10:00:00.000Z', rule: 'incident-daily' }),
  ]);
});

it('reads relative paths from where npm was run', () => {
  file('relative.json', example);
  const result = schedule(['--facts', 'relative.json'], { INIT_CWD: dir });
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(exampleSchedule);
});

describe('exits 2 with one message naming what is wrong', () => {
  it.each([
    [
      'a bad field of one case',
      () => ['--facts', file('bad.json', { ...example, riskLevel: 'SEVERE' })],
      /^invalid case facts: riskLevel: must be one of LOW, MEDIUM, HIGH, CRITICAL\n$/,
    ],
    [
      'a bad field in an array, prefixed with the index',
      () => [
        '--facts',
        file('bad-array.json', [example, example, example, { ...example, hearings: [{ at: '2027-02-15T09:00:00Z', status: 'MOVED' }] }]),
      ],
      /^invalid case facts: \[3\]\.hearings\[0\]\.status: must be one of SCHEDULED, HELD, CANCELLED\n$/,
    ],
    [
      'an impossible date',
      () => ['--facts', file('bad-date.json', { ...example, lastAssessmentAt: '2027-02-30T09:00:00Z' })],
      /^invalid case facts: lastAssessmentAt: must be a real ISO 8601 instant/,
    ],
    [
      'a policy out of bounds',
      () => ['--facts', file('one.json', example), '--policy', file('bad-policy.json', { levels: { HIGH: { graceHours: 200 } } })],
      /^invalid policy: levels\.HIGH\.graceHours: must be a number of hours from 0.25 to 168/,
    ],
    ['a file that is not JSON', () => ['--facts', file('broken.json', '{"riskLevel": ')], /^--facts .*broken\.json: not valid JSON/],
    [
      'a file that does not exist',
      () => ['--facts', join(dir, 'missing.json')],
      /^--facts .*missing\.json: cannot read the file \(ENOENT\)/,
    ],
    ['a missing --facts', () => ['--policy', file('empty-policy.json', {})], /^--facts is required; usage: /],
    ['a flag without its file', () => ['--facts'], /^--facts needs a file; usage: /],
    ['an unknown flag', () => ['--facts', file('one.json', example), '--verbose'], /^unknown option --verbose; usage: /],
  ])('%s', (_, args, message) => {
    const result = schedule(args());
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
