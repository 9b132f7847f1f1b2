/**
 * A worker killed (SIGKILL) during an urgent alert, on the Temporal dev server: after a new
 * worker starts, the alert completes with every message sent once, none lost and none twice.
 * The worker runs as a process of its own (worker/main.ts) so that it can be killed; the two
 * processes share a real PostgreSQL (TEST_DATABASE_URL), which the embedded PGlite cannot serve.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { openCase } from '../../services/cases';
import { openDatabase, type Database } from '../../platform/database';
import { log } from '../../platform/logger';
import { connectClient, startDevServer, type DevServer } from '../../platform/temporal';
import { applyMigrations } from '../../scripts/db';
import { caseUpdates } from '../../workflows/case-messages';
import { alertStatusQuery, type urgentAlertWorkflow } from '../../workflows/urgent-alert';
import { freshRealDatabase, realPostgresSkipReason, realPostgresUrl } from '../support/database';
import { eventually } from '../support/api-client';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { freePort } from '../support/stack';
import { TEST_DATA_KEY, testCodec } from '../support/codec';

const LEVEL_1_TIMEOUT_S = 4;
const LEVEL_2_TIMEOUT_S = 3;

/** The alert's history events, for what the server recorded (needs no worker, unlike a query). */
async function history(handle: WorkflowHandle) {
  return (await handle.fetchHistory()).events ?? [];
}
const deliveriesScheduled = (events: Awaited<ReturnType<typeof history>>) =>
  events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverToContact');

(realPostgresUrl ? describe : describe.skip)(`worker crash during an alert${realPostgresUrl ? '' : ` (${realPostgresSkipReason})`}`, () => {
  let dataDir: string;
  let devServer: DevServer;
  let drop: () => Promise<void>;
  let database: Database;
  let client: Client;
  const workers: WorkerProcess[] = [];
  const taskQueue = 'vigil-crash';
  let startWorker: () => Promise<WorkerProcess>;

  beforeAll(async () => {
    const cli = process.env.VIGIL_TEMPORAL_CLI;
    if (!cli) throw new Error('VIGIL_TEMPORAL_CLI is unset: run the tests through jest (test/global-setup.ts provisions it)');
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-crash-'));
    devServer = await startDevServer({ cli, dataDir, port: await freePort(), uiPort: await freePort(), namespace: 'default', log });
    const fresh = await freshRealDatabase('crash');
    drop = fresh.drop;
    database = await openDatabase({ databaseUrl: fresh.url, dataDir });
    await applyMigrations(database.url);
    client = await connectClient({ address: devServer.address, namespace: 'default', tls: false }, log, testCodec);
    const env = {
      TEMPORAL_ADDRESS: devServer.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_DATA_KEY: TEST_DATA_KEY.toString('base64'),
      // Blank, whatever the developer's shell holds: no message leaves, all go to the outbox.
      ...Object.fromEntries(
        [
          'SMTP_URL',
          'SMTP_FROM',
          'TWILIO_ACCOUNT_SID',
          'TWILIO_AUTH_TOKEN',
          'TWILIO_FROM',
          'TWILIO_MESSAGING_SERVICE_SID',
          'TEMPORAL_API_KEY',
          'TEMPORAL_TLS',
        ].map((name) => [name, '']),
      ),
    };
    startWorker = async () => {
      const worker = await startWorkerProcess(env);
      workers.push(worker);
      return worker;
    };
  }, 90_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await client?.connection.close();
    await database?.close();
    await drop?.();
    await devServer?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the alert completes after a restart: each message of each level and to the coordinator once', async () => {
    const { prisma } = database;
    const organisation = await prisma.organisation.create({ data: { name: 'Crash' } });
    const [caseworker, coordinator] = await Promise.all(
      (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
        prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@crash.test`, displayName: role, role } }),
      ),
    );
    const contact = (displayName: string, phone: string, userId?: string) =>
      prisma.contact.create({
        data: { organisationId: organisation.id, displayName, phone, email: `${phone.slice(1)}@crash.test`, language: 'en', userId },
      });
    const first = await contact('Police liaison', '+381641230001');
    const second = await contact('Shelter', '+381641230002');
    // A contact card with a phone, so the coordinator is told by SMS as well as email.
    const coordinatorCard = await contact('Coordinator', '+381641230003', coordinator.id);
    // The organisation's chain, not designated contacts (those wait the default 5 minutes); one pass.
    await prisma.escalationChain.create({
      data: {
        organisationId: organisation.id,
        repeatCount: 0,
        levels: {
          create: [
            { position: 1, timeoutSeconds: LEVEL_1_TIMEOUT_S, contacts: { create: [{ contactId: first.id }] } },
            { position: 2, timeoutSeconds: LEVEL_2_TIMEOUT_S, contacts: { create: [{ contactId: second.id }] } },
          ],
        },
      },
    });

    const crashed = await startWorker();
    const row = await openCase(
      { prisma, temporal: client, taskQueue },
      {
        organisationId: organisation.id,
        caseCode: 'CRASH-1',
        riskLevel: 'HIGH',
        caseworkerId: caseworker.id,
        coordinatorId: coordinator.id,
        identifiedAt: new Date().toISOString(),
        designatedContactIds: [],
      },
    );
    await client.workflow.getHandle(row.workflowId).executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] });
    const alert = await eventually(
      () => prisma.alert.findFirst({ where: { caseId: row.id } }),
      (a) => a !== null,
    );
    const handle = client.workflow.getHandle<typeof urgentAlertWorkflow>(alert!.id);

    // Kill once level 1's two messages are sent and recorded and the workflow waits on the level's
    // timer: no task in flight, so the test shows replay on a new worker, not the 30 s activity timeout.
    const idle = await eventually(
      () => history(handle),
      (events) =>
        deliveriesScheduled(events).length === 2 &&
        events.filter((e) => e.activityTaskCompletedEventAttributes).length ===
          events.filter((e) => e.activityTaskScheduledEventAttributes).length &&
        events.some((e) => e.timerStartedEventAttributes) &&
        events.at(-1)?.workflowTaskCompletedEventAttributes != null,
    );
    expect(deliveriesScheduled(idle)).toHaveLength(2);
    expect(await prisma.deliveryAttempt.count({ where: { alertId: alert!.id } })).toBe(2);
    expect((await handle.query(alertStatusQuery)).state).toBe('ALERTING');
    await crashed.kill();

    // The level timer fires while no worker runs; the task waits out the dead worker's sticky
    // queue (10 s), then the new worker replays the history and goes on with level 2.
    await startWorker();
    // An alert stays open after nobody acknowledged it (for a take-over): done once the coordinator is told.
    const result = await eventually(
      () => handle.query(alertStatusQuery),
      (status) => status.state === 'UNACKNOWLEDGED' && status.attempts.length === 6 && status.attempts.every((a) => a.outcome === 'SENT'),
      60_000,
    );

    expect(result.state).toBe('UNACKNOWLEDGED');
    const attempt = (contactId: string, channel: string, level: number) => ({ contactId, channel, round: 0, level, outcome: 'SENT' });
    expect(result.attempts.map(({ contactId, channel, round, level, outcome }) => ({ contactId, channel, round, level, outcome }))).toEqual(
      [
        attempt(first.id, 'sms', 0),
        attempt(first.id, 'email', 0),
        attempt(second.id, 'sms', 1),
        attempt(second.id, 'email', 1),
        attempt(coordinator.id, 'sms', -1),
        attempt(coordinator.id, 'email', -1),
      ],
    );

    // Replay scheduled no message again, and none was retried.
    const events = await history(handle);
    expect(deliveriesScheduled(events)).toHaveLength(6);
    expect(
      events.filter((e) => e.activityTaskStartedEventAttributes).every((e) => e.activityTaskStartedEventAttributes!.attempt === 1),
    ).toBe(true);

    // One delivery_attempts row per (contact, channel, kind), written once, in the outbox.
    const rows = await prisma.deliveryAttempt.findMany({ where: { alertId: alert!.id } });
    expect(rows.map((r) => `${r.contactId} ${r.channel} ${r.kind} tries=${r.tries} ${r.status}`).sort()).toEqual(
      [
        `${first.id} SMS URGENT tries=1 NOT_SENT`,
        `${first.id} EMAIL URGENT tries=1 NOT_SENT`,
        `${second.id} SMS URGENT tries=1 NOT_SENT`,
        `${second.id} EMAIL URGENT tries=1 NOT_SENT`,
        `${coordinatorCard.id} SMS UNACKNOWLEDGED tries=1 NOT_SENT`,
        `${coordinatorCard.id} EMAIL UNACKNOWLEDGED tries=1 NOT_SENT`,
      ].sort(),
    );
    expect(await prisma.alert.findUniqueOrThrow({ where: { id: alert!.id } })).toMatchObject({ state: 'UNACKNOWLEDGED' });
  }, 90_000);
});
