/**
 * What the delivery tests share: the embedded PostgreSQL with the migrations applied, an
 * organisation with contacts and a case, a logger whose lines the test can read, and activities
 * run as Temporal runs them (MockActivityEnvironment gives them their Context).
 */
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { createAlertPlanActivities } from '../../activities/alert-plans';
import { createNotificationActivities, type NotificationDependencies } from '../../activities/notifications';
import type { PrismaClient } from '../../generated/prisma/client';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { applyMigrations } from '../../scripts/db';
import { tempDir } from './database';

export interface Seed {
  organisationId: string;
  caseId: string;
  caseCode: string;
  /** sr-Latn contact in Belgrade. */
  ana: { id: string; phone: string; email: string };
  /** en contact in London. */
  ben: { id: string; phone: string; email: string };
  /** Caseworker user with a contact card (sr-Latn). */
  caseworker: { id: string; email: string; cardEmail: string; phone: string };
  /** Coordinator user without a contact card: reached at the login email, in sr-Latn. */
  coordinator: { id: string; email: string };
}

export interface DeliveryTestbed {
  database: Database;
  prisma: PrismaClient;
  seed: Seed;
  /** Every line logged by activities made with `activities()`. */
  logLines: string[];
  log: Logger;
  activities(
    deps?: Omit<NotificationDependencies, 'prisma' | 'log'>,
  ): ReturnType<typeof createNotificationActivities> & ReturnType<typeof createAlertPlanActivities>;
  close(): Promise<void>;
}

export async function startDeliveryTestbed(label: string): Promise<DeliveryTestbed> {
  const temp = tempDir(`delivery-${label}`);
  const database = await openDatabase({ dataDir: path.join(temp.dir, 'postgres') });
  await applyMigrations(database.url);
  const { prisma } = database;
  const logLines: string[] = [];
  // No redaction here: the tests check what activities hand to the logger, not what pino hides.
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const seed = await seedOrganisation(prisma, label);
  return {
    database,
    prisma,
    seed,
    logLines,
    log,
    activities: (deps = {}) => ({ ...createNotificationActivities({ prisma, log, ...deps }), ...createAlertPlanActivities({ prisma }) }),
    async close() {
      await database.close();
      temp.cleanup();
    },
  };
}

async function seedOrganisation(prisma: PrismaClient, label: string): Promise<Seed> {
  const organisation = await prisma.organisation.create({ data: { name: `ASTRA ${label}` } });
  const organisationId = organisation.id;
  const caseworker = await prisma.user.create({
    data: { organisationId, email: 'jelena.login@astra.test', displayName: 'Jelena Caseworker', role: 'CASEWORKER' },
  });
  const coordinator = await prisma.user.create({
    data: { organisationId, email: 'marko@astra.test', displayName: 'Marko Coordinator', role: 'COORDINATOR' },
  });
  await prisma.contact.create({
    data: {
      organisationId,
      userId: caseworker.id,
      displayName: 'Jelena Caseworker',
      phone: '+381641110001',
      email: 'jelena@astra.test',
      language: 'sr-Latn',
    },
  });
  const ana = await prisma.contact.create({
    data: { organisationId, displayName: 'Ana Duty Coordinator', phone: '+381641110002', email: 'ana@astra.test', language: 'sr-Latn' },
  });
  const ben = await prisma.contact.create({
    data: {
      organisationId,
      displayName: 'Ben Liaison',
      phone: '+447400123456',
      email: 'ben@astra.test',
      language: 'en',
      timeZone: 'Europe/London',
    },
  });
  const caseCode = 'BG-2027-014';
  const row = await prisma.case.create({
    data: {
      organisationId,
      caseCode,
      riskLevel: 'HIGH',
      caseworkerId: caseworker.id,
      coordinatorId: coordinator.id,
      workflowId: `case-${label}`,
      identifiedAt: new Date('2027-03-01T09:00:00Z'),
    },
  });
  return {
    organisationId,
    caseId: row.id,
    caseCode,
    ana: { id: ana.id, phone: ana.phone!, email: ana.email! },
    ben: { id: ben.id, phone: ben.phone!, email: ben.email! },
    caseworker: { id: caseworker.id, email: caseworker.email, cardEmail: 'jelena@astra.test', phone: '+381641110001' },
    coordinator: { id: coordinator.id, email: coordinator.email },
  };
}

/** The identity Temporal gives one activity execution; its retries share it. */
export interface Identity {
  workflowId: string;
  runId: string;
  activityId: string;
}

let identities = 0;
export function newIdentity(prefix = 'alert'): Identity {
  identities++;
  return { workflowId: `${prefix}-${identities}`, runId: `run-${identities}`, activityId: '1' };
}

/** Runs an activity function in a Temporal activity context with that identity. */
export function runActivity<A extends unknown[], R>(identity: Identity, fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  const env = new MockActivityEnvironment(
    { workflowExecution: { workflowId: identity.workflowId, runId: identity.runId }, activityId: identity.activityId },
    // Failures are what these tests look at; the SDK's own "Activity failed" warnings are noise here.
    { logger: new DefaultLogger('ERROR') },
  );
  return env.run(fn, ...args);
}

/** The ApplicationFailure an activity rejected with. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ type: string; nonRetryable: boolean; details: unknown[]; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { type?: string; nonRetryable?: boolean; details?: unknown[]; message: string };
    return { type: e.type ?? '', nonRetryable: e.nonRetryable ?? false, details: e.details ?? [], message: e.message };
  }
  throw new Error('expected the activity to fail');
}
