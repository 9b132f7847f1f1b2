/**
 * A known history for the evaluation's tests: real case workflows on the time-skipping server,
 * their real activities writing the SQL mirror into an embedded database, and the API on top.
 * Eleven cases over a simulated year (8,800 hours), each event at a whole hour after T0
 * (test/workflows/evaluation.test.ts computes every figure from this script by hand).
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { newSecret } from '../../api/auth';
import { buildApi } from '../../api/server';
import type { RiskLevel } from '../../domain/case-facts';
import type { PrismaClient } from '../../generated/prisma/client';
import { openDatabase, type Database } from '../../platform/database';
import { createFieldCipher } from '../../platform/field-encryption';
import { log } from '../../platform/logger';
import { applyMigrations } from '../../scripts/db';
import { openCase } from '../../services/cases';
import { createVigilWorker } from '../../worker/worker';
import { caseUpdates } from '../../workflows/case-messages';
import { acknowledgeAlertSignal } from '../../workflows/urgent-alert';
import { tempDir } from './database';
import { TEST_DATA_KEY, testCodec } from './codec';
import { HOUR, sleepUntil, timeSkippingEnvironment, workflowBundle } from './time-skipping';

export const END_HOURS = 8800;
const taskQueue = 'evaluation-test';

export type CaseKey = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K';
type Handle = ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>;
type Act = (c: { id: string; handle: Handle }, h: Harness) => Promise<unknown>;

const assess =
  (riskLevel: RiskLevel): Act =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel, measures: ['SAFETY_PLAN'] }] });
const perpetrator =
  (status: 'RELEASED' | 'ESCAPED' | 'DETAINED'): Act =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status }] });
const releaseAnnounced =
  (releaseHours: number): Act =>
  ({ handle }, h) =>
    handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASE_ANNOUNCED', releaseDate: h.iso(releaseHours) }] });
const incident =
  (severity: RiskLevel): Act =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.incidentReported, { args: [{ incidentType: 'THREAT', severity }] });
const relocated: Act = ({ handle }) => handle.executeUpdate(caseUpdates.relocationRecorded, { args: [{ kind: 'RELOCATED' }] });
const hearing =
  (hours: number): Act =>
  ({ handle }, h) =>
    handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'K-1', kind: 'MAIN', at: h.iso(hours) }] });
const hearingCancelled: Act = ({ handle }) => handle.executeUpdate(caseUpdates.hearingCancelled, { args: [{ hearingId: 'K-1' }] });
const hearingHeld: Act = ({ handle }) => handle.executeUpdate(caseUpdates.hearingHeld, { args: [{ hearingId: 'K-1' }] });
const closed: Act = ({ handle }) => handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
/** The contact acknowledges the case's latest urgent alert by SMS. */
const acknowledgedBy =
  (contact: 'police' | 'lawyer'): Act =>
  async ({ id }, h) => {
    const alert = await h.prisma.alert.findFirstOrThrow({ where: { caseId: id }, orderBy: { raisedAt: 'desc' } });
    await h.env.client.workflow.getHandle(alert.id).signal(acknowledgeAlertSignal, { by: h.contacts[contact], via: 'sms' });
  };

/** Each case: level, caseworker, designated contacts, then [hours after T0, what happens]. */
const CASES: Record<CaseKey, { level: RiskLevel; worker: 'w1' | 'w2' | 'w3'; contacts: ('police' | 'lawyer')[]; script: [number, Act][] }> =
  {
    A: {
      level: 'MEDIUM',
      worker: 'w1',
      contacts: [],
      script: [
        [10, assess('MEDIUM')],
        [340, assess('MEDIUM')],
        [701, assess('MEDIUM')],
        [800, closed],
      ],
    },
    B: {
      level: 'HIGH',
      worker: 'w1',
      contacts: ['police'],
      script: [
        [5, assess('HIGH')],
        [250, assess('HIGH')],
        [270, perpetrator('ESCAPED')],
        [300, closed],
      ],
    },
    C: { level: 'MEDIUM', worker: 'w2', contacts: [], script: [[150, closed]] },
    D: {
      level: 'HIGH',
      worker: 'w2',
      contacts: ['police', 'lawyer'],
      script: [
        [2, assess('HIGH')],
        [100, perpetrator('RELEASED')],
        [100 + 7 / 60, acknowledgedBy('lawyer')],
        [103, assess('HIGH')],
        [120, assess('HIGH')],
        [130, perpetrator('DETAINED')],
        [280, assess('HIGH')],
        [300, closed],
      ],
    },
    E: {
      level: 'LOW',
      worker: 'w1',
      contacts: ['police'],
      script: [
        [3, assess('LOW')],
        [200, incident('HIGH')],
        [200 + 2 / 60, acknowledgedBy('police')],
        [202, assess('HIGH')],
        [220, assess('HIGH')],
        [240, assess('HIGH')],
        [250, closed],
      ],
    },
    F: {
      level: 'MEDIUM',
      worker: 'w2',
      contacts: [],
      script: [
        [4, assess('MEDIUM')],
        [50, hearing(300)],
        [170, assess('MEDIUM')],
        [200, hearingCancelled],
        [520, assess('MEDIUM')],
        [600, closed],
      ],
    },
    G: {
      level: 'HIGH',
      worker: 'w1',
      contacts: [],
      script: [
        [1, assess('HIGH')],
        [60, relocated],
        [88, assess('HIGH')],
        [150, releaseAnnounced(400)],
        [230, assess('HIGH')],
        [240, closed],
      ],
    },
    H: {
      level: 'MEDIUM',
      worker: 'w2',
      contacts: [],
      script: [
        [6, assess('MEDIUM')],
        [500, incident('LOW')],
      ],
    },
    // Reassessed daily before a hearing and after it.
    K: {
      level: 'HIGH',
      worker: 'w2',
      contacts: [],
      script: [
        [7, assess('HIGH')],
        [30, hearing(200)],
        [127, assess('HIGH')],
        [150, assess('HIGH')],
        [170, assess('HIGH')],
        [190, assess('HIGH')],
        [205, hearingHeld],
        [210, assess('HIGH')],
        [220, closed],
      ],
    },
    // A year of monthly reassessments, two of them late, the last never done.
    J: {
      level: 'LOW',
      worker: 'w1',
      contacts: [],
      script: [
        [20, assess('LOW')],
        [730, assess('LOW')],
        [1470, assess('LOW')],
        [2180, assess('LOW')],
        [3700, assess('LOW')],
        [8700, closed],
      ],
    },
    // The other organisation's only case.
    I: {
      level: 'MEDIUM',
      worker: 'w3',
      contacts: [],
      script: [
        [8, assess('MEDIUM')],
        [20, closed],
      ],
    },
  };

export interface Harness {
  env: TestWorkflowEnvironment;
  database: Database;
  prisma: PrismaClient;
  apiUrl: string;
  /** Identification of every case, a whole second. */
  t0: number;
  iso(hours: number): string;
  organisationId: string;
  users: Record<'w1' | 'w2' | 'w3' | 'coordinator' | 'admin' | 'national', string>;
  /** A session token of each user, valid until after END_HOURS. */
  tokens: Record<'w1' | 'w2' | 'coordinator' | 'admin' | 'national', string>;
  contacts: Record<'police' | 'lawyer', string>;
  cases: Record<CaseKey, { id: string; code: string }>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const temp = tempDir('evaluation');
  const env = await timeSkippingEnvironment();
  const database = await openDatabase({ dataDir: path.join(temp.dir, 'db') });
  const prisma = database.prisma;
  await applyMigrations(database.url);
  const worker: Worker = await createVigilWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({ prisma, log, messaging: {} }),
    codec: testCodec,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  const api = buildApi({ prisma, temporal: env.client, log, taskQueue, fieldCipher: createFieldCipher(TEST_DATA_KEY) });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  const t0 = Math.ceil((await env.currentTimeMs()) / 1000) * 1000;
  const h = { env, database, prisma, apiUrl, t0, iso: (hours: number) => new Date(t0 + hours * HOUR).toISOString() } as Harness;
  h.stop = async () => {
    await api.close();
    worker.shutdown();
    await running;
    await database.close();
    await env.teardown();
    temp.cleanup();
  };
  await seedPeople(h);
  return h;
}

async function seedPeople(h: Harness): Promise<void> {
  const { prisma } = h;
  const [org, other, office] = await Promise.all(
    ['Astra', 'Atina', 'National coordination office'].map((name) => prisma.organisation.create({ data: { name } })),
  );
  const person = async (organisationId: string, role: 'CASEWORKER' | 'COORDINATOR' | 'ADMIN' | 'NATIONAL_OFFICE', displayName: string) =>
    (
      await prisma.user.create({
        data: { organisationId, role, displayName, email: `${displayName.replace(/\W/g, '')}@${organisationId}.test` },
      })
    ).id;
  h.organisationId = org.id;
  h.users = {
    w1: await person(org.id, 'CASEWORKER', 'Jelena'),
    // Printed in the HTML report: must come out escaped.
    w2: await person(org.id, 'CASEWORKER', 'Marko <b>&</b>'),
    w3: await person(other.id, 'CASEWORKER', 'Ivana'),
    coordinator: await person(org.id, 'COORDINATOR', 'Coordinator'),
    admin: await person(org.id, 'ADMIN', 'Admin'),
    national: await person(office.id, 'NATIONAL_OFFICE', 'National'),
  };
  const otherCoordinator = await person(other.id, 'COORDINATOR', 'Other coordinator');
  h.tokens = {} as Harness['tokens'];
  for (const who of ['w1', 'w2', 'coordinator', 'admin', 'national'] as const) {
    const { secret, secretHash } = newSecret('SESSION');
    const user = await prisma.user.findUniqueOrThrow({ where: { id: h.users[who] } });
    const expiresAt = new Date(h.t0 + (END_HOURS + 48) * HOUR);
    await prisma.accessToken.create({
      data: { organisationId: user.organisationId, userId: user.id, kind: 'SESSION', secretHash, expiresAt },
    });
    h.tokens[who] = secret;
  }
  const contact = async (displayName: string) =>
    (
      await prisma.contact.create({
        data: {
          organisationId: org.id,
          displayName,
          phone: displayName === 'Police' ? '+381641234567' : '+381641234568',
          email: `${displayName}@example.org`,
        },
      })
    ).id;
  h.contacts = { police: await contact('Police'), lawyer: await contact('Lawyer') };
  h.cases = {} as Harness['cases'];
  for (const [key, spec] of Object.entries(CASES) as [CaseKey, (typeof CASES)[CaseKey]][]) {
    const inOther = spec.worker === 'w3';
    const row = await openCase(
      { prisma, temporal: h.env.client, taskQueue },
      {
        organisationId: inOther ? other.id : org.id,
        caseCode: `EV-${key}`,
        riskLevel: spec.level,
        caseworkerId: h.users[spec.worker],
        coordinatorId: inOther ? otherCoordinator : h.users.coordinator,
        identifiedAt: new Date(h.t0).toISOString(),
        designatedContactIds: spec.contacts.map((c) => h.contacts[c]),
      },
    );
    h.cases[key] = { id: row.id, code: row.caseCode };
  }
}

/** Plays every case's script in time order, then lets time run to END_HOURS. */
export async function playHistory(h: Harness): Promise<void> {
  const steps = (Object.entries(CASES) as [CaseKey, (typeof CASES)[CaseKey]][])
    .flatMap(([key, spec]) => spec.script.map(([hours, act]) => ({ key, hours, act })))
    .sort((a, b) => a.hours - b.hours);
  for (const { key, hours, act } of steps) {
    await sleepUntil(h.env, h.t0 + hours * HOUR);
    const { id } = h.cases[key];
    const row = await h.prisma.case.findUniqueOrThrow({ where: { id } });
    await act({ id, handle: h.env.client.workflow.getHandle(row.workflowId) }, h);
  }
  await sleepUntil(h.env, h.t0 + END_HOURS * HOUR);
}
