/**
 * A known history for the evaluation's tests: real case and field-visit workflows on the
 * time-skipping server, their real activities writing the SQL mirror into an embedded database,
 * and the API on top. The script (evaluation-script.ts): 20 cases and the staff's visits and
 * self-assessments over a simulated year (8,800 hours), each act at its hour after T0.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { newSecret } from '../../api/auth';
import { buildApi } from '../../api/server';
import type { PrismaClient } from '../../generated/prisma/client';
import { openDatabase, type Database } from '../../platform/database';
import { createFieldCipher } from '../../platform/field-encryption';
import { log } from '../../platform/logger';
import { applyMigrations } from '../../scripts/db';
import { openCase } from '../../services/cases';
import { hashPassword } from '../../services/passwords';
import { createVigilWorker } from '../../worker/worker';
import { ApiClient } from './api-client';
import { tempDir } from './database';
import { TEST_DATA_KEY, testCodec } from './codec';
import { PINS } from './evaluation-acts';
import { CASES, STAFF, type CaseKey } from './evaluation-script';
import { HOUR, sleepUntil, timeSkippingEnvironment, workflowBundle } from './time-skipping';

export type { CaseKey } from './evaluation-script';
export const END_HOURS = 8800;
const taskQueue = 'evaluation-test';

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
  /** Field visits started by the script, by its name for them. */
  visits: Record<string, string>;
  /** The API as one of the signed-in users. */
  api(who: keyof Harness['tokens']): ApiClient;
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
  const h = { env, database, prisma, apiUrl, t0, iso: (hours: number) => new Date(t0 + hours * HOUR).toISOString(), visits: {} } as Harness;
  h.api = (who) => new ApiClient(apiUrl, h.tokens[who]);
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
  const person = async (
    organisationId: string,
    role: 'CASEWORKER' | 'COORDINATOR' | 'ADMIN' | 'NATIONAL_OFFICE',
    displayName: string,
    more: object = {},
  ) =>
    (
      await prisma.user.create({
        data: { organisationId, role, displayName, email: `${displayName.replace(/\W/g, '')}@${organisationId}.test`, ...more },
      })
    ).id;
  h.organisationId = org.id;
  const pins = { checkInPinHash: await hashPassword(PINS.checkIn), duressPinHash: await hashPassword(PINS.duress) };
  h.users = {
    w1: await person(org.id, 'CASEWORKER', 'Jelena', pins),
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

/** Plays every case's script and the staff's in time order, then lets time run to END_HOURS. */
export async function playHistory(h: Harness): Promise<void> {
  const steps = [
    ...(Object.entries(CASES) as [CaseKey, (typeof CASES)[CaseKey]][]).flatMap(([key, spec]) =>
      spec.script.map(([hours, act]) => ({ hours, run: () => caseAct(h, key, act) })),
    ),
    ...STAFF.map(([hours, act]) => ({ hours, run: () => act(h) })),
  ].sort((a, b) => a.hours - b.hours);
  for (const { hours, run } of steps) {
    await sleepUntil(h.env, h.t0 + hours * HOUR);
    await atSimulatedTime(h, run);
  }
  await sleepUntil(h.env, h.t0 + END_HOURS * HOUR);
}

async function caseAct(h: Harness, key: CaseKey, act: (typeof CASES)[CaseKey]['script'][number][1]): Promise<unknown> {
  const { id } = h.cases[key];
  const row = await h.prisma.case.findUniqueOrThrow({ where: { id } });
  return act({ id, handle: h.env.client.workflow.getHandle(row.workflowId) }, h);
}

/**
 * The API and the services read the real clock; the workflows the simulated one. During an act
 * the clock (Date only, no timer) shows the simulated time, so a visit starts when its workflow
 * does and a self-assessment is dated when it is made, as on a server whose clock is the workflows'.
 */
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate'] as const;
const REAL_TIMEOUTS = ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

async function atSimulatedTime<T>(h: Harness, act: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ now: await h.env.currentTimeMs(), advanceTimers: true, doNotFake: [...REAL_TIMERS, ...REAL_TIMEOUTS] });
  try {
    return await act();
  } finally {
    jest.useRealTimers();
  }
}

/**
 * How close to its due time a workflow may cancel a timer. The time-skipping server refuses a
 * workflow task that cancels a timer which fired while the task ran, and that workflow then
 * never gets another task, so time stops and the history hangs (sdk-java issue 3088). An act
 * scheduled at the very moment a timer is due (an assessment at its reminder, an
 * acknowledgement at its level's timeout) wins that race only while the machine is idle.
 */
export const TIMER_RACE_MARGIN_MS = 30_000;

/** Timers the workflows cancelled within the margin of their due time: acts the script must move. */
export async function timerRaces(h: Harness): Promise<string[]> {
  const workflowIds = [
    ...(await h.prisma.case.findMany({ select: { workflowId: true } })).map((c) => c.workflowId),
    ...(await h.prisma.fieldVisit.findMany({ select: { workflowId: true } })).map((v) => v.workflowId),
    ...(await h.prisma.alert.findMany({ select: { id: true } })).map((a) => a.id),
  ];
  const races: string[] = [];
  const ms = (t?: { seconds?: unknown; nanos?: number | null } | null) =>
    Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
  for (const workflowId of workflowIds) {
    const { events } = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
    const dueAt = new Map<string, number>();
    for (const event of events ?? []) {
      const started = event.timerStartedEventAttributes;
      if (started?.timerId) dueAt.set(started.timerId, ms(event.eventTime) + ms(started.startToFireTimeout));
      const id = event.timerCanceledEventAttributes?.timerId;
      const due = id ? dueAt.get(id) : undefined;
      if (due !== undefined && due - ms(event.eventTime) < TIMER_RACE_MARGIN_MS) {
        races.push(
          `${workflowId}: a timer due at hour ${((due - h.t0) / HOUR).toFixed(4)} cancelled ${(due - ms(event.eventTime)) / 1000} s before`,
        );
      }
    }
  }
  return races;
}
