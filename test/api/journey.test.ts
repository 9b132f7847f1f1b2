/**
 * The API end to end over real HTTP on the running stack (Temporal dev server, embedded
 * PostgreSQL, worker): a new organisation's first steps, then every endpoint a person uses,
 * each checked against what the workflow and the database then hold.
 */
import ICAL from 'ical.js';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiClient, eventually, openCaseFor, seedOrganisation, signIn, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const run = promisify(execFile);

let stack: Stack;
let org: Organisation;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

test("a new organisation's path: its admin from the command line, login, a caseworker, a case, a hearing, the dashboard and the calendar feed", async () => {
  // Asynchronously: the embedded database answering the command runs in this process.
  const command = await run('npx', ['tsx', 'scripts/create-organisation.ts', '--name', 'ASTRA', '--admin', 'Admin@Astra.org'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, DATABASE_URL: stack.database.url, LOG_LEVEL: 'warn' },
  });
  const password = /password: (\S+)/.exec(command.stdout)![1];
  const admin = await signIn(stack.apiUrl, 'admin@astra.org', password);
  expect((await admin.get('/me')).body).toMatchObject({ email: 'admin@astra.org', role: 'ADMIN' });

  const created = await admin.post('/users', { email: 'Jelena@Example.org', displayName: 'Jelena', role: 'CASEWORKER' });
  expect(created.status).toBe(201);
  expect(created.body.user).toMatchObject({ email: 'jelena@example.org', role: 'CASEWORKER', active: true });
  expect(created.body.initialPassword).toMatch(/^\w{20}$/);
  const jelena = await signIn(stack.apiUrl, 'jelena@example.org', created.body.initialPassword);

  const opened = await admin.post('/cases', { caseCode: 'BG-2027-001', riskLevel: 'HIGH', caseworkerId: created.body.user.id });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({
    caseCode: 'BG-2027-001',
    stage: 'IDENTIFIED',
    riskLevel: 'HIGH',
    coordinatorId: (await admin.get('/me')).body.id,
  });

  const hearingAt = iso(Date.now() + 5 * DAY);
  const hearing = await jelena.post(`/cases/${opened.body.id}/hearings`, { hearingId: 'K-123/27', at: hearingAt, kind: 'MAIN' });
  expect(hearing.status).toBe(200);
  expect(hearing.body.schedule).toMatchObject({ riskLevel: 'HIGH', rule: 'new-case' });

  const dashboard = await admin.get('/dashboard');
  expect(dashboard.status).toBe(200);
  expect(dashboard.body.upcomingHearings).toEqual([
    { caseId: opened.body.id, caseCode: 'BG-2027-001', hearingId: 'K-123/27', kind: 'MAIN', at: hearingAt },
  ]);
  expect(dashboard.body.caseload).toEqual([{ caseworkerId: created.body.user.id, displayName: 'Jelena', openCases: 1, overdue: 0 }]);

  const feed = await jelena.post('/me/calendar-feed');
  expect(feed.status).toBe(201);
  const ics = await fetch(feed.body.url);
  expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const text = await ics.text();
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
  // iCalendar times have whole seconds.
  const seconds = (at: string) => iso(Math.floor(Date.parse(at) / 1000) * 1000);
  // The reassessments of the next 14 days, as the case's projected schedule has them: from the
  // new-case deadline through the daily ones before the hearing.
  const projected = (await jelena.get(`/cases/${opened.body.id}/schedule?days=14`)).body.deadlines;
  expect(projected[0].dueAt).toBe(hearing.body.schedule.dueAt);
  expect(projected.map((d: { rule: string }) => d.rule)).toEqual([
    'new-case',
    'hearing-daily',
    'hearing-daily',
    'hearing-daily',
    'hearing-daily',
    'base',
  ]);
  expect(events.map((e) => [e.summary, e.startDate.toJSDate().toISOString()]).sort()).toEqual(
    [
      ['Hearing (main): BG-2027-001', seconds(hearingAt)],
      ...projected.map((d: { dueAt: string }) => ['Reassessment due: BG-2027-001', seconds(d.dueAt)]),
    ].sort(),
  );
  // Case codes only: the feed names no person.
  expect(text).not.toMatch(/Jelena|Administrator/);
});

describe('every endpoint', () => {
  beforeAll(async () => {
    org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Atina');
  });

  test('users: list, read, change, deactivate (which ends their sessions)', async () => {
    const { admin, caseworker } = org;
    const list = await admin.api.get('/users?role=CASEWORKER');
    expect(list.body.users.map((u: any) => u.email).sort()).toEqual(['caseworker@atina.test', 'other-caseworker@atina.test']);
    expect((await admin.api.get(`/users/${caseworker.id}`)).body).toMatchObject({ id: caseworker.id, role: 'CASEWORKER' });

    const temp = await admin.api.post('/users', {
      email: 'temp@atina.test',
      displayName: 'Temp',
      role: 'CASEWORKER',
      password: 'temporary-password-1',
    });
    const tempApi = await signIn(stack.apiUrl, 'temp@atina.test', 'temporary-password-1');
    expect((await admin.api.patch(`/users/${temp.body.user.id}`, { displayName: 'Temporary', role: 'COORDINATOR' })).body).toMatchObject({
      displayName: 'Temporary',
      role: 'COORDINATOR',
    });
    expect((await tempApi.get('/dashboard')).status).toBe(200);
    expect((await admin.api.patch(`/users/${temp.body.user.id}`, { active: false })).body.active).toBe(false);
    expect((await tempApi.get('/me')).status).toBe(401);
    expect(
      (await new ApiClient(stack.apiUrl).post('/auth/login', { email: 'temp@atina.test', password: 'temporary-password-1' })).status,
    ).toBe(401);
    // No admin locks themselves out.
    expect((await admin.api.patch(`/users/${admin.id}`, { active: false })).body).toMatchObject({ status: 400, field: 'active' });
  });

  test('sessions: logout ends one, a password change ends the others', async () => {
    const { caseworker } = org;
    const second = await signIn(stack.apiUrl, caseworker.email, caseworker.password);
    expect((await second.post('/auth/logout')).status).toBe(204);
    expect((await second.get('/me')).status).toBe(401);

    const third = await signIn(stack.apiUrl, caseworker.email, caseworker.password);
    const changed = await caseworker.api.put('/me/password', {
      currentPassword: caseworker.password,
      newPassword: 'a-brand-new-password',
      revokeTokens: false,
    });
    expect(changed.status).toBe(204);
    expect((await third.get('/me')).status).toBe(401);
    expect((await caseworker.api.get('/me')).status).toBe(200);
    expect(
      (await caseworker.api.put('/me/password', { currentPassword: 'wrong', newPassword: 'another-new-password', revokeTokens: false }))
        .body,
    ).toMatchObject({
      status: 400,
      field: 'currentPassword',
    });
    caseworker.password = 'a-brand-new-password';
  });

  test('API tokens: shown once, stored hashed, act as their user, revocable, expire', async () => {
    const { admin, coordinator } = org;
    const created = await coordinator.api.post('/tokens', { name: 'court calendar import', expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^vgt_/);
    const row = await stack.database.prisma.accessToken.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.secretHash).not.toContain(created.body.token);
    expect(row.expiresAt.getTime()).toBeCloseTo(Date.now() + 30 * DAY, -5);

    const token = coordinator.api.as(created.body.token);
    expect((await token.get('/me')).body.id).toBe(coordinator.id);
    const listed = await coordinator.api.get('/tokens');
    expect(listed.body.tokens).toEqual([expect.objectContaining({ id: created.body.id, name: 'court calendar import' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    // An admin creates a token for another user; only an admin may.
    expect((await coordinator.api.post('/tokens', { name: 'x', userId: org.caseworker.id })).status).toBe(403);
    const forCaseworker = await admin.api.post('/tokens', { name: 'police feed', userId: org.caseworker.id });
    expect((await admin.api.as(forCaseworker.body.token).get('/me')).body.id).toBe(org.caseworker.id);

    expect((await coordinator.api.delete(`/tokens/${created.body.id}`)).status).toBe(204);
    expect((await token.get('/me')).status).toBe(401);

    await stack.database.prisma.accessToken.update({
      where: { id: forCaseworker.body.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await admin.api.as(forCaseworker.body.token).get('/me')).body).toMatchObject({ status: 401, title: 'Sign-in required' });
  });

  test('contacts and the escalation chain', async () => {
    const { admin } = org;
    const police = await admin.api.post('/contacts', {
      displayName: 'Police liaison',
      phone: '+381641234567',
      language: 'sr-Latn',
      quietHours: { from: '22:00', until: '07:00' },
    });
    expect(police.status).toBe(201);
    expect(police.body).toMatchObject({
      phone: '+381641234567',
      email: null,
      timeZone: 'Europe/Belgrade',
      quietHours: { from: '22:00', until: '07:00' },
    });
    const lawyer = await admin.api.post('/contacts', {
      displayName: 'Lawyer',
      email: 'lawyer@example.org',
      language: 'en',
      timeZone: 'Europe/London',
    });
    expect((await admin.api.get('/contacts')).body.contacts.map((c: any) => c.displayName)).toEqual(['Lawyer', 'Police liaison']);
    expect(
      (await admin.api.patch(`/contacts/${lawyer.body.id}`, { quietHours: { from: '23:30', until: '06:00' } })).body.quietHours,
    ).toEqual({ from: '23:30', until: '06:00' });
    expect((await admin.api.get(`/contacts/${lawyer.body.id}`)).body.timeZone).toBe('Europe/London');

    const chain = await admin.api.put('/escalation-chain', {
      repeatCount: 1,
      levels: [{ contactIds: [police.body.id] }, { timeoutSeconds: 600, contactIds: [lawyer.body.id, police.body.id] }],
    });
    expect(chain.body).toEqual({
      repeatCount: 1,
      levels: [
        {
          position: 1,
          timeoutSeconds: 300,
          contactIds: [police.body.id],
          contacts: [{ id: police.body.id, name: 'Police liaison', role: null }],
        },
        {
          position: 2,
          timeoutSeconds: 600,
          contactIds: [lawyer.body.id, police.body.id],
          contacts: [
            { id: lawyer.body.id, name: 'Lawyer', role: null },
            { id: police.body.id, name: 'Police liaison', role: null },
          ],
        },
      ],
    });
    expect((await admin.api.get('/escalation-chain')).body.levels.map((l: any) => l.contactIds.sort())).toEqual([
      [police.body.id],
      [lawyer.body.id, police.body.id].sort(),
    ]);

    const spare = await admin.api.post('/contacts', { displayName: 'Spare', email: 'spare@example.org' });
    expect((await admin.api.delete(`/contacts/${spare.body.id}`)).status).toBe(204);
    expect((await admin.api.get(`/contacts/${spare.body.id}`)).status).toBe(404);
  });

  test('a case: open, list with filters, read with its live state, reassign, close and reopen', async () => {
    const { coordinator, caseworker, otherCaseworker } = org;
    const police = (await org.admin.api.get('/contacts')).body.contacts.find((c: any) => c.displayName === 'Police liaison');
    const opened = await openCaseFor(org, { riskLevel: 'LOW', designatedContacts: [{ contactId: police.id, role: 'POLICE_LIAISON' }] });
    const overdue = await openCaseFor(org, { riskLevel: 'CRITICAL', identifiedAt: iso(Date.now() - 3 * DAY) });

    const read = await caseworker.api.get(`/cases/${opened.id}`);
    expect(read.status).toBe(200);
    expect(read.body.case).toMatchObject({
      id: opened.id,
      designatedContacts: [{ contactId: police.id, role: 'POLICE_LIAISON', level: 1 }],
    });
    expect(read.body.live).toMatchObject({
      record: { stage: 'IDENTIFIED', riskLevel: 'LOW' },
      contacts: { caseworkerId: caseworker.id, coordinatorId: coordinator.id, designatedContactIds: [police.id] },
      schedule: { rule: 'new-case' },
    });

    const codes = async (query: string) => (await coordinator.api.get(`/cases${query}`)).body.cases.map((c: any) => c.caseCode);
    await eventually(
      () => codes('?overdue=true'),
      (list) => list.includes(overdue.caseCode),
    );
    expect(await codes('?overdue=true')).toEqual([overdue.caseCode]);
    expect(await codes('?riskLevel=LOW')).toEqual([opened.caseCode]);
    expect(await codes(`?caseworkerId=${otherCaseworker.id}`)).toEqual([]);
    expect((await codes('?stage=IDENTIFIED')).sort()).toEqual([opened.caseCode, overdue.caseCode].sort());
    expect((await caseworker.api.get('/cases?overdue=true')).body.cases[0]).toMatchObject({ caseCode: overdue.caseCode, overdue: true });

    const reassigned = await coordinator.api.post(`/cases/${opened.id}/reassign`, {
      caseworkerId: otherCaseworker.id,
      designatedContacts: [],
    });
    expect(reassigned.body).toMatchObject({ caseworkerId: otherCaseworker.id, designatedContacts: [] });
    const live = await eventually(
      async () => (await coordinator.api.get(`/cases/${opened.id}`)).body.live.contacts,
      (contacts) => contacts.caseworkerId === otherCaseworker.id,
    );
    expect(live).toEqual({ caseworkerId: otherCaseworker.id, coordinatorId: coordinator.id, designatedContactIds: [] });
    expect((await caseworker.api.get(`/cases/${opened.id}`)).status).toBe(404);
    expect((await otherCaseworker.api.get(`/cases/${opened.id}`)).status).toBe(200);

    const closed = await coordinator.api.post(`/cases/${opened.id}/close`, {});
    expect(closed.body.schedule).toMatchObject({ dueAt: null, rule: null });
    expect((await coordinator.api.get(`/cases/${opened.id}`)).body.case).toMatchObject({ stage: 'CLOSED', nextDueAt: null });
    expect((await coordinator.api.post(`/cases/${opened.id}/close`)).body).toMatchObject({
      status: 409,
      detail: 'the case is already closed',
    });
    const reopened = await coordinator.api.post(`/cases/${opened.id}/reopen`);
    expect(reopened.body.schedule.dueAt).not.toBeNull();
    expect((await coordinator.api.get(`/cases/${opened.id}`)).body.case.stage).toBe('IDENTIFIED');
  });

  test('case events: each returns the schedule the workflow computed; notes and descriptions are encrypted and shown in the timeline', async () => {
    const { caseworker } = org;
    const c = await openCaseFor(org, { riskLevel: 'MEDIUM', identifiedAt: iso(Date.now() - 2 * DAY) });
    const path = `/cases/${c.id}`;
    const assessed = await caseworker.api.post(`${path}/assessments`, {
      riskLevel: 'HIGH',
      measures: ['SAFE_HOUSE'],
      notes: 'Trafficker phoned the office twice; victim afraid.',
    });
    expect(assessed.status).toBe(200);
    // HIGH: next assessment within 7 days.
    expect(assessed.body.schedule).toMatchObject({ riskLevel: 'HIGH', rule: 'base' });
    expect(Date.parse(assessed.body.schedule.dueAt) - Date.now()).toBeGreaterThan(7 * DAY - 60_000);

    // Each answer is the schedule the workflow now keeps.
    const record = async (action: string, body?: object) => {
      const answer = await caseworker.api.post(`${path}${action}`, body);
      expect(answer.status).toBe(200);
      expect(answer.body.schedule).toEqual((await caseworker.api.get(path)).body.live.schedule);
      return answer.body.schedule;
    };
    // A hearing in 10 days: at most 7 days between assessments (the same deadline as HIGH's base; the hearing names it).
    expect((await record('/hearings', { hearingId: 'h1', at: iso(Date.now() + 10 * DAY), kind: 'PRELIMINARY' })).rule).toBe(
      'hearing-weekly',
    );
    expect((await record('/hearings/h1/move', { at: iso(Date.now() + 2 * DAY) })).rule).toBe('hearing-daily');
    await record('/hearings', { hearingId: 'h2', at: iso(Date.now() + 40 * DAY), kind: 'MAIN' });
    await record('/hearings/h2/cancel');
    // Not held before its time: 400. The court moved it to this morning, and it took place.
    expect((await caseworker.api.post(`${path}/hearings/h1/held`)).body).toMatchObject({ status: 400, field: 'hearingId' });
    await record('/hearings/h1/move', { at: iso(Date.now() - HOUR) });
    await record('/hearings/h1/held');
    expect((await caseworker.api.post(`${path}/hearings/h1/held`)).body).toMatchObject({
      status: 400,
      field: 'hearingId',
      detail: 'hearing "h1" is already HELD',
    });
    await record('/perpetrator-status', { status: 'RELEASE_ANNOUNCED', releaseDate: iso(Date.now() + 3 * DAY) });
    await record('/incidents', {
      incidentType: 'SURVEILLANCE',
      severity: 'MEDIUM',
      description: 'Followed from the bus station by a man in a grey car.',
    });
    await record('/relocations', { kind: 'SHELTER_ENTERED' });
    await record('/stage', { stage: 'PROCEEDINGS' });
    expect((await caseworker.api.get(path)).body.live.record).toMatchObject({
      stage: 'PROCEEDINGS',
      riskLevel: 'HIGH',
      hearings: [
        { id: 'h1', status: 'HELD' },
        { id: 'h2', status: 'CANCELLED' },
      ],
      relocations: [{ kind: 'SHELTER_ENTERED' }],
    });

    const stored = await stack.database.prisma.assessment.findFirstOrThrow({ where: { caseId: c.id } });
    expect(stored.notesEncrypted).toMatch(/^v1\.[0-9a-f]{16}\./);
    expect(stored.notesEncrypted).not.toContain('Trafficker');

    const timeline = (await caseworker.api.get(`${path}/timeline`)).body.entries;
    expect(timeline.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining([
        'case.opened',
        'assessment.completed',
        'hearing.scheduled',
        'hearing.moved',
        'hearing.cancelled',
        'hearing.held',
        'perpetrator.status',
        'incident.reported',
        'relocation.recorded',
        'stage.changed',
      ]),
    );
    expect(timeline.map((e: any) => e.at)).toEqual(
      [...timeline.map((e: any) => e.at)].sort((a: string, b: string) => Date.parse(a) - Date.parse(b)),
    );
    expect(timeline.find((e: any) => e.kind === 'assessment.completed')).toMatchObject({
      notes: 'Trafficker phoned the office twice; victim afraid.',
      recordedById: caseworker.id,
    });
    expect(timeline.find((e: any) => e.kind === 'incident.reported')).toMatchObject({
      description: 'Followed from the bus station by a man in a grey car.',
    });
  });

  test('schedule preview: what if the hearing moves; nothing changes', async () => {
    const { caseworker } = org;
    const c = await openCaseFor(org, { riskLevel: 'LOW' });
    const path = `/cases/${c.id}`;
    await caseworker.api.post(`${path}/assessments`, { riskLevel: 'LOW' });
    await caseworker.api.post(`${path}/hearings`, { hearingId: 'main', at: iso(Date.now() + 20 * DAY), kind: 'MAIN' });
    const before = (await caseworker.api.get(`${path}/timeline`)).body.entries;
    const state = (await caseworker.api.get(path)).body.live;

    const preview = await caseworker.api.post(`${path}/schedule-preview`, {
      events: [
        { type: 'hearing.moved', hearingId: 'main', at: iso(Date.now() + 2 * DAY) },
        { type: 'perpetrator.status', status: 'RELEASED', at: iso(Date.now() + 12 * HOUR) },
      ],
    });
    expect(preview.status).toBe(200);
    expect(preview.body.current).toEqual(state.schedule);
    expect(preview.body.preview.rule).toBe('release-immediate');
    expect(preview.body.preview.dueAt).toBe(iso(Date.parse(preview.body.preview.dueAt)));
    expect(Date.parse(preview.body.preview.dueAt)).toBeLessThan(Date.parse(state.schedule.dueAt));

    expect((await caseworker.api.get(`${path}/timeline`)).body.entries).toEqual(before);
    expect((await caseworker.api.get(path)).body.live).toEqual(state);
    const unknownHearing = await caseworker.api.post(`${path}/schedule-preview`, {
      events: [
        { type: 'hearing.held', hearingId: 'main' },
        { type: 'hearing.held', hearingId: 'nope' },
      ],
    });
    expect(unknownHearing.body).toMatchObject({ status: 400, field: 'events[1].hearingId' });
  });

  test('alerts: a release raises one; list, acknowledge (the workflow stops escalating), dashboard, timeline', async () => {
    const { caseworker, coordinator } = org;
    const police = (await org.admin.api.get('/contacts')).body.contacts.find((c: any) => c.displayName === 'Police liaison');
    const c = await openCaseFor(org, { riskLevel: 'HIGH', designatedContacts: [{ contactId: police.id, role: 'POLICE_LIAISON' }] });
    const released = await caseworker.api.post(`/cases/${c.id}/perpetrator-status`, { status: 'RELEASED' });
    expect(released.body.schedule.rule).toBe('release-immediate');

    const alerts = await eventually(
      async () => (await caseworker.api.get(`/alerts?caseId=${c.id}`)).body.alerts,
      (list: any[]) => list.length === 1 && list[0].state === 'ALERTING',
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        caseId: c.id,
        caseCode: c.caseCode,
        trigger: 'perpetrator.released',
        state: 'ALERTING',
        acknowledgement: null,
      }),
    ]);
    const dashboard = (await coordinator.api.get('/dashboard')).body;
    expect(dashboard.unacknowledgedAlerts.map((a: any) => a.alertId)).toContain(alerts[0].alertId);
    expect(dashboard.releases).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: c.id, status: 'RELEASED', releaseDate: null })]),
    );

    const ack = await caseworker.api.post(`/cases/${c.id}/alerts/${encodeURIComponent(alerts[0].alertKey)}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: caseworker.id, via: 'api' } });
    expect((await caseworker.api.post(`/cases/${c.id}/alerts/${encodeURIComponent(alerts[0].alertKey)}/acknowledge`)).body).toMatchObject({
      status: 409,
    });
    expect((await caseworker.api.get('/alerts?state=ACKNOWLEDGED')).body.alerts.map((a: any) => a.alertId)).toContain(alerts[0].alertId);
    expect((await coordinator.api.get('/dashboard')).body.unacknowledgedAlerts.map((a: any) => a.alertId)).not.toContain(alerts[0].alertId);

    const kinds = (await caseworker.api.get(`/cases/${c.id}/timeline`)).body.entries.map((e: any) => e.kind);
    expect(kinds.indexOf('alert.acknowledged')).toBeGreaterThan(kinds.indexOf('alert.raised'));
  });

  test('the dashboard: overdue reassessments and open cases per caseworker', async () => {
    const dashboard = (await org.coordinator.api.get('/dashboard')).body;
    const mine = await org.coordinator.api.get(`/cases?overdue=true&caseworkerId=${org.caseworker.id}`);
    expect(dashboard.overdueReassessments.map((o: any) => o.caseId).sort()).toEqual(
      expect.arrayContaining(mine.body.cases.map((c: any) => c.id)),
    );
    const open = (await org.coordinator.api.get(`/cases?caseworkerId=${org.caseworker.id}&limit=200`)).body.cases.filter(
      (c: any) => c.closedAt === null,
    );
    expect(dashboard.caseload.find((l: any) => l.caseworkerId === org.caseworker.id)).toMatchObject({
      openCases: open.length,
      overdue: mine.body.cases.length,
    });
  });

  test('the calendar feed: revocable, and a new one replaces the old', async () => {
    const first = (await org.caseworker.api.post('/me/calendar-feed')).body.url;
    expect((await fetch(first)).status).toBe(200);
    const second = (await org.caseworker.api.post('/me/calendar-feed')).body.url;
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
    expect((await org.caseworker.api.delete('/me/calendar-feed')).status).toBe(204);
    expect((await fetch(second)).status).toBe(404);
  });
});
