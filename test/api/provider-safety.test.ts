/**
 * The safety of service providers over real HTTP on the running stack: the organisation's
 * self-assessment (validation naming the field, roles, encrypted notes, the trend, the schedule
 * its workflow keeps), the organisation settings, response procedures, provider risk on case
 * assessments and the coordinator's safety view.
 */
import type { Payload } from '@temporalio/common';
import { selfAssessmentScheduleQuery, selfAssessmentWorkflowId } from '../../workflows/self-assessment';
import { buildApi } from '../../api/server';
import { createFieldCipher } from '../../platform/field-encryption';
import { log } from '../../platform/logger';
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, TEST_DATA_KEY, type Stack } from '../support/stack';
import { testCodec } from '../support/codec';

const DAY = 86_400_000;
const MINUTE = 60_000;

let stack: Stack;
let org: Organisation;
let other: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Safety');
  other = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Elsewhere');
});
afterAll(() => stack?.stop());

const SCORES = {
  internalTrafficking: 2,
  countryStatus: 3,
  victimsPerMonth: 1,
  organisedCrimeLinks: 2,
  criminalGroupCapacity: 3,
  stateResponseCapacity: 1,
  perceivedCorruption: 2,
  stateCommitment: 1,
};
const NOTE = 'Inspector Petrović passed our office address to the defence';

/** Every payload of a workflow's history, decoded as the worker reads it. */
async function historyPayloads(workflowId: string): Promise<string> {
  const payloads: Payload[] = [];
  const collect = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
    const v = value as Record<string, unknown>;
    if (v.metadata && v.data instanceof Uint8Array) payloads.push(v as Payload);
    else Object.values(v).forEach(collect);
  };
  collect(await stack.client.workflow.getHandle(workflowId).fetchHistory());
  return (await testCodec.decode(payloads)).map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
}

describe('self-assessments', () => {
  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const api = org.coordinator.api;
    const cases: [unknown, string][] = [
      [{ scores: { ...SCORES, perceivedCorruption: undefined } }, 'scores.perceivedCorruption'],
      [{ scores: { ...SCORES, perceivedCorruption: 4 } }, 'scores.perceivedCorruption'],
      [{ scores: { ...SCORES, weather: 1 } }, 'scores.weather'],
      [{ scores: SCORES, notes: { countryStatus: 7 } }, 'notes.countryStatus'],
      [{ scores: SCORES, at: new Date(Date.now() + DAY).toISOString() }, 'at'],
      [{ scores: SCORES, mood: 'fine' }, 'mood'],
      [{}, 'scores'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.post('/self-assessments', body);
      expect([answer.status, answer.body.field]).toEqual([400, field]);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    }
    expect(await stack.database.prisma.selfAssessment.count()).toBe(0);
  });

  it('coordinators and admins record and read them; caseworkers and other organisations cannot', async () => {
    expect((await org.caseworker.api.post('/self-assessments', { scores: SCORES })).status).toBe(403);
    expect((await org.caseworker.api.get('/self-assessments')).status).toBe(403);

    const first = await org.admin.api.post('/self-assessments', { at: new Date(Date.now() - 40 * DAY).toISOString(), scores: SCORES });
    expect(first.status).toBe(201);
    // Sum 15 (HIGH by the sum), two indicators at 3 (HIGH by the count).
    expect(first.body.selfAssessment.riskLevel).toBe('HIGH');

    const at = new Date(Date.now() - DAY).toISOString();
    const second = await org.coordinator.api.post('/self-assessments', {
      at,
      scores: { ...SCORES, criminalGroupCapacity: 1, countryStatus: 2 },
      notes: { perceivedCorruption: NOTE },
    });
    expect(second.status).toBe(201);
    // Sum 12: HIGH by the sum, no 3s. Due 30 days later; HIGH lead and grace: 12 h.
    const due = Date.parse(at) + 30 * DAY;
    expect(second.body).toMatchObject({
      selfAssessment: { riskLevel: 'HIGH', notes: { perceivedCorruption: NOTE }, recordedById: org.coordinator.id },
      schedule: {
        dueAt: new Date(due).toISOString(),
        riskLevel: 'HIGH',
        intervalDays: 30,
        lastAt: at,
        remindAt: [new Date(due - 12 * 60 * MINUTE).toISOString(), new Date(due).toISOString()],
      },
    });

    const list = await org.coordinator.api.get('/self-assessments');
    expect(list.status).toBe(200);
    expect(list.body.indicators).toHaveLength(8);
    expect(list.body.indicators[6]).toMatchObject({ key: 'perceivedCorruption', scale: expect.arrayContaining(['Low', 'High']) });
    // The trend: newest first, scores as recorded, notes decrypted for the reader.
    expect(list.body.selfAssessments.map((s: any) => [s.at, s.riskLevel, s.scores.criminalGroupCapacity, s.notes])).toEqual([
      [at, 'HIGH', 1, { perceivedCorruption: NOTE }],
      [first.body.selfAssessment.at, 'HIGH', 3, {}],
    ]);
    expect(list.body.schedule.dueAt).toBe(new Date(due).toISOString());
    expect((await other.admin.api.get('/self-assessments')).body.selfAssessments).toEqual([]);

    // The note: ciphertext in its table, never in the workflow's history.
    const rows = await stack.database.prisma.selfAssessment.findMany({ where: { organisationId: org.id } });
    expect(rows.map((r) => r.notesEncrypted?.includes('Petrović') ?? false)).toEqual([false, false]);
    const history = await historyPayloads(selfAssessmentWorkflowId(org.id));
    expect(history).toContain(`{"at":"${at}","riskLevel":"HIGH"}`);
    expect(history).not.toContain('Petrović');
    expect(history).not.toContain('perceivedCorruption');
  });
});

describe('organisation settings', () => {
  it('admins only; the duty coordinator must be a contact of the organisation; bounds name the field', async () => {
    expect((await org.coordinator.api.get('/organisation/settings')).status).toBe(403);
    expect((await org.coordinator.api.patch('/organisation/settings', { retentionYears: 10 })).status).toBe(403);
    expect((await org.admin.api.get('/organisation/settings')).body).toEqual({
      dutyCoordinatorContactId: null,
      selfAssessmentIntervalDays: 30,
      retentionYears: 5,
      defaultCountry: 'RS',
      smsWithoutDiacritics: false,
    });
    const foreign = await other.admin.api.post('/contacts', { displayName: 'Not ours', phone: '+381641110009' });
    for (const [body, field] of [
      [{ dutyCoordinatorContactId: foreign.body.id }, 'dutyCoordinatorContactId'],
      [{ dutyCoordinatorContactId: 'someone' }, 'dutyCoordinatorContactId'],
      [{ selfAssessmentIntervalDays: 6 }, 'selfAssessmentIntervalDays'],
      [{ selfAssessmentIntervalDays: 93 }, 'selfAssessmentIntervalDays'],
      [{ retentionYears: 0 }, 'retentionYears'],
      [{ retentionYears: 31 }, 'retentionYears'],
      [{ retentionYears: 2.5 }, 'retentionYears'],
      [{ theme: 'dark' }, 'theme'],
    ] as const) {
      const answer = await org.admin.api.patch('/organisation/settings', body);
      expect([answer.status, answer.body.field]).toEqual([400, field]);
    }
    const duty = await org.admin.api.post('/contacts', { displayName: 'Duty coordinator', phone: '+381641110008' });
    const changed = await org.admin.api.patch('/organisation/settings', { dutyCoordinatorContactId: duty.body.id, retentionYears: 10 });
    expect(changed.body).toEqual({
      dutyCoordinatorContactId: duty.body.id,
      selfAssessmentIntervalDays: 30,
      retentionYears: 10,
      defaultCountry: 'RS',
      smsWithoutDiacritics: false,
    });
    // Staff in danger would reach nobody: the duty coordinator's card stays until another is chosen.
    const removal = await org.admin.api.delete(`/contacts/${duty.body.id}`);
    expect([removal.status, removal.body.field]).toEqual([409, 'contactId']);
    expect((await org.admin.api.get(`/contacts/${duty.body.id}`)).status).toBe(200);
  });

  it('a new interval reaches the running schedule at once', async () => {
    const before = (await org.coordinator.api.get('/self-assessments')).body.schedule;
    const answer = await org.admin.api.patch('/organisation/settings', { selfAssessmentIntervalDays: 7 });
    expect(answer.body.selfAssessmentIntervalDays).toBe(7);
    const after = (await org.coordinator.api.get('/self-assessments')).body.schedule;
    expect(after).toMatchObject({
      intervalDays: 7,
      lastAt: before.lastAt,
      dueAt: new Date(Date.parse(before.lastAt) + 7 * DAY).toISOString(),
    });
  });
});

describe('response procedures', () => {
  it('defaults until an admin writes them; everyone reads; only admins write; steps are checked one by one', async () => {
    const all = await org.caseworker.api.get('/procedures');
    expect(all.body.procedures.map((p: any) => [p.trigger, p.isDefault, p.steps.length > 2])).toEqual([
      ['perpetrator-released', true, true],
      ['threat-to-victim', true, true],
      ['pressure-on-victim', true, true],
      ['threat-to-staff', true, true],
      ['missed-check-in', true, true],
      ['panic', true, true],
      ['data-leak', true, true],
      ['hearing-unprepared', true, true],
    ]);
    // Vigil's defaults in Serbian too; a language it has no texts in is refused.
    expect((await org.caseworker.api.get('/procedures/pressure-on-victim?language=sr-Latn')).body.steps[0]).toBe(
      'Potvrdite upozorenje da lanac prestane da eskalira.',
    );
    expect((await org.caseworker.api.get('/procedures?language=de')).body).toMatchObject({ status: 400, field: 'language' });
    const steps = ['Call the police: 192', 'Call the duty coordinator', 'Record the incident in Vigil'];
    expect((await org.caseworker.api.put('/procedures/panic', { steps })).status).toBe(403);
    expect((await org.coordinator.api.put('/procedures/panic', { steps })).status).toBe(403);
    for (const [body, field] of [
      [{ steps: ['Call the police', '  '] }, 'steps[1]'],
      [{ steps: [] }, 'steps'],
      [{ steps: ['x'.repeat(501)] }, 'steps[0]'],
      [{ steps: 'Call the police' }, 'steps'],
    ] as const) {
      const answer = await org.admin.api.put('/procedures/panic', body);
      expect([answer.status, answer.body.field]).toEqual([400, field]);
    }
    expect((await org.admin.api.put('/procedures/fire', { steps })).body).toMatchObject({ status: 400, field: 'trigger' });

    const written = await org.admin.api.put('/procedures/panic', { steps: [...steps.slice(0, 2), `  ${steps[2]}  `] });
    expect(written.body).toMatchObject({ trigger: 'panic', steps, isDefault: false, updatedById: org.admin.id });
    // The page alerts link to: the organisation's own steps for its people, the defaults elsewhere.
    expect((await org.caseworker.api.get('/procedures/panic')).body).toMatchObject({ steps, isDefault: false });
    expect((await other.caseworker.api.get('/procedures/panic')).body.isDefault).toBe(true);
    expect((await org.caseworker.api.get('/procedures/panic')).status).toBe(200);
    // The triggers added for the study's situations are written the same way.
    const pressure = await org.admin.api.put('/procedures/pressure-on-victim', { steps });
    expect(pressure.body).toMatchObject({ trigger: 'pressure-on-victim', steps, isDefault: false });
    expect((await org.caseworker.api.get('/procedures/pressure-on-victim?language=sr-Latn')).body).toMatchObject({ steps });
  });
});

describe('provider risk on case assessments', () => {
  it('is stored with its factors; factors need a level, and only known ones', async () => {
    const opened = await openCaseFor(org);
    const path = `/cases/${opened.id}/assessments`;
    const api = org.caseworker.api;
    expect((await api.post(path, { riskLevel: 'HIGH', providerRiskFactors: ['STAFF_FOLLOWED'] })).body).toMatchObject({
      status: 400,
      field: 'providerRiskFactors',
    });
    expect((await api.post(path, { riskLevel: 'HIGH', providerRisk: 'HIGH', providerRiskFactors: ['STAFF_ADMIRED'] })).body).toMatchObject({
      status: 400,
      field: 'providerRiskFactors[0]',
    });
    const answer = await api.post(path, {
      riskLevel: 'HIGH',
      providerRisk: 'HIGH',
      providerRiskFactors: ['TRAFFICKER_KNOWS_OFFICE', 'STAFF_FOLLOWED'],
    });
    expect(answer.status).toBe(200);
    await api.post(path, { riskLevel: 'MEDIUM' });
    const rows = await stack.database.prisma.assessment.findMany({ where: { caseId: opened.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.riskLevel, r.providerRisk, r.providerRiskFactors])).toEqual([
      ['HIGH', 'HIGH', ['TRAFFICKER_KNOWS_OFFICE', 'STAFF_FOLLOWED']],
      ['MEDIUM', null, []],
    ]);
  });
});

describe("the coordinator's safety view", () => {
  it('shows who is in the field and by when, visit alarms (duress included), and the self-assessment schedule', async () => {
    const { prisma } = stack.database;
    const now = Date.now();
    let n = 0;
    const visit = (userId: string, data: Record<string, unknown>) =>
      prisma.fieldVisit.create({
        data: {
          organisationId: org.id,
          userId,
          visitCode: `V-SAFE${++n}`,
          workflowId: `visit-safety-${n}`,
          startedAt: new Date(now - 2 * 60 * MINUTE),
          expectedEndAt: new Date(now + 60 * MINUTE),
          ...data,
        },
      });
    const later = await visit(org.caseworker.id, { expectedEndAt: new Date(now + 90 * MINUTE), graceMinutes: 15 });
    const late = await visit(org.otherCaseworker.id, { expectedEndAt: new Date(now - 5 * MINUTE), graceMinutes: 30 });
    const missed = await visit(org.caseworker.id, { state: 'MISSED', endedBy: 'missed', endedAt: new Date(now - DAY) });
    const panic = await visit(org.otherCaseworker.id, { state: 'PANIC', endedBy: 'panic', endedAt: new Date(now - 2 * DAY) });
    const duress = await visit(org.caseworker.id, { state: 'ENDED', endedBy: 'duress', endedAt: new Date(now - 60 * MINUTE) });
    await visit(org.caseworker.id, { state: 'ENDED', endedBy: 'check-in', endedAt: new Date(now - 30 * MINUTE) });
    await visit(org.caseworker.id, {
      state: 'MISSED',
      endedBy: 'missed',
      startedAt: new Date(now - 40 * DAY),
      endedAt: new Date(now - 40 * DAY),
    });

    expect((await org.caseworker.api.get('/safety')).status).toBe(403);
    const answer = await org.coordinator.api.get('/safety');
    expect(answer.status).toBe(200);
    const { inTheField, visitAlarms, selfAssessment } = answer.body;
    // Soonest deadline first: expected end + grace.
    expect(inTheField.map((v: any) => [v.visitCode, v.displayName, v.checkInBy, v.late])).toEqual([
      [late.visitCode, 'other-caseworker', new Date(now + 25 * MINUTE).toISOString(), true],
      [later.visitCode, 'caseworker', new Date(now + 105 * MINUTE).toISOString(), false],
    ]);
    expect(visitAlarms.map((v: any) => [v.visitCode, v.reason])).toEqual(
      expect.arrayContaining([
        [missed.visitCode, 'missed'],
        [panic.visitCode, 'panic'],
        [duress.visitCode, 'duress'],
      ]),
    );
    expect(visitAlarms).toHaveLength(3);
    expect(answer.text).not.toMatch(/location|withWhom|purpose/);
    expect(selfAssessment).toMatchObject({ latest: { riskLevel: 'HIGH' }, schedule: { intervalDays: 7 }, overdue: false });
    expect((await other.coordinator.api.get('/safety')).body).toMatchObject({
      inTheField: [],
      visitAlarms: [],
      selfAssessment: { latest: null },
    });
  });
});

describe('starting the schedule', () => {
  it('an API starting finds organisations created offline and starts their self-assessment schedule', async () => {
    const { prisma } = stack.database;
    const offline = await prisma.organisation.create({ data: { name: 'Created by npm run organisation', selfAssessmentIntervalDays: 14 } });
    const api = buildApi({
      prisma,
      temporal: stack.client,
      log,
      taskQueue: stack.taskQueue,
      fieldCipher: createFieldCipher(TEST_DATA_KEY),
    });
    await api.listen({ host: '127.0.0.1', port: 0 });
    try {
      const handle = stack.client.workflow.getHandle(selfAssessmentWorkflowId(offline.id));
      const status = await eventually(
        () =>
          handle.describe().then(
            (d) => d.status.name,
            () => 'NOT_FOUND',
          ),
        (name) => name === 'RUNNING',
      );
      expect(status).toBe('RUNNING');
      expect((await handle.query(selfAssessmentScheduleQuery)).intervalDays).toBe(14);
    } finally {
      await api.close();
    }
  });
});
