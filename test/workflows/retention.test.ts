/**
 * The retention job on the time-skipping server, with its real activities on an embedded
 * database and real case workflows: a case closed 5 years and a day ago is erased, one closed
 * yesterday is not (until five more years have passed); an organisation's own retention period
 * counts; the statistics survive; the erased case's workflow is terminated; a second run
 * erases nothing; a case whose perpetrator is still detained is held.
 */
import path from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { yearsBefore } from '../../activities/retention';
import { ERASED, eraseCase } from '../../services/erasure';
import { openCase } from '../../services/cases';
import type { PrismaClient } from '../../generated/prisma/client';
import { openDatabase, type Database } from '../../platform/database';
import { descriptionContext, notesContext } from '../../platform/encrypted-columns';
import { createFieldCipher } from '../../platform/field-encryption';
import { log } from '../../platform/logger';
import { vigilDataConverter } from '../../platform/payload-codec';
import { applyMigrations } from '../../scripts/db';
import { createVigilWorker } from '../../worker/worker';
import { retentionWorkflow } from '../../workflows';
import { caseUpdates } from '../../workflows/case-messages';
import { tempDir } from '../support/database';
import { DAY, timeSkippingEnvironment, workflowBundle } from '../support/time-skipping';
import { TEST_DATA_KEY, testCodec } from '../support/codec';

const taskQueue = 'retention-test';
const cipher = createFieldCipher(TEST_DATA_KEY);
const NOTES = 'Marija Petrović, Ulica Kneza Miloša 12, Beograd';
const DESCRIPTION = 'He waited at the shelter gate on Ulica 7';

let env: TestWorkflowEnvironment;
let database: Database;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
const temp = tempDir('retention');

beforeAll(async () => {
  env = await timeSkippingEnvironment();
  database = await openDatabase({ dataDir: path.join(temp.dir, 'db') });
  prisma = database.prisma;
  await applyMigrations(database.url);
  worker = await createVigilWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({ prisma, log, messaging: {} }),
    codec: testCodec,
    workflowBundle: await workflowBundle(),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await database?.close();
  await env?.teardown();
  temp.cleanup();
});

let organisations = 0;
/** An organisation with a caseworker, a coordinator and a designated contact. */
async function organisation(retentionYears?: number) {
  const org = await prisma.organisation.create({ data: { name: `Retention ${++organisations}`, retentionYears } });
  const person = (role: 'CASEWORKER' | 'COORDINATOR') =>
    prisma.user.create({ data: { organisationId: org.id, email: `${role}@${organisations}.test`, displayName: role, role } });
  const [worker, coordinator] = [await person('CASEWORKER'), await person('COORDINATOR')];
  const lawyer = await prisma.contact.create({ data: { organisationId: org.id, displayName: 'Lawyer', phone: '+381641234567' } });
  return { org, worker, coordinator, lawyer };
}

/**
 * A case with its real workflow, identified six years before now, with an assessment and an
 * incident (notes encrypted, as the API writes them), a hearing, a message and an acknowledged
 * alert, then closed at `closedAt` through its workflow (which writes closedAt to SQL).
 */
async function closedCase(people: Awaited<ReturnType<typeof organisation>>, code: string, closedAt: number) {
  const now = await env.currentTimeMs();
  const identifiedAt = yearsBefore(new Date(now), 6);
  const row = await openCase(
    { prisma, temporal: env.client, taskQueue },
    {
      organisationId: people.org.id,
      caseCode: code,
      riskLevel: 'HIGH',
      caseworkerId: people.worker.id,
      coordinatorId: people.coordinator.id,
      identifiedAt: identifiedAt.toISOString(),
      designatedContactIds: [people.lawyer.id],
    },
  );
  const handle = env.client.workflow.getHandle(row.workflowId);
  const at = (days: number) => new Date(identifiedAt.getTime() + days * DAY);
  await handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'K-123/2021', at: at(20).toISOString(), kind: 'MAIN' }] });
  const common = { organisationId: people.org.id, caseId: row.id, recordedById: people.worker.id };
  await prisma.assessment.create({
    data: {
      ...common,
      at: at(2),
      riskLevel: 'HIGH',
      measures: ['SAFE_HOUSE'],
      notesEncrypted: cipher.encrypt(NOTES, notesContext(row.id)),
    },
  });
  await prisma.incident.create({
    data: {
      ...common,
      at: at(3),
      incidentType: 'THREAT',
      severity: 'CRITICAL',
      descriptionEncrypted: cipher.encrypt(DESCRIPTION, descriptionContext(row.id)),
    },
  });
  await prisma.deliveryAttempt.create({
    data: {
      organisationId: people.org.id,
      caseId: row.id,
      kind: 'URGENT',
      contactId: people.lawyer.id,
      channel: 'SMS',
      address: '+381641234567',
      body: `${code}: threat reported`,
      status: 'DELIVERED',
      idempotencyKey: `retention-${row.id}`,
    },
  });
  await prisma.alert.create({
    data: {
      id: `${row.workflowId}/alert/test`,
      organisationId: people.org.id,
      caseId: row.id,
      trigger: 'incident.reported',
      ackCode: 'K7Q2',
      state: 'ACKNOWLEDGED',
      acknowledgedBy: '+381641234567',
      acknowledgedVia: 'sms',
      acknowledgedAt: at(3),
      raisedAt: at(3),
    },
  });
  await handle.executeUpdate(caseUpdates.caseClosed, { args: [{ at: new Date(closedAt).toISOString() }] });
  return row;
}

/** Everything the coordinators' statistics read, and everything personal, of one case. */
async function snapshot(caseId: string) {
  const c = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  const [assessments, incidents, timeline, contacts, messages, alerts, erasures] = await Promise.all([
    prisma.assessment.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    prisma.incident.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    prisma.caseTimelineEntry.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    prisma.caseContact.count({ where: { caseId } }),
    prisma.deliveryAttempt.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    prisma.alert.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
    prisma.erasure.findMany({ where: { caseId } }),
  ]);
  return {
    statistics: {
      case: { stage: c.stage, riskLevel: c.riskLevel, identifiedAt: c.identifiedAt, closedAt: c.closedAt, caseworkerId: c.caseworkerId },
      assessments: assessments.map((a) => [a.at, a.riskLevel, a.measures]),
      incidents: incidents.map((i) => [i.at, i.incidentType, i.severity]),
      timeline: timeline.map((e) => [e.kind, e.at]),
      messages: messages.map((m) => [m.kind, m.channel, m.status, m.createdAt]),
      alerts: alerts.map((a) => [a.trigger, a.state, a.acknowledgedVia, a.acknowledgedAt]),
    },
    personal: {
      caseCode: c.caseCode,
      notes: assessments.map((a) => a.notesEncrypted && cipher.decrypt(a.notesEncrypted, notesContext(caseId))),
      descriptions: incidents.map((i) => i.descriptionEncrypted && cipher.decrypt(i.descriptionEncrypted, descriptionContext(caseId))),
      hearingIds: timeline.flatMap((e) =>
        (e.detail as { hearingId?: string }).hearingId ? [(e.detail as { hearingId: string }).hearingId] : [],
      ),
      contacts,
      addresses: messages.map((m) => m.address),
      bodies: messages.map((m) => m.body),
      acknowledgedBy: alerts.map((a) => a.acknowledgedBy),
    },
    erasedAt: c.erasedAt,
    erasures,
  };
}

/**
 * Through a plain client: waiting on env.client lets the server skip time whenever nothing
 * runs, straight to the test server's default execution timeout (10 years) of the idle case
 * workflows. Time moves only where the test sleeps.
 */
const runRetention = async () =>
  new Client({ connection: env.connection, namespace: env.namespace, dataConverter: vigilDataConverter(testCodec) }).workflow.execute(
    retentionWorkflow,
    { taskQueue, workflowId: `retention-${await env.currentTimeMs()}` },
  );

const workflowStatus = async (workflowId: string) => (await env.client.workflow.getHandle(workflowId).describe()).status.name;

test('past retention erased, within retention kept; statistics survive; the workflow is terminated; a second run does nothing', async () => {
  const now = await env.currentTimeMs();
  const fiveYears = await organisation();
  const oneYear = await organisation(1);
  const old = await closedCase(fiveYears, 'OLD-1', yearsBefore(new Date(now), 5).getTime() - DAY);
  const recent = await closedCase(fiveYears, 'RECENT-1', now - DAY);
  // Two years ago: within the default five years, past an organisation's one year.
  const twoYearsKept = await closedCase(fiveYears, 'TWO-5', yearsBefore(new Date(now), 2).getTime());
  const twoYearsErased = await closedCase(oneYear, 'TWO-1', yearsBefore(new Date(now), 2).getTime());

  const before = await snapshot(old.id);
  expect(before.personal).toMatchObject({
    caseCode: 'OLD-1',
    notes: [NOTES],
    descriptions: [DESCRIPTION],
    hearingIds: ['K-123/2021'],
    contacts: 1,
    acknowledgedBy: ['+381641234567'],
  });
  // The lawyer's alert and the workflow's own reminders to the caseworker and coordinator.
  expect(before.personal.addresses).toEqual(expect.arrayContaining(['+381641234567', `CASEWORKER@1.test`]));
  expect(before.personal.bodies.every((body) => body.includes('OLD-1'))).toBe(true);
  const kept = { recent: await snapshot(recent.id), twoYearsKept: await snapshot(twoYearsKept.id) };

  expect(await runRetention()).toEqual({ at: expect.any(String), found: 2, outcomes: { erased: 2 } });

  const after = await snapshot(old.id);
  expect(after.statistics).toEqual(before.statistics);
  expect(after.statistics.timeline.length).toBeGreaterThanOrEqual(3); // opened, hearing, closed
  expect(after.personal).toEqual({
    caseCode: `ERASED-${old.id}`,
    notes: [null],
    descriptions: [null],
    hearingIds: [],
    contacts: 0,
    addresses: before.personal.addresses.map(() => ERASED),
    bodies: before.personal.bodies.map(() => ERASED),
    acknowledgedBy: [null],
  });
  expect(after.erasedAt).not.toBeNull();
  expect(after.erasures).toEqual([
    expect.objectContaining({
      organisationId: fiveYears.org.id,
      via: 'retention',
      requestedById: null,
      reason: "closed more than 5 years ago (the organisation's retention period)",
      erased: {
        assessments: 1,
        incidents: 1,
        field_visits: 0,
        case_contacts: 1,
        delivery_attempts: before.personal.addresses.length,
        alerts: 1,
        case_timeline_entries: 1,
      },
    }),
  ]);
  expect(await workflowStatus(old.workflowId)).toBe('TERMINATED');
  expect((await snapshot(twoYearsErased.id)).erasures[0].reason).toBe("closed more than 1 years ago (the organisation's retention period)");

  // Within retention: untouched, still watching.
  expect(await snapshot(recent.id)).toEqual(kept.recent);
  expect(await snapshot(twoYearsKept.id)).toEqual(kept.twoYearsKept);
  expect(await workflowStatus(recent.workflowId)).toBe('RUNNING');

  // Idempotent: the next run finds nothing, erasing again writes no second Erasure.
  expect(await runRetention()).toEqual({ at: expect.any(String), found: 0, outcomes: {} });
  const again = await eraseCase(
    { prisma, log, temporal: env.client },
    { caseId: old.id, via: 'request', requestedById: null, reason: 'again' },
  );
  expect(again).toEqual({ outcome: 'already-erased', erasure: after.erasures[0] });
  expect((await snapshot(old.id)).erasures).toHaveLength(1);

  // Five years later (skipped in seconds), yesterday's case is past retention too.
  await env.sleep(5 * 366 * DAY);
  expect(await runRetention()).toMatchObject({ found: 2, outcomes: { erased: 2 } });
  expect((await snapshot(recent.id)).personal.notes).toEqual([null]);
  expect(await workflowStatus(recent.workflowId)).toBe('TERMINATED');
});

test('a case reopened after it was found is not erased', async () => {
  const now = await env.currentTimeMs();
  const people = await organisation();
  const c = await closedCase(people, 'REOPENED', yearsBefore(new Date(now), 5).getTime() - DAY);
  await env.client.workflow.getHandle(c.workflowId).executeUpdate(caseUpdates.caseReopened, { args: [{}] });
  // What a run that found the case before the reopening would now do:
  const outcome = await eraseCase(
    { prisma, log, temporal: env.client },
    { caseId: c.id, via: 'retention', requestedById: null, reason: 'retention', closedBefore: yearsBefore(new Date(now), 5) },
  );
  expect(outcome).toEqual({ outcome: 'not-eligible' });
  expect((await snapshot(c.id)).personal.notes).toEqual([NOTES]);
  expect(await workflowStatus(c.workflowId)).toBe('RUNNING');
});

test('a case whose perpetrator is still detained is held past retention: its release watch goes on', async () => {
  const now = await env.currentTimeMs();
  const people = await organisation();
  const detained = await closedCase(people, 'DETAINED', yearsBefore(new Date(now), 5).getTime() - DAY);
  const handle = env.client.workflow.getHandle(detained.workflowId);
  await handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'DETAINED', at: new Date(now - DAY).toISOString() }] });

  await runRetention();
  expect((await snapshot(detained.id)).erasures).toEqual([]);
  expect(await workflowStatus(detained.workflowId)).toBe('RUNNING');
  expect((await snapshot(detained.id)).personal.notes).toEqual([NOTES]);
});
