/**
 * Issue 13 on the real stack: the organisation's reassessment policy (read, preview, change,
 * reaching running cases), the projected schedule, the task list, the calendar series, case
 * search by code, and event answers that say what changed.
 */
import { ApiClient, eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let stack: Stack;
let org: Organisation;
let other: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Policy Org');
  other = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Other Org');
});
afterAll(() => stack?.stop());

/** A MEDIUM case of `o`, assessed `hoursAgo` ago (base due 14 days after). */
async function assessedCase(o: Organisation, hoursAgo = 1, body: Record<string, unknown> = {}) {
  const identifiedAt = new Date(Date.now() - (hoursAgo + 1) * HOUR).toISOString();
  const c = await openCaseFor(o, { identifiedAt, ...body });
  const at = new Date(Date.now() - hoursAgo * HOUR).toISOString();
  const answer = await o.caseworker.api.post(`/cases/${c.id}/assessments`, { riskLevel: 'MEDIUM', at });
  expect(answer.status).toBe(200);
  return { ...c, assessedAt: Date.parse(at) };
}

describe('organisation policy', () => {
  test('bad overrides are refused naming the field, never echoing the value; only admins may read or change it', async () => {
    const admin = org.admin.api;
    for (const [body, field] of [
      [{ levels: { HIGH: { graceHours: 200 } } }, 'levels.HIGH.graceHours'],
      [{ levels: { LOW: { baseIntervalHours: 12 } } }, 'levels.LOW.baseIntervalHours'],
      [{ levels: { CRITICAL: { leadHours: 0.1 } } }, 'levels.CRITICAL.leadHours'],
      [{ levels: { MEDIUM: { graceHours: '48' } } }, 'levels.MEDIUM.graceHours'],
      [{ levels: { SEVERE: {} } }, 'levels.SEVERE'],
      [{ levels: { HIGH: { graceMinutes: 30 } } }, 'levels.HIGH.graceMinutes'],
      [{ windows: {} }, 'windows'],
    ] as const) {
      for (const path of ['/organisation/policy', '/organisation/policy/preview']) {
        const answer = await admin.request(path.endsWith('preview') ? 'POST' : 'PUT', path, body);
        expect([path, answer.status, answer.body.field]).toEqual([path, 400, field]);
        expect(answer.text).not.toContain('200');
      }
    }
    expect((await org.coordinator.api.get('/organisation/policy')).status).toBe(403);
    expect((await org.caseworker.api.put('/organisation/policy', {})).status).toBe(403);
    expect((await admin.get('/organisation/policy')).body).toMatchObject({
      version: 0,
      overrides: {},
      inForce: {
        MEDIUM: { baseIntervalHours: 336, leadHours: 24, graceHours: 48 },
        CRITICAL: { baseIntervalHours: 24, leadHours: 2, graceHours: 2 },
      },
    });
  });

  test("a change is previewed on the organisation's own cases, then reaches each running case, its timeline and the audit log", async () => {
    const assessed = await assessedCase(org);
    const fresh = await openCaseFor(org); // not yet assessed: due 24 h after identification, whatever the base interval
    await assessedCase(other); // another organisation's case is neither counted nor changed
    const change = { levels: { MEDIUM: { baseIntervalHours: 168 } } };

    const preview = await org.admin.api.post('/organisation/policy/preview', change);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ earlier: 1, later: 0 });
    expect(preview.body.cases).toBe(preview.body.earlier + preview.body.later + preview.body.unchanged);
    expect((await org.admin.api.get('/organisation/policy')).body.version).toBe(0); // a preview changes nothing

    const put = await org.admin.api.put('/organisation/policy', change);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 1, overrides: change, inForce: { MEDIUM: { baseIntervalHours: 168 } } });
    expect(put.body.casesReached).toBe(preview.body.cases);

    const read = await eventually(
      () => org.caseworker.api.get(`/cases/${assessed.id}`),
      (a) => Date.parse(a.body.live?.schedule.dueAt) === assessed.assessedAt + 7 * DAY,
    );
    expect(Date.parse(read.body.live.schedule.dueAt)).toBe(assessed.assessedAt + 7 * DAY);
    const timeline = await eventually(
      () => org.caseworker.api.get(`/cases/${assessed.id}/timeline`),
      (a) => a.body.entries?.some((e: { kind: string }) => e.kind === 'policy.changed'),
    );
    const entry = timeline.body.entries.find((e: { kind: string }) => e.kind === 'policy.changed');
    expect(entry.detail).toMatchObject({ version: 1, dueAfter: new Date(assessed.assessedAt + 7 * DAY).toISOString() });
    expect(Date.parse(entry.detail.dueBefore)).toBe(assessed.assessedAt + 14 * DAY);
    expect((await org.caseworker.api.get(`/cases/${fresh.id}`)).body.live.schedule.rule).toBe('new-case');

    const audit = await org.admin.api.get('/audit?limit=200');
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'PUT', route: '/organisation/policy', statusCode: 200 })]),
    );
    expect((await other.admin.api.get('/organisation/policy')).body.version).toBe(0);
  });

  test('new cases start with the policy in force; the schedule preview uses it too', async () => {
    await org.admin.api.put('/organisation/policy', { levels: { MEDIUM: { baseIntervalHours: 120 } } });
    const c = await assessedCase(org);
    expect(Date.parse((await org.caseworker.api.get(`/cases/${c.id}`)).body.live.schedule.dueAt)).toBe(c.assessedAt + 5 * DAY);
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    const preview = await org.caseworker.api.post(`/cases/${c.id}/schedule-preview`, {
      events: [{ type: 'assessment.completed', riskLevel: 'MEDIUM', at }],
    });
    expect(Date.parse(preview.body.preview.dueAt)).toBe(Date.parse(at) + 5 * DAY);
  });
});

describe('schedules to plan with', () => {
  test('GET /cases/{id}/schedule: the series of deadlines ahead, each with its rule, reminders and escalations', async () => {
    const c = await openCaseFor(org, { riskLevel: 'HIGH', identifiedAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    const assessedAt = Date.now() - HOUR;
    await org.caseworker.api.post(`/cases/${c.id}/assessments`, { riskLevel: 'HIGH', at: new Date(assessedAt).toISOString() });
    const hearingAt = assessedAt + 10 * DAY;
    await org.caseworker.api.post(`/cases/${c.id}/hearings`, { hearingId: 'h-plan', at: new Date(hearingAt).toISOString(), kind: 'MAIN' });
    const answer = await org.caseworker.api.get(`/cases/${c.id}/schedule?days=12`);
    expect(answer.status).toBe(200);
    const series = answer.body.deadlines.map((d: { dueAt: string; rule: string }) => [(Date.parse(d.dueAt) - assessedAt) / DAY, d.rule]);
    // HIGH: base 7 days, tied with daily from hearing - 3 d (day 7) until hearing + 1 d (day 11, not
    // included); the pre-hearing assessment is the one on day 7; then base again, on day 17.
    expect(series).toEqual([
      [7, 'hearing-daily'],
      [8, 'hearing-daily'],
      [9, 'hearing-daily'],
      [10, 'hearing-daily'],
    ]);
    expect(answer.body.deadlines[0]).toMatchObject({
      overdue: false,
      remindAt: [new Date(assessedAt + 7 * DAY - 12 * HOUR).toISOString(), new Date(assessedAt + 7 * DAY).toISOString()],
      escalateAt: [
        { at: new Date(assessedAt + 7 * DAY + 6 * HOUR).toISOString(), to: 'coordinator' },
        { at: new Date(assessedAt + 7 * DAY + 12 * HOUR).toISOString(), to: 'chain' },
      ],
    });
    for (const bad of ['days=0', 'days=93', 'days=abc', 'horizon=3'])
      expect([bad, (await org.caseworker.api.get(`/cases/${c.id}/schedule?${bad}`)).body.field]).toEqual([bad, bad.split('=')[0]]);
    expect((await org.otherCaseworker.api.get(`/cases/${c.id}/schedule`)).status).toBe(404);
    expect((await other.admin.api.get(`/cases/${c.id}/schedule`)).status).toBe(404);
  });

  test("GET /me/tasks: a caseworker's reassessments, hearings and releases across their cases, sorted; coordinators may ask for a caseworker", async () => {
    const overdue = await openCaseFor(org, { identifiedAt: new Date(Date.now() - 3 * DAY).toISOString() });
    const c = await assessedCase(org);
    await org.caseworker.api.post(`/cases/${c.id}/hearings`, {
      hearingId: 'h-task',
      at: new Date(Date.now() + 5 * DAY).toISOString(),
      kind: 'MAIN',
    });
    const releaseDate = new Date(Date.now() + 6 * DAY).toISOString();
    await org.caseworker.api.post(`/cases/${c.id}/perpetrator-status`, { status: 'RELEASE_ANNOUNCED', releaseDate });
    const mine = await org.caseworker.api.get('/me/tasks?days=7');
    expect(mine.status).toBe(200);
    const times = mine.body.tasks.map((t: { at: string }) => Date.parse(t.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const of = (caseId: string) => mine.body.tasks.filter((t: { caseId: string }) => t.caseId === caseId);
    expect(of(overdue.id)[0]).toMatchObject({ kind: 'reassessment', overdue: true, rule: 'new-case', caseCode: overdue.caseCode });
    expect(of(c.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'hearing', hearingId: 'h-task', overdue: false }),
        expect.objectContaining({ kind: 'release', at: releaseDate }),
        expect.objectContaining({ kind: 'reassessment', rule: 'release-announced' }),
      ]),
    );
    const asCoordinator = await org.coordinator.api.get(`/me/tasks?days=7&caseworkerId=${org.caseworker.id}`);
    // The same tasks (a deadline after an overdue one counts from the moment of asking).
    const what = (tasks: { at: string }[]) => tasks.map(({ at, ...task }) => task);
    expect(what(asCoordinator.body.tasks)).toEqual(what(mine.body.tasks));
    expect((await org.otherCaseworker.api.get(`/me/tasks?caseworkerId=${org.caseworker.id}`)).status).toBe(403);
    expect((await other.coordinator.api.get(`/me/tasks?caseworkerId=${org.caseworker.id}`)).body.field).toBe('caseworkerId');
    for (const bad of ['days=0', 'days=32', 'caseworkerId=nope'])
      expect([bad, (await org.caseworker.api.get(`/me/tasks?${bad}`)).body.field]).toEqual([bad, bad.split('=')[0]]);
  });

  test('the calendar feed carries the projected series of the next 14 days', async () => {
    const c = await openCaseFor(org, { riskLevel: 'CRITICAL', identifiedAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    await org.caseworker.api.post(`/cases/${c.id}/assessments`, { riskLevel: 'CRITICAL', at: new Date(Date.now() - HOUR).toISOString() });
    const { url } = (await org.caseworker.api.post('/me/calendar-feed')).body;
    const feed = await (await fetch(url.replace(/^https?:\/\/[^/]+/, stack.apiUrl))).text();
    const uids = [...feed.matchAll(new RegExp(`UID:reassessment-${c.id}(-\\d+)?@`, 'g'))];
    // CRITICAL: daily, so 14 deadlines within 14 days (the first 23 h from now).
    expect(uids).toHaveLength(14);
  });

  test('GET /cases finds cases by exact code and by prefix, wildcards taken literally, within what the caller may see', async () => {
    const codes = ['NS_2027/1', 'NSX2027/2', 'ns_2027/3'];
    for (const caseCode of codes) await openCaseFor(org, { caseCode });
    await openCaseFor(other, { caseCode: 'NS_2027/9' });
    const find = async (api: ApiClient, query: string) =>
      (await api.get(`/cases?${query}`)).body.cases.map((c: { caseCode: string }) => c.caseCode).sort();
    expect(await find(org.coordinator.api, 'caseCode=NS_2027/1')).toEqual(['NS_2027/1']);
    expect(await find(org.coordinator.api, 'caseCodePrefix=NS_')).toEqual(['NS_2027/1', 'ns_2027/3']);
    expect(await find(org.coordinator.api, 'caseCodePrefix=ns')).toEqual(codes.slice().sort());
    expect(await find(org.otherCaseworker.api, 'caseCodePrefix=NS')).toEqual([]);
    for (const bad of ['caseCode=%25', 'caseCodePrefix=', 'caseCodePrefix=a%20b'])
      expect([bad, (await org.coordinator.api.get(`/cases?${bad}`)).body.field]).toEqual([bad, bad.split('=')[0]]);
  });
});

describe('event answers say what changed', () => {
  test('the schedule before and after, and one line in the reader’s language and time zone', async () => {
    const c = await assessedCase(org, 1);
    const before = (await org.caseworker.api.get(`/cases/${c.id}`)).body.live.schedule;
    const relocated = await org.caseworker.api.post(`/cases/${c.id}/relocations`, { kind: 'SHELTER_ENTERED' });
    expect(relocated.status).toBe(200);
    expect(relocated.body.before).toEqual(before);
    expect(relocated.body.schedule.rule).toBe('relocation');
    const time = (iso: string, locale: string) =>
      new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Belgrade', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(iso),
      );
    expect(relocated.body.reason).toMatch(
      new RegExp(
        `^Relocation: reassess by \\w{3} \\d{1,2} \\w{3} ${time(relocated.body.schedule.dueAt, 'en-GB')} \\(was \\w{3} \\d{1,2} \\w{3} ${time(before.dueAt, 'en-GB')}\\)$`,
      ),
    );

    const serbian = await org.caseworker.api.request(
      'POST',
      `/cases/${c.id}/stage`,
      { stage: 'PROTECTION' },
      { 'accept-language': 'sr-Latn-RS,sr;q=0.9,en;q=0.5' },
    );
    expect(serbian.body.reason).toMatch(
      /^Promena faze: ponovna procena do (pon|uto|sre|čet|pet|sub|ned) \d{1,2}\. [a-z]{3} \d\d:\d\d \(bez promene\)$/,
    );
  });

  test('a hearing cannot be marked held before its time: 400 naming the field', async () => {
    const c = await assessedCase(org);
    const at = new Date(Date.now() + 16 * HOUR).toISOString();
    await org.caseworker.api.post(`/cases/${c.id}/hearings`, { hearingId: 'h-early', at, kind: 'MAIN' });
    const held = await org.caseworker.api.post(`/cases/${c.id}/hearings/h-early/held`);
    expect([held.status, held.body.field]).toEqual([400, 'hearingId']);
    expect(held.body.detail).toMatch(/cannot be marked held before then/);
  });
});
